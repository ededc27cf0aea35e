//! The crate's one error type. Errors are reserved for folders the audit cannot read at all;
//! everything it can read but finds wrong is a [`Finding`](crate::Finding).

use std::path::PathBuf;

/// Why a `published/` folder could not be audited.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A file could be read but not understood as the contract describes it.
    #[error("{file}: line {line}, column {column}: {message}")]
    Format {
        /// The file, relative to `published/`.
        file: String,
        /// The 1-based line (0 when the whole file is concerned).
        line: u64,
        /// The 1-based column, or a column name's position (0 when unknown).
        column: u64,
        /// What was expected and what was found.
        message: String,
    },
}

impl AuditError {
    /// A format error about a whole file.
    pub(crate) fn file(file: &str, message: impl Into<String>) -> AuditError {
        AuditError::Format {
            file: file.into(),
            line: 0,
            column: 0,
            message: message.into(),
        }
    }
}
