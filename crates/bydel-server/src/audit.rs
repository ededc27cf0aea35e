//! The audit log: an append-only text file (`RUN_DIR/audit.log`), one line per event,
//! tab-separated: seconds since 1970 (UTC), user (`-` when anonymous), role, action, target,
//! outcome. Fields never contain tabs or line breaks (they are replaced by spaces), so a line
//! cannot forge another.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::error::ServerError;

/// The log file's name inside the run folder.
pub const AUDIT_FILE: &str = "audit.log";

/// The audit log.
#[derive(Debug)]
pub struct AuditLog {
    path: PathBuf,
    file: Mutex<File>,
}

/// One event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event<'a> {
    /// Who (login name or `-`).
    pub user: &'a str,
    /// Their role (`anonymous` when not logged in).
    pub role: &'a str,
    /// What (`login`, `logout`, `download_work_file`, `view_audit_log`, …).
    pub action: &'a str,
    /// On what (a file name, a user name).
    pub target: &'a str,
    /// How it ended (`ok`, `denied`, `failed`).
    pub outcome: &'a str,
}

impl AuditLog {
    /// Opens (creating) the log for appending.
    pub fn open(path: &Path) -> Result<AuditLog, ServerError> {
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| ServerError::config(path.display(), e))?;
        Ok(AuditLog {
            path: path.to_owned(),
            file: Mutex::new(file),
        })
    }

    /// Appends one event. A failure to write is reported as an internal error.
    pub fn record(&self, e: &Event<'_>) -> Result<(), ServerError> {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        let fields = [e.user, e.role, e.action, e.target, e.outcome].map(clean);
        let line = format!("{secs}\t{}\n", fields.join("\t"));
        let mut f = self
            .file
            .lock()
            .map_err(|_| ServerError::Internal("audit log lock poisoned".into()))?;
        f.write_all(line.as_bytes())
            .and_then(|()| f.flush())
            .map_err(|e| ServerError::Internal(format!("{}: {e}", self.path.display())))
    }

    /// The log's text (for admins).
    pub fn read(&self) -> Result<String, ServerError> {
        std::fs::read_to_string(&self.path)
            .map_err(|e| ServerError::Internal(format!("{}: {e}", self.path.display())))
    }
}

fn clean(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(200)
        .collect();
    if s.is_empty() { "-".into() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_one_clean_line_per_event() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::open(&dir.path().join(AUDIT_FILE)).unwrap();
        let ev = |user| Event {
            user,
            role: "analyst",
            action: "login",
            target: "",
            outcome: "ok",
        };
        log.record(&ev("ana")).unwrap();
        log.record(&ev("evil\n0\tadmin")).unwrap();
        let text = log.read().unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2);
        assert!(
            lines[0].ends_with("\tana\tanalyst\tlogin\t-\tok"),
            "{}",
            lines[0]
        );
        assert_eq!(lines[1].split('\t').count(), 6);
    }
}
