//! The crate's one error type: user faults (a bad config, inputs that do not fit) apart from IO
//! and faults of the libraries it calls.

use std::path::Path;

/// Everything that can stop a run.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The config file is invalid.
    #[error("{file}: {message}")]
    Config {
        /// The config file.
        file: String,
        /// What is wrong, naming the key.
        message: String,
    },
    /// The inputs do not fit the config (an unknown municipality, a missing layer).
    #[error("{0}")]
    Input(String),
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A library step failed.
    #[error("{step}: {message}")]
    Step {
        /// The step (rules, analysis, release, …).
        step: &'static str,
        /// The library's message.
        message: String,
    },
}

impl PublishError {
    /// An IO error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> PublishError {
        PublishError::Io {
            path: path.display().to_string(),
            source,
        }
    }
    /// A failure of library step `step`.
    pub fn step(step: &'static str, e: impl std::fmt::Display) -> PublishError {
        PublishError::Step {
            step,
            message: e.to_string(),
        }
    }
}
