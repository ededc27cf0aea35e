//! `bydel classify VALUES.csv --list-year Y [--history HISTORY.csv] [--rules FILE]
//! [--format csv|json|table]`: the national classification from area-level figures.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bydel_rules::{History, Identity, ListYear, RuleSet, RuleSets, classify_table, flat_table};

use crate::error::CliError;
use crate::output::{Format, TextTable};

/// Arguments of `bydel classify`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Area values: area_id, residents, no_attachment_pct, convicted_pct,
    /// national_convicted_pct, basic_education_pct, income_pct_of_region, non_western_pct
    /// (percentages as exact decimals).
    pub values: PathBuf,
    /// The list year (the list of 1 December of this year).
    #[arg(long)]
    pub list_year: i32,
    /// Past lists: area_id, list_year, parallelsamfund (true/false), for the consecutive rule.
    #[arg(long)]
    pub history: Option<PathBuf>,
    /// A rule-set TOML file that replaces the built-in one for the years it covers.
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
}

/// Classifies every area of the file and prints one row per area.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    let year = ListYear::new(args.list_year).map_err(CliError::lib)?;
    let mut sets = RuleSets::danish();
    if let Some(path) = &args.rules {
        sets = sets.with(
            RuleSet::from_toml(&path.display().to_string(), &read(path)?).map_err(CliError::lib)?,
        );
    }
    let history = match &args.history {
        Some(path) => {
            History::parse_csv(&path.display().to_string(), &read(path)?).map_err(CliError::lib)?
        }
        None => History::new(),
    };
    let name = args.values.display().to_string();
    let results = classify_table(&sets, year, &name, &read(&args.values)?, &history)
        .map_err(CliError::lib)?;
    let flat = flat_table(&results, Identity::AreaOnly);
    let table = TextTable {
        header: flat.columns,
        rows: flat.rows,
    };
    let mut out = std::io::stdout().lock();
    table
        .write(args.format, &mut out)
        .map_err(|source| CliError::Io {
            path: "stdout".into(),
            source,
        })?;
    Ok(ExitCode::SUCCESS)
}

fn read(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|source| CliError::Io {
        path: path.display().to_string(),
        source,
    })
}
