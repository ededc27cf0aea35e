//! The crate's one error type: user faults (bad tables, bad method files, data an index cannot
//! be computed on) apart from internal bugs.

/// Why an index could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IndexError {
    /// A cell or header of the input table is wrong; names the source, line and column.
    #[error("{source_name}, line {line}, column {column:?}: expected {expected}, found {found:?}")]
    Cell {
        /// The file (or other source) name.
        source_name: String,
        /// The 1-based line (the header is line 1).
        line: u64,
        /// The column name.
        column: String,
        /// What was expected, in words.
        expected: String,
        /// The text that was found.
        found: String,
    },
    /// The input table as a whole is unusable (missing column, duplicate area, …).
    #[error("{source_name}: {message}")]
    Table {
        /// The file (or other source) name.
        source_name: String,
        /// What is wrong.
        message: String,
    },
    /// A method file (TOML) is malformed or inconsistent.
    #[error("method {source_name}: {message}")]
    Method {
        /// The file or preset name.
        source_name: String,
        /// What is wrong.
        message: String,
    },
    /// The data do not allow the index (too few areas, an indicator without variation, …).
    #[error("cannot compute the index: {0}")]
    Data(String),
    /// A bug in bydel-index: an invariant that should always hold did not.
    #[error("internal error in bydel-index (please report): {0}")]
    Internal(String),
}

impl IndexError {
    /// A table-level error.
    pub fn table(source_name: &str, message: impl Into<String>) -> Self {
        IndexError::Table {
            source_name: source_name.to_string(),
            message: message.into(),
        }
    }

    /// A method-file error.
    pub fn method(source_name: &str, message: impl Into<String>) -> Self {
        IndexError::Method {
            source_name: source_name.to_string(),
            message: message.into(),
        }
    }
}
