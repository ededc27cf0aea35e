//! `bydel export RUN_DIR --xlsx book.xlsx`: the published tables as one Excel workbook (a sheet
//! per table, Danish number formats, suppressed cells marked and explained, definitions).

use std::path::PathBuf;
use std::process::ExitCode;

use crate::error::CliError;

/// Arguments of `bydel export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The run folder (written by `bydel demo`); only its `published/` folder is read.
    pub run_dir: PathBuf,
    /// The workbook to write (written atomically).
    #[arg(long)]
    pub xlsx: PathBuf,
}

/// Writes the workbook.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    bydel_report::write_workbook(&args.run_dir, &args.xlsx).map_err(CliError::lib)?;
    eprintln!("wrote {}", args.xlsx.display());
    Ok(ExitCode::SUCCESS)
}
