//! `bydel validate DATASET_DIR`: every problem, with file, line, column, expected and found.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::error::CliError;
use crate::prepare::{Outcome, prepare};

/// Arguments of `bydel validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dataset folder (persons, addresses, areas.geojson, optional tables).
    pub dataset: PathBuf,
}

/// Validates a dataset and prints every problem on stdout; exit 1 when there are problems.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    match prepare(&args.dataset, &mut std::io::stdout().lock())? {
        Outcome::Ready(p) => {
            let rows: Vec<String> = p
                .report
                .rows
                .iter()
                .map(|(t, n)| format!("{t} {n}"))
                .collect();
            eprintln!("valid: {}", rows.join(", "));
            Ok(ExitCode::SUCCESS)
        }
        Outcome::Invalid(n) => {
            eprintln!("{n} problem(s) found");
            Ok(ExitCode::from(1))
        }
    }
}
