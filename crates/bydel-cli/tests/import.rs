//! `bydel import --preset dst`: the register fixture of bydel-io becomes a dataset that
//! `bydel validate` accepts; a bad extract prints every problem, exits 1 and writes nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../bydel-io/tests/fixtures/dst")
        .join(name)
}

fn bydel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bydel"))
        .args(args)
        .output()
        .unwrap()
}

fn import(from: &Path, out: &Path, format: &str) -> Output {
    bydel(&[
        "import",
        "--preset",
        "dst",
        "--from",
        from.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        format,
    ])
}

#[test]
fn import_then_validate_succeeds_in_both_formats() {
    let tmp = tempfile::tempdir().unwrap();
    for format in ["parquet", "csv"] {
        let out = tmp.path().join(format);
        let res = import(&fixture("registers"), &out, format);
        let stderr = String::from_utf8_lossy(&res.stderr);
        assert_eq!(res.status.code(), Some(0), "{stderr}");
        assert!(
            stderr.contains("persons 22") && stderr.contains("convictions 8"),
            "{stderr}"
        );
        assert!(out.join(format!("persons.{format}")).is_file());
        let v = bydel(&["validate", out.to_str().unwrap()]);
        assert_eq!(
            v.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&v.stdout)
        );
    }
}

#[test]
fn a_bad_extract_prints_each_problem_and_writes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dataset");
    let res = import(&fixture("invalid"), &out, "csv");
    assert_eq!(res.status.code(), Some(1));
    let root = fixture("invalid").display().to_string();
    let stdout = String::from_utf8(res.stdout)
        .unwrap()
        .replace(&root, "FROM");
    let expected = std::fs::read_to_string(fixture("invalid/problems.txt")).unwrap();
    assert_eq!(stdout, expected);
    assert!(!out.exists());
}

#[test]
fn an_unknown_preset_is_a_usage_error() {
    let res = bydel(&["import", "--preset", "scb", "--from", ".", "--out", "x"]);
    assert_eq!(res.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&res.stderr).contains("dst"));
}
