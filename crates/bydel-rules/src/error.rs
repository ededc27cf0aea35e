//! The crate's error type: user faults (bad input files, bad rule sets, bad arguments) apart
//! from internal bugs.

/// Everything that can go wrong in bydel-rules.
#[derive(Debug, thiserror::Error)]
pub enum RulesError {
    /// A cell of an input table is wrong.
    #[error("{file}: line {line}, column {column}: expected {expected}, found {found:?}")]
    Input {
        /// The file (or table) name.
        file: String,
        /// 1-based line number (the header is line 1).
        line: u64,
        /// The column name.
        column: String,
        /// What was expected.
        expected: String,
        /// What was found.
        found: String,
    },
    /// An input table lacks a required column, or is not readable as CSV.
    #[error("{file}: {message}")]
    Table {
        /// The file name.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// A rule set file is malformed.
    #[error("rule set {source_name}: {message}")]
    RuleSet {
        /// The file the set came from.
        source_name: String,
        /// What is wrong.
        message: String,
    },
    /// No rule set covers a list year.
    #[error("no rule set covers list year {0}")]
    NoRuleSet(i32),
    /// A bad argument.
    #[error("{0}")]
    Usage(String),
    /// A bug in bydel: an invariant of this crate failed.
    #[error("internal error in bydel-rules: {0}")]
    Internal(String),
}
