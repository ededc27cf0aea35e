//! The rules that follow from the lists, each a function on a small input struct that the
//! engine (or a user's table) fills:
//!
//! - [`housing_plan`]: almenboligloven § 168 a, the 40 % ceiling on almene family dwellings in
//!   an omdannelsesområde;
//! - [`daycare`]: dagtilbudsloven § 26 a–b, at most 30 % of admitted children from udsatte
//!   boligområder;
//! - [`school`]: the folkeskole language-test rule, more than 30 % of pupils from areas on the
//!   udsat list in the last three years;
//! - [`mixed_letting`]: almenboligloven § 51 b, eligibility for kombineret udlejning.

pub mod daycare;
pub mod housing_plan;
pub mod mixed_letting;
pub mod school;

use bydel_model::Rational;

/// `part / whole`, `None` for an empty whole.
fn share(part: u64, whole: u64) -> Option<Rational> {
    Rational::new(i128::from(part), i128::from(whole))
}
