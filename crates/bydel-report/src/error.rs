//! The crate's one error type: faults in the published folder (user faults) apart from IO and
//! internal bugs.

/// Anything that stops the report or the workbook.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A published file is malformed: the file, the line (0 when not known) and what is wrong.
    #[error("{file}{}: {message}", if *.line > 0 { format!(", line {}", .line) } else { String::new() })]
    Input {
        /// The file name inside `published/`.
        file: String,
        /// The 1-based line, or 0.
        line: u64,
        /// What was expected and what was found.
        message: String,
    },
    /// The run folder has no `published/` folder or it cannot be read.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// Printing to PDF needs headless Chromium, and none was found or it failed.
    #[error("printing to PDF: {0}")]
    Print(String),
    /// The workbook writer failed (an internal fault, not the user's input).
    #[error("writing the workbook: {0}")]
    Xlsx(String),
}

impl ReportError {
    /// An input fault in `file` at `line`.
    pub fn input(file: &str, line: u64, message: impl Into<String>) -> Self {
        ReportError::Input {
            file: file.into(),
            line,
            message: message.into(),
        }
    }
    /// An IO fault on `path`.
    pub fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        ReportError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}
