//! A synthetic area-year panel with planted effects of known size and timing.
#![allow(dead_code)]

use std::collections::BTreeMap;

use bydel_evaluate::{Outcome, Panel};
use bydel_model::{AreaId, Kind, Year};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Binomial, Distribution, Normal};

pub const FIRST: i32 = 2012;
pub const LAST: i32 = 2025;

/// One treated cohort: start year, number of areas, effect by years since start (e ≥ 0).
pub struct Cohort {
    pub start: i32,
    pub areas: usize,
    pub effect: fn(i32) -> f64,
    /// The denominator of each area of the cohort (`None`: random like the controls).
    pub size: Option<u64>,
}

/// A panel of `never` untreated areas and the cohorts, with binomial sampling noise on
/// denominators of 150–1,500 persons, area levels around 30 %, a common year path and small
/// area-specific shocks. Returns the panel and the starts.
pub fn planted_panel(
    seed: u64,
    never: usize,
    cohorts: &[Cohort],
) -> (Panel, BTreeMap<AreaId, Year>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let years: Vec<Year> = (FIRST..=LAST).map(|y| Year::new(y).unwrap()).collect();
    let shock = Normal::new(0.0, 0.008).unwrap();
    let level = Normal::new(0.30, 0.08).unwrap();
    let common: Vec<f64> = (0..years.len())
        .map(|t| 0.004 * t as f64 + 0.01 * (t as f64 * 0.9).sin())
        .collect();
    let mut areas = Vec::new();
    let mut num = Vec::new();
    let mut den = Vec::new();
    let mut starts = BTreeMap::new();
    let mut specs: Vec<Option<&Cohort>> = vec![None; never];
    for c in cohorts {
        specs.extend(std::iter::repeat_n(Some(c), c.areas));
    }
    for (i, spec) in specs.iter().enumerate() {
        let id = AreaId::new(format!("a{i:03}")).unwrap();
        let base: f64 = level.sample(&mut rng);
        let trend: f64 = rng.gen_range(-0.002..0.002);
        let drawn: u64 = rng.gen_range(150..1500);
        let size = spec.and_then(|c| c.size).unwrap_or(drawn);
        let (mut n, mut d) = (Vec::new(), Vec::new());
        for (t, common_t) in common.iter().enumerate() {
            let year = FIRST + t as i32;
            let effect = spec
                .filter(|c| year >= c.start)
                .map_or(0.0, |c| (c.effect)(year - c.start));
            let p = (base + common_t + trend * t as f64 + shock.sample(&mut rng) + effect)
                .clamp(0.01, 0.99);
            n.push(Binomial::new(size, p).unwrap().sample(&mut rng) as f64);
            d.push(size as f64);
        }
        if let Some(c) = spec {
            starts.insert(id.clone(), Year::new(c.start).unwrap());
        }
        areas.push(id);
        num.push(n);
        den.push(d);
    }
    let outcome = Outcome {
        id: "planted".into(),
        name_da: "andelen i uddannelse".into(),
        numerator: "num".into(),
        denominator: "den".into(),
        scale: 1.0,
    };
    let panel = Panel::new(
        outcome,
        Kind::new("housing_area").unwrap(),
        areas,
        years,
        num,
        den,
    )
    .unwrap();
    (panel, starts)
}

pub fn constant(size: f64) -> fn(i32) -> f64 {
    // fn pointers cannot capture; the planted sizes used in tests are listed here.
    match (size * 1000.0).round() as i64 {
        0 => |_| 0.0,
        30 => |_| 0.03,
        50 => |_| 0.05,
        -40 => |_| -0.04,
        _ => panic!("add the planted size {size} to common::constant"),
    }
}

/// An effect that grows by 1 point a year up to 4 points.
pub fn ramp(e: i32) -> f64 {
    0.01 * f64::from((e + 1).min(4))
}
