//! The only file-system code of the crate: reading a run's `published/` folder (never `work/`
//! or `dataset/`) and writing an output file atomically (temporary file, then rename).

use std::path::Path;

use crate::error::ReportError;
use crate::published::{Files, Published};

/// Reads and parses `RUN_DIR/published/` (only manifests, CSV files and `areas.geojson`).
pub fn read_published(run_dir: &Path) -> Result<Published, ReportError> {
    let dir = run_dir.join("published");
    let entries = std::fs::read_dir(&dir).map_err(|e| ReportError::io(&dir, e))?;
    let mut files = Files::new();
    for entry in entries {
        let entry = entry.map_err(|e| ReportError::io(&dir, e))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let wanted = name.ends_with(".csv") || name == "manifest.json" || name == "areas.geojson";
        if wanted && entry.file_type().is_ok_and(|t| t.is_file()) {
            let path = entry.path();
            let text = std::fs::read_to_string(&path).map_err(|e| ReportError::io(&path, e))?;
            files.insert(name, text);
        }
    }
    Published::parse(&files)
}

/// Writes `bytes` to `path` atomically ([`bydel_fs::write_atomic`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    bydel_fs::write_atomic(path, bytes).map_err(|e| match e {
        bydel_fs::FsError::Io { source, .. } => ReportError::io(path, source),
        other => ReportError::io(path, std::io::Error::other(other.to_string())),
    })
}
