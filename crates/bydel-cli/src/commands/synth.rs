//! `bydel synth --out DIR [--seed N] [--years 2012..2025] [--scale gladsaxe|denmark]
//! [--fraction F] [--format parquet|csv]`: writes the synthetic dataset.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use bydel_synth::{DEFAULT_SEED, OutputFormat, Progress, Scale, SynthConfig};

use crate::error::CliError;

/// Arguments of `bydel synth`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to write the dataset into: new, empty, or an earlier bydel dataset (replaced
    /// as a whole when the run succeeds).
    #[arg(long)]
    pub out: PathBuf,
    /// Random seed; the same seed and version give the same dataset.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Data years, FIRST..LAST (both included).
    #[arg(long, default_value = "2012..2025")]
    pub years: String,
    /// Gladsaxe inside a sample of Denmark, or a national-scale population.
    #[arg(long, value_enum, default_value_t = ScaleArg::Gladsaxe)]
    pub scale: ScaleArg,
    /// Size factor: the sample's ordinary neighbourhoods (gladsaxe), or the share of Denmark's
    /// ~5.9 million residents (denmark).
    #[arg(long, default_value_t = 1.0)]
    pub fraction: f64,
    /// File format of the tables.
    #[arg(long, value_enum, default_value_t = FormatArg::Parquet)]
    pub format: FormatArg,
}

/// `--scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScaleArg {
    /// Gladsaxe complete inside a sample of Denmark (the default dataset).
    Gladsaxe,
    /// A national-scale population for benchmarks.
    Denmark,
}

/// `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// Apache Parquet.
    Parquet,
    /// CSV.
    Csv,
}

/// Builds the settings from the arguments.
pub fn config(args: &Args) -> Result<SynthConfig, CliError> {
    let (first_year, last_year) =
        SynthConfig::parse_years(&args.years).map_err(|e| CliError::Usage(e.to_string()))?;
    let config = SynthConfig {
        seed: args.seed,
        first_year,
        last_year,
        scale: match args.scale {
            ScaleArg::Gladsaxe => Scale::Gladsaxe,
            ScaleArg::Denmark => Scale::Denmark,
        },
        fraction: args.fraction,
        format: match args.format {
            FormatArg::Parquet => OutputFormat::Parquet,
            FormatArg::Csv => OutputFormat::Csv,
        },
    };
    config
        .validate()
        .map_err(|e| CliError::Usage(e.to_string()))?;
    Ok(config)
}

/// Generates the dataset, showing progress on stderr.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    let config = config(args)?;
    let start = Instant::now();
    let bar = std::io::stderr().is_terminal().then(|| {
        let n = config.years().count() as u64;
        let bar = indicatif::ProgressBar::new(n);
        bar.set_message("generating");
        bar
    });
    let mut progress = |p: Progress| match &bar {
        Some(b) => {
            b.set_position(p.done as u64);
            b.set_message(format!("{}: {} residents", p.year, p.residents));
        }
        None => eprintln!("synth: {} done ({} residents)", p.year, p.residents),
    };
    let summary =
        bydel_io::publish::replace_dir(&args.out, bydel_io::publish::kind::DATASET, |tmp| {
            bydel_synth::generate_with_summary(&config, tmp, &mut progress)
        })
        .map_err(CliError::lib)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    eprintln!(
        "synth: wrote {} ({} person-years, {} convictions, {} pupil-years, {} addresses) in {:.1} s",
        args.out.display(),
        summary.person_years,
        summary.convictions,
        summary.pupil_years,
        summary.addresses,
        start.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
