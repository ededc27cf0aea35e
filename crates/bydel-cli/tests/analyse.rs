//! `bydel analyse`: a small run dir written with bydel-io, analysed by the built binary.

use std::process::Command;

use bydel_model::{AreaId, AreaInfo, CountKey, CountsTable, Kind, Year};

fn set(t: &mut CountsTable, kind: &str, id: &str, y: i32, m: &str, v: i64) {
    let key = CountKey {
        kind: Kind::new(kind).unwrap(),
        area_id: AreaId::new(id).unwrap(),
        year: Year::new(y).unwrap(),
    };
    t.set(key, m, v);
}

fn info(t: &mut CountsTable, kind: &str, id: &str, name: &str) {
    t.add_area(AreaInfo {
        kind: Kind::new(kind).unwrap(),
        area_id: AreaId::new(id).unwrap(),
        name: name.into(),
        parent_id: None,
        municipality: Some(159),
        region: Some(1084),
    });
}

fn run_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut t = CountsTable::default();
    info(&mut t, "municipality", "159", "Gladsaxe");
    info(&mut t, "housing_area", "vaerebro", "Værebro Park");
    for (i, y) in (2016..=2022).enumerate() {
        let i = i as i64;
        set(&mut t, "housing_area", "vaerebro", y, "residents", 4000);
        set(
            &mut t,
            "housing_area",
            "vaerebro",
            y,
            "non_western",
            1800 + 20 * i,
        );
        set(&mut t, "municipality", "159", y, "residents", 70_000);
        set(
            &mut t,
            "municipality",
            "159",
            y,
            "non_western",
            9000 + 20 * i,
        );
    }
    bydel_io::counts::write_counts(dir.path(), &t).unwrap();
    dir
}

#[test]
fn analyse_writes_tables_and_shows_comparisons() {
    let run = run_dir();
    let out = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_bydel"))
        .args([
            "analyse",
            run.path().to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ])
        .args(["--show", "comparisons", "--format", "csv", "--draws", "50"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for name in [
        "indicator_values",
        "comparisons",
        "trends",
        "projections",
        "probabilities",
        "watchlist",
        "composition",
        "goals",
    ] {
        assert!(out.path().join(format!("{name}.csv")).exists(), "{name}");
    }
    let stdout = String::from_utf8(o.stdout).unwrap();
    // 2022: 1920/4000 = 0.48 against the rest (9120-1920)/(70000-4000) = 0.109091: ratio 4.4.
    let line = stdout
        .lines()
        .find(|l| l.starts_with("housing_area,vaerebro,Værebro Park,2022,e_non_western"))
        .unwrap();
    assert!(line.contains(",rest,0.48,"), "{line}");
    assert!(line.contains(",4.4,"), "{line}");
    assert!(line.contains(",true,ok"), "{line}");
}

#[test]
fn analyse_names_a_bad_indicator_file() {
    let run = run_dir();
    let out = tempfile::tempdir().unwrap();
    let ind = tempfile::tempdir().unwrap();
    std::fs::write(
        ind.path().join("bad.toml"),
        "type = \"indicator\"\nid = \"x\"\n",
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_bydel"))
        .args([
            "analyse",
            run.path().to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ])
        .args(["--indicators", ind.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "invalid input exits 1");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("bad.toml") && err.contains("missing field"),
        "{err}"
    );
    assert!(
        !out.path().join("comparisons.csv").exists(),
        "no partial output"
    );
}

/// Issue 13: `--format json` prints `[]` when there is nothing to print (no goals here).
#[test]
fn issue_13_json_of_an_empty_table_is_an_empty_array() {
    let run = run_dir();
    let out = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_bydel"))
        .args([
            "analyse",
            run.path().to_str().unwrap(),
            "--out",
            out.path().to_str().unwrap(),
        ])
        .args(["--show", "goals", "--format", "json", "--draws", "20"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(String::from_utf8_lossy(&o.stdout), "[]\n");
}
