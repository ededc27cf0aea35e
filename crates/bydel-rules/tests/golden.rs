//! Golden cases: `tests/cases/<name>/` holds `case.toml` (`list_year`), `values.csv`, an
//! optional `history.csv`, the approved output `expected.csv` and hand-written assertions
//! `check.csv` (`area_id,column,value`) that hold whatever the snapshot says.
//! `UPDATE_EXPECT=1 cargo test -p bydel-rules --test golden` re-approves `expected.csv`.

use std::path::Path;

use bydel_rules::{History, Identity, ListYear, RuleSets, classify_table, flat_table};

#[test]
fn golden_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases");
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= 10,
        "expected the golden cases in {}",
        root.display()
    );
    let mut failures = Vec::new();
    for dir in &dirs {
        if let Err(e) = check(dir) {
            failures.push(format!(
                "{}: {e}",
                dir.file_name().unwrap().to_string_lossy()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n")
    );
}

fn check(dir: &Path) -> Result<(), String> {
    let read = |f: &str| std::fs::read_to_string(dir.join(f));
    let case: toml::Table = read("case.toml")
        .map_err(|e| e.to_string())?
        .parse()
        .map_err(|e| format!("{e}"))?;
    let year = case["list_year"].as_integer().ok_or("list_year")? as i32;
    let history = match read("history.csv") {
        Ok(text) => History::parse_csv("history.csv", &text).map_err(|e| e.to_string())?,
        Err(_) => History::new(),
    };
    let values = read("values.csv").map_err(|e| e.to_string())?;
    let results = classify_table(
        &RuleSets::danish(),
        ListYear::new(year).unwrap(),
        "values.csv",
        &values,
        &history,
    )
    .map_err(|e| e.to_string())?;
    let table = flat_table(&results, Identity::AreaOnly);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&table.columns).unwrap();
    for r in &table.rows {
        w.write_record(r).unwrap();
    }
    let actual = String::from_utf8(w.into_inner().unwrap()).unwrap();
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(dir.join("expected.csv"), &actual).unwrap();
    } else if read("expected.csv").map_err(|_| "no expected.csv (run with UPDATE_EXPECT=1)")?
        != actual
    {
        return Err("output differs from expected.csv (UPDATE_EXPECT=1 re-approves)".into());
    }
    assertions(&table, &read("check.csv").map_err(|_| "no check.csv")?)
}

fn assertions(table: &bydel_rules::FlatTable, checks: &str) -> Result<(), String> {
    let mut rdr = csv::Reader::from_reader(checks.as_bytes());
    let mut n = 0;
    for rec in rdr.records() {
        let rec = rec.map_err(|e| e.to_string())?;
        let (area, col, want) = (&rec[0], &rec[1], &rec[2]);
        let row = (0..table.rows.len())
            .find(|&r| table.get(r, "area_id") == Some(area))
            .ok_or(format!("no area {area}"))?;
        let got = table.get(row, col).ok_or(format!("no column {col}"))?;
        if got != want {
            return Err(format!("{area}.{col}: expected {want:?}, got {got:?}"));
        }
        n += 1;
    }
    if n == 0 {
        Err("check.csv has no assertions".into())
    } else {
        Ok(())
    }
}
