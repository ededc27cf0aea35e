//! Security at the edge: response headers on every response (CSP without inline script or
//! style, no sniffing, no framing, no referrer; `Cache-Control: no-store` on the login,
//! analyst and admin pages), the longest request line accepted, and the shape of every error
//! response — JSON `{"error": {"status", "code", "message"}}` under `/api`, a plain page
//! elsewhere, the message in the request's language — so that no framework message or
//! internal detail reaches a client.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{self, HeaderValue};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::context::LANG_COOKIE;
use crate::context::query_lang;
use crate::error::{ErrorInfo, ServerError};
use crate::html::esc;
use crate::sessions::cookie;
use bydel_report::{Labels, Lang};

/// The Content-Security-Policy: only this origin's scripts and styles, no inline code.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The longest request target (path and query) accepted, in bytes; longer is a 414.
pub const MAX_URI: usize = 8 * 1024;

/// Adds the security headers.
pub async fn headers(req: Request, next: Next) -> Response {
    let private = is_private(req.uri().path());
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::REFERRER_POLICY, "no-referrer"),
        (
            header::HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
    ];
    for (k, v) in set {
        h.insert(k, HeaderValue::from_static(v));
    }
    if private {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Whether a path serves a page that must never be stored by a browser or a proxy cache.
pub fn is_private(path: &str) -> bool {
    ["/analyst", "/admin", "/login", "/logout"]
        .iter()
        .any(|p| path == *p || path.starts_with(&format!("{p}/")))
}

/// Refuses a request line longer than [`MAX_URI`] (414), before anything else looks at it.
pub async fn uri_limit(req: Request, next: Next) -> Response {
    let len = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if len > MAX_URI {
        return ServerError::UriTooLong.into_response();
    }
    next.run(req).await
}

/// Replaces the body of every error response by the public shape.
pub async fn error_shape(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api");
    let lang = lang_of(&req);
    let res = next.run(req).await;
    let status = res.status();
    if !status.is_client_error() && !status.is_server_error() {
        return res;
    }
    if res.extensions().get::<ErrorInfo>().is_none() && res.headers().contains_key("x-bydel-page") {
        return res;
    }
    let info = res
        .extensions()
        .get::<ErrorInfo>()
        .cloned()
        .unwrap_or_else(|| ErrorInfo::of_status(status));
    let message = info.message(lang);
    let mut out = if api {
        let body = serde_json::json!({"error": {"status": status.as_u16(), "code": info.code, "message": message}});
        (status, axum::Json(body)).into_response()
    } else {
        (status, page(lang, status.as_u16(), info.code, message)).into_response()
    };
    for (k, v) in res.headers() {
        let keep = [
            header::SET_COOKIE,
            header::WWW_AUTHENTICATE,
            header::RETRY_AFTER,
            header::CACHE_CONTROL,
            header::ALLOW,
        ];
        if keep.contains(k) {
            out.headers_mut().append(k, v.clone());
        }
    }
    out
}

fn page(lang: Lang, status: u16, code: &str, message: &str) -> Html<String> {
    let login = if status == 401 {
        format!("<p><a href=\"/login\">{}</a></p>", lang.t("login"))
    } else {
        String::new()
    };
    Html(format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} {status}</title><link rel=\"stylesheet\" href=\"/assets/app.css\"><link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\"></head>\
         <body><main id=\"main\"><h1>{} {status}</h1><p class=\"error\" data-code=\"{code}\">{}</p>{login}<p><a href=\"/\">{}</a></p></main></body></html>",
        lang.code(),
        lang.t("error"),
        lang.t("error"),
        esc(message),
        lang.t("back")
    ))
}

/// The request's language: `?lang=`, else the language cookie, else Danish.
pub fn lang_of(req: &Request<Body>) -> Lang {
    query_lang(req.uri())
        .or_else(|| {
            req.headers()
                .get_all(header::COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find_map(|h| cookie(h, LANG_COOKIE))
                .and_then(Lang::parse)
        })
        .unwrap_or_default()
}
