//! The listener: accepts connections and serves one request on each, after reading the
//! request's head itself under a deadline.
//!
//! hyper starts axum's 10-second request timeout only once the headers have arrived, so a
//! client that sends its headers a byte at a time (slowloris) could hold a connection open
//! for as long as it liked. Here every connection must deliver its whole head (request line
//! and headers) within [`Limits::header_timeout`] and within [`Limits::max_head`] bytes, with
//! a request line of at most [`security::MAX_URI`](crate::security::MAX_URI) bytes (plus
//! method and version). A client that breaks a limit gets the documented error response
//! (408, 414 or 431, JSON under `/api`, the page elsewhere) from the same router as every
//! other error, and the connection is closed. hyper then reads the buffered head and serves
//! the request with keep-alive off (one request per connection, so every head passes here;
//! behind a reverse proxy that costs nothing, as the proxy keeps the client's connection).

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tower::ServiceExt;

use crate::error::ServerError;
use crate::security::MAX_URI;

/// How long and how large a request's head may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The time from the connection's start to the end of its headers.
    pub header_timeout: Duration,
    /// The largest head (request line and headers), in bytes.
    pub max_head: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_timeout: Duration::from_secs(5),
            max_head: 32 * 1024,
        }
    }
}

/// A limit the head broke, carried into the router so that the error has the common shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    /// The request line is too long (414).
    UriTooLong,
    /// The head is too large (431).
    HeadersTooLarge,
    /// The head did not arrive in time (408).
    HeaderTimeout,
}

/// Serves `app` on `listener` until `shutdown` completes.
pub async fn serve_on(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    tokio::spawn(connection(stream, peer, app.clone(), limits));
                }
                Err(e) => {
                    eprintln!("bydel-server: accept: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
        }
    }
}

/// The route layer's counterpart: answers a request that [`serve_on`] marked with an [`Edge`]
/// with its error, before anything else runs.
pub async fn reject_edge(req: Request, next: Next) -> Response {
    match req.extensions().get::<Edge>() {
        Some(Edge::UriTooLong) => ServerError::UriTooLong.into_response(),
        Some(Edge::HeadersTooLarge) => ServerError::HeadersTooLarge.into_response(),
        Some(Edge::HeaderTimeout) => ServerError::HeaderTimeout.into_response(),
        None => next.run(req).await,
    }
}

/// What reading a head gave.
enum Head {
    /// The head (and whatever followed it in the same reads).
    Complete(Vec<u8>),
    /// A limit was broken; what was read so far.
    Broken(Edge, Vec<u8>),
    /// The client went away (or never sent a byte before the deadline).
    Closed,
}

async fn connection(mut stream: TcpStream, peer: SocketAddr, app: Router, limits: Limits) {
    let (prefix, edge) = match read_head(&mut stream, &limits).await {
        Head::Complete(buf) => (buf, None),
        Head::Broken(edge, buf) => (synthetic(&buf), Some(edge)),
        Head::Closed => return,
    };
    let io = TokioIo::new(Rewind {
        prefix,
        at: 0,
        inner: stream,
    });
    let service = hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
        req.extensions_mut().insert(ConnectInfo(peer));
        if let Some(e) = edge {
            req.extensions_mut().insert(e);
        }
        app.clone().oneshot(req.map(Body::new))
    });
    let _ = http1::Builder::new()
        .keep_alive(false)
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .serve_connection(io, service)
        .await;
}

async fn read_head(stream: &mut TcpStream, limits: &Limits) -> Head {
    let mut buf = Vec::with_capacity(2048);
    let mut chunk = [0u8; 4096];
    let deadline = tokio::time::sleep(limits.header_timeout);
    tokio::pin!(deadline);
    loop {
        if head_end(&buf).is_some() {
            return Head::Complete(buf);
        }
        if let Some(edge) = broken(&buf, limits) {
            return Head::Broken(edge, buf);
        }
        tokio::select! {
            () = &mut deadline => {
                return if buf.is_empty() { Head::Closed } else { Head::Broken(Edge::HeaderTimeout, buf) };
            }
            n = stream.read(&mut chunk) => match n {
                Ok(0) | Err(_) => return Head::Closed,
                Ok(n) => buf.extend_from_slice(&chunk[..n]),
            },
        }
    }
}

/// Where the head ends (after its blank line), ignoring blank lines before the request line.
fn head_end(buf: &[u8]) -> Option<usize> {
    let start = buf
        .iter()
        .position(|b| *b != b'\r' && *b != b'\n')
        .unwrap_or(buf.len());
    let rest = &buf[start..];
    let crlf = rest
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4);
    let lf = rest.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    crlf.into_iter().chain(lf).min().map(|i| start + i)
}

fn broken(buf: &[u8], limits: &Limits) -> Option<Edge> {
    // Method, spaces and `HTTP/1.1` around the target.
    let max_line = MAX_URI + 32;
    let line = buf.iter().position(|b| *b == b'\n').unwrap_or(buf.len());
    if line > max_line {
        Some(Edge::UriTooLong)
    } else if buf.len() > limits.max_head {
        Some(Edge::HeadersTooLarge)
    } else {
        None
    }
}

/// The request the router answers in place of a broken one: under `/api` when the broken one
/// was (JSON errors), in English when it asked for English.
fn synthetic(buf: &[u8]) -> Vec<u8> {
    let line_end = buf.iter().position(|b| *b == b'\n').unwrap_or(buf.len());
    let line = &buf[..line_end.min(64)];
    let api = line.windows(5).any(|w| w == b" /api");
    let en = buf.windows(7).any(|w| w == b"lang=en");
    let path = if api { "/api" } else { "/" };
    let query = if en { "?lang=en" } else { "" };
    format!("GET {path}{query} HTTP/1.1\r\nhost: bydel\r\n\r\n").into_bytes()
}

/// A stream that first replays the bytes already read.
struct Rewind {
    prefix: Vec<u8>,
    at: usize,
    inner: TcpStream,
}

impl AsyncRead for Rewind {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        out: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if self.at < self.prefix.len() {
            let n = out.remaining().min(self.prefix.len() - self.at);
            let at = self.at;
            out.put_slice(&self.prefix[at..at + n]);
            self.at += n;
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, out)
    }
}

impl AsyncWrite for Rewind {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, data)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_head_ends_at_the_first_blank_line() {
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nA: b\r\n\r\nbody"), Some(24));
        assert_eq!(head_end(b"\r\nGET / HTTP/1.1\n\n"), Some(18));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nA: b\r\n"), None);
        assert_eq!(head_end(b"\r\n\r\n"), None);
    }

    #[test]
    fn limits_are_the_line_then_the_head() {
        let l = Limits::default();
        let long_line = format!("GET /{} HTTP/1.1\r\n", "a".repeat(MAX_URI + 100));
        assert_eq!(broken(long_line.as_bytes(), &l), Some(Edge::UriTooLong));
        let no_newline_yet = "G".repeat(MAX_URI + 100);
        assert_eq!(
            broken(no_newline_yet.as_bytes(), &l),
            Some(Edge::UriTooLong)
        );
        let big = format!(
            "GET / HTTP/1.1\r\n{}",
            "X: y\r\n".repeat(l.max_head / 6 + 1)
        );
        assert_eq!(broken(big.as_bytes(), &l), Some(Edge::HeadersTooLarge));
        assert_eq!(broken(b"GET / HTTP/1.1\r\n", &l), None);
    }

    #[test]
    fn the_stand_in_request_keeps_api_and_language() {
        assert_eq!(
            synthetic(b"GET /api/tables/x?lang=en&a=aaaa"),
            b"GET /api?lang=en HTTP/1.1\r\nhost: bydel\r\n\r\n"
        );
        assert_eq!(
            synthetic(b"GET /area/x HTTP/1.1\r\nCookie: a"),
            b"GET / HTTP/1.1\r\nhost: bydel\r\n\r\n"
        );
    }
}
