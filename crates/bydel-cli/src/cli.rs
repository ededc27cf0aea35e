//! The command-line definition (clap), apart from the commands themselves.

use clap::{Parser, Subcommand};

use crate::commands;

/// bydel: social balance of districts and housing areas, year by year, under Danish law.
#[derive(Debug, Parser)]
#[command(name = "bydel", version, about, long_about = None)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// Every command. Each variant's arguments live beside its implementation in `commands/`.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the whole job on the embedded synthetic data: `bydel run` with the shipped Gladsaxe config.
    Demo(commands::demo::Args),
    /// The whole job for any municipality: validate, aggregate, analyse, release, report.
    Run(commands::run::Args),
    /// Check every table of a dataset; print each problem with file, line and column.
    Validate(commands::validate::Args),
    /// Validate, then count every measure for every area, layer and year in one pass.
    Aggregate(commands::aggregate::Args),
    /// Classify areas under the Danish rules from area-level figures (VALUES.csv).
    Classify(commands::classify::Args),
    /// Replace CPR numbers and other identifiers with keyed pseudonyms (HMAC-SHA256).
    Pseudonymise(commands::pseudonymise::Args),
    /// Attack every published table in a folder; report any suppressed number it recovers.
    Audit(commands::audit::Args),
    /// Composite indices (MSS status/dynamics, IMD ranks, SVI percentiles) on area-level values.
    Index(commands::index::Args),
    /// Monitoring analytics on a run dir: indicators, rest-of-municipality, trends, watch-list.
    Analyse(commands::analyse::Args),
    /// Segregation indices of a counts table (area_id + group columns), with intervals.
    Segregation(commands::segregation::Args),
    /// Flows in and out of every area, why each criterion changed, and children's life chances.
    Flows(commands::flows::Args),
    /// Write the synthetic dataset: Gladsaxe inside a synthetic Denmark (or a national one).
    Synth(commands::synth::Args),
    /// Import register-style tables (preset `dst`: Danmarks Statistik) into a canonical dataset.
    Import(commands::import::Args),
    /// Print the aggregation as SQL (DuckDB, Spark, Trino) for engines beyond one machine.
    Sql(commands::sql::Args),
    /// Benchmark the aggregation engine against DuckDB at national scale.
    Bench(commands::bench::Args),
    /// Write the status report (one self-contained HTML file) from a run's published tables.
    Report(commands::report::Args),
    /// Write the published tables as an Excel workbook with definitions and sources.
    Export(commands::export::Args),
    /// Serve the dashboard and JSON API over a run folder's published view.
    Serve(commands::serve::Args),
    /// Evaluate interventions: staggered difference-in-differences and synthetic control, with verdicts.
    Evaluate(commands::evaluate::Args),
    /// Simulate a lettings or physical-change scenario for an area against the baseline.
    Scenario(commands::scenario::Args),
}
