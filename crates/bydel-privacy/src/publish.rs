//! Publishing a release into a folder: one CSV file per table and the privacy manifest
//! (`<stem>.privacy.json`), each written atomically. Only released tables can be published.

use std::path::{Path, PathBuf};

use crate::atomic::write_atomic;
use crate::error::PrivacyError;
use crate::manifest::SUFFIX;
use crate::release::Release;

/// Writes every table of `release` as `<table>.csv` into `dir` (created if missing) and the
/// manifest as `<stem>.privacy.json`; returns the files written. Tables are written first and
/// the manifest last, each atomically.
pub fn write_release(
    dir: &Path,
    stem: &str,
    release: &Release,
) -> Result<Vec<PathBuf>, PrivacyError> {
    if stem.is_empty() || stem.contains(['/', '\\']) || stem.starts_with('.') {
        return Err(PrivacyError::Path {
            path: stem.into(),
            message: "not a plain file stem".into(),
        });
    }
    std::fs::create_dir_all(dir).map_err(|e| PrivacyError::io(dir, e))?;
    let mut written = Vec::new();
    for t in release.tables() {
        let path = dir.join(&t.manifest.file);
        write_atomic(&path, t.to_csv().as_bytes())?;
        written.push(path);
    }
    let path = dir.join(format!("{stem}{SUFFIX}"));
    write_atomic(&path, release.manifest().to_json().as_bytes())?;
    written.push(path);
    Ok(written)
}

/// Writes every table of `release` as `<table>.csv` into `dir` (created if missing) and the
/// public manifest `manifest.json` (docs/published-format.md) last; returns the files written.
pub fn write_published(
    dir: &Path,
    release: &Release,
    context: crate::manifest::RunContext,
) -> Result<Vec<PathBuf>, PrivacyError> {
    std::fs::create_dir_all(dir).map_err(|e| PrivacyError::io(dir, e))?;
    let mut written = Vec::new();
    for t in release.tables() {
        let path = dir.join(&t.manifest.file);
        write_atomic(&path, t.to_csv().as_bytes())?;
        written.push(path);
    }
    let path = dir.join(crate::manifest::PUBLIC_FILE);
    let manifest = release.manifest().public(context);
    write_atomic(&path, manifest.to_json().as_bytes())?;
    written.push(path);
    Ok(written)
}
