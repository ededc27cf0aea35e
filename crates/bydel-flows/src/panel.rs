//! The person panel: every person-year of `persons`, sorted by person and year, with each
//! address resolved to its area in every layer (the engine's placement, reused), and the facts
//! that follow a person across years: deaths, conviction years and the 9th-grade exam.
//!
//! The panel is what makes flows possible: a person keeps the same `person_id` from year to year,
//! so the area at *t−1* and at *t* of the same person can be compared.

use std::collections::HashMap;

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use bydel_engine::kernel::{self, Row};
use bydel_engine::pass::resolve_addresses;
use bydel_geo::AreaSet;
use bydel_io::read::{Batch, read_source};
use bydel_io::{Dataset, IoError};
use bydel_model::schema;
use bydel_model::western::country_code;
use bydel_model::{AreaId, Date, Education, Kind, Law, Origin, Sex, WesternList};

use crate::FlowsError;

/// No area / no family / unknown.
pub const NONE: u32 = u32::MAX;

/// One person-year.
#[derive(Debug, Clone, Copy)]
pub struct Record {
    /// Person index (into [`Panel::person_ids`]).
    pub person: u32,
    /// Data year (residents on 1 January).
    pub year: i32,
    /// Address index (into [`Places::address_slots`]), or [`NONE`].
    pub address: u32,
    /// Municipality code.
    pub municipality: u16,
    /// Region code.
    pub region: u16,
    /// Family index (into [`Panel::family_ids`]), or [`NONE`].
    pub family: u32,
    /// The fields the measures read (the engine's row: age, sex, origin, education, flags,
    /// micro-FTE outside work and education, gross income).
    pub row: Row,
    /// Income quintile (1–5) among residents 18–64 of the region in the year; 0 outside 18–64.
    pub quintile: u8,
}

/// The areas: every area of every layer, then one pseudo-area per municipality.
#[derive(Debug, Clone, Default)]
pub struct Places {
    /// Layers, in order (the `municipality` layer last).
    pub layers: Vec<Kind>,
    /// Every area: layer index, id, name and municipality.
    pub areas: Vec<Place>,
    /// For each address, one area index per geometric layer (`NONE` = in no area of the layer).
    pub address_slots: Vec<u32>,
    /// Number of geometric layers (the stride of `address_slots`).
    pub n_geo_layers: usize,
    /// Municipality code → its pseudo-area index.
    pub municipality_area: HashMap<u16, u32>,
}

/// One area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Layer index into [`Places::layers`].
    pub layer: usize,
    /// The layer.
    pub kind: Kind,
    /// Id within the layer.
    pub area_id: AreaId,
    /// Display name.
    pub name: String,
    /// Municipality (modal over residents), when known.
    pub municipality: Option<u16>,
}

/// The panel.
#[derive(Debug, Clone, Default)]
pub struct Panel {
    /// Person-years sorted by (person, year).
    pub records: Vec<Record>,
    /// Person ids by index.
    pub person_ids: Vec<String>,
    /// Family ids by index.
    pub family_ids: Vec<String>,
    /// The areas.
    pub places: Places,
    /// Persons who died, with the calendar year of death (absent if no `deaths` table).
    pub deaths: HashMap<u32, i32>,
    /// Whether the dataset has a `deaths` table.
    pub has_deaths: bool,
    /// Calendar years with a guilty decision under the three laws of criterion B, by person.
    pub convictions: HashMap<u32, Vec<i32>>,
    /// 9th-grade exam average by person (from `pupils`).
    pub exams: HashMap<u32, f64>,
    /// Data years present, ascending.
    pub years: Vec<i32>,
    /// For each person, the range of its records.
    pub person_ranges: Vec<std::ops::Range<usize>>,
}

impl Places {
    /// The area indices of a record: one per geometric layer it lies in, then its municipality.
    pub fn slots_of(&self, r: &Record, out: &mut Vec<u32>) {
        out.clear();
        if r.address != NONE {
            let n = self.n_geo_layers;
            let a = r.address as usize;
            out.extend(
                self.address_slots[a * n..(a + 1) * n]
                    .iter()
                    .copied()
                    .filter(|&s| s != NONE),
            );
        }
        if let Some(&m) = self.municipality_area.get(&r.municipality) {
            out.push(m);
        }
    }
    /// The area of a record in layer `layer`, if any.
    pub fn slot_in_layer(&self, r: &Record, layer: usize) -> Option<u32> {
        if layer >= self.n_geo_layers {
            return self.municipality_area.get(&r.municipality).copied();
        }
        if r.address == NONE {
            return None;
        }
        let s = self.address_slots[r.address as usize * self.n_geo_layers + layer];
        (s != NONE).then_some(s)
    }
    /// An area by layer name and id.
    pub fn find(&self, kind: &str, area_id: &str) -> Option<u32> {
        self.areas
            .iter()
            .position(|p| p.kind.as_str() == kind && p.area_id.as_str() == area_id)
            .map(|i| i as u32)
    }
    /// Adds a municipality pseudo-area (for panels built by hand and by [`Panel::read`]).
    pub fn add_municipality(&mut self, code: u16) -> u32 {
        if let Some(&i) = self.municipality_area.get(&code) {
            return i;
        }
        let layer = self
            .layers
            .iter()
            .position(|k| k.as_str() == Kind::MUNICIPALITY)
            .unwrap_or_else(|| {
                self.layers
                    .push(Kind::new(Kind::MUNICIPALITY).expect("valid"));
                self.layers.len() - 1
            });
        let i = self.areas.len() as u32;
        self.areas.push(Place {
            layer,
            kind: Kind::new(Kind::MUNICIPALITY).expect("valid"),
            area_id: AreaId::new(code.to_string()).expect("valid"),
            name: bydel_model::names::municipality(code),
            municipality: Some(code),
        });
        self.municipality_area.insert(code, i);
        i
    }
}

impl Panel {
    /// Builds a panel from records (any order); sorts them, computes the income quintiles and
    /// the index of each person's records, and adds the municipality pseudo-areas.
    pub fn from_records(mut records: Vec<Record>, person_ids: Vec<String>, places: Places) -> Self {
        records.sort_by_key(|r| (r.person, r.year));
        let mut p = Panel {
            records,
            person_ids,
            places,
            ..Panel::default()
        };
        p.finish();
        p
    }

    /// Reads the panel from a validated dataset.
    pub fn read(ds: &Dataset, areas: &AreaSet, western: &WesternList) -> Result<Self, FlowsError> {
        let layout = resolve_addresses(ds, areas)?;
        let n_geo = layout.layers.len();
        let mut places = Places {
            layers: layout.layers.clone(),
            n_geo_layers: n_geo,
            address_slots: layout.address_slots.clone(),
            ..Places::default()
        };
        for a in &areas.areas {
            let layer = places.layers.iter().position(|k| *k == a.kind).unwrap_or(0);
            places.areas.push(Place {
                layer,
                kind: a.kind.clone(),
                area_id: a.area_id.clone(),
                name: a.name.clone(),
                municipality: a.municipality,
            });
        }
        let mut ids = Interner::default();
        let mut families = Interner::default();
        let mut records = Vec::new();
        let source = ds.require(&schema::PERSONS)?;
        let index = &layout.address_index;
        read_source(&source, &schema::PERSONS, Some(PERSON_COLUMNS), &mut |b| {
            checked(&b)?;
            read_persons(
                &b.batch,
                index,
                western,
                &mut ids,
                &mut families,
                &mut records,
            );
            Ok(())
        })?;
        let mut p = Panel {
            records,
            places,
            ..Panel::default()
        };
        p.read_deaths(ds, &mut ids)?;
        p.read_convictions(ds, &mut ids)?;
        p.read_exams(ds, &mut ids)?;
        p.person_ids = ids.names;
        p.family_ids = families.names;
        p.records.sort_by_key(|r| (r.person, r.year));
        p.finish();
        p.flag_convicted();
        Ok(p)
    }

    /// The records of person `i`.
    pub fn person(&self, i: usize) -> &[Record] {
        &self.records[self.person_ranges[i].clone()]
    }

    /// The record of a person in a year, if resident then.
    pub fn at(&self, person: usize, year: i32) -> Option<&Record> {
        let rs = self.person(person);
        rs.binary_search_by_key(&year, |r| r.year)
            .ok()
            .map(|i| &rs[i])
    }

    /// Birth year of a record's person (age is on 1 January of the data year).
    pub fn birth_year(r: &Record) -> i32 {
        r.year - 1 - i32::from(r.row.age)
    }

    fn finish(&mut self) {
        let mut years: Vec<i32> = self.records.iter().map(|r| r.year).collect();
        years.sort_unstable();
        years.dedup();
        self.years = years;
        let n = self.person_ids.len();
        self.person_ranges = vec![0..0; n];
        let mut start = 0;
        while start < self.records.len() {
            let p = self.records[start].person;
            let mut end = start;
            while end < self.records.len() && self.records[end].person == p {
                end += 1;
            }
            if (p as usize) < n {
                self.person_ranges[p as usize] = start..end;
            }
            start = end;
        }
        let munis: Vec<u16> = {
            let mut m: Vec<u16> = self.records.iter().map(|r| r.municipality).collect();
            m.sort_unstable();
            m.dedup();
            m
        };
        for m in munis {
            self.places.add_municipality(m);
        }
        self.assign_municipalities();
        assign_quintiles(&mut self.records);
    }

    /// Sets each geometric area's municipality to the modal one of its person-years, when the
    /// areas file does not give it.
    fn assign_municipalities(&mut self) {
        let mut votes: Vec<HashMap<u16, u64>> = vec![HashMap::new(); self.places.areas.len()];
        let mut slots = Vec::new();
        for r in &self.records {
            self.places.slots_of(r, &mut slots);
            for &s in &slots {
                *votes[s as usize].entry(r.municipality).or_default() += 1;
            }
        }
        for (p, v) in self.places.areas.iter_mut().zip(votes) {
            if p.municipality.is_none() {
                p.municipality = v.into_iter().max_by_key(|&(m, n)| (n, m)).map(|(m, _)| m);
            }
        }
    }

    fn flag_convicted(&mut self) {
        for r in &mut self.records {
            if self
                .convictions
                .get(&r.person)
                .is_some_and(|ys| ys.contains(&(r.year - 1)))
            {
                r.row.flags |= kernel::CONVICTED;
            }
        }
    }

    fn read_deaths(&mut self, ds: &Dataset, ids: &mut Interner) -> Result<(), FlowsError> {
        let Some(src) = ds.source(&schema::DEATHS)? else {
            return Ok(());
        };
        self.has_deaths = true;
        read_source(&src, &schema::DEATHS, None, &mut |b| {
            checked(&b)?;
            let (pid, date) = (
                b.batch.column(0).as_string::<i32>(),
                b.batch.column(1).as_primitive::<Date32Type>(),
            );
            for r in 0..b.batch.num_rows() {
                let year = Date::from_days_since_epoch(date.value(r)).year();
                self.deaths.insert(ids.get(pid.value(r)), year);
            }
            Ok(())
        })?;
        Ok(())
    }

    fn read_convictions(&mut self, ds: &Dataset, ids: &mut Interner) -> Result<(), FlowsError> {
        let Some(src) = ds.source(&schema::CONVICTIONS)? else {
            return Ok(());
        };
        read_source(&src, &schema::CONVICTIONS, None, &mut |b| {
            checked(&b)?;
            let (pid, date, law, guilty) = (
                b.batch.column(0).as_string::<i32>(),
                b.batch.column(1).as_primitive::<Date32Type>(),
                b.batch.column(2).as_string::<i32>(),
                b.batch.column(3).as_boolean(),
            );
            for r in 0..b.batch.num_rows() {
                if guilty.value(r)
                    && Law::parse(law.value(r)).is_ok_and(Law::counts_for_criterion_b)
                {
                    let year = Date::from_days_since_epoch(date.value(r)).year();
                    let ys = self.convictions.entry(ids.get(pid.value(r))).or_default();
                    if !ys.contains(&year) {
                        ys.push(year);
                    }
                }
            }
            Ok(())
        })?;
        Ok(())
    }

    fn read_exams(&mut self, ds: &Dataset, ids: &mut Interner) -> Result<(), FlowsError> {
        let Some(src) = ds.source(&schema::PUPILS)? else {
            return Ok(());
        };
        let cols = ["person_id", "grade", "exam_avg"];
        read_source(&src, &schema::PUPILS, Some(&cols), &mut |b| {
            checked(&b)?;
            let (pid, grade, exam) = (
                b.batch.column(0).as_string::<i32>(),
                b.batch.column(1).as_primitive::<Int64Type>(),
                b.batch.column(2).as_primitive::<Float64Type>(),
            );
            for r in 0..b.batch.num_rows() {
                if grade.value(r) == 9 && !exam.is_null(r) {
                    self.exams.insert(ids.get(pid.value(r)), exam.value(r));
                }
            }
            Ok(())
        })?;
        Ok(())
    }
}

/// In work or education: in education, or less than half a full-time equivalent outside work
/// and education in the year (criterion A's measure, per person).
pub fn in_work_or_education(r: &Row) -> bool {
    r.flags & kernel::IN_EDUCATION != 0 || r.outside_micro < 500_000
}

/// Non-Western origin under the Western list in force.
pub fn non_western(r: &Row) -> bool {
    r.flags & kernel::NON_WESTERN != 0
}

/// The columns of `persons` the panel reads.
const PERSON_COLUMNS: &[&str] = &[
    "person_id",
    "year",
    "address_id",
    "municipality",
    "region",
    "age",
    "sex",
    "origin",
    "origin_country",
    "outside_fte",
    "education",
    "in_education",
    "gross_income",
    "taxable",
    "family_id",
];

#[derive(Debug, Default)]
struct Interner {
    index: HashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn get(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.names.len() as u32;
        self.names.push(s.to_string());
        self.index.insert(s.to_string(), i);
        i
    }
}

fn checked(b: &Batch) -> Result<(), IoError> {
    if b.problems.is_empty() {
        Ok(())
    } else {
        Err(IoError::Invalid(b.problems.clone()))
    }
}

fn read_persons(
    batch: &RecordBatch,
    index: &HashMap<String, u32, impl std::hash::BuildHasher>,
    western: &WesternList,
    ids: &mut Interner,
    families: &mut Interner,
    out: &mut Vec<Record>,
) {
    let col = |n: &str| batch.column_by_name(n).expect("projected column");
    let s = |n: &str| col(n).as_string::<i32>();
    let i = |n: &str| col(n).as_primitive::<Int64Type>();
    let (pid, addr, sex, origin, country, edu, fam) = (
        s("person_id"),
        s("address_id"),
        s("sex"),
        s("origin"),
        s("origin_country"),
        s("education"),
        s("family_id"),
    );
    let (year, muni, region, age, income) = (
        i("year"),
        i("municipality"),
        i("region"),
        i("age"),
        i("gross_income"),
    );
    let in_edu = col("in_education").as_boolean();
    let taxable = col("taxable").as_boolean();
    let outside = col("outside_fte").as_primitive::<Float64Type>();
    for r in 0..batch.num_rows() {
        let y = year.value(r) as i32;
        let o = Origin::parse(origin.value(r)).unwrap_or(Origin::Danish);
        let mut flags = 0;
        if o != Origin::Danish
            && !country.is_null(r)
            && country_code(country.value(r)).is_ok_and(|c| !western.is_western_code(c, y))
        {
            flags |= kernel::NON_WESTERN;
        }
        if in_edu.value(r) {
            flags |= kernel::IN_EDUCATION;
        }
        if taxable.value(r) {
            flags |= kernel::TAXABLE;
        }
        let code = |x: Result<usize, _>| x.map_or(7, |i: usize| i as u8);
        out.push(Record {
            person: ids.get(pid.value(r)),
            year: y,
            address: *index.get(addr.value(r)).unwrap_or(&NONE),
            municipality: muni.value(r) as u16,
            region: region.value(r) as u16,
            family: if fam.is_null(r) {
                NONE
            } else {
                families.get(fam.value(r))
            },
            row: Row {
                age: age.value(r).clamp(0, 255) as u8,
                sex: code(Sex::parse(sex.value(r)).map(Sex::index)),
                origin: o.index() as u8,
                education: code(Education::parse(edu.value(r)).map(Education::index)),
                flags,
                outside_micro: kernel::micro_fte(outside.value(r)),
                income: income.value(r),
            },
            quintile: 0,
        });
    }
}

/// Income quintiles among residents 18–64 within each (region, year).
fn assign_quintiles(records: &mut [Record]) {
    let mut groups: HashMap<(u16, i32), Vec<i64>> = HashMap::new();
    for r in records.iter().filter(|r| (18..=64).contains(&r.row.age)) {
        groups
            .entry((r.region, r.year))
            .or_default()
            .push(r.row.income);
    }
    let cuts: HashMap<(u16, i32), [i64; 4]> = groups
        .into_iter()
        .map(|(k, mut v)| {
            v.sort_unstable();
            let q = |f: usize| v[(v.len() * f / 5).min(v.len() - 1)];
            (k, [q(1), q(2), q(3), q(4)])
        })
        .collect();
    for r in records
        .iter_mut()
        .filter(|r| (18..=64).contains(&r.row.age))
    {
        let c = cuts[&(r.region, r.year)];
        r.quintile = 1 + c.iter().filter(|&&x| r.row.income >= x).count() as u8;
    }
}
