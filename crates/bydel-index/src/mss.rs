//! Berlin's *Monitoring Soziale Stadtentwicklung*: status and dynamics classes.
//!
//! Over the standardised areas (not small, not a named outlier, all indicators present): each
//! indicator is z-standardised (unweighted mean, the method's standard deviation), the z-scores
//! are added with weights, and the sum is z-standardised again. The status score falls into the
//! status classes (1 high … 4 very low), the dynamics score into `+`, `+/-`, `-`; together they
//! give one of the 12 groups (`2+/-`, `4-`, …). Each indicator's contribution is its weighted
//! z-score divided by the standard deviation of the sum, so the contributions add up to the score.

use serde::Serialize;

use bydel_model::AreaId;

use crate::bands::Bands;
use crate::classification::{Classification, Exclusion};
use crate::composite::{Column, Finish, score};
use crate::error::IndexError;
use crate::method::MssMethod;
use crate::resolve::{check_known, missing_indicator, resolve};
use crate::table::{AreaRow, AreaTable};

/// One area's MSS result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MssArea {
    /// The area.
    pub area_id: AreaId,
    /// Its residents, if given.
    pub population: Option<u64>,
    /// The status index (contributions in the order of [`MssResult::status_indicators`]).
    pub status: Classification,
    /// The dynamics index, when the method has dynamics indicators.
    pub dynamics: Option<Classification>,
}

impl MssArea {
    /// The combined group: status class then dynamics class (`3-`, `2+/-`), when both exist.
    pub fn group(&self) -> Option<String> {
        let dynamics = self.dynamics.as_ref()?.class()?;
        Some(format!("{}{}", self.status.class()?, dynamics))
    }
}

/// The MSS of every area, in input order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MssResult {
    /// The method's title.
    pub title: String,
    /// The status indicators, in contribution order.
    pub status_indicators: Vec<String>,
    /// The dynamics indicators, in contribution order (empty: no dynamics index).
    pub dynamics_indicators: Vec<String>,
    /// One result per area.
    pub areas: Vec<MssArea>,
}

/// Runs MSS on a table.
pub fn run_mss(method: &MssMethod, table: &AreaTable) -> Result<MssResult, IndexError> {
    let source = "mss";
    let dynamics = resolve(table, &method.dynamics, source)?;
    let status = if method.status.is_empty() {
        (0..table.indicators().len())
            .filter(|i| !dynamics.contains(i))
            .collect()
    } else {
        resolve(table, &method.status, source)?
    };
    if status.is_empty() {
        return Err(IndexError::method(source, "no status indicators"));
    }
    check_known(
        table,
        method.weights.keys().chain(method.directions.keys()),
        source,
    )?;
    let base = base_exclusions(method, table)?;
    let status_bands = Bands::new(method.status_classes.clone(), source, "status_classes")?;
    let status_results = index(method, table, &status, &base, &status_bands, "status")?;
    let dynamics_results = if dynamics.is_empty() {
        vec![None; table.rows().len()]
    } else {
        let bands = Bands::new(method.dynamics_classes.clone(), source, "dynamics_classes")?;
        index(method, table, &dynamics, &base, &bands, "dynamics")?
            .into_iter()
            .map(Some)
            .collect()
    };
    let areas = table
        .rows()
        .iter()
        .zip(status_results)
        .zip(dynamics_results)
        .map(|((row, status), dynamics)| MssArea {
            area_id: row.area_id.clone(),
            population: row.population,
            status,
            dynamics,
        })
        .collect();
    let names = |ix: &[usize]| ix.iter().map(|&i| table.indicators()[i].clone()).collect();
    Ok(MssResult {
        title: method.title.clone(),
        status_indicators: names(&status),
        dynamics_indicators: names(&dynamics),
        areas,
    })
}

/// The exclusions that do not depend on indicator values: small areas and named outliers.
fn base_exclusions(m: &MssMethod, table: &AreaTable) -> Result<Vec<Option<Exclusion>>, IndexError> {
    if m.min_population > 0 && table.rows().iter().all(|r| r.population.is_none()) {
        return Err(IndexError::Data(format!(
            "the method leaves out areas under {} residents, but the table has no population; \
             add a population column or set min_population = 0",
            m.min_population
        )));
    }
    Ok(table.rows().iter().map(|r| base_exclusion(m, r)).collect())
}

fn base_exclusion(m: &MssMethod, row: &AreaRow) -> Option<Exclusion> {
    if m.exclude.iter().any(|id| id == row.area_id.as_str()) {
        return Some(Exclusion::NamedOutlier);
    }
    match row.population {
        _ if m.min_population == 0 => None,
        None => Some(Exclusion::UnknownPopulation),
        Some(p) if p < m.min_population => Some(Exclusion::SmallPopulation {
            population: p,
            minimum: m.min_population,
        }),
        Some(_) => None,
    }
}

/// One index (status or dynamics) for every row.
fn index(
    m: &MssMethod,
    table: &AreaTable,
    indicators: &[usize],
    base: &[Option<Exclusion>],
    bands: &Bands,
    what: &str,
) -> Result<Vec<Classification>, IndexError> {
    let exclusions: Vec<Option<Exclusion>> = table
        .rows()
        .iter()
        .zip(base)
        .map(|(row, base)| {
            base.clone()
                .or_else(|| missing_indicator(table, row, indicators))
        })
        .collect();
    let members: Vec<usize> = (0..exclusions.len())
        .filter(|&r| exclusions[r].is_none())
        .collect();
    let columns = columns(m, table, indicators, &members);
    let mut scored =
        score(&columns, m.standard_deviation, Finish::Restandardise, what)?.into_iter();
    exclusions
        .into_iter()
        .map(|e| match e {
            Some(e) => Ok(Classification::NotClassified(e)),
            None => {
                let s = scored
                    .next()
                    .ok_or_else(|| IndexError::Internal("mss: short".into()))?;
                Ok(Classification::Classified {
                    class: bands.classify(s.score).label.clone(),
                    score: s.score,
                    contributions: s.contributions,
                    stability: None,
                })
            }
        })
        .collect()
}

fn columns<'a>(
    m: &MssMethod,
    t: &'a AreaTable,
    ix: &[usize],
    members: &[usize],
) -> Vec<Column<'a>> {
    ix.iter()
        .map(|&i| {
            let name = t.indicators()[i].as_str();
            Column {
                name,
                values: members
                    .iter()
                    .filter_map(|&r| t.rows()[r].observations[i].value())
                    .collect(),
                weight: m.weights.get(name).copied().unwrap_or(1.0),
                sign: m.directions.get(name).copied().unwrap_or_default().sign(),
            }
        })
        .collect()
}
