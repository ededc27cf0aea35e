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
    /// The dataset folder (canonical tables and areas.geojson).
    pub dataset: PathBuf,
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
    let (goals, surveys) = read_config_files(&config)?;
    // the run folder: refused before any work when it is the input or holds the user's files
    Output::new(&args.out, kind::RUN)
        .reading(&args.dataset)
        .check()
        .map_err(CliError::lib)?;
    let t0 = Instant::now();
    let Outcome::Ready(p) = prepare(&args.dataset, &mut std::io::stdout().lock())? else {
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
    let areas = read(&p.dataset.areas_path())?;
    // flows and evaluation (docs/flows.md, docs/evaluation.md): the person panel and the
    // interventions file, when the config asks for them
    let panel = match &config.flows {
        Some(_) => {
            Some(bydel_flows::Panel::read(&p.dataset, &p.areas, &western).map_err(CliError::lib)?)
        }
        None => None,
    };
    let interventions = match &config.interventions {
        Some(f) => Some((f.display().to_string(), read(f)?)),
        None => None,
    };
    let files = ConfigFiles {
        goals,
        surveys,
        panel,
        interventions,
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

/// The goals and survey files a config names, read before any work starts.
pub fn read_config_files(
    config: &RunConfig,
) -> Result<(Option<NamedText>, Vec<NamedText>), CliError> {
    let named = |p: &Path| Ok::<_, CliError>((p.display().to_string(), read(p)?));
    let goals = config.goals.as_deref().map(named).transpose()?;
    let surveys = config
        .surveys
        .iter()
        .map(|p| named(p))
        .collect::<Result<_, _>>()?;
    Ok((goals, surveys))
}

/// What a run reads besides the counts and the areas: the goals and survey files, the person
/// panel (flows) and the interventions file.
#[derive(Debug, Default)]
pub struct ConfigFiles {
    /// The goals file.
    pub goals: Option<NamedText>,
    /// The survey files.
    pub surveys: Vec<NamedText>,
    /// The person panel, when the config has a `[flows]` section.
    pub panel: Option<bydel_flows::Panel>,
    /// The interventions file, when the config names one.
    pub interventions: Option<NamedText>,
}

/// Publishes counts into the run folder `out` (all at once) and prints what was released.
pub fn publish_run(
    config: &RunConfig,
    counts: CountsTable,
    areas_geojson: String,
    files: ConfigFiles,
    out: &Path,
) -> Result<(), CliError> {
    let ConfigFiles {
        goals,
        surveys,
        panel,
        interventions,
    } = files;
    let summary = bydel_io::publish::replace_dir(out, kind::RUN, |tmp| {
        bydel_io::counts::write_counts(&tmp.join("work"), &counts).map_err(CliError::lib)?;
        let inputs = Inputs {
            counts,
            areas_geojson,
            goals,
            surveys,
            panel,
            interventions,
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
    let atoms_hidden = summary
        .tables
        .iter()
        .find(|t| t.0 == bydel_publish::atoms::ATOMS)
        .map_or(0, |t| t.2);
    println!(
        "  {}: {primary} cells suppressed by primary rules ({}), {} by secondary suppression;",
        bydel_publish::atoms::ATOMS,
        summary
            .primary
            .iter()
            .map(|(r, n)| format!("{r} {n}"))
            .collect::<Vec<_>>()
            .join(", "),
        atoms_hidden.saturating_sub(primary)
    );
    println!("  every other table: a value is suppressed when a count it is computed from is");
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
