//! The building block of MSS (and of IMD's domains): z-standardise indicators over a set of
//! areas, add the z-scores with weights, and (for MSS) z-standardise the sum again, keeping each
//! indicator's additive contribution to the final score.

use crate::error::IndexError;
use crate::stats::{Deviation, moments};

/// One indicator's column over the member areas, with its weight and direction sign.
#[derive(Debug, Clone)]
pub(crate) struct Column<'a> {
    /// The indicator's name (for error messages).
    pub name: &'a str,
    /// Its values, one per member area.
    pub values: Vec<f64>,
    /// Its weight.
    pub weight: f64,
    /// +1 (higher is worse) or −1.
    pub sign: f64,
}

/// Per member area: the score and each indicator's contribution (which add up to the score).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scored {
    /// The score.
    pub score: f64,
    /// One contribution per column.
    pub contributions: Vec<f64>,
}

/// Whether the weighted sum of z-scores is standardised again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Finish {
    /// z-standardise the weighted sum (MSS).
    Restandardise,
    /// Divide the weighted sum by the sum of weights: a weighted mean of z-scores (IMD domains).
    WeightedMean,
}

/// Scores the member areas; `what` names the index in error messages.
pub(crate) fn score(
    columns: &[Column<'_>],
    deviation: Deviation,
    finish: Finish,
    what: &str,
) -> Result<Vec<Scored>, IndexError> {
    let n = columns.first().map_or(0, |c| c.values.len());
    let mut terms = vec![Vec::with_capacity(columns.len()); n];
    for c in columns {
        let (m, sd) = moments(
            &c.values,
            deviation,
            &format!("{what} indicator {:?}", c.name),
        )?;
        for (t, x) in terms.iter_mut().zip(&c.values) {
            t.push(c.weight * c.sign * (x - m) / sd);
        }
    }
    let sums: Vec<f64> = terms.iter().map(|t| t.iter().sum()).collect();
    let (offset, scale) = match finish {
        Finish::Restandardise => moments(&sums, deviation, &format!("{what} sum"))?,
        Finish::WeightedMean => (0.0, columns.iter().map(|c| c.weight).sum::<f64>()),
    };
    if scale <= 0.0 {
        return Err(IndexError::Data(format!("{what}: the weights add up to 0")));
    }
    // The offset (the mean of the sums) is 0 up to rounding, because every z-score has mean 0;
    // it is spread evenly so that the contributions add up to the score exactly.
    let k = columns.len().max(1) as f64;
    Ok(terms
        .into_iter()
        .zip(sums)
        .map(|(t, sum)| Scored {
            score: (sum - offset) / scale,
            contributions: t.iter().map(|x| (x - offset / k) / scale).collect(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn col<'a>(name: &'a str, values: &[f64]) -> Column<'a> {
        Column {
            name,
            values: values.to_vec(),
            weight: 1.0,
            sign: 1.0,
        }
    }

    #[test]
    fn hand_checked_restandardised_sum() {
        // a: mean 2, sd 1 → z = −1, 0, 1; b: mean 20, sd 10 → z = 1, −1, 0 (sample sd).
        let cols = [col("a", &[1.0, 2.0, 3.0]), col("b", &[30.0, 10.0, 20.0])];
        let s = score(&cols, Deviation::Sample, Finish::Restandardise, "t").unwrap();
        // sums 0, −1, 1: mean 0, sample sd 1 → scores 0, −1, 1.
        let scores: Vec<f64> = s.iter().map(|x| x.score).collect();
        assert_eq!(scores, [0.0, -1.0, 1.0]);
        assert_eq!(s[0].contributions, [-1.0, 1.0]);
    }

    #[test]
    fn weighted_mean_and_direction() {
        let mut b = col("b", &[30.0, 10.0, 20.0]);
        b.sign = -1.0;
        b.weight = 3.0;
        let cols = [col("a", &[1.0, 2.0, 3.0]), b];
        let s = score(&cols, Deviation::Sample, Finish::WeightedMean, "t").unwrap();
        assert_eq!(s[0].score, (-1.0 - 3.0) / 4.0);
        assert_eq!(s[2].contributions, [0.25, 0.0]);
    }

    #[test]
    fn no_variation_is_a_data_error() {
        let cols = [col("flat", &[1.0, 1.0, 1.0])];
        let err = score(&cols, Deviation::Sample, Finish::Restandardise, "status").unwrap_err();
        assert!(err.to_string().contains("\"flat\""), "{err}");
    }
}
