//! The area-level input of every index: one row per area, one observation per indicator.
//!
//! An observation is a plain value, or the counts it comes from (a share in percent, or a change
//! of a share in percentage points). Counts carry the sampling uncertainty that the class
//! stability estimate needs; plain values are taken as exact.

use bydel_model::{AreaId, Missing};

use crate::error::IndexError;

/// A share given by its counts: `numerator` of `denominator` persons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Share {
    numerator: u64,
    denominator: u64,
}

impl Share {
    /// A share; the denominator must be positive and at least the numerator.
    pub fn new(numerator: u64, denominator: u64) -> Result<Self, String> {
        if denominator == 0 {
            return Err("a positive denominator".into());
        }
        if numerator > denominator {
            return Err(format!("a numerator ≤ the denominator {denominator}"));
        }
        Ok(Share {
            numerator,
            denominator,
        })
    }
    /// The numerator.
    pub fn numerator(self) -> u64 {
        self.numerator
    }
    /// The denominator.
    pub fn denominator(self) -> u64 {
        self.denominator
    }
    /// The share as a fraction in [0, 1].
    pub fn fraction(self) -> f64 {
        self.numerator as f64 / self.denominator as f64
    }
}

/// One area's observation of one indicator.
#[derive(Debug, Clone, PartialEq)]
pub enum Observation {
    /// A value taken as exact (no known sampling uncertainty).
    Value(f64),
    /// A share from counts; its value is `100 × numerator / denominator` (percent).
    Share(Share),
    /// The change of a share between a base period and now; its value is
    /// `100 × (now − base)` (percentage points).
    Change {
        /// The share now.
        now: Share,
        /// The share in the base period.
        base: Share,
    },
    /// No value, with the reason.
    Missing(Missing),
}

impl Observation {
    /// The indicator value, if any.
    pub fn value(&self) -> Option<f64> {
        match self {
            Observation::Value(x) => Some(*x),
            Observation::Share(s) => Some(100.0 * s.fraction()),
            Observation::Change { now, base } => Some(100.0 * (now.fraction() - base.fraction())),
            Observation::Missing(_) => None,
        }
    }
    /// True when the observation comes from counts (so its sampling uncertainty is known).
    pub fn has_counts(&self) -> bool {
        matches!(self, Observation::Share(_) | Observation::Change { .. })
    }
}

/// One area: its id, optional population and parent, and one observation per indicator.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaRow {
    /// The area's id.
    pub area_id: AreaId,
    /// Residents (used by the small-area rule and by population-weighted summaries).
    pub population: Option<u64>,
    /// The enclosing area, for higher-level summaries.
    pub parent_id: Option<AreaId>,
    /// One observation per indicator, in the table's indicator order.
    pub observations: Vec<Observation>,
}

/// The area-level table an index runs on.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaTable {
    indicators: Vec<String>,
    rows: Vec<AreaRow>,
}

impl AreaTable {
    /// A table; indicator names must be unique and non-empty, area ids unique, and every row
    /// must have one observation per indicator. Non-finite values become missing.
    pub fn new(indicators: Vec<String>, mut rows: Vec<AreaRow>) -> Result<Self, IndexError> {
        check_names(&indicators)?;
        let mut seen = std::collections::HashSet::new();
        for row in &mut rows {
            if row.observations.len() != indicators.len() {
                return Err(IndexError::table(
                    "area table",
                    format!(
                        "area {} has {} observations for {} indicators",
                        row.area_id,
                        row.observations.len(),
                        indicators.len()
                    ),
                ));
            }
            if !seen.insert(row.area_id.clone()) {
                return Err(IndexError::table(
                    "area table",
                    format!("area {} twice", row.area_id),
                ));
            }
            for o in &mut row.observations {
                if matches!(o, Observation::Value(x) if !x.is_finite()) {
                    *o = Observation::Missing(Missing::NoData);
                }
            }
        }
        Ok(AreaTable { indicators, rows })
    }
    /// The indicator names, in column order.
    pub fn indicators(&self) -> &[String] {
        &self.indicators
    }
    /// The rows, in input order.
    pub fn rows(&self) -> &[AreaRow] {
        &self.rows
    }
    /// The position of an indicator, if the table has it.
    pub fn indicator_index(&self, name: &str) -> Option<usize> {
        self.indicators.iter().position(|n| n == name)
    }
    /// True when at least one observation comes from counts.
    pub fn has_counts(&self) -> bool {
        self.rows
            .iter()
            .any(|r| r.observations.iter().any(Observation::has_counts))
    }
    /// The same table with other observations (same shape); used by the stability simulation.
    pub(crate) fn with_observations(&self, observations: Vec<Vec<Observation>>) -> AreaTable {
        let rows = self
            .rows
            .iter()
            .zip(observations)
            .map(|(r, obs)| AreaRow {
                observations: obs,
                ..r.clone()
            })
            .collect();
        AreaTable {
            indicators: self.indicators.clone(),
            rows,
        }
    }
}

fn check_names(indicators: &[String]) -> Result<(), IndexError> {
    let mut seen = std::collections::HashSet::new();
    for name in indicators {
        if name.trim().is_empty() {
            return Err(IndexError::table(
                "area table",
                "an indicator without a name",
            ));
        }
        if !seen.insert(name) {
            return Err(IndexError::table(
                "area table",
                format!("indicator {name:?} twice"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn observations_have_values_in_percent() {
        let s = Share::new(1, 4).unwrap();
        assert_eq!(Observation::Share(s).value(), Some(25.0));
        let base = Share::new(1, 10).unwrap();
        let change = Observation::Change { now: s, base };
        assert!((change.value().unwrap() - 15.0).abs() < 1e-12);
        assert!(Share::new(1, 0).is_err());
        assert!(Share::new(5, 4).is_err());
    }

    #[test]
    fn duplicate_areas_are_rejected() {
        let row = AreaRow {
            area_id: AreaId::new("a").unwrap(),
            population: None,
            parent_id: None,
            observations: vec![Observation::Value(1.0)],
        };
        let err = AreaTable::new(vec!["x".into()], vec![row.clone(), row]).unwrap_err();
        assert!(err.to_string().contains("twice"));
    }
}
