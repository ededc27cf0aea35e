//! `bydel demo [--out DIR]`: the main job on the embedded synthetic data. Generates (or reuses)
//! the synthetic Gladsaxe inside a synthetic Denmark, validates it, aggregates it, runs every
//! analysis, writes the outputs and prints a short summary.
//!
//! Layout of DIR: `dataset/` (the synthetic input, canonical tables), `work/` (the exact counts:
//! confidential working data, never published), `published/` (tables released through the
//! disclosure-control layer, the report and the workbook). DIR is built beside itself and swapped
//! in only when every step succeeded (all or nothing), and only over an earlier bydel run folder.

use std::path::{Path, PathBuf};

use bydel_io::publish::{Output, kind};
use std::process::ExitCode;
use std::time::Instant;

use bydel_synth::{DEFAULT_SEED, SynthConfig};

use crate::commands::aggregate::{count, write_run};
use crate::commands::{pipeline, publish};
use crate::error::CliError;
use crate::prepare::{Outcome, prepare};
use crate::progress::Bar;

/// Arguments of `bydel demo`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The output folder.
    #[arg(long, default_value = "bydel-demo")]
    pub out: PathBuf,
    /// The synthetic population's seed.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    pub seed: u64,
    /// Regenerate the dataset even when one with the same seed and version exists.
    #[arg(long)]
    pub fresh: bool,
}

/// Runs the demo. The whole run folder is built beside `--out` and swapped in only when every
/// step succeeded; `--out` must be new, empty or an earlier bydel run folder.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    let t0 = Instant::now();
    let output = Output::new(&args.out, kind::RUN);
    output.check().map_err(CliError::lib)?;
    let lines = bydel_io::publish::replace_dir(&args.out, kind::RUN, |tmp| steps(args, tmp))?;
    for line in lines {
        println!("{line}");
    }
    let (report, book) = (args.out.join("report.html"), args.out.join("book.xlsx"));
    println!("Report: {}  Workbook: {}", report.display(), book.display());
    eprintln!(
        "done in {:.1} s → {}",
        t0.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Every step of the demo, written into the staging folder `dir`; returns the summary lines.
fn steps(args: &Args, dir: &Path) -> Result<Vec<String>, CliError> {
    let dataset = dir.join("dataset");
    synthesise(&args.out.join("dataset"), &dataset, args.seed, args.fresh)?;
    let Outcome::Ready(p) = prepare(&dataset, &mut std::io::stdout().lock())? else {
        return Err(CliError::Usage(
            "bug: the synthetic dataset did not validate (problems above)".into(),
        ));
    };
    eprintln!("validated: {}", rows_summary(&p.report.rows));
    let measures = pipeline::measures()?;
    let counts = count(&p, &measures, &bydel_model::WesternList::default_list())?;
    write_run(&dir.join("work"), &counts)?;
    eprintln!(
        "aggregated {} area-years × {} measures",
        counts.key_count(),
        counts.measures().len()
    );
    let summary = pipeline::analyse(&counts, &dir.join("work"))?;
    let published = dir.join("published");
    std::fs::create_dir(&published).map_err(|source| CliError::Io {
        path: published.display().to_string(),
        source,
    })?;
    let line = publish::publish_area_figures(
        &counts,
        &dir.join("work"),
        &dataset.join("areas.geojson"),
        &published,
    )?;
    bydel_report::write_report(dir, &dir.join("report.html"), bydel_report::Lang::Da)
        .map_err(CliError::lib)?;
    bydel_report::write_workbook(dir, &dir.join("book.xlsx")).map_err(CliError::lib)?;
    let shown = args.out.join("published");
    Ok(vec![
        summary.to_string(),
        format!("{line} → {}", shown.display()),
    ])
}

fn rows_summary(rows: &std::collections::BTreeMap<&'static str, u64>) -> String {
    rows.iter()
        .map(|(t, n)| format!("{t} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Generates the dataset into `dir`, or reuses the identical one (same seed and bydel version)
/// of the previous run at `previous` (hard links, or a copy where links are impossible).
fn synthesise(previous: &Path, dir: &Path, seed: u64, fresh: bool) -> Result<(), CliError> {
    let stamp = format!("seed={seed} version={}\n", env!("CARGO_PKG_VERSION"));
    let io = |path: &Path, source| CliError::Io {
        path: path.display().to_string(),
        source,
    };
    let old_stamp = std::fs::read_to_string(previous.join(SYNTH_MARKER));
    if !fresh && old_stamp.is_ok_and(|s| s == stamp) {
        link_tree(previous, dir).map_err(|e| io(previous, e))?;
        eprintln!("reusing the synthetic dataset in {}", previous.display());
        return Ok(());
    }
    let config = SynthConfig {
        seed,
        ..SynthConfig::default()
    };
    let bar = Bar::spinner("generating the synthetic population");
    std::fs::create_dir(dir).map_err(|e| io(dir, e))?;
    let generated = bydel_synth::generate(&config, dir, &mut |p| {
        bar.message(&format!("generating {}: {} residents", p.year, p.residents))
    })
    .map_err(CliError::lib);
    bar.finish();
    generated?;
    std::fs::write(dir.join(SYNTH_MARKER), stamp).map_err(|e| io(dir, e))?;
    eprintln!("generated the synthetic dataset");
    Ok(())
}

/// Marks a synthetic dataset with its seed and bydel version.
const SYNTH_MARKER: &str = ".bydel-synth";

/// Recreates the tree `from` at `to` with hard links (copies where linking fails).
fn link_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type()?.is_dir() {
            link_tree(&src, &dst)?;
        } else if std::fs::hard_link(&src, &dst).is_err() {
            std::fs::copy(&src, &dst)?;
        }
    }
    Ok(())
}
