//! Composite indices: Berlin MSS, deprivation ranks (IMD) and vulnerability percentiles (SVI).
//!
//! An index runs on an [`AreaTable`] (one row per area, one observation per indicator; read from
//! CSV with [`read_area_csv`] or built from bydel's counts with [`from_counts::area_table`]) under
//! a [`Method`]: configuration, one TOML file per preset (`methods/*.toml`, embedded), so a city
//! can write its own variant. [`run`] computes scores, classes and each indicator's contribution,
//! and estimates how stable each area's class is under the sampling uncertainty of indicators
//! given as counts ([`Stability`]). See `docs/indices.md` for the formulas.
//!
//! ```
//! use bydel_index::{Method, Stability, read_area_csv, run, CsvColumns};
//! let csv = "area_id,a,b\nx,1,30\ny,2,10\nz,3,20\n";
//! let table = read_area_csv(csv.as_bytes(), "example", &CsvColumns::default()).unwrap();
//! let out = run(&Method::preset("svi").unwrap(), &table, Stability::Off).unwrap();
//! assert_eq!(out.areas_table().rows.len(), 3);
//! ```
#![deny(missing_docs)]

pub mod bands;
pub mod classification;
mod composite;
pub mod error;
pub mod from_counts;
pub mod imd;
pub mod method;
pub mod mss;
pub mod read;
pub mod render;
mod resolve;
pub mod run;
pub mod stability;
pub mod stats;
pub mod svi;
pub mod table;

pub use classification::{Classification, Exclusion};
pub use error::IndexError;
pub use imd::{ImdArea, ImdResult, ImdSummary, run_imd, summarise};
pub use method::{Method, Overrides};
pub use mss::{MssArea, MssResult, run_mss};
pub use read::{CsvColumns, read_area_csv};
pub use render::ResultTable;
pub use run::{IndexOutput, run};
pub use stability::Stability;
pub use svi::{SviArea, SviResult, run_svi};
pub use table::{AreaRow, AreaTable, Observation, Share};
