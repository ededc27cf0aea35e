//! The audit catches deliberately unprotected publications (so it is known to work) and
//! finds nothing in what `release` writes.

mod common;

use std::fs;

use bydel_privacy::publish::write_release;
use bydel_privacy::{Policy, audit_dir, release};
use common::residents_table;

const MANIFEST: &str = r#"{
  "format": "bydel-privacy-manifest/1",
  "policy": {"name": "danmarks-statistik", "min_count": 3, "min_area_population": 20,
             "dominance": {"n": 2, "k_percent": 85}, "p_percent": 10, "rounding": {"kind": "none"}},
  "tables": [{"name": "residents", "file": "residents.csv", "key_columns": ["kind", "area_id", "year"],
              "columns": [{"name": "residents", "kind": "count", "quantity": "residents"}]}],
  "relations": [{"key_columns": ["kind", "area_id", "year"], "kind": "rows",
                 "total": ["municipality", "m", "2024"],
                 "parts": [["district", "d0", "2024"], ["district", "d1", "2024"], ["district", "d2", "2024"]],
                 "coverage": "complete"}]
}"#;

fn audit(csv: &str, manifest: &str) -> bydel_privacy::AuditReport {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("residents.csv"), csv).unwrap();
    fs::write(dir.path().join("hand.privacy.json"), manifest).unwrap();
    audit_dir(dir.path()).unwrap()
}

#[test]
fn catches_primary_suppression_without_secondary() {
    let csv = "kind,area_id,year,residents\nmunicipality,m,2024,92\ndistrict,d0,2024,..\ndistrict,d1,2024,40\ndistrict,d2,2024,50\n";
    let report = audit(csv, MANIFEST);
    assert_eq!(report.findings.len(), 1, "{report:?}");
    let f = &report.findings[0];
    assert_eq!(f.label, "district/d0/2024 residents (count)");
    assert_eq!((f.lo, f.hi), (Some(2.0), Some(2.0)));
}

#[test]
fn catches_a_pair_that_is_too_narrow() {
    let csv = "kind,area_id,year,residents\nmunicipality,m,2024,92\ndistrict,d0,2024,..\ndistrict,d1,2024,..\ndistrict,d2,2024,90\n";
    let report = audit(csv, MANIFEST);
    assert_eq!(report.findings.len(), 2, "both are within [0, 2]");
}

#[test]
fn catches_a_small_sliver_between_overlapping_layers() {
    let manifest = MANIFEST.replace("\"complete\"", "\"partial\"");
    let csv = "kind,area_id,year,residents\nmunicipality,m,2024,92\ndistrict,d0,2024,40\ndistrict,d1,2024,40\ndistrict,d2,2024,10\n";
    let report = audit(csv, &manifest);
    assert_eq!(report.findings.len(), 1);
    assert!(report.findings[0].label.contains("remainder"));
}

#[test]
fn catches_attacks_across_two_releases_in_one_folder() {
    // release A hides d0 with d1 as complement; a second, separate release publishes d1
    let dir = tempfile::tempdir().unwrap();
    let a = release(
        vec![residents_table(
            "a",
            &[(2, vec![]), (40, vec![]), (50, vec![])],
        )],
        &Policy::danmarks_statistik(),
    )
    .unwrap();
    write_release(dir.path(), "a", &a).unwrap();
    assert!(audit_dir(dir.path()).unwrap().findings.is_empty());
    let csv = "kind,area_id,year,residents\ndistrict,d1,2024,40\n";
    fs::write(dir.path().join("residents.csv"), csv).unwrap();
    let start = MANIFEST.find(r#""relations""#).unwrap();
    let manifest = format!("{}\"relations\": []}}", &MANIFEST[..start]);
    fs::write(dir.path().join("b.privacy.json"), manifest).unwrap();
    let report = audit_dir(dir.path()).unwrap();
    assert!(
        !report.findings.is_empty(),
        "d0 = 92 − 40 − 50 across the two releases"
    );
}

#[test]
fn refuses_folders_without_a_manifest_and_bad_files() {
    let dir = tempfile::tempdir().unwrap();
    assert!(audit_dir(dir.path()).is_err());
    fs::write(dir.path().join("x.privacy.json"), "{not json").unwrap();
    let err = audit_dir(dir.path()).unwrap_err().to_string();
    assert!(err.contains("x.privacy.json"), "{err}");
    let bad = "kind,area_id,year,residents\nmunicipality,m,2024,ninety\n";
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("residents.csv"), bad).unwrap();
    fs::write(dir.path().join("m.privacy.json"), MANIFEST).unwrap();
    let err = audit_dir(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains("residents.csv: line 2") && err.contains("ninety"),
        "{err}"
    );
}

#[test]
fn catches_small_numbers_published_without_any_control() {
    let csv = "kind,area_id,year,residents\nmunicipality,m,2024,92\ndistrict,d0,2024,2\ndistrict,d1,2024,40\ndistrict,d2,2024,50\n";
    let report = audit(csv, MANIFEST);
    assert_eq!(report.findings.len(), 1);
    assert_eq!(
        report.findings[0].label,
        "district/d0/2024 residents: published 2, below the minimum 3"
    );
}
