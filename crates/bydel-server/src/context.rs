//! The request context: the page language, who is asking, from where and over which scheme,
//! worked out once per request by a middleware from `?lang=`, the language cookie, the session
//! cookie or an `Authorization: Bearer name:secret` header, the connection's address and —
//! only with [`Proxy::Trusted`] — the proxy's `X-Forwarded-For` and `X-Forwarded-Proto`.
//! Responses to a logged-in user are never cached (`Cache-Control: no-store`): they name the
//! user.

use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::header::{AUTHORIZATION, CACHE_CONTROL, COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ServerError;
use bydel_report::Lang;

use crate::sessions::{Identity, SESSION_COOKIE, cookie};
use crate::state::{AppState, Proxy, PublicView};
use crate::users::Role;

/// The cookie that remembers the language.
pub const LANG_COOKIE: &str = "bydel_lang";

/// What a handler knows about the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ctx {
    /// The page language.
    pub lang: Lang,
    /// Who is asking.
    pub identity: Identity,
    /// The path and query without `lang` (for the language toggle).
    pub here: String,
    /// The client's address, when known (for login throttling).
    pub client: Option<IpAddr>,
    /// Whether the client connected over HTTPS (to a trusted proxy): cookies get `Secure`.
    pub secure: bool,
}

impl Ctx {
    /// Fails with 401 (anonymous) or 403 (too small a role) unless the user has `role`.
    pub fn require(&self, role: Role, action: &'static str) -> Result<(), ServerError> {
        match &self.identity {
            Identity::Anonymous => Err(ServerError::Unauthorized),
            id if id.has(role) => Ok(()),
            id => Err(ServerError::Forbidden {
                have: id.role_name(),
                action,
            }),
        }
    }

    /// `here` with `?lang=` set to the other language.
    pub fn toggle_href(&self) -> String {
        let sep = if self.here.contains('?') { '&' } else { '?' };
        format!("{}{sep}lang={}", self.here, self.lang.other().code())
    }
}

/// The middleware: puts a [`Ctx`] into the request, remembers `?lang=` in a cookie.
pub async fn context(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let query_lang = query_lang(req.uri());
    let headers = req.headers();
    let lang = query_lang
        .or_else(|| cookie_of(headers, LANG_COOKIE).and_then(Lang::parse))
        .unwrap_or_default();
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let (client, secure) = match state.proxy {
        Proxy::None => (peer, false),
        Proxy::Trusted => (forwarded_for(headers).or(peer), forwarded_https(headers)),
    };
    let identity = match identify(&state, headers, client) {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    if state.public_view == PublicView::LoginRequired
        && !identity.has(Role::Viewer)
        && !is_always_open(req.uri().path())
    {
        return ServerError::Unauthorized.into_response();
    }
    let logged_in = identity != Identity::Anonymous;
    let here = here_without_lang(req.uri());
    req.extensions_mut().insert(Ctx {
        lang,
        identity,
        here,
        client,
        secure,
    });
    let mut res = next.run(req).await;
    if let Some(l) = query_lang {
        let secure = if secure { "; Secure" } else { "" };
        let c = format!(
            "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000{secure}",
            l.code()
        );
        if let Ok(v) = HeaderValue::from_str(&c) {
            res.headers_mut().append(SET_COOKIE, v);
        }
    }
    if logged_in {
        res.headers_mut()
            .insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// The language asked for by `?lang=`, if valid.
pub fn query_lang(uri: &axum::http::Uri) -> Option<Lang> {
    uri.query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("lang=")))
        .and_then(Lang::parse)
}

fn identify(
    state: &AppState,
    headers: &HeaderMap,
    client: Option<IpAddr>,
) -> Result<Identity, ServerError> {
    let Some(auth) = headers.get(AUTHORIZATION) else {
        return Ok(cookie_of(headers, SESSION_COOKIE)
            .and_then(|t| state.sessions.get(t))
            .unwrap_or(Identity::Anonymous));
    };
    let bearer = auth.to_str().ok().and_then(|s| s.strip_prefix("Bearer "));
    let (name, secret) = bearer
        .and_then(|b| b.split_once(':'))
        .ok_or(ServerError::Unauthorized)?;
    if let Some(id) = state.sessions.bearer(name, secret) {
        return Ok(id);
    }
    let now = Instant::now();
    if let Err(retry_after) = state.throttle.check(name, client, now) {
        state.audit(&Identity::Anonymous, "bearer_auth", name, "throttled")?;
        return Err(ServerError::TooManyAttempts { retry_after });
    }
    match state.users.check(name, secret) {
        Some(u) => {
            let id = Identity::User {
                name: u.name.clone(),
                role: u.role,
            };
            state.throttle.succeed(name);
            state.sessions.remember_bearer(name, secret, id.clone());
            Ok(id)
        }
        None => {
            state.throttle.fail(name, client, now);
            state.audit(&Identity::Anonymous, "bearer_auth", name, "failed")?;
            Err(ServerError::Unauthorized)
        }
    }
}

fn cookie_of<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| cookie(h, name))
}

/// The last address of the last `X-Forwarded-For` header: the one our proxy appended.
fn forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    let last = headers.get_all("x-forwarded-for").iter().next_back()?;
    let entry = last.to_str().ok()?.rsplit(',').next()?.trim();
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|s| s.ip()))
}

/// Whether the proxy says the client used HTTPS (its last `X-Forwarded-Proto` value).
fn forwarded_https(headers: &HeaderMap) -> bool {
    headers
        .get_all("x-forwarded-proto")
        .iter()
        .next_back()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
}

fn is_always_open(path: &str) -> bool {
    path == "/login" || path == "/healthz" || path.starts_with("/assets/")
}

fn here_without_lang(uri: &axum::http::Uri) -> String {
    let rest: Vec<&str> = uri
        .query()
        .unwrap_or("")
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("lang="))
        .collect();
    if rest.is_empty() {
        uri.path().to_owned()
    } else {
        format!("{}?{}", uri.path(), rest.join("&"))
    }
}
