//! Empirical-Bayes smoothing of shares for small areas (Marshall's global method-of-moments
//! estimator, Marshall 1991, *Biometrics* 47:283–299, applied to proportions).
//!
//! Within one layer, indicator and year, every area's share is pulled towards the layer mean
//! `μ = Σx / Σn` by the weight `w = τ² / (τ² + μ(1−μ)/n)`, where the between-area variance is
//! `τ² = max(0, s² − μ(1−μ)/n̄)`, `s²` the population-weighted variance of the shares and `n̄`
//! the mean denominator. A large area keeps its own value; a small, noisy one moves towards the
//! mean. Smoothed values are always labelled as such and never replace the raw value.

/// One area's share as counts (`x` may be fractional, e.g. full-time equivalents).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ShareCounts {
    /// Numerator.
    pub x: f64,
    /// Denominator.
    pub n: f64,
}

/// The smoothed shares, in input order; areas with `n = 0` get `None`. Returns all `None` when
/// the layer has no persons at all.
pub fn smooth(areas: &[ShareCounts]) -> Vec<Option<f64>> {
    let valid: Vec<&ShareCounts> = areas.iter().filter(|a| a.n > 0.0).collect();
    let total_n: f64 = valid.iter().map(|a| a.n).sum();
    if valid.is_empty() || total_n <= 0.0 {
        return vec![None; areas.len()];
    }
    let mu = valid.iter().map(|a| a.x).sum::<f64>() / total_n;
    let s2 = valid
        .iter()
        .map(|a| a.n * (a.x / a.n - mu).powi(2))
        .sum::<f64>()
        / total_n;
    let n_bar = total_n / valid.len() as f64;
    let base = mu * (1.0 - mu);
    let tau2 = (s2 - base / n_bar).max(0.0);
    areas
        .iter()
        .map(|a| {
            (a.n > 0.0).then(|| {
                let w = if tau2 + base / a.n > 0.0 {
                    tau2 / (tau2 + base / a.n)
                } else {
                    1.0
                };
                mu + w * (a.x / a.n - mu)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_checked_two_areas() {
        // Areas 10/100 and 30/100: mu = 0.2, s2 = (100*0.01 + 100*0.01)/200 = 0.01,
        // base = 0.16, n_bar = 100, tau2 = 0.01 - 0.0016 = 0.0084,
        // w = 0.0084 / (0.0084 + 0.0016) = 0.84, smoothed = 0.2 -/+ 0.84 * 0.1.
        let s = smooth(&[
            ShareCounts { x: 10.0, n: 100.0 },
            ShareCounts { x: 30.0, n: 100.0 },
        ]);
        assert!((s[0].unwrap() - 0.116).abs() < 1e-12, "{s:?}");
        assert!((s[1].unwrap() - 0.284).abs() < 1e-12, "{s:?}");
    }

    #[test]
    fn no_between_variance_pulls_to_the_mean_and_empty_is_none() {
        let s = smooth(&[
            ShareCounts { x: 1.0, n: 10.0 },
            ShareCounts { x: 1.0, n: 10.0 },
        ]);
        assert_eq!(s, vec![Some(0.1), Some(0.1)]);
        assert_eq!(smooth(&[ShareCounts { x: 0.0, n: 0.0 }]), vec![None]);
    }
}
