//! `bydel segregation COUNTS.csv --groups COLS [--total COL]`: segregation indices of a counts
//! table, with bootstrap intervals and the random-allocation baseline on request.

use std::path::PathBuf;
use std::process::ExitCode;

use bydel_model::Value;
use bydel_segregation::inference::{MAX_REPLICATES, Resampling, estimate_reporting};
use bydel_segregation::input::{CountsRequest, read_counts_csv};
use bydel_segregation::{AreaCounts, Index, compute_all};

use crate::error::CliError;
use crate::output::{Format, TextTable};

/// Arguments of `bydel segregation`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A CSV table with `area_id` and one column of persons per group.
    pub counts: PathBuf,
    /// The group columns, comma-separated. One group needs `--total` (single-group indices);
    /// several groups must partition the population (multigroup indices).
    #[arg(long, value_delimiter = ',', required = true)]
    pub groups: Vec<String>,
    /// The total column (required with one group; with several, checked against their sum).
    #[arg(long)]
    pub total: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Bootstrap replicates for 95 % intervals and the random-allocation baseline (e.g. 200;
    /// from 2 to 100,000).
    #[arg(long)]
    pub bootstrap: Option<usize>,
    /// Seed of the resampling (the same seed gives the same intervals).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Computes the indices and prints them.
///
/// `--bootstrap` is checked before the table is read, and the replicates show a progress bar on
/// a terminal.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    if let Some(n) = args.bootstrap
        && !(2..=MAX_REPLICATES).contains(&n)
    {
        return Err(CliError::Usage(format!(
            "--bootstrap: expected a number of replicates from 2 to {MAX_REPLICATES} (a few \
             hundred give stable 95 % intervals), found {n}"
        )));
    }
    let counts = read(args)?;
    let indices = Index::for_design(counts.design());
    let table = match args.bootstrap {
        None => plain_table(&counts, &indices),
        Some(n) => {
            let settings = Resampling::new(n, args.seed);
            let bar =
                crate::progress::Bar::counter("bootstrap and random allocation", 2 * n as u64);
            let estimates = estimate_reporting(&counts, &indices, &settings, &|| bar.advance(1))
                .map_err(CliError::lib);
            bar.finish();
            let estimates = estimates?;
            let mut t = TextTable::new(&["index", "value", "ci_low", "ci_high", "expected_random"]);
            for e in estimates {
                let cells = [&e.value, &e.ci_low, &e.ci_high, &e.expected_random];
                let mut row = vec![e.index.to_string()];
                row.extend(cells.iter().map(|v| cell(v)));
                t.rows.push(row);
            }
            t
        }
    };
    let mut out = std::io::stdout().lock();
    table
        .write(args.format, &mut out)
        .map_err(|e| CliError::Io {
            path: "stdout".into(),
            source: e,
        })?;
    Ok(ExitCode::SUCCESS)
}

fn read(args: &Args) -> Result<AreaCounts, CliError> {
    let path = args.counts.display().to_string();
    let file = std::fs::File::open(&args.counts).map_err(|e| CliError::Io {
        path: path.clone(),
        source: e,
    })?;
    let request = CountsRequest {
        groups: args.groups.clone(),
        total: args.total.clone(),
    };
    read_counts_csv(std::io::BufReader::new(file), &request)
        .map_err(|e| CliError::Usage(format!("{path}: {e}")))
}

fn plain_table(counts: &AreaCounts, indices: &[Index]) -> TextTable {
    let mut t = TextTable::new(&["index", "value"]);
    for v in compute_all(counts, indices) {
        t.rows.push(vec![v.index.to_string(), cell(&v.value)]);
    }
    t
}

/// A number with six decimals; an undefined value as an empty cell.
fn cell(v: &Value) -> String {
    v.number().map_or_else(String::new, |x| format!("{x:.6}"))
}
