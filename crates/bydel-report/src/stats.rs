//! Small statistics on published numbers: Wilson score intervals for shares, and the share of
//! the rest of the municipality (the municipality minus one area), both as explicit `Option`s
//! (a zero or suppressed denominator gives `None`, never NaN).

/// The Wilson score interval for `k` of `n` (95 %), computed by bydel-analysis (the one
/// implementation, checked there against published values); `None` when `n` is not positive.
pub fn wilson(k: f64, n: f64) -> Option<(f64, f64)> {
    if k < 0.0 || k > n {
        return None;
    }
    bydel_analysis::interval::wilson(k, n, 0.95).map(|i| (i.lower, i.upper))
}

/// The share of the rest: `(total_k − k) / (total_n − n)`; `None` when the rest is empty or
/// the numbers are inconsistent.
pub fn rest_share(total: (f64, f64), part: (f64, f64)) -> Option<(f64, f64)> {
    let (k, n) = (total.0 - part.0, total.1 - part.1);
    (n > 0.0 && k >= 0.0 && k <= n).then_some((k, n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn wilson_matches_a_published_value() {
        // Newcombe (1998), Statistics in Medicine 17, table I: 81/263 → 0.2553 to 0.3662.
        let (lo, hi) = wilson(81.0, 263.0).unwrap();
        assert!(
            (lo - 0.2553).abs() < 5e-4 && (hi - 0.3662).abs() < 5e-4,
            "{lo} {hi}"
        );
        assert_eq!(wilson(1.0, 0.0), None);
    }

    #[test]
    fn rest_of_the_municipality() {
        assert_eq!(
            rest_share((100.0, 1000.0), (40.0, 200.0)),
            Some((60.0, 800.0))
        );
        assert_eq!(rest_share((10.0, 100.0), (10.0, 100.0)), None);
    }

    proptest! {
        #[test]
        fn wilson_contains_the_share_and_stays_in_unit(n in 1u32..100_000, f in 0.0f64..=1.0) {
            let k = (f * n as f64).floor();
            let (lo, hi) = wilson(k, n as f64).unwrap();
            let p = k / n as f64;
            prop_assert!(0.0 <= lo && lo <= p + 1e-12 && p <= hi + 1e-12 && hi <= 1.0);
        }
    }
}
