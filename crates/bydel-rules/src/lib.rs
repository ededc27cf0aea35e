//! The Danish rule sets as data and the classifier (criteria → categories).
//!
//! - [`ruleset`] / [`rulesets`]: the versioned rule-set files (2010–2012, 2013–2017,
//!   2018–2020, 2021–), selected by list year; a user file can add or replace one.
//! - [`from_counts`] and [`input`]: criterion values A–E from the counts table (exactly, from
//!   integer counts) or from a user's VALUES.csv (exact decimals).
//! - [`evaluate`], [`margin`], [`classify`]: conditions, categories (three-valued: unknown is not
//!   false), the consecutive-years rule with computed and supplied [`history`], the
//!   published-list view, margins in the criterion's unit and in persons, and the smallest
//!   change per category; [`explain`] says it in Danish and English.
//! - [`flat`]: results as a table of named columns for writers.
//! - [`follow`]: the rules that follow from the lists (§ 168 a, dagtilbudsloven § 26 a–b, the
//!   school language-test rule, § 51 b).
//!
//! Every threshold comparison is exact ([`exact::cmp`] never overflows).
#![deny(missing_docs)]

pub mod classify;
pub mod error;
pub mod evaluate;
pub mod exact;
pub mod explain;
pub mod flat;
pub mod follow;
pub mod from_counts;
pub mod history;
pub mod input;
pub mod list_year;
pub mod margin;
pub mod ruleset;
pub mod rulesets;
pub mod values;

pub use classify::{
    Classification, Eligibility, PublicHousing, available_list_years, classify_counts,
    classify_counts_with, classify_table, classify_values, history_of,
};
pub use error::RulesError;
pub use evaluate::Status;
pub use flat::{FlatTable, Identity, flat_table};
pub use history::{History, Precedence};
pub use list_year::ListYear;
pub use ruleset::{Averaging, RuleSet};
pub use rulesets::RuleSets;
pub use values::AreaValues;
