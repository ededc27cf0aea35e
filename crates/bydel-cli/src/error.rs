//! The binary's error type and how it is reported.

use std::error::Error as _;

/// Anything that stops a command. Library errors convert into it; each keeps its cause chain.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The user asked for something impossible (bad arguments, missing files).
    #[error("{0}")]
    Usage(String),
    /// An error from a library crate.
    #[error(transparent)]
    Library(#[from] Box<dyn std::error::Error + Send + Sync>),
    /// An IO error on a named path.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
}

impl From<bydel_io::IoError> for CliError {
    fn from(e: bydel_io::IoError) -> Self {
        CliError::lib(e)
    }
}

impl CliError {
    /// Wraps any library error.
    pub fn lib(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        CliError::Library(Box::new(e))
    }
}

/// Prints `error: …` and each cause on stderr.
pub fn report(err: &CliError) {
    eprintln!("error: {err}");
    let mut source = match err {
        CliError::Library(inner) => inner.source(),
        other => other.source(),
    };
    while let Some(cause) = source {
        eprintln!("  caused by: {cause}");
        source = cause.source();
    }
}
