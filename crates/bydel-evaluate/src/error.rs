//! The crate's one error type: user faults (bad input text, impossible requests) apart from
//! degenerate data, which results carry as values.

/// Errors of parsing interventions, building panels and running evaluations.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EvaluateError {
    /// A cell of an input text did not hold what was expected.
    #[error("{file}:{line}:{column}: {message}")]
    Parse {
        /// The file the text came from (as the caller named it).
        file: String,
        /// 1-based line.
        line: u64,
        /// 1-based column (field number for CSV).
        column: u64,
        /// What was expected and what was found.
        message: String,
    },
    /// The data cannot answer the question (e.g. no control areas, too few pre-periods).
    #[error("{0}")]
    Data(String),
    /// A setting is out of range.
    #[error("{0}")]
    Settings(String),
}
