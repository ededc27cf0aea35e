//! Runs the browser end-to-end test (e2e/dashboard.mjs, headless Chromium) against the
//! dashboard served on 127.0.0.1:0 over the fixture run folder — or over `BYDEL_E2E_RUN` when
//! set (for screenshots of a real run). Runs when `BYDEL_E2E=1` or when /usr/bin/chromium
//! exists; then a missing `e2e/node_modules` (run `npm ci --prefix e2e`) is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use bydel_server::{AppState, Options, app};

fn wanted() -> bool {
    std::env::var("BYDEL_E2E").is_ok_and(|v| v == "1") || Path::new("/usr/bin/chromium").exists()
}

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

#[test]
fn dashboard_in_headless_chromium() {
    if !wanted() {
        eprintln!("skipped: set BYDEL_E2E=1 or install /usr/bin/chromium");
        return;
    }
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let e2e = root.join("e2e");
    assert!(
        e2e.join("node_modules/playwright-core").exists(),
        "run `npm ci --prefix e2e` first"
    );
    let tmp = tempfile::tempdir().unwrap();
    let run = match std::env::var_os("BYDEL_E2E_RUN") {
        Some(dir) => PathBuf::from(dir),
        None => {
            copy_dir(
                &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/run"),
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
    rt.spawn(async move { axum::serve(listener, app(state)).await });
    let out = Command::new("node")
        .arg(e2e.join("dashboard.mjs"))
        .env("BYDEL_URL", format!("http://{addr}"))
        .output()
        .expect("node runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "e2e failed:\n{text}");
    assert!(text.contains("e2e: ok"), "{text}");
    for shot in ["overview.png", "area.png"] {
        assert!(
            e2e.join("artifacts").join(shot).exists(),
            "screenshot {shot}"
        );
    }
}
