//! The aggregation engine: one pass over person-year microdata that produces, for every area of
//! every layer and for every municipality, region and the whole country, for every year, the
//! counts that the national criteria and the municipality's indicators need.
//!
//! Design (see ARCHITECTURE.md, "Engine choice"): a fixed-shape kernel over Arrow columns. Each
//! address is resolved once to a dense slot per layer; each measure is compiled to a handful of
//! integer comparisons and bit masks; each row adds integers into a dense per-year accumulator.
//! Parquet row groups are decoded and counted in parallel (rayon), partial accumulators are
//! summed (the aggregation is associative), and memory is bounded by the accumulator size
//! (areas × measures × years), not by the number of rows.
#![deny(missing_docs)]

pub mod households;
pub mod import;
pub mod institutions;
pub mod kernel;
pub mod layout;
pub mod pass;
pub mod sql;
pub mod window;

pub use bydel_io::decode;
pub use pass::{Progress, Timings, aggregate, aggregate_timed, aggregate_validating};

/// Errors of the aggregation.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// Reading or validating the input failed.
    #[error(transparent)]
    Io(#[from] bydel_io::IoError),
    /// The areas file is invalid.
    #[error(transparent)]
    Geo(#[from] bydel_geo::GeoError),
    /// A measure definition is unusable.
    #[error("measure `{name}`: {reason}")]
    Measure {
        /// The measure.
        name: String,
        /// Why.
        reason: String,
    },
}
