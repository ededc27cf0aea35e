//! A small dense two-phase simplex (Bland's rule) for the attacker's linear programs.
//!
//! Solves `min c·y` subject to `A y = b`, `y ≥ 0`. The problems are tiny (the unknown cells of
//! one connected group of relations), so a dense tableau in `f64` is enough; right-hand sides
//! are scaled to at most 1 so the tolerance is relative. Bland's rule cannot cycle.

/// The outcome of one linear program.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum LpOutcome {
    /// The optimum value.
    Optimal(f64),
    /// The objective is unbounded below.
    Unbounded,
    /// No `y ≥ 0` satisfies the equations (inconsistent published data).
    Infeasible,
}

/// One linear program in equality form.
#[derive(Debug, Clone)]
pub(crate) struct Lp {
    /// Number of variables.
    pub n: usize,
    /// Equation rows: sparse coefficients and right-hand side.
    pub rows: Vec<(Vec<(usize, f64)>, f64)>,
}

const EPS: f64 = 1e-9;

impl Lp {
    /// Minimises `c·y` (c sparse).
    pub(crate) fn minimise(&self, c: &[(usize, f64)]) -> LpOutcome {
        let scale = self.rows.iter().map(|r| r.1.abs()).fold(1.0, f64::max);
        let mut t = Tableau::new(self, scale);
        if !t.phase_one() {
            return LpOutcome::Infeasible;
        }
        match t.phase_two(c) {
            Some(v) => LpOutcome::Optimal(v * scale),
            None => LpOutcome::Unbounded,
        }
    }
}

/// Rows `0..m` are constraints `[coefficients | rhs]`; row `m` is the objective.
struct Tableau {
    m: usize,
    n: usize,
    width: usize,
    cells: Vec<f64>,
    basis: Vec<usize>,
}

impl Tableau {
    fn new(lp: &Lp, scale: f64) -> Tableau {
        let (m, n) = (lp.rows.len(), lp.n);
        let width = n + m + 1;
        let mut cells = vec![0.0; (m + 1) * width];
        for (i, (coef, rhs)) in lp.rows.iter().enumerate() {
            let sign = if *rhs < 0.0 { -1.0 } else { 1.0 };
            for &(j, a) in coef {
                cells[i * width + j] += sign * a;
            }
            cells[i * width + n + i] = 1.0;
            cells[i * width + width - 1] = sign * rhs / scale;
        }
        Tableau {
            m,
            n,
            width,
            cells,
            basis: (n..n + m).collect(),
        }
    }

    fn at(&self, i: usize, j: usize) -> f64 {
        self.cells[i * self.width + j]
    }

    /// Minimises the sum of artificials; false when it stays positive.
    fn phase_one(&mut self) -> bool {
        let obj = self.m;
        for j in 0..self.width {
            let s: f64 = (0..self.m).map(|i| self.at(i, j)).sum();
            self.cells[obj * self.width + j] = if j >= self.n && j < self.n + self.m {
                0.0
            } else {
                -s
            };
        }
        self.iterate(self.n + self.m);
        if -self.at(obj, self.width - 1) > 1e-7 {
            return false;
        }
        self.drive_out_artificials();
        true
    }

    /// Pivots artificials out of the basis where a real column can replace them.
    fn drive_out_artificials(&mut self) {
        for i in 0..self.m {
            if self.basis[i] < self.n {
                continue;
            }
            if let Some(j) = (0..self.n).find(|&j| self.at(i, j).abs() > EPS) {
                self.pivot(i, j);
            }
        }
    }

    /// Minimises `c·y` from a feasible basis; `None` when unbounded.
    fn phase_two(&mut self, c: &[(usize, f64)]) -> Option<f64> {
        let obj = self.m;
        let row = obj * self.width;
        self.cells[row..row + self.width]
            .iter_mut()
            .for_each(|x| *x = 0.0);
        for &(j, v) in c {
            self.cells[row + j] += v;
        }
        for i in 0..self.m {
            let b = self.basis[i];
            let f = self.at(obj, b);
            if f != 0.0 {
                for j in 0..self.width {
                    self.cells[row + j] -= f * self.at(i, j);
                }
            }
        }
        if !self.iterate(self.n) {
            return None;
        }
        Some(-self.at(obj, self.width - 1))
    }

    /// Simplex iterations over entering columns `0..limit`; false when unbounded.
    fn iterate(&mut self, limit: usize) -> bool {
        loop {
            let obj = self.m;
            let Some(j) = (0..limit).find(|&j| self.at(obj, j) < -EPS) else {
                return true;
            };
            let mut best: Option<(f64, usize, usize)> = None;
            for i in 0..self.m {
                let a = self.at(i, j);
                if a > EPS {
                    let ratio = self.at(i, self.width - 1) / a;
                    let better = match best {
                        None => true,
                        Some((r, _, b)) => {
                            ratio < r - EPS || (ratio <= r + EPS && self.basis[i] < b)
                        }
                    };
                    if better {
                        best = Some((ratio, i, self.basis[i]));
                    }
                }
            }
            let Some((_, i, _)) = best else { return false };
            self.pivot(i, j);
        }
    }

    fn pivot(&mut self, pi: usize, pj: usize) {
        let w = self.width;
        let p = self.at(pi, pj);
        for j in 0..w {
            self.cells[pi * w + j] /= p;
        }
        for i in 0..=self.m {
            let f = self.at(i, pj);
            if i != pi && f != 0.0 {
                for j in 0..w {
                    self.cells[i * w + j] -= f * self.cells[pi * w + j];
                }
            }
        }
        self.basis[pi] = pj;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_of_two_cells_summing_to_five() {
        // y0 + y1 = 5
        let lp = Lp {
            n: 2,
            rows: vec![(vec![(0, 1.0), (1, 1.0)], 5.0)],
        };
        assert_eq!(lp.minimise(&[(0, 1.0)]), LpOutcome::Optimal(0.0));
        assert_eq!(lp.minimise(&[(0, -1.0)]), LpOutcome::Optimal(-5.0));
    }

    #[test]
    fn unbounded_and_infeasible() {
        // y0 - y1 = 2: y0 unbounded above
        let lp = Lp {
            n: 2,
            rows: vec![(vec![(0, 1.0), (1, -1.0)], 2.0)],
        };
        assert_eq!(lp.minimise(&[(0, -1.0)]), LpOutcome::Unbounded);
        assert_eq!(lp.minimise(&[(0, 1.0)]), LpOutcome::Optimal(2.0));
        // y0 + y1 = -1 has no non-negative solution
        let lp = Lp {
            n: 2,
            rows: vec![(vec![(0, 1.0), (1, 1.0)], -1.0)],
        };
        assert_eq!(lp.minimise(&[(0, 1.0)]), LpOutcome::Infeasible);
    }

    #[test]
    fn redundant_rows_are_fine() {
        let row = (vec![(0, 1.0), (1, 1.0)], 3.0);
        let lp = Lp {
            n: 2,
            rows: vec![row.clone(), row, (vec![(1, 1.0)], 1.0)],
        };
        assert_eq!(lp.minimise(&[(0, 1.0)]), LpOutcome::Optimal(2.0));
    }
}
