//! `bydel validate`: every problem in a dataset — per cell (types, ranges, codes, identifiers)
//! and across tables (duplicate person-years, unknown addresses, convictions of unknown persons,
//! impossible dates, unknown schools and institutions, areas).
//!
//! Speed and memory: each table is read in parallel, a few Parquet row groups at a time; the
//! per-cell checks and the look-ups against tables read before run in parallel, and only the
//! recording of identifiers is ordered (so the same input always gives the same problems). The
//! person-year duplicate check keeps one 64-bit fingerprint per *person* with a bit per data year
//! ([`YEAR_BITS_FROM`] to +63; other years in a small set), so memory grows with the number of
//! persons, not with the number of years; the fingerprints are sharded and recorded in parallel.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasher, Hash};

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Int64Type};
use arrow_array::{Array, RecordBatch};
use bydel_model::schema::{self, Table};
use bydel_model::{Date, Origin};
use foldhash::fast::FixedState;

use crate::IoError;
use crate::check::Checker;
use crate::dataset::Dataset;
use crate::dataset::Source;
use crate::decode::{Cache, decode, text_at};
use crate::problem::Problems;
use crate::read::{Batch, Unit, read_unit_dict, units};
use rayon::prelude::*;

/// The outcome of validating a dataset.
#[derive(Debug, Default)]
pub struct Report {
    /// Every problem found.
    pub problems: Problems,
    /// Rows read per table.
    pub rows: BTreeMap<&'static str, u64>,
}

/// The first data year of the per-person year bits (years from here to +63 take one bit each).
pub const YEAR_BITS_FROM: i64 = 2000;

/// Shards of the person fingerprints (recorded in parallel, one thread per shard).
const SHARDS: usize = 8;

/// Identifiers seen so far, as 64-bit fingerprints (bounded memory at national scale).
#[derive(Default)]
struct Seen {
    /// Person fingerprint → the data years seen (bit `year - YEAR_BITS_FROM`), in [`SHARDS`]
    /// shards by fingerprint.
    persons: Vec<HashMap<u64, u64, FixedState>>,
    /// (person, year) fingerprints of years outside the bits.
    other_years: HashSet<u64>,
    addresses: HashSet<u64>,
    schools: HashSet<u64>,
    institutions: HashSet<u64>,
    /// Tables that could not be read at all (their dependants skip cross-checks).
    broken: HashSet<&'static str>,
}

fn fp<T: Hash + ?Sized>(x: &T) -> u64 {
    FixedState::with_seed(0x000b_1de1).hash_one(x)
}

fn shard(person: u64) -> usize {
    (person >> 61) as usize % SHARDS
}

impl Seen {
    fn new() -> Self {
        Seen {
            persons: (0..SHARDS).map(|_| HashMap::default()).collect(),
            ..Seen::default()
        }
    }
    fn knows_person(&self, person: u64) -> bool {
        self.persons[shard(person)].contains_key(&person)
    }
}

/// What the parallel part of reading one unit found: problems, and what the ordered part
/// records.
#[derive(Default)]
struct Part {
    rows: u64,
    problems: Problems,
    /// The file of the unit.
    file: String,
    /// Persons: (person fingerprint, year, line) of every row, by shard of the fingerprint.
    person_years: [Vec<(u64, i64, u64)>; SHARDS],
    /// Tables whose identifiers are recorded row by row in order (small tables).
    batches: Vec<Batch>,
}

/// The tables in the order they are validated (each after the tables it refers to).
const ORDER: [Table; 10] = [
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

/// The tables that refer to persons (validated after them).
const AFTER_PERSONS: [&str; 1] = [schema::CONVICTIONS.name];

/// Validates every table of the dataset; `progress` is told which table is being read.
/// `area_ids` are the (kind, area_id) pairs of areas.geojson, for checking `address_areas`.
pub fn validate(
    ds: &Dataset,
    area_ids: &HashSet<(String, String)>,
    progress: &mut dyn FnMut(&str),
) -> Result<Report, IoError> {
    let mut v = Validation::new(ds, area_ids);
    for table in &ORDER {
        v.table(table, progress)?;
    }
    Ok(v.report)
}

/// Validates every table except persons and the tables that refer to persons, and leaves the
/// persons to the caller's own read of them (the aggregation's): one decode of every persons
/// row group instead of two. The caller checks each unit with [`Deferred::persons`], hands the
/// results to [`Deferred::record`] in unit order, and ends with [`Deferred::finish`]; or, when
/// it will not read the persons after all, with [`Deferred::finish_reading`]. The problems are
/// those of [`validate`].
pub fn validate_deferred<'a>(
    ds: &'a Dataset,
    area_ids: &'a HashSet<(String, String)>,
    progress: &mut dyn FnMut(&str),
) -> Result<Deferred<'a>, IoError> {
    let mut v = Validation::new(ds, area_ids);
    for table in ORDER.iter().filter(|t| !deferred(t.name)) {
        v.table(table, progress)?;
    }
    Ok(Deferred {
        v,
        persons_rows: 0,
        persons_problems: 0,
    })
}

/// Validation waiting for the persons (see [`validate_deferred`]).
pub struct Deferred<'a> {
    v: Validation<'a>,
    persons_rows: u64,
    persons_problems: u64,
}

impl std::fmt::Debug for Deferred<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Deferred")
            .field("problems", &self.v.report.problems.len())
            .field("persons_rows", &self.persons_rows)
            .finish()
    }
}

/// The checks of one unit of the persons table during the caller's read (see
/// [`Deferred::persons`]).
pub struct PersonsCheck<'v> {
    seen: &'v Seen,
    part: Part,
    checker: Checker,
    caches: PersonCaches,
}

impl std::fmt::Debug for PersonsCheck<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersonsCheck")
            .field("rows", &self.part.rows)
            .finish()
    }
}

/// What [`PersonsCheck`] found in one unit, for [`Deferred::record`].
pub struct PersonsPart(Part);

impl std::fmt::Debug for PersonsPart {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersonsPart")
            .field("rows", &self.0.rows)
            .finish()
    }
}

impl PersonsCheck<'_> {
    /// Checks a batch of persons (every column, as [`crate::read::read_unit_dict`] reads them).
    pub fn check(&mut self, b: &Batch) {
        persons_batch(
            &mut self.part,
            b,
            self.seen,
            &mut self.checker,
            &mut self.caches,
        );
    }
    /// The unit's result.
    pub fn done(self) -> PersonsPart {
        PersonsPart(self.part)
    }
}

impl Deferred<'_> {
    /// True when a table validated so far has problems.
    pub fn has_problems(&self) -> bool {
        !self.v.report.problems.is_empty()
    }
    /// A checker for one unit of the persons table (run in parallel, one per unit).
    pub fn persons(&self) -> PersonsCheck<'_> {
        PersonsCheck {
            seen: &self.v.seen,
            part: Part::default(),
            checker: Checker::default(),
            caches: PersonCaches::default(),
        }
    }
    /// Records the persons of some units, in unit order (repeated person-years are found here).
    pub fn record(&mut self, parts: Vec<PersonsPart>) {
        let mut parts: Vec<Part> = parts.into_iter().map(|p| p.0).collect();
        record_person_years(&mut parts, &mut self.v.seen);
        for p in parts {
            self.persons_rows += p.rows;
            self.persons_problems += p.problems.len();
            self.v.report.problems.extend(p.problems);
        }
    }
    /// The persons table could not be read (a missing column, …): its problems; the tables
    /// that refer to persons then skip their look-ups.
    pub fn persons_unreadable(&mut self, problems: Problems) {
        self.v.seen.broken.insert(schema::PERSONS.name);
        self.persons_problems += problems.len();
        self.v.report.problems.extend(problems);
    }
    /// Ends the validation after the caller's read of the persons: the persons' totals, then
    /// the tables that refer to persons.
    pub fn finish(mut self, progress: &mut dyn FnMut(&str)) -> Result<Report, IoError> {
        match self.v.ds.source(&schema::PERSONS)? {
            None => self.v.missing(&schema::PERSONS),
            Some(source) => {
                if self.persons_rows == 0 && self.persons_problems == 0 {
                    self.v.no_persons(&source);
                }
                let rows = self.persons_rows;
                self.v.report.rows.insert(schema::PERSONS.name, rows);
            }
        }
        for table in ORDER.iter().filter(|t| AFTER_PERSONS.contains(&t.name)) {
            self.v.table(table, progress)?;
        }
        Ok(self.v.report)
    }
    /// Ends the validation by reading the persons and the tables that refer to them here.
    pub fn finish_reading(mut self, progress: &mut dyn FnMut(&str)) -> Result<Report, IoError> {
        for table in ORDER.iter().filter(|t| deferred(t.name)) {
            self.v.table(table, progress)?;
        }
        Ok(self.v.report)
    }
}

fn deferred(table: &str) -> bool {
    table == schema::PERSONS.name || AFTER_PERSONS.contains(&table)
}

/// The state of one validation: the report so far and the identifiers seen.
struct Validation<'a> {
    ds: &'a Dataset,
    area_ids: &'a HashSet<(String, String)>,
    report: Report,
    seen: Seen,
}

impl<'a> Validation<'a> {
    fn new(ds: &'a Dataset, area_ids: &'a HashSet<(String, String)>) -> Self {
        Validation {
            ds,
            area_ids,
            report: Report::default(),
            seen: Seen::new(),
        }
    }

    /// Validates one table.
    fn table(&mut self, table: &Table, progress: &mut dyn FnMut(&str)) -> Result<(), IoError> {
        let Some(source) = self.ds.source(table)? else {
            if table.required {
                self.missing(table);
            }
            return Ok(());
        };
        progress(table.name);
        let table: &'static Table = schema::table(table.name).expect("canonical table");
        let mut rows = 0u64;
        let problems_before = self.report.problems.len();
        let problems = &mut self.report.problems;
        match validate_table(
            &source,
            table,
            &mut self.seen,
            self.area_ids,
            problems,
            &mut rows,
        ) {
            Ok(()) => {}
            Err(IoError::Invalid(p)) => {
                self.seen.broken.insert(table.name);
                problems.extend(p);
            }
            Err(e) => return Err(e),
        }
        let only_empty = rows == 0 && self.report.problems.len() == problems_before;
        if table.name == schema::PERSONS.name && only_empty {
            self.no_persons(&source);
        }
        self.report.rows.insert(table.name, rows);
        Ok(())
    }

    fn missing(&mut self, table: &Table) {
        self.report.problems.at(
            &self.ds.dir.display().to_string(),
            None,
            None,
            format!(
                "a table `{}` (.parquet, .csv, .xlsx or a folder)",
                table.name
            ),
            "none",
        );
    }

    fn no_persons(&mut self, source: &Source) {
        self.report.problems.at(
            &source.display_path(),
            None,
            None,
            "at least one person-year (the persons table is what bydel counts)",
            "no rows",
        );
    }
}

/// Reads one table: a few units at a time in parallel (cell checks, look-ups), then records
/// their identifiers in unit order.
fn validate_table(
    source: &Source,
    table: &'static Table,
    seen: &mut Seen,
    area_ids: &HashSet<(String, String)>,
    problems: &mut Problems,
    rows: &mut u64,
) -> Result<(), IoError> {
    let units = units(source)?;
    let at_once = 2 * rayon::current_num_threads();
    for group in units.chunks(at_once) {
        let parts: Vec<Result<Part, IoError>> = group
            .par_iter()
            .map(|u| read_part(u, table, seen, area_ids))
            .collect();
        let mut ok = Vec::with_capacity(parts.len());
        for part in parts {
            match part {
                Ok(p) => ok.push(p),
                Err(IoError::Invalid(p)) => {
                    ok.into_iter()
                        .for_each(|o: Part| problems.extend(o.problems));
                    return Err(IoError::Invalid(p));
                }
                Err(e) => return Err(e),
            }
        }
        record(table.name, &mut ok, seen);
        for p in ok {
            *rows += p.rows;
            problems.extend(p.problems);
        }
    }
    Ok(())
}

/// The parallel part: per-cell checks and look-ups against tables read before.
fn read_part(
    unit: &Unit,
    table: &'static Table,
    seen: &Seen,
    area_ids: &HashSet<(String, String)>,
) -> Result<Part, IoError> {
    let mut part = Part::default();
    let (mut checker, mut caches) = (Checker::default(), PersonCaches::default());
    let dictionary = dictionary_columns(table.name);
    read_unit_dict(unit, table, None, dictionary, &mut |b: Batch| {
        part.rows += b.batch.num_rows() as u64;
        part.file.clone_from(&b.file);
        part.problems.extend(b.problems.clone());
        checker.check(table, &b, &mut part.problems);
        match table.name {
            "addresses" | "schools" | "daycare" => part.batches.push(b),
            "persons" => person_years(&mut part, &b, seen, &mut caches),
            name => cross_check(name, &b, seen, area_ids, &mut part.problems),
        }
        Ok(())
    })?;
    Ok(part)
}

/// Every check of a batch of persons that needs no ordering, and its person-years for
/// [`record_person_years`].
fn persons_batch(
    part: &mut Part,
    b: &Batch,
    seen: &Seen,
    checker: &mut Checker,
    caches: &mut PersonCaches,
) {
    part.rows += b.batch.num_rows() as u64;
    part.file.clone_from(&b.file);
    part.problems.extend(b.problems.clone());
    checker.check(&schema::PERSONS, b, &mut part.problems);
    person_years(part, b, seen, caches);
}

/// The per-row person checks and the (person, year, line) of every row, by shard.
fn person_years(part: &mut Part, b: &Batch, seen: &Seen, caches: &mut PersonCaches) {
    check_persons(b, seen, &mut part.problems, caches);
    let ids = text(&b.batch, "person_id").expect("column");
    let year = b
        .batch
        .column_by_name("year")
        .expect("column")
        .as_primitive::<Int64Type>();
    for r in 0..b.batch.num_rows() {
        let person = fp(ids.value(r));
        part.person_years[shard(person)].push((person, year.value(r), b.lines.line(r)));
    }
}

/// The ordered part: records identifiers (and finds repeats) in unit order.
fn record(table: &str, parts: &mut [Part], seen: &mut Seen) {
    if table == "persons" {
        record_person_years(parts, seen);
        return;
    }
    for part in parts.iter_mut() {
        for b in std::mem::take(&mut part.batches) {
            record_ids(table, &b, seen, &mut part.problems);
        }
    }
}

/// Records every (person, year) of the parts, each shard on its own thread, and reports the
/// second and later rows of a person-year (in unit and line order).
fn record_person_years(parts: &mut [Part], seen: &mut Seen) {
    let parts_ref: &[Part] = parts;
    // (part, line, year, Some(person) when the year is outside the bits and goes to the set).
    type Hit = (usize, u64, i64, Option<u64>);
    let hits: Vec<Vec<Hit>> = seen
        .persons
        .par_iter_mut()
        .enumerate()
        .map(|(s, map)| {
            let mut out = Vec::new();
            for (i, part) in parts_ref.iter().enumerate() {
                for &(person, y, line) in &part.person_years[s] {
                    let bits = map.entry(person).or_insert(0);
                    let offset = y - YEAR_BITS_FROM;
                    if !(0..64).contains(&offset) {
                        out.push((i, line, y, Some(person)));
                        continue;
                    }
                    if *bits & (1 << offset) != 0 {
                        out.push((i, line, y, None));
                    }
                    *bits |= 1 << offset;
                }
            }
            out
        })
        .collect();
    let mut hits: Vec<Hit> = hits.into_iter().flatten().collect();
    hits.sort_unstable_by_key(|h| (h.0, h.1));
    for (i, line, y, outside) in hits {
        let repeated = outside.is_none_or(|person| !seen.other_years.insert(fp(&(person, y))));
        if repeated {
            let part = &mut parts[i];
            part.problems.at(
                &part.file,
                Some(line),
                Some("person_id"),
                "one row per person and year",
                format!("a second row for this person in {y}"),
            );
        }
    }
    for part in parts.iter_mut() {
        part.person_years = Default::default();
    }
}

fn text<'a>(b: &'a RecordBatch, name: &str) -> Option<&'a arrow_array::StringArray> {
    b.column_by_name(name).map(|c| c.as_string::<i32>())
}

/// Records the identifiers of the tables others refer to (addresses, schools, institutions).
fn record_ids(table: &str, b: &Batch, seen: &mut Seen, p: &mut Problems) {
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
        _ => {}
    }
}

/// Look-ups against the tables read before (read-only, so they run in parallel).
fn cross_check(
    table: &str,
    b: &Batch,
    seen: &Seen,
    area_ids: &HashSet<(String, String)>,
    p: &mut Problems,
) {
    let batch = &b.batch;
    let mut bad = |row: usize, col: &str, expected: &str, found: String| {
        p.at(&b.file, Some(b.lines.line(row)), Some(col), expected, found);
    };
    match table {
        "convictions" if !seen.broken.contains("persons") => {
            let ids = text(batch, "person_id").expect("column");
            for r in 0..batch.num_rows() {
                if !seen.knows_person(fp(ids.value(r))) {
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

/// Reports the rows whose identifier in `col` (plain or dictionary-encoded) is not in `set`,
/// looking each distinct identifier up once.
fn known_ids(
    batch: &RecordBatch,
    col: &str,
    set: &HashSet<u64>,
    expected: &str,
    bad: &mut dyn FnMut(usize, &str, &str, String),
) {
    let ids = batch.column_by_name(col).expect("column");
    let mut known = Vec::new();
    decode(
        ids,
        &mut Cache::default(),
        false,
        &|s| set.contains(&fp(s)),
        &mut known,
    );
    for r in (0..batch.num_rows()).filter(|&r| !known[r]) {
        bad(
            r,
            col,
            expected,
            format!("{:?}", text_at(ids, r).unwrap_or("")),
        );
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

/// Text columns of `table` read dictionary-encoded from Parquet, so that their checks run once
/// per distinct value.
fn dictionary_columns(table: &str) -> &'static [&'static str] {
    match table {
        "persons" => &["address_id", "sex", "origin", "origin_country", "education"],
        "pupils" => &["school_id"],
        "daycare_children" => &["institution_id"],
        _ => &[],
    }
}

/// The per-unit decoding state of [`check_persons`]: per distinct value, whether the address is
/// known, whether the origin needs a country, and whether a country is given.
#[derive(Default)]
struct PersonCaches {
    address: (Cache<bool>, Vec<bool>),
    needs_country: (Cache<bool>, Vec<bool>),
    has_country: (Cache<bool>, Vec<bool>),
}

/// The per-row checks of persons that need no ordering (the person-year repeats are recorded
/// afterwards, in [`record_person_years`]).
fn check_persons(b: &Batch, seen: &Seen, p: &mut Problems, c: &mut PersonCaches) {
    let batch = &b.batch;
    let bad = &mut |row: usize, col: &str, expected: &str, found: String| {
        p.at(&b.file, Some(b.lines.line(row)), Some(col), expected, found);
    };
    let col = |n: &str| batch.column_by_name(n).expect("column");
    let addr = col("address_id");
    decode(
        addr,
        &mut c.address.0,
        false,
        &|s| seen.addresses.contains(&fp(s)),
        &mut c.address.1,
    );
    decode(
        col("origin"),
        &mut c.needs_country.0,
        false,
        &|s| s != Origin::Danish.as_str() && Origin::parse(s).is_ok(),
        &mut c.needs_country.1,
    );
    decode(
        col("origin_country"),
        &mut c.has_country.0,
        false,
        &|s| !s.is_empty(),
        &mut c.has_country.1,
    );
    let year = col("year").as_primitive::<Int64Type>();
    let moved = batch
        .column_by_name("moved_in")
        .map(|c| c.as_primitive::<Date32Type>());
    let mut jan1 = (i64::MIN, i32::MAX);
    for r in 0..batch.num_rows() {
        if !c.address.1[r] {
            let id = text_at(addr, r).unwrap_or("");
            bad(
                r,
                "address_id",
                "an address in the addresses table",
                format!("{id:?}"),
            );
        }
        if c.needs_country.1[r] && !c.has_country.1[r] {
            bad(
                r,
                "origin_country",
                "a country of origin for immigrants and descendants",
                "an empty cell".into(),
            );
        }
        if let Some(m) = moved.filter(|m| !m.is_null(r)) {
            let y = year.value(r);
            if jan1.0 != y {
                jan1 = (y, first_day(y));
            }
            // Residence is as of 1 January: a move-in date after that day is a problem.
            if m.value(r) > jan1.1 {
                let d = Date::from_days_since_epoch(m.value(r));
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

/// Days since the epoch of 1 January of `year` (`i32::MAX` for a year outside the calendar,
/// which the range check reports).
fn first_day(year: i64) -> i32 {
    i32::try_from(year)
        .ok()
        .and_then(|y| Date::new(y, 1, 1).ok())
        .map_or(i32::MAX, Date::days_since_epoch)
}
