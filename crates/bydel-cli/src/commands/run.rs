//! `bydel run DATASET --config FILE --out RUN`: the whole job for any municipality — validate,
//! aggregate, then rules, analysis, indices, segregation, the release of every table through
//! disclosure control, the report and the workbook (bydel-publish). The run folder appears all
//! at once: `RUN/work/` (exact counts and analysis tables: confidential) and `RUN/published/`
//! (only released tables, the manifest, the areas, `report.html` and `book.xlsx`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use bydel_io::publish::{Output, kind};
use bydel_model::CountsTable;
use bydel_model::measure::{MeasureSpec, builtin_measures};
use bydel_publish::{Inputs, RunConfig};

use crate::commands::aggregate::{count, load_western};
use crate::error::CliError;
use crate::prepare::{Outcome, prepare};

/// Arguments of `bydel run`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dataset folder (canonical tables and areas.geojson). Leave it out to run from counts
    /// aggregated elsewhere (`--counts` and `--areas`).
    #[arg(required_unless_present = "counts", conflicts_with = "counts")]
    pub dataset: Option<PathBuf>,
    /// A counts folder (`counts.parquet` + `areas.csv`, as `bydel aggregate` writes it or as a
    /// Spark, DuckDB or Trino run of `bydel sql` produces it; docs/performance.md) to publish
    /// instead of aggregating a dataset.
    #[arg(long, requires = "areas")]
    pub counts: Option<PathBuf>,
    /// The areas file (`areas.geojson`) that goes with `--counts`.
    #[arg(long, requires = "counts")]
    pub areas: Option<PathBuf>,
    /// The run configuration (TOML; docs/run.md).
    #[arg(long)]
    pub config: PathBuf,
    /// The run folder to write (replaced only when the whole run succeeds).
    #[arg(long)]
    pub out: PathBuf,
    /// A Western-countries table to use instead of the built-in one.
    #[arg(long)]
    pub western: Option<PathBuf>,
}

/// Runs the whole job.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    let config = match RunConfig::load(&args.config) {
        Ok(c) => c,
        Err(e) => {
            // invalid input: named key, exit 1, nothing written
            eprintln!("error: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    let western = load_western(args.western.as_deref())?;
    let mut files = read_config_files(&config)?;
    let input = args.dataset.as_ref().or(args.counts.as_ref());
    // the run folder: refused before any work when it is the input or holds the user's files
    let mut output = Output::new(&args.out, kind::RUN);
    if let Some(input) = input {
        output = output.reading(input);
    }
    output.check().map_err(CliError::lib)?;
    let t0 = Instant::now();
    let (counts, areas) = match (&args.dataset, &args.counts, &args.areas) {
        (Some(dataset), _, _) => {
            let Outcome::Ready(p) = prepare(dataset, &mut std::io::stdout().lock())? else {
                eprintln!("error: the dataset has problems (listed above); nothing was written");
                return Ok(ExitCode::from(1));
            };
            let counts = count(&p, &measures()?, &western)?;
            eprintln!(
                "aggregated {} area-years × {} measures in {:.1} s",
                counts.key_count(),
                counts.measures().len(),
                t0.elapsed().as_secs_f64()
            );
            // flows and scenarios (docs/flows.md, docs/evaluation.md): the person panel, when
            // the config asks
            if config.needs_panel() {
                let panel = bydel_flows::Panel::read(&p.dataset, &p.areas, &western)
                    .map_err(CliError::lib)?;
                files.panel = Some(panel);
            }
            (counts, read(&p.dataset.areas_path())?)
        }
        (None, Some(dir), Some(areas)) => {
            if config.flows.is_some() {
                eprintln!(
                    "error: {}: [flows] follows persons from year to year and needs the dataset, not counts; run from the dataset or leave [flows] out; nothing was written",
                    args.config.display()
                );
                return Ok(ExitCode::from(1));
            }
            let counts = bydel_io::counts::read_counts(dir).map_err(CliError::lib)?;
            let missing: Vec<String> = measures()?
                .into_iter()
                .map(|m| m.name)
                .filter(|m| !counts.measures().contains(m))
                .collect();
            if !missing.is_empty() {
                eprintln!(
                    "error: {}: the counts lack {} measure(s) a run needs: {} (generate the SQL with `bydel sql --dataset` so that every measure is computed); nothing was written",
                    dir.display(),
                    missing.len(),
                    missing.join(", ")
                );
                return Ok(ExitCode::from(1));
            }
            eprintln!(
                "read {} area-years × {} measures from {}",
                counts.key_count(),
                counts.measures().len(),
                dir.display()
            );
            (counts, read(areas)?)
        }
        _ => {
            eprintln!(
                "error: give a dataset folder, or --counts with --areas; nothing was written"
            );
            return Ok(ExitCode::from(2));
        }
    };
    publish_run(&config, counts, areas, files, &args.out)?;
    eprintln!(
        "done in {:.1} s → {}",
        t0.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Every measure a run needs: the builtin measures and the indicator catalogue's.
pub fn measures() -> Result<Vec<MeasureSpec>, CliError> {
    let mut all = builtin_measures();
    let catalogue = bydel_analysis::Catalogue::builtin().map_err(CliError::lib)?;
    for m in catalogue.required_measures() {
        if !all.iter().any(|b| b.name == m.name) {
            all.push(m);
        }
    }
    Ok(all)
}

type NamedText = (String, String);

/// What a run reads besides the counts and the areas: the files its config names (goals,
/// surveys, official lists, interventions; read before any work starts) and the person panel
/// (flows), read from the dataset when the config has a `[flows]` section.
#[derive(Debug, Default)]
pub struct ConfigFiles {
    /// The goals file.
    pub goals: Option<NamedText>,
    /// The survey files.
    pub surveys: Vec<NamedText>,
    /// The official 1 December lists.
    pub official_lists: Option<NamedText>,
    /// The interventions file, when the config names one.
    pub interventions: Option<NamedText>,
    /// The person panel, when the config has a `[flows]` section.
    pub panel: Option<bydel_flows::Panel>,
}

/// Reads the files a config names (the panel comes later, from the dataset).
pub fn read_config_files(config: &RunConfig) -> Result<ConfigFiles, CliError> {
    let named = |p: &Path| Ok::<_, CliError>((p.display().to_string(), read(p)?));
    Ok(ConfigFiles {
        goals: config.goals.as_deref().map(named).transpose()?,
        surveys: config
            .surveys
            .iter()
            .map(|p| named(p))
            .collect::<Result<_, _>>()?,
        official_lists: config.official_lists.as_deref().map(named).transpose()?,
        interventions: config.interventions.as_deref().map(named).transpose()?,
        panel: None,
    })
}

/// Publishes counts into the run folder `out` (all at once) and prints what was released.
pub fn publish_run(
    config: &RunConfig,
    counts: CountsTable,
    areas_geojson: String,
    files: ConfigFiles,
    out: &Path,
) -> Result<(), CliError> {
    let summary = bydel_io::publish::replace_dir(out, kind::RUN, |tmp| {
        bydel_io::counts::write_counts(&tmp.join("work"), &counts).map_err(CliError::lib)?;
        let inputs = Inputs {
            counts,
            areas_geojson,
            goals: files.goals,
            surveys: files.surveys,
            official_lists: files.official_lists,
            panel: files.panel,
            interventions: files.interventions,
        };
        let t0 = Instant::now();
        let mut step = |s: &str| eprintln!("[{:>6.1} s] {s} …", t0.elapsed().as_secs_f64());
        bydel_publish::publish(config, inputs, tmp, &mut step).map_err(CliError::lib)
    })?;
    println!(
        "{}: released through disclosure control ({}):",
        summary.municipality, config.policy.name
    );
    println!(
        "  {:<22} {:>8} {:>10} {:>8}",
        "table", "shown", "suppressed", "empty"
    );
    for (name, shown, hidden, empty) in &summary.tables {
        println!("  {name:<22} {shown:>8} {hidden:>10} {empty:>8}");
    }
    let primary: usize = summary.primary.values().sum();
    println!(
        "  all tables: {primary} cells suppressed by primary rules ({}), {} more to protect them (secondary suppression, and values computed from a suppressed count)",
        summary
            .primary
            .iter()
            .map(|(r, n)| format!("{r} {n}"))
            .collect::<Vec<_>>()
            .join(", "),
        summary.secondary
    );
    let published = out.join("published");
    println!(
        "Report: {}  Workbook: {}",
        published.join("report.html").display(),
        published.join("book.xlsx").display()
    );
    Ok(())
}

fn read(path: &Path) -> Result<String, CliError> {
    std::fs::read_to_string(path).map_err(|source| CliError::Io {
        path: path.display().to_string(),
        source,
    })
}
