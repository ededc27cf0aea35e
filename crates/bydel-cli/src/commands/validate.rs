//! `bydel validate DATASET_DIR`.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::error::CliError;

/// Arguments of `bydel validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dataset folder (persons, addresses, areas.geojson, optional tables).
    pub dataset: PathBuf,
}

/// Validates a dataset and prints every problem; exit 1 when there are problems.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    let _ = &args.dataset;
    Err(CliError::Usage("validate: not yet wired".into()))
}
