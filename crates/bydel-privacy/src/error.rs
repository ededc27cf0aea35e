//! The crate's one error type: user faults (bad input, bad key, unsafe paths) apart from
//! internal bugs.
//!
//! No variant ever carries a key or a value that could be a CPR number: messages name files,
//! lines and columns, never cell contents of identifier columns.

use std::path::PathBuf;

/// Everything that can go wrong in disclosure control, publishing, auditing or pseudonymisation.
#[derive(Debug, thiserror::Error)]
pub enum PrivacyError {
    /// A result table was built inconsistently (wrong row width, unknown column, duplicate key).
    #[error("table {table}: {message}")]
    Table {
        /// The table's name.
        table: String,
        /// What is wrong.
        message: String,
    },
    /// A policy parameter is out of range.
    #[error("policy: {0}")]
    Policy(String),
    /// A published file or manifest could not be understood.
    #[error("{file}: line {line}: {message}")]
    Input {
        /// The file.
        file: String,
        /// The 1-based line (0 when the whole file is concerned).
        line: u64,
        /// What was expected and what was found (never an identifier's value).
        message: String,
    },
    /// The pseudonymisation key is missing, unreadable or too short.
    #[error("key: {0}")]
    Key(String),
    /// A path the user gave cannot be used (output exists, output inside input, …).
    #[error("{path}: {message}")]
    Path {
        /// The path.
        path: PathBuf,
        /// Why it cannot be used.
        message: String,
    },
    /// An IO error on a named path.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A bug in bydel-privacy (an invariant that should hold did not).
    #[error("internal error in disclosure control (please report): {0}")]
    Internal(String),
}

impl PrivacyError {
    /// An IO error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        PrivacyError::Io {
            path: path.into(),
            source,
        }
    }
    /// A table construction error.
    pub fn table(table: &str, message: impl Into<String>) -> Self {
        PrivacyError::Table {
            table: table.to_owned(),
            message: message.into(),
        }
    }
    /// An input error in `file` at `line`.
    pub fn input(file: impl Into<String>, line: u64, message: impl Into<String>) -> Self {
        PrivacyError::Input {
            file: file.into(),
            line,
            message: message.into(),
        }
    }
}
