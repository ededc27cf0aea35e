//! Atomic file writing: a temporary file beside the target, `fsync`, rename, folder sync.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::FsError;

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A file being written under a temporary name; it replaces its target only on
/// [`commit`](Self::commit), and the temporary file is removed if it is dropped uncommitted.
///
/// For writers that own their `File` (a Parquet or CSV writer):
/// `let (target, file) = AtomicFile::create(path)?; …write through file…; target.commit(file)?`.
#[derive(Debug)]
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    committed: bool,
}

impl AtomicFile {
    /// Starts writing `path`: returns the guard and the temporary file to write to.
    pub fn create(path: &Path) -> Result<(AtomicFile, File), FsError> {
        let tmp = temp_path(path)?;
        let file = File::create(&tmp).map_err(|e| FsError::io(&tmp, e))?;
        let guard = AtomicFile {
            path: path.to_path_buf(),
            tmp,
            committed: false,
        };
        Ok((guard, file))
    }

    /// The final path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes `file` to disk and renames it over the target; then syncs the folder entry.
    pub fn commit(mut self, mut file: File) -> Result<(), FsError> {
        file.flush()
            .and_then(|()| file.sync_all())
            .map_err(|e| FsError::io(&self.tmp, e))?;
        drop(file);
        fs::rename(&self.tmp, &self.path).map_err(|e| FsError::io(&self.path, e))?;
        self.committed = true;
        sync_parent(&self.path);
        Ok(())
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Writes `path` atomically with whatever `fill` writes (wrap the file in a `BufWriter` for
/// many small writes).
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> Result<(), FsError> {
    let (target, mut file) = AtomicFile::create(path)?;
    fill(&mut file).map_err(|e| FsError::io(path, e))?;
    target.commit(file)
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), FsError> {
    write_atomic_with(path, |f| f.write_all(bytes))
}

/// A fresh temporary path beside `path`: `.<name>.tmp-<pid>-<n>`.
pub(crate) fn temp_path(path: &Path) -> Result<PathBuf, FsError> {
    let name = path
        .file_name()
        .ok_or_else(|| FsError::refused(path, "not a file or folder name"))?;
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = format!(".{}.tmp-{}-{n}", name.to_string_lossy(), std::process::id());
    Ok(path.with_file_name(tmp))
}

/// Syncs the folder holding `path`, so that a rename survives a power cut (best effort: some
/// file systems cannot sync a folder).
pub(crate) fn sync_parent(path: &Path) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let _ = File::open(dir).and_then(|d| d.sync_all());
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

    #[test]
    fn an_uncommitted_file_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.parquet");
        let (target, mut file) = AtomicFile::create(&p).unwrap();
        file.write_all(b"partial").unwrap();
        drop((target, file));
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
