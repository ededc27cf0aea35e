//! The users file and password checking.
//!
//! The operator writes one user per line, `name:role:salt:hash`, where `role` is `viewer`,
//! `analyst` or `admin`, `salt` is 16 random bytes in hex and `hash` is
//! `hex(SHA-256(salt bytes ‖ password bytes))`. Lines starting with `#` and blank lines are
//! ignored. `bydel serve --hash-password NAME ROLE` prints such a line for a password read from
//! standard input. Hashes are compared in constant time. Salted SHA-256 is fast, so the secret
//! must be long and random (a generated token of 20+ characters), not a memorable password.

use std::collections::BTreeMap;
use std::fmt;

use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::ServerError;

/// A user's role, in increasing power.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    /// May see the published view (also when the operator closes it to the public).
    Viewer,
    /// May also see the analyst pages and download the working (unpublished) files.
    Analyst,
    /// May also read the audit log.
    Admin,
}

/// One user: name, role and the salted hash of the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct User {
    /// Login name.
    pub name: String,
    /// Role.
    pub role: Role,
    salt: Vec<u8>,
    hash: [u8; 32],
}

/// Every user of the users file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Users {
    by_name: BTreeMap<String, User>,
}

impl Role {
    /// The role's name in the users file.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Analyst => "analyst",
            Role::Admin => "admin",
        }
    }

    /// Parses a role name.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "viewer" => Some(Role::Viewer),
            "analyst" => Some(Role::Analyst),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

impl fmt::Debug for User {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("User")
            .field("name", &self.name)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

impl User {
    /// A user with a fresh random salt for `secret`.
    pub fn new(name: &str, role: Role, secret: &str) -> Result<User, ServerError> {
        check_name(name).map_err(|m| ServerError::BadRequest(m.into()))?;
        let mut salt = vec![0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        let hash = digest(&salt, secret);
        Ok(User {
            name: name.into(),
            role,
            salt,
            hash,
        })
    }

    /// The user as a line of the users file.
    pub fn to_line(&self) -> String {
        let (salt, hash) = (hex::encode(&self.salt), hex::encode(self.hash));
        format!("{}:{}:{salt}:{hash}", self.name, self.role.as_str())
    }

    /// Whether `secret` is this user's secret (constant time in the hash).
    pub fn verify(&self, secret: &str) -> bool {
        constant_time_eq(&digest(&self.salt, secret), &self.hash)
    }
}

impl Users {
    /// No users: only the public view is served.
    pub fn none() -> Users {
        Users::default()
    }

    /// Parses a users file's text; `file` names it in errors.
    pub fn parse(file: &str, text: &str) -> Result<Users, ServerError> {
        let mut by_name = BTreeMap::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let user = parse_line(line)
                .map_err(|m| ServerError::config(format!("{file} line {}", i + 1), m))?;
            if by_name.insert(user.name.clone(), user).is_some() {
                let at = format!("{file} line {}", i + 1);
                return Err(ServerError::config(at, "user listed twice"));
            }
        }
        Ok(Users { by_name })
    }

    /// Adds a user (for tests and tools).
    pub fn insert(&mut self, user: User) {
        self.by_name.insert(user.name.clone(), user);
    }

    /// Whether there are no users.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// The user with this name and secret, if they match. Unknown names cost a hash as well.
    pub fn check(&self, name: &str, secret: &str) -> Option<&User> {
        match self.by_name.get(name) {
            Some(u) if u.verify(secret) => Some(u),
            Some(_) => None,
            None => {
                let _ = digest(b"bydel-dummy-salt", secret);
                None
            }
        }
    }
}

fn parse_line(line: &str) -> Result<User, String> {
    let parts: Vec<&str> = line.split(':').collect();
    let [name, role, salt, hash] = parts.as_slice() else {
        return Err(format!(
            "expected name:role:salt:hash, found {} fields",
            parts.len()
        ));
    };
    check_name(name)?;
    let role = Role::parse(role)
        .ok_or_else(|| format!("expected role viewer, analyst or admin, found {role:?}"))?;
    let salt = hex::decode(salt).map_err(|_| "salt: expected hex".to_owned())?;
    if salt.len() < 8 {
        return Err("salt: expected at least 8 bytes".into());
    }
    let hash: [u8; 32] = hex::decode(hash)
        .ok()
        .and_then(|h| h.try_into().ok())
        .ok_or_else(|| "hash: expected 64 hex digits (SHA-256)".to_owned())?;
    Ok(User {
        name: (*name).into(),
        role,
        salt,
        hash,
    })
}

fn check_name(name: &str) -> Result<(), &'static str> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@'));
    if ok {
        Ok(())
    } else {
        Err("name: expected 1-64 letters, digits, '.', '_', '-' or '@'")
    }
}

fn digest(salt: &[u8], secret: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(salt);
    h.update(secret.as_bytes());
    h.finalize().into()
}

/// Compares two hashes without an early exit.
fn constant_time_eq(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_round_trips_and_verifies() {
        let u = User::new("ana", Role::Analyst, "s3cret-token").unwrap();
        let users = Users::parse("users", &format!("# c\n\n{}\n", u.to_line())).unwrap();
        assert!(users.check("ana", "s3cret-token").is_some());
        assert!(users.check("ana", "wrong").is_none());
        assert!(users.check("bob", "s3cret-token").is_none());
    }

    #[test]
    fn known_vector() {
        // sha256("salt1234" ‖ "pw"), computed independently with `printf salt1234pw | sha256sum`.
        let line = "x:viewer:73616c7431323334:\
                    436ddbbaf6195bad52bd14414a901ca4299118e65f24f62a153561e934c54cbb";
        let users = Users::parse("u", line).unwrap();
        assert_eq!(users.check("x", "pw").map(|u| u.role), Some(Role::Viewer));
        assert!(users.check("x", "pw ").is_none());
    }

    #[test]
    fn bad_lines_name_the_line() {
        let e = Users::parse("users.txt", "a:boss:00:00").unwrap_err();
        assert!(e.to_string().contains("users.txt line 1"), "{e}");
        let e = Users::parse("users.txt", "a:admin:zz:00").unwrap_err();
        assert!(e.to_string().contains("salt"), "{e}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        #[test]
        fn only_the_exact_secret_verifies(secret in "\\PC{1,40}", other in "\\PC{1,40}") {
            let u = User::new("u", Role::Viewer, &secret).unwrap();
            let users = Users::parse("u", &u.to_line()).unwrap();
            proptest::prop_assert!(users.check("u", &secret).is_some());
            proptest::prop_assert_eq!(users.check("u", &other).is_some(), other == secret);
        }
    }
}
