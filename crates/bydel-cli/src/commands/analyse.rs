//! `bydel analyse RUN_DIR --out DIR`: the monitoring analytics on an aggregation run.
//!
//! Reads `counts.parquet` and `areas.csv` from the run dir, the built-in indicator catalogue plus
//! any user files (`--indicators DIR`), optional goals (`--goals FILE`) and survey results
//! (`--survey FILE`), and writes every result table as CSV into `--out`. Everything is computed
//! before anything is written. `--show TABLE` also prints one table on stdout.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bydel_analysis::settings::{MarkedlyRule, Significance, Smoothing};
use bydel_analysis::{Catalogue, Settings, Table};

use crate::error::CliError;
use crate::output::{Format, TextTable};

/// Whether the markedly rule needs significance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SignificanceArg {
    /// The difference must be significant at `--alpha`.
    Required,
    /// The ratio alone decides.
    NotRequired,
}

/// Small-area smoothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SmoothingArg {
    /// Raw values only.
    None,
    /// Add empirical-Bayes smoothed shares (labelled).
    EmpiricalBayes,
}

/// Arguments of `bydel analyse`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The aggregation output folder (counts.parquet, areas.csv).
    pub run_dir: PathBuf,
    /// Where to write the result tables (CSV, one file per table).
    #[arg(long)]
    pub out: PathBuf,
    /// A folder of extra or replacing indicator/category TOML files.
    #[arg(long)]
    pub indicators: Option<PathBuf>,
    /// A goals TOML file.
    #[arg(long)]
    pub goals: Option<PathBuf>,
    /// An area-level survey CSV (kind, area_id, year, indicator, respondents, positive|share_pct).
    #[arg(long)]
    pub survey: Option<PathBuf>,
    /// "Markedly higher": minimum ratio against the rest of the municipality.
    #[arg(long, default_value_t = 1.5)]
    pub min_ratio: f64,
    /// "Markedly higher": whether significance is required.
    #[arg(long, value_enum, default_value_t = SignificanceArg::Required)]
    pub significance: SignificanceArg,
    /// Test level for significance and trends.
    #[arg(long, default_value_t = 0.05)]
    pub alpha: f64,
    /// Confidence level of the intervals.
    #[arg(long, default_value_t = 0.95)]
    pub level: f64,
    /// Years in the trend window.
    #[arg(long, default_value_t = 6)]
    pub trend_window: u32,
    /// Years ahead for projections and warnings.
    #[arg(long, default_value_t = 5)]
    pub horizon: u32,
    /// Small-area smoothing.
    #[arg(long, value_enum, default_value_t = SmoothingArg::None)]
    pub smoothing: SmoothingArg,
    /// Simulation draws (noise-aware trends, next-year probabilities).
    #[arg(long, default_value_t = 1000)]
    pub draws: u32,
    /// Print this table on stdout too (e.g. watchlist, comparisons, goals).
    #[arg(long)]
    pub show: Option<String>,
    /// Output format of `--show`.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Runs the analysis and writes the tables.
///
/// Every option is checked against its valid range, and `--show` against the table names,
/// before anything is read or computed.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    let settings = settings(args);
    settings
        .check()
        .map_err(|e| CliError::Usage(format!("--{}", option_name(&e))))?;
    if let Some(name) = &args.show {
        check_show(name)?;
    }
    let mut counts = bydel_io::counts::read_counts(&args.run_dir).map_err(CliError::lib)?;
    let cat = catalogue(args.indicators.as_deref())?;
    let counts_name = args.run_dir.join("counts.parquet").display().to_string();
    bydel_analysis::checks::check_counts(&counts, &cat, &counts_name).map_err(CliError::lib)?;
    if let Some(p) = &args.survey {
        let n =
            bydel_analysis::survey::add_survey(&mut counts, &p.display().to_string(), &read(p)?)
                .map_err(CliError::lib)?;
        eprintln!("read {n} survey rows from {}", p.display());
    }
    let goals = match &args.goals {
        Some(p) => bydel_analysis::goals::parse_goals(&p.display().to_string(), &read(p)?, &cat)
            .map_err(CliError::lib)?,
        None => vec![],
    };
    let tables = bydel_analysis::analyse(&counts, &cat, &goals, &settings);
    write_tables(&args.out, &tables)?;
    if let Some(name) = &args.show {
        show(&tables, name, args.format)?;
    }
    Ok(ExitCode::SUCCESS)
}

fn settings(a: &Args) -> Settings {
    let significance = match a.significance {
        SignificanceArg::Required => Significance::Required { alpha: a.alpha },
        SignificanceArg::NotRequired => Significance::NotRequired,
    };
    Settings {
        level: a.level,
        markedly: MarkedlyRule {
            min_ratio: a.min_ratio,
            significance,
            ..MarkedlyRule::default()
        },
        trend_window: a.trend_window,
        trend_alpha: a.alpha,
        horizon: a.horizon,
        draws: a.draws,
        smoothing: match a.smoothing {
            SmoothingArg::None => Smoothing::None,
            SmoothingArg::EmpiricalBayes => Smoothing::EmpiricalBayes,
        },
        ..Settings::default()
    }
}

/// A settings error with the setting spelled as its option (`trend_window: …` becomes
/// `trend-window: …`; `trend_alpha` is `--alpha`).
fn option_name(e: &bydel_analysis::AnalysisError) -> String {
    let text = e.to_string();
    match text.split_once(':') {
        Some(("trend_alpha", rest)) => format!("alpha:{rest}"),
        Some((name, rest)) => format!("{}:{rest}", name.replace('_', "-")),
        None => text,
    }
}

fn check_show(name: &str) -> Result<(), CliError> {
    if bydel_analysis::run::TABLE_NAMES.contains(&name) {
        return Ok(());
    }
    Err(CliError::Usage(format!(
        "--show: no table {name:?}; expected one of {}",
        bydel_analysis::run::TABLE_NAMES.join(", ")
    )))
}

fn catalogue(dir: Option<&Path>) -> Result<Catalogue, CliError> {
    let mut user = Vec::new();
    if let Some(dir) = dir {
        let entries = std::fs::read_dir(dir).map_err(|e| io(dir, e))?;
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.retain(|p| p.extension().is_some_and(|x| x == "toml"));
        paths.sort();
        for p in paths {
            user.push((p.display().to_string(), read(&p)?));
        }
    }
    let builtin = bydel_analysis::catalogue::BUILTIN_FILES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()));
    Catalogue::default()
        .with_sources(builtin.chain(user))
        .map_err(CliError::lib)
}

fn write_tables(out: &Path, tables: &[Table]) -> Result<(), CliError> {
    std::fs::create_dir_all(out).map_err(|e| io(out, e))?;
    for t in tables {
        let path = out.join(format!("{}.csv", t.name));
        bydel_fs::write_atomic_with(&path, |f| {
            t.write_csv(std::io::BufWriter::new(f))
                .map_err(std::io::Error::other)
        })
        .map_err(CliError::lib)?;
        eprintln!("wrote {} ({} rows)", path.display(), t.rows.len());
    }
    Ok(())
}

fn show(tables: &[Table], name: &str, format: Format) -> Result<(), CliError> {
    let t = tables.iter().find(|t| t.name == name).ok_or_else(|| {
        let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
        CliError::Usage(format!(
            "--show: no table {name:?}; expected one of {}",
            names.join(", ")
        ))
    })?;
    let text = TextTable {
        header: t.columns.clone(),
        rows: t
            .rows
            .iter()
            .map(|r| r.iter().map(|c| c.render()).collect())
            .collect(),
    };
    text.write(format, &mut std::io::stdout().lock())
        .map_err(|e| CliError::Io {
            path: "stdout".into(),
            source: e,
        })
}

fn read(p: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(p).map_err(|e| io(p, e))
}

fn io(p: &Path, source: std::io::Error) -> CliError {
    CliError::Io {
        path: p.display().to_string(),
        source,
    }
}
