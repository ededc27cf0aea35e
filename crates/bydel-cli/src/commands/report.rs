//! `bydel report RUN_DIR --out report.html [--lang da|en] [--pdf]`: the status report as one
//! self-contained HTML file, from the run's published (disclosure-controlled) tables only, and
//! with `--pdf` also printed to an A4 PDF beside it by headless Chromium.

use std::path::PathBuf;
use std::process::ExitCode;

use bydel_report::Lang;

use crate::error::CliError;

/// Arguments of `bydel report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The run folder (written by `bydel demo`); only its `published/` folder is read.
    pub run_dir: PathBuf,
    /// The HTML file to write.
    #[arg(long, default_value = "report.html")]
    pub out: PathBuf,
    /// The report's language.
    #[arg(long, value_enum, default_value_t = LangArg::Da)]
    pub lang: LangArg,
    /// Also print the report to an A4 PDF (the `--out` path with `.pdf`) with headless
    /// Chromium (`BYDEL_CHROMIUM`, or `chromium`, `chromium-browser`, `google-chrome` on PATH).
    #[arg(long)]
    pub pdf: bool,
}

/// The language choice on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// Danish.
    Da,
    /// English.
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Da => Lang::Da,
            LangArg::En => Lang::En,
        }
    }
}

/// Writes the report.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    bydel_report::write_report(&args.run_dir, &args.out, args.lang.into())
        .map_err(CliError::lib)?;
    eprintln!("wrote {}", args.out.display());
    if args.pdf {
        let pdf = args.out.with_extension("pdf");
        bydel_report::print::pdf(&args.out, &pdf).map_err(CliError::lib)?;
        eprintln!("wrote {}", pdf.display());
    }
    Ok(ExitCode::SUCCESS)
}
