//! Golden, data-driven tests: each folder of `tests/golden/` holds `input.csv` and `method.toml`
//! and the expected `areas.csv` and `contributions.csv` (and `summary.csv` for IMD inputs with a
//! `parent_id`). The expected files were checked by hand (see the worked examples in
//! docs/indices.md). `UPDATE_EXPECT=1 cargo test -p bydel-index --test golden` re-approves.

use std::path::{Path, PathBuf};

use bydel_index::{
    CsvColumns, IndexOutput, Method, ResultTable, Stability, read_area_csv, run, summarise,
};

fn render(t: &ResultTable) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&t.header).unwrap();
    for r in &t.rows {
        w.write_record(r).unwrap();
    }
    String::from_utf8(w.into_inner().unwrap()).unwrap()
}

fn check(dir: &Path, name: &str, actual: &str) -> Option<String> {
    let path = dir.join(name);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, actual).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_default();
    (expected != actual).then(|| {
        format!(
            "{}:\n--- expected\n{expected}--- actual\n{actual}",
            path.display()
        )
    })
}

fn run_case(dir: &Path) -> Vec<String> {
    let input = std::fs::read_to_string(dir.join("input.csv")).unwrap();
    let table = read_area_csv(input.as_bytes(), "input.csv", &CsvColumns::default()).unwrap();
    let text = std::fs::read_to_string(dir.join("method.toml")).unwrap();
    let method = Method::from_toml(&text, "method.toml").unwrap();
    let output = run(&method, &table, Stability::Off).unwrap();
    let mut failures = vec![
        check(dir, "areas.csv", &render(&output.areas_table())),
        check(
            dir,
            "contributions.csv",
            &render(&output.contributions_table()),
        ),
    ];
    if let IndexOutput::Imd(r) = &output {
        let summary = bydel_index::render::summary_table(&summarise(r));
        failures.push(check(dir, "summary.csv", &render(&summary)));
    }
    failures.into_iter().flatten().collect()
}

#[test]
fn golden_cases() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 3, "golden cases missing");
    let failures: Vec<String> = dirs.iter().flat_map(|d| run_case(d)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
