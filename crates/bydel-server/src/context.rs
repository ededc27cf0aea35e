//! The request context: the page language and who is asking, worked out once per request by a
//! middleware from `?lang=`, the language cookie, the session cookie or an
//! `Authorization: Bearer name:secret` header.

use axum::extract::{Request, State};
use axum::http::header::{AUTHORIZATION, COOKIE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ServerError;
use crate::i18n::{LANG_COOKIE, Lang};
use crate::sessions::{Identity, SESSION_COOKIE, cookie};
use crate::state::{AppState, PublicView};
use crate::users::Role;

/// What a handler knows about the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ctx {
    /// The page language.
    pub lang: Lang,
    /// Who is asking.
    pub identity: Identity,
    /// The path and query without `lang` (for the language toggle).
    pub here: String,
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
    let query_lang = req
        .uri()
        .query()
        .and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("lang=")))
        .and_then(Lang::parse);
    let headers = req.headers();
    let lang = query_lang
        .or_else(|| cookie_of(headers, LANG_COOKIE).and_then(Lang::parse))
        .unwrap_or_default();
    let identity = match identify(&state, headers) {
        Ok(id) => id,
        Err(e) => return e.into_response(),
    };
    if state.public_view == PublicView::LoginRequired
        && !identity.has(Role::Viewer)
        && !is_always_open(req.uri().path())
    {
        return ServerError::Unauthorized.into_response();
    }
    let here = here_without_lang(req.uri());
    req.extensions_mut().insert(Ctx {
        lang,
        identity,
        here,
    });
    let mut res = next.run(req).await;
    if let Some(l) = query_lang {
        let c = format!(
            "{LANG_COOKIE}={}; Path=/; SameSite=Lax; Max-Age=31536000",
            l.code()
        );
        if let Ok(v) = HeaderValue::from_str(&c) {
            res.headers_mut().append(SET_COOKIE, v);
        }
    }
    res
}

fn identify(state: &AppState, headers: &HeaderMap) -> Result<Identity, ServerError> {
    if let Some(auth) = headers.get(AUTHORIZATION) {
        let bearer = auth.to_str().ok().and_then(|s| s.strip_prefix("Bearer "));
        let (name, secret) = bearer
            .and_then(|b| b.split_once(':'))
            .ok_or(ServerError::Unauthorized)?;
        return match state.users.check(name, secret) {
            Some(u) => Ok(Identity::User {
                name: u.name.clone(),
                role: u.role,
            }),
            None => {
                state.audit(&Identity::Anonymous, "bearer_auth", name, "failed")?;
                Err(ServerError::Unauthorized)
            }
        };
    }
    Ok(cookie_of(headers, SESSION_COOKIE)
        .and_then(|t| state.sessions.get(t))
        .unwrap_or(Identity::Anonymous))
}

fn cookie_of<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| cookie(h, name))
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
