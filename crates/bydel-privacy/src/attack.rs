//! The differencing attack: from everything published, how narrowly can each hidden number be
//! pinned down?
//!
//! Every published quantity is a variable; shown cells fix their values (or, with rounding,
//! an interval); relations give linear equations (total − Σ parts − remainder = 0); person
//! counts are non-negative. For each *secret* — a suppressed count, a suppressed share's
//! numerator and complement, a suppressed sum and its contributors, the unpublished remainder
//! of a partial relation — two linear programs give the smallest and largest value consistent
//! with the publication. This is the strongest attack by subtraction along hierarchies,
//! overlapping layers, categories and years, combined in any way (the LP relaxation: an
//! attacker using integrality may do marginally better, see docs/privacy.md).

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::cell::Unit;
use crate::error::PrivacyError;
use crate::lp::{Lp, LpOutcome};
use crate::policy::Policy;
use crate::problem::{Criterion, Known, Secret};
pub(crate) use crate::problem::{Problem, VarKey};

/// A recovered (insufficiently protected) hidden number.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// What was recovered: the row key, the quantity and its role.
    pub label: String,
    /// The smallest value consistent with the publication (`None`: unbounded).
    pub lo: Option<f64>,
    /// The largest value consistent with the publication (`None`: unbounded).
    pub hi: Option<f64>,
}

/// The result of attacking one problem: findings (with their secrets' variables) per
/// connected group of unknowns.
#[derive(Debug, Clone, Default)]
pub(crate) struct AttackResult {
    /// Each finding, with the variables of its secret and its group's signature.
    pub findings: Vec<(Finding, Vec<usize>, Vec<usize>)>,
    /// Signatures of the groups that were attacked and found protected.
    pub clean: Vec<Vec<usize>>,
}

/// Attacks every secret of `p`, skipping groups whose signature is in `skip` (already shown
/// protected with the same unknowns).
pub(crate) fn attack(
    p: &Problem,
    policy: &Policy,
    skip: &HashSet<Vec<usize>>,
) -> Result<AttackResult, PrivacyError> {
    let groups = Groups::new(p);
    let mut by_group: BTreeMap<usize, Vec<&Secret>> = BTreeMap::new();
    for s in &p.secrets {
        let root = s
            .form
            .iter()
            .find(|(v, _)| groups.is_free(*v))
            .map(|(v, _)| groups.find(*v));
        if let Some(r) = root {
            by_group.entry(r).or_default().push(s);
        }
    }
    let mut out = AttackResult::default();
    let mut index = groups.index(p);
    for (root, secrets) in by_group {
        let (members, equations) = index.remove(&root).unwrap_or_default();
        if skip.contains(&members) {
            continue;
        }
        let lp = GroupLp::new(p, &members, &equations);
        let mut found = false;
        for s in secrets {
            let (lo, hi) = lp.interval(&s.form)?;
            if !protected(s.criterion, lo, hi, policy) {
                let f = Finding {
                    label: s.label.clone(),
                    lo,
                    hi,
                };
                out.findings
                    .push((f, s.form.iter().map(|(v, _)| *v).collect(), members.clone()));
                found = true;
            }
        }
        if !found {
            out.clean.push(members);
        }
    }
    Ok(out)
}

/// Whether an attacker's interval leaves a secret protected.
fn protected(criterion: Criterion, lo: Option<f64>, hi: Option<f64>, policy: &Policy) -> bool {
    let (Some(lo), Some(hi)) = (lo, hi) else {
        return true;
    };
    let width = hi - lo;
    let min = f64::from(policy.min_count);
    match criterion {
        Criterion::Suppressed(Unit::Persons) => width + 1e-6 >= min,
        Criterion::Suppressed(Unit::Money) => {
            width > 0.5 && width >= f64::from(policy.p_percent) / 100.0 * lo.abs().max(hi.abs())
        }
        Criterion::SmallGroup => width + 1e-6 >= min || lo + 1e-6 >= min || hi < 1.0 - 1e-6,
    }
}

/// Connected groups of variables that are not published exactly (joined by equations and by
/// secrets that combine several variables).
struct Groups {
    parent: Vec<usize>,
    free: Vec<bool>,
}

impl Groups {
    fn new(p: &Problem) -> Groups {
        let free: Vec<bool> = p
            .known
            .iter()
            .map(|k| !matches!(k, Some(Known::Exact(_))))
            .collect();
        let mut g = Groups {
            parent: (0..free.len()).collect(),
            free,
        };
        let forms = p.secrets.iter().map(|s| &s.form);
        for c in p.constraints.iter().map(|(c, _)| c).chain(forms) {
            let fv: Vec<usize> = c.iter().map(|(v, _)| *v).filter(|v| g.free[*v]).collect();
            for w in fv.windows(2) {
                let (a, b) = (g.find(w[0]), g.find(w[1]));
                g.parent[a] = b;
            }
        }
        g
    }
    fn is_free(&self, v: usize) -> bool {
        self.free[v]
    }
    fn find(&self, mut v: usize) -> usize {
        while self.parent[v] != v {
            v = self.parent[v];
        }
        v
    }
    /// Every group's members and the equations touching it, by root.
    fn index(&self, p: &Problem) -> HashMap<usize, (Vec<usize>, Vec<usize>)> {
        let mut out: HashMap<usize, (Vec<usize>, Vec<usize>)> = HashMap::new();
        for v in (0..self.free.len()).filter(|&v| self.free[v]) {
            out.entry(self.find(v)).or_default().0.push(v);
        }
        for (i, (c, _)) in p.constraints.iter().enumerate() {
            if let Some(&(v, _)) = c.iter().find(|(v, _)| self.free[*v]) {
                out.entry(self.find(v)).or_default().1.push(i);
            }
        }
        out
    }
}

/// The linear program of one group: unknown persons `x = y ≥ 0`, unknown amounts
/// `x = y⁺ − y⁻`, rounded counts `x = lo + y` with `y + s = hi − lo`.
struct GroupLp {
    lp: Lp,
    /// Per group variable: its columns with signs, and its constant offset.
    columns: HashMap<usize, (Vec<(usize, f64)>, f64)>,
}

impl GroupLp {
    fn new(p: &Problem, members: &[usize], equations: &[usize]) -> GroupLp {
        let mut columns = HashMap::new();
        let mut rows = Vec::new();
        let mut n = 0;
        for &v in members {
            let (cols, offset) = match (p.known[v], p.units[v]) {
                (Some(Known::Range(lo, hi)), _) => {
                    rows.push((vec![(n, 1.0), (n + 1, 1.0)], (hi - lo) as f64));
                    n += 2;
                    (vec![(n - 2, 1.0)], lo as f64)
                }
                (_, Unit::Money) => {
                    n += 2;
                    (vec![(n - 2, 1.0), (n - 1, -1.0)], 0.0)
                }
                _ => {
                    n += 1;
                    (vec![(n - 1, 1.0)], 0.0)
                }
            };
            columns.insert(v, (cols, offset));
        }
        for (c, _) in equations.iter().map(|&i| &p.constraints[i]) {
            let mut coef = Vec::new();
            let mut rhs = 0.0;
            for &(v, a) in c {
                match (columns.get(&v), p.known[v]) {
                    (Some((cols, off)), _) => {
                        coef.extend(cols.iter().map(|(j, s)| (*j, s * a as f64)));
                        rhs -= a as f64 * off;
                    }
                    (None, Some(Known::Exact(x))) => rhs -= (a * x) as f64,
                    (None, _) => {}
                }
            }
            rows.push((coef, rhs));
        }
        GroupLp {
            lp: Lp { n, rows },
            columns,
        }
    }

    /// The smallest and largest value of `form` (`None` when unbounded).
    fn interval(&self, form: &[(usize, i64)]) -> Result<(Option<f64>, Option<f64>), PrivacyError> {
        let mut c = Vec::new();
        let mut offset = 0.0;
        for &(v, a) in form {
            if let Some((cols, off)) = self.columns.get(&v) {
                c.extend(cols.iter().map(|(j, s)| (*j, s * a as f64)));
                offset += a as f64 * off;
            }
        }
        let neg: Vec<(usize, f64)> = c.iter().map(|(j, s)| (*j, -s)).collect();
        let lo = self.solve(&c)?.map(|x| x + offset);
        let hi = self.solve(&neg)?.map(|x| -x + offset);
        Ok((lo, hi))
    }

    fn solve(&self, c: &[(usize, f64)]) -> Result<Option<f64>, PrivacyError> {
        match self.lp.minimise(c) {
            LpOutcome::Optimal(x) => Ok(Some(x)),
            LpOutcome::Unbounded => Ok(None),
            LpOutcome::Infeasible => Err(PrivacyError::input(
                "(publication)",
                0,
                "the published numbers contradict their relations (a total differs from the sum of its parts)",
            )),
        }
    }
}
