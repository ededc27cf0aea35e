//! The bydel data model: the types every other crate shares.
//!
//! This crate does no IO. It defines identifiers ([`AreaId`], [`Kind`], [`Year`]), the coded
//! values of the canonical input tables ([`codes`]), the versioned list of Western countries
//! ([`WesternList`]), exact rational arithmetic for law thresholds ([`Rational`]), the measures the
//! aggregation computes ([`measure`]), the long-format counts table that is the single source of
//! truth between aggregation and analysis ([`CountsTable`]), the [`Value`] carried into every
//! result (a number, or an explicit reason why there is none), and the names of the canonical
//! tables and columns ([`schema`]), which are a contract with users, and the one language type
//! [`Lang`] with the Danish and English number formats ([`lang`]).
#![deny(missing_docs)]

pub mod codes;
pub mod counts;
pub mod date;
pub mod ids;
pub mod lang;
pub mod measure;
pub mod names;
pub mod rational;
pub mod schema;
pub mod value;
pub mod western;

pub use codes::{Education, Law, Origin, Sex};
pub use counts::{AreaInfo, CountKey, CountRow, CountsTable};
pub use date::Date;
pub use ids::{AreaId, Kind, Year};
pub use lang::Lang;
pub use rational::Rational;
pub use value::{Missing, Value};
pub use western::WesternList;

/// Errors from constructing model values out of untrusted text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// A text did not parse as the expected kind of value.
    #[error("expected {expected}, found {found:?}")]
    Parse {
        /// What was expected, in words (e.g. "one of danish, immigrant, descendant").
        expected: String,
        /// The text that was found.
        found: String,
    },
    /// A value parsed but lies outside its allowed range.
    #[error("{what} out of range: expected {expected}, found {found}")]
    Range {
        /// The quantity.
        what: &'static str,
        /// The allowed range in words.
        expected: String,
        /// The value found.
        found: String,
    },
}

impl ModelError {
    /// A parse error with the expected form and the found text.
    pub fn parse(expected: impl Into<String>, found: impl Into<String>) -> Self {
        ModelError::Parse {
            expected: expected.into(),
            found: found.into(),
        }
    }
}
