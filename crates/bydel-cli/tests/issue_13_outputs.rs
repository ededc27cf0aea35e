//! Issue 13, data loss: `aggregate`, `import`, `synth` and `demo` never delete the input, a
//! file, or a folder of the user's own files given as `--out`; a refused `--out` costs nothing
//! (checked before any work) and leaves everything as it was.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bydel(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bydel"))
        .args(args)
        .output()
        .unwrap()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../bydel-io/tests/fixtures/dst/registers")
}

/// A small valid dataset written by `bydel import`.
fn dataset(root: &Path) -> PathBuf {
    let out = root.join("dataset");
    let res = bydel(&[
        "import",
        "--preset",
        "dst",
        "--from",
        s(&fixture()),
        "--out",
        s(&out),
    ]);
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    out
}

fn refused(res: &Output, why: &str) {
    let stderr = String::from_utf8_lossy(&res.stderr);
    assert!(!res.status.success(), "accepted: {stderr}");
    assert!(stderr.contains(why), "{stderr}");
}

#[test]
fn issue_13_aggregate_never_replaces_its_input_a_file_or_the_users_files() {
    let root = tempfile::tempdir().unwrap();
    let data = dataset(root.path());
    let before = std::fs::read(data.join("persons.parquet")).unwrap();
    // The dataset itself (an earlier `import` output: marked, but another kind and the input).
    refused(
        &bydel(&["aggregate", s(&data), "--out", s(&data)]),
        "is the input",
    );
    refused(
        &bydel(&["aggregate", s(&data), "--out", s(root.path())]),
        "contains the input",
    );
    // A file.
    let file = root.path().join("notes.txt");
    std::fs::write(&file, "mine").unwrap();
    refused(
        &bydel(&["aggregate", s(&data), "--out", s(&file)]),
        "is a file, not a folder",
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    // A folder with the user's files.
    let mine = root.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("thesis.docx"), "years of work").unwrap();
    refused(
        &bydel(&["aggregate", s(&data), "--out", s(&mine)]),
        "holds files bydel did not write (`thesis.docx`)",
    );
    assert_eq!(
        std::fs::read_to_string(mine.join("thesis.docx")).unwrap(),
        "years of work"
    );
    assert_eq!(std::fs::read(data.join("persons.parquet")).unwrap(), before);
    // A new folder, then the same folder again: replaced.
    let run = root.path().join("run");
    for _ in 0..2 {
        let res = bydel(&["aggregate", s(&data), "--out", s(&run)]);
        assert!(
            res.status.success(),
            "{}",
            String::from_utf8_lossy(&res.stderr)
        );
    }
    assert!(run.join("counts.parquet").is_file());
    // Another kind of bydel output is not replaced by counts.
    refused(
        &bydel(&[
            "import",
            "--preset",
            "dst",
            "--from",
            s(&fixture()),
            "--out",
            s(&run),
        ]),
        "holds a bydel counts output, not a dataset",
    );
}

#[test]
fn issue_13_synth_and_demo_refuse_the_users_folder_before_any_work() {
    let root = tempfile::tempdir().unwrap();
    let mine = root.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("persons.csv"), "my own data").unwrap();
    refused(
        &bydel(&["demo", "--out", s(&mine)]),
        "holds files bydel did not write",
    );
    let synth = bydel(&[
        "synth",
        "--out",
        s(&mine),
        "--years",
        "2019..2020",
        "--fraction",
        "0.05",
    ]);
    refused(&synth, "holds files bydel did not write");
    assert_eq!(
        std::fs::read_to_string(mine.join("persons.csv")).unwrap(),
        "my own data"
    );
    assert_eq!(
        std::fs::read_dir(&mine).unwrap().count(),
        1,
        "nothing added"
    );
    assert_eq!(
        std::fs::read_dir(root.path()).unwrap().count(),
        1,
        "nothing staged"
    );
}

/// The demo's run folder is swapped in as a whole; a second run reuses the dataset and replaces
/// the folder, leaving no staging folder behind.
#[test]
fn issue_13_demo_replaces_its_run_folder_as_a_whole() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("run");
    for round in 0..2 {
        let res = bydel(&["demo", "--out", s(&out)]);
        let stderr = String::from_utf8_lossy(&res.stderr);
        assert!(res.status.success(), "round {round}: {stderr}");
        assert_eq!(
            stderr.contains("reusing the synthetic dataset"),
            round == 1,
            "{stderr}"
        );
    }
    for f in [
        "dataset/persons.parquet",
        "run/work/counts.parquet",
        "run/published",
        "run/published/report.html",
    ] {
        assert!(out.join(f).exists(), "missing {f}");
    }
    assert_eq!(
        std::fs::read_to_string(out.join(".bydel-output")).unwrap(),
        "bydel-output demo\n"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("run/.bydel-output")).unwrap(),
        "bydel-output run\n"
    );
    assert_eq!(
        std::fs::read_dir(root.path()).unwrap().count(),
        1,
        "no staging folder left"
    );
}
