//! The small statistics the indices share: means, standard deviations, z-scores and ranks.

use serde::{Deserialize, Serialize};

use crate::error::IndexError;

/// Which standard deviation z-standardisation divides by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deviation {
    /// The sample standard deviation (divisor n − 1).
    Sample,
    /// The population standard deviation (divisor n).
    Population,
}

/// The arithmetic mean; `None` for no values. When the plain sum overflows to infinity the
/// mean is computed on values scaled by the largest magnitude instead, so that finite values
/// always give a finite mean (issue 13: an overflowing sum or square made every z-score 0).
pub fn mean(xs: &[f64]) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    let n = xs.len() as f64;
    let plain = xs.iter().sum::<f64>() / n;
    if plain.is_finite() {
        return Some(plain);
    }
    let k = scale(xs);
    Some(k * (xs.iter().map(|x| x / k).sum::<f64>() / n))
}

/// The standard deviation around `mean`; `None` when there are too few values. Falls back to
/// scaled values like [`mean`] when the plain sum of squares overflows.
pub fn std_dev(xs: &[f64], mean: f64, deviation: Deviation) -> Option<f64> {
    let divisor = match deviation {
        Deviation::Sample => xs.len().checked_sub(1)?,
        Deviation::Population => xs.len(),
    };
    if divisor == 0 {
        return None;
    }
    let ss: f64 = xs.iter().map(|x| (x - mean).powi(2)).sum();
    let plain = (ss / divisor as f64).sqrt();
    if plain.is_finite() {
        return Some(plain);
    }
    let k = scale(xs).max(mean.abs());
    let ss: f64 = xs.iter().map(|x| (x / k - mean / k).powi(2)).sum();
    Some(k * (ss / divisor as f64).sqrt())
}

/// The largest magnitude of the values (1 when all are zero or any is not finite).
fn scale(xs: &[f64]) -> f64 {
    let k = xs.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    if k > 0.0 && k.is_finite() { k } else { 1.0 }
}

/// Mean and standard deviation of a named quantity, or a data error when it cannot be
/// standardised (fewer than two values, or no variation).
pub fn moments(xs: &[f64], deviation: Deviation, what: &str) -> Result<(f64, f64), IndexError> {
    let m = mean(xs).ok_or_else(|| IndexError::Data(format!("{what}: no areas to standardise")))?;
    let sd = std_dev(xs, m, deviation)
        .ok_or_else(|| IndexError::Data(format!("{what}: fewer than two areas")))?;
    if sd <= 1e-12 * m.abs().max(1.0) {
        return Err(IndexError::Data(format!(
            "{what}: no variation over the {} standardised areas (all {m})",
            xs.len()
        )));
    }
    Ok((m, sd))
}

/// Ascending competition ranks (1-based; ties share the lowest rank): the rank of `x` is one
/// plus the number of values strictly below it.
pub fn ranks_ascending(xs: &[f64]) -> Vec<usize> {
    let mut sorted: Vec<f64> = xs.to_vec();
    sorted.sort_by(f64::total_cmp);
    xs.iter()
        .map(|x| 1 + sorted.partition_point(|y| y < x))
        .collect()
}

/// Percentile ranks in [0, 1] as the CDC SVI computes them (Excel `PERCENTRANK.INC`):
/// `(rank − 1) / (n − 1)` with ascending competition ranks; a single area gets 0.
pub fn percentile_ranks(xs: &[f64]) -> Vec<f64> {
    let n = xs.len();
    if n < 2 {
        return vec![0.0; n];
    }
    ranks_ascending(xs)
        .into_iter()
        .map(|r| (r - 1) as f64 / (n - 1) as f64)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_by_hand() {
        let xs = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0];
        assert_eq!(mean(&xs), Some(5.0));
        assert_eq!(std_dev(&xs, 5.0, Deviation::Population), Some(2.0));
        let s = std_dev(&xs, 5.0, Deviation::Sample).unwrap();
        assert!((s - (32.0f64 / 7.0).sqrt()).abs() < 1e-12);
        assert!(moments(&[1.0, 1.0], Deviation::Sample, "x").is_err());
        assert!(moments(&[1.0], Deviation::Sample, "x").is_err());
    }

    #[test]
    fn issue_13_huge_values_keep_their_moments() {
        let xs = [1e300, 5e307, -1e308, 1e308];
        let m = mean(&xs).unwrap();
        assert!(m.is_finite());
        assert!(
            (m - (1e300 + 5e307 - 1e308 + 1e308) / 4.0).abs() <= 1e293,
            "{m}"
        );
        let (m, sd) = moments(&xs, Deviation::Sample, "x").unwrap();
        assert!(sd.is_finite() && sd > 1e307, "{sd}");
        let z: Vec<f64> = xs.iter().map(|x| (x - m) / sd).collect();
        assert!(z.iter().all(|z| z.is_finite() && *z != 0.0), "{z:?}");
        assert!(z[3] > z[1] && z[1] > z[0] && z[0] > z[2], "{z:?}");
    }

    #[test]
    fn ranks_share_ties() {
        assert_eq!(ranks_ascending(&[3.0, 1.0, 3.0, 2.0]), vec![3, 1, 3, 2]);
        assert_eq!(
            percentile_ranks(&[3.0, 1.0, 3.0, 2.0]),
            vec![2.0 / 3.0, 0.0, 2.0 / 3.0, 1.0 / 3.0]
        );
    }
}
