//! The probability that an area meets each category next year, from the sampling variation in
//! its counts.
//!
//! For each draw and each criterion indicator: the underlying rate is drawn from its posterior
//! given the counts (Beta(x + ½, n − x + ½), Jeffreys prior; for means a normal with the
//! standard error), moved by the Theil–Sen slope per year, and next year's observed value is
//! drawn around it with the same population (binomial; for means a second normal error). The
//! category's rule (from the catalogue) is applied to the drawn values against thresholds held at
//! this year's level. The probability is the share of draws that meet the category. The
//! omdannelse category needs five years of history and is not simulated here.

use std::collections::BTreeMap;

use bydel_model::{AreaId, CountsTable, Kind, Year};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Beta, Binomial, Distribution, StandardNormal};

use crate::catalogue::{Catalogue, CriterionRef};
use crate::criteria::threshold_exact;
use crate::estimate::{Estimate, estimate, raw_counts};
use crate::indicator::{Indicator, IndicatorKind, Op};
use crate::series::area_trend;
use crate::settings::Settings;

/// One criterion ready to simulate.
#[derive(Debug, Clone)]
struct Sim {
    kind: IndicatorKind,
    est: Estimate,
    scale: f64,
    slope: f64,
    thresholds: BTreeMap<String, (Op, f64)>,
}

/// The probability of meeting each category next year (category id → probability), or an empty
/// map when a criterion lacks data.
pub fn next_year_probabilities(
    t: &CountsTable,
    cat: &Catalogue,
    kind: &Kind,
    id: &AreaId,
    year: Year,
    s: &Settings,
) -> BTreeMap<String, f64> {
    let Some(sims) = prepare(t, cat, kind, id, year, s) else {
        return BTreeMap::new();
    };
    let mut rng = ChaCha8Rng::seed_from_u64(crate::series::seed_for(
        s.seed,
        &[kind.as_str(), id.as_str(), "probability", &year.to_string()],
    ));
    let mut hits: BTreeMap<String, u32> = cat.categories().map(|c| (c.id.clone(), 0)).collect();
    for _ in 0..s.draws {
        let values: BTreeMap<&str, f64> = sims
            .iter()
            .map(|(k, sim)| (k.as_str(), draw(sim, &mut rng)))
            .collect();
        for c in cat.categories() {
            let holds = |r: &CriterionRef| {
                let (op, thr) = sims[&r.indicator].thresholds[&r.threshold];
                op.holds(values[r.indicator.as_str()], thr)
            };
            let met = c.of_refs().iter().filter(|r| holds(r)).count();
            if met >= c.at_least && c.also_refs().iter().all(holds) {
                *hits.get_mut(&c.id).expect("every category has a counter") += 1;
            }
        }
    }
    hits.into_iter()
        .map(|(k, h)| (k, f64::from(h) / f64::from(s.draws.max(1))))
        .collect()
}

fn prepare(
    t: &CountsTable,
    cat: &Catalogue,
    kind: &Kind,
    id: &AreaId,
    year: Year,
    s: &Settings,
) -> Option<BTreeMap<String, Sim>> {
    let mut sims: BTreeMap<String, Sim> = BTreeMap::new();
    for c in cat.categories() {
        for r in c.of_refs().into_iter().chain(c.also_refs()) {
            let ind = cat.indicator(&r.indicator)?;
            if !sims.contains_key(&ind.id) {
                sims.insert(ind.id.clone(), sim_for(t, ind, kind, id, year, s)?);
            }
            let thr = ind.threshold(&r.threshold)?;
            let level = threshold_exact(t, ind, thr, kind, id, year)?.to_f64();
            sims.get_mut(&ind.id)?
                .thresholds
                .insert(r.threshold.clone(), (thr.op, level));
        }
    }
    Some(sims)
}

fn sim_for(
    t: &CountsTable,
    ind: &Indicator,
    kind: &Kind,
    id: &AreaId,
    year: Year,
    s: &Settings,
) -> Option<Sim> {
    let est = estimate(ind, raw_counts(t, ind, kind, id, year)?, s.level);
    est.value.number()?;
    let trend = area_trend(
        t,
        ind,
        kind,
        id,
        year,
        s.trend_window,
        s.level,
        s.trend_alpha,
        0,
        0,
    );
    Some(Sim {
        kind: ind.kind,
        scale: ind.scale as f64,
        slope: trend.map_or(0.0, |tr| tr.slope),
        est,
        thresholds: BTreeMap::new(),
    })
}

fn draw(sim: &Sim, rng: &mut impl Rng) -> f64 {
    let value = sim.est.value.number().unwrap_or(0.0);
    match sim.kind {
        IndicatorKind::Share => {
            let n = sim.est.counts.den as f64;
            let x = (sim.est.counts.num as f64 / sim.scale).clamp(0.0, n);
            let p = Beta::new(x + 0.5, n - x + 0.5).map_or(value, |b| b.sample(rng));
            let p_next = (p + sim.slope).clamp(0.0, 1.0);
            let trials = sim.est.counts.den.max(0) as u64;
            let k = Binomial::new(trials, p_next).map_or(0, |b| b.sample(rng));
            if trials == 0 { 0.0 } else { k as f64 / n }
        }
        IndicatorKind::Mean => {
            let se = sim.est.se.unwrap_or(0.0);
            let e1: f64 = StandardNormal.sample(rng);
            let e2: f64 = StandardNormal.sample(rng);
            value + sim.slope + se * (e1 + e2)
        }
    }
}
