//! The HTML status report, SVG maps and charts, and the Excel workbook.
#![deny(missing_docs)]
