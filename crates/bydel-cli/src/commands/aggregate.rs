//! `bydel aggregate DATASET_DIR --out DIR [--timings]`: validate, then one pass to the counts
//! table. The persons are validated during the pass's own read of them (one decode of every
//! row group instead of two); every other table before it, and the convictions (which refer to
//! persons) after it. Any problem: every problem is printed, nothing is written, exit 1. The
//! phases (validate, addresses, convictions, persons, institutions, table, write) show on
//! stderr as they run; `--timings` prints the seconds of each at the end.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use bydel_engine::{EngineError, Timings};
use bydel_io::IoError;
use bydel_io::validate::validate_deferred;

use bydel_model::measure::{MeasureSpec, builtin_measures};
use bydel_model::{CountsTable, WesternList};

use crate::error::CliError;
use crate::prepare::{Outcome, Prepared, open, prepare, print_problems};
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
    /// Print the wall time of each phase on stderr (`phase<TAB>seconds`, then `total`).
    #[arg(long)]
    pub timings: bool,
    /// Do not aggregate: import the counts another engine computed with the query of
    /// `bydel sql --dataset DATASET` (long format `kind,area_id,year,measure,value`, .csv or
    /// .parquet). Every row is checked against the dataset's areas, schools and institutions;
    /// any problem refuses the file (exit 1, each problem at its line and column).
    #[arg(long, value_name = "FILE")]
    pub import: Option<PathBuf>,
    /// Validate every table, persons included, before the pass (two reads of the persons
    /// instead of one; for measuring the validation on its own).
    #[arg(long)]
    pub separate_validation: bool,
}

/// Runs the aggregation.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    counts_output(&args.out)
        .reading(&args.dataset)
        .check()
        .map_err(CliError::lib)?;
    if let Some(file) = &args.import {
        return import(args, file);
    }
    let t0 = Instant::now();
    let western = load_western(args.western.as_deref())?;
    let Some((counts, mut timings)) = (if args.separate_validation {
        validate_then_count(&args.dataset, &western)?
    } else {
        count_validating(&args.dataset, &western)?
    }) else {
        eprintln!("error: the dataset has problems (listed above); nothing was written");
        return Ok(ExitCode::from(1));
    };
    timings.time("write", || write_run(&args.out, &counts))?;
    let total = t0.elapsed().as_secs_f64();
    eprintln!(
        "aggregated {} area-years × {} measures in {total:.2} s → {}",
        counts.key_count(),
        counts.measures().len(),
        args.out.display()
    );
    if args.timings {
        for (phase, s) in &timings.phases {
            eprintln!("{phase}\t{s:.3}");
        }
        eprintln!("total\t{total:.3}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Validates every table, then aggregates; `None` when the dataset has problems (printed).
fn validate_then_count(
    dataset: &Path,
    western: &WesternList,
) -> Result<Option<(CountsTable, Timings)>, CliError> {
    let mut timings = Timings::default();
    let outcome = timings.time("validate", || {
        prepare(dataset, &mut std::io::stdout().lock())
    })?;
    let Outcome::Ready(p) = outcome else {
        return Ok(None);
    };
    let (counts, engine) = count_timed(&p, &builtin_measures(), western)?;
    timings.phases.extend(engine.phases);
    Ok(Some((counts, timings)))
}

/// Validates every table but the persons, aggregates while validating the persons, then
/// validates the tables that refer to persons; `None` when the dataset has problems (printed,
/// the counts thrown away).
fn count_validating(
    dataset: &Path,
    western: &WesternList,
) -> Result<Option<(CountsTable, Timings)>, CliError> {
    let mut timings = Timings::default();
    let mut out = std::io::stdout().lock();
    let opened = match timings.time("validate", || open(dataset, &mut out))? {
        Ok(o) => o,
        Err(_) => return Ok(None),
    };
    let bar = Bar::spinner("validating");
    let mut progress = |t: &str| bar.message(&format!("validating {t}"));
    let mut deferred = timings
        .time("validate", || {
            validate_deferred(&opened.dataset, &opened.area_ids, &mut progress)
        })
        .map_err(CliError::lib)?;
    if deferred.has_problems() {
        let report = deferred
            .finish_reading(&mut progress)
            .map_err(CliError::lib)?;
        bar.finish();
        print_problems(&report, &mut out)?;
        return Ok(None);
    }
    bar.finish();
    let bar = Bar::spinner("aggregating");
    let counted = bydel_engine::aggregate_validating(
        &opened.dataset,
        &opened.areas,
        &builtin_measures(),
        western,
        &bar,
        Some(&mut deferred),
    );
    bar.finish();
    let counted = match counted {
        Ok(c) => Some(c),
        Err(EngineError::Io(IoError::Invalid(problems))) => {
            deferred.persons_unreadable(problems);
            None
        }
        Err(e) => return Err(CliError::lib(e)),
    };
    let report = timings
        .time("validate", || deferred.finish(&mut |_| {}))
        .map_err(CliError::lib)?;
    if print_problems(&report, &mut out)?.is_some() {
        return Ok(None);
    }
    let (counts, engine) = counted.expect("no problems, so the pass ran to the end");
    timings.phases.extend(engine.phases);
    Ok(Some((counts, timings)))
}

/// `--import FILE`: checks the counts computed elsewhere and writes them as `bydel aggregate`
/// would have.
fn import(args: &Args, file: &Path) -> Result<ExitCode, CliError> {
    let (ds, areas) = crate::commands::sql::open(&args.dataset)?;
    let tables = bydel_engine::sql::Tables::named_for(&ds, &areas).map_err(CliError::lib)?;
    let measures = crate::commands::run::measures()?;
    let counts = match bydel_engine::import::import_counts(
        &ds,
        &areas,
        &measures,
        tables.institutions.is_some(),
        file,
    ) {
        Ok(c) => c,
        Err(bydel_engine::EngineError::Io(bydel_io::IoError::Invalid(problems))) => {
            let mut out = std::io::stdout().lock();
            for p in problems.sorted() {
                let _ = writeln!(out, "{p}");
            }
            if problems.dropped() > 0 {
                let _ = writeln!(out, "… and {} more problems", problems.dropped());
            }
            eprintln!("error: the counts have problems (listed above); nothing was written");
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(CliError::lib(e)),
    };
    write_run(&args.out, &counts)?;
    eprintln!(
        "imported {} area-years × {} measures from {} → {}",
        counts.key_count(),
        counts.measures().len(),
        file.display(),
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
    count_timed(p, measures, western).map(|(c, _)| c)
}

/// [`count`], with the engine's phase timings.
pub fn count_timed(
    p: &Prepared,
    measures: &[MeasureSpec],
    western: &WesternList,
) -> Result<(CountsTable, Timings), CliError> {
    let bar = Bar::spinner("aggregating");
    let out = bydel_engine::aggregate_timed(&p.dataset, &p.areas, measures, western, &bar)
        .map_err(CliError::lib)?;
    bar.finish();
    Ok(out)
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
