//! The synthetic population: a synthetic Gladsaxe inside a synthetic Denmark.
#![deny(missing_docs)]
