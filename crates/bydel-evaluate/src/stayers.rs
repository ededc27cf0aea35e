//! The stayers panel: did the residents' lives improve, rather than did the residents change?
//!
//! The persons who lived in the intervention area the year before the start are followed
//! wherever they live, every data year, against comparable residents of other areas of the same
//! layer, reweighted to the treated persons' baseline traits (exact cells: age band, origin,
//! education, the outcome itself in the base year). The difference-in-differences of a person
//! outcome (0/1, e.g. outside work and education) relative to the base year *b = start − 1*:
//!
//! θ(t) = [Ȳ_T(t) − Ȳ_T(b)] − [Σ_c w_c Ȳ_c(t) − Σ_c w_c Ȳ_c(b)],
//!
//! w_c the treated persons' share in cell c, Ȳ_c the comparison persons' mean in the cell. The
//! effect is the mean of θ(t) over the years from the start; the pre-period θ(t), t < b, are
//! placebo effects. With one treated area the persons share its shocks, so a person bootstrap
//! would be far too narrow: inference is by placebo areas (the same estimator with each of the
//! comparison areas as if treated, against the pool without it), each placebo estimate rescaled
//! by √(n_placebo / n_treated) to the treated group's size; the interval is the estimate minus
//! the placebo quantiles (with fewer than 39 placebos at 95 %: the estimate ± z times the
//! placebos' root mean square), the pre-period check the rank of the pre-period sum of squares.
//!
//! Input is aggregated (persons per area × cell, and how many of them have the outcome each
//! year), so the caller never hands person rows to this crate.

use std::collections::{BTreeMap, BTreeSet};

use crate::EvaluateError;
use statrs::distribution::ContinuousCDF;

use crate::stats::{quantile_sorted, z_crit};
use crate::verdict::{Estimate, PreCheck, Verdict, verdict};

/// The fewest placebo areas an estimate needs. With fewer than 2/(1 − level) − 1 (39 at 95 %)
/// the placebo ranks cannot reach the level, and the interval is the normal one with the
/// placebos' spread around 0 as standard error.
pub const MIN_PLACEBOS: usize = 10;

/// The persons of one baseline cell in one area, with the outcome counted every year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellCounts {
    /// The area the persons lived in the year before the start (the caller's index).
    pub area: u32,
    /// The baseline-trait cell (the caller's code).
    pub cell: u32,
    /// Persons.
    pub persons: u64,
    /// Of them, with the outcome, in each year of [`StayersPanel::years`].
    pub outcome: Vec<u64>,
}

/// The balanced panel of stayers and comparison persons.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StayersPanel {
    /// The data years, ascending, consecutive.
    pub years: Vec<i32>,
    /// The counts per area and cell.
    pub cells: Vec<CellCounts>,
}

/// Settings of the stayers estimate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StayersSettings {
    /// The least number of persons in the treated group and in a placebo area.
    pub min_persons: u64,
    /// The most placebo areas (the closest in number of persons).
    pub max_placebos: usize,
    /// Confidence level.
    pub level: f64,
}

/// The stayers estimate of one treated area.
#[derive(Debug, Clone, PartialEq)]
pub struct StayersResult {
    /// θ(t) by data year (the base year, 0 by construction, left out).
    pub event: Vec<(i32, f64)>,
    /// The mean effect over the years from the start, with its placebo interval and p-value.
    pub estimate: Estimate,
    /// The pre-period check.
    pub pre: PreCheck,
    /// The Danish verdict.
    pub verdict: Verdict,
    /// The treated persons followed.
    pub persons: u64,
    /// Placebo areas used.
    pub placebos: usize,
}

/// The stayers difference-in-differences for the persons of `treated` in the year before
/// `start`, against the other areas except `exclude` (other intervention areas).
pub fn stayers_did(
    panel: &StayersPanel,
    treated: u32,
    start: i32,
    exclude: &BTreeSet<u32>,
    s: &StayersSettings,
    outcome_da: &str,
) -> Result<StayersResult, EvaluateError> {
    let base = start - 1;
    let bi = panel.years.iter().position(|&y| y == base).ok_or_else(|| {
        EvaluateError::Data(format!(
            "the stayers panel needs the year before the start ({base})"
        ))
    })?;
    if !panel.years.iter().any(|&y| y >= start) {
        return Err(EvaluateError::Data(format!(
            "the stayers panel has no year from the start ({start})"
        )));
    }
    let idx = Index::new(panel, treated, exclude);
    let n_t = idx.persons(treated);
    if n_t < s.min_persons {
        return Err(EvaluateError::Data(format!(
            "{n_t} persons lived in the area the year before the start; at least {} are needed",
            s.min_persons
        )));
    }
    let (event, est, pre_ss) = idx.estimate(&panel.years, treated, bi, start);
    let mut placebo_areas: Vec<(u64, u32)> = idx
        .areas()
        .filter(|a| *a != treated && !exclude.contains(a))
        .map(|a| (idx.persons(a), a))
        .filter(|(n, _)| *n >= s.min_persons)
        .collect();
    placebo_areas.sort_by_key(|(n, a)| (n.abs_diff(n_t), *a));
    placebo_areas.truncate(s.max_placebos);
    let alpha = 1.0 - s.level;
    let m = placebo_areas.len();
    if m < MIN_PLACEBOS {
        return Err(EvaluateError::Data(format!(
            "{m} placebo areas are too few (at least {MIN_PLACEBOS})"
        )));
    }
    let mut effects = Vec::with_capacity(m);
    let mut pre_sss = Vec::with_capacity(m);
    for &(n, a) in &placebo_areas {
        let (_, e, ss) = idx.estimate(&panel.years, a, bi, start);
        let scale = (n as f64 / n_t as f64).sqrt();
        effects.push(e * scale);
        pre_sss.push(ss * scale * scale);
    }
    effects.sort_by(f64::total_cmp);
    let estimate = if ((m + 1) as f64 * alpha / 2.0).floor() >= 1.0 {
        Estimate {
            value: est,
            low: est - quantile_sorted(&effects, 1.0 - alpha / 2.0),
            high: est - quantile_sorted(&effects, alpha / 2.0),
            se: None,
            p_value: Some(
                (1 + effects.iter().filter(|e| e.abs() >= est.abs()).count()) as f64
                    / (m + 1) as f64,
            ),
        }
    } else {
        // too few placebos for the ranks to reach the level: their spread around 0 as the
        // estimate's standard error (normal approximation)
        let se = (effects.iter().map(|e| e * e).sum::<f64>() / m as f64).sqrt();
        let z = z_crit(s.level);
        let normal = statrs::distribution::Normal::new(0.0, 1.0).expect("standard normal");
        Estimate {
            value: est,
            low: est - z * se,
            high: est + z * se,
            se: Some(se),
            p_value: Some(2.0 * (1.0 - normal.cdf((est / se.max(1e-12)).abs()))),
        }
    };
    let pre = if bi == 0 {
        PreCheck {
            test: "ingen år før basisåret at kontrollere".into(),
            statistic: 0.0,
            p_value: 1.0,
            passed: true,
        }
    } else {
        let p = (1 + pre_sss.iter().filter(|x| **x >= pre_ss).count()) as f64 / (m + 1) as f64;
        PreCheck {
            test: format!("førperiodens kvadratsum mod {m} placebo-områder"),
            statistic: pre_ss,
            p_value: p,
            passed: p >= 0.05,
        }
    };
    let verdict = verdict(
        outcome_da,
        "de boende fulgt, hvor de end bor, mod sammenlignelige beboere andre steder",
        &estimate,
        s.level,
        &pre,
        None,
    );
    Ok(StayersResult {
        event,
        estimate,
        pre,
        verdict,
        persons: n_t,
        placebos: m,
    })
}

/// Sums by area and cell, and the pool's totals by cell (intervention areas left out).
struct Index {
    by_area: BTreeMap<u32, BTreeMap<u32, Sums>>,
    pool: BTreeMap<u32, Sums>,
    members: BTreeSet<u32>,
}

/// Persons and, per year, those with the outcome.
type Sums = (u64, Vec<u64>);

impl Index {
    fn new(panel: &StayersPanel, treated: u32, exclude: &BTreeSet<u32>) -> Self {
        let n_years = panel.years.len();
        let mut idx = Index {
            by_area: BTreeMap::new(),
            pool: BTreeMap::new(),
            members: BTreeSet::new(),
        };
        for c in &panel.cells {
            let add = |e: &mut Sums| {
                e.0 += c.persons;
                for (t, k) in c.outcome.iter().enumerate().take(n_years) {
                    e.1[t] += k;
                }
            };
            add(idx
                .by_area
                .entry(c.area)
                .or_default()
                .entry(c.cell)
                .or_insert_with(|| (0, vec![0; n_years])));
            if c.area != treated && !exclude.contains(&c.area) {
                idx.members.insert(c.area);
                add(idx
                    .pool
                    .entry(c.cell)
                    .or_insert_with(|| (0, vec![0; n_years])));
            }
        }
        idx
    }

    fn areas(&self) -> impl Iterator<Item = u32> + '_ {
        self.by_area.keys().copied()
    }

    fn persons(&self, a: u32) -> u64 {
        self.by_area
            .get(&a)
            .map_or(0, |cells| cells.values().map(|(n, _)| n).sum())
    }

    /// θ(t) by year, the mean effect from `start`, and the pre-period sum of squares for the
    /// persons of area `a` against the pool without them. Cells without comparison persons are
    /// left out of both sides.
    fn estimate(
        &self,
        years: &[i32],
        a: u32,
        bi: usize,
        start: i32,
    ) -> (Vec<(i32, f64)>, f64, f64) {
        let n_years = years.len();
        let empty = BTreeMap::new();
        let own = self.by_area.get(&a).unwrap_or(&empty);
        let in_pool = self.members.contains(&a);
        let mut used: Vec<(u64, &Vec<u64>, u64, Vec<u64>)> = Vec::new();
        for (cell, (n, ys)) in own {
            let Some((pn, pys)) = self.pool.get(cell) else {
                continue;
            };
            let (pn, pys) = if in_pool {
                (pn - n, pys.iter().zip(ys).map(|(p, k)| p - k).collect())
            } else {
                (*pn, pys.clone())
            };
            if pn > 0 {
                used.push((*n, ys, pn, pys));
            }
        }
        let n_used: u64 = used.iter().map(|u| u.0).sum();
        let mut treated = vec![0.0; n_years];
        let mut control = vec![0.0; n_years];
        for (n, ys, pn, pys) in &used {
            let w = *n as f64 / n_used as f64;
            for t in 0..n_years {
                treated[t] += ys[t] as f64 / n_used as f64;
                control[t] += w * pys[t] as f64 / *pn as f64;
            }
        }
        let theta = |t: usize| (treated[t] - treated[bi]) - (control[t] - control[bi]);
        let event: Vec<(i32, f64)> = (0..n_years)
            .filter(|&t| t != bi)
            .map(|t| (years[t], theta(t)))
            .collect();
        let post: Vec<f64> = event
            .iter()
            .filter(|(y, _)| *y >= start)
            .map(|(_, v)| *v)
            .collect();
        let effect = post.iter().sum::<f64>() / post.len().max(1) as f64;
        let pre_ss = event
            .iter()
            .filter(|(y, _)| *y < start - 1)
            .map(|(_, v)| v * v)
            .sum();
        (event, effect, pre_ss)
    }
}
