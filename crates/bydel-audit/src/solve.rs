//! Feasible intervals: bound propagation over the whole system first (cheap, and it pins every
//! atom that simple differencing recovers), then, per connected component of the variables
//! still free, two LPs per target (minimise, maximise) with `microlp`. Atoms are integers, so
//! an LP bound is rounded inwards; small components are then solved again as ILPs, which can
//! only narrow the interval further.

use std::collections::BTreeMap;
use std::time::Duration;

use microlp::{ComparisonOp, OptimizationDirection, Problem};

use crate::system::{Constraint, Lin};

/// Relative tolerance for rounding LP results to integers and comparing bounds.
const TOL: f64 = 1e-7;

/// Bounds of every variable after propagation, and the constraints found contradictory.
#[derive(Debug, Clone)]
pub struct Propagated {
    /// `(lower, upper)` of each variable.
    pub bounds: Vec<(f64, f64)>,
    /// Variables whose bounds crossed (the published numbers contradict each other).
    pub contradictions: Vec<usize>,
}

/// Feasibility-based bound tightening: each constraint bounds each of its variables by the
/// bounds of the others; integer variables are rounded inwards. Runs to a fixpoint or a
/// pass limit.
pub fn propagate(n_vars: usize, integer: &[bool], constraints: &[Constraint]) -> Propagated {
    let mut bounds = vec![(0.0, f64::INFINITY); n_vars];
    let mut contradictions = Vec::new();
    for _pass in 0..60 {
        let mut changed = false;
        for c in constraints {
            let totals = Totals::of(&c.terms, &bounds);
            for &(v, coef) in &c.terms {
                let (rest_lo, rest_hi) = totals.without(coef, bounds[v]);
                // coef·x ∈ [c.lo − rest_hi, c.hi − rest_lo]
                let (a, b) = (c.lo - rest_hi, c.hi - rest_lo);
                let (mut lo, mut hi) = if coef > 0.0 {
                    (a / coef, b / coef)
                } else {
                    (b / coef, a / coef)
                };
                if lo.is_nan() {
                    lo = f64::NEG_INFINITY;
                }
                if hi.is_nan() {
                    hi = f64::INFINITY;
                }
                if integer[v] {
                    lo = round_up(lo);
                    hi = round_down(hi);
                }
                let (old_lo, old_hi) = bounds[v];
                let new = (old_lo.max(lo), old_hi.min(hi));
                if new.0 > new.1 + TOL * new.1.abs().max(1.0) {
                    if !contradictions.contains(&v) {
                        contradictions.push(v);
                    }
                    continue;
                }
                if improves(old_lo, new.0, false) || improves(old_hi, new.1, true) {
                    bounds[v] = (new.0, new.1.max(new.0));
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    Propagated {
        bounds,
        contradictions,
    }
}

/// Connected components of the free variables (bounds not equal) through the constraints.
pub fn components(bounds: &[(f64, f64)], constraints: &[Constraint]) -> Vec<Vec<usize>> {
    let mut parent: Vec<usize> = (0..bounds.len()).collect();
    for c in constraints {
        let free: Vec<usize> = c
            .terms
            .iter()
            .map(|t| t.0)
            .filter(|&v| is_free(bounds[v]))
            .collect();
        for w in free.windows(2) {
            let (a, b) = (find(&mut parent, w[0]), find(&mut parent, w[1]));
            if a != b {
                parent[a] = b;
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (v, &b) in bounds.iter().enumerate() {
        if is_free(b) {
            let root = find(&mut parent, v);
            groups.entry(root).or_default().push(v);
        }
    }
    groups.into_values().collect()
}

/// Whether a variable is not pinned.
pub fn is_free((lo, hi): (f64, f64)) -> bool {
    // an unbounded variable is free (∞ − lo > TOL·∞ would say it is not)
    hi > lo && (hi.is_infinite() || hi - lo > TOL * hi.abs().max(1.0))
}

/// One component's LP: its variables, their bounds, and the constraints restricted to them
/// (pinned variables substituted as constants).
#[derive(Debug)]
pub struct ComponentLp {
    vars: Vec<usize>,
    local: BTreeMap<usize, usize>,
    bounds: Vec<(f64, f64)>,
    integer: Vec<bool>,
    rows: Vec<(Lin, f64, f64)>,
}

/// How an interval was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Linear programming, rounded inwards for integers.
    Lp,
    /// Integer programming.
    Ilp,
}

/// The answer for one objective.
#[derive(Debug, Clone, Copy)]
pub struct Interval {
    /// Minimum.
    pub min: f64,
    /// Maximum (∞ when unbounded).
    pub max: f64,
    /// How it was found.
    pub method: Method,
    /// Problems solved for it.
    pub solved: usize,
}

impl ComponentLp {
    /// Builds the LP of one component.
    pub fn new(
        vars: &[usize],
        bounds: &[(f64, f64)],
        integer: &[bool],
        constraints: &[Constraint],
    ) -> ComponentLp {
        let local: BTreeMap<usize, usize> = vars.iter().enumerate().map(|(i, &v)| (v, i)).collect();
        let mut rows = Vec::new();
        for c in constraints {
            if !c.terms.iter().any(|t| local.contains_key(&t.0)) {
                continue;
            }
            let mut constant = 0.0;
            let mut lin = Vec::new();
            for &(v, coef) in &c.terms {
                match local.get(&v) {
                    Some(&l) => lin.push((l, coef)),
                    None => constant += coef * bounds[v].0,
                }
            }
            let scale = lin.iter().map(|t| t.1.abs()).fold(0.0, f64::max);
            let lin: Lin = lin.into_iter().map(|(l, c)| (l, c / scale)).collect();
            rows.push((lin, (c.lo - constant) / scale, (c.hi - constant) / scale));
        }
        ComponentLp {
            vars: vars.to_vec(),
            bounds: vars.iter().map(|&v| bounds[v]).collect(),
            integer: vars.iter().map(|&v| integer[v]).collect(),
            local,
            rows,
        }
    }

    /// How many variables.
    pub fn len(&self) -> usize {
        self.vars.len()
    }

    /// The feasible interval of a linear objective over global variables (those outside the
    /// component must be pinned: their lower bound is taken): LP, rounded inwards
    /// when the objective is an integer combination of integers; then ILP when `ilp_cap`
    /// allows and the LP bounds are not already integral.
    pub fn interval(
        &self,
        objective: &Lin,
        bounds: &[(f64, f64)],
        ilp_cap: usize,
    ) -> Result<Interval, String> {
        let (obj, constant, integral) = self.localise(objective, bounds);
        let mut solved = 0;
        let mut lo = self.optimise(&obj, OptimizationDirection::Minimize, false)?;
        let mut hi = self.optimise(&obj, OptimizationDirection::Maximize, false)?;
        solved += 2;
        let mut method = Method::Lp;
        if integral {
            lo = round_up(lo);
            hi = round_down(hi);
            if self.len() <= ilp_cap && self.integer.iter().all(|&i| i) && self.fits_i32() {
                if let Ok(l) = self.optimise(&obj, OptimizationDirection::Minimize, true) {
                    lo = lo.max(round_up(l));
                    solved += 1;
                    method = Method::Ilp;
                }
                if let Ok(h) = self.optimise(&obj, OptimizationDirection::Maximize, true) {
                    hi = hi.min(round_down(h));
                    solved += 1;
                    method = Method::Ilp;
                }
            }
        }
        Ok(Interval {
            min: lo + constant,
            max: hi + constant,
            method,
            solved,
        })
    }

    /// A global objective in the component's own variables: the local terms, the constant of
    /// the pinned variables outside it (their lower bounds), and whether the objective is an
    /// integer combination of integers.
    fn localise(&self, objective: &Lin, bounds: &[(f64, f64)]) -> (Lin, f64, bool) {
        let obj: Lin = objective
            .iter()
            .filter_map(|&(v, c)| self.local.get(&v).map(|&l| (l, c)))
            .collect();
        let constant: f64 = objective
            .iter()
            .filter(|t| !self.local.contains_key(&t.0))
            .map(|&(v, c)| c * bounds[v].0)
            .sum();
        let integral = objective
            .iter()
            .all(|&(v, c)| c.fract() == 0.0 && self.is_integer_global(v));
        (obj, constant, integral)
    }

    /// The smallest value of a linear objective (as [`ComponentLp::interval`], one LP, rounded
    /// up when the objective is an integer combination of integers): enough to rule out a
    /// small count whose minimum is 0.
    pub fn minimum(&self, objective: &Lin, bounds: &[(f64, f64)]) -> Result<f64, String> {
        let (obj, constant, integral) = self.localise(objective, bounds);
        let lo = self.optimise(&obj, OptimizationDirection::Minimize, false)?;
        Ok(if integral { round_up(lo) } else { lo } + constant)
    }

    fn is_integer_global(&self, v: usize) -> bool {
        self.local.get(&v).is_none_or(|&l| self.integer[l])
    }

    /// Whether every bound is finite and fits the ILP's `i32` integers (else the ILP is
    /// skipped: capping a bound could cut off a feasible point).
    fn fits_i32(&self) -> bool {
        self.bounds
            .iter()
            .all(|&(lo, hi)| lo >= 0.0 && hi.is_finite() && hi <= f64::from(i32::MAX))
    }

    fn optimise(
        &self,
        obj: &Lin,
        direction: OptimizationDirection,
        integer: bool,
    ) -> Result<f64, String> {
        let mut problem = Problem::new(direction);
        problem.set_time_limit(Duration::from_secs(5));
        let mut cost = vec![0.0; self.vars.len()];
        for &(l, c) in obj {
            cost[l] += c;
        }
        let vars: Vec<_> = (0..self.vars.len())
            .map(|l| {
                let (lo, hi) = self.bounds[l];
                if integer && self.integer[l] {
                    problem.add_integer_var(cost[l], (lo as i32, hi as i32))
                } else {
                    problem.add_var(cost[l], (lo, hi))
                }
            })
            .collect();
        for (lin, lo, hi) in &self.rows {
            let expr: Vec<_> = lin.iter().map(|&(l, c)| (vars[l], c)).collect();
            if lo == hi {
                problem.add_constraint(expr.as_slice(), ComparisonOp::Eq, *lo);
                continue;
            }
            if lo.is_finite() {
                problem.add_constraint(expr.as_slice(), ComparisonOp::Ge, *lo);
            }
            if hi.is_finite() {
                problem.add_constraint(expr.as_slice(), ComparisonOp::Le, *hi);
            }
        }
        match problem.solve() {
            Ok(outcome) => match outcome.into_solution() {
                Ok(solution) => Ok(solution.objective()),
                Err(_) => Err("the solver stopped at its time limit".into()),
            },
            Err(microlp::Error::Unbounded) => Ok(match direction {
                OptimizationDirection::Minimize => f64::NEG_INFINITY,
                OptimizationDirection::Maximize => f64::INFINITY,
            }),
            Err(e) => Err(e.to_string()),
        }
    }
}

/// The bounds of a constraint's left side, kept as finite sums plus counts of infinite
/// contributions, so that the bounds without one term cost O(1).
struct Totals {
    lo: f64,
    lo_inf: usize,
    hi: f64,
    hi_inf: usize,
}

impl Totals {
    fn of(terms: &Lin, bounds: &[(f64, f64)]) -> Totals {
        let mut t = Totals {
            lo: 0.0,
            lo_inf: 0,
            hi: 0.0,
            hi_inf: 0,
        };
        for &(v, c) in terms {
            let (l, h) = contribution(c, bounds[v]);
            if l.is_finite() {
                t.lo += l;
            } else {
                t.lo_inf += 1;
            }
            if h.is_finite() {
                t.hi += h;
            } else {
                t.hi_inf += 1;
            }
        }
        t
    }

    /// `(lo, hi)` of the other terms.
    fn without(&self, coef: f64, bound: (f64, f64)) -> (f64, f64) {
        let (l, h) = contribution(coef, bound);
        let lo = match (self.lo_inf, l.is_finite()) {
            (0, _) => self.lo - l,
            (1, false) => self.lo,
            _ => f64::NEG_INFINITY,
        };
        let hi = match (self.hi_inf, h.is_finite()) {
            (0, _) => self.hi - h,
            (1, false) => self.hi,
            _ => f64::INFINITY,
        };
        (lo, hi)
    }
}

/// `(lowest, highest)` of `coef·x` for `x` in `bound`.
fn contribution(coef: f64, (l, u): (f64, f64)) -> (f64, f64) {
    if coef >= 0.0 {
        (coef * l, coef * u)
    } else {
        (coef * u, coef * l)
    }
}

fn improves(old: f64, new: f64, upper: bool) -> bool {
    let margin = TOL * old.abs().max(new.abs()).max(1.0);
    if upper {
        new < old - margin || (old.is_infinite() && new.is_finite())
    } else {
        new > old + margin
    }
}

/// Rounds up, forgiving floating-point noise just above an integer.
pub fn round_up(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let r = x.round();
    if (x - r).abs() <= TOL * x.abs().max(1.0) {
        r
    } else {
        x.ceil()
    }
}

/// Rounds down, forgiving floating-point noise just below an integer.
pub fn round_down(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let r = x.round();
    if (x - r).abs() <= TOL * x.abs().max(1.0) {
        r
    } else {
        x.floor()
    }
}

fn find(parent: &mut [usize], mut v: usize) -> usize {
    while parent[v] != v {
        parent[v] = parent[parent[v]];
        v = parent[v];
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unconstrained_atom_is_unbounded_above() {
        let lp = ComponentLp::new(&[0], &[(0.0, f64::INFINITY)], &[true], &[]);
        let i = lp
            .interval(&vec![(0, 1.0)], &[(0.0, f64::INFINITY)], 60)
            .unwrap();
        assert_eq!((i.min, i.max), (0.0, f64::INFINITY));
    }

    #[test]
    fn two_unknowns_of_a_sum_share_it() {
        // x + y = 5, x, y ≥ 0 integers.
        let c = Constraint {
            terms: vec![(0, 1.0), (1, 1.0)],
            lo: 5.0,
            hi: 5.0,
        };
        let p = propagate(2, &[true, true], std::slice::from_ref(&c));
        assert_eq!(p.bounds, [(0.0, 5.0), (0.0, 5.0)]);
        let lp = ComponentLp::new(&[0, 1], &p.bounds, &[true, true], &[c]);
        let i = lp.interval(&vec![(0, 1.0)], &p.bounds, 60).unwrap();
        assert_eq!((i.min, i.max, i.method), (0.0, 5.0, Method::Ilp));
    }

    #[test]
    fn integer_rounding_narrows_the_lp() {
        // 2x − 2y ∈ [−1, 1] with x + y = 4 leaves x ∈ [1.75, 2.25] for reals, x = 2 for
        // integers.
        let cs = [
            Constraint {
                terms: vec![(0, 1.0), (1, 1.0)],
                lo: 4.0,
                hi: 4.0,
            },
            Constraint {
                terms: vec![(0, 2.0), (1, -2.0)],
                lo: -1.0,
                hi: 1.0,
            },
        ];
        let p = propagate(2, &[true, true], &cs);
        let lp = ComponentLp::new(&[0, 1], &p.bounds, &[true, true], &cs);
        let i = lp.interval(&vec![(0, 1.0)], &p.bounds, 60).unwrap();
        assert_eq!((i.min, i.max), (2.0, 2.0));
    }
}
