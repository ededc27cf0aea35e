//! The Danish rule sets as data and the classifier (criteria to categories).
#![deny(missing_docs)]
