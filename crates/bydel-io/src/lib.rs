//! Reading, validating and writing bydel's tables.
//!
//! - [`read`]: the canonical input tables from a dataset folder, as Arrow record batches with the
//!   canonical types, from Parquet (a file or a folder of files), CSV or XLSX.
//! - [`decode`]: text columns decoded once per distinct value (dictionary-encoded Parquet).
//! - [`check`] and [`validate`]: every problem in a dataset, each naming file, line, column, what
//!   was expected and what was found.
//! - [`write`]: canonical tables to Parquet or CSV, atomically (temp file, then rename).
//! - [`counts`]: the aggregation output (`counts.parquet` + `areas.csv`).
//! - [`publish`]: output folders replaced as a whole, never over the user's files or the input.
//!
//! Only this crate touches the file system for data (the invariant in ARCHITECTURE.md).
#![deny(missing_docs)]

pub mod check;
pub mod counts;
pub mod dataset;
pub mod decode;
pub mod dst;
pub mod problem;
pub mod publish;
pub mod read;
pub mod validate;
pub mod write;

pub use dataset::{Dataset, Source};
pub use problem::{Problem, Problems};
pub use write::{FileFormat, TableWriter, arrow_schema};

use std::path::PathBuf;

/// Errors of reading and writing.
#[derive(Debug, thiserror::Error)]
pub enum IoError {
    /// A file or folder could not be read or written.
    #[error("{path}: {source}")]
    File {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A required table is missing from the dataset.
    #[error(
        "{dir}: required table `{table}` not found (looked for {table}.parquet, {table}.csv, {table}.xlsx and a folder {table}/)"
    )]
    MissingTable {
        /// The dataset folder.
        dir: PathBuf,
        /// The table.
        table: String,
    },
    /// The input has problems (each with file, line and column).
    #[error("{} problem(s) in the input; first: {}", .0.len(), .0.first().map(|p| p.to_string()).unwrap_or_default())]
    Invalid(Problems),
    /// A Parquet file could not be read or written.
    #[error("{path}: {source}")]
    Parquet {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: parquet::errors::ParquetError,
    },
    /// Arrow could not convert a column.
    #[error("{path}: {source}")]
    Arrow {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: arrow_schema::ArrowError,
    },
    /// A CSV file could not be read or written.
    #[error("{path}: {source}")]
    Csv {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: csv::Error,
    },
    /// An output could not be written, or writing it would destroy data (see [`bydel_fs`]).
    #[error(transparent)]
    Output(#[from] bydel_fs::FsError),
    /// An XLSX file could not be read.
    #[error("{path}: {message}")]
    Xlsx {
        /// The path.
        path: PathBuf,
        /// The cause in words.
        message: String,
    },
}

impl IoError {
    /// A file-system error on `path`.
    pub fn file(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        IoError::File {
            path: path.into(),
            source,
        }
    }
}
