//! Segregation indices, local measures, spatial versions and inference.
#![deny(missing_docs)]
