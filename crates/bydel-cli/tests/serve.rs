//! `bydel serve`: the users-file helper and start-up errors (the server itself is tested in
//! crates/bydel-server/tests).

use std::io::Write;
use std::process::{Command, Stdio};

fn bydel() -> Command {
    Command::new(env!("CARGO_BIN_EXE_bydel"))
}

#[test]
fn hash_password_prints_a_users_file_line() {
    let mut child = bydel()
        .args(["serve", "--hash-password", "ana", "--role", "analyst"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"a-long-generated-token\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let line = String::from_utf8(out.stdout).unwrap();
    let users = bydel_server::Users::parse("out", &line).unwrap();
    let user = users
        .check("ana", "a-long-generated-token")
        .expect("verifies");
    assert_eq!(user.role, bydel_server::Role::Analyst);
    assert!(users.check("ana", "a-long-generated-token\n").is_none());
}

#[test]
fn short_secrets_are_refused() {
    let mut child = bydel()
        .args(["serve", "--hash-password", "ana"])
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"short\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "a short secret is invalid input"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 12 characters"));
}

#[test]
fn a_missing_run_folder_is_an_error_before_listening() {
    let dir = tempfile::tempdir().unwrap();
    let out = bydel()
        .args([
            "serve",
            dir.path().join("nope").to_str().unwrap(),
            "--addr",
            "127.0.0.1:0",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: ") && err.contains("nope"), "{err}");
}

#[test]
fn a_bad_users_file_names_the_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("published")).unwrap();
    let users = dir.path().join("users.txt");
    std::fs::write(&users, "# ok\nana:boss:00:00\n").unwrap();
    let out = bydel()
        .args([
            "serve",
            dir.path().to_str().unwrap(),
            "--users",
            users.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("users.txt line 2"));
}

#[test]
fn issue_13_a_sha256_users_file_is_refused_with_the_reset_command() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("published")).unwrap();
    let users = dir.path().join("users.txt");
    let old = "ana:analyst:73616c7431323334:\
               436ddbbaf6195bad52bd14414a901ca4299118e65f24f62a153561e934c54cbb\n";
    std::fs::write(&users, old).unwrap();
    let out = bydel()
        .args(["serve", dir.path().to_str().unwrap(), "--trust-proxy"])
        .args(["--users", users.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("users.txt line 1")
            && err.contains("bydel serve --hash-password ana --role analyst"),
        "{err}"
    );
}
