//! When a trend would cross a threshold: the first year, within the horizon, in which the
//! fitted Theil–Sen line meets the threshold, assuming the threshold's level (for relative
//! thresholds: the reference's current value) stays where it is.

use serde::Serialize;

use crate::indicator::Op;
use crate::trend::Trend;

/// The outcome of a projection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Crossing {
    /// The threshold is met already.
    AlreadyMet,
    /// The fitted line meets it first in this year.
    InYear(i32),
    /// Not within the horizon at the current trend.
    NotWithinHorizon,
}

impl Crossing {
    /// The name used in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Crossing::AlreadyMet => "already_met",
            Crossing::InYear(_) => "in_year",
            Crossing::NotWithinHorizon => "not_within_horizon",
        }
    }
    /// The year, if any.
    pub fn year(self) -> Option<i32> {
        match self {
            Crossing::InYear(y) => Some(y),
            _ => None,
        }
    }
}

/// Projects a trend against `value op threshold`.
pub fn crossing(trend: &Trend, met_now: bool, op: Op, threshold: f64, horizon: u32) -> Crossing {
    if met_now {
        return Crossing::AlreadyMet;
    }
    let last = trend.years.1;
    (1..=horizon as i32)
        .map(|k| last + k)
        .find(|&y| op.holds(trend.level_at(y), threshold))
        .map_or(Crossing::NotWithinHorizon, Crossing::InYear)
}
