//! The aggregation engine: microdata to area-year counts in one pass.
#![deny(missing_docs)]
