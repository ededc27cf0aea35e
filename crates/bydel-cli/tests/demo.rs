//! The README's first command end to end: `bydel demo` generates the synthetic data, validates,
//! aggregates, analyses, publishes through disclosure control and writes the report and the
//! workbook; `bydel audit` then recovers nothing from what was published (issues #3, #8, #9).

use std::process::Command;

fn bydel() -> Command {
    Command::new(env!("CARGO_BIN_EXE_bydel"))
}

#[test]
fn demo_runs_the_whole_pipeline_and_publishes_safely() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let run = bydel().arg("demo").arg("--out").arg(&out).output().unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        run.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for f in [
        "dataset/persons.parquet",
        "dataset/areas.geojson",
        "work/counts.parquet",
        "work/classification.csv",
        "work/analysis/watchlist.csv",
        "published/area_figures.csv",
        "published/classification.csv",
        "published/areas.geojson",
        "report.html",
        "book.xlsx",
    ] {
        assert!(out.join(f).exists(), "missing {f}");
    }
    // The public history of Gladsaxe's named areas shows up in the summary.
    assert!(stdout.contains("Værebro Park"), "{stdout}");
    assert!(stdout.contains("Høje Gladsaxe"), "{stdout}");
    let classification = std::fs::read_to_string(out.join("published/classification.csv")).unwrap();
    let vaerebro_2021 = classification
        .lines()
        .find(|l| l.contains("159-vaerebro-park,2021,"))
        .expect("Værebro Park in list year 2021");
    assert!(vaerebro_2021.contains("forebyggelse"), "{vaerebro_2021}");
    assert!(
        !classification
            .lines()
            .any(|l| l.contains("159-hoeje-gladsaxe,") && l.contains(",udsat,")),
        "Høje Gladsaxe has never been on a list"
    );
    let audit = bydel()
        .arg("audit")
        .arg(out.join("published"))
        .output()
        .unwrap();
    assert_eq!(
        audit.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&audit.stdout)
    );
    // No person identifier leaves the secure part of the run folder.
    for f in std::fs::read_dir(out.join("published")).unwrap() {
        let text = std::fs::read_to_string(f.unwrap().path()).unwrap_or_default();
        assert!(!text.contains(",p0"), "a person id in a published file");
    }
}
