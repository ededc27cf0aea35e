//! `bydel audit RUN`: an outsider's attack on everything in `RUN/published/` (bydel-audit, which
//! shares no code with the release): every suppressed number's feasible interval by LP/ILP over
//! the relations the documented column meanings imply, released values resting on fewer than
//! the policy's minimum of persons, and numbers in sentences, the workbook and the report that
//! the CSV files hide. Exit 1 when anything is found.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::error::CliError;
use crate::output::Format;

/// Arguments of `bydel audit`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The run folder (its `published/` folder is audited), or a `published/` folder itself.
    pub run_dir: PathBuf,
    /// How to print the report (`table` is the text report).
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// Runs the audit; exit 0 when nothing is found, 1 otherwise.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    let dir = if args.run_dir.join("published").is_dir() {
        args.run_dir.join("published")
    } else {
        args.run_dir.clone()
    };
    let report =
        bydel_audit::audit_dir(&dir, &bydel_audit::Options::default()).map_err(CliError::lib)?;
    let text = match args.format {
        Format::Json => report.to_json(),
        _ => report.to_text(),
    };
    println!("{text}");
    Ok(if report.is_clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
