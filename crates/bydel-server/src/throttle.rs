//! Login throttling: failed logins are counted per login name and per client address over a
//! sliding window; while a name or an address is over its limit, further attempts are refused
//! with 429 and `Retry-After` before any password is checked (so the limit also bounds the
//! work argon2id costs the server). A successful login clears its name's count.
//!
//! A name's limit lets anyone lock a user out for the window by guessing wrong on purpose;
//! that is the price of stopping guessing from many addresses, and the window is short.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The window over which failures count.
pub const WINDOW: Duration = Duration::from_secs(15 * 60);
/// Failures a login name may have within the window.
pub const PER_NAME: usize = 5;
/// Failures one client address may have within the window (over all names).
pub const PER_CLIENT: usize = 20;
/// The most keys remembered; beyond it the oldest failures are forgotten first.
const MAX_KEYS: usize = 100_000;

/// The failure counts.
#[derive(Debug, Default)]
pub struct Throttle {
    failures: Mutex<HashMap<Key, Vec<Instant>>>,
}

/// What failures are counted against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Name(String),
    Client(IpAddr),
}

impl Throttle {
    /// `Err(retry_after)` when `name` or `client` is over its limit at `now`.
    pub fn check(&self, name: &str, client: Option<IpAddr>, now: Instant) -> Result<(), Duration> {
        let Ok(map) = self.failures.lock() else {
            return Ok(());
        };
        let mut wait = Duration::ZERO;
        for (key, limit) in keys(name, client) {
            let Some(times) = map.get(&key) else { continue };
            let recent: Vec<&Instant> = times.iter().filter(|t| now < **t + WINDOW).collect();
            if recent.len() >= limit {
                // Free again when the oldest failure that keeps it at the limit leaves the window.
                let oldest = recent[recent.len() - limit];
                wait = wait.max(*oldest + WINDOW - now);
            }
        }
        if wait.is_zero() { Ok(()) } else { Err(wait) }
    }

    /// Counts a failed login for `name` and `client` at `now`.
    pub fn fail(&self, name: &str, client: Option<IpAddr>, now: Instant) {
        let Ok(mut map) = self.failures.lock() else {
            return;
        };
        if map.len() >= MAX_KEYS {
            map.retain(|_, times| times.iter().any(|t| now < *t + WINDOW));
            if map.len() >= MAX_KEYS {
                map.clear();
            }
        }
        for (key, limit) in keys(name, client) {
            let times = map.entry(key).or_default();
            times.retain(|t| now < *t + WINDOW);
            times.push(now);
            let excess = times.len().saturating_sub(limit);
            times.drain(..excess);
        }
    }

    /// Clears `name`'s failures after a successful login.
    pub fn succeed(&self, name: &str) {
        if let Ok(mut map) = self.failures.lock() {
            map.remove(&Key::Name(name.to_owned()));
        }
    }
}

fn keys(name: &str, client: Option<IpAddr>) -> Vec<(Key, usize)> {
    let mut out = vec![(Key::Name(name.to_owned()), PER_NAME)];
    if let Some(ip) = client {
        out.push((Key::Client(ip), PER_CLIENT));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_refused_after_its_limit_until_the_window_passes() {
        let t = Throttle::default();
        let t0 = Instant::now();
        for i in 0..PER_NAME {
            assert!(t.check("ana", None, t0).is_ok(), "attempt {i}");
            t.fail("ana", None, t0);
        }
        let wait = t.check("ana", None, t0).unwrap_err();
        assert_eq!(wait, WINDOW);
        assert!(
            t.check("bob", None, t0).is_ok(),
            "other names are not affected"
        );
        assert!(t.check("ana", None, t0 + WINDOW).is_ok());
    }

    #[test]
    fn a_client_is_refused_over_all_names() {
        let t = Throttle::default();
        let ip: IpAddr = "192.0.2.7".parse().unwrap();
        let t0 = Instant::now();
        for i in 0..PER_CLIENT {
            t.fail(&format!("user{i}"), Some(ip), t0);
        }
        assert!(t.check("new", Some(ip), t0).is_err());
        assert!(t.check("new", None, t0).is_ok());
    }

    #[test]
    fn success_clears_the_name() {
        let t = Throttle::default();
        let t0 = Instant::now();
        for _ in 0..PER_NAME {
            t.fail("ana", None, t0);
        }
        t.succeed("ana");
        assert!(t.check("ana", None, t0).is_ok());
    }
}
