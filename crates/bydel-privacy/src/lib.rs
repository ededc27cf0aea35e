//! Disclosure control and pseudonymisation: every published table passes here.
//!
//! # Privacy by construction
//! An analysis produces a [`ResultTable`]: rows of [`Cell`]s that know what they are (a count
//! of persons, a share with numerator and denominator, a sum or mean with its contributors and
//! largest contributions, a plain number) plus the [`Relation`]s between rows and quantities
//! that an attacker could subtract along. A `ResultTable` cannot be serialised, displayed or
//! read back. The only way out is [`release`], which
//! 1. applies the primary rules of a [`Policy`] ([`primary`]),
//! 2. adds secondary suppression until no suppressed number can be recovered by differencing
//!    ([`secondary`], proved by the attack in [`attack`]),
//! 3. rounds counts if asked ([`Rounding`]), attacks the final publication once more, and
//! 4. returns [`Released`] tables: display cells with `..` markers, CSV and JSON.
//!
//! [`publish::write_release`] writes released tables and their [`manifest`] atomically
//! ([`atomic`]); [`audit::audit_dir`] attacks a published folder from the outside
//! (`bydel audit`). [`pseudonymise`] replaces CPR numbers with keyed HMAC pseudonyms
//! (`bydel pseudonymise`), and [`cpr::looks_like_cpr`] lets ingestion refuse raw CPR numbers.
#![deny(missing_docs)]

pub mod atomic;
pub mod attack;
pub mod audit;
pub mod cell;
pub mod cpr;
pub mod error;
pub mod hierarchy;
mod lp;
pub mod manifest;
pub mod meaning;
pub mod policy;
pub mod primary;
mod problem;
pub mod pseudonymise;
#[cfg(feature = "parquet")]
pub mod pseudonymise_parquet;
pub mod publish;
pub mod release;
pub mod render;
mod rounding;
pub mod secondary;
pub mod table;
mod view;

pub use attack::Finding;
pub use audit::{AuditReport, audit_dir};
pub use cell::{Cell, Column, ColumnKind, Computed, Contributions, QuantityRef, Unit};
pub use cpr::looks_like_cpr;
pub use error::PrivacyError;
pub use manifest::{
    FocusArea, Municipality, PublicColumn, PublicManifest, PublicTable, Role, RunContext,
};
pub use meaning::{AreaRef, Meaning, RatioPart, Term};
pub use policy::{Dominance, Policy, Rounding};
pub use release::{Release, ReleaseSummary, Released, release};
pub use render::{DisplayCell, SuppressionReason};
pub use table::{Coverage, Relation, ResultTable, Titles};
