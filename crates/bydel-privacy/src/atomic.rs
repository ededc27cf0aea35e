//! Atomic file writing for published tables: bydel's one implementation lives in
//! [`bydel_fs`] (temporary file in the target's folder, `fsync`, rename, folder sync); this
//! module re-exports it and turns its errors into [`PrivacyError`]s.

pub use bydel_fs::{AtomicFile, write_atomic, write_atomic_with};

use crate::error::PrivacyError;

impl From<bydel_fs::FsError> for PrivacyError {
    fn from(e: bydel_fs::FsError) -> Self {
        match e {
            bydel_fs::FsError::Io { path, source } => PrivacyError::Io { path, source },
            bydel_fs::FsError::Refused { path, message } => PrivacyError::Path { path, message },
        }
    }
}
