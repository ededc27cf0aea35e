//! Writing files and output folders so that a failure never destroys what was there.
//!
//! The one home of bydel's atomic writes (every crate that writes uses it; it depends on no
//! other bydel crate, so the disclosure-control layer, the readers and the report can all use
//! it without a dependency cycle):
//!
//! - [`write_atomic`], [`write_atomic_with`] and [`AtomicFile`]: a file is written to a
//!   temporary name in its own folder, flushed to disk (`fsync`), renamed over the target, and
//!   the folder entry is synced; readers see the old file or the new one, never half of one.
//! - [`Output`]: an output folder (a dataset, a counts folder, a whole run) is built in a
//!   temporary sibling and swapped in only when complete, and only over a folder bydel wrote
//!   itself (a [`MARKER`] file), never over the user's own files, a file, or the input.
#![deny(missing_docs)]

mod atomic;
mod output;

pub use atomic::{AtomicFile, write_atomic, write_atomic_with};
pub use output::{MARKER, Output};

use std::path::PathBuf;

/// Why a write failed or was refused.
#[derive(Debug, thiserror::Error)]
pub enum FsError {
    /// The file system reported an error on this path.
    #[error("{path}: {source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// bydel refuses to write here (it would destroy data); the message says what to do.
    #[error("{path}: {message}")]
    Refused {
        /// The path the user gave.
        path: PathBuf,
        /// Why, and what to do instead.
        message: String,
    },
}

impl FsError {
    /// A file-system error on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        FsError::Io {
            path: path.into(),
            source,
        }
    }

    fn refused(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        FsError::Refused {
            path: path.into(),
            message: message.into(),
        }
    }
}
