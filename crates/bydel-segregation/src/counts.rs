//! The input of every index: persons counted per area and group.
//!
//! [`AreaCounts`] holds one row per area and one column per group, as exact integers. Two designs
//! exist ([`Design`]): a *single group* against the rest of the population (columns `group` and
//! `rest`, built from a group count and a total), and *several groups* that partition the
//! population (multigroup). Areas with nobody in them are kept: they contribute nothing to any
//! index, and local measures report them as missing.

use serde::{Deserialize, Serialize};

use crate::error::SegregationError;

/// Which kind of input the counts are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Design {
    /// One group against everyone else: column 0 is the group, column 1 the rest.
    SingleGroup,
    /// Several groups that together make up the whole population.
    MultiGroup,
}

/// Counts per area (rows) and group (columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaCounts {
    design: Design,
    ids: Vec<String>,
    groups: Vec<String>,
    counts: Vec<u64>,
}

/// The largest population (sum of all counts) accepted: 2^53, the largest integer below which
/// every count and sum is exact in the `f64` arithmetic of the indices, and far above any
/// country's population. Larger counts are refused with an error instead of overflowing.
pub const MAX_POPULATION: u64 = 1 << 53;

/// The name given to the complement column of a single-group design.
pub const REST: &str = "rest";

impl AreaCounts {
    /// A single group against the rest: `group[i]` of `total[i]` persons in area `ids[i]`.
    pub fn single_group(
        group_name: &str,
        ids: Vec<String>,
        group: &[u64],
        total: &[u64],
    ) -> Result<Self, SegregationError> {
        check_lengths(ids.len(), group.len(), "group counts")?;
        check_lengths(ids.len(), total.len(), "totals")?;
        let mut counts = Vec::with_capacity(2 * ids.len());
        for (i, (&g, &t)) in group.iter().zip(total).enumerate() {
            if g > t {
                return Err(SegregationError::Area {
                    area: ids[i].clone(),
                    problem: format!("group count {g} is larger than the total {t}"),
                });
            }
            counts.extend([g, t - g]);
        }
        let groups = vec![group_name.to_string(), REST.to_string()];
        Self::build(Design::SingleGroup, ids, groups, counts)
    }

    /// Several groups that partition the population: `rows[i][k]` persons of group `k` in area
    /// `ids[i]`. At least two groups are required.
    pub fn multi_group(
        groups: Vec<String>,
        ids: Vec<String>,
        rows: &[Vec<u64>],
    ) -> Result<Self, SegregationError> {
        if groups.len() < 2 {
            return Err(SegregationError::Usage(
                "multigroup indices need at least two groups".into(),
            ));
        }
        check_lengths(ids.len(), rows.len(), "rows of counts")?;
        let mut counts = Vec::with_capacity(groups.len() * ids.len());
        for (i, row) in rows.iter().enumerate() {
            if row.len() != groups.len() {
                return Err(SegregationError::Area {
                    area: ids[i].clone(),
                    problem: format!("{} counts for {} groups", row.len(), groups.len()),
                });
            }
            counts.extend_from_slice(row);
        }
        Self::build(Design::MultiGroup, ids, groups, counts)
    }

    /// One group of a multigroup table against the rest of the population.
    pub fn group_against_rest(&self, k: usize) -> Result<Self, SegregationError> {
        let name = self.groups.get(k).ok_or_else(|| {
            SegregationError::Usage(format!("group {k} does not exist ({} groups)", self.k()))
        })?;
        let group: Vec<u64> = (0..self.len()).map(|i| self.row(i)[k]).collect();
        let total: Vec<u64> = (0..self.len()).map(|i| self.total(i)).collect();
        Self::single_group(name, self.ids.clone(), &group, &total)
    }

    /// The design.
    pub fn design(&self) -> Design {
        self.design
    }
    /// Number of areas.
    pub fn len(&self) -> usize {
        self.ids.len()
    }
    /// True when there are no areas.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
    /// Number of groups (columns); 2 for a single-group design.
    pub fn k(&self) -> usize {
        self.groups.len()
    }
    /// The area ids, in row order.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }
    /// The group names, in column order.
    pub fn groups(&self) -> &[String] {
        &self.groups
    }
    /// Area `i`'s counts per group.
    pub fn row(&self, i: usize) -> &[u64] {
        let k = self.k();
        &self.counts[i * k..(i + 1) * k]
    }
    /// Area `i`'s population.
    pub fn total(&self, i: usize) -> u64 {
        self.row(i).iter().sum()
    }
    /// The counts, row-major (area by area).
    pub fn flat(&self) -> &[u64] {
        &self.counts
    }
    /// Each group's total over all areas.
    pub fn group_totals(&self) -> Vec<u64> {
        let mut out = vec![0u64; self.k()];
        for row in self.counts.chunks_exact(self.k()) {
            out.iter_mut().zip(row).for_each(|(o, c)| *o += c);
        }
        out
    }
    /// The whole population.
    pub fn grand_total(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The same areas and groups with other counts (same shape); used by resampling.
    pub(crate) fn with_counts(&self, counts: Vec<u64>) -> AreaCounts {
        debug_assert_eq!(counts.len(), self.counts.len());
        AreaCounts {
            counts,
            ..self.clone_shape()
        }
    }

    /// A subset of the areas (by row index), keeping the order given.
    pub fn select(&self, rows: &[usize]) -> AreaCounts {
        let ids = rows.iter().map(|&i| self.ids[i].clone()).collect();
        let counts = rows
            .iter()
            .flat_map(|&i| self.row(i).iter().copied())
            .collect();
        AreaCounts {
            design: self.design,
            ids,
            groups: self.groups.clone(),
            counts,
        }
    }

    fn clone_shape(&self) -> AreaCounts {
        AreaCounts {
            design: self.design,
            ids: self.ids.clone(),
            groups: self.groups.clone(),
            counts: Vec::new(),
        }
    }

    fn build(
        design: Design,
        ids: Vec<String>,
        groups: Vec<String>,
        counts: Vec<u64>,
    ) -> Result<Self, SegregationError> {
        let mut total = 0u64;
        for (i, c) in counts.iter().enumerate() {
            total = total.saturating_add(*c);
            if total > MAX_POPULATION {
                let area = &ids[i / groups.len().max(1)];
                return Err(SegregationError::Area {
                    area: area.clone(),
                    problem: format!(
                        "the counts up to this area sum to more than {MAX_POPULATION} persons, \
                         the most the indices compute exactly; check the units (persons, not \
                         kroner or per-mille)"
                    ),
                });
            }
        }
        let mut seen = std::collections::HashSet::new();
        if let Some(dup) = ids.iter().find(|id| !seen.insert(id.as_str())) {
            return Err(SegregationError::Area {
                area: dup.clone(),
                problem: "the area id appears more than once".into(),
            });
        }
        let mut names = std::collections::HashSet::new();
        if let Some(dup) = groups.iter().find(|g| !names.insert(g.as_str())) {
            return Err(SegregationError::Usage(format!(
                "group {dup:?} is listed twice"
            )));
        }
        Ok(AreaCounts {
            design,
            ids,
            groups,
            counts,
        })
    }
}

fn check_lengths(ids: usize, other: usize, what: &str) -> Result<(), SegregationError> {
    if ids == other {
        Ok(())
    } else {
        Err(SegregationError::Usage(format!(
            "{ids} area ids but {other} {what}"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("a{i}")).collect()
    }

    #[test]
    fn single_group_builds_group_and_rest() {
        let c = AreaCounts::single_group("nw", ids(2), &[1, 5], &[4, 5]).unwrap();
        assert_eq!(c.row(0), &[1, 3]);
        assert_eq!(c.row(1), &[5, 0]);
        assert_eq!(c.group_totals(), vec![6, 3]);
        assert_eq!(c.grand_total(), 9);
    }

    #[test]
    fn group_larger_than_total_is_an_error() {
        let e = AreaCounts::single_group("nw", ids(1), &[5], &[4]).unwrap_err();
        assert!(e.to_string().contains("a0"), "{e}");
    }

    #[test]
    fn duplicate_ids_are_an_error() {
        let e = AreaCounts::single_group("nw", vec!["x".into(), "x".into()], &[1, 1], &[2, 2]);
        assert!(matches!(e, Err(SegregationError::Area { .. })));
    }

    #[test]
    fn group_against_rest_of_multigroup() {
        let g = vec!["a".to_string(), "b".into(), "c".into()];
        let m = AreaCounts::multi_group(g, ids(2), &[vec![1, 2, 3], vec![4, 0, 1]]).unwrap();
        let s = m.group_against_rest(2).unwrap();
        assert_eq!(s.row(0), &[3, 3]);
        assert_eq!(s.groups()[0], "c");
    }
}
