//! An indicator's yearly series for one area, and its trend.

use bydel_model::{AreaId, CountsTable, Kind, Year};

use crate::criteria::reference_area;
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

/// The points a trend *verdict* is fitted to, oldest first: one value per year from that year's
/// counts alone, and for an indicator with `trend_relative_to` the value in per cent of the
/// reference area's value of the same year (its standard error scaled alike).
///
/// Single years, because an indicator pooled over a window of years (A and B pool two) shares
/// counts between neighbouring years: its values are correlated, and the Mann–Kendall test,
/// which assumes independent values, would see trends in noise far more often than `alpha`.
pub fn trend_points(
    t: &CountsTable,
    ind: &Indicator,
    kind: &Kind,
    id: &AreaId,
    last: Year,
    window: u32,
    level: f64,
) -> Vec<Point> {
    let single = Indicator {
        window: 1,
        ..ind.clone()
    };
    let own = points(&series(t, &single, kind, id, last, window, level));
    let Some(reference) = ind.trend_relative_to else {
        return own;
    };
    let Some((rk, rid)) = reference_area(t, reference, kind, id) else {
        return Vec::new();
    };
    own.into_iter()
        .filter_map(|p| {
            let y = Year::new(p.year).ok()?;
            let r = estimate(&single, raw_counts(t, &single, &rk, &rid, y)?, level);
            let rv = r.value.number().filter(|v| *v > 0.0)?;
            Some(Point {
                year: p.year,
                value: 100.0 * p.value / rv,
                se: 100.0 * p.se / rv,
            })
        })
        .collect()
}

/// The trend and verdict of an indicator for an area over the window ending at `last`, fitted
/// to [`trend_points`] (the `trends` table).
#[allow(clippy::too_many_arguments)]
pub fn verdict_trend(
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
    let pts = trend_points(t, ind, kind, id, last, window, level);
    let seed = seed_for(
        seed,
        &[kind.as_str(), id.as_str(), &ind.id, &last.to_string()],
    );
    fit(&pts, ind.direction, alpha, draws, seed)
}
