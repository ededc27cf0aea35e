//! Oracle test: Berlin's published MSS classes 2013 and 2015 (CC BY 4.0, see
//! `fixtures/berlin-mss/README.md`), reproduced from the published indicator values.
//!
//! The `mss` preset (sample standard deviation, as the issue states the method) must match at
//! least 99.5 % of the published classes; the `mss-berlin` preset (population standard deviation)
//! matches all of them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use bydel_index::{CsvColumns, Method, MssResult, Overrides, read_area_csv, run_mss};

/// Published classes by area id: (status, dynamics); unclassified areas are left out.
type Published = BTreeMap<String, (String, String)>;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/berlin-mss")
        .join(name)
}

fn published(year: u16) -> Published {
    let path = fixture(&format!("mss-{year}-1-planning-areas.csv"));
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .records()
        .map(Result::unwrap)
        .filter(|r| !matches!(&r[2], "" | "0"))
        .map(|r| (r[0].to_string(), (r[2].to_string(), r[3].to_string())))
        .collect()
}

fn run(year: u16, preset: &str) -> MssResult {
    let path = fixture(&format!("mss-{year}-2-1-planning-areas.csv"));
    let file = std::fs::File::open(&path).unwrap();
    let columns = CsvColumns {
        id: "id".into(),
        population: "inhabitants".into(),
    };
    let table = read_area_csv(file, &path.display().to_string(), &columns).unwrap();
    // The Berlin settings apply to both presets: 300 residents and the named outlier.
    let berlin = Method::preset("mss-berlin").unwrap();
    let Method::Mss(b) = &berlin else {
        panic!("mss-berlin is not mss")
    };
    let overrides = Overrides {
        status: Some(b.status.clone()),
        dynamics: Some(b.dynamics.clone()),
        weights: vec![],
    };
    let Method::Mss(mut m) = Method::preset(preset)
        .unwrap()
        .with_overrides(&overrides)
        .unwrap()
    else {
        panic!("{preset} is not mss")
    };
    m.exclude = b.exclude.clone();
    run_mss(&m, &table).unwrap()
}

/// (matched status, matched dynamics, classified total), and the classified sets must agree.
fn agreement(year: u16, preset: &str) -> (usize, usize, usize) {
    let published = published(year);
    let result = run(year, preset);
    let mut ours = BTreeMap::new();
    for a in &result.areas {
        if let (Some(s), Some(d)) = (
            a.status.class(),
            a.dynamics.as_ref().and_then(|d| d.class()),
        ) {
            ours.insert(
                a.area_id.as_str().to_string(),
                (s.to_string(), d.to_string()),
            );
        }
    }
    let same_set = ours.keys().eq(published.keys());
    assert!(
        same_set,
        "{year}: classified areas differ from the published ones"
    );
    let status = published
        .iter()
        .filter(|(id, p)| ours[*id].0 == p.0)
        .count();
    let dynamics = published
        .iter()
        .filter(|(id, p)| ours[*id].1 == p.1)
        .count();
    for (id, p) in &published {
        if ours[id] != *p {
            println!(
                "{year} {preset}: area {id} published {p:?}, computed {:?}",
                ours[id]
            );
        }
    }
    (status, dynamics, published.len())
}

fn check(year: u16, preset: &str, minimum: f64) {
    let (status, dynamics, total) = agreement(year, preset);
    let share = |k: usize| k as f64 / total as f64;
    println!(
        "Berlin MSS {year}, preset {preset}: status {status}/{total} ({:.2} %), dynamics \
         {dynamics}/{total} ({:.2} %)",
        100.0 * share(status),
        100.0 * share(dynamics)
    );
    assert!(share(status) >= minimum, "{year} status {status}/{total}");
    assert!(
        share(dynamics) >= minimum,
        "{year} dynamics {dynamics}/{total}"
    );
}

#[test]
fn mss_2013_matches_published_classes() {
    check(2013, "mss", 0.995);
}

#[test]
fn mss_2015_matches_published_classes() {
    check(2015, "mss", 0.995);
}

#[test]
fn mss_berlin_preset_matches_every_published_class() {
    check(2013, "mss-berlin", 1.0);
    check(2015, "mss-berlin", 1.0);
}

#[test]
fn contributions_add_up_to_the_scores() {
    let result = run(2015, "mss-berlin");
    for a in &result.areas {
        if let (Some(score), Some(c)) = (a.status.score(), a.status.contributions()) {
            assert!(
                (score - c.iter().sum::<f64>()).abs() < 1e-9,
                "{}",
                a.area_id
            );
        }
    }
}
