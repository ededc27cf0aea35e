//! Theil's H split into a part between higher-level areas and a part within them.
//!
//! With areas `i` grouped into parents `d` (housing areas into districts, districts into the
//! municipality), Theil's H is exactly additive (Reardon & Firebaugh 2002, eq. 13):
//!
//! `H = H_between + Σ_d (T_d E_d / (T E)) · H_d`
//!
//! where `H_between` is H computed on the parents' summed counts (how much of the segregation lies
//! between districts), `H_d` is H among the areas of parent `d` alone, `T_d` its population and
//! `E_d` the entropy of its composition. The weighted sum is the within part. For a single-group
//! design this is the binary entropy index; otherwise the multigroup information theory index.

use std::collections::BTreeMap;

use bydel_model::{Missing, Value};
use serde::{Deserialize, Serialize};

use crate::counts::AreaCounts;
use crate::error::SegregationError;
use crate::multi::{Composition, MultiIndex};

/// One parent's share of the within part.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParentPart {
    /// The parent's id.
    pub parent_id: String,
    /// How many areas it holds.
    pub areas: usize,
    /// Its population.
    pub population: u64,
    /// Theil's H among its own areas (missing when the parent holds one group only).
    pub h: Value,
    /// Its weight `T_d E_d / (T E)`.
    pub weight: Value,
    /// `weight · h`: its contribution to the city's H (0 when `h` is missing).
    pub contribution: Value,
}

/// The between/within split of Theil's H.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TheilSplit {
    /// H over all areas.
    pub total: Value,
    /// H between parents.
    pub between: Value,
    /// The within part: the sum of the parents' contributions.
    pub within: Value,
    /// Each parent, in id order.
    pub parents: Vec<ParentPart>,
}

/// Splits Theil's H of `counts` by `parents[i]`, the parent id of area `i`.
pub fn theil_split(
    counts: &AreaCounts,
    parents: &[String],
) -> Result<TheilSplit, SegregationError> {
    if parents.len() != counts.len() {
        let msg = format!("{} parent ids for {} areas", parents.len(), counts.len());
        return Err(SegregationError::Usage(msg));
    }
    let mut members: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in parents.iter().enumerate() {
        members.entry(p.as_str()).or_default().push(i);
    }
    let h = MultiIndex::MultiInformationTheory;
    let city = Composition::new(counts);
    let city_info = city.total * city.diversity();
    let parts: Vec<ParentPart> = members
        .iter()
        .map(|(id, rows)| parent_part(id, &counts.select(rows), city_info, h))
        .collect();
    let aggregated = aggregate(counts, &members)?;
    let total = h.compute(counts);
    let within = match total {
        Value::Number(_) => {
            Value::from_f64(parts.iter().filter_map(|p| p.contribution.number()).sum())
        }
        Value::Missing(_) => total.clone(),
    };
    Ok(TheilSplit {
        between: h.compute(&aggregated),
        total,
        within,
        parents: parts,
    })
}

fn parent_part(id: &str, sub: &AreaCounts, city_info: f64, h: MultiIndex) -> ParentPart {
    let comp = Composition::new(sub);
    let weight = Value::ratio(comp.total * comp.diversity(), city_info);
    let hd = if comp.k() >= 2 {
        h.compute(sub)
    } else {
        Value::Missing(Missing::ZeroDenominator)
    };
    let contribution = match (&weight, &hd) {
        (Value::Number(w), Value::Number(x)) => Value::from_f64(w * x),
        (Value::Number(_), Value::Missing(_)) => Value::Number(0.0),
        (Value::Missing(m), _) => Value::Missing(m.clone()),
    };
    ParentPart {
        parent_id: id.to_string(),
        areas: sub.len(),
        population: sub.grand_total(),
        h: hd,
        weight,
        contribution,
    }
}

fn aggregate(
    counts: &AreaCounts,
    members: &BTreeMap<&str, Vec<usize>>,
) -> Result<AreaCounts, SegregationError> {
    let rows: Vec<Vec<u64>> = members
        .values()
        .map(|rows| {
            let mut sum = vec![0u64; counts.k()];
            for &i in rows {
                sum.iter_mut().zip(counts.row(i)).for_each(|(s, c)| *s += c);
            }
            sum
        })
        .collect();
    let ids = members.keys().map(|s| s.to_string()).collect();
    AreaCounts::multi_group(counts.groups().to_vec(), ids, &rows)
}
