//! The `bydel` binary: parses arguments, runs one command, maps the outcome to an exit code.
//!
//! Exit codes: 0 success; 1 completed but found problems (validation failures); 2 error. Errors
//! print `error: …` and then each cause on stderr. Stdout is for data; progress, warnings and hints
//! go to stderr.

mod cli;
mod commands;
mod error;
mod output;
mod prepare;
mod progress;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli.command) {
        Ok(code) => code,
        Err(err) => {
            error::report(&err);
            ExitCode::from(2)
        }
    }
}
