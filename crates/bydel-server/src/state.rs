//! The shared state of the server: the run folder's published view (read once at start), the
//! users, the live sessions and the audit log.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::audit::{AUDIT_FILE, AuditLog, Event};
use crate::error::ServerError;
use crate::published::Published;
use crate::sessions::{Identity, Sessions};
use crate::throttle::Throttle;
use crate::users::Users;

/// Who may see the published view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PublicView {
    /// Anyone (the published tables passed disclosure control).
    #[default]
    Open,
    /// Only logged-in users (role viewer or above).
    LoginRequired,
}

/// Whether a reverse proxy in front of the server may say how the client connected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Proxy {
    /// Clients connect directly: `X-Forwarded-*` headers are ignored (anyone could send them),
    /// the client's address is the connection's, and the scheme is plain HTTP.
    #[default]
    None,
    /// Every connection comes from a reverse proxy that sets `X-Forwarded-Proto` and appends
    /// the client's address to `X-Forwarded-For`: the last `X-Forwarded-For` entry is the
    /// client (for login throttling), and `X-Forwarded-Proto: https` makes cookies `Secure`.
    Trusted,
}

/// How the operator configures the server.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The users who can log in (none: only the public view).
    pub users: Users,
    /// Who may see the published view.
    pub public_view: PublicView,
    /// Whether a reverse proxy's `X-Forwarded-*` headers are trusted.
    pub proxy: Proxy,
}

/// The state shared by every request (cheap to clone).
#[derive(Debug, Clone)]
pub struct AppState(Arc<Inner>);

/// What [`AppState`] holds.
#[derive(Debug)]
pub struct Inner {
    /// The run folder.
    pub run_dir: PathBuf,
    /// The published view.
    pub published: Published,
    /// The users.
    pub users: Users,
    /// Live sessions.
    pub sessions: Sessions,
    /// The audit log.
    pub audit: AuditLog,
    /// Who may see the published view.
    pub public_view: PublicView,
    /// Whether a reverse proxy's `X-Forwarded-*` headers are trusted.
    pub proxy: Proxy,
    /// Failed logins, for throttling.
    pub throttle: Throttle,
}

impl AppState {
    /// Loads `run_dir/published/` and opens `run_dir/audit.log`.
    pub fn load(run_dir: &Path, options: Options) -> Result<AppState, ServerError> {
        let published = Published::load(run_dir)?;
        let audit = AuditLog::open(&run_dir.join(AUDIT_FILE))?;
        Ok(AppState(Arc::new(Inner {
            run_dir: run_dir.to_owned(),
            published,
            users: options.users,
            sessions: Sessions::default(),
            audit,
            public_view: options.public_view,
            proxy: options.proxy,
            throttle: Throttle::default(),
        })))
    }

    /// The run folder's `work/` (analyst files).
    pub fn work_dir(&self) -> PathBuf {
        self.0.run_dir.join("work")
    }

    /// Records an audit event for `who`.
    pub fn audit(
        &self,
        who: &Identity,
        action: &str,
        target: &str,
        outcome: &str,
    ) -> Result<(), ServerError> {
        self.0.audit.record(&Event {
            user: who.name(),
            role: who.role_name(),
            action,
            target,
            outcome,
        })
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}
