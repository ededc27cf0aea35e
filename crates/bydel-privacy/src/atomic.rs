//! Atomic file writing: a crash or a failed run never destroys yesterday's published tables.
//!
//! [`write_atomic`] writes a temporary file in the target's own folder (so the rename stays on
//! one file system), flushes it to disk (`fsync`), and renames it over the target; readers see
//! either the old file or the new one, never a half-written one. Every writer of published
//! outputs uses it.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::error::PrivacyError;

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes `path` atomically with whatever `fill` writes.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> Result<(), PrivacyError> {
    let tmp = temp_path(path)?;
    let result = (|| {
        let mut f = File::create(&tmp)?;
        fill(&mut f)?;
        f.flush()?;
        f.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(PrivacyError::io(path, e));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(())
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), PrivacyError> {
    write_atomic_with(path, |f| f.write_all(bytes))
}

/// A fresh temporary path beside `path`: `.<name>.tmp-<pid>-<n>`.
pub fn temp_path(path: &Path) -> Result<PathBuf, PrivacyError> {
    let name = path.file_name().ok_or_else(|| PrivacyError::Path {
        path: path.to_owned(),
        message: "not a file path".into(),
    })?;
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = format!(".{}.tmp-{}-{n}", name.to_string_lossy(), std::process::id());
    Ok(path.with_file_name(tmp))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.csv");
        write_atomic(&p, b"yesterday").unwrap();
        let err = write_atomic_with(&p, |f| {
            f.write_all(b"half")?;
            Err(std::io::Error::other("crash"))
        });
        assert!(err.is_err());
        assert_eq!(fs::read(&p).unwrap(), b"yesterday");
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
        write_atomic(&p, b"today").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"today");
    }
}
