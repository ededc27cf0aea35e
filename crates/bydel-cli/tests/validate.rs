//! Golden tests of `bydel validate`: one case per kind of input problem. Each case folder under
//! `tests/cases/validate/` holds the files that differ from the base fixture (a `REMOVE` file
//! lists files to delete) and `expected.txt`, the exact stdout. `UPDATE_EXPECT=1` re-approves.

use std::path::{Path, PathBuf};
use std::process::Command;

fn base() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../bydel-engine/tests/fixtures/tiny")
}

/// Builds the case's dataset in a temporary folder.
fn materialise(case: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir(base()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    for e in std::fs::read_dir(case).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        match name.as_str() {
            "expected.txt" => {}
            "REMOVE" => {
                for f in std::fs::read_to_string(&p).unwrap().lines() {
                    std::fs::remove_file(dir.path().join(f)).unwrap();
                }
            }
            _ => {
                std::fs::copy(&p, dir.path().join(&name)).unwrap();
            }
        }
    }
    dir
}

fn check(case: &Path) -> Option<String> {
    let data = materialise(case);
    let out = Command::new(env!("CARGO_BIN_EXE_bydel"))
        .arg("validate")
        .arg(data.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout)
        .unwrap()
        .replace(&data.path().display().to_string(), "DATA");
    let actual = format!("exit {}\n{stdout}", out.status.code().unwrap_or(-1));
    let expected_path = case.join("expected.txt");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expected_path, &actual).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    (expected != actual).then(|| {
        format!(
            "{}:\n--- expected\n{expected}--- actual\n{actual}",
            case.display()
        )
    })
}

#[test]
fn every_kind_of_input_problem_is_named() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cases/validate");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 15);
    let failures: Vec<String> = cases.iter().filter_map(|c| check(c)).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_base_fixture_is_valid() {
    let out = Command::new(env!("CARGO_BIN_EXE_bydel"))
        .arg("validate")
        .arg(base())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
