//! The listener against raw TCP clients (issue 13): a client that sends its headers slowly
//! (slowloris) is answered 408 and cut off at the header deadline, however it dribbles; a
//! request line too long for the server is answered in the documented error shape, even far
//! beyond what hyper itself accepts.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use bydel_server::listen::{Limits, serve_on};
use bydel_server::{AppState, Options, app};

/// A server, its runtime and its run folder (a copy of the fixture: the audit log is written).
struct Server {
    addr: SocketAddr,
    _rt: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
}

/// Serves a copy of the fixture run folder on 127.0.0.1:0 with `limits`.
fn server(limits: Limits) -> Server {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/run/published");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("published")).unwrap();
    for e in std::fs::read_dir(&src).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join("published").join(e.file_name())).unwrap();
    }
    let state = AppState::load(dir.path(), Options::default()).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    rt.spawn(serve_on(
        listener,
        app(state),
        limits,
        std::future::pending(),
    ));
    Server {
        addr,
        _rt: rt,
        _dir: dir,
    }
}

/// Reads until the server closes the connection (or `within` passes: then `None`).
fn read_to_close(s: &mut TcpStream, within: Duration) -> Option<String> {
    s.set_read_timeout(Some(within)).unwrap();
    let mut out = Vec::new();
    match s.read_to_end(&mut out) {
        Ok(_) => Some(String::from_utf8_lossy(&out).into_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {
            Some(String::from_utf8_lossy(&out).into_owned())
        }
        Err(_) => None,
    }
}

#[test]
fn issue_13_a_slowloris_client_is_cut_off_at_the_header_deadline() {
    let limits = Limits {
        header_timeout: Duration::from_millis(600),
        ..Limits::default()
    };
    let srv = server(limits);
    let mut s = TcpStream::connect(srv.addr).unwrap();
    let start = Instant::now();
    // One header byte every 50 ms: each byte arrives well within any per-read timeout, and the
    // whole head would take several seconds.
    let head = b"GET /api HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    let mut cut_off = false;
    for b in head {
        if s.write_all(&[*b]).is_err() {
            cut_off = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
        if start.elapsed() > Duration::from_secs(3) {
            break;
        }
    }
    let reply = read_to_close(&mut s, Duration::from_secs(3));
    let elapsed = start.elapsed();
    let reply = reply.expect("the server closes the connection");
    assert!(
        elapsed < Duration::from_secs(4),
        "held for {elapsed:?} (cut off while writing: {cut_off})"
    );
    assert!(reply.starts_with("HTTP/1.1 408"), "{reply}");
    assert!(reply.contains("\"code\":\"timeout\""), "{reply}");
}

#[test]
fn issue_13_an_over_long_url_gets_the_documented_error_over_tcp() {
    let srv = server(Limits::default());
    for len in [10_000, 100_000] {
        let mut s = TcpStream::connect(srv.addr).unwrap();
        let req = format!(
            "GET /api/tables/{} HTTP/1.1\r\nHost: x\r\n\r\n",
            "a".repeat(len)
        );
        // The server may answer and close before it has read everything.
        let _ = s.write_all(req.as_bytes());
        let reply = read_to_close(&mut s, Duration::from_secs(5)).expect("an answer");
        assert!(reply.starts_with("HTTP/1.1 414"), "{len}: {reply}");
        assert!(
            reply.contains("application/json") && reply.contains("\"code\":\"uri_too_long\""),
            "{len}: {reply}"
        );
    }
}

#[test]
fn a_normal_request_is_served_with_the_client_address_known() {
    let srv = server(Limits::default());
    let mut s = TcpStream::connect(srv.addr).unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let reply = read_to_close(&mut s, Duration::from_secs(5)).expect("an answer");
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.ends_with("ok"), "{reply}");
}
