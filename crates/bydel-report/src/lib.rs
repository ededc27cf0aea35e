//! The HTML status report, SVG maps and charts, and the Excel workbook.
//!
//! Everything here reads only a run's `published/` folder: tables released through
//! disclosure control (CSV + privacy manifest) and the public area polygons. Suppressed cells
//! (`..`) stay suppressed and are marked and explained wherever they appear.
//!
//! - [`published`]: the published tables as explicit cells; [`fs`] reads the folder.
//! - [`svg`]: pure SVG renderers (maps, time series, the MSS matrix) shared with the dashboard.
//! - [`report`]: the self-contained, printable HTML report in Danish or English.
//! - [`workbook`]: the Excel workbook (one sheet per table, definitions and sources).
#![deny(missing_docs)]

pub mod error;
pub mod format;
pub mod fs;
pub mod i18n;
pub mod published;
pub mod svg;

pub use error::ReportError;
pub use i18n::{Labels, Lang};
pub use published::Published;
pub mod law;
pub mod print;
pub mod report;
pub mod stats;

use std::path::Path;

/// Reads `RUN_DIR/published/` and writes the HTML report to `out` atomically.
pub fn write_report(run_dir: &Path, out: &Path, lang: Lang) -> Result<(), ReportError> {
    let published = fs::read_published(run_dir)?;
    fs::write_atomic(out, report::render(&published, lang).as_bytes())
}
pub mod workbook;

/// Reads `RUN_DIR/published/` and writes the Excel workbook in `lang` to `out` atomically.
pub fn write_workbook(run_dir: &Path, out: &Path, lang: Lang) -> Result<(), ReportError> {
    let published = fs::read_published(run_dir)?;
    fs::write_atomic(out, &workbook::build(&published, lang)?)
}
