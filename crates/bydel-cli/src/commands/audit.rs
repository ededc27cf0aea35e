//! `bydel audit OUTPUT_DIR`: attack everything published in a folder and report every hidden
//! number that can be recovered (exit 1 when any can).

use std::path::PathBuf;
use std::process::ExitCode;

use crate::error::CliError;
use crate::output::{Format, TextTable};

/// Arguments of `bydel audit`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The output folder (CSV tables and their `*.privacy.json` manifests).
    pub output_dir: PathBuf,
    /// How to print the findings.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// Runs the audit; exit 0 when nothing is recoverable and every CSV file was released, 1
/// otherwise.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    let report = bydel_privacy::audit_dir(&args.output_dir).map_err(CliError::lib)?;
    eprintln!(
        "audited {} manifest(s), {} table(s), {} cells of which {} suppressed: {} recoverable",
        report.manifests,
        report.tables,
        report.cells,
        report.suppressed,
        report.findings.len()
    );
    let mut table = TextTable::new(&["hidden_number", "smallest", "largest"]);
    let bound = |b: Option<f64>| b.map_or_else(|| "unbounded".to_owned(), |x| format!("{x:.0}"));
    for f in &report.findings {
        table
            .rows
            .push(vec![f.label.clone(), bound(f.lo), bound(f.hi)]);
    }
    for f in &report.unreleased {
        eprintln!(
            "warning: {f} is not listed in any privacy manifest: published without disclosure control"
        );
    }
    if !report.findings.is_empty() {
        let mut out = std::io::stdout().lock();
        table
            .write(args.format, &mut out)
            .map_err(|e| CliError::Io {
                path: "stdout".into(),
                source: e,
            })?;
        return Ok(ExitCode::from(1));
    }
    if !report.is_clean() {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
