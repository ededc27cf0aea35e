//! `bydel run` for a municipality that is not Gladsaxe: the synthetic Denmark's København (101),
//! from the dataset all the way to the released tables, the report and the workbook, driven by a
//! config file alone (issue #12).

use std::process::Command;

fn bydel() -> Command {
    Command::new(env!("CARGO_BIN_EXE_bydel"))
}

fn ok(out: std::process::Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn another_municipality_runs_from_a_config_alone() {
    let dir = tempfile::tempdir().unwrap();
    let dataset = dir.path().join("dataset");
    ok(bydel()
        .arg("synth")
        .arg("--out")
        .arg(&dataset)
        .output()
        .unwrap());
    let config = dir.path().join("kbh.toml");
    std::fs::write(
        &config,
        "[municipality]\ncode = 101\n[layers]\nareas = [\"housing_area\"]\n\
         institutions = [\"school\", \"daycare\"]\n[report]\nlanguage = \"da\"\npeers = [159]\n",
    )
    .unwrap();
    let run = dir.path().join("run");
    let stdout = ok(bydel()
        .arg("run")
        .arg(&dataset)
        .arg("--config")
        .arg(&config)
        .arg("--out")
        .arg(&run)
        .output()
        .unwrap());
    assert!(stdout.contains("København"), "{stdout}");
    let published = run.join("published");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(published.join("manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["municipality"]["code"], 101);
    for f in [
        "criteria.csv",
        "classification.csv",
        "indicators.csv",
        "report.html",
        "book.xlsx",
    ] {
        assert!(published.join(f).exists(), "missing {f}");
    }
    let report = std::fs::read_to_string(published.join("report.html")).unwrap();
    assert!(
        report.contains("København"),
        "the report is about København"
    );
    // the published areas are København's own, not Gladsaxe's
    let areas = std::fs::read_to_string(published.join("areas.geojson")).unwrap();
    assert!(areas.contains("\"municipality\":101"), "{areas}");
    assert!(!areas.contains("\"municipality\":159"));
    // Counts aggregated elsewhere (here: the run's own work/counts) publish exactly the same
    // tables as the dataset they came from (issue #14: counts from Spark, DuckDB or Trino).
    let from_counts = dir.path().join("run-from-counts");
    ok(bydel()
        .arg("run")
        .arg("--counts")
        .arg(run.join("work"))
        .arg("--areas")
        .arg(dataset.join("areas.geojson"))
        .arg("--config")
        .arg(&config)
        .arg("--out")
        .arg(&from_counts)
        .output()
        .unwrap());
    for f in [
        "area_figures.csv",
        "criteria.csv",
        "classification.csv",
        "warnings.csv",
    ] {
        assert_eq!(
            std::fs::read_to_string(published.join(f)).unwrap(),
            std::fs::read_to_string(from_counts.join("published").join(f)).unwrap(),
            "{f} differs when published from counts"
        );
    }
    // counts that lack a measure the run needs are refused, naming it, and nothing is written
    let thin = dir.path().join("thin");
    std::fs::create_dir(&thin).unwrap();
    std::fs::copy(run.join("work/areas.csv"), thin.join("areas.csv")).unwrap();
    let refused = bydel()
        .args(["run", "--counts"])
        .arg(&thin)
        .arg("--areas")
        .arg(dataset.join("areas.geojson"))
        .arg("--config")
        .arg(&config)
        .arg("--out")
        .arg(dir.path().join("run3"))
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(!dir.path().join("run3").exists());
    // a bad config stops before any work, naming the key, with exit code 1
    std::fs::write(&config, "[municipality]\ncode = 9999\n").unwrap();
    let bad = bydel()
        .arg("run")
        .arg(&dataset)
        .arg("--config")
        .arg(&config)
        .arg("--out")
        .arg(dir.path().join("run2"))
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("municipality.code"));
    assert!(!dir.path().join("run2").exists());
}
