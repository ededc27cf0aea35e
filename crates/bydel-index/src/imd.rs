//! Deprivation ranks in the style of the English Indices of Deprivation.
//!
//! Per domain, the score is the weighted mean of its indicators' z-scores (over the areas with
//! every indicator). Domain scores are ranked ascending, R = rank / n (1/n least deprived, 1 most
//! deprived), and transformed exponentially: X = −C·ln(1 − R·(1 − e^(−100/C))), which spreads the
//! most deprived end over 0–100. The overall score is Σ w·X with the domain weights normalised to
//! add up to 1; each domain's contribution is its w·X. Overall rank 1 is the most deprived area,
//! and group (decile) 1 holds the most deprived tenth. Higher-level summaries ([`summarise`]) are
//! population-weighted averages of scores, never of ranks.

use std::collections::BTreeMap;

use serde::Serialize;

use bydel_model::{AreaId, Value};

use crate::classification::{Classification, Exclusion};
use crate::composite::{Column, Finish, score};
use crate::error::IndexError;
use crate::method::{Domain, ImdMethod, single_domain};
use crate::resolve::{check_known, complete_rows, resolve};
use crate::stats::ranks_ascending;
use crate::table::AreaTable;

/// One area's IMD result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImdArea {
    /// The area.
    pub area_id: AreaId,
    /// Its residents, if given.
    pub population: Option<u64>,
    /// Its parent area, if given.
    pub parent_id: Option<AreaId>,
    /// Overall rank, 1 = most deprived (when classified).
    pub rank: Option<usize>,
    /// Transformed domain scores X (0–100), in domain order (empty when not classified).
    pub domain_scores: Vec<f64>,
    /// Overall score, group (decile) label and domain contributions w·X.
    pub index: Classification,
}

/// The IMD of every area, in input order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImdResult {
    /// The method's title.
    pub title: String,
    /// Domain names, in contribution order.
    pub domains: Vec<String>,
    /// Domain weights, normalised to add up to 1.
    pub weights: Vec<f64>,
    /// One result per area.
    pub areas: Vec<ImdArea>,
}

/// A higher-level area's summary: the population-weighted average of its areas' scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImdSummary {
    /// The parent area.
    pub parent_id: AreaId,
    /// Its classified areas.
    pub areas: usize,
    /// Their residents.
    pub population: u64,
    /// Σ population·score / Σ population.
    pub average_score: Value,
    /// Rank among the parents by average score, 1 = most deprived.
    pub rank: Option<usize>,
}

/// Runs IMD on a table.
pub fn run_imd(method: &ImdMethod, table: &AreaTable) -> Result<ImdResult, IndexError> {
    let domains = domains(method, table);
    let all: Vec<String> = domains.iter().flat_map(|d| d.indicators.clone()).collect();
    let used = resolve(table, &all, "imd")?;
    check_known(table, method.directions.keys(), "imd")?;
    let weights = normalised_weights(method, &domains)?;
    let (exclusions, members) = complete_rows(table, &used, "imd")?;
    let mut transformed = vec![Vec::new(); members.len()];
    for d in &domains {
        let x = domain_transformed(method, table, d, &members)?;
        transformed.iter_mut().zip(x).for_each(|(t, x)| t.push(x));
    }
    let areas = assemble(method, table, &exclusions, &transformed, &weights);
    Ok(ImdResult {
        title: method.title.clone(),
        domains: domains.into_iter().map(|d| d.name).collect(),
        weights,
        areas,
    })
}

/// Population-weighted average scores per parent area (areas without a parent or a population
/// are left out).
pub fn summarise(result: &ImdResult) -> Vec<ImdSummary> {
    let mut groups: BTreeMap<AreaId, (usize, u64, f64)> = BTreeMap::new();
    for a in &result.areas {
        if let (Some(parent), Some(pop), Some(s)) = (&a.parent_id, a.population, a.index.score()) {
            let g = groups.entry(parent.clone()).or_default();
            *g = (g.0 + 1, g.1 + pop, g.2 + pop as f64 * s);
        }
    }
    let averages: Vec<Value> = groups
        .values()
        .map(|g| Value::ratio(g.2, g.1 as f64))
        .collect();
    let numbers: Vec<f64> = averages
        .iter()
        .filter_map(Value::number)
        .map(|x| -x)
        .collect();
    let ranks = ranks_ascending(&numbers);
    let mut next_rank = ranks.into_iter();
    groups
        .into_iter()
        .zip(averages)
        .map(
            |((parent_id, (areas, population, _)), average_score)| ImdSummary {
                parent_id,
                areas,
                population,
                rank: average_score.number().and_then(|_| next_rank.next()),
                average_score,
            },
        )
        .collect()
}

fn domains(method: &ImdMethod, table: &AreaTable) -> Vec<Domain> {
    if method.domains.is_empty() {
        table
            .indicators()
            .iter()
            .map(|i| single_domain(i))
            .collect()
    } else {
        method.domains.clone()
    }
}

fn normalised_weights(method: &ImdMethod, domains: &[Domain]) -> Result<Vec<f64>, IndexError> {
    let names: Vec<&str> = domains.iter().map(|d| d.name.as_str()).collect();
    if let Some(unknown) = method.weights.keys().find(|k| !names.contains(&k.as_str())) {
        let msg = format!(
            "weight for {unknown:?}, which is not a domain ({})",
            names.join(", ")
        );
        return Err(IndexError::method("imd", msg));
    }
    let raw: Vec<f64> = domains
        .iter()
        .map(|d| method.weights.get(&d.name).copied().unwrap_or(d.weight))
        .collect();
    let total: f64 = raw.iter().sum();
    if total <= 0.0 {
        return Err(IndexError::method("imd", "the domain weights add up to 0"));
    }
    Ok(raw.into_iter().map(|w| w / total).collect())
}

/// The exponentially transformed domain score of each member area.
fn domain_transformed(
    m: &ImdMethod,
    t: &AreaTable,
    d: &Domain,
    members: &[usize],
) -> Result<Vec<f64>, IndexError> {
    let columns: Vec<Column<'_>> = d
        .indicators
        .iter()
        .map(|name| {
            let i = t.indicator_index(name).unwrap_or_default();
            Column {
                name,
                values: members
                    .iter()
                    .filter_map(|&r| t.rows()[r].observations[i].value())
                    .collect(),
                weight: d.indicator_weights.get(name).copied().unwrap_or(1.0),
                sign: m.directions.get(name).copied().unwrap_or_default().sign(),
            }
        })
        .collect();
    let what = format!("imd domain {:?}", d.name);
    let scores: Vec<f64> = score(&columns, m.standard_deviation, Finish::WeightedMean, &what)?
        .into_iter()
        .map(|s| s.score)
        .collect();
    let n = scores.len() as f64;
    let c = m.exponential_constant;
    Ok(ranks_ascending(&scores)
        .into_iter()
        .map(|r| exponential(r as f64 / n, c))
        .collect())
}

/// X = −C·ln(1 − R·(1 − e^(−100/C))) for a normalised rank R in (0, 1].
pub fn exponential(r: f64, c: f64) -> f64 {
    -c * (1.0 - r * (1.0 - (-100.0 / c).exp())).ln()
}

fn assemble(
    m: &ImdMethod,
    t: &AreaTable,
    exclusions: &[Option<Exclusion>],
    transformed: &[Vec<f64>],
    weights: &[f64],
) -> Vec<ImdArea> {
    let scores: Vec<f64> = transformed
        .iter()
        .map(|x| x.iter().zip(weights).map(|(x, w)| x * w).sum())
        .collect();
    let negated: Vec<f64> = scores.iter().map(|s| -s).collect();
    let ranks = ranks_ascending(&negated);
    let n = scores.len();
    let mut member = 0;
    t.rows()
        .iter()
        .zip(exclusions)
        .map(|(row, exclusion)| {
            let (rank, domain_scores, index) = match exclusion {
                Some(e) => (None, Vec::new(), Classification::NotClassified(e.clone())),
                None => {
                    let k = member;
                    member += 1;
                    let group = (ranks[k] * m.groups).div_ceil(n);
                    let contributions = transformed[k].iter().zip(weights).map(|(x, w)| x * w);
                    let index = Classification::Classified {
                        score: scores[k],
                        class: group.to_string(),
                        contributions: contributions.collect(),
                        stability: None,
                    };
                    (Some(ranks[k]), transformed[k].clone(), index)
                }
            };
            ImdArea {
                area_id: row.area_id.clone(),
                population: row.population,
                parent_id: row.parent_id.clone(),
                rank,
                domain_scores,
                index,
            }
        })
        .collect()
}
