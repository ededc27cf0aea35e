//! `bydel serve RUN_DIR [--addr 127.0.0.1:8080] [--users FILE] [--public-view open|login]
//! [--trust-proxy]`:
//! the web dashboard and JSON API over the run folder's published view (see
//! docs/dashboard.md). `bydel serve --hash-password NAME --role ROLE` reads a secret from
//! standard input and prints the users-file line for it.

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use bydel_server::{AppState, Options, Proxy, PublicView, Role, User, Users};

use crate::error::CliError;

/// Who may see the published view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum View {
    /// Anyone.
    Open,
    /// Logged-in users only (role viewer or above).
    Login,
}

/// A role for `--hash-password`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RoleArg {
    /// The published view.
    Viewer,
    /// Also the working files.
    Analyst,
    /// Also the audit log.
    Admin,
}

/// Arguments of `bydel serve`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The run folder (written by `bydel demo --out`).
    #[arg(required_unless_present = "hash_password")]
    pub run_dir: Option<PathBuf>,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// The users file (`name:role:hash` lines, argon2id; see docs/dashboard.md).
    #[arg(long)]
    pub users: Option<PathBuf>,
    /// Who may see the published view.
    #[arg(long, value_enum, default_value_t = View::Open)]
    pub public_view: View,
    /// Trust a reverse proxy in front of the server: the last `X-Forwarded-For` address is
    /// the client (login throttling), and `X-Forwarded-Proto: https` makes cookies `Secure`.
    /// Only with a proxy that sets both headers and to which alone the server is reachable.
    #[arg(long)]
    pub trust_proxy: bool,
    /// Print a users-file line for NAME with a secret read from standard input, then exit.
    #[arg(long, value_name = "NAME")]
    pub hash_password: Option<String>,
    /// The role for `--hash-password`.
    #[arg(long, value_enum, default_value_t = RoleArg::Viewer)]
    pub role: RoleArg,
}

/// Runs the server (or prints a users-file line).
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    if let Some(name) = &args.hash_password {
        return hash_line(name, args.role);
    }
    let run_dir = args.run_dir.clone().unwrap_or_default();
    let users = match &args.users {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| CliError::Io {
                path: path.display().to_string(),
                source,
            })?;
            Users::parse(&path.display().to_string(), &text).map_err(CliError::lib)?
        }
        None => Users::none(),
    };
    let public_view = match args.public_view {
        View::Open => PublicView::Open,
        View::Login => PublicView::LoginRequired,
    };
    let proxy = if args.trust_proxy {
        Proxy::Trusted
    } else {
        Proxy::None
    };
    let options = Options {
        users,
        public_view,
        proxy,
    };
    let state = AppState::load(&run_dir, options).map_err(CliError::lib)?;
    let rt = tokio::runtime::Runtime::new().map_err(|source| CliError::Io {
        path: "tokio runtime".into(),
        source,
    })?;
    rt.block_on(bydel_server::serve(state, args.addr))
        .map_err(CliError::lib)?;
    Ok(ExitCode::SUCCESS)
}

fn hash_line(name: &str, role: RoleArg) -> Result<ExitCode, CliError> {
    let mut secret = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut secret)
        .map_err(|source| CliError::Io {
            path: "stdin".into(),
            source,
        })?;
    let secret = secret.trim_end_matches(['\r', '\n']);
    if secret.len() < 12 {
        return Err(CliError::Usage(
            "the secret must have at least 12 characters (use a generated token)".into(),
        ));
    }
    let role = match role {
        RoleArg::Viewer => Role::Viewer,
        RoleArg::Analyst => Role::Analyst,
        RoleArg::Admin => Role::Admin,
    };
    let user = User::new(name, role, secret).map_err(CliError::lib)?;
    println!("{}", user.to_line());
    Ok(ExitCode::SUCCESS)
}
