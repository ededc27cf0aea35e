//! Spatial segregation: neighbourhood weights, local environments and spatial dissimilarity.
//!
//! [`Neighbours`] holds sparse weights `w_ij` between areas (by row index of the
//! [`AreaCounts`]): contiguity, distance bands or kernels, built elsewhere (bydel-geo) from the
//! area polygons. Two spatial approaches are offered:
//!
//! * **Local environments** (Reardon & O'Sullivan 2004, as PySAL's spatially implicit indices with
//!   a `w`): each area's counts are replaced by the weighted sum over the area itself (weight 1)
//!   and its neighbours, `x̃_ik = x_ik + Σ_j w_ij x_jk`, rounded to the nearest integer (ties to
//!   even, as numpy), and any index is computed on these environments. For a single-group design
//!   the group and the total are smoothed (the rest is their difference), as in PySAL.
//! * **Spatial dissimilarity** (Morrill 1991): `D(adj) = D − Σ_ij w_ij |p_i − p_j| / Σ_ij w_ij`,
//!   which discounts differences between adjacent areas.

use bydel_model::{Missing, Value};

use crate::counts::{AreaCounts, Design};
use crate::error::SegregationError;
use crate::single::{Shares, SingleIndex};

/// Sparse, non-negative weights between areas, by row index; no area is its own neighbour.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbours {
    lists: Vec<Vec<(usize, f64)>>,
}

impl Neighbours {
    /// Weights for `n` areas from `(i, j, w_ij)` links. Links need not be symmetric. An index out
    /// of range, a self-link, a repeated link or a weight that is negative or not finite is an
    /// error.
    pub fn new(
        n: usize,
        links: impl IntoIterator<Item = (usize, usize, f64)>,
    ) -> Result<Neighbours, SegregationError> {
        let mut lists = vec![Vec::new(); n];
        for (i, j, w) in links {
            check_link(n, i, j, w)?;
            lists[i].push((j, w));
        }
        for (i, list) in lists.iter_mut().enumerate() {
            list.sort_by_key(|l| l.0);
            if list.windows(2).any(|p| p[0].0 == p[1].0) {
                let msg = format!("area {i} lists the same neighbour twice");
                return Err(SegregationError::Neighbours(msg));
            }
        }
        Ok(Neighbours { lists })
    }

    /// Weights from links between area ids, aligned to the rows of `counts`. Links that name an
    /// id absent from `counts` are an error.
    pub fn from_ids<'a>(
        counts: &AreaCounts,
        links: impl IntoIterator<Item = (&'a str, &'a str, f64)>,
    ) -> Result<Neighbours, SegregationError> {
        let index: std::collections::HashMap<&str, usize> = counts
            .ids()
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), i))
            .collect();
        let find = |id: &str| {
            index.get(id).copied().ok_or_else(|| {
                SegregationError::Neighbours(format!("area {id:?} is not in the counts"))
            })
        };
        let mut resolved = Vec::new();
        for (a, b, w) in links {
            resolved.push((find(a)?, find(b)?, w));
        }
        Neighbours::new(counts.len(), resolved)
    }

    /// Number of areas.
    pub fn len(&self) -> usize {
        self.lists.len()
    }
    /// True when there are no areas.
    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }
    /// Area `i`'s neighbours and weights, by neighbour index.
    pub fn of(&self, i: usize) -> &[(usize, f64)] {
        &self.lists[i]
    }
    /// The same links with each area's weights scaled to sum to 1 (PySAL's transform `"r"`);
    /// an area without neighbours stays without.
    pub fn row_standardized(&self) -> Neighbours {
        let lists = self
            .lists
            .iter()
            .map(|l| {
                let s: f64 = l.iter().map(|x| x.1).sum();
                l.iter()
                    .map(|&(j, w)| (j, if s > 0.0 { w / s } else { 0.0 }))
                    .collect()
            })
            .collect();
        Neighbours { lists }
    }
}

/// Each area's local environment: its own counts plus its neighbours' weighted counts, rounded.
pub fn local_environment(
    counts: &AreaCounts,
    neighbours: &Neighbours,
) -> Result<AreaCounts, SegregationError> {
    check_size(counts, neighbours)?;
    let lag = |value: &dyn Fn(usize) -> u64, i: usize| -> u64 {
        let s: f64 = neighbours
            .of(i)
            .iter()
            .map(|&(j, w)| w * value(j) as f64)
            .sum();
        (value(i) as f64 + s).round_ties_even() as u64
    };
    let n = counts.len();
    match counts.design() {
        Design::SingleGroup => {
            let group: Vec<u64> = (0..n).map(|i| lag(&|j| counts.row(j)[0], i)).collect();
            let total: Vec<u64> = (0..n).map(|i| lag(&|j| counts.total(j), i)).collect();
            AreaCounts::single_group(&counts.groups()[0], counts.ids().to_vec(), &group, &total)
        }
        Design::MultiGroup => {
            let rows: Vec<Vec<u64>> = (0..n)
                .map(|i| {
                    (0..counts.k())
                        .map(|k| lag(&|j| counts.row(j)[k], i))
                        .collect()
                })
                .collect();
            AreaCounts::multi_group(counts.groups().to_vec(), counts.ids().to_vec(), &rows)
        }
    }
}

/// Morrill's spatially adjusted dissimilarity of the group in column 0 against the rest.
pub fn spatial_dissimilarity(
    counts: &AreaCounts,
    neighbours: &Neighbours,
) -> Result<Value, SegregationError> {
    check_size(counts, neighbours)?;
    let Value::Number(d) = SingleIndex::Dissimilarity.compute(counts) else {
        return Ok(Value::Missing(Missing::ZeroDenominator));
    };
    let p = Shares::new(counts).p;
    let (mut num, mut den) = (0.0, 0.0);
    for (i, pi) in p.iter().enumerate() {
        for &(j, w) in neighbours.of(i) {
            num += w * (pi - p[j]).abs();
            den += w;
        }
    }
    Ok(if den > 0.0 {
        Value::from_f64(d - num / den)
    } else {
        Value::Number(d)
    })
}

fn check_link(n: usize, i: usize, j: usize, w: f64) -> Result<(), SegregationError> {
    let problem = if i >= n || j >= n {
        format!("link ({i}, {j}) is outside the {n} areas")
    } else if i == j {
        format!("area {i} is linked to itself (the area's own weight is always 1)")
    } else if !(w.is_finite() && w >= 0.0) {
        format!("link ({i}, {j}) has weight {w}; expected a finite number >= 0")
    } else {
        return Ok(());
    };
    Err(SegregationError::Neighbours(problem))
}

fn check_size(counts: &AreaCounts, neighbours: &Neighbours) -> Result<(), SegregationError> {
    if counts.len() == neighbours.len() {
        Ok(())
    } else {
        Err(SegregationError::Neighbours(format!(
            "weights for {} areas but counts for {}",
            neighbours.len(),
            counts.len()
        )))
    }
}
