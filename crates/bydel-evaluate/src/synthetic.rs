//! Synthetic control (Abadie, Diamond and Hainmueller 2010; Abadie 2021): the treated area's
//! outcome path against a convex combination of donor areas fitted to its pre-period path.
//!
//! - **Donor pool:** areas of the same layer in the panel (the whole country unless the panel was
//!   restricted), without any intervention, the `max_donors` closest to the treated area's
//!   pre-period path (root mean squared difference). The panel's size filter keeps tiny areas out.
//! - **Weights:** non-negative, summing to 1, minimising the squared pre-period gap of the outcome
//!   in every pre-period year (the predictors are the yearly outcomes with equal importance, so no
//!   nested optimisation of V is needed).
//! - **Fit:** the pre-period RMSPE is reported; a fit worse than twice the median placebo fit is
//!   flagged in the verdict.
//! - **Placebos in space:** each of the `placebo_areas` areas closest to the treated area in the
//!   pre-period is treated as if it had the intervention, with its own pool of the closest
//!   `max_donors` other areas (never the treated area). The p-value is the rank of the treated area's post/pre RMSPE ratio
//!   among all ratios (Abadie et al. 2010, section 4). The interval of the mean post-period gap is
//!   the treated gap minus the 2.5–97.5 % quantiles of the placebo gaps (placebos fitting worse than
//!   5× the treated pre-RMSPE left out, as in the paper).
//! - **Placebos in time:** the analysis is repeated with fake starts before the real one, using only
//!   years before the real start; a fake start should show no gap.

use std::collections::BTreeSet;

use bydel_model::{AreaId, Year};
use serde::{Deserialize, Serialize};

use crate::EvaluateError;
use crate::panel::Panel;
use crate::simplex::simplex_least_squares;
use crate::stats::quantile_sorted;
use crate::verdict::{Estimate, PreCheck, Verdict, pct, verdict};

/// Pre-period RMSPEs below this (0.1 percentage point) count as this in the post/pre ratio: a
/// near-perfect pre-period fit of a share is a fit to noise, and would make the ratio explode.
pub const MIN_PRE_RMSPE: f64 = 0.001;

/// The settings of one synthetic-control analysis.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ScSettings {
    /// The donor pool is the `max_donors` areas closest in the pre-period. Keep it near the
    /// number of pre-period years (e.g. 10): with many more donors than years the weights fit the
    /// noise and the placebo ratios lose their meaning.
    pub max_donors: usize,
    /// How many areas (the closest in the pre-period) are run as placebos in space, each with its
    /// own pool of `max_donors` (e.g. 60; the smallest possible p-value is 1 / (this + 1)).
    pub placebo_areas: usize,
    /// How many fake starts before the real one to try (placebos in time).
    pub time_placebos: usize,
    /// Confidence level of the interval.
    pub level: f64,
}

/// One donor's weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DonorWeight {
    /// The donor area.
    pub area: AreaId,
    /// Its weight (non-negative; all weights sum to 1).
    pub weight: f64,
}

/// One year of the treated and synthetic paths.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathPoint {
    /// The data year.
    pub year: Year,
    /// The treated area's share.
    pub actual: f64,
    /// The synthetic control's share.
    pub synthetic: f64,
}

/// One placebo run in space.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpacePlacebo {
    /// The donor treated as if it had the intervention.
    pub area: AreaId,
    /// Its pre-period RMSPE.
    pub pre_rmspe: f64,
    /// Its post-period RMSPE.
    pub post_rmspe: f64,
    /// Its mean post-period gap.
    pub mean_gap: f64,
}

/// One placebo run in time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimePlacebo {
    /// The fake start.
    pub fake_start: Year,
    /// Pre-period RMSPE before the fake start.
    pub pre_rmspe: f64,
    /// Mean gap from the fake start to the year before the real start.
    pub mean_gap: f64,
}

/// The result for one treated area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScResult {
    /// The treated area.
    pub area: AreaId,
    /// The start.
    pub start: Year,
    /// Donors with a weight of at least 0.001, largest first.
    pub donors: Vec<DonorWeight>,
    /// Treated and synthetic paths, every year.
    pub path: Vec<PathPoint>,
    /// Root mean squared gap before the start.
    pub pre_rmspe: f64,
    /// Root mean squared gap from the start on.
    pub post_rmspe: f64,
    /// The mean post-period gap with its placebo interval and rank p-value.
    pub effect: Estimate,
    /// Rank of the treated post/pre ratio among treated + placebos (1 = most extreme).
    pub rank: usize,
    /// Placebos in space.
    pub space_placebos: Vec<SpacePlacebo>,
    /// Placebos in time.
    pub time_placebos: Vec<TimePlacebo>,
    /// The pre-period fit check.
    pub pre_check: PreCheck,
    /// The verdict.
    pub verdict: Verdict,
}

/// Runs the synthetic control for `treated` starting in `start`; areas in `not_donors` (other
/// intervention areas) are never donors.
pub fn synthetic_control(
    panel: &Panel,
    treated: &AreaId,
    start: Year,
    not_donors: &BTreeSet<AreaId>,
    settings: &ScSettings,
) -> Result<ScResult, EvaluateError> {
    let ti = panel
        .index_of(treated)
        .ok_or_else(|| EvaluateError::Data(format!("{treated} is not in the panel")))?;
    let t0 = panel
        .year_index(start)
        .filter(|&s| s >= 3)
        .ok_or_else(|| EvaluateError::Data(format!(
            "{treated}: synthetic control needs at least 3 years before the start {start} in the panel"
        )))?;
    if t0 >= panel.years().len() {
        return Err(EvaluateError::Data(format!(
            "{treated}: no year from the start {start} on"
        )));
    }
    let shares = panel.shares();
    let pool = donor_pool(panel, &shares, ti, t0, not_donors, settings.max_donors);
    if pool.len() < 2 {
        return Err(EvaluateError::Data(format!(
            "{treated}: fewer than 2 donor areas"
        )));
    }
    let fit = fit_one(&shares, ti, &pool, t0, shares[ti].len());
    let candidates = donor_pool(panel, &shares, ti, t0, not_donors, settings.placebo_areas);
    let space: Vec<SpacePlacebo> = candidates
        .iter()
        .map(|&d| {
            let mut excluded = not_donors.clone();
            excluded.insert(treated.clone());
            let others = donor_pool(panel, &shares, d, t0, &excluded, settings.max_donors);
            let f = fit_one(&shares, d, &others, t0, shares[d].len());
            SpacePlacebo {
                area: panel.areas()[d].clone(),
                pre_rmspe: f.pre_rmspe,
                post_rmspe: f.post_rmspe,
                mean_gap: f.mean_gap,
            }
        })
        .collect();
    let time = time_placebos(
        &shares,
        ti,
        &pool,
        t0,
        settings.time_placebos,
        panel.years(),
    );
    let (effect, rank) = inference(&fit, &space, settings.level);
    let pre_check = fit_check(fit.pre_rmspe, &space);
    let caveat = time_caveat(&time, &effect);
    let v = verdict(
        &panel.outcome().name_da,
        "syntetisk kontrol",
        &effect,
        settings.level,
        &pre_check,
        caveat.as_deref(),
    );
    let mut donors: Vec<DonorWeight> = pool
        .iter()
        .zip(&fit.weights)
        .filter(|(_, w)| **w >= 0.001)
        .map(|(&d, &w)| DonorWeight {
            area: panel.areas()[d].clone(),
            weight: w,
        })
        .collect();
    donors.sort_by(|a, b| b.weight.total_cmp(&a.weight));
    let path = panel
        .years()
        .iter()
        .enumerate()
        .map(|(t, &year)| PathPoint {
            year,
            actual: shares[ti][t],
            synthetic: fit.synthetic[t],
        })
        .collect();
    Ok(ScResult {
        area: treated.clone(),
        start,
        donors,
        path,
        pre_rmspe: fit.pre_rmspe,
        post_rmspe: fit.post_rmspe,
        effect,
        rank,
        space_placebos: space,
        time_placebos: time,
        pre_check,
        verdict: v,
    })
}

/// The synthetic-control weights of one treated path on donor paths over the first `t0` years
/// (exposed for oracle tests).
pub fn weights(treated_pre: &[f64], donors_pre: &[Vec<f64>]) -> Vec<f64> {
    simplex_least_squares(donors_pre, treated_pre)
}

#[derive(Debug, Clone)]
struct Fit {
    weights: Vec<f64>,
    synthetic: Vec<f64>,
    pre_rmspe: f64,
    post_rmspe: f64,
    mean_gap: f64,
}

/// Fits unit `ti` on `pool` over years `..t0` and evaluates years `t0..end`.
fn fit_one(shares: &[Vec<f64>], ti: usize, pool: &[usize], t0: usize, end: usize) -> Fit {
    let x: Vec<Vec<f64>> = pool.iter().map(|&d| shares[d][..t0].to_vec()).collect();
    let w = simplex_least_squares(&x, &shares[ti][..t0]);
    let synthetic: Vec<f64> = (0..shares[ti].len())
        .map(|t| pool.iter().zip(&w).map(|(&d, wi)| wi * shares[d][t]).sum())
        .collect();
    let gap = |t: usize| shares[ti][t] - synthetic[t];
    let rms = |r: std::ops::Range<usize>| {
        let n = r.len().max(1) as f64;
        (r.map(|t| gap(t).powi(2)).sum::<f64>() / n).sqrt()
    };
    let mean_gap = (t0..end).map(gap).sum::<f64>() / (end - t0).max(1) as f64;
    Fit {
        pre_rmspe: rms(0..t0),
        post_rmspe: rms(t0..end),
        mean_gap,
        weights: w,
        synthetic,
    }
}

fn donor_pool(
    panel: &Panel,
    shares: &[Vec<f64>],
    ti: usize,
    t0: usize,
    not_donors: &BTreeSet<AreaId>,
    max: usize,
) -> Vec<usize> {
    let mut cands: Vec<(f64, usize)> = (0..shares.len())
        .filter(|&d| d != ti && !not_donors.contains(&panel.areas()[d]))
        .map(|d| {
            let ss: f64 = (0..t0)
                .map(|t| (shares[d][t] - shares[ti][t]).powi(2))
                .sum();
            (ss, d)
        })
        .collect();
    cands.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    cands.into_iter().take(max).map(|c| c.1).collect()
}

fn time_placebos(
    shares: &[Vec<f64>],
    ti: usize,
    pool: &[usize],
    t0: usize,
    n: usize,
    years: &[Year],
) -> Vec<TimePlacebo> {
    (1..=n)
        .filter(|k| t0 >= k + 3)
        .map(|k| {
            let fake = t0 - k;
            let f = fit_one(shares, ti, pool, fake, t0);
            TimePlacebo {
                fake_start: years[fake],
                pre_rmspe: f.pre_rmspe,
                mean_gap: f.mean_gap,
            }
        })
        .collect()
}

fn inference(fit: &Fit, space: &[SpacePlacebo], level: f64) -> (Estimate, usize) {
    let ratio = |post: f64, pre: f64| post / pre.max(MIN_PRE_RMSPE);
    let own = ratio(fit.post_rmspe, fit.pre_rmspe);
    let rank = 1 + space
        .iter()
        .filter(|p| ratio(p.post_rmspe, p.pre_rmspe) > own)
        .count();
    let p_value = rank as f64 / (space.len() + 1) as f64;
    let good: Vec<&SpacePlacebo> = space
        .iter()
        .filter(|p| p.pre_rmspe <= 5.0 * fit.pre_rmspe.max(1e-9))
        .collect();
    let used: Vec<&SpacePlacebo> = if good.len() >= 10 {
        good
    } else {
        space.iter().collect()
    };
    let mut gaps: Vec<f64> = used.iter().map(|p| p.mean_gap).collect();
    gaps.sort_by(f64::total_cmp);
    let q = (1.0 - level) / 2.0;
    let m = gaps.iter().sum::<f64>() / gaps.len().max(1) as f64;
    let sd =
        (gaps.iter().map(|g| (g - m).powi(2)).sum::<f64>() / (gaps.len().max(2) - 1) as f64).sqrt();
    let est = Estimate {
        value: fit.mean_gap,
        low: fit.mean_gap - quantile_sorted(&gaps, 1.0 - q),
        high: fit.mean_gap - quantile_sorted(&gaps, q),
        se: Some(sd),
        p_value: Some(p_value),
    };
    (est, rank)
}

fn fit_check(pre_rmspe: f64, space: &[SpacePlacebo]) -> PreCheck {
    let mut pre: Vec<f64> = space.iter().map(|p| p.pre_rmspe).collect();
    pre.sort_by(f64::total_cmp);
    let median = quantile_sorted(&pre, 0.5);
    let ratio = if median > 0.0 {
        pre_rmspe / median
    } else {
        f64::INFINITY
    };
    let worse = pre.iter().filter(|&&p| p >= pre_rmspe).count();
    PreCheck {
        test: format!(
            "førperiodens RMSPE {} procentpoint mod median {} for placeboområderne",
            pct(pre_rmspe * 100.0, 2),
            pct(median * 100.0, 2)
        ),
        statistic: ratio,
        p_value: (1 + worse) as f64 / (1 + pre.len()) as f64,
        passed: ratio <= 2.0,
    }
}

fn time_caveat(time: &[TimePlacebo], effect: &Estimate) -> Option<String> {
    let half = (effect.high - effect.low) / 2.0;
    let bad: Vec<String> = time
        .iter()
        .filter(|t| t.mean_gap.abs() > half)
        .map(|t| t.fake_start.to_string())
        .collect();
    (!bad.is_empty()).then(|| {
        format!(
            "Forbehold: placebo-start i {} viser også en forskel af samme størrelse som intervallet tillader.",
            bad.join(", ")
        )
    })
}
