//! The binary's error type, how it is reported, and the one exit-code convention of every
//! command.
//!
//! Exit codes: 0 success; 1 invalid input (a bad argument or option value, a missing or
//! malformed input file, data that cannot be analysed) or a completed run that found problems
//! (`validate`, `audit`); 2 any other error (the file system refused a write, an internal bug).

use std::error::Error as _;
use std::process::ExitCode;

/// Anything that stops a command. Library errors convert into it; each keeps its cause chain.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The user asked for something impossible (bad arguments, option values out of range).
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

/// Exit code 1: invalid input (or a completed run that found problems).
pub const EXIT_INVALID_INPUT: u8 = 1;
/// Exit code 2: any other error.
pub const EXIT_ERROR: u8 = 2;

impl CliError {
    /// Wraps any library error.
    pub fn lib(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        CliError::Library(Box::new(e))
    }

    /// Whether the error is the user's input (exit 1) rather than another failure (exit 2).
    pub fn is_invalid_input(&self) -> bool {
        match self {
            CliError::Usage(_) => true,
            CliError::Io { source, .. } => io_is_input(source),
            CliError::Library(inner) => library_is_input(inner.as_ref()),
        }
    }

    /// The process exit code of this error under the convention of the module docs.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(if self.is_invalid_input() {
            EXIT_INVALID_INPUT
        } else {
            EXIT_ERROR
        })
    }
}

/// A missing input file or one that is not text is the user's input; other IO errors are not.
fn io_is_input(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::NotFound
            | std::io::ErrorKind::InvalidData
            | std::io::ErrorKind::InvalidInput
            | std::io::ErrorKind::IsADirectory
            | std::io::ErrorKind::NotADirectory
    )
}

/// Every library error is an input fault except the crates' internal-bug variants and IO
/// failures that are not about the input.
fn library_is_input(e: &(dyn std::error::Error + Send + Sync + 'static)) -> bool {
    if let Some(e) = e.downcast_ref::<bydel_rules::RulesError>() {
        return !matches!(e, bydel_rules::RulesError::Internal(_));
    }
    if let Some(e) = e.downcast_ref::<bydel_analysis::AnalysisError>() {
        return !matches!(e, bydel_analysis::AnalysisError::Internal(_));
    }
    if let Some(e) = e.downcast_ref::<bydel_index::IndexError>() {
        return !matches!(e, bydel_index::IndexError::Internal(_));
    }
    if let Some(e) = e.downcast_ref::<bydel_segregation::SegregationError>() {
        return !matches!(e, bydel_segregation::SegregationError::Internal(_));
    }
    if let Some(e) = e.downcast_ref::<bydel_privacy::PrivacyError>() {
        use bydel_privacy::PrivacyError as P;
        return match e {
            P::Input { .. } | P::Key(_) | P::Path { .. } | P::Policy(_) => true,
            P::Io { source, .. } => io_is_input(source),
            _ => false,
        };
    }
    if let Some(e) = e.downcast_ref::<bydel_io::IoError>() {
        return match e {
            bydel_io::IoError::File { source, .. } => io_is_input(source),
            _ => true,
        };
    }
    if let Some(e) = e.downcast_ref::<std::io::Error>() {
        return io_is_input(e);
    }
    false
}

/// Prints `error: …` and each cause on stderr.
pub fn report(err: &CliError) {
    eprintln!("error: {err}");
    let mut source = match err {
        CliError::Library(inner) => inner.source(),
        // The IO error's text is already part of the message.
        CliError::Io { source, .. } => source.source(),
        other => other.source(),
    };
    while let Some(cause) = source {
        eprintln!("  caused by: {cause}");
        source = cause.source();
    }
}
