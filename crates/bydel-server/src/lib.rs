//! The web dashboard and JSON API (axum) over a run folder's published view.
//!
//! [`app`] builds the router from an [`AppState`] (apart from any `main`, so tests drive it
//! with `oneshot`); `bydel serve RUN_DIR` binds it to an address.
//!
//! - Public: the overview (map and lists), area pages (profile over time, criteria, comparison,
//!   warnings), indicator pages (map, ranking, distribution), the compare view, the JSON API
//!   with its OpenAPI document, and CSV downloads — all from `RUN_DIR/published/` only (tables
//!   released through disclosure control and the area polygons).
//! - Behind a login ([`users`]: argon2id, roles viewer < analyst < admin, failed logins
//!   throttled by [`throttle`]): the analysts' working files (`RUN_DIR/work/`) and the admins'
//!   audit log ([`audit`]).
//! - At the edge ([`listen`], [`security`], [`params`]): a deadline and size limits on each
//!   request's head, CSP and other headers, every query parameter checked, error shapes
//!   without internals in the page's language, a request body limit and a timeout
//!   ([`routes`]).
#![deny(missing_docs)]

pub mod api;
pub mod assets;
pub mod audit;
pub mod charts;
pub mod context;
pub mod error;
pub mod html;
pub mod listen;
pub mod pages;
pub mod params;
pub mod published;
pub mod routes;
pub mod security;
pub mod sessions;
pub mod state;
pub mod throttle;
pub mod users;

pub use error::ServerError;
pub use routes::app;
pub use state::{AppState, Options, Proxy, PublicView};
pub use users::{Role, User, Users};

/// Serves `app` on `addr` until Ctrl-C with the default [`listen::Limits`]; prints the bound
/// address on stderr.
pub async fn serve(state: AppState, addr: std::net::SocketAddr) -> Result<(), ServerError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| ServerError::config(addr, e))?;
    let local = listener
        .local_addr()
        .map_err(|e| ServerError::config(addr, e))?;
    eprintln!("bydel: serving http://{local}/ (Ctrl-C stops)");
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    listen::serve_on(listener, app(state), listen::Limits::default(), shutdown).await;
    Ok(())
}
