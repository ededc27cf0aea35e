//! Property tests of the invariants every index keeps, and tests of class stability and of
//! tables built from bydel's counts.

use bydel_index::from_counts::{CountIndicator, CountSource, area_table, danish_criteria};
use bydel_index::{AreaRow, AreaTable, IndexOutput, Method, Observation, Share, Stability, run};
use bydel_model::{AreaId, AreaInfo, CountKey, CountsTable, Kind, Year};
use proptest::prelude::*;

fn table(values: &[Vec<f64>], names: &[&str]) -> AreaTable {
    let rows = values
        .iter()
        .enumerate()
        .map(|(i, v)| AreaRow {
            area_id: AreaId::new(format!("a{i:03}")).unwrap(),
            population: Some(1000),
            parent_id: None,
            observations: v.iter().map(|x| Observation::Value(*x)).collect(),
        })
        .collect();
    AreaTable::new(names.iter().map(|n| n.to_string()).collect(), rows).unwrap()
}

fn scores(out: &IndexOutput) -> Vec<(String, Option<f64>, Option<String>)> {
    let mut v: Vec<_> = match out {
        IndexOutput::Mss(r) => r
            .areas
            .iter()
            .map(|a| {
                (
                    a.area_id.to_string(),
                    a.status.score(),
                    a.status.class().map(String::from),
                )
            })
            .collect(),
        IndexOutput::Imd(r) => r
            .areas
            .iter()
            .map(|a| {
                (
                    a.area_id.to_string(),
                    a.index.score(),
                    a.index.class().map(String::from),
                )
            })
            .collect(),
        IndexOutput::Svi(r) => r
            .areas
            .iter()
            .map(|a| {
                (
                    a.area_id.to_string(),
                    a.index.score(),
                    a.index.class().map(String::from),
                )
            })
            .collect(),
    };
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

fn rows_strategy() -> impl Strategy<Value = Vec<Vec<f64>>> {
    // Integer-valued percentages keep ties possible and variation likely.
    prop::collection::vec(
        prop::collection::vec((0u32..100).prop_map(f64::from), 3),
        5..40,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn row_order_does_not_matter(rows in rows_strategy(), seed in any::<u64>()) {
        let t = table(&rows, &["x", "y", "z"]);
        // A seeded permutation of the rows, which keep their ids so areas can be matched.
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by_key(|i| (*i as u64).wrapping_mul(seed | 1).rotate_left(17));
        let rows_shuffled: Vec<AreaRow> = order.iter().map(|&i| t.rows()[i].clone()).collect();
        let t2 = AreaTable::new(t.indicators().to_vec(), rows_shuffled).unwrap();
        for preset in ["mss", "imd", "svi"] {
            let m = Method::preset(preset).unwrap();
            let (a, b) = (run(&m, &t, Stability::Off), run(&m, &t2, Stability::Off));
            match (a, b) {
                (Ok(a), Ok(b)) => {
                    for (x, y) in scores(&a).iter().zip(scores(&b)) {
                        prop_assert_eq!(&x.0, &y.0);
                        prop_assert_eq!(&x.2, &y.2);
                        let close = match (x.1, y.1) {
                            (Some(p), Some(q)) => (p - q).abs() < 1e-9,
                            (p, q) => p == q,
                        };
                        prop_assert!(close, "{preset} {}: {:?} vs {:?}", x.0, x.1, y.1);
                    }
                }
                (Err(_), Err(_)) => {} // no variation: both refuse
                (a, b) => prop_assert!(false, "{preset}: {a:?} vs {b:?}"),
            }
        }
    }

    #[test]
    fn mss_scores_are_standardised_and_contributions_add_up(rows in rows_strategy()) {
        let t = table(&rows, &["x", "y", "z"]);
        let Ok(IndexOutput::Mss(r)) = run(&Method::preset("mss").unwrap(), &t, Stability::Off)
        else { return Ok(()) };
        let s: Vec<f64> = r.areas.iter().filter_map(|a| a.status.score()).collect();
        let n = s.len() as f64;
        let mean = s.iter().sum::<f64>() / n;
        let var = s.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
        prop_assert!(mean.abs() < 1e-9 && (var - 1.0).abs() < 1e-9);
        for a in &r.areas {
            let c: f64 = a.status.contributions().unwrap().iter().sum();
            prop_assert!((c - a.status.score().unwrap()).abs() < 1e-9);
        }
    }

    #[test]
    fn imd_and_svi_stay_in_range(rows in rows_strategy()) {
        let t = table(&rows, &["x", "y", "z"]);
        if let Ok(IndexOutput::Imd(r)) = run(&Method::preset("imd").unwrap(), &t, Stability::Off) {
            let n = r.areas.len();
            for a in &r.areas {
                let s = a.index.score().unwrap();
                prop_assert!((0.0..=100.0 + 1e-9).contains(&s));
                prop_assert!((1..=n).contains(&a.rank.unwrap()));
                let decile: usize = a.index.class().unwrap().parse().unwrap();
                prop_assert!((1..=10).contains(&decile));
            }
            prop_assert!(r.areas.iter().any(|a| a.rank == Some(1)));
        }
        if let Ok(IndexOutput::Svi(r)) = run(&Method::preset("svi").unwrap(), &t, Stability::Off) {
            for a in &r.areas {
                prop_assert!((0.0..=1.0).contains(&a.index.score().unwrap()));
                prop_assert!(a.flag_count() <= 3);
            }
        }
    }
}

fn share_table(shares: &[(u64, u64)]) -> AreaTable {
    let rows = shares
        .iter()
        .enumerate()
        .map(|(i, &(n, d))| AreaRow {
            area_id: AreaId::new(format!("a{i}")).unwrap(),
            population: Some(d),
            parent_id: None,
            observations: vec![Observation::Share(Share::new(n, d).unwrap())],
        })
        .collect();
    AreaTable::new(vec!["x".into()], rows).unwrap()
}

fn status_stability(t: &AreaTable, stability: Stability) -> Vec<Option<f64>> {
    let IndexOutput::Mss(r) = run(&Method::preset("mss").unwrap(), t, stability).unwrap() else {
        panic!("not mss")
    };
    r.areas.iter().map(|a| a.status.stability()).collect()
}

#[test]
fn stability_reflects_sample_size() {
    // The same shares from 300 and from 300 000 residents: far from class bounds both are
    // stable; an area near a bound is less stable when small.
    let shares = [10, 12, 14, 16, 18, 20, 22, 24, 26, 40];
    let small: Vec<(u64, u64)> = shares.iter().map(|&p| (3 * p, 300)).collect();
    let large: Vec<(u64, u64)> = shares.iter().map(|&p| (3000 * p, 300_000)).collect();
    let sim = Stability::Simulation {
        replicates: 400,
        seed: 7,
    };
    let (s, l) = (
        status_stability(&share_table(&small), sim),
        status_stability(&share_table(&large), sim),
    );
    let (s_sum, l_sum): (f64, f64) = (s.iter().flatten().sum(), l.iter().flatten().sum());
    assert!(l.iter().flatten().all(|x| *x > 0.95), "{l:?}");
    assert!(s_sum < l_sum - 0.5, "small {s:?} large {l:?}");
    // Seeded: the same seed gives the same estimates.
    assert_eq!(s, status_stability(&share_table(&small), sim));
    // Off, or values without counts: no estimate.
    assert!(
        status_stability(&share_table(&small), Stability::Off)
            .iter()
            .all(Option::is_none)
    );
}

fn counts() -> CountsTable {
    let mut c = CountsTable::default();
    let kind = Kind::new("district").unwrap();
    for (id, res) in [("d1", 1000), ("d2", 2000)] {
        let area_id = AreaId::new(id).unwrap();
        c.add_area(AreaInfo {
            kind: kind.clone(),
            area_id: area_id.clone(),
            name: id.into(),
            parent_id: Some(AreaId::new("159").unwrap()),
            municipality: Some(159),
            region: Some(1084),
        });
        for (year, nw) in [(2019, res / 10), (2021, res / 5)] {
            let key = CountKey {
                kind: kind.clone(),
                area_id: area_id.clone(),
                year: Year::new(year).unwrap(),
            };
            c.set(key.clone(), "residents", res);
            c.set(key.clone(), "non_western", nw);
            c.set(key.clone(), "income_n_15_64", 0);
            c.set(key, "income_sum_15_64", 5);
        }
    }
    c
}

#[test]
fn tables_from_counts_keep_counts_and_name_missing_values() {
    let indicators = danish_criteria();
    let kind = Kind::new("district").unwrap();
    let t = area_table(
        &counts(),
        &kind,
        Year::new(2021).unwrap(),
        &indicators,
        "residents",
    )
    .unwrap();
    let d2 = &t.rows()[1];
    assert_eq!(d2.population, Some(2000));
    assert_eq!(d2.parent_id.as_ref().map(|p| p.as_str()), Some("159"));
    let at = |name: &str| &d2.observations[t.indicator_index(name).unwrap()];
    assert_eq!(at("non_western").value(), Some(20.0));
    assert!((at("non_western_change").value().unwrap() - 10.0).abs() < 1e-12);
    assert!(at("non_western").has_counts());
    assert_eq!(
        at("income"),
        &Observation::Missing(bydel_model::Missing::ZeroDenominator)
    );
    assert_eq!(
        at("convicted"),
        &Observation::Missing(bydel_model::Missing::NoData)
    );
    let ratio = CountIndicator {
        name: "r".into(),
        source: CountSource::Ratio {
            numerator: "non_western".into(),
            denominator: "residents".into(),
        },
    };
    let t = area_table(
        &counts(),
        &kind,
        Year::new(2019).unwrap(),
        &[ratio],
        "residents",
    )
    .unwrap();
    assert_eq!(t.rows()[0].observations[0].value(), Some(0.1));
    // The mss-dk preset names exactly these indicators.
    let Method::Mss(m) = Method::preset("mss-dk").unwrap() else {
        panic!("not mss")
    };
    let names: Vec<String> = indicators.into_iter().map(|i| i.name).collect();
    assert!(
        m.status
            .iter()
            .chain(&m.dynamics)
            .all(|n| names.contains(n))
    );
}
