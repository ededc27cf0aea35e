//! The release against an attacker that shares no code with it: random small hierarchies
//! (a municipality partitioned into districts, each with housing areas inside, several
//! measures, some of them small) are released by bydel-privacy with the hierarchy and the
//! nesting of a numerator in its denominator declared, written as a `published/` folder, and
//! attacked by bydel-audit. The audit must find nothing: no suppressed count narrowed below the
//! policy's protection, no released value resting on fewer than three persons.

use bydel_privacy::{Cell, Column, Coverage, Policy, Relation, ResultTable};
use proptest::prelude::*;

const KEYS: [&str; 3] = ["kind", "area_id", "year"];

fn key(kind: &str, id: &str) -> Vec<String> {
    vec![kind.into(), id.into(), "2024".into()]
}

/// Residents and a nested count per housing area, by district.
type Districts = Vec<Vec<(i64, i64)>>;

fn districts() -> impl Strategy<Value = Districts> {
    let area = (20i64..400).prop_flat_map(|n| (Just(n), 0..=n.min(8)));
    prop::collection::vec(prop::collection::vec(area, 1..4), 2..5)
}

fn release_and_audit(ds: &Districts) -> bydel_audit::AuditReport {
    let cols = vec![Column::count("residents"), Column::count("convicted")];
    let mut t = ResultTable::new("area_figures", &KEYS, cols).unwrap();
    let mut features = Vec::new();
    let (mut mr, mut mc) = (0, 0);
    let mut district_keys = Vec::new();
    for (i, areas) in ds.iter().enumerate() {
        let d = format!("d{i}");
        let (dr, dc): (i64, i64) = areas.iter().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        // a sliver of the district outside its housing areas
        let (sr, sc) = (5 + i as i64, i as i64 % 2);
        let (dr, dc) = (dr + sr, dc + sc);
        t.push_row(
            key("district", &d),
            Some(dr),
            vec![Cell::Count(dr), Cell::Count(dc)],
        )
        .unwrap();
        let mut parts = Vec::new();
        for (j, &(r, c)) in areas.iter().enumerate() {
            let h = format!("h{i}_{j}");
            t.push_row(
                key("housing_area", &h),
                Some(r),
                vec![Cell::Count(r), Cell::Count(c)],
            )
            .unwrap();
            parts.push(key("housing_area", &h));
            features.push(feature("housing_area", &h, "district", &d));
        }
        t.add_relation(Relation::Rows {
            total: key("district", &d),
            parts,
            coverage: Coverage::Partial,
        })
        .unwrap();
        features.push(feature("district", &d, "municipality", "m"));
        district_keys.push(key("district", &d));
        mr += dr;
        mc += dc;
    }
    t.push_row(
        key("municipality", "m"),
        Some(mr),
        vec![Cell::Count(mr), Cell::Count(mc)],
    )
    .unwrap();
    t.add_relation(Relation::Rows {
        total: key("municipality", "m"),
        parts: district_keys,
        coverage: Coverage::Complete,
    })
    .unwrap();
    t.add_relation(Relation::Quantities {
        total: "residents".into(),
        parts: vec!["convicted".into()],
        coverage: Coverage::Partial,
    })
    .unwrap();
    let release = bydel_privacy::release(vec![t], &Policy::danmarks_statistik()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    bydel_privacy::publish::write_published(dir.path(), &release, Default::default()).unwrap();
    let geo = format!(
        r#"{{"type":"FeatureCollection","partitions":[{{"kind":"district","parent_kind":"municipality"}}],"features":[{}]}}"#,
        features.join(",")
    );
    std::fs::write(dir.path().join("areas.geojson"), geo).unwrap();
    // the attacker holds the release to Danmarks Statistik's rules, whatever the manifest says
    let options = bydel_audit::Options {
        min_count: Some(3),
        p_percent: Some(10.0),
        ..bydel_audit::Options::default()
    };
    bydel_audit::audit_dir(dir.path(), &options).unwrap()
}

fn feature(kind: &str, id: &str, parent_kind: &str, parent: &str) -> String {
    format!(
        r#"{{"type":"Feature","properties":{{"kind":"{kind}","area_id":"{id}","name":"{id}","parent_kind":"{parent_kind}","parent_id":"{parent}","municipality":999}},"geometry":{{"type":"Point","coordinates":[12,55]}}}}"#
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn no_release_of_a_random_hierarchy_leaks_to_the_independent_audit(ds in districts()) {
        let report = release_and_audit(&ds);
        prop_assert!(report.is_clean(), "{}", report.to_text());
    }
}

#[test]
fn the_audit_sees_what_the_release_hid() {
    // one small count in one housing area: primary suppression plus protection
    let report = release_and_audit(&vec![vec![(100, 2), (150, 9)], vec![(80, 5), (60, 4)]]);
    assert!(report.is_clean(), "{}", report.to_text());
    assert!(report.suppressed_cells > 0, "{}", report.to_text());
    assert!(report.lps_solved > 0 || !report.intervals.is_empty());
}
