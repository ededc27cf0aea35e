//! The whole job for any municipality, after aggregation: a documented run configuration
//! ([`RunConfig`], docs/run.md), and [`publish`], which takes the counts through the rules, the
//! analysis, segregation and the composite index, releases everything a council paper needs
//! through the one disclosure layer (`bydel-privacy`), and writes the report and the workbook.
//!
//! # Disclosure control by construction
//! Every released number is either an **atom** — one integer of the counts table, released once
//! in `area_figures` under primary and secondary suppression along the area hierarchy and the
//! nesting of numerators in denominators ([`atoms`]) — or a value **computed from atoms** whose
//! column meaning names them ([`cells`]). The release shows a computed value only when every atom
//! it names is shown, so a reader can learn nothing from it that the shown atoms do not already
//! say: two-year means, references, comparisons with the rest of the municipality, margins in
//! persons, trends and sentences included. The manifest documents each meaning
//! (docs/published-format.md), so an outside audit can check the same thing independently.
#![deny(missing_docs)]

pub mod atoms;
pub mod cells;
pub mod config;
pub mod error;
pub mod geo;
pub mod run;
pub mod tables;

pub use config::{Language, RunConfig};
pub use error::PublishError;
pub use run::{Inputs, Summary, publish};
