//! Inference: bootstrap intervals, the value expected under random allocation, and change tests.
//!
//! * **Bootstrap** (parametric, within areas): each replicate redraws every area's persons from
//!   the area's own observed composition, a multinomial draw of the area's population with its
//!   observed group shares. Area populations stay fixed; group totals vary. The interval is the
//!   percentile interval of the replicates (linear interpolation between order statistics, as
//!   numpy's default). The *bias-corrected* value is `2·value − mean(replicates)` (Allen et al.
//!   2015): small areas make D look higher than it is, and the bootstrap measures by how much.
//! * **Random allocation** ([`NullModel`]): each replicate assigns the persons to groups at random,
//!   independently of where they live, keeping every area's population. The mean is the value an
//!   unsegregated city of the same areas would show by chance alone; with many small areas it is
//!   well above 0. Two schemes, as PySAL's `evenness` and `person_permutation` nulls:
//!   [`NullModel::Evenness`] draws each person's group with the city's shares (a multinomial per
//!   area; fast), [`NullModel::PersonPermutation`] shuffles the actual persons so that group
//!   totals are kept too (hypergeometric draws; exact but slow for a whole country).
//! * **Change between two years**: the two years are bootstrapped independently with the same
//!   number of replicates and the difference `after − before` is formed replicate by replicate.
//!   The interval is the percentile interval of the differences and the two-sided p-value is
//!   `min(1, 2·(min(#{d ≤ 0}, #{d ≥ 0}) + 1) / (B + 1))`. Treating the years as independent
//!   ignores that many persons live in the same place in both years, which makes the test
//!   conservative.
//!
//! Every replicate `r` draws from its own ChaCha8 stream of the seed, so results are identical
//! whatever the number of threads. A replicate in which an index is undefined is left out of that
//! index's summary.

use bydel_model::{Missing, Value};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::counts::AreaCounts;
use crate::error::SegregationError;
use crate::index::{Index, compute_all};
use crate::sampling;

/// The most replicates a resampling accepts: each replicate redraws the whole table, and far
/// fewer (a few hundred to a few thousand) already give stable percentile intervals.
pub const MAX_REPLICATES: usize = 100_000;

/// How many replicates, from which seed, at which confidence level.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Resampling {
    /// Replicates for the bootstrap and for random allocation (each).
    pub replicates: usize,
    /// The seed; the same seed gives the same results.
    pub seed: u64,
    /// Confidence level of the intervals, e.g. 0.95.
    pub level: f64,
    /// How persons are allocated at random for the no-segregation baseline.
    pub null: NullModel,
}

/// The random-allocation scheme of the no-segregation baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NullModel {
    /// Each person's group drawn with the city's shares; area populations kept.
    Evenness,
    /// The actual persons shuffled over the areas; area populations and group totals kept.
    PersonPermutation,
}

impl Resampling {
    /// `replicates` replicates from `seed` at the 95 % level, with the evenness null.
    pub fn new(replicates: usize, seed: u64) -> Resampling {
        Resampling {
            replicates,
            seed,
            level: 0.95,
            null: NullModel::Evenness,
        }
    }

    fn check(&self) -> Result<(), SegregationError> {
        let valid =
            (2..=MAX_REPLICATES).contains(&self.replicates) && self.level > 0.0 && self.level < 1.0;
        if !valid {
            return Err(SegregationError::Usage(format!(
                "resampling needs from 2 to {MAX_REPLICATES} replicates and a level in (0, 1); \
                 got {} and {} (a few hundred replicates give stable 95 % intervals)",
                self.replicates, self.level
            )));
        }
        Ok(())
    }
}

/// One index with its uncertainty.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    /// The index's name.
    pub index: &'static str,
    /// The value on the observed counts.
    pub value: Value,
    /// Lower end of the bootstrap percentile interval.
    pub ci_low: Value,
    /// Upper end of the bootstrap percentile interval.
    pub ci_high: Value,
    /// Standard deviation of the bootstrap replicates.
    pub standard_error: Value,
    /// `2·value − mean(bootstrap)`.
    pub bias_corrected: Value,
    /// Mean under random allocation of persons to areas.
    pub expected_random: Value,
}

/// The change of one index between two years.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// The index's name.
    pub index: &'static str,
    /// The value in the earlier year.
    pub before: Value,
    /// The value in the later year.
    pub after: Value,
    /// `after − before`.
    pub difference: Value,
    /// Lower end of the difference's bootstrap interval.
    pub ci_low: Value,
    /// Upper end of the difference's bootstrap interval.
    pub ci_high: Value,
    /// Two-sided bootstrap p-value for "no change".
    pub p_value: Value,
}

/// Estimates with intervals and the random-allocation expectation for the given indices.
pub fn estimate(
    counts: &AreaCounts,
    indices: &[Index],
    settings: &Resampling,
) -> Result<Vec<Estimate>, SegregationError> {
    estimate_reporting(counts, indices, settings, &|| {})
}

/// As [`estimate`], calling `done` once per finished replicate (bootstrap and random
/// allocation: `2 × replicates` calls, from several threads), e.g. to advance a progress bar.
pub fn estimate_reporting(
    counts: &AreaCounts,
    indices: &[Index],
    settings: &Resampling,
    done: &(dyn Fn() + Sync),
) -> Result<Vec<Estimate>, SegregationError> {
    let names: Vec<&'static str> = indices.iter().map(|i| i.name()).collect();
    estimate_inner(counts, &names, &|c| values(c, indices), settings, done)
}

/// As [`estimate`], for any statistic returning one value per name (e.g. indices on local
/// environments for spatial versions).
pub fn estimate_with(
    counts: &AreaCounts,
    names: &[&'static str],
    stat: &(dyn Fn(&AreaCounts) -> Vec<Value> + Sync),
    settings: &Resampling,
) -> Result<Vec<Estimate>, SegregationError> {
    estimate_inner(counts, names, stat, settings, &|| {})
}

fn estimate_inner(
    counts: &AreaCounts,
    names: &[&'static str],
    stat: &(dyn Fn(&AreaCounts) -> Vec<Value> + Sync),
    settings: &Resampling,
    done: &(dyn Fn() + Sync),
) -> Result<Vec<Estimate>, SegregationError> {
    settings.check()?;
    let observed = checked(stat(counts), names.len())?;
    let boot = replicate(counts, stat, settings, Draw::Bootstrap(0), done);
    let null = replicate(counts, stat, settings, Draw::RandomAllocation, done);
    Ok((0..names.len())
        .map(|m| {
            let b = column(&boot, m);
            let (ci_low, ci_high) = interval(&b, settings.level);
            let value = observed[m].clone();
            let bias_corrected = match (value.number(), mean(&b).number()) {
                (Some(v), Some(mb)) => Value::from_f64(2.0 * v - mb),
                _ => Value::Missing(Missing::ZeroDenominator),
            };
            Estimate {
                index: names[m],
                value,
                ci_low,
                ci_high,
                standard_error: std_dev(&b),
                bias_corrected,
                expected_random: mean(&column(&null, m)),
            }
        })
        .collect())
}

/// Tests the change of each index from `before` to `after` (the areas may differ).
pub fn change_test(
    before: &AreaCounts,
    after: &AreaCounts,
    indices: &[Index],
    settings: &Resampling,
) -> Result<Vec<Change>, SegregationError> {
    settings.check()?;
    let stat = |c: &AreaCounts| values(c, indices);
    let b0 = replicate(before, &stat, settings, Draw::Bootstrap(0), &|| {});
    let b1 = replicate(after, &stat, settings, Draw::Bootstrap(1), &|| {});
    let (v0, v1) = (stat(before), stat(after));
    Ok((0..indices.len())
        .map(|m| {
            let diffs: Vec<f64> = b0
                .iter()
                .zip(&b1)
                .filter_map(|(x, y)| Some(y[m].number()? - x[m].number()?))
                .collect();
            let (ci_low, ci_high) = interval(&diffs, settings.level);
            let difference = match (v0[m].number(), v1[m].number()) {
                (Some(a), Some(b)) => Value::from_f64(b - a),
                _ => Value::Missing(Missing::ZeroDenominator),
            };
            Change {
                index: indices[m].name(),
                before: v0[m].clone(),
                after: v1[m].clone(),
                difference,
                ci_low,
                ci_high,
                p_value: p_value(&diffs),
            }
        })
        .collect())
}

/// Which random draw a replicate makes (each has its own family of random streams).
#[derive(Debug, Clone, Copy)]
enum Draw {
    /// Bootstrap of sample 0 (one year) or 1 (the other year of a change test).
    Bootstrap(u64),
    /// Random allocation.
    RandomAllocation,
}

fn values(c: &AreaCounts, indices: &[Index]) -> Vec<Value> {
    compute_all(c, indices)
        .into_iter()
        .map(|v| v.value)
        .collect()
}

fn checked(v: Vec<Value>, n: usize) -> Result<Vec<Value>, SegregationError> {
    if v.len() == n {
        Ok(v)
    } else {
        Err(SegregationError::Internal(format!(
            "statistic gave {} values for {n} names",
            v.len()
        )))
    }
}

/// Runs the statistic on `settings.replicates` random tables, in parallel, deterministically.
fn replicate(
    counts: &AreaCounts,
    stat: &(dyn Fn(&AreaCounts) -> Vec<Value> + Sync),
    settings: &Resampling,
    draw: Draw,
    done: &(dyn Fn() + Sync),
) -> Vec<Vec<Value>> {
    (0..settings.replicates as u64)
        .into_par_iter()
        .map(|r| {
            let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
            let family = match draw {
                Draw::Bootstrap(s) => s,
                Draw::RandomAllocation => 2,
            };
            rng.set_stream(r * 4 + family);
            let sample = match draw {
                Draw::Bootstrap(_) => sampling::bootstrap(counts, &mut rng),
                Draw::RandomAllocation => match settings.null {
                    NullModel::Evenness => sampling::evenness(counts, &mut rng),
                    NullModel::PersonPermutation => sampling::person_permutation(counts, &mut rng),
                },
            };
            let values = stat(&counts.with_counts(sample));
            done();
            values
        })
        .collect()
}

fn column(reps: &[Vec<Value>], m: usize) -> Vec<f64> {
    reps.iter()
        .filter_map(|r| r.get(m).and_then(Value::number))
        .collect()
}

fn mean(x: &[f64]) -> Value {
    Value::ratio(x.iter().sum(), x.len() as f64)
}

fn std_dev(x: &[f64]) -> Value {
    let Some(m) = mean(x).number() else {
        return Value::Missing(Missing::ZeroDenominator);
    };
    let ss: f64 = x.iter().map(|v| (v - m) * (v - m)).sum();
    match Value::ratio(ss, x.len() as f64 - 1.0) {
        Value::Number(var) => Value::from_f64(var.sqrt()),
        missing => missing,
    }
}

/// The central `level` percentile interval.
fn interval(x: &[f64], level: f64) -> (Value, Value) {
    let alpha = (1.0 - level) / 2.0;
    (quantile(x, alpha), quantile(x, 1.0 - alpha))
}

/// Quantile with linear interpolation between order statistics (numpy's default).
pub(crate) fn quantile(x: &[f64], q: f64) -> Value {
    if x.is_empty() {
        return Value::Missing(Missing::ZeroDenominator);
    }
    let mut s = x.to_vec();
    s.sort_unstable_by(f64::total_cmp);
    let pos = q * (s.len() - 1) as f64;
    let (lo, frac) = (pos.floor() as usize, pos - pos.floor());
    let hi = (lo + 1).min(s.len() - 1);
    Value::from_f64(s[lo] + frac * (s[hi] - s[lo]))
}

fn p_value(diffs: &[f64]) -> Value {
    if diffs.is_empty() {
        return Value::Missing(Missing::ZeroDenominator);
    }
    let below = diffs.iter().filter(|d| **d <= 0.0).count();
    let above = diffs.iter().filter(|d| **d >= 0.0).count();
    let tail = below.min(above) as f64 + 1.0;
    Value::from_f64((2.0 * tail / (diffs.len() as f64 + 1.0)).min(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantile_interpolates_like_numpy() {
        let x = [1.0, 2.0, 3.0, 4.0];
        assert_eq!(quantile(&x, 0.5), Value::Number(2.5));
        assert_eq!(quantile(&x, 0.0), Value::Number(1.0));
        assert_eq!(quantile(&x, 1.0), Value::Number(4.0));
        assert_eq!(quantile(&[], 0.5), Value::Missing(Missing::ZeroDenominator));
    }

    #[test]
    fn p_value_is_small_only_for_one_sided_differences() {
        let up: Vec<f64> = (1..=99).map(f64::from).collect();
        assert!(p_value(&up).number().unwrap() < 0.05);
        let mixed: Vec<f64> = (-50..=49).map(f64::from).collect();
        assert!(p_value(&mixed).number().unwrap() > 0.5);
    }
}
