//! The `bydel` binary: parses arguments, runs one command, maps the outcome to an exit code.
//!
//! Exit codes, the same for every command (see [`error`]): 0 success; 1 invalid input (a bad
//! argument or option value, a missing or malformed input file) or a completed run that found
//! problems; 2 any other error. Errors print `error: …` and then each cause on stderr. Stdout is
//! for data; progress, warnings and hints go to stderr.

mod cli;
mod commands;
mod error;
mod output;
mod prepare;
mod progress;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => return parse_failure(&err),
    };
    match commands::run(cli.command) {
        Ok(code) => code,
        Err(err) => {
            error::report(&err);
            err.exit_code()
        }
    }
}

/// `--help` and `--version` succeed; a command line clap cannot parse is invalid input (exit 1,
/// where clap on its own would exit 2).
fn parse_failure(err: &clap::Error) -> ExitCode {
    // Printing can only fail when stdout/stderr is closed; nothing is left to report to then.
    let _ = err.print();
    if err.use_stderr() {
        ExitCode::from(error::EXIT_INVALID_INPUT)
    } else {
        ExitCode::SUCCESS
    }
}
