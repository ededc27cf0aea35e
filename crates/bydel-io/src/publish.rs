//! Replacing an output folder as a whole: the new contents are written to a temporary sibling
//! folder, which replaces the old folder only when everything was written. A failed run leaves
//! yesterday's outputs intact.

use std::path::{Path, PathBuf};

use crate::IoError;

/// Writes a folder's new contents with `fill` (given the temporary folder), then swaps it in.
pub fn replace_dir<E>(out: &Path, fill: impl FnOnce(&Path) -> Result<(), E>) -> Result<(), E>
where
    E: From<IoError>,
{
    let tmp = sibling(out, "tmp");
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).map_err(|e| IoError::file(&tmp, e))?;
    }
    std::fs::create_dir_all(&tmp).map_err(|e| IoError::file(&tmp, e))?;
    if let Err(e) = fill(&tmp) {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(e);
    }
    let old = sibling(out, "old");
    if out.exists() {
        std::fs::rename(out, &old).map_err(|e| IoError::file(out, e))?;
    }
    if let Err(e) = std::fs::rename(&tmp, out) {
        let _ = std::fs::rename(&old, out);
        return Err(IoError::file(out, e).into());
    }
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
}

fn sibling(out: &Path, what: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    out.with_file_name(format!(".{name}.{what}-{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_keeps_the_old_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("run");
        replace_dir::<IoError>(&out, |t| {
            std::fs::write(t.join("a"), "1").map_err(|e| IoError::file(t, e))
        })
        .unwrap();
        let res = replace_dir::<IoError>(&out, |t| {
            std::fs::write(t.join("a"), "2").unwrap();
            Err(IoError::file(t, std::io::Error::other("boom")))
        });
        assert!(res.is_err());
        assert_eq!(std::fs::read_to_string(out.join("a")).unwrap(), "1");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary folders left"
        );
    }
}
