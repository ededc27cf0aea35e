//! The router: every route, and the layers around them (from the outside in: security
//! headers, error shapes, the edge limits of [`crate::listen`] and the longest request line,
//! a 10-second timeout, a 16 KiB request body limit, the request context; and on the routes
//! themselves the check of their query parameters, [`crate::params`]).

use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{get, post};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::error::ServerError;
use crate::pages::{analyst, area, compare, evaluation, flows, indicator, lists, login, overview};
use crate::state::AppState;
use crate::{api, assets, context, listen, params, security};

/// The largest request body accepted (the login form is the only body).
pub const BODY_LIMIT: usize = 16 * 1024;
/// The longest a request may take.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// The whole application.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/", get(overview::overview))
        .route("/area/{kind}/{id}", get(area::area))
        .route("/indicators", get(indicator::list))
        .route("/indicator/{id}", get(indicator::indicator))
        .route("/compare", get(compare::compare))
        .route("/flows", get(flows::flows))
        .route("/life-chances", get(flows::life_chances))
        .route("/evaluation", get(evaluation::evaluation))
        .route("/scenarios", get(evaluation::scenarios))
        .route("/lists", get(lists::lists))
        .route("/login", get(login::form).post(login::login))
        .route("/logout", post(login::logout))
        .route("/analyst", get(analyst::files))
        .route("/analyst/files/{*path}", get(analyst::download))
        .route("/admin/audit", get(analyst::audit_log))
        .route("/api", get(api::index))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/tables/{name}", get(api::table))
        .route("/api/areas", get(api::areas))
        .route("/api/areas.geojson", get(api::geojson))
        .route("/api/areas/{kind}/{id}", get(api::area))
        .route("/download/{file}", get(api::download))
        .route("/assets/{name}", get(assets::asset))
        .route("/healthz", get(|| async { "ok" }))
        .route_layer(from_fn(params::check))
        .fallback(|| async { ServerError::not_found("page", "") })
        .layer(from_fn_with_state(state.clone(), context::context))
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            TIMEOUT,
        ))
        .layer(from_fn(security::uri_limit))
        .layer(from_fn(listen::reject_edge))
        .layer(from_fn(security::error_shape))
        .layer(from_fn(security::headers))
        .with_state(state)
}
