//! One module per command; `run` dispatches.

use std::process::ExitCode;

use crate::cli::Command;
use crate::error::CliError;

pub mod aggregate;
pub mod analyse;
pub mod audit;
pub mod bench;
pub mod classify;
pub mod demo;
pub mod evaluate;
pub mod export;
pub mod flows;
pub mod import;
pub mod index;
pub mod pseudonymise;
pub mod report;
pub mod run;
pub mod scenario;
pub mod segregation;
pub mod serve;
pub mod sql;
pub mod synth;
pub mod validate;

/// Runs one command.
pub fn run(command: Command) -> Result<ExitCode, CliError> {
    match command {
        Command::Validate(args) => validate::run(&args),
        Command::Demo(args) => demo::run(&args),
        Command::Run(args) => run::run(&args),
        Command::Aggregate(args) => aggregate::run(&args),
        Command::Classify(args) => classify::run(&args),
        Command::Pseudonymise(args) => pseudonymise::run(&args),
        Command::Audit(args) => audit::run(&args),
        Command::Index(args) => index::run(&args),
        Command::Analyse(args) => analyse::run(&args),
        Command::Segregation(args) => segregation::run(&args),
        Command::Synth(args) => synth::run(&args),
        Command::Import(args) => import::run(&args),
        Command::Sql(args) => sql::run(&args),
        Command::Bench(args) => bench::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Flows(args) => flows::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Evaluate(args) => evaluate::run(&args),
        Command::Scenario(args) => scenario::run(&args),
    }
}
