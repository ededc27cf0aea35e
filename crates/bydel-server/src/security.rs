//! Security at the edge: response headers on every response (CSP without inline script or
//! style, no sniffing, no framing, no referrer) and the shape of every error response — JSON
//! `{"error": {"status", "code", "message"}}` under `/api`, a plain page elsewhere — so that no
//! framework message or internal detail reaches a client.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{self, HeaderValue};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::error::{ErrorInfo, code_of, generic_message};
use crate::html::esc;
use crate::i18n::{LANG_COOKIE, Lang};
use crate::sessions::cookie;

/// The Content-Security-Policy: only this origin's scripts and styles, no inline code.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Adds the security headers.
pub async fn headers(req: Request, next: Next) -> Response {
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
    res
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
    let info = res
        .extensions()
        .get::<ErrorInfo>()
        .cloned()
        .unwrap_or_else(|| ErrorInfo {
            code: code_of(status),
            message: generic_message(status).into(),
        });
    if res.extensions().get::<ErrorInfo>().is_none() && res.headers().contains_key("x-bydel-page") {
        return res;
    }
    let mut out = if api {
        let body = serde_json::json!({"error": {"status": status.as_u16(), "code": info.code, "message": info.message}});
        (status, axum::Json(body)).into_response()
    } else {
        (status, page(lang, status.as_u16(), &info)).into_response()
    };
    for (k, v) in res.headers() {
        if k == header::SET_COOKIE || k == header::WWW_AUTHENTICATE {
            out.headers_mut().append(k, v.clone());
        }
    }
    out
}

fn page(lang: Lang, status: u16, info: &ErrorInfo) -> Html<String> {
    let login = if status == 401 {
        format!("<p><a href=\"/login\">{}</a></p>", lang.t("login"))
    } else {
        String::new()
    };
    Html(format!(
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{} {status}</title><link rel=\"stylesheet\" href=\"/assets/app.css\"><link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\"></head>\
         <body><main id=\"main\"><h1>{} {status}</h1><p class=\"error\" data-code=\"{}\">{}</p>{login}<p><a href=\"/\">{}</a></p></main></body></html>",
        lang.code(),
        lang.t("error"),
        lang.t("error"),
        info.code,
        esc(&info.message),
        lang.t("back")
    ))
}

fn lang_of(req: &Request<Body>) -> Lang {
    let q = req
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("lang=")))
        .and_then(Lang::parse);
    q.or_else(|| {
        req.headers()
            .get(header::COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|h| cookie(h, LANG_COOKIE))
            .and_then(Lang::parse)
    })
    .unwrap_or_default()
}
