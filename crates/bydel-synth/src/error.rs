//! The crate's one error type.

/// Errors of the generator.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    /// The settings are not usable (a user fault).
    #[error("invalid synth settings: {0}")]
    Config(String),
    /// Writing the dataset failed.
    #[error("writing the dataset")]
    Io(#[from] bydel_io::IoError),
    /// Writing `areas.geojson` or creating the folder failed.
    #[error("{path}: {source}")]
    File {
        /// The path.
        path: std::path::PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// Building an Arrow batch failed (an internal bug: the columns are built to the schema).
    #[error("internal error building table `{table}`: {message}")]
    Internal {
        /// The table.
        table: &'static str,
        /// What went wrong.
        message: String,
    },
}
