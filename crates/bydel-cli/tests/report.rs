//! `bydel report` and `bydel export` on the report crate's fixture run folder.

use std::path::Path;
use std::process::Command;

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../bydel-report/tests/fixtures/run")
}

#[test]
fn report_and_export_write_their_files() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("r.html");
    let out = Command::new(env!("CARGO_BIN_EXE_bydel"))
        .args([
            "report",
            fixture().to_str().unwrap(),
            "--out",
            html.to_str().unwrap(),
            "--lang",
            "en",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .contains("<html lang=\"en\">")
    );
    let book = dir.path().join("b.xlsx");
    let out = Command::new(env!("CARGO_BIN_EXE_bydel"))
        .args([
            "export",
            fixture().to_str().unwrap(),
            "--xlsx",
            book.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(std::fs::metadata(&book).unwrap().len() > 1000);
}

#[test]
fn a_run_folder_without_published_tables_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_bydel"))
        .args([
            "report",
            dir.path().to_str().unwrap(),
            "--out",
            dir.path().join("r.html").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("published"));
    assert!(!dir.path().join("r.html").exists());
}

#[test]
fn pdf_without_chromium_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_bydel"))
        .args([
            "report",
            fixture().to_str().unwrap(),
            "--out",
            dir.path().join("r.html").to_str().unwrap(),
            "--pdf",
        ])
        .env("PATH", "")
        .env("BYDEL_CHROMIUM", "")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no headless Chromium found"), "{stderr}");
    assert!(stderr.contains("BYDEL_CHROMIUM"), "{stderr}");
    assert!(!dir.path().join("r.pdf").exists());
}
