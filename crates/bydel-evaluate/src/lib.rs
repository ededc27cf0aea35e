//! What works: evaluating interventions and simulating lettings policy before it is decided.
//!
//! Everything here works on small area-year panels taken from a
//! [`CountsTable`](bydel_model::CountsTable) (or built from plain structs); nothing reads files.
//!
//! - [`intervention`]: interventions as data (area, start, end, kind, description), parsed from
//!   CSV text with errors naming file, line and column.
//! - [`panel`]: an outcome (numerator / denominator counts) as a balanced area × year panel.
//! - [`did`]: difference-in-differences with staggered starts, group-time effects ATT(g,t) in the
//!   style of Callaway and Sant'Anna (2021), aggregated to an event study, with a pre-trend test.
//! - [`synthetic`]: synthetic control (Abadie, Diamond and Hainmueller 2010) with the pre-period
//!   fit and placebo inference in space and in time.
//! - [`stayers`]: the stayers panel — the persons who lived in the area before the start,
//!   followed wherever they live, against reweighted comparable residents elsewhere.
//! - [`verdict`]: the plain Danish sentence every result carries.
//! - [`scenario`]: a yearly Monte Carlo microsimulation of an area's dwellings and residents under
//!   letting channels and physical change, next to the baseline.
//!
//! The methods and their references are in `docs/evaluation.md`.
#![deny(missing_docs)]

pub mod did;
pub mod error;
pub mod intervention;
mod linalg;
pub mod panel;
pub mod scenario;
mod simplex;
mod stats;
pub mod stayers;
pub mod synthetic;
pub mod verdict;

pub use error::EvaluateError;
pub use intervention::{Intervention, InterventionKind, parse_interventions};
pub use panel::{Outcome, Panel};
pub use verdict::{Evidence, Verdict};
