//! Local measures: each area's composition and its share of the city's segregation.
//!
//! * `location_quotient[k] = (x_ik / t_i) / (X_k / T)`: group `k`'s share in the area relative to
//!   the city (1 = as in the city), as PySAL's `MultiLocationQuotient`.
//! * `local_entropy = −Σ_k p_ik ln p_ik / ln K`: the area's own diversity, 0 (one group) to 1
//!   (all K groups equally large), as PySAL's `MultiLocalEntropy`.
//! * `dissimilarity_contribution = t_i Σ_k |p_ik − P_k| / (2 T I)`: the area's term of the
//!   (multigroup) dissimilarity; the terms sum to the city's D.
//! * `entropy_contribution = t_i Σ_k p_ik ln(p_ik / P_k) / (T E)`: the area's term of Theil's H
//!   (the divergence form of Elbers' `mutual_local`, never negative); the terms sum to H.
//!
//! An empty area has no composition: its quotients and entropy are
//! [`Missing::ZeroDenominator`] (PySAL reports NaN and 0), and its contributions are exactly 0.

use bydel_model::{Missing, Value};
use serde::{Deserialize, Serialize};

use crate::counts::AreaCounts;
use crate::multi::Composition;

/// The local measures of one area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalMeasures {
    /// The area id.
    pub area_id: String,
    /// The area's population.
    pub population: u64,
    /// Location quotient of each group, in the counts' column order.
    pub location_quotient: Vec<Value>,
    /// Normalised local entropy (0..1).
    pub local_entropy: Value,
    /// The area's term of the city's dissimilarity.
    pub dissimilarity_contribution: Value,
    /// The area's term of the city's Theil's H.
    pub entropy_contribution: Value,
}

/// The local measures of every area, in row order.
pub fn local_measures(counts: &AreaCounts) -> Vec<LocalMeasures> {
    let comp = Composition::new(counts);
    let totals = counts.group_totals();
    let grand = counts.grand_total() as f64;
    let ln_k = (counts.k() as f64).ln();
    let d_den = 2.0 * comp.total * comp.interaction();
    let h_den = comp.total * comp.diversity();
    (0..counts.len())
        .map(|i| {
            let (row, t) = (counts.row(i), comp.t[i]);
            let lq = row
                .iter()
                .zip(&totals)
                .map(|(&x, &xk)| ratio(x as f64 / t, xk as f64 / grand, t))
                .collect();
            LocalMeasures {
                area_id: counts.ids()[i].clone(),
                population: counts.total(i),
                location_quotient: lq,
                local_entropy: ratio(entropy_of(row), ln_k, t),
                dissimilarity_contribution: Value::ratio(t * comp.abs_deviation(i), d_den),
                entropy_contribution: Value::ratio(t * comp.divergence(i), h_den),
            }
        })
        .collect()
}

/// `num / den` for an area of population `t`; missing when the area is empty.
fn ratio(num: f64, den: f64, t: f64) -> Value {
    if t > 0.0 {
        Value::ratio(num, den)
    } else {
        Value::Missing(Missing::ZeroDenominator)
    }
}

/// `−Σ_k p_k ln p_k` of one area's counts.
fn entropy_of(row: &[u64]) -> f64 {
    let t = row.iter().sum::<u64>() as f64;
    -row.iter()
        .filter(|&&x| x > 0)
        .map(|&x| {
            let p = x as f64 / t;
            p * p.ln()
        })
        .sum::<f64>()
}
