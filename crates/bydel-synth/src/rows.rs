//! The rows the generator produces, before they become Arrow batches, and the [`Sink`] that
//! receives them (files for `bydel synth`, tallies in the calibration tests).

use bydel_model::codes::{Education, LanguageResult, Law, Origin, Sex};

use crate::SynthError;
use crate::world::World;

/// One person-year (`persons`), with two extra facts for tallies that are not written.
#[derive(Debug, Clone)]
pub struct PersonRow {
    /// Person number.
    pub person: u32,
    /// Data year.
    pub year: i32,
    /// Address index.
    pub address: u32,
    /// Place index (not written; the address decides it).
    pub place: u32,
    /// Municipality code.
    pub municipality: u16,
    /// Region code.
    pub region: u16,
    /// Age on 1 January.
    pub age: i32,
    /// Sex.
    pub sex: Sex,
    /// Origin.
    pub origin: Origin,
    /// Country of origin; `None` for Danish origin.
    pub country: Option<&'static str>,
    /// Full-time equivalents outside work and education (0–1).
    pub outside_fte: f64,
    /// Highest education.
    pub education: Education,
    /// In education.
    pub in_education: bool,
    /// Gross income (DKK).
    pub gross_income: i64,
    /// Taxable.
    pub taxable: bool,
    /// Family number.
    pub family: u32,
    /// Moved to the address (days since 1970-01-01).
    pub moved_in: i32,
    /// Non-Western origin under the Western list (not written).
    pub non_western: bool,
    /// A guilty decision under the three laws of criterion B in the year before (not written).
    pub convicted: bool,
}

/// One conviction decision (`convictions`).
#[derive(Debug, Clone)]
pub struct ConvictionRow {
    /// Person number.
    pub person: u32,
    /// Decision date (days since 1970-01-01).
    pub date: i32,
    /// Law.
    pub law: Law,
    /// Guilty.
    pub guilty: bool,
}

/// One death (`deaths`).
#[derive(Debug, Clone)]
pub struct DeathRow {
    /// Person number.
    pub person: u32,
    /// Date of death (days since 1970-01-01).
    pub date: i32,
}

/// One pupil-year (`pupils`).
#[derive(Debug, Clone)]
pub struct PupilRow {
    /// Person number.
    pub person: u32,
    /// School year (the year it starts).
    pub year: i32,
    /// School index.
    pub school: u32,
    /// Grade 0–9.
    pub grade: u8,
    /// Absence in % of school days.
    pub absence_pct: f64,
    /// 9th-grade exam average.
    pub exam_avg: Option<f64>,
    /// Place index of the pupil's home (not written).
    pub place: u32,
}

/// One language assessment (`language_assessments`).
#[derive(Debug, Clone)]
pub struct LanguageRow {
    /// Person number.
    pub person: u32,
    /// Year of the assessment.
    pub year: i32,
    /// Age at assessment.
    pub age: u8,
    /// Result.
    pub result: LanguageResult,
    /// Non-Western origin (not written).
    pub non_western: bool,
    /// Danish origin (not written).
    pub danish: bool,
}

/// One admission (`daycare_children`).
#[derive(Debug, Clone)]
pub struct DaycareRow {
    /// Person number.
    pub person: u32,
    /// Institution index.
    pub institution: u32,
    /// Admission date (days since 1970-01-01).
    pub date: i32,
    /// Whether a parent works or studies.
    pub parents_work_or_study: bool,
}

/// A chunk of generated rows.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    /// Person-years.
    pub persons: Vec<PersonRow>,
    /// Conviction decisions.
    pub convictions: Vec<ConvictionRow>,
    /// Pupil-years.
    pub pupils: Vec<PupilRow>,
    /// Language assessments.
    pub language: Vec<LanguageRow>,
    /// Daycare admissions.
    pub daycare: Vec<DaycareRow>,
    /// Deaths.
    pub deaths: Vec<DeathRow>,
}

impl Rows {
    /// Empties every table (keeping capacity).
    pub fn clear(&mut self) {
        self.persons.clear();
        self.convictions.clear();
        self.pupils.clear();
        self.language.clear();
        self.daycare.clear();
        self.deaths.clear();
    }
}

/// Receives the generated data: first the world, then chunks of rows year by year.
pub trait Sink {
    /// The fixed world (areas, addresses, dwellings, schools, institutions).
    fn world(&mut self, world: &World) -> Result<(), SynthError>;
    /// A chunk of rows (a year may come in several chunks; years come in order).
    fn rows(&mut self, world: &World, rows: &Rows) -> Result<(), SynthError>;
}
