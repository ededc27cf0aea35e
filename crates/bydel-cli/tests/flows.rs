//! `bydel flows` on a small synthetic dataset: it decomposes the same indicators `bydel run`
//! publishes (every criterion and register indicator of persons in the catalogue, one list), and
//! compares retention with the rest of the municipality (the municipality minus the area).

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap().split(',').map(String::from).collect();
    let rows = lines
        .map(|l| l.split(',').map(String::from).collect())
        .collect();
    (header, rows)
}

#[test]
fn issue_15_flows_decomposes_every_catalogue_indicator_and_compares_with_the_rest() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let result = out.path().join("flows");
    let bin = env!("CARGO_BIN_EXE_bydel");
    run(Command::new(bin)
        .args(["synth", "--out"])
        .arg(data.path())
        .args(["--years", "2016..2019", "--fraction", "0.05"]));
    let summary = run(Command::new(bin)
        .arg("flows")
        .arg(data.path())
        .arg("--out")
        .arg(&result)
        .args(["--municipality", "159", "--replicates", "0"]));

    // the municipality's decomposition: one row set per indicator, the publication's list
    let (h, rows) = csv(&result.join("decomposition.csv"));
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let (kind, id, ind) = (col("kind"), col("area_id"), col("indicator"));
    let decomposed: BTreeSet<&str> = rows
        .iter()
        .filter(|r| r[kind] == "municipality" && r[id] == "159")
        .map(|r| r[ind].as_str())
        .collect();
    let catalogue = bydel_analysis::Catalogue::builtin().unwrap();
    let expected: Vec<String> = bydel_flows::catalogue_indicators(&catalogue)
        .into_iter()
        .map(|i| i.code)
        .collect();
    assert!(expected.len() > 5, "{expected:?}");
    let expected: BTreeSet<&str> = expected.iter().map(String::as_str).collect();
    assert_eq!(decomposed, expected);
    // without --from/--to the period is the dataset's years
    let period: BTreeSet<(&str, &str)> = rows
        .iter()
        .map(|r| (r[col("from")].as_str(), r[col("to")].as_str()))
        .collect();
    assert_eq!(period, BTreeSet::from([("2016", "2019")]));

    // retention of the strategy areas against the rest of the municipality, with intervals
    let (h, rows) = csv(&result.join("retention.csv"));
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let row = rows
        .iter()
        .find(|r| r[col("area_id")] == "159-vaerebro-park" && r[col("split")] == "work_edu")
        .expect("Værebro Park's row");
    let num = |n: &str| row[col(n)].parse::<f64>().unwrap();
    let (rest, lo, hi) = (
        num("rest_retention"),
        num("rest_retention_lo"),
        num("rest_retention_hi"),
    );
    assert!(0.5 < rest && rest < 1.0, "{rest}");
    assert!(
        lo <= rest && rest <= hi && hi - lo < 0.1,
        "{lo} {rest} {hi}"
    );
    assert!(
        summary.contains("i resten af kommunen"),
        "the summary compares with the rest: {summary}"
    );
}

/// The municipality is the user's to name (no built-in default), and a period outside the
/// dataset's years is refused before anything is computed or written.
#[test]
fn flows_refuses_a_missing_municipality_and_a_period_outside_the_data() {
    let data = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_bydel");
    run(Command::new(bin)
        .args(["synth", "--out"])
        .arg(data.path())
        .args(["--years", "2016..2018", "--fraction", "0.02"]));
    let fails = |extra: &[&str]| {
        let result = out.path().join("flows");
        let o = Command::new(bin)
            .arg("flows")
            .arg(data.path())
            .arg("--out")
            .arg(&result)
            .args(extra)
            .output()
            .unwrap();
        assert!(!o.status.success(), "{extra:?} should fail");
        assert!(!result.exists(), "{extra:?} wrote {}", result.display());
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    assert!(fails(&[]).contains("--municipality"));
    let e = fails(&["--municipality", "159", "--from", "2010"]);
    assert!(e.contains("--from 2010") && e.contains("2016–2018"), "{e}");
    let e = fails(&["--municipality", "159", "--from", "2018", "--to", "2017"]);
    assert!(e.contains("before --to"), "{e}");
    let e = fails(&["--municipality", "9999"]);
    assert!(e.contains("no area"), "{e}");
}
