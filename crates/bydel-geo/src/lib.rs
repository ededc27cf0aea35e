//! Area geometry: the areas file (GeoJSON, with closed, simple rings and no overlaps within a
//! layer), placing addresses in areas, neighbours between areas,
//! and the map projection used by reports.
//!
//! Parsing takes text (the caller reads the file), so this crate does no IO.
#![deny(missing_docs)]

pub mod areas;
pub mod neighbours;
pub mod place;
pub mod polygon;
pub mod project;
mod valid;

pub use areas::{Area, AreaSet, Tenure};
pub use polygon::{MultiPolygon, Point};

/// Errors in an areas file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GeoError {
    /// The file is not a GeoJSON FeatureCollection of areas.
    #[error("areas.geojson{}: expected {expected}, found {found}", .feature.map(|i| format!(" feature {i}")).unwrap_or_default())]
    Invalid {
        /// The feature's index (0-based), if the problem is in one feature.
        feature: Option<usize>,
        /// What was expected.
        expected: String,
        /// What was found.
        found: String,
    },
}
