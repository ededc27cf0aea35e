//! `bydel pseudonymise` and `bydel audit` through the built binary.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use bydel_privacy::hierarchy::AREA_KEY;
use bydel_privacy::publish::write_published;
use bydel_privacy::{Cell, Column, Coverage, Policy, Relation, ResultTable, release};

fn bydel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bydel"))
        .args(args)
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

const KEY: &str = "0123456789abcdef0123456789abcdef-test-key-never-printed";

fn dataset(root: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let input = root.join("raw");
    fs::create_dir(&input).unwrap();
    let persons = "person_id,year,family_id,age\n010190-1234,2024,0101901234,34\n020285-4321,2024,0101901234,39\n";
    fs::write(input.join("persons.csv"), persons).unwrap();
    let convictions = "person_id,decision_date,law,guilty\n0101901234,2023-05-01,penal,true\n";
    fs::write(input.join("convictions.csv"), convictions).unwrap();
    fs::write(
        input.join("areas.geojson"),
        "{\"type\":\"FeatureCollection\",\"features\":[]}",
    )
    .unwrap();
    let key = root.join("key");
    fs::write(&key, KEY).unwrap();
    (input, key)
}

#[test]
fn pseudonymise_is_consistent_and_leaks_neither_cpr_nor_key() {
    let dir = tempfile::tempdir().unwrap();
    let (input, key) = dataset(dir.path());
    let out = dir.path().join("pseudo");
    let args = [
        "pseudonymise",
        "--key",
        key.to_str().unwrap(),
        input.to_str().unwrap(),
        out.to_str().unwrap(),
    ];
    let o = bydel(&args);
    assert!(o.status.success(), "{}", text(&o));
    let log = text(&o);
    assert!(
        !log.contains("0101901234") && !log.contains("010190-1234") && !log.contains(KEY),
        "{log}"
    );
    let persons = fs::read_to_string(out.join("persons.csv")).unwrap();
    let convictions = fs::read_to_string(out.join("convictions.csv")).unwrap();
    for f in [&persons, &convictions] {
        assert!(
            !bydel_privacy::cpr::contains_cpr(f) && !f.contains(KEY),
            "{f}"
        );
    }
    // the same person (with and without dash) has one pseudonym in both tables and in family_id
    let p: Vec<Vec<&str>> = persons
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let c: Vec<&str> = convictions.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(p[0][0], c[0]);
    assert_eq!(p[0][0], p[0][2]);
    assert_ne!(p[0][0], p[1][0]);
    assert_eq!(p[0][0].len(), 32);
    assert!(out.join("areas.geojson").exists());
    let names: Vec<_> = fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != ".bydel-output")
        .collect();
    assert_eq!(names.len(), 3, "no key, no temp files: {names:?}");
}

#[test]
fn pseudonymise_refuses_without_a_good_key_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let (input, key) = dataset(dir.path());
    let (i, out) = (input.to_str().unwrap(), dir.path().join("o"));
    let o = bydel(&["pseudonymise", i, out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "missing --key");
    let short = dir.path().join("short");
    fs::write(&short, "tooshort").unwrap();
    let o = bydel(&[
        "pseudonymise",
        "--key",
        short.to_str().unwrap(),
        i,
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("at least 32 bytes") && !text(&o).contains("tooshort"));
    assert!(!out.exists(), "a failed run writes nothing");
    let inside = input.join("k");
    fs::copy(&key, &inside).unwrap();
    let o = bydel(&[
        "pseudonymise",
        "--key",
        inside.to_str().unwrap(),
        i,
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "key inside the input folder");
    fs::remove_file(&inside).unwrap();
    fs::create_dir(&out).unwrap();
    let o = bydel(&[
        "pseudonymise",
        "--key",
        key.to_str().unwrap(),
        i,
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "an existing output is the user's input"
    );
    assert!(text(&o).contains("already exists"));
}

fn hierarchy_release(dir: &Path) {
    let mut t = ResultTable::new("residents", &AREA_KEY, vec![Column::count("residents")]).unwrap();
    let k = |kind: &str, id: &str| vec![kind.to_string(), id.to_string(), "2024".to_string()];
    for (kind, id, n) in [
        ("municipality", "m", 92),
        ("district", "d0", 2),
        ("district", "d1", 40),
        ("district", "d2", 50),
    ] {
        t.push_row(k(kind, id), None, vec![Cell::Count(n)]).unwrap();
    }
    let parts = ["d0", "d1", "d2"]
        .iter()
        .map(|d| k("district", d))
        .collect();
    t.add_relation(Relation::Rows {
        total: k("municipality", "m"),
        parts,
        coverage: Coverage::Complete,
    })
    .unwrap();
    let rel = release(vec![t], &Policy::danmarks_statistik()).unwrap();
    write_published(dir, &rel, Default::default()).unwrap();
    // public geography: the three districts partition the municipality
    let square = |id: &str, kind: &str, parent: &str, x: f64| {
        format!(
            r#"{{"type":"Feature","properties":{{"kind":"{kind}","area_id":"{id}","name":"{id}","parent_kind":"municipality","parent_id":"{parent}","municipality":999}},"geometry":{{"type":"Polygon","coordinates":[[[{x},55],[{x1},55],[{x1},56],[{x},56],[{x},55]]]}}}}"#,
            x1 = x + 1.0
        )
    };
    let features: Vec<String> = ["d0", "d1", "d2"]
        .iter()
        .enumerate()
        .map(|(i, d)| square(d, "district", "m", 12.0 + i as f64))
        .collect();
    fs::write(
        dir.join("areas.geojson"),
        format!(
            r#"{{"type":"FeatureCollection","partitions":[{{"kind":"district","parent_kind":"municipality"}}],"features":[{}]}}"#,
            features.join(",")
        ),
    )
    .unwrap();
}

#[test]
fn audit_passes_a_release_and_catches_an_unprotected_edit() {
    let dir = tempfile::tempdir().unwrap();
    hierarchy_release(dir.path());
    let o = bydel(&["audit", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    // a file written without passing the release is reported
    fs::write(dir.path().join("extra.csv"), "a,b\n1,2\n").unwrap();
    let o = bydel(&["audit", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("extra.csv"), "{}", text(&o));
    fs::remove_file(dir.path().join("extra.csv")).unwrap();
    // an analyst "un-suppresses" the complement by hand: the 2 becomes recoverable
    let path = dir.path().join("residents.csv");
    let csv = fs::read_to_string(&path)
        .unwrap()
        .replace("district,d1,2024,..", "district,d1,2024,40");
    fs::write(&path, csv).unwrap();
    let o = bydel(&["audit", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o).contains("exactly 2"), "{}", text(&o));
}
