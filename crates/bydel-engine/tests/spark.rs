//! The generated Spark SQL, run on a real Spark in local mode (pyspark, `scripts/spark_run.py`),
//! reproduces the native counts exactly, cell by cell, on the seeded random dataset of the
//! DuckDB test: every person measure (built-in and extra filters), convictions, and the 18
//! institution and family measures.
//!
//! Skips with a loud message when `python3 -c "import pyspark"` or `java -version` fails,
//! unless `BYDEL_REQUIRE_SPARK=1` or `BYDEL_REQUIRE_ORACLES=1` (`.ci/run` sets the latter;
//! `.ci/packages.sh` installs pyspark, and the CI machine has Java 17), which makes a missing
//! Spark a failure.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use bydel_engine::sql::{self, Dialect, Tables};
use bydel_geo::AreaSet;
use bydel_io::{Dataset, Source};
use bydel_model::WesternList;
use bydel_model::measure::builtin_measures;
use common::{compare, extra_measures, generate, native, parse_counts};

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/spark_run.py")
}

fn spark_available() -> bool {
    let ok = |cmd: &mut Command| cmd.output().is_ok_and(|o| o.status.success());
    let have = ok(Command::new("python3").args(["-c", "import pyspark"]))
        && ok(Command::new("java").arg("-version"));
    if !have {
        let required = ["BYDEL_REQUIRE_SPARK", "BYDEL_REQUIRE_ORACLES"]
            .iter()
            .any(|v| std::env::var(v).as_deref() == Ok("1"));
        assert!(
            !required,
            "BYDEL_REQUIRE_SPARK=1 or BYDEL_REQUIRE_ORACLES=1 (CI) but pyspark or java is \
             missing (see .ci/packages.sh)"
        );
        eprintln!(
            "\n!!!!!!!! SKIPPING the Spark equality test: `python3 -c \"import pyspark\"` or \
             `java -version` failed.\n!!!!!!!! Install with `python3 -m pip install pyspark` \
             (see .ci/packages.sh) and Java 17.\n"
        );
    }
    have
}

fn path_of(src: &Source) -> String {
    match src {
        Source::Parquet(p) | Source::Csv(p) | Source::Xlsx(p) => p.display().to_string(),
        Source::ParquetDir(files) => files[0]
            .parent()
            .expect("a folder of Parquet files")
            .display()
            .to_string(),
    }
}

#[test]
fn spark_reproduces_native_counts_cell_by_cell() {
    if !spark_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 0x5eed);
    let mut measures = builtin_measures();
    measures.extend(extra_measures());
    let ours = native(dir.path(), &measures);

    let work = tempfile::tempdir().unwrap();
    let ds = Dataset::open(dir.path()).unwrap();
    let areas = AreaSet::parse(&std::fs::read_to_string(ds.areas_path()).unwrap()).unwrap();
    let mapping = work.path().join("address_areas_map.csv");
    let rows = sql::address_areas(&ds, &areas).unwrap();
    std::fs::write(&mapping, sql::address_areas_csv(&rows)).unwrap();
    // The recipe of docs/performance.md: every table registered under its canonical name.
    let tables = Tables::named_for(&ds, &areas).unwrap();
    let query = sql::aggregation_sql(
        Dialect::Spark,
        &measures,
        &WesternList::default_list(),
        &tables,
    )
    .unwrap();
    let qf = work.path().join("query.sql");
    std::fs::write(&qf, &query).unwrap();
    let mut cmd = Command::new("python3");
    cmd.arg(script()).arg(&qf).arg(work.path().join("out.csv"));
    cmd.arg("--table")
        .arg(format!("address_areas={}", mapping.display()));
    // The dataset's own `address_areas` (placement overrides) is already inside the mapping,
    // which takes that name.
    for t in bydel_model::schema::TABLES
        .iter()
        .filter(|t| t.name != bydel_model::schema::ADDRESS_AREAS.name)
    {
        if let Some(src) = ds.source(t).unwrap() {
            cmd.arg("--table")
                .arg(format!("{}={}", t.name, path_of(&src)));
        }
    }
    let o = cmd.output().unwrap();
    assert!(
        o.status.success(),
        "spark failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    eprintln!("spark: {}", String::from_utf8_lossy(&o.stdout).trim());
    let out = work.path().join("out.csv");
    let theirs = parse_counts(&std::fs::read_to_string(&out).unwrap());
    let per_measure = compare(&ours, &theirs, "Spark");
    // The recipe's way back: Spark's file imported, checked, equal to the native counts.
    let imported = bydel_engine::import::import_counts(&ds, &areas, &measures, true, &out).unwrap();
    let imported: common::Counts = imported
        .rows()
        .map(|(k, m, v)| {
            let key = (
                k.kind.as_str().to_string(),
                k.area_id.as_str().to_string(),
                k.year.get(),
                m.to_string(),
            );
            (key, v)
        })
        .collect();
    compare(&ours, &imported, "Spark, imported");
    for m in measures
        .iter()
        .map(|m| m.name.as_str())
        .chain(bydel_engine::institutions::MEASURES)
    {
        let n = per_measure.get(m).copied().unwrap_or(0);
        assert!(n > 20, "{m}: {n} cells compared");
    }
}
