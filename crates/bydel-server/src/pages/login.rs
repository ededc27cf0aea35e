//! Logging in and out: a form posting name and secret; on success a session cookie
//! (`HttpOnly; SameSite=Strict`, and `Secure` over HTTPS) and an audit line; on failure 401
//! and an audit line; after too many failures for the name or the client, 429 before the
//! secret is checked ([`crate::throttle`]).

use std::time::Instant;

use bydel_report::i18n::Labels;

use axum::extract::State;
use axum::http::header::{COOKIE, LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::{Extension, Form};
use serde::Deserialize;

use crate::context::Ctx;
use crate::error::ServerError;
use crate::html::page;
use crate::sessions::{Identity, SESSION_COOKIE, cookie, cookie_attributes};
use crate::state::AppState;

/// The login form's fields.
#[derive(Debug, Clone, Deserialize)]
pub struct LoginForm {
    /// Login name.
    pub user: String,
    /// Password or token.
    pub password: String,
}

/// `GET /login`.
pub async fn form(Extension(ctx): Extension<Ctx>) -> Html<String> {
    page(&ctx, ctx.lang.t("login"), &form_html(&ctx, false))
}

/// `POST /login`.
pub async fn login(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Form(f): Form<LoginForm>,
) -> Result<Response, ServerError> {
    let now = Instant::now();
    if let Err(retry_after) = state.throttle.check(&f.user, ctx.client, now) {
        state.audit(&Identity::Anonymous, "login", &f.user, "throttled")?;
        return Err(ServerError::TooManyAttempts { retry_after });
    }
    let Some(user) = state.users.check(&f.user, &f.password) else {
        state.throttle.fail(&f.user, ctx.client, now);
        state.audit(&Identity::Anonymous, "login", &f.user, "failed")?;
        let body = page(&ctx, ctx.lang.t("login"), &form_html(&ctx, true));
        return Ok((StatusCode::UNAUTHORIZED, [("x-bydel-page", "login")], body).into_response());
    };
    let id = Identity::User {
        name: user.name.clone(),
        role: user.role,
    };
    state.throttle.succeed(&user.name);
    state.audit(&id, "login", &user.name, "ok")?;
    let token = state.sessions.start(id);
    let attrs = cookie_attributes(ctx.secure);
    let c = format!("{SESSION_COOKIE}={token}; {attrs}; Max-Age=28800");
    Ok((
        StatusCode::SEE_OTHER,
        [(LOCATION, "/".to_owned()), (SET_COOKIE, c)],
    )
        .into_response())
}

/// `POST /logout`.
pub async fn logout(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    headers: HeaderMap,
) -> Result<Response, ServerError> {
    let token = headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|h| cookie(h, SESSION_COOKIE));
    if let Some(t) = token {
        state.sessions.end(t);
    }
    if ctx.identity != Identity::Anonymous {
        state.audit(&ctx.identity, "logout", ctx.identity.name(), "ok")?;
    }
    let attrs = cookie_attributes(ctx.secure);
    let c = format!("{SESSION_COOKIE}=; {attrs}; Max-Age=0");
    Ok((
        StatusCode::SEE_OTHER,
        [(LOCATION, "/".to_owned()), (SET_COOKIE, c)],
    )
        .into_response())
}

fn form_html(ctx: &Ctx, failed: bool) -> String {
    let lang = ctx.lang;
    let err = if failed {
        format!(
            "<p class=\"error\" role=\"alert\">{}</p>",
            lang.t("login_failed")
        )
    } else {
        String::new()
    };
    format!(
        "{err}<form class=\"login\" method=\"post\" action=\"/login\"><label for=\"user\">{}</label><input id=\"user\" name=\"user\" autocomplete=\"username\" required>\
         <label for=\"password\">{}</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\
         <button type=\"submit\">{}</button></form>",
        lang.t("user"),
        lang.t("password"),
        lang.t("login")
    )
}
