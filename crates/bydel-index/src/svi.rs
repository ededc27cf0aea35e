//! Vulnerability percentiles in the style of the CDC/ATSDR Social Vulnerability Index.
//!
//! Over the areas with every indicator: each indicator's percentile rank
//! `EPL = (rank − 1) / (n − 1)` (ascending, ties share the lowest rank; reversed for
//! higher-is-better indicators); per theme the sum of its EPLs, ranked again into the theme
//! percentile; the sum of the theme sums ranked into the overall percentile (the score), which
//! falls into the method's classes (quartiles). An indicator at or above `flag_at` (0.90) is
//! flagged, and flags are counted per area. An indicator's contribution is its EPL: the
//! contributions add up to the overall sum that is ranked.

use serde::Serialize;

use bydel_model::AreaId;

use crate::bands::Bands;
use crate::classification::Classification;
use crate::error::IndexError;
use crate::method::{SviMethod, Theme};
use crate::resolve::{check_known, complete_rows, resolve};
use crate::stats::percentile_ranks;
use crate::table::AreaTable;

/// One area's SVI result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SviArea {
    /// The area.
    pub area_id: AreaId,
    /// Its residents, if given.
    pub population: Option<u64>,
    /// Percentile rank of each theme sum, in theme order (empty when not classified).
    pub theme_percentiles: Vec<f64>,
    /// Flags (EPL ≥ `flag_at`) per indicator, in indicator order (empty when not classified).
    pub flags: Vec<bool>,
    /// Overall percentile, its class and each indicator's EPL.
    pub index: Classification,
}

impl SviArea {
    /// The number of flagged indicators.
    pub fn flag_count(&self) -> usize {
        self.flags.iter().filter(|f| **f).count()
    }
}

/// The SVI of every area, in input order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SviResult {
    /// The method's title.
    pub title: String,
    /// Theme names.
    pub themes: Vec<String>,
    /// Indicator names, theme by theme (the order of flags and contributions).
    pub indicators: Vec<String>,
    /// One result per area.
    pub areas: Vec<SviArea>,
}

/// Runs SVI on a table.
pub fn run_svi(method: &SviMethod, table: &AreaTable) -> Result<SviResult, IndexError> {
    let themes = themes(method, table);
    let names: Vec<String> = themes.iter().flat_map(|t| t.indicators.clone()).collect();
    let used = resolve(table, &names, "svi")?;
    check_known(table, method.directions.keys(), "svi")?;
    let bands = Bands::new(method.classes.clone(), "svi", "classes")?;
    let (exclusions, members) = complete_rows(table, &used, "svi")?;
    let epl = indicator_percentiles(method, table, &used, &members);
    let sizes: Vec<usize> = themes.iter().map(|t| t.indicators.len()).collect();
    let theme_sums: Vec<Vec<f64>> = epl.iter().map(|e| theme_sums(e, &sizes)).collect();
    let theme_pct = transpose(
        &(0..sizes.len())
            .map(|k| pct_of(&theme_sums, k))
            .collect::<Vec<_>>(),
    );
    let overall: Vec<f64> = theme_sums.iter().map(|s| s.iter().sum()).collect();
    let overall_pct = percentile_ranks(&overall);
    let mut k = 0;
    let areas = table
        .rows()
        .iter()
        .zip(exclusions)
        .map(|(row, exclusion)| {
            let (theme_percentiles, flags, index) = match exclusion {
                Some(e) => (Vec::new(), Vec::new(), Classification::NotClassified(e)),
                None => {
                    k += 1;
                    let flags = epl[k - 1].iter().map(|p| *p >= method.flag_at).collect();
                    let index = Classification::Classified {
                        score: overall_pct[k - 1],
                        class: bands.classify(overall_pct[k - 1]).label.clone(),
                        contributions: epl[k - 1].clone(),
                        stability: None,
                    };
                    (theme_pct[k - 1].clone(), flags, index)
                }
            };
            SviArea {
                area_id: row.area_id.clone(),
                population: row.population,
                theme_percentiles,
                flags,
                index,
            }
        })
        .collect();
    let themes = themes.into_iter().map(|t| t.name).collect();
    Ok(SviResult {
        title: method.title.clone(),
        themes,
        indicators: names,
        areas,
    })
}

fn themes(method: &SviMethod, table: &AreaTable) -> Vec<Theme> {
    if method.themes.is_empty() {
        vec![Theme {
            name: "all".into(),
            indicators: table.indicators().to_vec(),
        }]
    } else {
        method.themes.clone()
    }
}

/// EPL per member area (rows) and indicator (columns).
fn indicator_percentiles(
    m: &SviMethod,
    t: &AreaTable,
    used: &[usize],
    members: &[usize],
) -> Vec<Vec<f64>> {
    let columns: Vec<Vec<f64>> = used
        .iter()
        .map(|&i| {
            let sign = m
                .directions
                .get(&t.indicators()[i])
                .copied()
                .unwrap_or_default()
                .sign();
            let values: Vec<f64> = members
                .iter()
                .filter_map(|&r| t.rows()[r].observations[i].value())
                .map(|x| sign * x)
                .collect();
            percentile_ranks(&values)
        })
        .collect();
    transpose(&columns)
}

fn theme_sums(epl: &[f64], sizes: &[usize]) -> Vec<f64> {
    let mut start = 0;
    sizes
        .iter()
        .map(|&n| {
            start += n;
            epl[start - n..start].iter().sum()
        })
        .collect()
}

/// Percentile ranks of column `k` of a row-major matrix.
fn pct_of(rows: &[Vec<f64>], k: usize) -> Vec<f64> {
    percentile_ranks(&rows.iter().map(|r| r[k]).collect::<Vec<_>>())
}

fn transpose(columns: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n = columns.first().map_or(0, Vec::len);
    (0..n)
        .map(|r| columns.iter().map(|c| c[r]).collect())
        .collect()
}
