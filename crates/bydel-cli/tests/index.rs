//! `bydel index`: the built binary on the golden inputs of bydel-index and on Berlin's MSS.

use std::path::PathBuf;
use std::process::Command;

fn index_crate(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../bydel-index")
        .join(path)
}

fn bydel(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bydel"))
        .args(args)
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8(b).unwrap();
    (
        out.status.code().unwrap_or(-1),
        text(out.stdout),
        text(out.stderr),
    )
}

fn path(p: PathBuf) -> String {
    p.display().to_string()
}

#[test]
fn mss_csv_matches_the_golden_file() {
    let input = path(index_crate("tests/golden/mss_small/input.csv"));
    let (code, stdout, stderr) = bydel(&[
        "index",
        &input,
        "--method",
        "mss",
        "--status",
        "a,b",
        "--dynamics",
        "d",
        "--format",
        "csv",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let expected =
        std::fs::read_to_string(index_crate("tests/golden/mss_small/areas.csv")).unwrap();
    assert_eq!(stdout, expected);
}

#[test]
fn config_file_and_views() {
    let dir = index_crate("tests/golden/imd_two_domains");
    let (input, config) = (path(dir.join("input.csv")), path(dir.join("method.toml")));
    let (code, stdout, stderr) = bydel(&[
        "index", &input, "--config", &config, "--view", "summary", "--format", "table",
    ]);
    assert_eq!(code, 0, "{stderr}");
    insta::assert_snapshot!("imd_summary_table", stdout);
    let (code, stdout, _) = bydel(&[
        "index",
        &input,
        "--config",
        &config,
        "--weights",
        "crime=0",
        "--view",
        "contributions",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("imd_contributions_without_crime", stdout);
}

#[test]
fn berlin_2015_with_the_berlin_preset() {
    let input = path(index_crate(
        "tests/fixtures/berlin-mss/mss-2015-2-1-planning-areas.csv",
    ));
    let (code, stdout, stderr) = bydel(&[
        "index",
        &input,
        "--method",
        "mss-berlin",
        "--id-column",
        "id",
        "--population-column",
        "inhabitants",
    ]);
    assert_eq!(code, 0, "{stderr}");
    let classified = stdout
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(2) != Some(""))
        .count();
    assert_eq!(classified, 435);
    assert!(stdout.contains("10010203,,,,,,,,named outlier"), "{stdout}");
}

#[test]
fn user_errors_name_the_problem() {
    let input = path(index_crate("tests/golden/svi_two_themes/input.csv"));
    let (code, _, stderr) = bydel(&["index", &input, "--method", "svi", "--status", "povrty"]);
    assert_eq!(code, 1);
    assert!(
        stderr.contains("\"povrty\" is not in the table"),
        "{stderr}"
    );
    let (code, _, stderr) = bydel(&["index", &input, "--method", "svi", "--dynamics", "poverty"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("mss only"), "{stderr}");
    let (code, _, stderr) = bydel(&["index", &input, "--method", "mss"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("no population"), "{stderr}");
}

#[test]
fn counts_give_class_stability() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("counts.csv");
    let mut text = String::from("area_id,population,x.numerator,x.denominator\n");
    for (i, pct) in [10, 12, 14, 16, 18, 20, 22, 24, 26, 40].iter().enumerate() {
        text.push_str(&format!("a{i},400,{},400\n", 4 * pct));
    }
    std::fs::write(&file, text).unwrap();
    let args = [
        "index",
        file.to_str().unwrap(),
        "--method",
        "mss",
        "--replicates",
        "200",
    ];
    let (code, stdout, stderr) = bydel(&args);
    assert_eq!(code, 0, "{stderr}");
    let stability: Vec<f64> = stdout
        .lines()
        .skip(1)
        .map(|l| l.split(',').nth(6).unwrap().parse().unwrap())
        .collect();
    assert_eq!(stability.len(), 10);
    assert!(
        stability.iter().all(|s| (0.0..=1.0).contains(s)),
        "{stdout}"
    );
    assert!(stability.iter().any(|s| *s < 1.0), "{stdout}");
    // Seeded: the same command prints the same numbers.
    assert_eq!(bydel(&args).1, stdout);
}
