//! Issue 13 (analytics side, through the binary): one exit-code convention (1 for invalid
//! input, never a panic), options checked before any work. (`[]` for an empty JSON result:
//! `analyse.rs`.)

use std::process::Command;

fn bydel(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bydel"))
        .args(args)
        .output()
        .unwrap();
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    (
        out.status.code().unwrap_or(-1),
        text(out.stdout),
        text(out.stderr),
    )
}

fn file(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let p = dir.path().join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

/// `--level 1.5` panicked, `--alpha 2` was accepted, `--show nosuch` wrote every table first.
/// Each is refused with exit 1 before the run folder is even read.
#[test]
fn issue_13_analyse_checks_options_before_work() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let out = out.to_str().unwrap();
    let missing_run = dir.path().join("no-such-run");
    let run = missing_run.to_str().unwrap();
    for (args, says) in [
        (
            vec!["--level", "1.5"],
            "--level: expected a number strictly between 0 and 1",
        ),
        (
            vec!["--alpha", "2"],
            "--alpha: expected a number strictly between 0 and 1",
        ),
        (vec!["--trend-window", "2"], "--trend-window"),
        (vec!["--draws", "0"], "--draws"),
        (vec!["--min-ratio", "inf"], "--min-ratio"),
        (vec!["--show", "nosuch"], "--show: no table \"nosuch\""),
    ] {
        let mut all = vec!["analyse", run, "--out", out];
        all.extend(args.iter().copied());
        let (code, stdout, stderr) = bydel(&all);
        assert_eq!(code, 1, "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("no-such-run"),
            "checked before reading: {stderr}"
        );
        assert!(stdout.is_empty());
        assert!(!dir.path().join("out").exists(), "{args:?} wrote output");
    }
}

/// Bad command lines are invalid input too (clap alone exits 2).
#[test]
fn issue_13_unparseable_command_line_exits_1() {
    let (code, _, stderr) = bydel(&["classify", "--no-such-flag"]);
    assert_eq!(code, 1, "{stderr}");
    let (code, stdout, _) = bydel(&["--help"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Usage"));
}

/// Very large counts panicked (u64 overflow); an absurd `--bootstrap` ran for ever. Both are
/// refused with a clear error and exit 1; the bootstrap size before the table is read.
#[test]
fn issue_13_segregation_large_counts_and_bootstrap_cap() {
    let dir = tempfile::tempdir().unwrap();
    let big = file(
        &dir,
        "big.csv",
        "area_id,a,b\nx,10000000000000000000,5\ny,10000000000000000000,7\n",
    );
    let (code, stdout, stderr) = bydel(&["segregation", &big, "--groups", "a,b"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty());
    assert!(
        stderr.contains("line 2") && stderr.contains("from 0 to 9007199254740992"),
        "{stderr}"
    );
    let (code, _, stderr) = bydel(&[
        "segregation",
        "no-such-file.csv",
        "--groups",
        "a,b",
        "--bootstrap",
        "1000000000",
    ]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("--bootstrap: expected a number of replicates from 2 to 100000"),
        "{stderr}"
    );
    // The largest accepted population bootstraps without overflow.
    let edge = file(
        &dir,
        "edge.csv",
        "area_id,a,b\nx,4000000000000000,5\ny,4000000000000000,7000000000\n",
    );
    let (code, stdout, stderr) =
        bydel(&["segregation", &edge, "--groups", "a,b", "--bootstrap", "5"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("multi_dissimilarity"), "{stdout}");
}

/// A header without rows is an error naming the file in classify, index and segregation.
#[test]
fn issue_13_empty_tables_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let values = file(
        &dir,
        "values.csv",
        "area_id,residents,no_attachment_pct,convicted_pct,national_convicted_pct,\
         basic_education_pct,income_pct_of_region,non_western_pct\n",
    );
    let (code, _, stderr) = bydel(&["classify", &values, "--list-year", "2021"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("values.csv") && stderr.contains("no areas"),
        "{stderr}"
    );
    let counts = file(&dir, "counts.csv", "area_id,a,b\n");
    let (code, _, stderr) = bydel(&["segregation", &counts, "--groups", "a,b"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("counts.csv") && stderr.contains("no areas"),
        "{stderr}"
    );
    let index = file(&dir, "index.csv", "area_id,population,x,y\n");
    let (code, _, stderr) = bydel(&["index", &index, "--method", "svi", "--status", "x,y"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("index.csv") && stderr.contains("no areas"),
        "{stderr}"
    );
}
