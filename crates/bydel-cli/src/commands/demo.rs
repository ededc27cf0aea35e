//! `bydel demo [--out DIR]`: the main job on the embedded synthetic data. Generates (or reuses)
//! the synthetic Gladsaxe inside a synthetic Denmark, validates it, aggregates it, runs every
//! analysis, writes the outputs and prints a short summary.
//!
//! Layout of DIR: `dataset/` (the synthetic input, canonical tables), `work/` (the exact counts:
//! confidential working data, never published), `published/` (tables released through the
//! disclosure-control layer, the report and the workbook).

use std::path::{Path, PathBuf};
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

/// Runs the demo.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    let t0 = Instant::now();
    std::fs::create_dir_all(&args.out).map_err(|source| CliError::Io {
        path: args.out.display().to_string(),
        source,
    })?;
    let dataset = args.out.join("dataset");
    synthesise(&dataset, args.seed, args.fresh)?;
    let Outcome::Ready(p) = prepare(&dataset, &mut std::io::stdout().lock())? else {
        return Err(CliError::Usage(
            "bug: the synthetic dataset did not validate (problems above)".into(),
        ));
    };
    eprintln!("validated: {}", rows_summary(&p.report.rows));
    let measures = pipeline::measures()?;
    let counts = count(&p, &measures, &bydel_model::WesternList::default_list())?;
    write_run(&args.out.join("work"), &counts)?;
    eprintln!(
        "aggregated {} area-years × {} measures",
        counts.key_count(),
        counts.measures().len()
    );
    let summary = pipeline::analyse(&counts, &args.out.join("work"))?;
    println!("{summary}");
    let published = args.out.join("published");
    let mut line = String::new();
    bydel_io::publish::replace_dir(&published, |tmp| {
        line = publish::publish_area_figures(
            &counts,
            &args.out.join("work"),
            &dataset.join("areas.geojson"),
            tmp,
        )?;
        Ok::<(), CliError>(())
    })?;
    println!("{line} → {}", published.display());
    let (report, book) = (args.out.join("report.html"), args.out.join("book.xlsx"));
    bydel_report::write_report(&args.out, &report, bydel_report::Lang::Da)
        .map_err(CliError::lib)?;
    bydel_report::write_workbook(&args.out, &book).map_err(CliError::lib)?;
    println!("Report: {}  Workbook: {}", report.display(), book.display());
    eprintln!(
        "done in {:.1} s → {}",
        t0.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

fn rows_summary(rows: &std::collections::BTreeMap<&'static str, u64>) -> String {
    rows.iter()
        .map(|(t, n)| format!("{t} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Generates the dataset unless an identical one (same seed and bydel version) is there.
fn synthesise(dir: &Path, seed: u64, fresh: bool) -> Result<(), CliError> {
    let marker = dir.join(".bydel-synth");
    let stamp = format!("seed={seed} version={}\n", env!("CARGO_PKG_VERSION"));
    if !fresh && std::fs::read_to_string(&marker).is_ok_and(|s| s == stamp) {
        eprintln!("reusing the synthetic dataset in {}", dir.display());
        return Ok(());
    }
    let config = SynthConfig {
        seed,
        ..SynthConfig::default()
    };
    let bar = Bar::spinner("generating the synthetic population");
    let summary = bydel_io::publish::replace_dir(dir, |tmp| {
        bydel_synth::generate(&config, tmp, &mut |p| {
            bar.message(&format!("generating {}: {} residents", p.year, p.residents))
        })
        .map_err(CliError::lib)
    });
    bar.finish();
    summary?;
    std::fs::write(&marker, stamp).map_err(|source| CliError::Io {
        path: marker.display().to_string(),
        source,
    })?;
    eprintln!("generated the synthetic dataset in {}", dir.display());
    Ok(())
}
