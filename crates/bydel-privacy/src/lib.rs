//! Disclosure control and pseudonymisation: every published table passes here.
#![deny(missing_docs)]
