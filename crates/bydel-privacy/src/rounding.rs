//! Rounding person counts to a base with totals that add up.
//!
//! Each published person count is rounded to the nearest multiple of the base (halves up),
//! except a total whose relation is complete and whose parts are all published: it becomes the
//! sum of its parts' rounded values (recursively, so a municipality is the sum of its rounded
//! districts, each the sum of its rounded housing areas), and the published table adds up.

use std::collections::{HashMap, HashSet};

use crate::attack::{Problem, VarKey};
use crate::policy::{Policy, Rounding};

/// The rounded value of every published person count (empty without rounding).
pub(crate) fn round_values(
    p: &Problem,
    values: &HashMap<VarKey, i64>,
    policy: &Policy,
) -> HashMap<VarKey, i64> {
    let Rounding::NearestMultiple(base) = policy.rounding else {
        return HashMap::new();
    };
    let base = i64::from(base);
    let sums = p.complete_sums();
    let mut memo: HashMap<usize, i64> = HashMap::new();
    let mut out = HashMap::new();
    for v in p.shown_persons() {
        let x = rounded(v, p, &sums, values, base, &mut memo, &mut HashSet::new());
        out.insert(p.key(v).clone(), x);
    }
    out
}

fn rounded(
    v: usize,
    p: &Problem,
    sums: &HashMap<usize, Vec<usize>>,
    values: &HashMap<VarKey, i64>,
    base: i64,
    memo: &mut HashMap<usize, i64>,
    visiting: &mut HashSet<usize>,
) -> i64 {
    if let Some(&x) = memo.get(&v) {
        return x;
    }
    let x = match sums.get(&v) {
        Some(parts) if visiting.insert(v) => {
            let s = parts
                .iter()
                .map(|&q| rounded(q, p, sums, values, base, memo, visiting))
                .sum();
            visiting.remove(&v);
            s
        }
        _ => {
            let x = values.get(p.key(v)).copied().unwrap_or(0);
            (x + base / 2).div_euclid(base) * base
        }
    };
    memo.insert(v, x);
    x
}

#[cfg(test)]
mod tests {
    #[test]
    fn halves_round_up() {
        let r = |x: i64, b: i64| (x + b / 2).div_euclid(b) * b;
        assert_eq!(
            [r(2, 5), r(3, 5), r(7, 5), r(8, 5), r(0, 5)],
            [0, 5, 5, 10, 0]
        );
        assert_eq!([r(1, 4), r(2, 4), r(5, 4), r(6, 4)], [0, 4, 4, 8]);
    }
}
