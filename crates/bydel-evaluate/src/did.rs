//! Difference-in-differences with staggered starts: group-time average effects ATT(g,t) in the
//! style of Callaway and Sant'Anna (2021), aggregated to an event study by year relative to the
//! start.
//!
//! A cohort *g* is the set of areas whose first intervention starts in data year *g*. For every
//! cohort and year *t*, ATT(g,t) compares the cohort's change in the outcome since a base year
//! with the change of the control areas (never treated, or not yet treated by *t*):
//!
//! - after the start (*t ≥ g*) the base is *g − 1* (long differences);
//! - before the start (*t < g*) the base is *t − 1* (the "varying" base period), so the
//!   pre-period estimates are placebo effects that should be 0 if the paths were parallel.
//!
//! There are no covariates (the comparison pool is chosen by layer, municipality and size), so
//! the doubly robust estimator of the paper reduces to the difference of mean changes. Each
//! ATT(g,t) has an influence function over areas; the event-study estimate θ(e) weights the
//! cohorts by their size, and its influence function includes the estimation of those weights,
//! as in the paper's `aggte`. The overall effect is the mean of θ(e) over e ≥ 0.
//!
//! Inference is a choice at the call site ([`Inference`]): analytic influence-function standard
//! errors (valid with many treated areas), or placebo (randomisation) inference that assigns the
//! real cohorts at random to never-treated areas of similar size (valid with one or a few treated areas,
//! where the influence function of the treated side cannot be estimated; Conley and Taber 2011).

use std::collections::BTreeMap;

use bydel_model::{AreaId, Year};
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::EvaluateError;
use crate::linalg::solve_psd;
use crate::panel::Panel;
use crate::stats::{chi2_sf, z_crit};
use crate::verdict::{Estimate, PreCheck, Verdict, verdict};

/// Placebo areas are drawn among this many never-treated areas closest in size to the treated.
pub const PLACEBO_POOL: usize = 60;

/// Which areas serve as controls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ControlGroup {
    /// Only areas with no intervention in the panel's years.
    NeverTreated,
    /// Never-treated areas and areas whose own start is after the year compared.
    NotYetTreated,
}

/// How intervals and p-values are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Inference {
    /// Normal intervals from the analytic influence functions (many treated areas).
    InfluenceFunction,
    /// Placebo (randomisation) inference: `draws` reassignments of the cohorts to never-treated
    /// areas, seeded.
    Placebo {
        /// Number of placebo draws.
        draws: usize,
        /// The seed.
        seed: u64,
    },
}

impl Inference {
    /// Placebo inference when the smallest cohort has fewer than 5 areas, else the influence
    /// function.
    pub fn auto(smallest_cohort: usize, draws: usize, seed: u64) -> Self {
        if smallest_cohort < 5 {
            Inference::Placebo { draws, seed }
        } else {
            Inference::InfluenceFunction
        }
    }
}

/// The settings of one estimation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DidSettings {
    /// The control group.
    pub control: ControlGroup,
    /// The inference.
    pub inference: Inference,
    /// Confidence level of the intervals (e.g. 0.95).
    pub level: f64,
}

/// One group-time average effect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupTime {
    /// The cohort: the first data year of the intervention.
    pub group: Year,
    /// The data year.
    pub year: Year,
    /// ATT(g,t), in share units.
    pub att: f64,
    /// Its analytic (influence-function) standard error.
    pub se: f64,
    /// Treated areas in the cohort.
    pub treated: usize,
    /// Control areas used.
    pub controls: usize,
}

/// One event-study estimate θ(e).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventTime {
    /// Years since the start (−1 is the year before, 0 the first year).
    pub relative_year: i32,
    /// The estimate with its interval.
    pub estimate: Estimate,
}

/// The full result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DidResult {
    /// The treated areas by cohort.
    pub cohorts: BTreeMap<Year, Vec<AreaId>>,
    /// Treated areas left out because their start leaves no pre-period in the panel.
    pub dropped: Vec<AreaId>,
    /// Number of never-treated areas.
    pub never_treated: usize,
    /// Every ATT(g,t).
    pub group_time: Vec<GroupTime>,
    /// The event study, by relative year.
    pub event_study: Vec<EventTime>,
    /// The mean of θ(e) over e ≥ 0.
    pub overall: Estimate,
    /// The joint check of the pre-period estimates.
    pub pre_trend: PreCheck,
    /// The inference used.
    pub inference: Inference,
    /// The verdict.
    pub verdict: Verdict,
}

/// Estimates the group-time effects of interventions starting in the given years (`starts`: the
/// first start per area; areas of the panel not listed are never treated).
pub fn callaway_santanna(
    panel: &Panel,
    starts: &BTreeMap<AreaId, Year>,
    settings: &DidSettings,
) -> Result<DidResult, EvaluateError> {
    let (design, cohorts, dropped) = Design::from_panel(panel, starts)?;
    let never = design.g.iter().filter(|g| g.is_none()).count();
    if never == 0 && settings.control == ControlGroup::NeverTreated {
        return Err(EvaluateError::Data(
            "no never-treated area to compare with".into(),
        ));
    }
    let fit = design.fit(settings.control);
    if fit.event.is_empty() {
        return Err(EvaluateError::Data(
            "no group-time effect could be estimated (too few years or controls)".into(),
        ));
    }
    let z = z_crit(settings.level);
    let (event_study, overall, pre_trend) = match settings.inference {
        Inference::InfluenceFunction => fit.analytic(z, design.n()),
        Inference::Placebo { draws, seed } => {
            let placebos = design.placebos(settings.control, draws, seed)?;
            fit.placebo(&placebos, settings.level)
        }
    };
    let group_time = fit
        .cells
        .iter()
        .map(|c| GroupTime {
            group: panel.years()[c.g],
            year: panel.years()[c.t],
            att: c.att,
            se: se(&c.psi, design.n()),
            treated: c.n_treated,
            controls: c.n_control,
        })
        .collect();
    let v = verdict(
        &panel.outcome().name_da,
        "forskel-i-forskelle",
        &overall,
        settings.level,
        &pre_trend,
        None,
    );
    Ok(DidResult {
        cohorts,
        dropped,
        never_treated: never,
        group_time,
        event_study,
        overall,
        pre_trend,
        inference: settings.inference,
        verdict: v,
    })
}

/// The treated areas by cohort.
type Cohorts = BTreeMap<Year, Vec<AreaId>>;

/// The estimation problem: each area's path and cohort (year index of its start).
#[derive(Debug, Clone)]
struct Design {
    y: Vec<Vec<f64>>,
    g: Vec<Option<usize>>,
    /// Mean denominator (the area's size for the outcome): placebo areas are drawn among the
    /// never-treated areas closest in size, so their sampling noise is like the treated areas'.
    size: Vec<f64>,
}

/// One ATT(g,t) with its influence function over all areas.
#[derive(Debug, Clone)]
struct Cell {
    g: usize,
    t: usize,
    att: f64,
    psi: Vec<f64>,
    n_treated: usize,
    n_control: usize,
}

/// The cells and their aggregation to θ(e) with influence functions.
#[derive(Debug, Clone)]
struct Fit {
    cells: Vec<Cell>,
    /// (e, θ(e), influence function)
    event: Vec<(i32, f64, Vec<f64>)>,
}

/// One placebo draw's summaries: θ(e) by e, the overall effect and the pre-trend statistic.
#[derive(Debug, Clone)]
struct PlaceboDraw {
    event: BTreeMap<i32, f64>,
    overall: f64,
    pre_stat: f64,
}

impl Design {
    fn from_panel(
        panel: &Panel,
        starts: &BTreeMap<AreaId, Year>,
    ) -> Result<(Design, Cohorts, Vec<AreaId>), EvaluateError> {
        let shares = panel.shares();
        let last = *panel.years().last().expect("a panel has years");
        let mut design = Design {
            y: Vec::new(),
            g: Vec::new(),
            size: Vec::new(),
        };
        let mut cohorts: BTreeMap<Year, Vec<AreaId>> = BTreeMap::new();
        let mut dropped = Vec::new();
        for (a, area) in panel.areas().iter().enumerate() {
            let g = match starts.get(area) {
                None => None,
                Some(&s) if s > last => None,
                Some(&s) => match panel.year_index(s) {
                    Some(gi) if gi >= 1 => Some(gi),
                    _ => {
                        dropped.push(area.clone());
                        continue;
                    }
                },
            };
            if let Some(gi) = g {
                cohorts
                    .entry(panel.years()[gi])
                    .or_default()
                    .push(area.clone());
            }
            design.y.push(shares[a].clone());
            design.g.push(g);
            let years = panel.years().len();
            design
                .size
                .push((0..years).map(|t| panel.denominator(a, t)).sum::<f64>() / years as f64);
        }
        if cohorts.is_empty() {
            return Err(EvaluateError::Data(
                "none of the intervention areas is in the panel with a year before its start"
                    .into(),
            ));
        }
        Ok((design, cohorts, dropped))
    }

    fn n(&self) -> usize {
        self.y.len()
    }

    fn years(&self) -> usize {
        self.y.first().map_or(0, Vec::len)
    }

    fn fit(&self, control: ControlGroup) -> Fit {
        let mut groups: Vec<usize> = self.g.iter().flatten().copied().collect();
        groups.sort_unstable();
        groups.dedup();
        let mut cells = Vec::new();
        for &g in &groups {
            for t in 1..self.years() {
                if let Some(c) = self.cell(g, t, control) {
                    cells.push(c);
                }
            }
        }
        let event = self.aggregate(&cells);
        Fit { cells, event }
    }

    fn cell(&self, g: usize, t: usize, control: ControlGroup) -> Option<Cell> {
        let base = if t < g { t - 1 } else { g - 1 };
        let horizon = t.max(base);
        let is_control = |gi: Option<usize>| match (gi, control) {
            (None, _) => true,
            (Some(h), ControlGroup::NotYetTreated) => h != g && h > horizon,
            (Some(_), ControlGroup::NeverTreated) => false,
        };
        let n = self.n() as f64;
        let (mut treated, mut controls) = (Vec::new(), Vec::new());
        for (i, (y, gi)) in self.y.iter().zip(&self.g).enumerate() {
            let d = y[t] - y[base];
            if *gi == Some(g) {
                treated.push((i, d));
            } else if is_control(*gi) {
                controls.push((i, d));
            }
        }
        if treated.is_empty() || controls.is_empty() {
            return None;
        }
        let mean = |v: &[(usize, f64)]| v.iter().map(|x| x.1).sum::<f64>() / v.len() as f64;
        let (mt, mc) = (mean(&treated), mean(&controls));
        let mut psi = vec![0.0; self.n()];
        let (nt, nc) = (treated.len() as f64, controls.len() as f64);
        for &(i, d) in &treated {
            psi[i] = n / nt * (d - mt);
        }
        for &(i, d) in &controls {
            psi[i] = -n / nc * (d - mc);
        }
        Some(Cell {
            g,
            t,
            att: mt - mc,
            psi,
            n_treated: treated.len(),
            n_control: controls.len(),
        })
    }

    /// θ(e) for every relative year, weighting cohorts by size, with the influence function of
    /// the estimated weights included.
    fn aggregate(&self, cells: &[Cell]) -> Vec<(i32, f64, Vec<f64>)> {
        let n = self.n();
        let mut by_e: BTreeMap<i32, Vec<&Cell>> = BTreeMap::new();
        for c in cells {
            by_e.entry(c.t as i32 - c.g as i32).or_default().push(c);
        }
        let p = |g: usize| self.g.iter().filter(|&&x| x == Some(g)).count() as f64 / n as f64;
        by_e.into_iter()
            .map(|(e, keep)| {
                let pg: Vec<f64> = keep.iter().map(|c| p(c.g)).collect();
                let s: f64 = pg.iter().sum();
                let theta: f64 = keep.iter().zip(&pg).map(|(c, p)| p / s * c.att).sum();
                let mut inf = vec![0.0; n];
                for (i, slot) in inf.iter_mut().enumerate() {
                    let dev: f64 = keep
                        .iter()
                        .zip(&pg)
                        .map(|(c, p)| f64::from(u8::from(self.g[i] == Some(c.g))) - p)
                        .sum();
                    for (c, p) in keep.iter().zip(&pg) {
                        let own = f64::from(u8::from(self.g[i] == Some(c.g))) - p;
                        let wif = own / s - p / (s * s) * dev;
                        *slot += p / s * c.psi[i] + wif * c.att;
                    }
                }
                (e, theta, inf)
            })
            .collect()
    }

    /// Each area's noise scale: the standard deviation of its year-on-year changes net of the
    /// mean change of all areas, before the earliest start. Placebo estimates are rescaled by treated / placebo noise (Ferman and Pinto
    /// 2019), so a small, noisy treated area is not judged by large, quiet placebo areas.
    fn noise(&self) -> Vec<f64> {
        let first = self
            .g
            .iter()
            .flatten()
            .min()
            .copied()
            .unwrap_or(self.years());
        let end = first.max(2).min(self.years());
        let common: Vec<f64> = (0..end)
            .map(|t| {
                if t == 0 {
                    return 0.0;
                }
                self.y.iter().map(|y| y[t] - y[t - 1]).sum::<f64>() / self.n() as f64
            })
            .collect();
        self.y
            .iter()
            .map(|y| {
                let d: Vec<f64> = (1..end).map(|t| y[t] - y[t - 1] - common[t]).collect();
                let m = d.iter().sum::<f64>() / d.len().max(1) as f64;
                (d.iter().map(|x| (x - m).powi(2)).sum::<f64>()
                    / d.len().max(2).saturating_sub(1) as f64)
                    .sqrt()
            })
            .collect()
    }

    /// The estimator re-run with the cohorts assigned to never-treated areas at random (the real
    /// treated areas left out).
    fn placebos(
        &self,
        control: ControlGroup,
        draws: usize,
        seed: u64,
    ) -> Result<Vec<PlaceboDraw>, EvaluateError> {
        let treated: Vec<usize> = self.g.iter().flatten().copied().collect();
        let treated_size = (0..self.n())
            .filter(|&i| self.g[i].is_some())
            .map(|i| self.size[i].ln())
            .sum::<f64>()
            / treated.len().max(1) as f64;
        let mut never: Vec<usize> = (0..self.n()).filter(|&i| self.g[i].is_none()).collect();
        never.sort_by(|&a, &b| {
            let d = |i: usize| (self.size[i].ln() - treated_size).abs();
            d(a).total_cmp(&d(b)).then(a.cmp(&b))
        });
        never.truncate(PLACEBO_POOL.max(4 * treated.len()));
        if never.len() < treated.len() + 2 {
            return Err(EvaluateError::Data(format!(
                "placebo inference needs more never-treated areas ({}) than treated ones ({}) plus 2",
                never.len(),
                treated.len()
            )));
        }
        let base = Design {
            y: never.iter().map(|&i| self.y[i].clone()).collect(),
            g: vec![None; never.len()],
            size: never.iter().map(|&i| self.size[i]).collect(),
        };
        let noise = self.noise();
        let treated_noise = (0..self.n())
            .filter(|&i| self.g[i].is_some())
            .map(|i| noise[i])
            .sum::<f64>()
            / treated.len().max(1) as f64;
        let base_noise: Vec<f64> = never.iter().map(|&i| noise[i]).collect();
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let mut idx: Vec<usize> = (0..never.len()).collect();
        let mut out = Vec::with_capacity(draws);
        for _ in 0..draws {
            idx.shuffle(&mut rng);
            let mut d = base.clone();
            for (k, &g) in treated.iter().enumerate() {
                d.g[idx[k]] = Some(g);
            }
            let fit = d.fit(control);
            let assigned = treated.len().max(1) as f64;
            let placebo_noise = idx[..treated.len()]
                .iter()
                .map(|&k| base_noise[k])
                .sum::<f64>()
                / assigned;
            let f = if placebo_noise > 0.0 {
                treated_noise / placebo_noise
            } else {
                1.0
            };
            let event: BTreeMap<i32, f64> =
                fit.event.iter().map(|(e, th, _)| (*e, th * f)).collect();
            out.push(PlaceboDraw {
                overall: overall_of(&event),
                pre_stat: pre_stat(&event),
                event,
            });
        }
        Ok(out)
    }
}

impl Fit {
    fn event_map(&self) -> BTreeMap<i32, f64> {
        self.event.iter().map(|(e, th, _)| (*e, *th)).collect()
    }

    fn analytic(&self, z: f64, n: usize) -> (Vec<EventTime>, Estimate, PreCheck) {
        let est = |value: f64, inf: &[f64]| {
            let s = se(inf, n);
            let p = if s > 0.0 {
                2.0 * (1.0 - statrs_phi((value / s).abs()))
            } else {
                f64::NAN
            };
            Estimate {
                value,
                low: value - z * s,
                high: value + z * s,
                se: Some(s),
                p_value: Some(p),
            }
        };
        let event = self
            .event
            .iter()
            .map(|(e, th, inf)| EventTime {
                relative_year: *e,
                estimate: est(*th, inf),
            })
            .collect();
        let post: Vec<&(i32, f64, Vec<f64>)> = self.event.iter().filter(|x| x.0 >= 0).collect();
        let k = post.len().max(1) as f64;
        let value = post.iter().map(|x| x.1).sum::<f64>() / k;
        let mut inf = vec![0.0; n];
        for x in &post {
            for (s, v) in inf.iter_mut().zip(&x.2) {
                *s += v / k;
            }
        }
        (event, est(value, &inf), self.wald(n))
    }

    /// The joint Wald test that every pre-period θ(e) is 0, with the influence-function covariance.
    fn wald(&self, n: usize) -> PreCheck {
        let pre: Vec<&(i32, f64, Vec<f64>)> = self.event.iter().filter(|x| x.0 < 0).collect();
        let nn = (n * n) as f64;
        let cov: Vec<Vec<f64>> = pre
            .iter()
            .map(|a| {
                pre.iter()
                    .map(|b| a.2.iter().zip(&b.2).map(|(x, y)| x * y).sum::<f64>() / nn)
                    .collect()
            })
            .collect();
        let theta: Vec<f64> = pre.iter().map(|x| x.1).collect();
        let (x, rank) = solve_psd(&cov, &theta);
        let stat: f64 = x.iter().zip(&theta).map(|(a, b)| a * b).sum();
        let p = chi2_sf(stat, rank);
        PreCheck {
            test: format!(
                "Wald-test af {} førperiode-estimater, χ²({rank})",
                pre.len()
            ),
            statistic: stat,
            p_value: p,
            passed: p >= 0.05,
        }
    }

    fn placebo(&self, draws: &[PlaceboDraw], level: f64) -> (Vec<EventTime>, Estimate, PreCheck) {
        let lo_q = (1.0 - level) / 2.0;
        let est = |value: f64, sample: Vec<f64>| {
            let mut s = sample;
            s.retain(|x| x.is_finite());
            s.sort_by(f64::total_cmp);
            let m = s.iter().sum::<f64>() / s.len().max(1) as f64;
            let sd = (s.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (s.len().max(2) - 1) as f64)
                .sqrt();
            let extreme = s.iter().filter(|x| x.abs() >= value.abs()).count();
            let (q_lo, q_hi) = order_quantiles(&s, lo_q);
            Estimate {
                value,
                low: value - q_hi,
                high: value - q_lo,
                se: Some(sd),
                p_value: Some((1 + extreme) as f64 / (1 + s.len()) as f64),
            }
        };
        let event = self
            .event
            .iter()
            .map(|(e, th, _)| EventTime {
                relative_year: *e,
                estimate: est(
                    *th,
                    draws
                        .iter()
                        .filter_map(|d| d.event.get(e).copied())
                        .collect(),
                ),
            })
            .collect();
        let map = self.event_map();
        let overall = est(overall_of(&map), draws.iter().map(|d| d.overall).collect());
        let stat = pre_stat(&map);
        let above = draws.iter().filter(|d| d.pre_stat >= stat).count();
        let p = (1 + above) as f64 / (1 + draws.len()) as f64;
        let pre = PreCheck {
            test: format!(
                "placebo-rang af førperiodens kvadratsum blandt {} placebo-tildelinger",
                draws.len()
            ),
            statistic: stat,
            p_value: p,
            passed: p >= 0.05,
        };
        (event, overall, pre)
    }
}

/// The randomisation-inference quantiles of sorted placebo values: the k-th smallest and k-th
/// largest with k = ⌊(m + 1) α/2⌋ (at least 1), which keeps the interval's coverage at or above
/// the nominal level for m placebo values.
fn order_quantiles(sorted: &[f64], alpha_half: f64) -> (f64, f64) {
    let m = sorted.len();
    if m == 0 {
        return (f64::NAN, f64::NAN);
    }
    let k = (((m + 1) as f64 * alpha_half).floor() as usize).clamp(1, m);
    (sorted[k - 1], sorted[m - k])
}

fn overall_of(event: &BTreeMap<i32, f64>) -> f64 {
    let post: Vec<f64> = event.range(0..).map(|(_, v)| *v).collect();
    post.iter().sum::<f64>() / post.len().max(1) as f64
}

fn pre_stat(event: &BTreeMap<i32, f64>) -> f64 {
    event.range(..0).map(|(_, v)| v * v).sum()
}

fn se(inf: &[f64], n: usize) -> f64 {
    inf.iter().map(|x| x * x).sum::<f64>().sqrt() / n as f64
}

fn statrs_phi(x: f64) -> f64 {
    use statrs::distribution::{ContinuousCDF, Normal};
    Normal::new(0.0, 1.0).expect("standard normal").cdf(x)
}
