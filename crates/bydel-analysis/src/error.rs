//! The crate's one error type: user faults (bad catalogue, goals or survey files) apart from
//! internal bugs.

/// Errors of the analysis layer.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    /// A catalogue, goals or settings file does not parse or is inconsistent.
    #[error("{file}: {message}")]
    Definition {
        /// The file (or built-in name) the definition came from.
        file: String,
        /// What is wrong, naming the field and what was expected.
        message: String,
    },
    /// A survey CSV row is malformed.
    #[error("{file}, line {line}, column {column}: expected {expected}, found {found:?}")]
    Survey {
        /// The file name.
        file: String,
        /// The 1-based line.
        line: u64,
        /// The column name.
        column: String,
        /// What was expected.
        expected: String,
        /// What was found.
        found: String,
    },
    /// A request names something that is not there (an unknown indicator or area).
    #[error("unknown {what}: {name}")]
    Unknown {
        /// What kind of thing.
        what: &'static str,
        /// Its name.
        name: String,
    },
    /// A setting (an option of `bydel analyse`) outside its valid range.
    #[error("{name}: expected {expected}, found {found}")]
    Setting {
        /// The setting.
        name: String,
        /// Its valid range, in words.
        expected: String,
        /// The value given.
        found: String,
    },
    /// The counts cannot be analysed (an empty table, a numerator above its denominator, a
    /// negative denominator).
    #[error("{source_name}: {message}")]
    Data {
        /// The counts table (its file).
        source_name: String,
        /// What is wrong, naming the area, year and measures.
        message: String,
    },
    /// An internal invariant broke: a bug in bydel, not in the input.
    #[error("internal error (a bug in bydel-analysis): {0}")]
    Internal(String),
}

impl AnalysisError {
    /// A definition error for a file.
    pub fn definition(file: impl Into<String>, message: impl Into<String>) -> Self {
        AnalysisError::Definition {
            file: file.into(),
            message: message.into(),
        }
    }
}
