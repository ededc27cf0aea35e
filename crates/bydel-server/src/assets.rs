//! The embedded static assets: one stylesheet, one small script and the icon (no CDN).

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

use crate::error::ServerError;

const CSS: &str = include_str!("../assets/app.css");
const JS: &str = include_str!("../assets/app.js");
const ICON: &str = include_str!("../assets/favicon.svg");

/// `GET /assets/{name}`.
pub async fn asset(Path(name): Path<String>) -> Result<Response, ServerError> {
    let (body, ty) = match name.as_str() {
        "app.css" => (CSS, "text/css; charset=utf-8"),
        "app.js" => (JS, "text/javascript; charset=utf-8"),
        "favicon.svg" => (ICON, "image/svg+xml"),
        _ => return Err(ServerError::not_found("asset", name.as_str())),
    };
    Ok((
        [(CONTENT_TYPE, ty), (CACHE_CONTROL, "public, max-age=3600")],
        body,
    )
        .into_response())
}
