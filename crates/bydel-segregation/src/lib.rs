//! Segregation indices, local measures, spatial versions and inference.
//!
//! The input is [`AreaCounts`]: persons per area and group, either one group against the rest
//! ([`Design::SingleGroup`]) or several groups that partition the population
//! ([`Design::MultiGroup`]). It comes from a counts CSV ([`input::read_counts_csv`]) or from the
//! aggregation's [`bydel_model::CountsTable`] ([`table`]).
//!
//! * [`single`] and [`multi`]: the global indices, defined exactly as PySAL's `segregation`
//!   package (checked against it by the oracle tests in `tests/`), computed in O(n log n) without
//!   n×n matrices; [`Index`] names them all.
//! * [`local`]: location quotients, local entropy and each area's contribution to D and H.
//! * [`decomposition`]: Theil's H split between and within parent areas.
//! * [`spatial`]: [`Neighbours`], local environments and Morrill's spatial dissimilarity.
//! * [`inference`]: seeded bootstrap intervals, the expected value under random allocation and a
//!   test of change between two years.
//! * [`table`] and [`yearly`]: the microdata path, from the aggregation's counts table, every
//!   year.
#![deny(missing_docs)]

pub mod counts;
pub mod decomposition;
pub mod error;
pub mod index;
pub mod inference;
pub mod input;
pub mod local;
pub mod multi;
mod pairwise;
mod sampling;
pub mod single;
pub mod spatial;
pub mod table;
pub mod yearly;

pub use counts::{AreaCounts, Design};
pub use decomposition::{TheilSplit, theil_split};
pub use error::SegregationError;
pub use index::{Index, IndexValue, compute_all};
pub use local::{LocalMeasures, local_measures};
pub use multi::MultiIndex;
pub use single::SingleIndex;
pub use spatial::{Neighbours, local_environment, spatial_dissimilarity};
