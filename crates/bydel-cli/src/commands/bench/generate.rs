//! A fast, seeded, streaming generator of benchmark input at national scale: a 55 × 55 grid of
//! districts (3,025) with ~250 housing areas over Denmark's bounding box, 98 municipalities in 5
//! regions, one address per ~2.4 residents, persons who age, move every few years and sometimes
//! get convicted. Every value is a pure function of (seed, person, year), so years are written in
//! parallel, one Parquet file per year, in batches of bounded size.
//!
//! This is benchmark input, not the synthetic population (`bydel synth`): the cardinalities are
//! realistic, the distributions only plausible.

use std::fmt::Write as _;
use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use bydel_io::{FileFormat, TableWriter, arrow_schema};
use bydel_model::{Date, schema};
use rayon::prelude::*;

use crate::error::CliError;

/// Denmark's residents at 100 %.
pub const DENMARK: f64 = 5_900_000.0;
/// The district grid is `GRID × GRID`.
const GRID: usize = 55;
/// Bounding box (lon, lat) of the grid.
const LON: (f64, f64) = (8.0, 15.0);
const LAT: (f64, f64) = (54.6, 57.8);
/// Rows per written batch.
const BATCH: usize = 128 * 1024;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spec {
    /// Share of Denmark's residents.
    pub fraction: f64,
    /// First data year.
    pub first_year: i32,
    /// Number of data years.
    pub years: i32,
    /// Seed.
    pub seed: u64,
}

impl Spec {
    /// Persons ever generated (those aged 0–100 in a year appear that year).
    pub fn persons(&self) -> u64 {
        (DENMARK * self.fraction).round().max(1.0) as u64
    }
    fn addresses(&self) -> u64 {
        (self.persons() as f64 / 2.4).ceil() as u64
    }
    /// A one-line description (also the reuse marker's content).
    pub fn marker(&self) -> String {
        format!(
            "bydel bench input v1: fraction {} first_year {} years {} seed {}\n",
            self.fraction, self.first_year, self.years, self.seed
        )
    }
}

/// Writes the dataset into `dir` (created); returns person-year rows written.
pub fn generate(dir: &Path, spec: &Spec) -> Result<u64, CliError> {
    let io = |e: std::io::Error| CliError::Io {
        path: dir.display().to_string(),
        source: e,
    };
    std::fs::create_dir_all(dir.join("persons")).map_err(io)?;
    std::fs::write(dir.join(schema::AREAS_FILE), areas_geojson()).map_err(io)?;
    write_addresses(dir, spec)?;
    write_convictions(dir, spec)?;
    let rows: Vec<u64> = (0..spec.years)
        .into_par_iter()
        .map(|i| write_year(dir, spec, spec.first_year + i))
        .collect::<Result<_, _>>()?;
    std::fs::write(dir.join("bench.txt"), spec.marker()).map_err(io)?;
    Ok(rows.iter().sum())
}

/// SplitMix64 finaliser: a counter-based random number from a key.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn key(seed: u64, a: u64, b: u64) -> u64 {
    mix(mix(seed ^ a.wrapping_mul(0x1000_0000_01b3)) ^ b)
}

/// Municipality code and region code of a grid cell: 14 × 7 blocks of cells, 5 regions.
fn admin(i: usize, j: usize) -> (i64, i64) {
    let idx = (i * 14 / GRID + 14 * (j * 7 / GRID)) as i64;
    (101 + idx * 9, 1081 + idx * 5 / 98)
}

fn cell_of(lon: f64, lat: f64) -> (usize, usize) {
    let f = |v: f64, (a, b): (f64, f64)| (((v - a) / (b - a) * GRID as f64) as usize).min(GRID - 1);
    (f(lon, LON), f(lat, LAT))
}

fn address_point(seed: u64, a: u64) -> (f64, f64) {
    let h = key(seed, a, 0xadd);
    let u = |x: u64| (x % 1_000_000) as f64 / 1_000_000.0;
    (
        LON.0 + (LON.1 - LON.0) * u(h),
        LAT.0 + (LAT.1 - LAT.0) * u(h >> 32),
    )
}

fn areas_geojson() -> String {
    let (w, h) = ((LON.1 - LON.0) / GRID as f64, (LAT.1 - LAT.0) / GRID as f64);
    let mut out = String::from("{\"type\":\"FeatureCollection\",\"features\":[\n");
    let mut first = true;
    let mut feature = |props: String, x0: f64, y0: f64, dx: f64, dy: f64| {
        let (x1, y1) = (x0 + dx, y0 + dy);
        let sep = if first { "" } else { ",\n" };
        first = false;
        let _ = write!(
            out,
            "{sep}{{\"type\":\"Feature\",\"properties\":{{{props}}},\"geometry\":{{\"type\":\"Polygon\",\
             \"coordinates\":[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]}}}}"
        );
    };
    for i in 0..GRID {
        for j in 0..GRID {
            let (x, y) = (LON.0 + i as f64 * w, LAT.0 + j as f64 * h);
            let (muni, _) = admin(i, j);
            let id = format!("d{i}_{j}");
            let props = format!(
                "\"area_id\":\"{id}\",\"name\":\"Distrikt {i}-{j}\",\"kind\":\"district\",\"municipality\":{muni}"
            );
            feature(props, x, y, w, h);
            if (i * 7 + j) % 12 == 0 {
                let props = format!(
                    "\"area_id\":\"h{i}_{j}\",\"name\":\"Boligområde {i}-{j}\",\"kind\":\"housing_area\",\"parent_id\":\"{id}\",\"municipality\":{muni}"
                );
                feature(props, x + w / 4.0, y + h / 4.0, w / 2.0, h / 2.0);
            }
        }
    }
    out.push_str("\n]}\n");
    out
}

fn write_addresses(dir: &Path, spec: &Spec) -> Result<(), CliError> {
    let mut w =
        TableWriter::create(dir, &schema::ADDRESSES, FileFormat::Parquet).map_err(CliError::lib)?;
    let n = spec.addresses();
    for start in (0..n).step_by(BATCH) {
        let end = (start + BATCH as u64).min(n);
        let (mut id, mut lon, mut lat) = (
            StringBuilder::new(),
            Float64Builder::new(),
            Float64Builder::new(),
        );
        for a in start..end {
            let (x, y) = address_point(spec.seed, a);
            id.append_value(format!("a{a}"));
            lon.append_value(x);
            lat.append_value(y);
        }
        let cols: Vec<ArrayRef> = vec![
            Arc::new(id.finish()),
            Arc::new(lon.finish()),
            Arc::new(lat.finish()),
        ];
        write(&mut w, &schema::ADDRESSES, cols)?;
    }
    w.finish().map_err(CliError::lib)
}

fn write(
    w: &mut TableWriter,
    table: &'static schema::Table,
    cols: Vec<ArrayRef>,
) -> Result<(), CliError> {
    let batch = RecordBatch::try_new(arrow_schema(table), cols)
        .map_err(|e| CliError::Usage(format!("bug: benchmark batch: {e}")))?;
    w.write_batch(&batch).map_err(CliError::lib)
}

fn jan1(y: i32) -> i32 {
    Date::new(y, 1, 1).map(Date::days_since_epoch).unwrap_or(0)
}

fn write_convictions(dir: &Path, spec: &Spec) -> Result<(), CliError> {
    const LAWS: [&str; 4] = [
        "straffeloven",
        "vaabenloven",
        "euforiserende_stoffer",
        "other",
    ];
    let mut w = TableWriter::create(dir, &schema::CONVICTIONS, FileFormat::Parquet)
        .map_err(CliError::lib)?;
    let n = spec.persons();
    for start in (0..n).step_by(BATCH) {
        let end = (start + BATCH as u64).min(n);
        let (mut id, mut date, mut law, mut guilty) = (
            StringBuilder::new(),
            Date32Builder::new(),
            StringBuilder::new(),
            BooleanBuilder::new(),
        );
        for p in start..end {
            for y in spec.first_year - 1..spec.first_year + spec.years - 1 {
                let h = key(spec.seed, p, 0xc0_0000 + y as u64);
                if h % 1000 >= 12 {
                    continue;
                }
                id.append_value(format!("p{p:09}"));
                date.append_value(jan1(y) + ((h >> 10) % 365) as i32);
                law.append_value(LAWS[((h >> 20) % 4) as usize]);
                guilty.append_value(!(h >> 24).is_multiple_of(10));
            }
        }
        let cols: Vec<ArrayRef> = vec![
            Arc::new(id.finish()),
            Arc::new(date.finish()),
            Arc::new(law.finish()),
            Arc::new(guilty.finish()),
        ];
        write(&mut w, &schema::CONVICTIONS, cols)?;
    }
    w.finish().map_err(CliError::lib)
}

/// Column builders of one persons batch.
struct PersonCols {
    id: StringBuilder,
    year: Int64Builder,
    address: StringBuilder,
    muni: Int64Builder,
    region: Int64Builder,
    age: Int64Builder,
    sex: StringBuilder,
    origin: StringBuilder,
    country: StringBuilder,
    fte: Float64Builder,
    edu: StringBuilder,
    in_edu: BooleanBuilder,
    income: Int64Builder,
    taxable: BooleanBuilder,
    family: StringBuilder,
    moved: Date32Builder,
}

const COUNTRIES: [&str; 16] = [
    "TR", "SY", "PL", "DE", "IQ", "RO", "SO", "NO", "SE", "PK", "AF", "LB", "US", "IR", "UA", "VN",
];
const EDUCATION: [&str; 7] = [
    "basic",
    "upper_secondary",
    "vocational",
    "short_cycle",
    "bachelor",
    "master",
    "unknown",
];

fn write_year(dir: &Path, spec: &Spec, year: i32) -> Result<u64, CliError> {
    let path = dir.join("persons").join(format!("persons_{year}.parquet"));
    let mut w = TableWriter::create_at(&path, arrow_schema(&schema::PERSONS), FileFormat::Parquet)
        .map_err(CliError::lib)?;
    let (n, mut rows) = (spec.persons(), 0);
    for start in (0..n).step_by(BATCH) {
        let mut c = PersonCols::new();
        for p in start..(start + BATCH as u64).min(n) {
            rows += u64::from(c.push(spec, p, year));
        }
        write(&mut w, &schema::PERSONS, c.finish())?;
    }
    w.finish().map_err(CliError::lib)?;
    Ok(rows)
}

impl PersonCols {
    fn new() -> Self {
        PersonCols {
            id: StringBuilder::new(),
            year: Int64Builder::new(),
            address: StringBuilder::new(),
            muni: Int64Builder::new(),
            region: Int64Builder::new(),
            age: Int64Builder::new(),
            sex: StringBuilder::new(),
            origin: StringBuilder::new(),
            country: StringBuilder::new(),
            fte: Float64Builder::new(),
            edu: StringBuilder::new(),
            in_edu: BooleanBuilder::new(),
            income: Int64Builder::new(),
            taxable: BooleanBuilder::new(),
            family: StringBuilder::new(),
            moved: Date32Builder::new(),
        }
    }

    /// Appends person `p` in `year` if alive (age 0–100); returns whether a row was added.
    fn push(&mut self, spec: &Spec, p: u64, year: i32) -> bool {
        let base = key(spec.seed, p, 1);
        let birth = spec.first_year + spec.years - 101 + (base % 101) as i32;
        let age = year - birth;
        if !(0..=100).contains(&age) {
            return false;
        }
        let yearly = key(spec.seed, p, 0x1_0000 + year as u64);
        let phase = (base >> 8) % 5;
        let epoch = (year as u64 + phase) / 5;
        let address = key(spec.seed, p, 0x2_0000 + epoch) % spec.addresses();
        let (lon, lat) = address_point(spec.seed, address);
        let (i, j) = cell_of(lon, lat);
        let (muni, region) = admin(i, j);
        self.id.append_value(format!("p{p:09}"));
        self.year.append_value(i64::from(year));
        self.address.append_value(format!("a{address}"));
        self.muni.append_value(muni);
        self.region.append_value(region);
        self.age.append_value(i64::from(age));
        self.sex
            .append_value(if base >> 16 & 1 == 0 { "f" } else { "m" });
        self.push_origin(base);
        self.push_work(age, yearly, base);
        self.family.append_null();
        let moved_year = (epoch * 5).saturating_sub(phase) as i32 - 1;
        self.moved
            .append_value(jan1(moved_year.max(birth)) + ((base >> 40) % 360) as i32 + 1);
        true
    }

    fn push_origin(&mut self, base: u64) {
        match (base >> 20) % 100 {
            0..=85 => {
                self.origin.append_value("danish");
                self.country.append_null();
                return;
            }
            86..=94 => self.origin.append_value("immigrant"),
            _ => self.origin.append_value("descendant"),
        }
        self.country
            .append_value(COUNTRIES[((base >> 28) % COUNTRIES.len() as u64) as usize]);
    }

    fn push_work(&mut self, age: i32, yearly: u64, base: u64) {
        let working = (18..=64).contains(&age);
        let outside = if working && yearly.is_multiple_of(5) {
            ((yearly >> 8) % 1001) as f64 / 1000.0
        } else {
            0.0
        };
        self.fte.append_value(outside);
        let edu = if age < 16 {
            0
        } else {
            ((base >> 36) % 7) as usize
        };
        self.edu.append_value(EDUCATION[edu]);
        self.in_edu
            .append_value((16..=29).contains(&age) && (yearly >> 20) % 10 < 4);
        let income = if age < 15 {
            0
        } else {
            ((yearly >> 24) % 900_000) as i64
        };
        self.income.append_value(income);
        self.taxable
            .append_value(age >= 15 && !(yearly >> 44).is_multiple_of(20));
    }

    fn finish(mut self) -> Vec<ArrayRef> {
        vec![
            Arc::new(self.id.finish()),
            Arc::new(self.year.finish()),
            Arc::new(self.address.finish()),
            Arc::new(self.muni.finish()),
            Arc::new(self.region.finish()),
            Arc::new(self.age.finish()),
            Arc::new(self.sex.finish()),
            Arc::new(self.origin.finish()),
            Arc::new(self.country.finish()),
            Arc::new(self.fte.finish()),
            Arc::new(self.edu.finish()),
            Arc::new(self.in_edu.finish()),
            Arc::new(self.income.finish()),
            Arc::new(self.taxable.finish()),
            Arc::new(self.family.finish()),
            Arc::new(self.moved.finish()),
        ]
    }
}
