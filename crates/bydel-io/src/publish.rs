//! Replacing an output folder as a whole (see [`bydel_fs::Output`]): the new contents are
//! written to a temporary sibling folder, which replaces the old folder only when everything
//! was written. A failed run leaves yesterday's outputs intact, and bydel never replaces a
//! file, the input, the user's own files or another kind of bydel output.

use std::path::Path;

pub use bydel_fs::{MARKER, Output};

/// What a folder written by bydel holds (recorded in its [`MARKER`]).
pub mod kind {
    /// A canonical dataset (`bydel import`, `bydel pseudonymise`, the synthetic dataset).
    pub const DATASET: &str = "dataset";
    /// The counts table (`bydel aggregate`).
    pub const COUNTS: &str = "counts";
    /// Released tables (`published/`).
    pub const PUBLISHED: &str = "published";
    /// A whole run folder (`bydel demo`, `bydel run`).
    pub const RUN: &str = "run";
}

/// Writes the folder `out` (of [`kind`] `kind`) with `fill`, given the temporary folder, and
/// swaps it in; see [`Output::replace`] for what is refused.
pub fn replace_dir<T, E>(
    out: &Path,
    kind: &str,
    fill: impl FnOnce(&Path) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<crate::IoError>,
{
    Output::new(out, kind)
        .replace(|tmp| fill(tmp).map_err(Failed::Fill))
        .map_err(|e| match e {
            Failed::Output(e) => E::from(crate::IoError::from(e)),
            Failed::Fill(e) => e,
        })
}

/// The fill's own error, or the output's.
enum Failed<E> {
    Output(bydel_fs::FsError),
    Fill(E),
}

impl<E> From<bydel_fs::FsError> for Failed<E> {
    fn from(e: bydel_fs::FsError) -> Self {
        Failed::Output(e)
    }
}
