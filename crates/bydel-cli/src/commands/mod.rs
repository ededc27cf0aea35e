//! One module per command; `run` dispatches.

use std::process::ExitCode;

use crate::cli::Command;
use crate::error::CliError;

pub mod validate;

/// Runs one command.
pub fn run(command: Command) -> Result<ExitCode, CliError> {
    match command {
        Command::Validate(args) => validate::run(&args),
    }
}
