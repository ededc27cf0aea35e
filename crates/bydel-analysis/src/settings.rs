//! The analysis settings: every choice explicit, with documented defaults.

use serde::{Deserialize, Serialize};

/// Whether the "markedly higher" rule needs statistical significance.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Significance {
    /// The difference must be significant at level `alpha` (two-sided test).
    Required {
        /// The test level, e.g. 0.05.
        alpha: f64,
    },
    /// The ratio alone decides.
    NotRequired,
}

/// The rule for *markedly higher* (markant højere): an area is markedly worse than its reference
/// when the worse-direction ratio is at least `min_ratio`, the difference is at least
/// `min_difference` in the worse direction, and (if required) the difference is significant.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MarkedlyRule {
    /// Minimum ratio in the worse direction (default 1.5).
    pub min_ratio: f64,
    /// Minimum absolute difference in the worse direction, in the indicator's unit (default 0).
    pub min_difference: f64,
    /// Whether significance is required (default: at 5 %).
    pub significance: Significance,
}

impl Default for MarkedlyRule {
    fn default() -> Self {
        MarkedlyRule {
            min_ratio: 1.5,
            min_difference: 0.0,
            significance: Significance::Required { alpha: 0.05 },
        }
    }
}

/// Whether small-area values are also reported smoothed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Smoothing {
    /// Raw values only.
    None,
    /// Add an empirical-Bayes (beta-binomial) smoothed value for shares, clearly labelled.
    EmpiricalBayes,
}

/// All settings of an analysis run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Confidence level of every interval (default 0.95).
    pub level: f64,
    /// The markedly-higher rule.
    pub markedly: MarkedlyRule,
    /// Number of years in a trend window (default 6).
    pub trend_window: u32,
    /// Test level of the Mann–Kendall test (default 0.05).
    pub trend_alpha: f64,
    /// How far ahead projections and warnings look, in years (default 5).
    pub horizon: u32,
    /// Residents counted as "close to 1,000": from `1000 - band` to `1000 + band` (default 100).
    pub near_1000_band: i64,
    /// Simulation draws for the noise-aware trend and the next-year probabilities (default 1000).
    pub draws: u32,
    /// Seed of every simulation (results are reproducible).
    pub seed: u64,
    /// Empirical-Bayes smoothing.
    pub smoothing: Smoothing,
    /// Layers analysed as areas (default: housing_area, district, parish, school_district).
    pub area_layers: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            level: 0.95,
            markedly: MarkedlyRule::default(),
            trend_window: 6,
            trend_alpha: 0.05,
            horizon: 5,
            near_1000_band: 100,
            draws: 1000,
            seed: 20211215,
            smoothing: Smoothing::None,
            area_layers: ["housing_area", "district", "parish", "school_district"]
                .map(String::from)
                .to_vec(),
        }
    }
}
