//! `bydel aggregate DATASET_DIR --out DIR`: validate, then one pass to the counts table.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bydel_model::measure::{MeasureSpec, builtin_measures};
use bydel_model::{CountsTable, WesternList};

use crate::error::CliError;
use crate::prepare::{Outcome, Prepared, prepare};
use crate::progress::Bar;

/// Arguments of `bydel aggregate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dataset folder.
    pub dataset: PathBuf,
    /// The output folder (counts.parquet, areas.csv); replaced only when the run succeeds.
    #[arg(long)]
    pub out: PathBuf,
    /// A Western-countries table to use instead of the built-in one.
    #[arg(long)]
    pub western: Option<PathBuf>,
}

/// Runs the aggregation.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    counts_output(&args.out)
        .reading(&args.dataset)
        .check()
        .map_err(CliError::lib)?;
    let Outcome::Ready(p) = prepare(&args.dataset, &mut std::io::stdout().lock())? else {
        eprintln!("error: the dataset has problems (listed above); nothing was written");
        return Ok(ExitCode::from(1));
    };
    let western = load_western(args.western.as_deref())?;
    let t0 = std::time::Instant::now();
    let counts = count(&p, &builtin_measures(), &western)?;
    write_run(&args.out, &counts)?;
    eprintln!(
        "aggregated {} area-years × {} measures in {:.2} s → {}",
        counts.key_count(),
        counts.measures().len(),
        t0.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The Western list from a file, or the built-in one.
pub fn load_western(path: Option<&Path>) -> Result<WesternList, CliError> {
    match path {
        None => Ok(WesternList::default_list()),
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|source| CliError::Io {
                path: p.display().to_string(),
                source,
            })?;
            WesternList::parse(&text).map_err(|e| CliError::Usage(format!("{}: {e}", p.display())))
        }
    }
}

/// Aggregates a validated dataset with a progress bar.
pub fn count(
    p: &Prepared,
    measures: &[MeasureSpec],
    western: &WesternList,
) -> Result<CountsTable, CliError> {
    let bar = Bar::spinner("aggregating");
    let counts = bydel_engine::aggregate(&p.dataset, &p.areas, measures, western, &bar)
        .map_err(CliError::lib)?;
    bar.finish();
    Ok(counts)
}

/// The counts folder `out` (refused when it is a file, holds the user's own files or another
/// kind of bydel output).
pub fn counts_output(out: &Path) -> bydel_io::publish::Output {
    bydel_io::publish::Output::new(out, bydel_io::publish::kind::COUNTS)
}

/// Writes the counts into `out` via a temporary sibling folder swapped into place.
pub fn write_run(out: &Path, counts: &CountsTable) -> Result<(), CliError> {
    counts_output(out)
        .replace(|tmp| bydel_io::counts::write_counts(tmp, counts))
        .map_err(CliError::lib)
}
