//! Every global index behind one name, and the default sets per design.

use bydel_model::Value;
use serde::{Deserialize, Serialize};

use crate::counts::{AreaCounts, Design};
use crate::multi::{Composition, MultiIndex};
use crate::single::{Shares, SingleIndex};

/// Any global index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Index {
    /// A single-group index (column 0 against the rest).
    Single(SingleIndex),
    /// A multigroup index (all columns).
    Multi(MultiIndex),
}

/// One computed index.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndexValue {
    /// The index's name (e.g. `dissimilarity`).
    pub index: &'static str,
    /// The value, or why there is none.
    pub value: Value,
}

impl Index {
    /// The indices reported for a design: the single-group ones for one group against the rest,
    /// the multigroup ones for a partition into several groups.
    pub fn for_design(design: Design) -> Vec<Index> {
        match design {
            Design::SingleGroup => SingleIndex::ALL.into_iter().map(Index::Single).collect(),
            Design::MultiGroup => MultiIndex::ALL.into_iter().map(Index::Multi).collect(),
        }
    }

    /// Every index, single-group first.
    pub fn all() -> Vec<Index> {
        let single = SingleIndex::ALL.into_iter().map(Index::Single);
        single
            .chain(MultiIndex::ALL.into_iter().map(Index::Multi))
            .collect()
    }

    /// The index with this output name.
    pub fn parse(name: &str) -> Option<Index> {
        Index::all().into_iter().find(|i| i.name() == name)
    }

    /// The output name.
    pub fn name(self) -> &'static str {
        match self {
            Index::Single(s) => s.name(),
            Index::Multi(m) => m.name(),
        }
    }

    /// Computes the index.
    pub fn compute(self, counts: &AreaCounts) -> Value {
        match self {
            Index::Single(s) => s.compute(counts),
            Index::Multi(m) => m.compute(counts),
        }
    }
}

/// Computes several indices on the same counts (preparing the shares once).
pub fn compute_all(counts: &AreaCounts, indices: &[Index]) -> Vec<IndexValue> {
    let any_single = indices.iter().any(|i| matches!(i, Index::Single(_)));
    let any_multi = indices.iter().any(|i| matches!(i, Index::Multi(_)));
    let shares = any_single.then(|| Shares::new(counts));
    let composition = any_multi.then(|| Composition::new(counts));
    indices
        .iter()
        .map(|&i| {
            let value = match (i, &shares, &composition) {
                (Index::Single(s), Some(sh), _) => sh.value(s),
                (Index::Multi(m), _, Some(c)) => m.on(c),
                _ => i.compute(counts),
            };
            IndexValue {
                index: i.name(),
                value,
            }
        })
        .collect()
}
