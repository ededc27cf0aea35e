//! An indicator's yearly series for one area, and its trend.

use bydel_model::{AreaId, CountsTable, Kind, Year};

use crate::estimate::{Estimate, estimate, raw_counts};
use crate::indicator::Indicator;
use crate::trend::{Point, Trend, fit};

/// The estimates of an indicator for an area in the `window` years ending at `last`, oldest
/// first; years without counts are left out.
pub fn series(
    t: &CountsTable,
    ind: &Indicator,
    kind: &Kind,
    id: &AreaId,
    last: Year,
    window: u32,
    level: f64,
) -> Vec<(Year, Estimate)> {
    (0..window as i32)
        .rev()
        .filter_map(|k| {
            let y = Year::new(last.get() - k).ok()?;
            let c = raw_counts(t, ind, kind, id, y)?;
            Some((y, estimate(ind, c, level)))
        })
        .collect()
}

/// Trend points from a series (years with a value only; a missing standard error counts as 0).
pub fn points(series: &[(Year, Estimate)]) -> Vec<Point> {
    series
        .iter()
        .filter_map(|(y, e)| {
            Some(Point {
                year: y.get(),
                value: e.value.number()?,
                se: e.se.unwrap_or(0.0),
            })
        })
        .collect()
}

/// A stable seed for a series: the run's seed mixed with the area, indicator and year (FNV-1a).
pub fn seed_for(seed: u64, parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325 ^ seed;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x100000001b3);
        }
    }
    h
}

/// The trend of an indicator for an area over the window ending at `last`.
#[allow(clippy::too_many_arguments)]
pub fn area_trend(
    t: &CountsTable,
    ind: &Indicator,
    kind: &Kind,
    id: &AreaId,
    last: Year,
    window: u32,
    level: f64,
    alpha: f64,
    draws: u32,
    seed: u64,
) -> Option<Trend> {
    let pts = points(&series(t, ind, kind, id, last, window, level));
    let seed = seed_for(
        seed,
        &[kind.as_str(), id.as_str(), &ind.id, &last.to_string()],
    );
    fit(&pts, ind.direction, alpha, draws, seed)
}
