//! The users file and password checking.
//!
//! The operator writes one user per line, `name:role:hash`, where `role` is `viewer`,
//! `analyst` or `admin` and `hash` is an argon2id hash in the PHC string format
//! (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`). Lines starting with `#` and blank lines are
//! ignored. `bydel serve --hash-password NAME --role ROLE` prints such a line for a secret read
//! from standard input. The lines of the earlier format (`name:role:salt:hash`, salted SHA-256)
//! are refused with the line number and the command that makes a new line: SHA-256 is too fast
//! to keep secrets, and a hash cannot be turned into another without the secret, so each such
//! user gets a new secret (docs/dashboard.md, "From SHA-256 to argon2id").

use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::ServerError;

/// argon2id's memory in KiB (19 MiB), passes and lanes: the OWASP recommendation.
pub const ARGON2_PARAMS: (u32, u32, u32) = (19 * 1024, 2, 1);

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

/// One user: name, role and the argon2id hash of the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct User {
    /// Login name.
    pub name: String,
    /// Role.
    pub role: Role,
    phc: String,
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
    /// A user whose secret is hashed with argon2id and a fresh random salt.
    pub fn new(name: &str, role: Role, secret: &str) -> Result<User, ServerError> {
        check_name(name).map_err(|m| ServerError::Internal(m.into()))?;
        let salt = SaltString::generate(&mut OsRng);
        let phc = hasher()
            .hash_password(secret.as_bytes(), &salt)
            .map_err(|e| ServerError::Internal(format!("argon2id: {e}")))?
            .to_string();
        Ok(User {
            name: name.into(),
            role,
            phc,
        })
    }

    /// The user as a line of the users file.
    pub fn to_line(&self) -> String {
        format!("{}:{}:{}", self.name, self.role.as_str(), self.phc)
    }

    /// Whether `secret` is this user's secret (argon2id; the comparison is constant time).
    pub fn verify(&self, secret: &str) -> bool {
        verify(&self.phc, secret)
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
            let at = || format!("{file} line {}", i + 1);
            let user = parse_line(line).map_err(|m| ServerError::config(at(), m))?;
            if by_name.insert(user.name.clone(), user).is_some() {
                return Err(ServerError::config(at(), "user listed twice"));
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

    /// The user with this name and secret, if they match. An unknown name costs a hash as
    /// well, so the time does not tell which names exist.
    pub fn check(&self, name: &str, secret: &str) -> Option<&User> {
        match self.by_name.get(name) {
            Some(u) if u.verify(secret) => Some(u),
            Some(_) => None,
            None => {
                let _ = verify(dummy(), secret);
                None
            }
        }
    }
}

/// The argon2id hasher with [`ARGON2_PARAMS`].
fn hasher() -> Argon2<'static> {
    let (m, t, p) = ARGON2_PARAMS;
    let params = Params::new(m, t, p, None).expect("bug: the argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn verify(phc: &str, secret: &str) -> bool {
    PasswordHash::new(phc)
        .and_then(|h| Argon2::default().verify_password(secret.as_bytes(), &h))
        .is_ok()
}

/// A hash of no one's secret, for timing parity on unknown names.
fn dummy() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::encode_b64(b"bydel-dummy-salt").expect("bug: a valid salt");
        hasher()
            .hash_password(b"", &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

fn parse_line(line: &str) -> Result<User, String> {
    let parts: Vec<&str> = line.split(':').collect();
    let (name, role, phc) = match parts.as_slice() {
        [name, role, phc] => (*name, *role, *phc),
        [name, role, _, _] => {
            return Err(format!(
                "a salted SHA-256 hash (the format before argon2id), which is refused: give \
                 {name} a new secret and replace the line with the output of \
                 `bydel serve --hash-password {name} --role {role}`"
            ));
        }
        _ => {
            return Err(format!(
                "expected name:role:hash, found {} fields",
                parts.len()
            ));
        }
    };
    check_name(name)?;
    let role = Role::parse(role)
        .ok_or_else(|| format!("expected role viewer, analyst or admin, found {role:?}"))?;
    let hash = PasswordHash::new(phc)
        .map_err(|e| format!("hash: expected an argon2id PHC string ($argon2id$…): {e}"))?;
    if hash.algorithm.as_str() != "argon2id" {
        return Err(format!(
            "hash: expected argon2id, found {}",
            hash.algorithm.as_str()
        ));
    }
    Ok(User {
        name: name.into(),
        role,
        phc: phc.into(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_round_trips_and_verifies() {
        let u = User::new("ana", Role::Analyst, "s3cret-token").unwrap();
        assert!(
            u.to_line()
                .starts_with("ana:analyst:$argon2id$v=19$m=19456,t=2,p=1$")
        );
        let users = Users::parse("users", &format!("# c\n\n{}\n", u.to_line())).unwrap();
        assert!(users.check("ana", "s3cret-token").is_some());
        assert!(users.check("ana", "wrong").is_none());
        assert!(users.check("bob", "s3cret-token").is_none());
    }

    #[test]
    fn known_vector() {
        // Computed independently with Python's argon2-cffi:
        // low_level.hash_secret(b"pw", b"saltsaltsalt1234", time_cost=2, memory_cost=19456,
        //                       parallelism=1, hash_len=32, type=Type.ID)
        let line = "x:viewer:$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0MTIzNA$\
                    wvgzqkM/mDRUOZhu42hflHCXS+NllKfeU8moA39zNF0";
        let users = Users::parse("u", line).unwrap();
        assert_eq!(users.check("x", "pw").map(|u| u.role), Some(Role::Viewer));
        assert!(users.check("x", "pw ").is_none());
    }

    #[test]
    fn issue_13_sha256_lines_are_refused_with_the_reset_command() {
        let line = "x:viewer:73616c7431323334:\
                    436ddbbaf6195bad52bd14414a901ca4299118e65f24f62a153561e934c54cbb";
        let e = Users::parse("users.txt", &format!("# old\n{line}")).unwrap_err();
        let e = e.to_string();
        assert!(e.contains("users.txt line 2"), "{e}");
        assert!(
            e.contains("bydel serve --hash-password x --role viewer"),
            "{e}"
        );
    }

    #[test]
    fn bad_lines_name_the_line() {
        let e = Users::parse("users.txt", "a:boss:$argon2id$x").unwrap_err();
        assert!(e.to_string().contains("users.txt line 1"), "{e}");
        let e = Users::parse("users.txt", "a:admin:nohash").unwrap_err();
        assert!(e.to_string().contains("hash"), "{e}");
        let bcrypt_like = "a:admin:$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0MTIzNA$\
                           wvgzqkM/mDRUOZhu42hflHCXS+NllKfeU8moA39zNF0";
        let e = Users::parse("users.txt", bcrypt_like).unwrap_err();
        assert!(e.to_string().contains("expected argon2id"), "{e}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(6))]
        #[test]
        fn only_the_exact_secret_verifies(secret in "\\PC{1,40}", other in "\\PC{1,40}") {
            let u = User::new("u", Role::Viewer, &secret).unwrap();
            let users = Users::parse("u", &u.to_line()).unwrap();
            proptest::prop_assert!(users.check("u", &secret).is_some());
            proptest::prop_assert_eq!(users.check("u", &other).is_some(), other == secret);
        }
    }
}
