//! The generated SQL, run on DuckDB (Python package), reproduces the native counts exactly: on
//! the hand-checked fixture and on a larger seeded random dataset that exercises every filter.
//!
//! Skips with a loud message only when `python3 -c "import duckdb"` fails; `.ci/packages.sh`
//! installs the package in CI.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use bydel_engine::sql::{self, Dialect};
use bydel_geo::AreaSet;
use bydel_io::Dataset;
use bydel_model::WesternList;
use bydel_model::measure::{MeasureSpec, builtin_measures};
use common::{Counts, compare, extra_measures, generate, native, parse_counts};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny")
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/duckdb_run.py")
}

fn duckdb_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import duckdb"])
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        eprintln!(
            "\n!!!!!!!! SKIPPING the generated-SQL test: `python3 -c \"import duckdb\"` failed.\n\
             !!!!!!!! Install it with `python3 -m pip install duckdb` (see .ci/packages.sh).\n"
        );
    }
    ok
}

fn via_duckdb(dir: &Path, measures: &[MeasureSpec], work: &Path) -> Counts {
    let ds = Dataset::open(dir).unwrap();
    let areas = AreaSet::parse(&std::fs::read_to_string(ds.areas_path()).unwrap()).unwrap();
    let mapping = work.join("address_areas_map.csv");
    let rows = sql::address_areas(&ds, &areas).unwrap();
    std::fs::write(&mapping, sql::address_areas_csv(&rows)).unwrap();
    let tables = sql::duckdb_tables(&ds, &areas, &mapping).unwrap();
    let query = sql::aggregation_sql(
        Dialect::DuckDb,
        measures,
        &WesternList::default_list(),
        &tables,
    )
    .unwrap();
    let (qf, out) = (work.join("query.sql"), work.join("out.csv"));
    std::fs::write(&qf, query).unwrap();
    let o = Command::new("python3")
        .arg(script())
        .args([&qf, &out])
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "duckdb failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    parse_counts(&std::fs::read_to_string(out).unwrap())
}

/// Compares every cell; returns the number of cells compared per measure.
fn check(dir: &Path, measures: &[MeasureSpec]) -> BTreeMap<String, usize> {
    let work = tempfile::tempdir().unwrap();
    compare(
        &native(dir, measures),
        &via_duckdb(dir, measures, work.path()),
        "DuckDB",
    )
}

#[test]
fn duckdb_reproduces_native_counts_on_fixture() {
    if !duckdb_available() {
        return;
    }
    let mut measures = builtin_measures();
    measures.extend(extra_measures());
    let n: usize = check(&fixture(), &measures).values().sum();
    assert!(n > 100, "{n} cells compared");
}

#[test]
fn duckdb_reproduces_native_counts_on_generated_data() {
    if !duckdb_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 0x5eed);
    let mut measures = builtin_measures();
    measures.extend(extra_measures());
    let per_measure = check(dir.path(), &measures);
    let area_years = (8 + 36 + 3 + 2 + 1) * 3;
    for m in &measures {
        assert_eq!(
            per_measure.get(&m.name),
            Some(&area_years),
            "every area-year of {}",
            m.name
        );
    }
    for m in bydel_engine::institutions::MEASURES {
        let n = per_measure.get(m).copied().unwrap_or(0);
        assert!(n > 20, "{m}: {n} cells compared");
    }
}

#[test]
fn every_dialect_renders() {
    let m = builtin_measures();
    let w = WesternList::default_list();
    for d in [Dialect::DuckDb, Dialect::Spark, Dialect::Trino] {
        let q = sql::aggregation_sql(d, &m, &w, &sql::Tables::named()).unwrap();
        assert!(q.contains("ROUND(COALESCE(p.outside_fte, 0) * 1000000)"));
        assert!(q.contains("EXTRACT(YEAR FROM decision_date) AS INTEGER) + 1"));
        assert_eq!(q.contains("STRING"), d == Dialect::Spark, "{d:?}");
    }
}
