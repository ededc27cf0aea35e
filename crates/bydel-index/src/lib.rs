//! Composite indices: Berlin MSS, deprivation ranks (IMD) and vulnerability percentiles (SVI).
#![deny(missing_docs)]
