//! The file sink: every canonical table through bydel-io's [`TableWriter`] (Parquet or CSV,
//! atomic), plus `areas.geojson`. Memory stays bounded: each chunk of rows becomes one batch.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use bydel_io::{FileFormat, TableWriter, arrow_schema};
use bydel_model::schema::{self, Table};

use crate::person::Person;
use crate::rows::{Rows, Sink};
use crate::world::World;
use crate::{OutputFormat, SynthConfig, SynthError};

/// Writes a dataset folder.
#[derive(Debug)]
pub struct FileSink {
    dir: PathBuf,
    format: FileFormat,
    years: std::ops::RangeInclusive<i32>,
    persons: Option<TableWriter>,
    convictions: Option<TableWriter>,
    pupils: Option<TableWriter>,
    language: Option<TableWriter>,
    daycare: Option<TableWriter>,
    deaths: Option<TableWriter>,
}

impl FileSink {
    /// Opens the writers of the yearly tables in `dir`.
    pub fn new(dir: &Path, config: &SynthConfig) -> Result<Self, SynthError> {
        let format = match config.format {
            OutputFormat::Parquet => FileFormat::Parquet,
            OutputFormat::Csv => FileFormat::Csv,
        };
        let open = |t: &'static Table| TableWriter::create(dir, t, format).map(Some);
        Ok(FileSink {
            dir: dir.to_path_buf(),
            format,
            years: config.years(),
            persons: open(&schema::PERSONS)?,
            convictions: open(&schema::CONVICTIONS)?,
            pupils: open(&schema::PUPILS)?,
            language: open(&schema::LANGUAGE_ASSESSMENTS)?,
            daycare: open(&schema::DAYCARE_CHILDREN)?,
            deaths: open(&schema::DEATHS)?,
        })
    }

    /// Completes every file (renaming them into place).
    pub fn finish(mut self) -> Result<(), SynthError> {
        for w in [
            &mut self.persons,
            &mut self.convictions,
            &mut self.pupils,
            &mut self.language,
            &mut self.daycare,
            &mut self.deaths,
        ] {
            if let Some(w) = w.take() {
                w.finish()?;
            }
        }
        Ok(())
    }

    fn static_table(
        &self,
        table: &'static Table,
        columns: Vec<ArrayRef>,
    ) -> Result<(), SynthError> {
        let mut w = TableWriter::create(&self.dir, table, self.format)?;
        w.write_batch(&batch(table, columns)?)?;
        w.finish()?;
        Ok(())
    }
}

impl Sink for FileSink {
    fn world(&mut self, world: &World) -> Result<(), SynthError> {
        self.static_table(&schema::ADDRESSES, addresses(world))?;
        self.static_table(&schema::ADDRESS_AREAS, address_areas(world))?;
        self.static_table(&schema::DWELLINGS, dwellings(world, self.years.clone()))?;
        self.static_table(&schema::SCHOOLS, schools(world))?;
        self.static_table(&schema::DAYCARE, daycare(world))?;
        crate::geojson::write(world, &self.dir)
    }

    fn rows(&mut self, world: &World, rows: &Rows) -> Result<(), SynthError> {
        let parts: [(
            &mut Option<TableWriter>,
            &'static Table,
            Vec<ArrayRef>,
            usize,
        ); 6] = [
            (
                &mut self.persons,
                &schema::PERSONS,
                persons(world, rows),
                rows.persons.len(),
            ),
            (
                &mut self.convictions,
                &schema::CONVICTIONS,
                convictions(rows),
                rows.convictions.len(),
            ),
            (
                &mut self.pupils,
                &schema::PUPILS,
                pupils(world, rows),
                rows.pupils.len(),
            ),
            (
                &mut self.language,
                &schema::LANGUAGE_ASSESSMENTS,
                language(rows),
                rows.language.len(),
            ),
            (
                &mut self.daycare,
                &schema::DAYCARE_CHILDREN,
                daycare_children(world, rows),
                rows.daycare.len(),
            ),
            (
                &mut self.deaths,
                &schema::DEATHS,
                deaths(rows),
                rows.deaths.len(),
            ),
        ];
        for (writer, table, columns, n) in parts {
            if let (Some(w), true) = (writer.as_mut(), n > 0) {
                w.write_batch(&batch(table, columns)?)?;
            }
        }
        Ok(())
    }
}

fn batch(table: &'static Table, columns: Vec<ArrayRef>) -> Result<RecordBatch, SynthError> {
    RecordBatch::try_new(arrow_schema(table), columns).map_err(|e| SynthError::Internal {
        table: table.name,
        message: e.to_string(),
    })
}

fn strings<'a>(values: impl Iterator<Item = Option<&'a str>>) -> ArrayRef {
    let mut b = StringBuilder::new();
    values.for_each(|v| b.append_option(v));
    Arc::new(b.finish())
}

fn owned(values: impl Iterator<Item = String>) -> ArrayRef {
    let mut b = StringBuilder::new();
    values.for_each(|v| b.append_value(v));
    Arc::new(b.finish())
}

fn ints(values: impl Iterator<Item = Option<i64>>) -> ArrayRef {
    let mut b = Int64Builder::new();
    values.for_each(|v| b.append_option(v));
    Arc::new(b.finish())
}

fn floats(values: impl Iterator<Item = Option<f64>>) -> ArrayRef {
    let mut b = Float64Builder::new();
    values.for_each(|v| b.append_option(v));
    Arc::new(b.finish())
}

fn bools(values: impl Iterator<Item = bool>) -> ArrayRef {
    let mut b = BooleanBuilder::new();
    values.for_each(|v| b.append_value(v));
    Arc::new(b.finish())
}

fn dates(values: impl Iterator<Item = i32>) -> ArrayRef {
    let mut b = Date32Builder::new();
    values.for_each(|v| b.append_value(v));
    Arc::new(b.finish())
}

fn persons(world: &World, rows: &Rows) -> Vec<ArrayRef> {
    let r = &rows.persons;
    vec![
        owned(r.iter().map(|p| Person::id_text(p.person))),
        ints(r.iter().map(|p| Some(i64::from(p.year)))),
        strings(
            r.iter()
                .map(|p| Some(world.addresses[p.address as usize].id.as_str())),
        ),
        ints(r.iter().map(|p| Some(i64::from(p.municipality)))),
        ints(r.iter().map(|p| Some(i64::from(p.region)))),
        ints(r.iter().map(|p| Some(i64::from(p.age)))),
        strings(r.iter().map(|p| Some(p.sex.as_str()))),
        strings(r.iter().map(|p| Some(p.origin.as_str()))),
        strings(r.iter().map(|p| p.country)),
        floats(r.iter().map(|p| Some(p.outside_fte))),
        strings(r.iter().map(|p| Some(p.education.as_str()))),
        bools(r.iter().map(|p| p.in_education)),
        ints(r.iter().map(|p| Some(p.gross_income))),
        bools(r.iter().map(|p| p.taxable)),
        owned(r.iter().map(|p| format!("f{:07}", p.family))),
        dates(r.iter().map(|p| p.moved_in)),
    ]
}

fn convictions(rows: &Rows) -> Vec<ArrayRef> {
    let r = &rows.convictions;
    vec![
        owned(r.iter().map(|c| Person::id_text(c.person))),
        dates(r.iter().map(|c| c.date)),
        strings(r.iter().map(|c| Some(c.law.as_str()))),
        bools(r.iter().map(|c| c.guilty)),
    ]
}

fn pupils(world: &World, rows: &Rows) -> Vec<ArrayRef> {
    let r = &rows.pupils;
    vec![
        owned(r.iter().map(|p| Person::id_text(p.person))),
        ints(r.iter().map(|p| Some(i64::from(p.year)))),
        strings(
            r.iter()
                .map(|p| Some(world.schools[p.school as usize].id.as_str())),
        ),
        ints(r.iter().map(|p| Some(i64::from(p.grade)))),
        floats(r.iter().map(|p| Some(p.absence_pct))),
        floats(r.iter().map(|p| p.exam_avg)),
    ]
}

fn language(rows: &Rows) -> Vec<ArrayRef> {
    let r = &rows.language;
    vec![
        owned(r.iter().map(|l| Person::id_text(l.person))),
        ints(r.iter().map(|l| Some(i64::from(l.year)))),
        ints(r.iter().map(|l| Some(i64::from(l.age)))),
        strings(r.iter().map(|l| Some(l.result.as_str()))),
    ]
}

fn deaths(rows: &Rows) -> Vec<ArrayRef> {
    let r = &rows.deaths;
    vec![
        owned(r.iter().map(|d| Person::id_text(d.person))),
        dates(r.iter().map(|d| d.date)),
    ]
}

fn daycare_children(world: &World, rows: &Rows) -> Vec<ArrayRef> {
    let r = &rows.daycare;
    vec![
        owned(r.iter().map(|d| Person::id_text(d.person))),
        strings(
            r.iter()
                .map(|d| Some(world.daycares[d.institution as usize].id.as_str())),
        ),
        dates(r.iter().map(|d| d.date)),
        bools(r.iter().map(|d| d.parents_work_or_study)),
    ]
}

fn addresses(world: &World) -> Vec<ArrayRef> {
    let a = &world.addresses;
    vec![
        strings(a.iter().map(|a| Some(a.id.as_str()))),
        floats(a.iter().map(|a| Some(a.lon))),
        floats(a.iter().map(|a| Some(a.lat))),
    ]
}

/// Every address of a housing area, placed explicitly (the ministry defines areas by address).
fn address_areas(world: &World) -> Vec<ArrayRef> {
    let mut rows: Vec<(&str, &str)> = Vec::new();
    for h in &world.housing_areas {
        for &p in &h.places {
            for a in &world.addresses[world.places[p].addresses.clone()] {
                rows.push((a.id.as_str(), h.id.as_str()));
            }
        }
    }
    vec![
        strings(rows.iter().map(|r| Some(r.0))),
        strings(rows.iter().map(|_| Some("housing_area"))),
        strings(rows.iter().map(|r| Some(r.1))),
    ]
}

/// Dwellings by address and year (commercial rows carry floor area and no units).
fn dwellings(world: &World, years: std::ops::RangeInclusive<i32>) -> Vec<ArrayRef> {
    let mut rows = Vec::new();
    for year in years {
        for a in world.addresses.iter().filter(|a| a.tenure.is_some()) {
            let units = a.units_in(year);
            let commercial = !a.is_residential();
            if units == 0 && !commercial {
                continue;
            }
            let m2 = if commercial {
                a.floor_m2
            } else {
                a.floor_m2 * u32::from(units) / u32::from(a.units.max(1))
            };
            rows.push((a, year, units, m2, a.demolished_by(year)));
        }
    }
    vec![
        strings(rows.iter().map(|r| Some(r.0.id.as_str()))),
        ints(rows.iter().map(|r| Some(i64::from(r.1)))),
        strings(rows.iter().map(|r| r.0.tenure.map(|t| t.as_str()))),
        ints(rows.iter().map(|r| Some(i64::from(r.2)))),
        ints(rows.iter().map(|r| Some(i64::from(r.3)))),
        ints(rows.iter().map(|r| Some(i64::from(r.4)))),
    ]
}

fn schools(world: &World) -> Vec<ArrayRef> {
    let s = &world.schools;
    vec![
        strings(s.iter().map(|s| Some(s.id.as_str()))),
        strings(s.iter().map(|s| Some(s.name.as_str()))),
        strings(s.iter().map(|s| Some(s.kind.as_str()))),
        ints(s.iter().map(|s| Some(i64::from(s.municipality)))),
        strings(
            s.iter()
                .map(|s| Some(world.addresses[s.address].id.as_str())),
        ),
    ]
}

fn daycare(world: &World) -> Vec<ArrayRef> {
    let d = &world.daycares;
    vec![
        strings(d.iter().map(|d| Some(d.id.as_str()))),
        strings(d.iter().map(|d| Some(d.name.as_str()))),
        strings(d.iter().map(|d| Some(d.kind.as_str()))),
        ints(d.iter().map(|d| Some(i64::from(d.municipality)))),
        strings(
            d.iter()
                .map(|d| Some(world.addresses[d.address].id.as_str())),
        ),
    ]
}
