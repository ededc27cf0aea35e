//! `bydel export RUN_DIR --xlsx book.xlsx [--lang da|en]`: the published tables as one Excel
//! workbook (a sheet per table with the area's name after its id, Danish number formats,
//! suppressed cells marked and explained, definitions).

use std::path::PathBuf;
use std::process::ExitCode;

use crate::commands::report::LangArg;
use crate::error::CliError;

/// Arguments of `bydel export`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The run folder (written by `bydel demo`); only its `published/` folder is read.
    pub run_dir: PathBuf,
    /// The workbook to write (written atomically).
    #[arg(long)]
    pub xlsx: PathBuf,
    /// The language of the labels (columns written for the other language are left out).
    #[arg(long, value_enum, default_value_t = LangArg::Da)]
    pub lang: LangArg,
}

/// Writes the workbook.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    bydel_report::write_workbook(&args.run_dir, &args.xlsx, args.lang.into())
        .map_err(CliError::lib)?;
    eprintln!("wrote {}", args.xlsx.display());
    Ok(ExitCode::SUCCESS)
}
