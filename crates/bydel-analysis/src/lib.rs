//! Monitoring analytics: indicators, intervals, comparisons, trends, warnings, goals.
#![deny(missing_docs)]
