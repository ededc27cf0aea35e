//! The analyses recover what the synthetic Denmark plants (`bydel_synth::mechanisms`): the
//! neighbourhood effect on the exam average and on youth education, selective exits of residents
//! with resources, and in-situ improvement of criterion A in the three strategy areas.

use std::sync::OnceLock;

use bydel_flows::decompose::{criteria, decompose};
use bydel_flows::life::{self, Child, Comparison, LifeConfig, Outcome};
use bydel_flows::retention::retention;
use bydel_flows::{Panel, Split, compute};
use bydel_synth::mechanisms::{EXAM_EFFECT, YOUTH_EDUCATION_EFFECT};
use bydel_synth::{Scale, SynthConfig};

const STRATEGY: [&str; 3] = [
    "159-hoeje-gladsaxe",
    "159-vaerebro-park",
    "159-moerkhoej-almene-boliger",
];

fn panel() -> &'static Panel {
    static PANEL: OnceLock<Panel> = OnceLock::new();
    PANEL.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let cfg = SynthConfig {
            first_year: 2012,
            last_year: 2025,
            scale: Scale::Gladsaxe,
            fraction: 0.2,
            ..SynthConfig::default()
        };
        bydel_synth::generate(&cfg, dir.path(), &mut |_| {}).unwrap();
        let ds = bydel_io::Dataset::open(dir.path()).unwrap();
        let text = std::fs::read_to_string(ds.areas_path()).unwrap();
        let areas = bydel_geo::AreaSet::parse(&text).unwrap();
        let western = bydel_model::WesternList::default_list();
        Panel::read(&ds, &areas, &western).unwrap()
    })
}

fn area(p: &Panel, id: &str) -> u32 {
    p.places.find("housing_area", id).expect(id)
}

/// The share of a child's years at ages `lo..=hi` spent in any strategy area.
fn exposure(p: &Panel, c: &Child, lo: u8, hi: u8) -> Option<f64> {
    let strategy: Vec<u32> = STRATEGY.iter().map(|id| area(p, id)).collect();
    let layer = p.places.areas[strategy[0] as usize].layer;
    let years: Vec<_> = p
        .person(c.person as usize)
        .iter()
        .filter(|r| (lo..=hi).contains(&r.row.age))
        .collect();
    if years.is_empty() {
        return None;
    }
    let inside = years
        .iter()
        .filter(|r| {
            p.places
                .slot_in_layer(r, layer)
                .is_some_and(|s| strategy.contains(&s))
        })
        .count();
    Some(inside as f64 / years.len() as f64)
}

/// The exam effect is detected, and adjusting for background moves the estimate from the raw gap
/// towards the planted effect. It does not reach it: the synthetic families sort into areas on a
/// latent score that parents' education, income and origin capture only in part, so about 0.2
/// grade points of the adjusted gap are residual confounding (measured: adjusted −0.47 to −0.53
/// against planted −0.28 to −0.32). That is the documented limit of an adjusted gap
/// (`docs/flows.md`: not a causal effect); the bound below guards it from growing.
#[test]
fn planted_exam_effect_is_detected_and_adjustment_moves_towards_it() {
    let p = panel();
    let cfg = LifeConfig::default();
    let children = life::children(p, &cfg);
    for id in STRATEGY {
        let a = area(p, id);
        let g = life::gap(
            p,
            &children,
            a,
            Outcome::ExamAverage,
            Comparison::RestOfMunicipality,
            &cfg,
        )
        .unwrap();
        // What was planted, through the same estimator: −effect × the exposure gap (10–13).
        let planted = life::gap_of(
            p,
            &children,
            a,
            Outcome::ExamAverage,
            Comparison::RestOfMunicipality,
            &LifeConfig {
                replicates: 0,
                ..cfg
            },
            &|c| c.outcomes[4].and(exposure(p, c, 10, 13)),
        )
        .unwrap()
        .adjusted
            * -EXAM_EFFECT;
        let (lo, hi) = g.adjusted_interval.unwrap();
        eprintln!(
            "{id}: exam raw {:.2} adjusted {:.2} [{lo:.2}; {hi:.2}] planted {planted:.2} (n {})",
            g.raw, g.adjusted, g.n_area
        );
        assert!(hi < 0.0, "{id}: the effect is detected");
        assert!(
            (g.adjusted - planted).abs() < (g.raw - planted).abs(),
            "{id}: adjustment moves towards the planted effect"
        );
        assert!(
            (g.adjusted - planted).abs() < RESIDUAL_CONFOUNDING,
            "{id}: residual confounding grew"
        );
    }
}

/// The largest residual confounding of the exam gap the test accepts (grade points).
const RESIDUAL_CONFOUNDING: f64 = 0.3;

#[test]
fn planted_youth_education_effect_is_recovered_within_the_interval() {
    let p = panel();
    let cfg = LifeConfig::default();
    let children = life::children(p, &cfg);
    let a = area(p, "159-vaerebro-park");
    let g = life::gap(
        p,
        &children,
        a,
        Outcome::YouthEducationBy25,
        Comparison::RestOfMunicipality,
        &cfg,
    )
    .unwrap();
    let exposed = life::gap_of(
        p,
        &children,
        a,
        Outcome::YouthEducationBy25,
        Comparison::RestOfMunicipality,
        &LifeConfig {
            replicates: 0,
            ..cfg
        },
        &|c| c.outcomes[0].and(exposure(p, c, 10, 14)),
    )
    .unwrap();
    // Would-be completers lose it with probability effect × exposure.
    let counterfactual = g.mean_area / (1.0 - YOUTH_EDUCATION_EFFECT * exposed.exposure);
    let planted = -YOUTH_EDUCATION_EFFECT * exposed.adjusted * counterfactual;
    let (lo, hi) = g.adjusted_interval.unwrap();
    eprintln!(
        "youth education: raw {:.3} adjusted {:.3} [{lo:.3}; {hi:.3}] planted {planted:.3} (n {})",
        g.raw, g.adjusted, g.n_area
    );
    assert!(lo <= planted && planted <= hi);
}

#[test]
fn residents_with_resources_leave_strategy_areas_more_often() {
    let p = panel();
    let flows = compute(p);
    let years: Vec<i32> = (2016..=2025).collect();
    let out_rate = |a, s| {
        1.0 - retention(p, &flows, a, s, &years)
            .area_sums
            .retention()
            .value
    };
    let ratio = |id: &str| {
        let a = area(p, id);
        out_rate(a, Split::WorkOrEducation) / out_rate(a, Split::OutsideWork)
    };
    let planted: Vec<f64> = STRATEGY.iter().map(|id| ratio(id)).collect();
    let control = ratio("159-stengaard-almene-boliger");
    eprintln!("out-rate ratio work/outside: strategy {planted:?}, control {control:.2}");
    for r in planted {
        assert!(r > control, "{r} vs {control}");
    }
}

#[test]
fn in_situ_improvement_of_a_is_recovered() {
    let p = panel();
    let a_crit = &criteria()[0];
    let v = decompose(p, area(p, "159-vaerebro-park"), a_crit, 2015, 2025, 100)
        .unwrap()
        .unwrap();
    let c = decompose(
        p,
        area(p, "159-stengaard-almene-boliger"),
        a_crit,
        2015,
        2025,
        0,
    )
    .unwrap()
    .unwrap();
    assert_eq!(v.sum_of_parts(), v.total_exact);
    let (_, hi) = v.intervals.unwrap()[0];
    eprintln!(
        "A in Værebro Park: total {:.4}, parts {:?}, in-situ interval upper {hi:.4}; control in situ {:.4}",
        v.total(),
        v.parts,
        c.parts[0]
    );
    assert!(hi < 0.0, "in-situ improvement");
    assert!(
        v.parts[0] < c.parts[0],
        "more in-situ improvement than the control"
    );
}

