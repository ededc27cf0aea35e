//! The crate's one error type: what a request or the server's start-up can go wrong with.
//!
//! User faults (a missing page, a missing login, a bad parameter) are apart from operator faults
//! (an unreadable run folder or users file) and internal bugs. An error becomes a response with
//! its status and an [`ErrorInfo`] extension; [`crate::security::error_shape`] then renders the
//! body (JSON under `/api`, HTML elsewhere) so that no internal detail reaches a client.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Everything that can fail in the server.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// No such page, table, area or file.
    #[error("not found: {0}")]
    NotFound(String),
    /// The request is malformed (a bad parameter).
    #[error("bad request: {0}")]
    BadRequest(String),
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
    /// A short message safe to show.
    pub message: String,
}

impl ServerError {
    /// Wraps a configuration problem with its path.
    pub fn config(path: impl std::fmt::Display, message: impl std::fmt::Display) -> Self {
        ServerError::Config {
            path: path.to_string(),
            message: message.to_string(),
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ServerError::NotFound(_) => StatusCode::NOT_FOUND,
            ServerError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ServerError::Unauthorized => StatusCode::UNAUTHORIZED,
            ServerError::Forbidden { .. } => StatusCode::FORBIDDEN,
            ServerError::Config { .. } | ServerError::Internal(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    /// What a client may see.
    pub fn info(&self) -> ErrorInfo {
        match self {
            ServerError::NotFound(_) | ServerError::BadRequest(_) => ErrorInfo {
                code: code_of(self.status()),
                message: self.to_string(),
            },
            _ => ErrorInfo {
                code: code_of(self.status()),
                message: generic_message(self.status()).into(),
            },
        }
    }
}

impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        if self.status().is_server_error() {
            eprintln!("bydel-server: {self}");
        }
        let mut response = self.status().into_response();
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
        415 => "unsupported_media_type",
        422 => "unprocessable",
        s if s >= 500 => "internal",
        _ => "error",
    }
}

/// A message for a status that says nothing about internals.
pub fn generic_message(status: StatusCode) -> &'static str {
    match status.as_u16() {
        401 => "login required",
        403 => "your role does not allow this",
        404 => "not found",
        405 => "method not allowed",
        408 => "the request took too long",
        413 => "the request is too large",
        s if s >= 500 => "internal error",
        _ => "bad request",
    }
}
