//! Property tests: whatever the numbers, a release withstands its own audit; parsers of
//! untrusted input never panic.

mod common;

use bydel_privacy::audit::audit_texts;
use bydel_privacy::hierarchy::AREA_KEY;
use bydel_privacy::manifest::Manifest;
use bydel_privacy::pseudonymise::{Key, pseudonymise_csv};
use bydel_privacy::{
    Cell, Column, Coverage, Policy, Relation, ResultTable, Rounding, looks_like_cpr, release,
};
use common::key;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed};

fn config(cases: u32) -> Config {
    Config {
        cases,
        rng_seed: RngSeed::Fixed(20_261_126),
        failure_persistence: None,
        ..Config::default()
    }
}

/// Districts: (residents, non-Western, housing areas as (residents, non-Western)).
type Shape = Vec<(i64, i64, Vec<(i64, i64)>)>;

fn shape() -> impl Strategy<Value = Shape> {
    let pair = (0i64..40).prop_flat_map(|n| (Just(n), 0..=n));
    let district = (pair.clone(), prop::collection::vec(pair, 0..4)).prop_map(|((n, k), has)| {
        let extra_n: i64 = has.iter().map(|h| h.0).sum();
        let extra_k: i64 = has.iter().map(|h| h.1).sum();
        (n + extra_n, k + extra_k, has)
    });
    prop::collection::vec(district, 1..5)
}

fn table(shape: &Shape) -> ResultTable {
    let cols = vec![
        Column::count("residents"),
        Column::share("non_western_share", "non_western", "residents"),
    ];
    let mut t = ResultTable::new("t", &AREA_KEY, cols).unwrap();
    let row = |n: i64, k: i64| {
        vec![
            Cell::Count(n),
            Cell::Share {
                numerator: k,
                denominator: n,
            },
        ]
    };
    let (n, k) = shape.iter().fold((0, 0), |a, d| (a.0 + d.0, a.1 + d.1));
    t.push_row(key("municipality", "m"), None, row(n, k))
        .unwrap();
    let mut dkeys = Vec::new();
    for (i, (n, k, has)) in shape.iter().enumerate() {
        let dk = key("district", &format!("d{i}"));
        t.push_row(dk.clone(), None, row(*n, *k)).unwrap();
        let mut parts = Vec::new();
        for (j, (hn, hk)) in has.iter().enumerate() {
            let hk_key = key("housing_area", &format!("h{i}_{j}"));
            t.push_row(hk_key.clone(), None, row(*hn, *hk)).unwrap();
            parts.push(hk_key);
        }
        if !parts.is_empty() {
            t.add_relation(Relation::Rows {
                total: dk.clone(),
                parts,
                coverage: Coverage::Partial,
            })
            .unwrap();
        }
        dkeys.push(dk);
    }
    t.add_relation(Relation::Rows {
        total: key("municipality", "m"),
        parts: dkeys,
        coverage: Coverage::Complete,
    })
    .unwrap();
    t
}

fn audit_in_memory(rel: &bydel_privacy::Release) -> bydel_privacy::AuditReport {
    let manifest = vec![("r.privacy.json".to_string(), rel.manifest().to_json())];
    let files: std::collections::HashMap<String, String> = rel
        .tables()
        .iter()
        .map(|t| (format!("{}.csv", t.name()), t.to_csv()))
        .collect();
    audit_texts(&manifest, |f| files.get(f).cloned()).unwrap()
}

proptest! {
    #![proptest_config(config(96))]

    #[test]
    fn every_release_survives_its_audit(shape in shape(), strict in any::<bool>(), round in any::<bool>()) {
        let mut policy = if strict { Policy::municipal() } else { Policy::danmarks_statistik() };
        if round {
            policy = policy.with_rounding(Rounding::NearestMultiple(5));
        }
        let rel = release(vec![table(&shape)], &policy).unwrap();
        let report = audit_in_memory(&rel);
        prop_assert!(report.findings.is_empty(), "{:?}", report.findings);
        // nothing published is below the minimum (unless zero)
        for row in rel.tables()[0].rows() {
            if let bydel_privacy::DisplayCell::Integer(n) = row[3] {
                prop_assert!(n == 0 || n >= i64::from(policy.min_count) || round);
            }
        }
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn manifest_parser_never_panics(text in ".{0,400}") {
        let _ = Manifest::parse("m.privacy.json", &text);
    }

    #[test]
    fn audit_never_panics_on_any_csv(csv in "[a-z0-9.,\"\n-]{0,300}") {
        let manifest = include_str!("data/residents.privacy.json");
        let _ = audit_texts(&[("r.privacy.json".into(), manifest.into())], |_| Some(csv.clone()));
    }

    #[test]
    fn pseudonymiser_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let key = Key::from_bytes(&[7u8; 32]).unwrap();
        let _ = pseudonymise_csv(&key, "x.csv", &bytes);
    }

    #[test]
    fn cpr_detector_never_panics(s in ".{0,20}", digits in "[0-9]{6}-?[0-9]{4}") {
        let _ = looks_like_cpr(&s);
        let _ = bydel_privacy::cpr::contains_cpr(&s);
        // any dash form agrees with the plain form
        prop_assert_eq!(looks_like_cpr(&digits), looks_like_cpr(&digits.replace('-', "")));
    }
}
