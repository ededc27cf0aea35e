//! Single-group indices: one group against the rest of the population.
//!
//! Definitions follow Massey & Denton (1988) exactly as PySAL's `segregation` package computes
//! them. With `x_i` the group and `t_i` the population of area `i`, `p_i = x_i / t_i` (0 in an
//! empty area), `X = Σ x_i`, `T = Σ t_i` and `P = X / T`:
//!
//! | index | formula |
//! |---|---|
//! | `dissimilarity` | `D = Σ t_i |p_i − P| / (2 T P (1 − P))` |
//! | `gini` | `G = Σ_i Σ_j t_i t_j |p_i − p_j| / (2 T² P (1 − P))` |
//! | `entropy` | `H = Σ t_i (E − E_i) / (E T)`, `E = h(P)`, `E_i = h(p_i)`, `h(p) = −p ln p − (1−p) ln(1−p)` |
//! | `isolation` | `xPx = Σ (x_i / X)(x_i / t_i)` |
//! | `interaction` | `xPy = Σ (x_i / X)((t_i − x_i) / t_i)` |
//! | `atkinson` | `A = 1 − P/(1−P) · |Σ (1−p_i)^(1−b) p_i^b t_i / (P T)|^(1/(1−b))`, `b = 0.5` |
//! | `correlation_ratio` | `V = (xPx − P) / (1 − P)` |
//!
//! Every index is undefined (a [`Missing::ZeroDenominator`] value) when the group is absent
//! (`X = 0`) or is everyone (`X = T`). In a multigroup table the group is column 0 and the rest is
//! the sum of the other columns.

use bydel_model::{Missing, Value};
use serde::{Deserialize, Serialize};

use crate::counts::AreaCounts;
use crate::pairwise::weighted_abs_pair_sum;

/// A single-group index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SingleIndex {
    /// Dissimilarity D: the share of the group that would have to move for an even spread.
    Dissimilarity,
    /// Gini: mean absolute difference of area shares over all pairs of persons, normalised.
    Gini,
    /// Theil's entropy index H: the loss of diversity inside areas relative to the city.
    Entropy,
    /// Isolation xPx: the group share in the area of the average group member.
    Isolation,
    /// Interaction xPy: the share of the rest in the area of the average group member.
    Interaction,
    /// Atkinson with b = 0.5.
    Atkinson,
    /// Correlation ratio (eta²): isolation adjusted for the group's size.
    CorrelationRatio,
}

/// The Atkinson shape parameter used (as PySAL's default).
pub const ATKINSON_B: f64 = 0.5;

impl SingleIndex {
    /// Every single-group index, in report order.
    pub const ALL: [SingleIndex; 7] = [
        SingleIndex::Dissimilarity,
        SingleIndex::Gini,
        SingleIndex::Entropy,
        SingleIndex::Isolation,
        SingleIndex::Interaction,
        SingleIndex::Atkinson,
        SingleIndex::CorrelationRatio,
    ];

    /// The index's name in outputs.
    pub fn name(self) -> &'static str {
        match self {
            SingleIndex::Dissimilarity => "dissimilarity",
            SingleIndex::Gini => "gini",
            SingleIndex::Entropy => "entropy",
            SingleIndex::Isolation => "isolation",
            SingleIndex::Interaction => "interaction",
            SingleIndex::Atkinson => "atkinson",
            SingleIndex::CorrelationRatio => "correlation_ratio",
        }
    }

    /// Computes the index.
    pub fn compute(self, counts: &AreaCounts) -> Value {
        Shares::new(counts).value(self)
    }
}

/// Binary entropy `h(p)` in nats, with `h(0) = h(1) = 0`.
pub(crate) fn binary_entropy(p: f64) -> f64 {
    let term = |q: f64| if q > 0.0 { -q * q.ln() } else { 0.0 };
    term(p) + term(1.0 - p)
}

/// Per-area group counts, totals and shares of a single-group design.
pub(crate) struct Shares {
    pub x: Vec<f64>,
    pub t: Vec<f64>,
    pub p: Vec<f64>,
    pub group: f64,
    pub total: f64,
}

impl Shares {
    pub fn new(counts: &AreaCounts) -> Shares {
        let n = counts.len();
        let (mut x, mut t, mut p) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::new());
        for i in 0..n {
            let row = counts.row(i);
            let (xi, ti) = (row[0] as f64, row.iter().sum::<u64>() as f64);
            x.push(xi);
            t.push(ti);
            p.push(if ti > 0.0 { xi / ti } else { 0.0 });
        }
        let (group, total) = (x.iter().sum(), t.iter().sum());
        Shares {
            x,
            t,
            p,
            group,
            total,
        }
    }

    /// The index on these shares.
    pub fn value(&self, index: SingleIndex) -> Value {
        if !(self.group > 0.0 && self.group < self.total) {
            return Value::Missing(Missing::ZeroDenominator);
        }
        Value::from_f64(match index {
            SingleIndex::Dissimilarity => self.dissimilarity(),
            SingleIndex::Gini => self.gini(),
            SingleIndex::Entropy => self.entropy(),
            SingleIndex::Isolation => self.isolation(),
            SingleIndex::Interaction => self.interaction(),
            SingleIndex::Atkinson => self.atkinson(ATKINSON_B),
            SingleIndex::CorrelationRatio => {
                let p = self.share();
                (self.isolation() - p) / (1.0 - p)
            }
        })
    }

    pub fn share(&self) -> f64 {
        self.group / self.total
    }

    fn dissimilarity(&self) -> f64 {
        let big_p = self.share();
        let num: f64 = self
            .t
            .iter()
            .zip(&self.p)
            .map(|(t, p)| t * (p - big_p).abs())
            .sum();
        num / (2.0 * self.total * big_p * (1.0 - big_p))
    }

    fn gini(&self) -> f64 {
        let big_p = self.share();
        weighted_abs_pair_sum(&self.t, &self.p)
            / (2.0 * self.total * self.total * big_p * (1.0 - big_p))
    }

    fn entropy(&self) -> f64 {
        let e = binary_entropy(self.share());
        let num: f64 = self
            .t
            .iter()
            .zip(&self.p)
            .map(|(t, p)| t * (e - binary_entropy(*p)))
            .sum();
        num / (e * self.total)
    }

    fn exposure(&self, of_rest: bool) -> f64 {
        let mut sum = 0.0;
        for i in (0..self.t.len()).filter(|&i| self.t[i] > 0.0) {
            let other = if of_rest {
                self.t[i] - self.x[i]
            } else {
                self.x[i]
            };
            sum += (self.x[i] / self.group) * (other / self.t[i]);
        }
        sum
    }

    fn isolation(&self) -> f64 {
        self.exposure(false)
    }

    fn interaction(&self) -> f64 {
        self.exposure(true)
    }

    fn atkinson(&self, b: f64) -> f64 {
        let big_p = self.share();
        let sum: f64 = self
            .t
            .iter()
            .zip(&self.p)
            .map(|(t, p)| (1.0 - p).powf(1.0 - b) * p.powf(b) * t / (big_p * self.total))
            .sum();
        1.0 - big_p / (1.0 - big_p) * sum.abs().powf(1.0 / (1.0 - b))
    }
}
