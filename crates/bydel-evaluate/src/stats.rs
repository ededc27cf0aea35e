//! Small statistical helpers: normal and chi-square quantiles, means and variances.

use statrs::distribution::{ChiSquared, ContinuousCDF, Normal};

/// The two-sided normal critical value for a confidence level (0.95 → 1.96).
pub fn z_crit(level: f64) -> f64 {
    let n = Normal::new(0.0, 1.0).expect("standard normal");
    n.inverse_cdf(0.5 + level / 2.0)
}

/// P(χ²_df ≥ x).
pub fn chi2_sf(x: f64, df: usize) -> f64 {
    if df == 0 {
        return 1.0;
    }
    let c = ChiSquared::new(df as f64).expect("df > 0");
    1.0 - c.cdf(x.max(0.0))
}

/// The empirical quantile (linear interpolation, type 7) of sorted values.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        assert!((z_crit(0.95) - 1.959964).abs() < 1e-5);
        assert!((chi2_sf(3.841459, 1) - 0.05).abs() < 1e-5);
        assert_eq!(quantile_sorted(&[1.0, 2.0, 3.0], 0.5), 2.0);
        assert_eq!(quantile_sorted(&[1.0, 2.0], 0.25), 1.25);
    }
}
