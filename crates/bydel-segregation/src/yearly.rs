//! Year-by-year analysis from the aggregation's counts table: what `bydel demo` and the analysis
//! command show for segregation.
//!
//! For every year with data, the chosen indices with bootstrap intervals and the
//! random-allocation baseline, and (optionally) Theil's H split between and within the areas'
//! parents. Years run in parallel; each year uses the same seed, so a year's result does not
//! depend on which other years are present.

use bydel_model::{CountsTable, Year};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::decomposition::{TheilSplit, theil_split};
use crate::error::SegregationError;
use crate::index::Index;
use crate::inference::{Estimate, Resampling, estimate};
use crate::table::{Selection, counts_all_years, parents_of};

/// Whether to split Theil's H by the areas' parents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Split {
    /// No split.
    None,
    /// Between and within the parents named in the area descriptions (`parent_id`).
    ByParent,
}

/// One year's segregation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YearResult {
    /// The data year.
    pub year: Year,
    /// Number of areas with data.
    pub areas: usize,
    /// Their population.
    pub population: u64,
    /// The indices with intervals.
    pub estimates: Vec<Estimate>,
    /// The between/within split, when asked for.
    pub split: Option<TheilSplit>,
}

/// Analyses every year of the table that has data for the selection, in year order.
pub fn analyse_years(
    table: &CountsTable,
    selection: &Selection,
    indices: &[Index],
    settings: &Resampling,
    split: Split,
) -> Result<Vec<YearResult>, SegregationError> {
    counts_all_years(table, selection)?
        .par_iter()
        .map(|(year, counts)| {
            let split = match split {
                Split::None => None,
                Split::ByParent => Some(theil_split(
                    counts,
                    &parents_of(table, &selection.kind, counts),
                )?),
            };
            Ok(YearResult {
                year: *year,
                areas: counts.len(),
                population: counts.grand_total(),
                estimates: estimate(counts, indices, settings)?,
                split,
            })
        })
        .collect()
}
