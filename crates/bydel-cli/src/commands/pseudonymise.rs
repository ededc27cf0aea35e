//! `bydel pseudonymise --key KEYFILE IN OUT`: replace CPR numbers and other direct
//! identifiers with keyed HMAC-SHA256 pseudonyms, consistently across every table.
//!
//! Never prints the key or an identifier: the summary names files, row counts and columns.

use std::path::PathBuf;
use std::process::ExitCode;

use bydel_privacy::pseudonymise::{Key, check_key_location, pseudonymise_dir};

use crate::error::CliError;

/// Arguments of `bydel pseudonymise`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The secret key file (at least 32 bytes; keep it outside the dataset and the output).
    #[arg(long)]
    pub key: PathBuf,
    /// The dataset folder with identifiers (CSV tables).
    pub input: PathBuf,
    /// The new folder to write (must not exist).
    pub output: PathBuf,
}

/// Pseudonymises a dataset folder.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    check_key_location(&args.key, &args.input).map_err(CliError::lib)?;
    let key = Key::from_file(&args.key).map_err(CliError::lib)?;
    let reports = pseudonymise_dir(&key, &args.input, &args.output).map_err(CliError::lib)?;
    for r in &reports {
        let cols = if r.columns.is_empty() {
            "no identifier columns".to_owned()
        } else {
            r.columns.join(", ")
        };
        eprintln!("{}: {} rows; pseudonymised: {cols}", r.file, r.rows);
    }
    eprintln!("wrote {}", args.output.display());
    Ok(ExitCode::SUCCESS)
}
