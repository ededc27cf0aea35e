//! The crate's error type: faults in the user's input apart from internal bugs.

/// Everything that can go wrong when building segregation inputs or computing indices.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SegregationError {
    /// A cell of a counts file could not be used.
    #[error("line {line}, column {column:?}: expected {expected}, found {found:?}")]
    Cell {
        /// 1-based line number in the file (the header is line 1).
        line: u64,
        /// The column name.
        column: String,
        /// What was expected, in words.
        expected: String,
        /// What was found.
        found: String,
    },
    /// A column the user asked for (or `area_id`) is not in the header.
    #[error("column {column:?} not found in the header (columns: {available})")]
    MissingColumn {
        /// The missing column.
        column: String,
        /// The header's columns, comma-separated.
        available: String,
    },
    /// The request does not make sense (no groups, a group listed twice, …).
    #[error("{0}")]
    Usage(String),
    /// An area's counts are inconsistent (group larger than the total, duplicate id, …).
    #[error("area {area:?}: {problem}")]
    Area {
        /// The area id.
        area: String,
        /// What is wrong.
        problem: String,
    },
    /// The neighbourhood weights are invalid.
    #[error("neighbours: {0}")]
    Neighbours(String),
    /// The counts file is not readable CSV.
    #[error("line {line}: {message}")]
    Csv {
        /// 1-based line number (0 when unknown).
        line: u64,
        /// The CSV reader's message.
        message: String,
    },
    /// An internal invariant was broken: a bug in bydel, not a fault in the input.
    #[error("internal error (a bug in bydel): {0}")]
    Internal(String),
}
