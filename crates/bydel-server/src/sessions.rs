//! Login sessions: random 256-bit tokens held in memory (a restart logs everyone out), sent as
//! an `HttpOnly; SameSite=Strict` cookie (`Secure` over HTTPS), valid for eight hours.
//!
//! Scripts that send `Authorization: Bearer NAME:SECRET` with every request would pay an
//! argon2id verification each time; a verified credential is therefore remembered for
//! [`BEARER_TTL`] by the SHA-256 of name and secret (in memory only).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::users::Role;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "bydel_session";
/// How long a session lasts.
pub const SESSION_TTL: Duration = Duration::from_secs(8 * 3600);
/// How long a verified bearer credential is remembered.
pub const BEARER_TTL: Duration = Duration::from_secs(5 * 60);

/// Who is asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// Not logged in.
    Anonymous,
    /// A logged-in user.
    User {
        /// Login name.
        name: String,
        /// Role.
        role: Role,
    },
}

/// The live sessions.
#[derive(Debug, Default)]
pub struct Sessions {
    live: Mutex<HashMap<String, (Identity, Instant)>>,
    bearer: Mutex<HashMap<[u8; 32], (Identity, Instant)>>,
}

impl Identity {
    /// The user's name, or `-`.
    pub fn name(&self) -> &str {
        match self {
            Identity::Anonymous => "-",
            Identity::User { name, .. } => name,
        }
    }

    /// The role's name, or `anonymous`.
    pub fn role_name(&self) -> &'static str {
        match self {
            Identity::Anonymous => "anonymous",
            Identity::User { role, .. } => role.as_str(),
        }
    }

    /// Whether the identity has at least `role`.
    pub fn has(&self, role: Role) -> bool {
        matches!(self, Identity::User { role: r, .. } if *r >= role)
    }
}

impl Sessions {
    /// Starts a session; returns its token.
    pub fn start(&self, identity: Identity) -> String {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let token = hex::encode(bytes);
        if let Ok(mut live) = self.live.lock() {
            let now = Instant::now();
            live.retain(|_, (_, expires)| *expires > now);
            live.insert(token.clone(), (identity, now + SESSION_TTL));
        }
        token
    }

    /// The identity of a live session.
    pub fn get(&self, token: &str) -> Option<Identity> {
        let live = self.live.lock().ok()?;
        let (id, expires) = live.get(token)?;
        (*expires > Instant::now()).then(|| id.clone())
    }

    /// The identity of a bearer credential verified within [`BEARER_TTL`].
    pub fn bearer(&self, name: &str, secret: &str) -> Option<Identity> {
        let map = self.bearer.lock().ok()?;
        let (id, expires) = map.get(&credential(name, secret))?;
        (*expires > Instant::now()).then(|| id.clone())
    }

    /// Remembers a verified bearer credential.
    pub fn remember_bearer(&self, name: &str, secret: &str, identity: Identity) {
        if let Ok(mut map) = self.bearer.lock() {
            let now = Instant::now();
            map.retain(|_, (_, expires)| *expires > now);
            map.insert(credential(name, secret), (identity, now + BEARER_TTL));
        }
    }

    /// Ends a session.
    pub fn end(&self, token: &str) {
        if let Ok(mut live) = self.live.lock() {
            live.remove(token);
        }
    }
}

fn credential(name: &str, secret: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([0]);
    h.update(secret.as_bytes());
    h.finalize().into()
}

/// The attributes of a cookie that only this site's pages read: `Secure` when the request
/// came over HTTPS.
pub fn cookie_attributes(secure: bool) -> &'static str {
    if secure {
        "Path=/; HttpOnly; SameSite=Strict; Secure"
    } else {
        "Path=/; HttpOnly; SameSite=Strict"
    }
}

/// The value of cookie `name` in a `Cookie` header.
pub fn cookie<'a>(header: &'a str, name: &str) -> Option<&'a str> {
    header.split(';').find_map(|kv| {
        let (k, v) = kv.trim().split_once('=')?;
        (k == name).then_some(v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_start_and_end() {
        let s = Sessions::default();
        let id = Identity::User {
            name: "a".into(),
            role: Role::Admin,
        };
        let t = s.start(id.clone());
        assert_eq!(t.len(), 64);
        assert_eq!(s.get(&t), Some(id));
        s.end(&t);
        assert_eq!(s.get(&t), None);
    }

    #[test]
    fn roles_are_ordered() {
        let a = Identity::User {
            name: "a".into(),
            role: Role::Analyst,
        };
        assert!(a.has(Role::Viewer) && a.has(Role::Analyst) && !a.has(Role::Admin));
        assert!(!Identity::Anonymous.has(Role::Viewer));
    }

    #[test]
    fn cookies_are_found_by_name() {
        assert_eq!(cookie("a=1; bydel_lang=en", "bydel_lang"), Some("en"));
        assert_eq!(cookie("xbydel_lang=en", "bydel_lang"), None);
    }
}
