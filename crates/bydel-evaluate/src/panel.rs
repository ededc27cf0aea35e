//! An outcome as a balanced area × year panel of shares.
//!
//! An [`Outcome`] is a ratio of two measures of the counts table (numerator persons out of
//! denominator persons, the numerator divided by `scale` first, e.g. micro-FTE → persons). A
//! [`Panel`] holds the counts of every area of one layer that has the outcome in every year of a
//! range, so that each area's path is complete (the estimators need balanced panels). Areas with a
//! gap or a denominator below the minimum are left out and listed.

use bydel_model::{AreaId, CountsTable, Kind, Year};
use serde::{Deserialize, Serialize};

use crate::EvaluateError;

/// A share outcome: `numerator / scale` out of `denominator`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Outcome {
    /// A short id (e.g. the indicator id `youth_education_25`).
    pub id: String,
    /// The Danish name used in verdicts (e.g. "25-årige med en afsluttet ungdomsuddannelse").
    pub name_da: String,
    /// The numerator measure.
    pub numerator: String,
    /// The denominator measure.
    pub denominator: String,
    /// The numerator is divided by this first (1 for persons, 1,000,000 for micro-FTE).
    pub scale: f64,
}

/// Which areas and years a panel is drawn from.
#[derive(Debug, Clone, PartialEq)]
pub struct PanelRequest {
    /// The layer (e.g. `housing_area`).
    pub kind: Kind,
    /// First and last data year (inclusive); `None` takes every year of the counts table.
    pub years: Option<(Year, Year)>,
    /// An area enters only if its denominator is at least this in every year.
    pub min_denominator: i64,
    /// Restrict to areas of these municipalities (empty: the whole country).
    pub municipalities: Vec<u16>,
}

/// A balanced panel: every area has numerator and denominator in every year.
#[derive(Debug, Clone, PartialEq)]
pub struct Panel {
    outcome: Outcome,
    kind: Kind,
    areas: Vec<AreaId>,
    years: Vec<Year>,
    numerator: Vec<f64>,
    denominator: Vec<f64>,
    excluded: Vec<AreaId>,
}

impl Panel {
    /// A panel from plain vectors: `numerator[a][t]` and `denominator[a][t]` for area `a` and the
    /// `t`-th year. Every denominator must be positive.
    pub fn new(
        outcome: Outcome,
        kind: Kind,
        areas: Vec<AreaId>,
        years: Vec<Year>,
        numerator: Vec<Vec<f64>>,
        denominator: Vec<Vec<f64>>,
    ) -> Result<Self, EvaluateError> {
        let width = years.len();
        if numerator.len() != areas.len() || denominator.len() != areas.len() {
            return Err(EvaluateError::Data(
                "panel: one row per area expected".into(),
            ));
        }
        for (a, (n, d)) in areas.iter().zip(numerator.iter().zip(&denominator)) {
            if n.len() != width || d.len() != width || d.iter().any(|&x| x <= 0.0) {
                return Err(EvaluateError::Data(format!(
                    "panel: area {a} needs {width} years with a positive denominator"
                )));
            }
        }
        if years.windows(2).any(|w| w[1].get() != w[0].get() + 1) {
            return Err(EvaluateError::Data(
                "panel: years must be consecutive".into(),
            ));
        }
        Ok(Panel {
            outcome,
            kind,
            areas,
            years,
            numerator: numerator.concat(),
            denominator: denominator.concat(),
            excluded: Vec::new(),
        })
    }

    /// The panel of an outcome over every area of a layer in the counts table.
    pub fn from_counts(
        counts: &CountsTable,
        outcome: &Outcome,
        request: &PanelRequest,
    ) -> Result<Self, EvaluateError> {
        let all: Vec<Year> = counts.years().into_iter().collect();
        let (first, last) = match (request.years, all.first(), all.last()) {
            (Some(r), _, _) => r,
            (None, Some(&f), Some(&l)) => (f, l),
            _ => return Err(EvaluateError::Data("the counts table has no years".into())),
        };
        let years: Vec<Year> = (first.get()..=last.get())
            .filter_map(|y| Year::new(y).ok())
            .collect();
        let mut panel = Panel {
            outcome: outcome.clone(),
            kind: request.kind.clone(),
            areas: Vec::new(),
            years,
            numerator: Vec::new(),
            denominator: Vec::new(),
            excluded: Vec::new(),
        };
        for info in counts.areas_of(&request.kind) {
            let in_scope = request.municipalities.is_empty()
                || info
                    .municipality
                    .is_some_and(|m| request.municipalities.contains(&m));
            if !in_scope {
                continue;
            }
            match area_row(
                counts,
                &request.kind,
                &info.area_id,
                outcome,
                &panel.years,
                request.min_denominator,
            ) {
                Some((n, d)) => {
                    panel.areas.push(info.area_id.clone());
                    panel.numerator.extend(n);
                    panel.denominator.extend(d);
                }
                None => panel.excluded.push(info.area_id.clone()),
            }
        }
        if panel.areas.is_empty() {
            return Err(EvaluateError::Data(format!(
                "no {} area has {} / {} in every year {first}–{last} with a denominator of at least {}",
                request.kind, outcome.numerator, outcome.denominator, request.min_denominator
            )));
        }
        Ok(panel)
    }

    /// The same panel without the given areas (e.g. other intervention areas, which must not serve
    /// as controls); they are listed as excluded.
    pub fn without(&self, drop: &std::collections::BTreeSet<AreaId>) -> Panel {
        let width = self.years.len();
        let mut out = Panel {
            outcome: self.outcome.clone(),
            kind: self.kind.clone(),
            areas: Vec::new(),
            years: self.years.clone(),
            numerator: Vec::new(),
            denominator: Vec::new(),
            excluded: self.excluded.clone(),
        };
        for (a, area) in self.areas.iter().enumerate() {
            if drop.contains(area) {
                out.excluded.push(area.clone());
                continue;
            }
            out.areas.push(area.clone());
            out.numerator
                .extend_from_slice(&self.numerator[a * width..(a + 1) * width]);
            out.denominator
                .extend_from_slice(&self.denominator[a * width..(a + 1) * width]);
        }
        out
    }

    /// The outcome.
    pub fn outcome(&self) -> &Outcome {
        &self.outcome
    }

    /// The layer.
    pub fn kind(&self) -> &Kind {
        &self.kind
    }

    /// The areas, in row order.
    pub fn areas(&self) -> &[AreaId] {
        &self.areas
    }

    /// The years, consecutive.
    pub fn years(&self) -> &[Year] {
        &self.years
    }

    /// Areas of the layer left out (a missing year or a too small denominator).
    pub fn excluded(&self) -> &[AreaId] {
        &self.excluded
    }

    /// The row of an area.
    pub fn index_of(&self, area: &AreaId) -> Option<usize> {
        self.areas.iter().position(|a| a == area)
    }

    /// The column of a year.
    pub fn year_index(&self, year: Year) -> Option<usize> {
        let i = year.get() - self.years.first()?.get();
        (i >= 0 && (i as usize) < self.years.len()).then_some(i as usize)
    }

    /// The share of area row `a` in year column `t`.
    pub fn share(&self, a: usize, t: usize) -> f64 {
        let i = a * self.years.len() + t;
        self.numerator[i] / self.outcome.scale / self.denominator[i]
    }

    /// The denominator of area row `a` in year column `t`.
    pub fn denominator(&self, a: usize, t: usize) -> f64 {
        self.denominator[a * self.years.len() + t]
    }

    /// Every area's path of shares, row by row.
    pub fn shares(&self) -> Vec<Vec<f64>> {
        (0..self.areas.len())
            .map(|a| (0..self.years.len()).map(|t| self.share(a, t)).collect())
            .collect()
    }
}

fn area_row(
    counts: &CountsTable,
    kind: &Kind,
    area: &AreaId,
    outcome: &Outcome,
    years: &[Year],
    min_denominator: i64,
) -> Option<(Vec<f64>, Vec<f64>)> {
    let mut n = Vec::with_capacity(years.len());
    let mut d = Vec::with_capacity(years.len());
    for &y in years {
        let den = counts.get(kind, area, y, &outcome.denominator)?;
        if den < min_denominator.max(1) {
            return None;
        }
        n.push(counts.get(kind, area, y, &outcome.numerator).unwrap_or(0) as f64);
        d.push(den as f64);
    }
    Some((n, d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use bydel_model::{AreaInfo, CountKey};

    fn outcome() -> Outcome {
        Outcome {
            id: "x".into(),
            name_da: "x".into(),
            numerator: "num".into(),
            denominator: "den".into(),
            scale: 1.0,
        }
    }

    #[test]
    fn from_counts_keeps_complete_areas_only() {
        let kind = Kind::new("housing_area").unwrap();
        let mut c = CountsTable::new(["num".to_string(), "den".to_string()]);
        for (id, years) in [("a", 2018..=2020), ("b", 2019..=2020)] {
            let area_id = AreaId::new(id).unwrap();
            c.add_area(AreaInfo {
                kind: kind.clone(),
                area_id: area_id.clone(),
                name: id.into(),
                parent_id: None,
                municipality: Some(159),
                region: Some(1084),
            });
            for y in years {
                let key = CountKey {
                    kind: kind.clone(),
                    area_id: area_id.clone(),
                    year: Year::new(y).unwrap(),
                };
                c.set(key.clone(), "num", 3);
                c.set(key, "den", 10);
            }
        }
        let req = PanelRequest {
            kind,
            years: None,
            min_denominator: 1,
            municipalities: vec![],
        };
        let p = Panel::from_counts(&c, &outcome(), &req).unwrap();
        assert_eq!(p.areas().len(), 1);
        assert_eq!(p.excluded().len(), 1);
        assert_eq!(p.years().len(), 3);
        assert!((p.share(0, 2) - 0.3).abs() < 1e-12);
        assert_eq!(p.year_index(Year::new(2019).unwrap()), Some(1));
        let drop = [AreaId::new("a").unwrap()].into_iter().collect();
        let q = p.without(&drop);
        assert!(q.areas().is_empty());
        assert_eq!(q.excluded().len(), 2);
    }
}
