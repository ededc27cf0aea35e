//! `bydel synth`: writes a valid dataset, deterministically per seed, with pseudonymous ids.

use std::process::Command;

fn synth(dir: &std::path::Path, seed: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_bydel"))
        .args(["synth", "--out"])
        .arg(dir)
        .args([
            "--seed",
            seed,
            "--years",
            "2019..2020",
            "--fraction",
            "0.05",
            "--format",
            "csv",
        ])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn synth_is_deterministic_valid_and_pseudonymous() {
    let (a, b, c) = (
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
        tempfile::tempdir().unwrap(),
    );
    synth(a.path(), "7");
    synth(b.path(), "7");
    synth(c.path(), "8");
    let read = |d: &tempfile::TempDir, f: &str| std::fs::read(d.path().join(f)).unwrap();
    for f in [
        "persons.csv",
        "convictions.csv",
        "pupils.csv",
        "daycare_children.csv",
        "areas.geojson",
        "dwellings.csv",
    ] {
        assert_eq!(
            read(&a, f),
            read(&b, f),
            "{f} differs between runs with the same seed"
        );
    }
    assert_ne!(read(&a, "persons.csv"), read(&c, "persons.csv"));
    let persons = String::from_utf8(read(&a, "persons.csv")).unwrap();
    for line in persons.lines().skip(1).take(5_000) {
        let id = line.split(',').next().unwrap();
        assert!(
            id.len() == 9 && id.starts_with('p') && id[1..].bytes().all(|b| b.is_ascii_digit()),
            "{id}"
        );
    }
    let validate = Command::new(env!("CARGO_BIN_EXE_bydel"))
        .arg("validate")
        .arg(a.path())
        .output()
        .unwrap();
    assert!(
        validate.status.success(),
        "{}",
        String::from_utf8_lossy(&validate.stdout)
    );
}

#[test]
fn synth_rejects_bad_settings() {
    let d = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_bydel"))
        .args(["synth", "--out"])
        .arg(d.path())
        .args(["--years", "2025..2012"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "bad settings are invalid input");
    assert!(String::from_utf8_lossy(&out.stderr).contains("years 2025..2012"));
}
