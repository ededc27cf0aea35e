//! `bydel validate`: every problem in a dataset — per cell (types, ranges, codes, identifiers)
//! and across tables (duplicate person-years, unknown addresses, convictions of unknown persons,
//! impossible dates, unknown schools and institutions, areas).

use std::collections::{BTreeMap, HashSet};
use std::hash::{BuildHasher, Hash};

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use bydel_model::schema::{self, Table};
use bydel_model::{Date, Origin};
use foldhash::fast::FixedState;

use crate::IoError;
use crate::check::check_batch;
use crate::dataset::Dataset;
use crate::problem::Problems;
use crate::read::{Batch, read_source};

/// The outcome of validating a dataset.
#[derive(Debug, Default)]
pub struct Report {
    /// Every problem found.
    pub problems: Problems,
    /// Rows read per table.
    pub rows: BTreeMap<&'static str, u64>,
}

/// Identifiers seen so far, as 64-bit fingerprints (bounded memory at national scale).
#[derive(Default)]
struct Seen {
    persons: HashSet<u64>,
    person_years: HashSet<u64>,
    addresses: HashSet<u64>,
    schools: HashSet<u64>,
    institutions: HashSet<u64>,
    /// Tables that could not be read at all (their dependants skip cross-checks).
    broken: HashSet<&'static str>,
}

fn fp<T: Hash + ?Sized>(x: &T) -> u64 {
    FixedState::with_seed(0x000b_1de1).hash_one(x)
}

/// Validates every table of the dataset; `progress` is told which table is being read.
/// `area_ids` are the (kind, area_id) pairs of areas.geojson, for checking `address_areas`.
pub fn validate(
    ds: &Dataset,
    area_ids: &HashSet<(String, String)>,
    progress: &mut dyn FnMut(&str),
) -> Result<Report, IoError> {
    let mut report = Report::default();
    let mut seen = Seen::default();
    let order = [
        schema::ADDRESSES,
        schema::SCHOOLS,
        schema::DAYCARE,
        schema::PERSONS,
        schema::CONVICTIONS,
        schema::ADDRESS_AREAS,
        schema::DWELLINGS,
        schema::PUPILS,
        schema::DAYCARE_CHILDREN,
        schema::LANGUAGE_ASSESSMENTS,
    ];
    for table in order {
        let Some(source) = ds.source(&table)? else {
            if table.required {
                report.problems.at(
                    &ds.dir.display().to_string(),
                    None,
                    None,
                    format!(
                        "a table `{}` (.parquet, .csv, .xlsx or a folder)",
                        table.name
                    ),
                    "none",
                );
            }
            continue;
        };
        progress(table.name);
        let table: &'static Table = schema::table(table.name).expect("canonical table");
        let mut rows = 0u64;
        let problems_before = report.problems.len();
        let res = read_source(&source, table, None, &mut |b: Batch| {
            rows += b.batch.num_rows() as u64;
            report.problems.extend(b.problems.clone());
            check_batch(table, &b, &mut report.problems);
            cross_check(table.name, &b, &mut seen, area_ids, &mut report.problems);
            Ok(())
        });
        match res {
            Ok(()) => {}
            Err(IoError::Invalid(p)) => {
                seen.broken.insert(table.name);
                report.problems.extend(p);
            }
            Err(e) => return Err(e),
        }
        let only_empty = rows == 0 && report.problems.len() == problems_before;
        if table.name == schema::PERSONS.name && only_empty {
            report.problems.at(
                &source.display_path(),
                None,
                None,
                "at least one person-year (the persons table is what bydel counts)",
                "no rows",
            );
        }
        report.rows.insert(table.name, rows);
    }
    Ok(report)
}

fn text<'a>(b: &'a RecordBatch, name: &str) -> Option<&'a arrow_array::StringArray> {
    b.column_by_name(name).map(|c| c.as_string::<i32>())
}

fn cross_check(
    table: &str,
    b: &Batch,
    seen: &mut Seen,
    area_ids: &HashSet<(String, String)>,
    p: &mut Problems,
) {
    let batch = &b.batch;
    let mut bad = |row: usize, col: &str, expected: &str, found: String| {
        p.at(&b.file, Some(b.lines.line(row)), Some(col), expected, found);
    };
    match table {
        "addresses" => {
            let ids = text(batch, "address_id").expect("column");
            for r in 0..batch.num_rows() {
                if !seen.addresses.insert(fp(ids.value(r))) {
                    bad(
                        r,
                        "address_id",
                        "each address once",
                        format!("a repeated address_id {:?}", ids.value(r)),
                    );
                }
            }
        }
        "schools" => insert_ids(batch, "school_id", &mut seen.schools),
        "daycare" => insert_ids(batch, "institution_id", &mut seen.institutions),
        "persons" => check_persons(batch, seen, &mut bad),
        "convictions" if !seen.broken.contains("persons") => {
            let ids = text(batch, "person_id").expect("column");
            for r in 0..batch.num_rows() {
                if !seen.persons.contains(&fp(ids.value(r))) {
                    bad(
                        r,
                        "person_id",
                        "a person in the persons table",
                        "an unknown person".into(),
                    );
                }
            }
        }
        "address_areas" => {
            let (a, k, id) = (
                text(batch, "address_id").unwrap(),
                text(batch, "kind").unwrap(),
                text(batch, "area_id").unwrap(),
            );
            for r in 0..batch.num_rows() {
                known_address(seen, a.value(r), r, &mut bad);
                if !area_ids.contains(&(k.value(r).to_string(), id.value(r).to_string())) {
                    bad(
                        r,
                        "area_id",
                        "an area of that kind in areas.geojson",
                        format!("{:?}/{:?}", k.value(r), id.value(r)),
                    );
                }
            }
        }
        "dwellings" => {
            let a = text(batch, "address_id").unwrap();
            (0..batch.num_rows()).for_each(|r| known_address(seen, a.value(r), r, &mut bad));
        }
        "pupils" => known_ids(
            batch,
            "school_id",
            &seen.schools,
            "a school in the schools table",
            &mut bad,
        ),
        "daycare_children" => known_ids(
            batch,
            "institution_id",
            &seen.institutions,
            "an institution in the daycare table",
            &mut bad,
        ),
        _ => {}
    }
}

fn insert_ids(batch: &RecordBatch, col: &str, set: &mut HashSet<u64>) {
    let ids = text(batch, col).expect("column");
    set.extend((0..batch.num_rows()).map(|r| fp(ids.value(r))));
}

fn known_ids(
    batch: &RecordBatch,
    col: &str,
    set: &HashSet<u64>,
    expected: &str,
    bad: &mut dyn FnMut(usize, &str, &str, String),
) {
    let ids = text(batch, col).expect("column");
    for r in 0..batch.num_rows() {
        if !set.contains(&fp(ids.value(r))) {
            bad(r, col, expected, format!("{:?}", ids.value(r)));
        }
    }
}

fn known_address(seen: &Seen, id: &str, r: usize, bad: &mut dyn FnMut(usize, &str, &str, String)) {
    if !seen.addresses.contains(&fp(id)) {
        bad(
            r,
            "address_id",
            "an address in the addresses table",
            format!("{id:?}"),
        );
    }
}

fn check_persons(
    batch: &RecordBatch,
    seen: &mut Seen,
    bad: &mut dyn FnMut(usize, &str, &str, String),
) {
    let ids = text(batch, "person_id").unwrap();
    let addr = text(batch, "address_id").unwrap();
    let origin = text(batch, "origin").unwrap();
    let country = text(batch, "origin_country").unwrap();
    let year = batch
        .column_by_name("year")
        .unwrap()
        .as_primitive::<Int64Type>();
    let moved = batch
        .column_by_name("moved_in")
        .map(|c| c.as_primitive::<Date32Type>());
    for r in 0..batch.num_rows() {
        let (id, y) = (ids.value(r), year.value(r));
        seen.persons.insert(fp(id));
        if !seen.person_years.insert(fp(&(id, y))) {
            bad(
                r,
                "person_id",
                "one row per person and year",
                format!("a second row for this person in {y}"),
            );
        }
        known_address(seen, addr.value(r), r, bad);
        let is_danish = origin.value(r) == Origin::Danish.as_str();
        let has_country = !country.is_null(r) && !country.value(r).is_empty();
        if !is_danish && !has_country && Origin::parse(origin.value(r)).is_ok() {
            bad(
                r,
                "origin_country",
                "a country of origin for immigrants and descendants",
                "an empty cell".into(),
            );
        }
        if let Some(m) = moved.filter(|m| !m.is_null(r)) {
            let d = Date::from_days_since_epoch(m.value(r));
            if i64::from(d.year()) >= y
                && !(i64::from(d.year()) == y && d.month() == 1 && d.day() == 1)
            {
                bad(
                    r,
                    "moved_in",
                    &format!("a date on or before 1 January {y} (residence is as of that day)"),
                    d.to_string(),
                );
            }
        }
    }
}
