//! `bydel demo [--out DIR]`: the main job on the embedded synthetic data — exactly `bydel run`
//! with the shipped Gladsaxe config. Generates (or reuses) the synthetic Gladsaxe inside a
//! synthetic Denmark, writes the shipped config, and runs the whole job.
//!
//! Layout of DIR: `dataset/` (the synthetic input, canonical tables), `config/` (the shipped
//! Gladsaxe config, `run.toml`, `goals.toml` and `official-lists.csv`, from `configs/gladsaxe/`), `run/` (the run
//! folder: `work/` — exact counts and analysis tables, confidential — and `published/` — the
//! released tables, the report and the workbook).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bydel_io::publish::{MARKER, Output, kind};
use bydel_synth::{DEFAULT_SEED, SynthConfig};

use crate::commands::run as job;
use crate::error::CliError;
use crate::progress::Bar;

/// The shipped Gladsaxe config (configs/gladsaxe/run.toml).
const CONFIG: &str = include_str!("../../../../configs/gladsaxe/run.toml");
/// The council's goals it names (configs/gladsaxe/goals.toml).
const GOALS: &str = include_str!("../../../../configs/gladsaxe/goals.toml");
/// The official 1 December lists it names (configs/gladsaxe/official-lists.csv).
const LISTS: &str = include_str!("../../../../configs/gladsaxe/official-lists.csv");
/// The interventions it evaluates (configs/gladsaxe/interventions.csv).
const INTERVENTIONS: &str = include_str!("../../../../configs/gladsaxe/interventions.csv");

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
    claim(&args.out)?;
    let dataset = args.out.join("dataset");
    synthesise(&dataset, args.seed, args.fresh)?;
    let config_dir = args.out.join("config");
    bydel_io::publish::replace_dir(&config_dir, CONFIG_KIND, |tmp| {
        for (name, text) in [
            ("run.toml", CONFIG),
            ("goals.toml", GOALS),
            ("official-lists.csv", LISTS),
            ("interventions.csv", INTERVENTIONS),
        ] {
            bydel_io::write::write_atomic(&tmp.join(name), text.as_bytes())?;
        }
        Ok::<(), CliError>(())
    })?;
    eprintln!(
        "running: bydel run {} --config {} --out {}",
        dataset.display(),
        config_dir.join("run.toml").display(),
        args.out.join("run").display()
    );
    job::run(&job::Args {
        dataset: Some(dataset),
        counts: None,
        areas: None,
        config: config_dir.join("run.toml"),
        out: args.out.join("run"),
        western: None,
    })
}

/// The kind of the demo folder and of its config folder (recorded in their markers).
const DEMO_KIND: &str = "demo";
const CONFIG_KIND: &str = "config";

/// Makes `dir` the demo's folder: refused when it is a file, or a folder holding the user's own
/// files or another kind of bydel output; created and marked otherwise. Its parts (`dataset/`,
/// `config/`, `run/`) are each replaced as a whole.
fn claim(dir: &Path) -> Result<(), CliError> {
    Output::new(dir, DEMO_KIND).check().map_err(CliError::lib)?;
    std::fs::create_dir_all(dir).map_err(|source| CliError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let marker = format!("bydel-output {DEMO_KIND}\n");
    bydel_io::write::write_atomic(&dir.join(MARKER), marker.as_bytes()).map_err(CliError::lib)
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
    let summary = bydel_io::publish::replace_dir(dir, kind::DATASET, |tmp| {
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
