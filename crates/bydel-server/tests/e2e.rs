//! The browser end-to-end test (e2e/dashboard.mjs, headless Chromium) against the dashboard
//! served on 127.0.0.1:0 over the demo fixture (tests/fixtures/demo, the demo's release cut
//! down) — or over `BYDEL_E2E_RUN` when set (for screenshots of a real run) — with the report
//! of the same release printed to PDF and each page saved as a picture.
//!
//! The test is `#[ignore]`d, so the README's `cargo nextest run --workspace --release` passes
//! on a machine with only the Rust toolchain and counts it as *skipped* in its summary.
//! `.ci/run` installs Chromium and runs it explicitly (`--run-ignored only`), where a missing
//! browser is a failure, never a silent skip. Run it by hand with
//! `cargo nextest run -p bydel-server --run-ignored only -E 'test(=dashboard_in_headless_chromium)'`:
//! it installs `e2e/node_modules` itself (`npm ci`) when they are missing and needs
//! `/usr/bin/chromium` (or `CHROMIUM=path`).

use std::path::{Path, PathBuf};
use std::process::Command;

use bydel_server::listen::{Limits, serve_on};
use bydel_server::{AppState, Options, app};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Installs e2e/node_modules from the lock file when they are missing.
fn npm_ci(e2e: &Path) {
    if e2e.join("node_modules/playwright-core").exists() {
        return;
    }
    let status = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefix"])
        .arg(e2e)
        .status()
        .expect("npm runs (install Node.js and npm for the browser test)");
    assert!(status.success(), "`npm ci --prefix e2e` failed");
}

#[test]
#[ignore = "browser test: needs Chromium and Node.js; .ci/run runs it with --run-ignored only"]
fn dashboard_in_headless_chromium() {
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    assert!(
        chromium.exists(),
        "{} is missing: install Chromium (`apt-get install chromium`, as .ci/packages.sh does) or set CHROMIUM",
        chromium.display()
    );
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let e2e = root.join("e2e");
    npm_ci(&e2e);
    let tmp = tempfile::tempdir().unwrap();
    let run = match std::env::var_os("BYDEL_E2E_RUN") {
        Some(dir) => PathBuf::from(dir),
        None => {
            copy_dir(
                &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo"),
                tmp.path(),
            );
            tmp.path().to_owned()
        }
    };
    let state = AppState::load(&run, Options::default()).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    rt.spawn(serve_on(
        listener,
        app(state),
        Limits::default(),
        std::future::pending(),
    ));
    // the report of the same release, printed to PDF by the browser test
    let report = tmp.path().join("report.html");
    bydel_report::write_report(&run, &report, bydel_report::Lang::Da).unwrap();
    let out = Command::new("node")
        .arg(e2e.join("dashboard.mjs"))
        .env("BYDEL_URL", format!("http://{addr}"))
        .env("BYDEL_REPORT", &report)
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "e2e failed:\n{text}");
    assert!(text.contains("e2e: ok"), "{text}");
    for shot in [
        "overview.png",
        "area.png",
        "area-focus.png",
        "indicator.png",
        "compare.png",
        "flows.png",
        "life-chances.png",
        "evaluation.png",
        "scenarios.png",
        "lists.png",
        "indicators-en.png",
        "report.pdf",
        "report-page-01.png",
    ] {
        assert!(
            e2e.join("artifacts").join(shot).exists(),
            "screenshot {shot}"
        );
    }
}
