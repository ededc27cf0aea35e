//! Count inputs from the aggregation's [`CountsTable`] (the microdata path).
//!
//! A [`Selection`] names the layer (e.g. `housing_area`), which of its areas to use (all, or
//! those of one municipality) and the measures that define the groups, e.g. `non_western`
//! against `residents`. An area is used in a year when it has all the selected measures that
//! year; an area with some but not all of them is an error (the table is inconsistent), and an
//! area with none is absent that year. Areas are taken from the table's area descriptions
//! (`areas.csv`), in id order.

use bydel_model::{AreaId, CountsTable, Kind, Year};
use serde::{Deserialize, Serialize};

use crate::counts::AreaCounts;
use crate::error::SegregationError;

/// Which areas of the layer to use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaFilter {
    /// Every area of the layer (e.g. the whole country).
    All,
    /// The areas of one municipality (by code, e.g. 159 for Gladsaxe).
    Municipality(u16),
}

/// Which measures define the groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Groups {
    /// One group measure against a total measure (e.g. `non_western` of `residents`).
    Single {
        /// The group's measure.
        group: String,
        /// The total's measure.
        total: String,
    },
    /// Measures that partition the population.
    Multi(Vec<String>),
}

/// What to take from a counts table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Selection {
    /// The layer.
    pub kind: Kind,
    /// Which of its areas.
    pub filter: AreaFilter,
    /// The groups.
    pub groups: Groups,
}

/// The counts of one year; `None` when no selected area has data that year.
pub fn counts_for_year(
    table: &CountsTable,
    selection: &Selection,
    year: Year,
) -> Result<Option<AreaCounts>, SegregationError> {
    let measures: Vec<&str> = match &selection.groups {
        Groups::Single { group, total } => vec![group, total],
        Groups::Multi(m) => m.iter().map(String::as_str).collect(),
    };
    let (mut ids, mut rows) = (Vec::new(), Vec::new());
    for id in selected_areas(table, selection) {
        let values: Vec<Option<i64>> = measures
            .iter()
            .map(|m| table.get(&selection.kind, &id, year, m))
            .collect();
        if values.iter().all(Option::is_none) {
            continue;
        }
        rows.push(to_counts(&id, &measures, &values)?);
        ids.push(id.as_str().to_string());
    }
    if ids.is_empty() {
        return Ok(None);
    }
    let counts = match &selection.groups {
        Groups::Single { group, .. } => {
            let g: Vec<u64> = rows.iter().map(|r| r[0]).collect();
            let t: Vec<u64> = rows.iter().map(|r| r[1]).collect();
            AreaCounts::single_group(group, ids, &g, &t)?
        }
        Groups::Multi(m) => AreaCounts::multi_group(m.clone(), ids, &rows)?,
    };
    Ok(Some(counts))
}

/// The counts of every year of the table that has data for the selection, in year order.
pub fn counts_all_years(
    table: &CountsTable,
    selection: &Selection,
) -> Result<Vec<(Year, AreaCounts)>, SegregationError> {
    let mut out = Vec::new();
    for year in table.years() {
        if let Some(c) = counts_for_year(table, selection, year)? {
            out.push((year, c));
        }
    }
    Ok(out)
}

/// Each area's parent id (from the area descriptions), in the counts' row order; an area without
/// a parent is its own parent.
pub fn parents_of(table: &CountsTable, kind: &Kind, counts: &AreaCounts) -> Vec<String> {
    counts
        .ids()
        .iter()
        .map(|id| {
            let parent = AreaId::new(id.as_str())
                .ok()
                .and_then(|a| table.area(kind, &a))
                .and_then(|info| info.parent_id.clone());
            parent.map_or_else(|| id.clone(), |p| p.as_str().to_string())
        })
        .collect()
}

fn selected_areas(table: &CountsTable, selection: &Selection) -> Vec<AreaId> {
    table
        .areas_of(&selection.kind)
        .filter(|a| match selection.filter {
            AreaFilter::All => true,
            AreaFilter::Municipality(code) => a.municipality == Some(code),
        })
        .map(|a| a.area_id.clone())
        .collect()
}

fn to_counts(
    id: &AreaId,
    measures: &[&str],
    values: &[Option<i64>],
) -> Result<Vec<u64>, SegregationError> {
    measures
        .iter()
        .zip(values)
        .map(|(m, v)| match v {
            None => Err(area_error(id, format!("measure {m:?} is missing"))),
            Some(x) => u64::try_from(*x)
                .map_err(|_| area_error(id, format!("measure {m:?} is negative ({x})"))),
        })
        .collect()
}

fn area_error(id: &AreaId, problem: String) -> SegregationError {
    SegregationError::Area {
        area: id.as_str().to_string(),
        problem,
    }
}
