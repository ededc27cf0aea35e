//! Disclosure-control policies: the primary rules' parameters, with two presets.
//!
//! [`Policy::danmarks_statistik`] follows Danmarks Statistik's practice for published tables
//! (no cell with fewer than 3 units). [`Policy::municipal`] is stricter (5 units) for material
//! that goes online. Every field is public data (it is written into the privacy manifest).

use serde::{Deserialize, Serialize};

use crate::error::PrivacyError;

/// The parameters of every primary rule and of the protection the audit demands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Preset name (for the manifest and messages).
    pub name: String,
    /// Minimum count: a count, a share's numerator or complement, or a mean's/sum's number of
    /// contributors in `1..min_count` is suppressed. Also the protection interval: no
    /// suppressed person count may be narrowed down to fewer than `min_count` possible values.
    pub min_count: u32,
    /// Areas with fewer residents than this are shown without any figures (0 disables).
    pub min_area_population: u32,
    /// Dominance (n, k) rule for sums and means: suppressed when the `n` largest contributions
    /// make up more than `k` % of the total.
    pub dominance: Option<Dominance>,
    /// p % rule for sums and means: suppressed when the total minus the two largest
    /// contributions is less than `p` % of the largest (the second largest contributor could
    /// then estimate the largest to within `p` %). Also the protection a suppressed sum needs.
    pub p_percent: u32,
    /// Optional rounding of person counts.
    pub rounding: Rounding,
}

/// The (n, k) dominance rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dominance {
    /// How many of the largest contributions are added up (1 or 2).
    pub n: u8,
    /// The share, in percent, they may not exceed.
    pub k_percent: u32,
}

/// Rounding of person counts after suppression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "base", rename_all = "snake_case")]
pub enum Rounding {
    /// Counts are published exactly.
    None,
    /// Counts of leaf cells are rounded to the nearest multiple of the base (halves up);
    /// totals are the sums of their rounded parts, so tables add up.
    NearestMultiple(u32),
}

impl Policy {
    /// Danmarks Statistik's default: minimum 3, areas under 20 residents without figures,
    /// dominance (2, 85 %), p = 10 %.
    pub fn danmarks_statistik() -> Policy {
        Policy {
            name: "danmarks-statistik".into(),
            min_count: 3,
            min_area_population: 20,
            dominance: Some(Dominance {
                n: 2,
                k_percent: 85,
            }),
            p_percent: 10,
            rounding: Rounding::None,
        }
    }

    /// The stricter municipal preset for online publication: minimum 5, areas under 50
    /// residents without figures, dominance (1, 50 %), p = 15 %.
    pub fn municipal() -> Policy {
        Policy {
            name: "municipal".into(),
            min_count: 5,
            min_area_population: 50,
            dominance: Some(Dominance {
                n: 1,
                k_percent: 50,
            }),
            p_percent: 15,
            rounding: Rounding::None,
        }
    }

    /// A preset by name (`danmarks-statistik` or `municipal`).
    pub fn preset(name: &str) -> Result<Policy, PrivacyError> {
        match name {
            "danmarks-statistik" | "dst" => Ok(Policy::danmarks_statistik()),
            "municipal" | "kommune" => Ok(Policy::municipal()),
            other => Err(PrivacyError::Policy(format!(
                "unknown preset {other:?}; expected danmarks-statistik or municipal"
            ))),
        }
    }

    /// The same policy with rounding of person counts.
    pub fn with_rounding(mut self, rounding: Rounding) -> Policy {
        self.rounding = rounding;
        self
    }

    /// Checks every parameter's range.
    pub fn validate(&self) -> Result<(), PrivacyError> {
        if self.min_count < 1 {
            return Err(PrivacyError::Policy("min_count must be at least 1".into()));
        }
        if let Some(d) = self.dominance
            && (!(1..=2).contains(&d.n) || !(1..=100).contains(&d.k_percent))
        {
            return Err(PrivacyError::Policy(
                "dominance needs n in 1..=2, k in 1..=100".into(),
            ));
        }
        if self.p_percent > 100 {
            return Err(PrivacyError::Policy("p_percent must be at most 100".into()));
        }
        if let Rounding::NearestMultiple(b) = self.rounding
            && !(2..=1000).contains(&b)
        {
            return Err(PrivacyError::Policy(
                "rounding base must be in 2..=1000".into(),
            ));
        }
        Ok(())
    }
}
