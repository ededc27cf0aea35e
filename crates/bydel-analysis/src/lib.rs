//! Monitoring analytics on the counts table: the municipality's own indicators, every area
//! against the rest of its municipality, trends and early warning, schools and daycare
//! composition, and impact goals.
//!
//! - [`catalogue`] and [`indicator`]: indicators and categories as versioned TOML data;
//!   [`Catalogue::required_measures`] tells the engine what to count.
//! - [`interval`] and [`estimate`]: values with Wilson / t intervals from the counts;
//!   [`smoothing`]: optional empirical-Bayes values for small areas.
//! - [`compare`]: an area against the rest of its municipality or any larger area.
//! - [`trend`], [`projection`], [`probability`], [`watch`]: trends, threshold crossings,
//!   next-year category probabilities and the watch-list with plain-language reasons.
//! - [`rates`]: rates of flows (retention, shares among movers, turnover) with the same
//!   comparison, "markedly worse" rule and trend verdict as the catalogue.
//! - [`composition`]: schools and daycare against their surroundings.
//! - [`goals`] and [`survey`]: the council's impact goals and survey indicators.
//! - [`table`] and [`run`]: every result as flat tables; [`checks`]: counts refused before work.
#![deny(missing_docs)]

pub mod catalogue;
pub mod checks;
pub mod compare;
pub mod composition;
pub mod criteria;
pub mod error;
pub mod estimate;
pub mod goals;
pub mod indicator;
pub mod interval;
pub mod markdown;
pub mod probability;
pub mod projection;
pub mod rates;
pub mod run;
pub mod series;
pub mod settings;
pub mod smoothing;
pub mod survey;
pub mod table;
pub mod trend;
pub mod watch;
pub mod wording;

pub use catalogue::{Catalogue, Category};
pub use error::AnalysisError;
pub use indicator::Indicator;
pub use run::analyse;
pub use settings::Settings;
pub use table::Table;
