//! Multigroup indices: several groups that partition the population.
//!
//! Definitions follow Reardon & Firebaugh (2002) exactly as PySAL's `segregation` package
//! computes them. With `t_i` the population of area `i`, `p_ik` the share of group `k` in it (0 in
//! an empty area), `T` the whole population, `P_k` group `k`'s share of it, `K` the number of
//! groups, `I = Σ_k P_k (1 − P_k)` and `E = −Σ_k P_k ln P_k`:
//!
//! | index | formula |
//! |---|---|
//! | `multi_dissimilarity` | `Σ_i Σ_k t_i |p_ik − P_k| / (2 T I)` |
//! | `multi_gini` | `Σ_k Σ_i Σ_j t_i t_j |p_ik − p_jk| / (2 T² I)` |
//! | `multi_information_theory` | `Σ_i Σ_k t_i p_ik ln(p_ik / P_k) / (T E)` (Theil's H) |
//! | `multi_normalized_exposure` | `Σ_i Σ_k t_i (p_ik − P_k)² / (1 − P_k) / T` |
//! | `multi_squared_cv` | `Σ_i Σ_k t_i (p_ik − P_k)² / (T (K − 1) P_k)` |
//! | `multi_relative_diversity` | `Σ_i Σ_k t_i (p_ik − P_k)² / (T I)` |
//! | `multi_diversity` | `E` |
//! | `simpson_concentration` | `Σ_k P_k²` |
//! | `simpson_interaction` | `I` |
//!
//! A group with nobody in it is left out (and not counted in `K`): it carries no information and
//! would otherwise divide by zero. The segregation indices (all but the last three) need at least
//! two non-empty groups; otherwise, or when nobody is counted at all, the value is
//! [`Missing::ZeroDenominator`].

use bydel_model::{Missing, Value};
use serde::{Deserialize, Serialize};

use crate::counts::AreaCounts;
use crate::pairwise::weighted_abs_pair_sum;

/// A multigroup index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MultiIndex {
    /// Multigroup dissimilarity (Morgan 1975; Sakoda 1981).
    MultiDissimilarity,
    /// Multigroup Gini (Reardon 1998).
    MultiGini,
    /// Information theory index: Theil's H over all groups.
    MultiInformationTheory,
    /// Normalised exposure (James 1986).
    MultiNormalizedExposure,
    /// Squared coefficient of variation.
    MultiSquaredCv,
    /// Relative diversity (Carlson 1992).
    MultiRelativeDiversity,
    /// Diversity (Shannon entropy of the city's composition), not a segregation measure.
    MultiDiversity,
    /// Simpson's concentration: the chance two random persons are of the same group.
    SimpsonConcentration,
    /// Simpson's interaction: the chance two random persons are of different groups.
    SimpsonInteraction,
}

impl MultiIndex {
    /// Every multigroup index, in report order.
    pub const ALL: [MultiIndex; 9] = [
        MultiIndex::MultiDissimilarity,
        MultiIndex::MultiGini,
        MultiIndex::MultiInformationTheory,
        MultiIndex::MultiNormalizedExposure,
        MultiIndex::MultiSquaredCv,
        MultiIndex::MultiRelativeDiversity,
        MultiIndex::MultiDiversity,
        MultiIndex::SimpsonConcentration,
        MultiIndex::SimpsonInteraction,
    ];

    /// The index's name in outputs.
    pub fn name(self) -> &'static str {
        match self {
            MultiIndex::MultiDissimilarity => "multi_dissimilarity",
            MultiIndex::MultiGini => "multi_gini",
            MultiIndex::MultiInformationTheory => "multi_information_theory",
            MultiIndex::MultiNormalizedExposure => "multi_normalized_exposure",
            MultiIndex::MultiSquaredCv => "multi_squared_cv",
            MultiIndex::MultiRelativeDiversity => "multi_relative_diversity",
            MultiIndex::MultiDiversity => "multi_diversity",
            MultiIndex::SimpsonConcentration => "simpson_concentration",
            MultiIndex::SimpsonInteraction => "simpson_interaction",
        }
    }

    /// True for the three measures of the city's overall mix rather than its segregation.
    pub fn is_diversity(self) -> bool {
        matches!(
            self,
            MultiIndex::MultiDiversity
                | MultiIndex::SimpsonConcentration
                | MultiIndex::SimpsonInteraction
        )
    }

    /// Computes the index.
    pub fn compute(self, counts: &AreaCounts) -> Value {
        self.on(&Composition::new(counts))
    }

    /// The index on a prepared composition.
    pub(crate) fn on(self, c: &Composition) -> Value {
        let needed = if self.is_diversity() { 1 } else { 2 };
        if c.total <= 0.0 || c.k() < needed {
            return Value::Missing(Missing::ZeroDenominator);
        }
        Value::from_f64(match self {
            MultiIndex::MultiDissimilarity => c.dissimilarity(),
            MultiIndex::MultiGini => c.gini(),
            MultiIndex::MultiInformationTheory => c.information_theory(),
            MultiIndex::MultiNormalizedExposure => c.squared_deviation(|pk| 1.0 - pk) / c.total,
            MultiIndex::MultiSquaredCv => {
                let km1 = (c.k() - 1) as f64;
                c.squared_deviation(|pk| pk) / (c.total * km1)
            }
            MultiIndex::MultiRelativeDiversity => {
                c.squared_deviation(|_| 1.0) / (c.total * c.interaction())
            }
            MultiIndex::MultiDiversity => c.diversity(),
            MultiIndex::SimpsonConcentration => c.big_p.iter().map(|p| p * p).sum(),
            MultiIndex::SimpsonInteraction => c.interaction(),
        })
    }
}

/// Per-area populations and group shares over the non-empty groups.
pub(crate) struct Composition {
    /// Area populations.
    pub t: Vec<f64>,
    /// Shares, row-major n × k over the non-empty groups (0 in an empty area).
    pub p: Vec<f64>,
    /// City shares of the non-empty groups.
    pub big_p: Vec<f64>,
    /// The whole population.
    pub total: f64,
}

impl Composition {
    pub fn new(counts: &AreaCounts) -> Composition {
        let keep: Vec<usize> = counts
            .group_totals()
            .iter()
            .enumerate()
            .filter(|(_, g)| **g > 0)
            .map(|(k, _)| k)
            .collect();
        let n = counts.len();
        let (mut t, mut p) = (Vec::with_capacity(n), Vec::with_capacity(n * keep.len()));
        let mut sums = vec![0.0; keep.len()];
        for i in 0..n {
            let row = counts.row(i);
            let ti = row.iter().sum::<u64>() as f64;
            t.push(ti);
            for (s, &k) in sums.iter_mut().zip(&keep) {
                let x = row[k] as f64;
                *s += x;
                p.push(if ti > 0.0 { x / ti } else { 0.0 });
            }
        }
        let total: f64 = t.iter().sum();
        let big_p = sums.iter().map(|s| s / total).collect();
        Composition { t, p, big_p, total }
    }

    pub fn k(&self) -> usize {
        self.big_p.len()
    }

    pub fn share(&self, i: usize, k: usize) -> f64 {
        self.p[i * self.k() + k]
    }

    pub fn interaction(&self) -> f64 {
        self.big_p.iter().map(|p| p * (1.0 - p)).sum()
    }

    pub fn diversity(&self) -> f64 {
        -self.big_p.iter().map(|p| p * p.ln()).sum::<f64>()
    }

    /// Area `i`'s summed absolute deviation `Σ_k |p_ik − P_k|`.
    pub fn abs_deviation(&self, i: usize) -> f64 {
        (0..self.k())
            .map(|k| (self.share(i, k) - self.big_p[k]).abs())
            .sum()
    }

    /// Area `i`'s divergence from the city `Σ_k p_ik ln(p_ik / P_k)` (0 for an empty area).
    pub fn divergence(&self, i: usize) -> f64 {
        (0..self.k())
            .map(|k| self.share(i, k))
            .zip(&self.big_p)
            .filter(|(p, _)| *p > 0.0)
            .map(|(p, big)| p * (p / big).ln())
            .sum()
    }

    fn dissimilarity(&self) -> f64 {
        let num: f64 = (0..self.t.len())
            .map(|i| self.t[i] * self.abs_deviation(i))
            .sum();
        num / (2.0 * self.total * self.interaction())
    }

    fn gini(&self) -> f64 {
        let n = self.t.len();
        let num: f64 = (0..self.k())
            .map(|k| {
                let col: Vec<f64> = (0..n).map(|i| self.share(i, k)).collect();
                weighted_abs_pair_sum(&self.t, &col)
            })
            .sum();
        num / (2.0 * self.total * self.total * self.interaction())
    }

    fn information_theory(&self) -> f64 {
        let num: f64 = (0..self.t.len())
            .map(|i| self.t[i] * self.divergence(i))
            .sum();
        num / (self.total * self.diversity())
    }

    /// `Σ_i Σ_k t_i (p_ik − P_k)² / scale(P_k)`.
    fn squared_deviation(&self, scale: impl Fn(f64) -> f64) -> f64 {
        let mut sum = 0.0;
        for (i, t) in self.t.iter().enumerate() {
            for (k, big) in self.big_p.iter().enumerate() {
                let d = self.share(i, k) - big;
                sum += t * d * d / scale(*big);
            }
        }
        sum
    }
}
