//! Opening and validating a dataset before any command computes on it. A dataset with problems
//! stops the command before anything is written (exit 1).

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use bydel_geo::AreaSet;
use bydel_io::validate::{Report, validate};
use bydel_io::{Dataset, IoError};

use crate::error::CliError;
use crate::progress::Bar;

/// A dataset that passed validation, with its parsed areas.
#[derive(Debug)]
pub struct Prepared {
    /// The dataset folder.
    pub dataset: Dataset,
    /// The areas file.
    pub areas: AreaSet,
    /// Rows read per table.
    pub report: Report,
}

/// The outcome of validation: ready, or the problems (already printed).
#[derive(Debug)]
pub enum Outcome {
    /// Valid.
    Ready(Box<Prepared>),
    /// Invalid; the problems were printed to stdout.
    Invalid(u64),
}

/// A dataset opened with its areas, not yet validated.
#[derive(Debug)]
pub struct Opened {
    /// The dataset folder.
    pub dataset: Dataset,
    /// The areas file.
    pub areas: AreaSet,
    /// The (layer, area id) of every area, for validation.
    pub area_ids: HashSet<(String, String)>,
}

/// Opens, validates and prints every problem to `out`.
pub fn prepare(dir: &Path, out: &mut impl Write) -> Result<Outcome, CliError> {
    let Opened {
        dataset,
        areas,
        area_ids: ids,
    } = match open(dir, out)? {
        Ok(o) => o,
        Err(invalid) => return Ok(invalid),
    };
    let bar = Bar::spinner("validating");
    let report = validate(&dataset, &ids, &mut |t| {
        bar.message(&format!("validating {t}"))
    })
    .map_err(CliError::lib)?;
    bar.finish();
    if let Some(invalid) = print_problems(&report, out)? {
        return Ok(invalid);
    }
    Ok(Outcome::Ready(Box::new(Prepared {
        dataset,
        areas,
        report,
    })))
}

/// Opens the dataset and parses its areas; a missing table or an unreadable areas file is
/// printed to `out` and comes back as the `Err` outcome.
pub fn open(dir: &Path, out: &mut impl Write) -> Result<Result<Opened, Outcome>, CliError> {
    let dataset = match Dataset::open(dir) {
        Ok(ds) => ds,
        Err(e @ IoError::MissingTable { .. }) => {
            writeln!(out, "{e}").map_err(stdout_err)?;
            return Ok(Err(Outcome::Invalid(1)));
        }
        Err(e) => return Err(CliError::lib(e)),
    };
    let path = dataset.areas_path();
    let text = std::fs::read_to_string(&path).map_err(|source| CliError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let areas = match AreaSet::parse(&text) {
        Ok(a) => a,
        Err(e) => {
            writeln!(out, "{}: {e}", path.display()).map_err(stdout_err)?;
            return Ok(Err(Outcome::Invalid(1)));
        }
    };
    let area_ids: HashSet<(String, String)> = areas
        .areas
        .iter()
        .map(|a| (a.kind.as_str().to_string(), a.area_id.as_str().to_string()))
        .collect();
    Ok(Ok(Opened {
        dataset,
        areas,
        area_ids,
    }))
}

/// Prints every problem of a validation to `out`, sorted; `Some` outcome when there is any.
pub fn print_problems(report: &Report, out: &mut impl Write) -> Result<Option<Outcome>, CliError> {
    if report.problems.is_empty() {
        return Ok(None);
    }
    for p in report.problems.sorted() {
        writeln!(out, "{p}").map_err(stdout_err)?;
    }
    if report.problems.dropped() > 0 {
        writeln!(out, "… and {} more problems", report.problems.dropped()).map_err(stdout_err)?;
    }
    Ok(Some(Outcome::Invalid(report.problems.len())))
}

fn stdout_err(source: std::io::Error) -> CliError {
    CliError::Io {
        path: "<stdout>".into(),
        source,
    }
}
