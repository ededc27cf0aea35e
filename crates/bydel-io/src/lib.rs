//! Reading and validating inputs (CSV, Parquet, XLSX, GeoJSON) and writing outputs.
#![deny(missing_docs)]
