//! `bydel segregation`: snapshots of the output and the errors for bad input.

use std::path::PathBuf;
use std::process::Command;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../bydel-segregation/tests/fixtures")
        .join(name)
}

fn bydel(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bydel"))
        .args(args)
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (
        out.status.code().unwrap(),
        text(out.stdout),
        text(out.stderr),
    )
}

fn counts_file(text: &str) -> tempfile::NamedTempFile {
    let f = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(f.path(), text).unwrap();
    f
}

#[test]
fn multigroup_table() {
    let path = fixture("areas_small.csv");
    let (code, out, _) = bydel(&[
        "segregation",
        path.to_str().unwrap(),
        "--groups",
        "g1,g2,g3",
    ]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(out);
}

#[test]
fn single_group_csv_with_bootstrap() {
    let f = counts_file("area_id,nw,residents\na,10,100\nb,50,100\nc,5,80\nd,0,0\ne,40,60\n");
    let path = f.path().to_str().unwrap();
    let args = [
        "segregation",
        path,
        "--groups",
        "nw",
        "--total",
        "residents",
        "--format",
        "csv",
        "--bootstrap",
        "200",
        "--seed",
        "7",
    ];
    let (code, out, _) = bydel(&args);
    assert_eq!(code, 0);
    insta::assert_snapshot!(out);
    // The same seed gives the same intervals.
    assert_eq!(bydel(&args).1, out);
}

#[test]
fn single_group_json() {
    let f = counts_file("area_id,nw,residents\na,10,100\nb,50,100\n");
    let path = f.path().to_str().unwrap();
    let (code, out, _) = bydel(&[
        "segregation",
        path,
        "--groups",
        "nw",
        "--total",
        "residents",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(out);
}

#[test]
fn bad_cell_names_line_and_column() {
    let f = counts_file("area_id,nw,residents\na,10,100\nb,ten,100\n");
    let path = f.path().to_str().unwrap();
    let (code, out, err) = bydel(&[
        "segregation",
        path,
        "--groups",
        "nw",
        "--total",
        "residents",
    ]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(
        err.contains(
            "line 3, column \"nw\": expected a whole number of persons from 0 to 9007199254740992, found \"ten\""
        ),
        "{err}"
    );
}

#[test]
fn group_larger_than_total_and_missing_total_are_errors() {
    let f = counts_file("area_id,nw,residents\na,10,100\nb,101,100\n");
    let path = f.path().to_str().unwrap();
    let (code, _, err) = bydel(&[
        "segregation",
        path,
        "--groups",
        "nw",
        "--total",
        "residents",
    ]);
    assert_eq!(code, 1);
    assert!(err.contains("line 3, column \"residents\""), "{err}");
    let (code, _, err) = bydel(&["segregation", path, "--groups", "nw"]);
    assert_eq!(code, 1);
    assert!(err.contains("needs a total column"), "{err}");
    let (code, _, err) = bydel(&["segregation", path, "--groups", "nw", "--total", "people"]);
    assert_eq!(code, 1);
    assert!(err.contains("\"people\" not found"), "{err}");
}
