//! Planted effects of known size and timing are recovered within their intervals; placebo areas
//! show no effect at about the nominal rate.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use bydel_evaluate::did::{ControlGroup, DidSettings, Inference, callaway_santanna};
use bydel_evaluate::synthetic::{ScSettings, synthetic_control};
use bydel_evaluate::verdict::Evidence;
use bydel_model::Year;
use common::{Cohort, constant, planted_panel, ramp};

const IF: DidSettings = DidSettings {
    control: ControlGroup::NeverTreated,
    inference: Inference::InfluenceFunction,
    level: 0.95,
};

#[test]
fn staggered_ramp_is_recovered_by_relative_year() {
    let cohorts = [
        Cohort {
            start: 2016,
            areas: 8,
            effect: ramp,
            size: None,
        },
        Cohort {
            start: 2019,
            areas: 8,
            effect: ramp,
            size: None,
        },
        Cohort {
            start: 2021,
            areas: 8,
            effect: ramp,
            size: None,
        },
    ];
    let (panel, starts) = planted_panel(7, 150, &cohorts);
    for control in [ControlGroup::NeverTreated, ControlGroup::NotYetTreated] {
        let r = callaway_santanna(&panel, &starts, &DidSettings { control, ..IF }).unwrap();
        for e in &r.event_study {
            let truth = if e.relative_year >= 0 {
                ramp(e.relative_year)
            } else {
                0.0
            };
            if e.relative_year <= 4 {
                assert!(
                    e.estimate.low <= truth && truth <= e.estimate.high,
                    "{control:?} e={} truth {truth} not in [{}, {}]",
                    e.relative_year,
                    e.estimate.low,
                    e.estimate.high
                );
            }
        }
        assert!(r.pre_trend.passed, "{:?}", r.pre_trend);
        assert_eq!(
            r.verdict.evidence,
            Evidence::Increase,
            "{}",
            r.verdict.sentence
        );
    }
}

#[test]
fn one_treated_area_placebo_inference_recovers_a_five_point_effect() {
    let cohorts = [Cohort {
        start: 2019,
        areas: 1,
        effect: constant(0.05),
        size: Some(1500),
    }];
    let (panel, starts) = planted_panel(11, 120, &cohorts);
    let settings = DidSettings {
        inference: Inference::Placebo {
            draws: 199,
            seed: 3,
        },
        ..IF
    };
    let r = callaway_santanna(&panel, &starts, &settings).unwrap();
    assert!(
        r.overall.low <= 0.05 && 0.05 <= r.overall.high,
        "{:?}",
        r.overall
    );
    assert_eq!(
        r.verdict.evidence,
        Evidence::Increase,
        "{}",
        r.verdict.sentence
    );

    let area = starts.keys().next().unwrap();
    let sc = synthetic_control(
        &panel,
        area,
        Year::new(2019).unwrap(),
        &BTreeSet::new(),
        &sc_settings(),
    )
    .unwrap();
    assert!(
        sc.effect.low <= 0.05 && 0.05 <= sc.effect.high,
        "{:?}",
        sc.effect
    );
    // With 7 pre-period years the post/pre RMSPE ratio is a weak test (placebos overfit the
    // pre-period); the treated area must still rank in the upper quarter.
    assert!(sc.effect.p_value.unwrap() <= 0.25, "rank {}", sc.rank);
    assert!(sc.effect.low > 0.0, "{}", sc.verdict.sentence);
    assert!((sc.donors.iter().map(|d| d.weight).sum::<f64>() - 1.0).abs() < 0.01);
    assert_eq!(sc.time_placebos.len(), 3);
}

fn sc_settings() -> ScSettings {
    ScSettings {
        max_donors: 10,
        placebo_areas: 60,
        time_placebos: 3,
        level: 0.95,
    }
}

/// Areas with no effect, labelled treated at random: the 95 % interval should exclude 0 in about
/// 5 % of replications.
#[test]
fn placebo_areas_show_no_effect_at_the_nominal_rate() {
    let reps = 120;
    let mut rejected_if = 0;
    let mut rejected_placebo = 0;
    for seed in 0..reps {
        let cohorts = [
            Cohort {
                start: 2017,
                areas: 6,
                effect: constant(0.0),
                size: None,
            },
            Cohort {
                start: 2020,
                areas: 6,
                effect: constant(0.0),
                size: None,
            },
        ];
        let (panel, starts) = planted_panel(1000 + seed, 80, &cohorts);
        let r = callaway_santanna(&panel, &starts, &IF).unwrap();
        rejected_if += usize::from(!r.overall.includes_zero());
        if seed < 40 {
            let one: BTreeMap<_, _> = starts
                .iter()
                .take(1)
                .map(|(a, y)| (a.clone(), *y))
                .collect();
            let s = DidSettings {
                inference: Inference::Placebo { draws: 99, seed },
                ..IF
            };
            let r = callaway_santanna(&panel, &one, &s).unwrap();
            rejected_placebo += usize::from(!r.overall.includes_zero());
        }
    }
    let rate = rejected_if as f64 / reps as f64;
    assert!(
        rate <= 0.12,
        "influence-function intervals reject {rate} of true nulls"
    );
    let rate = rejected_placebo as f64 / 40.0;
    assert!(
        rate <= 0.15,
        "placebo intervals reject {rate} of true nulls"
    );
}

#[test]
fn a_negative_effect_is_found_and_a_null_is_called_no_effect() {
    let cohorts = [Cohort {
        start: 2018,
        areas: 12,
        effect: constant(-0.04),
        size: None,
    }];
    let (panel, starts) = planted_panel(21, 100, &cohorts);
    let r = callaway_santanna(&panel, &starts, &IF).unwrap();
    assert_eq!(
        r.verdict.evidence,
        Evidence::Decrease,
        "{}",
        r.verdict.sentence
    );
    assert!(r.overall.low <= -0.04 && -0.04 <= r.overall.high);

    let cohorts = [Cohort {
        start: 2018,
        areas: 12,
        effect: constant(0.0),
        size: None,
    }];
    let (panel, starts) = planted_panel(22, 100, &cohorts);
    let r = callaway_santanna(&panel, &starts, &IF).unwrap();
    assert_eq!(
        r.verdict.evidence,
        Evidence::NoDetectableEffect,
        "{}",
        r.verdict.sentence
    );
    assert!(r.verdict.sentence.starts_with("Ingen påviselig effekt"));
}
