//! `bydel-flows` recovers the selective moves planted in the three strategy areas
//! (`bydel_synth::mechanisms`: selective exits of households with resources, allocation of
//! households in a crisis) and the planted in-situ improvement, from the generated persons alone
//! (issue 15 item 5). The dataset is Gladsaxe complete inside a fifth of the sample's Denmark
//! (seed 159, 2012–2025).

use std::sync::OnceLock;

use bydel_flows::decompose::{Decomposition, criteria, decompose};
use bydel_flows::retention::sums;
use bydel_flows::{Flows, Panel, Split, compute};
use bydel_synth::gladsaxe::STRATEGY_AREAS;
use bydel_synth::{Scale, SynthConfig};

/// Almene estates of Gladsaxe outside the strategy, as a control.
const CONTROL: &str = "159-stengaard-almene-boliger";

fn data() -> &'static (Panel, Flows) {
    static DATA: OnceLock<(Panel, Flows)> = OnceLock::new();
    DATA.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let cfg = SynthConfig {
            scale: Scale::Gladsaxe,
            fraction: 0.2,
            ..SynthConfig::default()
        };
        bydel_synth::generate(&cfg, dir.path(), &mut |_| {}).unwrap();
        let ds = bydel_io::Dataset::open(dir.path()).unwrap();
        let text = std::fs::read_to_string(ds.areas_path()).unwrap();
        let areas = bydel_geo::AreaSet::parse(&text).unwrap();
        let panel = Panel::read(&ds, &areas, &bydel_model::WesternList::default_list()).unwrap();
        let flows = compute(&panel);
        (panel, flows)
    })
}

fn area(p: &Panel, id: &str) -> u32 {
    p.places.find("housing_area", id).expect(id)
}

/// Shares in work or education (18–64) of in-movers, stayers and out-movers, 2016–2025, over
/// the areas `ids` together.
fn work_shares(ids: &[&str]) -> [f64; 3] {
    let (p, f) = data();
    let years: Vec<i32> = (2016..=2025).collect();
    let mut n = [[0i64; 2]; 3];
    for id in ids {
        let a = area(p, id);
        for (k, split) in [Split::WorkOrEducation, Split::OutsideWork]
            .into_iter()
            .enumerate()
        {
            let s = sums(p, f, a, split, &years);
            n[0][k] += s.movers_in;
            n[1][k] += s.stayers;
            n[2][k] += s.movers_out;
        }
    }
    n.map(|[w, o]| w as f64 / (w + o) as f64)
}

fn decomposition_of_a(id: &str, replicates: usize) -> Decomposition {
    let (p, _) = data();
    let d = decompose(p, area(p, id), &criteria()[0], 2015, 2025, replicates)
        .unwrap()
        .unwrap();
    assert_eq!(d.sum_of_parts(), d.total_exact, "{id}: the parts add up");
    d
}

#[test]
fn in_movers_are_less_often_in_work_and_out_movers_more_often_than_stayers() {
    let [i, s, o] = work_shares(&STRATEGY_AREAS);
    let [ci, cs, co] = work_shares(&[CONTROL]);
    eprintln!(
        "in work or education, 2016-2025: strategy areas in {i:.3} stayers {s:.3} out {o:.3}; \
         control in {ci:.3} stayers {cs:.3} out {co:.3}"
    );
    assert!(i < s, "allocation: in-movers {i:.3} against stayers {s:.3}");
    assert!(
        o > s,
        "selective exits: out-movers {o:.3} against stayers {s:.3}"
    );
    // The control has neither mechanism: its gaps are smaller.
    assert!(
        s - i > cs - ci,
        "in-movers' gap {:.3} vs control {:.3}",
        s - i,
        cs - ci
    );
    assert!(
        o - s > co - cs,
        "out-movers' gap {:.3} vs control {:.3}",
        o - s,
        co - cs
    );
}

/// The parts of the change in A (FTE outside work and education, 18–64) from 2015 to 2025:
/// selective out-migration (households with resources leave) and selective in-migration
/// (allocated households in a crisis) both raise A, each by a significant amount of at most
/// ten points over the decade and more than in the control; the in-situ part (the planted
/// uplift, and in-movers recovering) lowers it, more than in the control.
#[test]
fn selective_migration_raises_a_and_in_situ_change_lowers_it() {
    let c = decomposition_of_a(CONTROL, 0);
    eprintln!("{CONTROL}: parts {:?}", c.parts);
    for id in STRATEGY_AREAS {
        let d = decomposition_of_a(id, 100);
        let iv = d.intervals.unwrap();
        eprintln!(
            "{id}: A {:.4} -> {:.4}, parts {:?}, intervals {iv:?}",
            d.share_from, d.share_to, d.parts
        );
        for (k, what) in [
            (1, "selective out-migration"),
            (2, "selective in-migration"),
        ] {
            assert!(iv[k].0 > 0.0, "{id}: {what} raises A: {:?}", iv[k]);
            assert!(
                d.parts[k] <= 0.10,
                "{id}: {what} {:.4} too large",
                d.parts[k]
            );
            assert!(
                d.parts[k] > c.parts[k],
                "{id}: {what} not above the control"
            );
        }
        assert!(iv[0].1 < 0.0, "{id}: in-situ improvement: {:?}", iv[0]);
        assert!(
            d.parts[0] < c.parts[0],
            "{id}: in situ not below the control"
        );
    }
}
