//! Oracle tests: every index against PySAL `segregation` 2.5.4 on stored fixtures.
//!
//! The fixtures and expected values were written by `fixtures/gen_oracle.py` (see its docstring
//! for provenance and how to rerun it). Values under `pysal` come from PySAL's classes; values
//! under `formula` (local contributions, the Theil split) from numpy on the published formulas,
//! cross-checked against PySAL where PySAL has a counterpart.

use std::path::PathBuf;

use bydel_model::Value;
use bydel_segregation::input::{CountsRequest, read_counts_csv};
use bydel_segregation::{
    AreaCounts, Index, MultiIndex, Neighbours, SingleIndex, local_environment, local_measures,
    spatial_dissimilarity, theil_split,
};
use serde_json::Value as Json;

const FIXTURES: [&str; 3] = ["small", "grid49", "grid506"];

struct Fixture {
    name: &'static str,
    multi: AreaCounts,
    single: AreaCounts,
    districts: Vec<String>,
    neighbours: Neighbours,
    expected: Json,
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn load(name: &'static str) -> Fixture {
    let areas = std::fs::read_to_string(dir().join(format!("areas_{name}.csv"))).unwrap();
    let groups = vec!["g1".to_string(), "g2".into(), "g3".into()];
    let request = CountsRequest {
        groups,
        total: None,
    };
    let multi = read_counts_csv(areas.as_bytes(), &request).unwrap();
    let single = multi.group_against_rest(0).unwrap();
    let mut rdr = csv::Reader::from_reader(areas.as_bytes());
    let districts = rdr.records().map(|r| r.unwrap()[1].to_string()).collect();
    let links = std::fs::read_to_string(dir().join(format!("neighbours_{name}.csv"))).unwrap();
    let mut rdr = csv::Reader::from_reader(links.as_bytes());
    let rows: Vec<(String, String, f64)> = rdr
        .records()
        .map(|r| {
            let r = r.unwrap();
            (r[0].to_string(), r[1].to_string(), r[2].parse().unwrap())
        })
        .collect();
    let links = rows.iter().map(|(a, b, w)| (a.as_str(), b.as_str(), *w));
    let neighbours = Neighbours::from_ids(&multi, links).unwrap();
    let text = std::fs::read_to_string(dir().join(format!("expected_{name}.json"))).unwrap();
    Fixture {
        name,
        multi,
        single,
        districts,
        neighbours,
        expected: serde_json::from_str(&text).unwrap(),
    }
}

/// Asserts `got` equals `want` (JSON number, or null for "no value") to 1e-9 relative.
fn check(what: &str, got: &Value, want: &Json) {
    match (got, want.as_f64()) {
        (Value::Number(g), Some(w)) => {
            let tol = 1e-9 * w.abs().max(1e-3);
            assert!((g - w).abs() <= tol, "{what}: got {g}, PySAL {w}");
        }
        (Value::Missing(_), None) => {}
        _ => panic!("{what}: got {got:?}, expected {want}"),
    }
}

fn check_indices(f: &Fixture, section: &Json, single: &AreaCounts, multi: &AreaCounts) {
    for s in SingleIndex::ALL {
        check(
            &format!("{} {}", f.name, s.name()),
            &s.compute(single),
            &section[s.name()],
        );
    }
    for m in MultiIndex::ALL {
        check(
            &format!("{} {}", f.name, m.name()),
            &m.compute(multi),
            &section[m.name()],
        );
    }
}

#[test]
fn aspatial_indices_match_pysal() {
    for name in FIXTURES {
        let f = load(name);
        let mut section = f.expected["pysal"]["single"].clone();
        section
            .as_object_mut()
            .unwrap()
            .extend(f.expected["pysal"]["multi"].as_object().unwrap().clone());
        check_indices(&f, &section, &f.single, &f.multi);
    }
}

#[test]
fn spatial_indices_on_local_environments_match_pysal() {
    for name in FIXTURES {
        let f = load(name);
        for (key, nb) in [
            ("spatial_binary", f.neighbours.clone()),
            ("spatial_row_standardized", f.neighbours.row_standardized()),
        ] {
            let single = local_environment(&f.single, &nb).unwrap();
            let multi = local_environment(&f.multi, &nb).unwrap();
            check_indices(&f, &f.expected["pysal"][key], &single, &multi);
        }
        let sd = spatial_dissimilarity(&f.single, &f.neighbours).unwrap();
        check(
            &format!("{name} morrill"),
            &sd,
            &f.expected["pysal"]["spatial_dissim_morrill"],
        );
    }
}

#[test]
fn local_measures_match_pysal_and_formulas() {
    for name in FIXTURES {
        let f = load(name);
        let (pysal, formula) = (&f.expected["pysal"], &f.expected["formula"]);
        for (i, l) in local_measures(&f.multi).iter().enumerate() {
            for (k, lq) in l.location_quotient.iter().enumerate() {
                check(
                    &format!("{name} lq {i} {k}"),
                    lq,
                    &pysal["location_quotient"][i][k],
                );
            }
            if l.population > 0 {
                check(
                    &format!("{name} le {i}"),
                    &l.local_entropy,
                    &pysal["local_entropy"][i],
                );
            } else {
                assert!(
                    l.local_entropy.number().is_none(),
                    "empty area has no entropy"
                );
            }
            let (d, h) = (&l.dissimilarity_contribution, &l.entropy_contribution);
            check(
                &format!("{name} dc {i}"),
                d,
                &formula["dissimilarity_contribution_multi"][i],
            );
            check(
                &format!("{name} hc {i}"),
                h,
                &formula["entropy_contribution_multi"][i],
            );
        }
        for (i, l) in local_measures(&f.single).iter().enumerate() {
            let (d, h) = (&l.dissimilarity_contribution, &l.entropy_contribution);
            check(
                &format!("{name} dcs {i}"),
                d,
                &formula["dissimilarity_contribution_single"][i],
            );
            check(
                &format!("{name} hcs {i}"),
                h,
                &formula["entropy_contribution_single"][i],
            );
        }
    }
}

#[test]
fn local_contributions_sum_to_the_city_index() {
    for name in FIXTURES {
        let f = load(name);
        let local = local_measures(&f.single);
        let d: f64 = local
            .iter()
            .filter_map(|l| l.dissimilarity_contribution.number())
            .sum();
        let h: f64 = local
            .iter()
            .filter_map(|l| l.entropy_contribution.number())
            .sum();
        check(
            name,
            &Value::Number(d),
            &f.expected["pysal"]["single"]["dissimilarity"],
        );
        check(
            name,
            &Value::Number(h),
            &f.expected["pysal"]["single"]["entropy"],
        );
    }
}

#[test]
fn theil_split_matches_pysal_between_and_within() {
    for name in FIXTURES {
        let f = load(name);
        for (key, counts) in [
            ("theil_split_multi", &f.multi),
            ("theil_split_single", &f.single),
        ] {
            let want = &f.expected["formula"][key];
            let got = theil_split(counts, &f.districts).unwrap();
            check(&format!("{name} {key} total"), &got.total, &want["total"]);
            check(
                &format!("{name} {key} between"),
                &got.between,
                &want["between"],
            );
            check(
                &format!("{name} {key} within"),
                &got.within,
                &want["within"],
            );
            let sum = got.between.number().unwrap() + got.within.number().unwrap();
            check(
                &format!("{name} {key} additive"),
                &Value::Number(sum),
                &want["total"],
            );
            for p in &got.parents {
                let w = &want["districts"][&p.parent_id];
                check(&format!("{name} {key} {} h", p.parent_id), &p.h, &w["h"]);
                check(
                    &format!("{name} {key} {} weight", p.parent_id),
                    &p.weight,
                    &w["weight"],
                );
            }
        }
    }
}

#[test]
fn every_index_is_covered_by_the_oracle() {
    let f = load("small");
    for i in Index::all() {
        assert!(
            f.expected["pysal"]["single"].get(i.name()).is_some()
                || f.expected["pysal"]["multi"].get(i.name()).is_some(),
            "{}",
            i.name()
        );
    }
}
