//! `bydel index VALUES.csv --method mss|imd|svi [--config FILE] [--status COLS]
//! [--dynamics COLS] [--weights NAME=W,…] [--format csv|json|table]`: composite indices on an
//! area-level table (see docs/indices.md).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bydel_index::render::summary_table;
use bydel_index::{
    CsvColumns, IndexOutput, Method, Overrides, ResultTable, Stability, read_area_csv, summarise,
};

use crate::error::CliError;
use crate::output::{Format, TextTable};

/// Which table to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum View {
    /// One row per area: scores, classes, stability.
    Areas,
    /// One row per area and indicator (or domain): its contribution to the score.
    Contributions,
    /// IMD only: population-weighted average scores per parent area (`parent_id` column).
    Summary,
}

/// Arguments of `bydel index`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Area values: area_id, optional population and parent_id, one column per indicator (or
    /// its counts: X.numerator, X.denominator, optionally X.base_numerator, X.base_denominator).
    pub values: PathBuf,
    /// A built-in method preset: mss, mss-berlin, mss-dk, imd or svi.
    #[arg(long, required_unless_present = "config")]
    pub method: Option<String>,
    /// A method TOML file (a copy of a preset, changed); replaces --method.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Status indicators (mss), or the indicators to use (imd, svi), comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub status: Option<Vec<String>>,
    /// Dynamics indicators (mss), comma-separated.
    #[arg(long, value_delimiter = ',')]
    pub dynamics: Option<Vec<String>>,
    /// Weights, NAME=WEIGHT comma-separated: indicators (mss) or domains (imd).
    #[arg(long, value_delimiter = ',', value_parser = parse_weight)]
    pub weights: Vec<(String, f64)>,
    /// The column with the area id.
    #[arg(long, default_value = "area_id")]
    pub id_column: String,
    /// The column with the residents.
    #[arg(long, default_value = "population")]
    pub population_column: String,
    /// Replicates of the class stability simulation (0: none); needs indicators as counts.
    #[arg(long, default_value_t = 1000)]
    pub replicates: u32,
    /// Seed of the stability simulation.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Which table to print.
    #[arg(long, value_enum, default_value = "areas")]
    pub view: View,
    /// Output format.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: Format,
}

/// Runs the index and prints the chosen table.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    let method = method(args)?;
    let name = args.values.display().to_string();
    let columns = CsvColumns {
        id: args.id_column.clone(),
        population: args.population_column.clone(),
    };
    let table = read_area_csv(open(&args.values)?, &name, &columns).map_err(CliError::lib)?;
    let stability = match args.replicates {
        0 => Stability::Off,
        replicates => Stability::Simulation {
            replicates,
            seed: args.seed,
        },
    };
    let output = run_index(&method, &table, stability)?;
    let result = match args.view {
        View::Areas => output.areas_table(),
        View::Contributions => output.contributions_table(),
        View::Summary => match &output {
            IndexOutput::Imd(r) => summary_table(&summarise(r)),
            _ => return Err(CliError::Usage("--view summary needs an imd method".into())),
        },
    };
    let text = TextTable::from(result);
    let mut out = std::io::stdout().lock();
    text.write(args.format, &mut out)
        .map_err(|source| CliError::Io {
            path: "stdout".into(),
            source,
        })?;
    Ok(ExitCode::SUCCESS)
}

fn run_index(
    method: &Method,
    table: &bydel_index::AreaTable,
    stability: Stability,
) -> Result<IndexOutput, CliError> {
    if matches!(stability, Stability::Simulation { .. }) && !table.has_counts() {
        eprintln!(
            "hint: no indicator is given as counts (X.numerator, X.denominator), so class \
             stability is not estimated"
        );
    }
    bydel_index::run(method, table, stability).map_err(CliError::lib)
}

fn method(args: &Args) -> Result<Method, CliError> {
    let method = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| CliError::Io {
                path: path.display().to_string(),
                source,
            })?;
            let m = Method::from_toml(&text, &path.display().to_string()).map_err(CliError::lib)?;
            if let Some(name) = &args.method
                && !name.starts_with(m.name())
            {
                let msg = format!(
                    "--method {name} but {} is a {} method",
                    path.display(),
                    m.name()
                );
                return Err(CliError::Usage(msg));
            }
            m
        }
        None => Method::preset(args.method.as_deref().unwrap_or("mss")).map_err(CliError::lib)?,
    };
    let overrides = Overrides {
        status: args.status.clone(),
        dynamics: args.dynamics.clone(),
        weights: args.weights.clone(),
    };
    method.with_overrides(&overrides).map_err(CliError::lib)
}

fn parse_weight(text: &str) -> Result<(String, f64), String> {
    let (name, weight) = text
        .split_once('=')
        .ok_or_else(|| format!("expected NAME=WEIGHT, found {text:?}"))?;
    let weight: f64 = weight
        .trim()
        .parse()
        .map_err(|_| format!("expected a number after =, found {weight:?}"))?;
    Ok((name.trim().to_string(), weight))
}

fn open(path: &Path) -> Result<std::fs::File, CliError> {
    std::fs::File::open(path).map_err(|source| CliError::Io {
        path: path.display().to_string(),
        source,
    })
}

impl From<ResultTable> for TextTable {
    fn from(t: ResultTable) -> Self {
        TextTable {
            header: t.header,
            rows: t.rows,
        }
    }
}
