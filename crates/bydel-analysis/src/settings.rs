//! The analysis settings: every choice explicit, with documented defaults.

use serde::{Deserialize, Serialize};

use crate::error::AnalysisError;

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

/// The largest number of simulation draws accepted (`draws`).
pub const MAX_DRAWS: u32 = 100_000;
/// The longest trend window accepted, in years.
pub const MAX_TREND_WINDOW: u32 = 100;
/// The longest projection horizon accepted, in years.
pub const MAX_HORIZON: u32 = 100;

impl Settings {
    /// Checks every setting against its valid range, so that a run can refuse bad options
    /// before any work starts. The error names the setting, the range and the value found.
    pub fn check(&self) -> Result<(), AnalysisError> {
        open_unit("level", self.level)?;
        open_unit("trend_alpha", self.trend_alpha)?;
        if let Significance::Required { alpha } = self.markedly.significance {
            open_unit("alpha", alpha)?;
        }
        let m = &self.markedly;
        if !(m.min_ratio.is_finite() && m.min_ratio >= 1.0) {
            return Err(range("min_ratio", "a finite number ≥ 1", m.min_ratio));
        }
        if !(m.min_difference.is_finite() && m.min_difference >= 0.0) {
            return Err(range(
                "min_difference",
                "a finite number ≥ 0",
                m.min_difference,
            ));
        }
        if !(3..=MAX_TREND_WINDOW).contains(&self.trend_window) {
            let expected = format!("a whole number of years from 3 to {MAX_TREND_WINDOW}");
            return Err(range("trend_window", &expected, self.trend_window));
        }
        if !(1..=MAX_HORIZON).contains(&self.horizon) {
            let expected = format!("a whole number of years from 1 to {MAX_HORIZON}");
            return Err(range("horizon", &expected, self.horizon));
        }
        if !(1..=MAX_DRAWS).contains(&self.draws) {
            let expected = format!("a whole number from 1 to {MAX_DRAWS}");
            return Err(range("draws", &expected, self.draws));
        }
        if self.near_1000_band < 0 {
            return Err(range("near_1000_band", "a number ≥ 0", self.near_1000_band));
        }
        if self.area_layers.is_empty() {
            return Err(range("area_layers", "at least one layer", "none"));
        }
        Ok(())
    }
}

fn open_unit(name: &str, x: f64) -> Result<(), AnalysisError> {
    if x > 0.0 && x < 1.0 {
        Ok(())
    } else {
        Err(range(
            name,
            "a number strictly between 0 and 1 (e.g. 0.95 or 0.05)",
            x,
        ))
    }
}

fn range(name: &str, expected: &str, found: impl std::fmt::Display) -> AnalysisError {
    AnalysisError::Setting {
        name: name.to_string(),
        expected: expected.to_string(),
        found: found.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_13_settings_out_of_range_are_refused() {
        assert!(Settings::default().check().is_ok());
        let bad = [
            Settings {
                level: 1.5,
                ..Settings::default()
            },
            Settings {
                level: 1.0,
                ..Settings::default()
            },
            Settings {
                trend_alpha: 2.0,
                ..Settings::default()
            },
            Settings {
                trend_alpha: f64::NAN,
                ..Settings::default()
            },
            Settings {
                trend_window: 2,
                ..Settings::default()
            },
            Settings {
                draws: 0,
                ..Settings::default()
            },
            Settings {
                horizon: 0,
                ..Settings::default()
            },
            Settings {
                markedly: MarkedlyRule {
                    significance: Significance::Required { alpha: 2.0 },
                    ..MarkedlyRule::default()
                },
                ..Settings::default()
            },
            Settings {
                markedly: MarkedlyRule {
                    min_ratio: f64::INFINITY,
                    ..MarkedlyRule::default()
                },
                ..Settings::default()
            },
        ];
        for s in bad {
            let e = s.check().expect_err("out of range");
            assert!(matches!(e, AnalysisError::Setting { .. }), "{e}");
        }
        let e = Settings {
            level: 1.5,
            ..Settings::default()
        }
        .check()
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "level: expected a number strictly between 0 and 1 (e.g. 0.95 or 0.05), found 1.5"
        );
    }
}
