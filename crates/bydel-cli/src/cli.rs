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
    /// Check every table of a dataset; print each problem with file, line and column.
    Validate(commands::validate::Args),
}
