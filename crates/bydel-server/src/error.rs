//! The crate's one error type: what a request or the server's start-up can go wrong with.
//!
//! User faults (a missing page, a missing login, a bad parameter, too many failed logins, an
//! over-long request) are apart from operator faults (an unreadable run folder or users file)
//! and internal bugs. An error becomes a response with its status and an [`ErrorInfo`]
//! extension holding its message in Danish and English; [`crate::security::error_shape`] then
//! renders the body (JSON under `/api`, HTML elsewhere) in the request's language, so that no
//! internal detail reaches a client.

use std::time::Duration;

use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use bydel_report::{Labels, Lang};

/// Everything that can fail in the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// No such page, table, area or file.
    #[error("not found: {what} {name}")]
    NotFound {
        /// What kind of thing (an i18n key: `page`, `table`, `area`, …).
        what: &'static str,
        /// Its name as asked for.
        name: String,
    },
    /// The request is malformed (a bad parameter): the message in Danish and English.
    #[error("bad request: {en}")]
    BadRequest {
        /// The message in Danish.
        da: String,
        /// The message in English.
        en: String,
    },
    /// The page needs a login.
    #[error("login required")]
    Unauthorized,
    /// The login's role does not allow the page.
    #[error("forbidden: role {have} may not {action}")]
    Forbidden {
        /// The role the user has.
        have: &'static str,
        /// What was attempted.
        action: &'static str,
    },
    /// Too many failed logins for this name or from this client.
    #[error("too many failed logins; try again in {} s", .retry_after.as_secs())]
    TooManyAttempts {
        /// When to try again.
        retry_after: Duration,
    },
    /// The request line is longer than the server accepts.
    #[error("the address is too long")]
    UriTooLong,
    /// The request's headers are larger than the server accepts.
    #[error("the request headers are too large")]
    HeadersTooLarge,
    /// The client did not send its request headers in time.
    #[error("the request headers did not arrive in time")]
    HeaderTimeout,
    /// The operator's configuration is wrong (run folder, users file).
    #[error("{path}: {message}")]
    Config {
        /// The file or folder.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A bug or an IO failure while serving; its text is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
}

/// The public face of an error, attached to the response for the renderer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorInfo {
    /// A stable machine-readable code (`not_found`, `unauthorized`, …).
    pub code: &'static str,
    /// A short message safe to show, in Danish.
    pub da: String,
    /// The same in English.
    pub en: String,
}

impl ErrorInfo {
    /// The generic info of a status (for errors raised outside the handlers).
    pub fn of_status(status: StatusCode) -> ErrorInfo {
        let key = generic_key(status);
        ErrorInfo {
            code: code_of(status),
            da: Lang::Da.t(key).into(),
            en: Lang::En.t(key).into(),
        }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        match lang {
            Lang::Da => &self.da,
            Lang::En => &self.en,
        }
    }
}

impl ServerError {
    /// Wraps a configuration problem with its path.
    pub fn config(path: impl std::fmt::Display, message: impl std::fmt::Display) -> Self {
        ServerError::Config {
            path: path.to_string(),
            message: message.to_string(),
        }
    }

    /// No `what` (an i18n key such as `table`) called `name`.
    pub fn not_found(what: &'static str, name: impl Into<String>) -> Self {
        ServerError::NotFound {
            what,
            name: name.into(),
        }
    }

    /// A query parameter the page does not take.
    pub fn unknown_parameter(name: &str, allowed: &[&str]) -> Self {
        let list = allowed.join(", ");
        ServerError::BadRequest {
            da: format!("ukendt parameter «{name}» i adressen; siden tager: {list}"),
            en: format!("unknown query parameter \"{name}\"; the page takes: {list}"),
        }
    }

    /// A query parameter given more than once.
    pub fn repeated_parameter(name: &str) -> Self {
        ServerError::BadRequest {
            da: format!("parameteren «{name}» står mere end én gang i adressen"),
            en: format!("the query parameter \"{name}\" is given more than once"),
        }
    }

    /// A parameter whose value is not one of the known values: `expected` in Danish and
    /// English (e.g. `one of district, housing_area`).
    pub fn bad_value(
        parameter: &str,
        found: &str,
        expected: (impl std::fmt::Display, impl std::fmt::Display),
    ) -> Self {
        let found: String = found.chars().take(100).collect();
        ServerError::BadRequest {
            da: format!(
                "parameteren «{parameter}»: forventede {}, fandt «{found}»",
                expected.0
            ),
            en: format!(
                "parameter \"{parameter}\": expected {}, found \"{found}\"",
                expected.1
            ),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ServerError::NotFound { .. } => StatusCode::NOT_FOUND,
            ServerError::BadRequest { .. } => StatusCode::BAD_REQUEST,
            ServerError::Unauthorized => StatusCode::UNAUTHORIZED,
            ServerError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ServerError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            ServerError::UriTooLong => StatusCode::URI_TOO_LONG,
            ServerError::HeadersTooLarge => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            ServerError::HeaderTimeout => StatusCode::REQUEST_TIMEOUT,
            ServerError::Config { .. } | ServerError::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    /// What a client may see.
    pub fn info(&self) -> ErrorInfo {
        let code = code_of(self.status());
        match self {
            ServerError::NotFound { what, name } => {
                let name: String = name.chars().take(200).collect();
                let says = |lang: Lang, prefix: &str| {
                    let what = lang.t(what).to_lowercase();
                    format!("{prefix}: {what} {name}").trim_end().to_owned()
                };
                ErrorInfo {
                    code,
                    da: says(Lang::Da, "ikke fundet"),
                    en: says(Lang::En, "not found"),
                }
            }
            ServerError::BadRequest { da, en } => ErrorInfo {
                code,
                da: da.clone(),
                en: en.clone(),
            },
            ServerError::TooManyAttempts { retry_after } => {
                let s = retry_after.as_secs().max(1);
                ErrorInfo {
                    code,
                    da: format!("for mange mislykkede log ind; prøv igen om {s} sekunder"),
                    en: format!("too many failed logins; try again in {s} seconds"),
                }
            }
            _ => ErrorInfo::of_status(self.status()),
        }
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        if self.status().is_server_error() {
            eprintln!("bydel-server: {self}");
        }
        let mut response = self.status().into_response();
        if let ServerError::TooManyAttempts { retry_after } = &self {
            let secs = retry_after.as_secs().max(1).to_string();
            if let Ok(v) = HeaderValue::from_str(&secs) {
                response.headers_mut().insert(RETRY_AFTER, v);
            }
        }
        response.extensions_mut().insert(self.info());
        response
    }
}

/// The stable code of a status.
pub fn code_of(status: StatusCode) -> &'static str {
    match status.as_u16() {
        400 => "bad_request",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        408 => "timeout",
        413 => "payload_too_large",
        414 => "uri_too_long",
        415 => "unsupported_media_type",
        422 => "unprocessable",
        429 => "too_many_requests",
        431 => "headers_too_large",
        s if s >= 500 => "internal",
        _ => "error",
    }
}

/// The i18n key of a message for a status that says nothing about internals.
fn generic_key(status: StatusCode) -> &'static str {
    match status.as_u16() {
        401 => "err_401",
        403 => "err_403",
        404 => "err_404",
        405 => "err_405",
        408 => "err_408",
        413 => "err_413",
        414 => "err_414",
        415 => "err_415",
        429 => "err_429",
        431 => "err_431",
        s if s >= 500 => "err_500",
        _ => "err_400",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_a_message_in_both_languages() {
        for s in [
            400, 401, 403, 404, 405, 408, 413, 414, 415, 422, 429, 431, 500, 503,
        ] {
            let info = ErrorInfo::of_status(StatusCode::from_u16(s).unwrap());
            assert!(
                !info.da.starts_with("err_") && !info.en.starts_with("err_"),
                "{s}"
            );
            assert_ne!(info.da, info.en, "{s}");
        }
    }
}
