//! The web dashboard and JSON API (axum).
#![deny(missing_docs)]
