//! The stayers panel recovers a planted person-level effect, finds none where none was planted
//! (at about the nominal rate) and is not fooled by a treated area whose residents differ in
//! composition from the comparison (cells with their own trends).

use std::collections::BTreeSet;

use bydel_evaluate::stayers::{CellCounts, StayersPanel, StayersSettings, stayers_did};
use bydel_evaluate::verdict::Evidence;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Binomial, Distribution, Normal};

const YEARS: std::ops::RangeInclusive<i32> = 2015..=2024;
const START: i32 = 2019;
const TREATED: u32 = 0;

/// 80 areas × 4 cells; cell c has its own level and trend (cell 0 improves fastest); every area
/// has its own level and yearly shocks; the treated area has mostly cell-0 persons and the
/// `effect` from the start.
fn panel(effect: f64, seed: u64) -> StayersPanel {
    panel_of(80, effect, seed)
}

fn panel_of(areas: u32, effect: f64, seed: u64) -> StayersPanel {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let years: Vec<i32> = YEARS.collect();
    let shock = Normal::new(0.0, 0.01).unwrap();
    let mut cells = Vec::new();
    for area in 0..areas {
        let level: f64 = rng.gen_range(-0.05..0.05);
        let shocks: Vec<f64> = years.iter().map(|_| shock.sample(&mut rng)).collect();
        for cell in 0..4u32 {
            let persons: u64 = if area == TREATED {
                [300, 40, 40, 40][cell as usize]
            } else {
                rng.gen_range(40..120)
            };
            let outcome = years
                .iter()
                .enumerate()
                .map(|(t, &y)| {
                    let trend = [-0.02, -0.005, 0.0, 0.005][cell as usize] * t as f64;
                    let base = [0.5, 0.35, 0.25, 0.15][cell as usize];
                    let planted = if area == TREATED && y >= START {
                        effect
                    } else {
                        0.0
                    };
                    let p = (base + level + trend + shocks[t] + planted).clamp(0.01, 0.99);
                    Binomial::new(persons, p).unwrap().sample(&mut rng)
                })
                .collect();
            cells.push(CellCounts {
                area,
                cell,
                persons,
                outcome,
            });
        }
    }
    StayersPanel { years, cells }
}

fn settings() -> StayersSettings {
    StayersSettings {
        min_persons: 20,
        max_placebos: 60,
        level: 0.95,
    }
}

#[test]
fn a_planted_effect_on_the_stayers_is_recovered() {
    let p = panel(-0.08, 7);
    let r = stayers_did(&p, TREATED, START, &BTreeSet::new(), &settings(), "andelen").unwrap();
    let e = r.estimate;
    assert!(e.low <= -0.08 && -0.08 <= e.high, "{e:?}");
    assert!(e.high < 0.0, "a clear effect is detected: {e:?}");
    assert_eq!(r.verdict.evidence, Evidence::Decrease);
    assert!(r.pre.passed, "{:?}", r.pre);
    assert_eq!(r.persons, 420);
    assert_eq!(r.placebos, 60);
    assert!(
        r.verdict.sentence.contains("sænket"),
        "{}",
        r.verdict.sentence
    );
}

#[test]
fn composition_does_not_fool_the_reweighting() {
    // no effect, but the treated persons are mostly in the fast-improving cell: an unweighted
    // comparison would see an "effect" of about −0.033 (mean over the post years)
    let mut biased = 0.0;
    for seed in 0..30 {
        let r = stayers_did(
            &panel(0.0, 100 + seed),
            TREATED,
            START,
            &BTreeSet::new(),
            &settings(),
            "andelen",
        )
        .unwrap();
        biased += r.estimate.value / 30.0;
    }
    assert!(
        biased.abs() < 0.012,
        "mean estimate without an effect: {biased}"
    );
}

#[test]
fn no_effect_is_rejected_at_about_the_nominal_rate() {
    let mut rejected = 0;
    let reps = 40;
    for seed in 0..reps {
        let r = stayers_did(
            &panel(0.0, 1000 + seed),
            TREATED,
            START,
            &BTreeSet::new(),
            &settings(),
            "andelen",
        )
        .unwrap();
        if !r.estimate.includes_zero() {
            rejected += 1;
        }
    }
    assert!(rejected <= 6, "{rejected} of {reps} rejected");
}

#[test]
fn too_few_persons_or_no_base_year_is_an_error_not_a_result() {
    let mut p = panel(0.0, 1);
    for c in p.cells.iter_mut().filter(|c| c.area == TREATED) {
        c.persons = 4;
        c.outcome.iter_mut().for_each(|k| *k = (*k).min(4));
    }
    assert!(stayers_did(&p, TREATED, START, &BTreeSet::new(), &settings(), "x").is_err());
    let p = panel(0.0, 1);
    assert!(stayers_did(&p, TREATED, 2015, &BTreeSet::new(), &settings(), "x").is_err());
}

#[test]
fn with_few_comparison_areas_the_interval_is_the_normal_one_and_still_covers() {
    // 30 areas: 29 placebos cannot give a 95 % rank interval
    let mut covered = 0;
    let mut detected = 0;
    for seed in 0..20 {
        let r = stayers_did(
            &panel_of(30, -0.08, 500 + seed),
            TREATED,
            START,
            &BTreeSet::new(),
            &settings(),
            "andelen",
        )
        .unwrap();
        assert_eq!(r.placebos, 29);
        assert!(r.estimate.se.is_some(), "the normal interval");
        covered += usize::from(r.estimate.low <= -0.08 && -0.08 <= r.estimate.high);
        detected += usize::from(r.estimate.high < 0.0);
    }
    assert!(
        covered >= 17,
        "{covered} of 20 intervals cover the planted effect"
    );
    assert!(detected >= 15, "{detected} of 20 detect it");
    let few = panel_of(8, 0.0, 1);
    assert!(stayers_did(&few, TREATED, START, &BTreeSet::new(), &settings(), "x").is_err());
}
