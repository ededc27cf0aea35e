//! Output folders replaced as a whole, and only when that destroys nothing of the user's.
//!
//! [`Output::replace`] builds the new contents in a temporary sibling folder, writes the
//! [`MARKER`], syncs everything to disk and then swaps the new folder in (one atomic
//! `renameat2(RENAME_EXCHANGE)` on Linux; two renames elsewhere). A failed run leaves the
//! previous folder complete. Before any of that, [`Output::check`] refuses a target that
//!
//! - is a file or a symbolic link (it would be replaced by a folder);
//! - is, or contains, one of the run's inputs (the input would be deleted);
//! - holds files without a bydel marker (the user's own files would be deleted);
//! - holds another kind of bydel output (a dataset is not replaced by a counts folder).
//!
//! Commands call `check` before they start working, so a wrong `--out` costs nothing.

use std::fs;
use std::path::{Path, PathBuf};

use crate::FsError;
use crate::atomic::{sync_parent, temp_path};

/// The file bydel writes into every output folder: `bydel-output <kind>`. A folder holding it
/// may be replaced by a later run of the same kind.
pub const MARKER: &str = ".bydel-output";

/// An output folder of one kind (`dataset`, `counts`, `run`, …) and the inputs it must spare.
#[derive(Debug, Clone)]
pub struct Output {
    dir: PathBuf,
    kind: String,
    inputs: Vec<PathBuf>,
}

impl Output {
    /// The folder `dir`, which will hold bydel output of `kind`.
    pub fn new(dir: &Path, kind: &str) -> Output {
        Output {
            dir: dir.to_path_buf(),
            kind: kind.to_string(),
            inputs: Vec::new(),
        }
    }

    /// An input of the run: the output must not be it or contain it.
    pub fn reading(mut self, input: &Path) -> Output {
        self.inputs.push(input.to_path_buf());
        self
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Refuses a target whose replacement would destroy anything but an earlier bydel output
    /// of the same kind; the message says what to do.
    pub fn check(&self) -> Result<(), FsError> {
        let dir = &self.dir;
        let Ok(meta) = fs::symlink_metadata(dir) else {
            return Ok(()); // a new folder
        };
        if meta.file_type().is_symlink() {
            return Err(FsError::refused(
                dir,
                "is a symbolic link; give the folder it points to, or a new folder",
            ));
        }
        if !meta.is_dir() {
            return Err(FsError::refused(
                dir,
                "is a file, not a folder; bydel writes a folder here and would replace the file. \
                 Give a new folder instead",
            ));
        }
        self.check_inputs()?;
        self.check_contents()
    }

    /// Checks the target, writes the new contents with `fill` (given the temporary folder),
    /// marks and syncs them, and swaps them in. On any error the previous folder is untouched
    /// and the temporary folder is removed.
    pub fn replace<T, E: From<FsError>>(
        &self,
        fill: impl FnOnce(&Path) -> Result<T, E>,
    ) -> Result<T, E> {
        self.check()?;
        let tmp = self.staging()?;
        let done = fill(&tmp).and_then(|value| {
            let marker = format!("bydel-output {}\n", self.kind);
            crate::write_atomic(&tmp.join(MARKER), marker.as_bytes())?;
            sync_tree(&tmp)?;
            swap_in(&tmp, &self.dir)?;
            Ok(value)
        });
        let _ = fs::remove_dir_all(&tmp);
        done
    }

    fn staging(&self) -> Result<PathBuf, FsError> {
        if let Some(parent) = self.dir.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent).map_err(|e| FsError::io(parent, e))?;
        }
        let tmp = temp_path(&self.dir)?;
        fs::create_dir(&tmp).map_err(|e| FsError::io(&tmp, e))?;
        Ok(tmp)
    }

    fn check_inputs(&self) -> Result<(), FsError> {
        let out = fs::canonicalize(&self.dir).map_err(|e| FsError::io(&self.dir, e))?;
        for input in &self.inputs {
            let Ok(inp) = fs::canonicalize(input) else {
                continue;
            };
            if inp.starts_with(&out) {
                let what = if inp == out { "is" } else { "contains" };
                return Err(FsError::refused(
                    &self.dir,
                    format!(
                        "{what} the input {}; bydel replaces its output folder as a whole and \
                         would delete the input. Give a different output folder",
                        input.display()
                    ),
                ));
            }
        }
        Ok(())
    }

    fn check_contents(&self) -> Result<(), FsError> {
        let dir = &self.dir;
        let mut names: Vec<String> = fs::read_dir(dir)
            .map_err(|e| FsError::io(dir, e))?
            .map(|e| e.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<Result<_, _>>()
            .map_err(|e| FsError::io(dir, e))?;
        if names.is_empty() {
            return Ok(());
        }
        match fs::read_to_string(dir.join(MARKER)) {
            Ok(text) => {
                let found = text.trim().strip_prefix("bydel-output ").unwrap_or("?");
                if found == self.kind {
                    return Ok(());
                }
                Err(FsError::refused(
                    dir,
                    format!(
                        "holds a bydel {found} output, not a {}; bydel will not replace one \
                         with the other. Give a different output folder",
                        self.kind
                    ),
                ))
            }
            Err(_) => {
                names.sort();
                let shown: Vec<String> = names.iter().take(3).map(|n| format!("`{n}`")).collect();
                let more = names.len().saturating_sub(3);
                let more = if more > 0 {
                    format!(" and {more} more")
                } else {
                    String::new()
                };
                Err(FsError::refused(
                    dir,
                    format!(
                        "holds files bydel did not write ({}{more}); bydel replaces its output \
                         folder as a whole and would delete them. Give a new or empty folder, \
                         or move those files away",
                        shown.join(", ")
                    ),
                ))
            }
        }
    }
}

/// Puts the complete folder `tmp` at `out`; afterwards `tmp` holds the previous contents (or
/// nothing) and is removed by the caller.
fn swap_in(tmp: &Path, out: &Path) -> Result<(), FsError> {
    if !out.exists() {
        fs::rename(tmp, out).map_err(|e| FsError::io(out, e))?;
        sync_parent(out);
        return Ok(());
    }
    if exchange(tmp, out).is_ok() {
        sync_parent(out);
        return Ok(());
    }
    // Two renames where an atomic exchange is not available: the old folder moves aside first
    // and comes back if the new one cannot be put in place.
    let old = temp_path(out)?;
    fs::rename(out, &old).map_err(|e| FsError::io(out, e))?;
    if let Err(e) = fs::rename(tmp, out) {
        let _ = fs::rename(&old, out);
        return Err(FsError::io(out, e));
    }
    fs::rename(&old, tmp).map_err(|e| FsError::io(&old, e))?;
    sync_parent(out);
    Ok(())
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// `fsync`s every file and folder under `dir` (the contents must be on disk before the swap).
fn sync_tree(dir: &Path) -> Result<(), FsError> {
    for entry in fs::read_dir(dir).map_err(|e| FsError::io(dir, e))? {
        let path = entry.map_err(|e| FsError::io(dir, e))?.path();
        if path.is_dir() {
            sync_tree(&path)?;
        } else {
            fs::File::open(&path)
                .and_then(|f| f.sync_all())
                .map_err(|e| FsError::io(&path, e))?;
        }
    }
    let _ = fs::File::open(dir).and_then(|d| d.sync_all());
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> Result<(), FsError> {
        fs::write(dir.join(name), text).map_err(|e| FsError::io(dir, e))
    }

    fn entries(dir: &Path) -> usize {
        fs::read_dir(dir).unwrap().count()
    }

    #[test]
    fn failure_keeps_the_old_folder_whole() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("run");
        let o = Output::new(&out, "run");
        o.replace(|t| {
            fs::create_dir(t.join("work")).unwrap();
            write(&t.join("work"), "a", "1")?;
            write(t, "b", "1")
        })
        .unwrap();
        let res: Result<(), FsError> = o.replace(|t| {
            fs::create_dir(t.join("work")).unwrap();
            write(&t.join("work"), "a", "2")?;
            Err(FsError::io(t, std::io::Error::other("boom")))
        });
        assert!(res.is_err());
        assert_eq!(fs::read_to_string(out.join("work/a")).unwrap(), "1");
        assert_eq!(fs::read_to_string(out.join("b")).unwrap(), "1");
        assert_eq!(entries(root.path()), 1, "no temporary folders left");
        o.replace(|t| write(t, "c", "3")).unwrap();
        assert!(!out.join("b").exists(), "replaced as a whole");
        assert_eq!(fs::read_to_string(out.join("c")).unwrap(), "3");
        assert_eq!(entries(root.path()), 1, "the old folder is removed");
    }

    #[test]
    fn issue_13_users_files_are_never_replaced() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("mine");
        fs::create_dir(&out).unwrap();
        fs::write(out.join("thesis.docx"), "years of work").unwrap();
        let err = Output::new(&out, "counts")
            .replace(|t| write(t, "counts.parquet", "x"))
            .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("holds files bydel did not write (`thesis.docx`)"),
            "{msg}"
        );
        assert!(msg.contains("Give a new or empty folder"), "{msg}");
        assert_eq!(
            fs::read_to_string(out.join("thesis.docx")).unwrap(),
            "years of work"
        );
        assert_eq!(entries(root.path()), 1, "nothing staged");
    }

    #[test]
    fn issue_13_a_file_is_not_replaced_by_a_folder() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("notes.txt");
        fs::write(&out, "mine").unwrap();
        let err = Output::new(&out, "counts").replace(|t| write(t, "a", "1"));
        assert!(
            err.unwrap_err()
                .to_string()
                .contains("is a file, not a folder")
        );
        assert_eq!(fs::read_to_string(&out).unwrap(), "mine");
    }

    #[test]
    fn issue_13_the_input_is_never_the_output() {
        let root = tempfile::tempdir().unwrap();
        let data = root.path().join("data");
        Output::new(&data, "dataset")
            .replace(|t| write(t, "persons.csv", "p"))
            .unwrap();
        // Same kind (re-import into the folder it reads from) and a parent folder.
        for out in [data.clone(), root.path().to_path_buf()] {
            let err = Output::new(&out, "dataset")
                .reading(&data)
                .check()
                .unwrap_err();
            assert!(err.to_string().contains("the input"), "{err}");
        }
        // Another kind of bydel output: a dataset is not replaced by counts.
        let err = Output::new(&data, "counts").check().unwrap_err();
        assert!(
            err.to_string()
                .contains("holds a bydel dataset output, not a counts")
        );
        assert_eq!(fs::read_to_string(data.join("persons.csv")).unwrap(), "p");
    }

    #[test]
    fn empty_folders_and_earlier_outputs_are_replaced() {
        let root = tempfile::tempdir().unwrap();
        let out = root.path().join("a/b/out");
        fs::create_dir_all(&out).unwrap();
        let o = Output::new(&out, "counts");
        assert_eq!(o.replace(|t| write(t, "x", "1").map(|()| 7)).unwrap(), 7);
        o.replace(|t| write(t, "x", "2")).unwrap();
        assert_eq!(fs::read_to_string(out.join("x")).unwrap(), "2");
        assert_eq!(
            fs::read_to_string(out.join(MARKER)).unwrap(),
            "bydel-output counts\n"
        );
    }
}
