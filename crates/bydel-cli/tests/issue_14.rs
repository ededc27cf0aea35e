//! Issue 14: `bydel aggregate` validates the persons during its own read of them. Whatever the
//! problem, it must print exactly what `bydel validate` prints, exit 1 and write nothing — on
//! every golden validation case (`tests/cases/validate/`), as CSV and converted to Parquet
//! (where text columns are dictionary-encoded and checked once per distinct value).

use std::path::{Path, PathBuf};
use std::process::Command;

use bydel_io::read::read_source;
use bydel_io::{Dataset, FileFormat, TableWriter};
use bydel_model::schema;

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/validate");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    cases
}

/// The base fixture with the case's files over it (`REMOVE` lists files to delete).
fn materialise(case: &Path, dir: &Path) {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("../bydel-engine/tests/fixtures/tiny");
    std::fs::create_dir_all(dir).unwrap();
    for e in std::fs::read_dir(base).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join(p.file_name().unwrap())).unwrap();
    }
    for e in std::fs::read_dir(case).unwrap() {
        let p = e.unwrap().path();
        match p.file_name().unwrap().to_str().unwrap() {
            "expected.txt" => {}
            "REMOVE" => {
                for f in std::fs::read_to_string(&p).unwrap().lines() {
                    std::fs::remove_file(dir.join(f)).unwrap();
                }
            }
            name => {
                std::fs::copy(&p, dir.join(name)).unwrap();
            }
        }
    }
}

/// Every table of a readable CSV dataset as Parquet; `false` when the dataset cannot be opened.
fn to_parquet(csv: &Path, out: &Path) -> bool {
    let Ok(ds) = Dataset::open(csv) else {
        return false;
    };
    std::fs::create_dir_all(out).unwrap();
    if let Err(e) = std::fs::copy(csv.join("areas.geojson"), out.join("areas.geojson")) {
        panic!("{}: {e}", csv.display());
    }
    for table in schema::TABLES {
        let Ok(Some(source)) = ds.source(table) else {
            continue;
        };
        let mut w = TableWriter::create(out, table, FileFormat::Parquet).unwrap();
        let read = read_source(&source, table, None, &mut |b| w.write_batch(&b.batch));
        if read.is_err() {
            return false;
        }
        w.finish().unwrap();
    }
    true
}

/// (exit code, stdout with the dataset folder as `DATA`).
fn bydel(args: &[&str], data: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bydel"))
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout)
        .unwrap()
        .replace(&data.display().to_string(), "DATA");
    (out.status.code().unwrap_or(-1), stdout)
}

/// `bydel aggregate` agrees with `bydel validate` on `data`, exits 1 and writes nothing.
fn agrees(data: &Path, counts: &Path) -> Option<String> {
    let d = data.to_str().unwrap();
    let validate = bydel(&["validate", d], data);
    let aggregate = bydel(&["aggregate", d, "--out", counts.to_str().unwrap()], data);
    let wrote = counts.exists();
    (validate.0 != 1 || aggregate != validate || wrote).then(|| {
        format!(
            "{}:\n--- validate (exit {})\n{}--- aggregate (exit {}, wrote {wrote})\n{}",
            data.display(),
            validate.0,
            validate.1,
            aggregate.0,
            aggregate.1
        )
    })
}

#[test]
fn issue_14_aggregate_reports_every_problem_that_validate_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut parquet_cases = 0;
    for (i, case) in cases().iter().enumerate() {
        let csv = tmp.path().join(format!("csv{i}"));
        materialise(case, &csv);
        failures.extend(agrees(&csv, &tmp.path().join(format!("counts-csv{i}"))));
        let parquet = tmp.path().join(format!("parquet{i}"));
        if to_parquet(&csv, &parquet)
            && bydel(&["validate", parquet.to_str().unwrap()], &parquet).0 == 1
        {
            parquet_cases += 1;
            failures.extend(agrees(&parquet, &tmp.path().join(format!("counts-pq{i}"))));
        }
    }
    assert!(parquet_cases >= 8, "only {parquet_cases} Parquet cases");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
