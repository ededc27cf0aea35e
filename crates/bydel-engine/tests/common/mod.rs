//! Shared by the SQL equality tests: a seeded random dataset (persons, convictions, families,
//! schools, pupils, daycare, language assessments), the native counts, and a cell-by-cell
//! comparison.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use bydel_engine::pass::Quiet;
use bydel_geo::AreaSet;
use bydel_io::Dataset;
use bydel_model::measure::{MeasureSpec, Population, Quantity};
use bydel_model::{Origin, Sex, WesternList};

/// Cells by (kind, area id, year, measure).
pub type Counts = BTreeMap<(String, String, i32, String), i64>;

/// Compares every cell both ways (a cell on one side only is a difference) and panics with
/// examples on any difference; returns the number of cells compared per measure.
pub fn compare(ours: &Counts, theirs: &Counts, engine: &str) -> BTreeMap<String, usize> {
    let only_ours: Vec<_> = ours
        .iter()
        .filter(|(k, _)| !theirs.contains_key(*k))
        .take(5)
        .collect();
    let only_theirs: Vec<_> = theirs
        .iter()
        .filter(|(k, _)| !ours.contains_key(*k))
        .take(5)
        .collect();
    let differ: Vec<_> = ours
        .iter()
        .filter_map(|(k, v)| theirs.get(k).filter(|w| *w != v).map(|w| (k, v, w)))
        .take(5)
        .collect();
    assert!(
        only_ours.is_empty() && only_theirs.is_empty() && differ.is_empty(),
        "native vs {engine}: only native {only_ours:?}; only {engine} {only_theirs:?}; differ {differ:?}"
    );
    let mut per_measure = BTreeMap::new();
    for (_, _, _, m) in ours.keys() {
        *per_measure.entry(m.clone()).or_insert(0) += 1;
    }
    per_measure
}

/// Extra measures that exercise every filter the built-ins leave out.
pub fn extra_measures() -> Vec<MeasureSpec> {
    let spec = |name: &str, population, quantity| MeasureSpec {
        name: name.into(),
        description: name.into(),
        population,
        quantity,
    };
    vec![
        spec(
            "women_western_or_danish",
            Population {
                sex: Some(vec![Sex::Female]),
                non_western: Some(false),
                ..Population::default()
            },
            Quantity::Count,
        ),
        spec(
            "moved_last_year",
            Population {
                moved_last_year: Some(true),
                ..Population::default()
            },
            Quantity::Count,
        ),
        spec(
            "not_convicted_descendant_fte",
            Population {
                origin: Some(vec![Origin::Descendant]),
                convicted: Some(false),
                taxable: Some(false),
                ..Population::default()
            },
            Quantity::OutsideFteMicro,
        ),
        spec(
            "students_income_age_20_25",
            Population {
                age_min: Some(20),
                age_max: Some(25),
                in_education: Some(true),
                ..Population::default()
            },
            Quantity::GrossIncome,
        ),
    ]
}

pub fn native(dir: &Path, measures: &[MeasureSpec]) -> Counts {
    let ds = Dataset::open(dir).unwrap();
    let areas = AreaSet::parse(&std::fs::read_to_string(ds.areas_path()).unwrap()).unwrap();
    let t = bydel_engine::aggregate(&ds, &areas, measures, &WesternList::default_list(), &Quiet)
        .unwrap();
    t.rows()
        .map(|(k, m, v)| {
            let key = (
                k.kind.as_str().to_string(),
                k.area_id.as_str().to_string(),
                k.year.get(),
                m.to_string(),
            );
            (key, v)
        })
        .collect()
}

pub fn parse_counts(text: &str) -> Counts {
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("kind,area_id,year,measure,value"));
    lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let key = (
                f[0].to_string(),
                f[1].to_string(),
                f[2].parse().unwrap(),
                f[3].to_string(),
            );
            (key, f[4].parse().unwrap())
        })
        .collect()
}

/// SplitMix64: a tiny seeded generator, so the test needs no extra dependency.
pub struct Rng(u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len() as u64) as usize]
    }
}

/// A random dataset: a 6×6 grid of housing areas inside a 3×3 grid of districts (the top-right
/// district left out), 1,500 addresses (some outside every area, some overridden), 3 years of
/// persons, convictions of every law and verdict.
pub fn generate(dir: &Path, seed: u64) {
    let mut rng = Rng(seed);
    std::fs::write(dir.join("areas.geojson"), grid_areas()).unwrap();
    let mut addresses = String::from("address_id,lon,lat\n");
    for a in 0..1500 {
        let (x, y) = (
            rng.below(7000) as f64 / 6000.0,
            rng.below(7000) as f64 / 6000.0,
        );
        let _ = writeln!(addresses, "ad{a},{:.6},{:.6}", 12.0 + x, 55.0 + y);
    }
    std::fs::write(dir.join("addresses.csv"), addresses).unwrap();
    std::fs::write(
        dir.join("address_areas.csv"),
        "address_id,kind,area_id\nad1,housing_area,h0_0\nad2,district,d2_2\n",
    )
    .unwrap();
    let (persons, convictions) = persons(&mut rng);
    std::fs::write(dir.join("persons.csv"), persons).unwrap();
    std::fs::write(dir.join("convictions.csv"), convictions).unwrap();
    institutions(dir, &mut rng);
}

/// Schools, pupils, daycare and language assessments: some pupils are not children in
/// `persons` (adults, unknown persons, other years), some schools and institutions are not in
/// their tables, exams are sometimes missing, absences sit on both sides of 10 %.
fn institutions(dir: &Path, rng: &mut Rng) {
    let mut schools = String::from("school_id,name,kind,municipality,address_id\n");
    let mut daycare = String::from("institution_id,name,kind,municipality,address_id\n");
    for i in 0..5 {
        let _ = writeln!(schools, "s{i},Skole {i},public,159,ad{i}");
        let _ = writeln!(daycare, "i{i},Institution {i},municipal,101,ad{i}");
    }
    let mut pupils = String::from("person_id,year,school_id,grade,absence_pct,exam_avg\n");
    let mut children = String::from("person_id,institution_id,admission_date\n");
    let mut language = String::from("person_id,year,age,result\n");
    for _ in 0..6000 {
        let pid = format!("q{}", rng.below(4200));
        let year = 2018 + rng.below(5);
        let absence = rng.pick(&["0", "10", "10.001", "3.5", "0.0005", "12.3456", "55"]);
        let exam = rng.pick(&["", "", "-3", "2", "4.5", "7.25", "12", "10.005"]);
        let _ = writeln!(
            pupils,
            "{pid},{year},s{},{},{absence},{exam}",
            rng.below(6),
            rng.below(10)
        );
        let _ = writeln!(
            children,
            "{pid},i{},{}-{:02}-{:02}",
            rng.below(6),
            2018 + rng.below(5),
            1 + rng.below(12),
            1 + rng.below(28)
        );
        let _ = writeln!(
            language,
            "{pid},{year},{},{}",
            2 + rng.below(3),
            rng.pick(&["general", "general", "focused", "special"])
        );
    }
    for (name, text) in [
        ("schools", schools),
        ("daycare", daycare),
        ("pupils", pupils),
        ("daycare_children", children),
        ("language_assessments", language),
    ] {
        std::fs::write(dir.join(format!("{name}.csv")), text).unwrap();
    }
}

fn persons(rng: &mut Rng) -> (String, String) {
    let mut p = String::from(
        "person_id,year,address_id,municipality,region,age,sex,origin,origin_country,\
         outside_fte,education,in_education,gross_income,taxable,moved_in,family_id\n",
    );
    let mut c = String::from("person_id,decision_date,law,guilty\n");
    let edu = [
        "basic",
        "upper_secondary",
        "vocational",
        "short_cycle",
        "bachelor",
        "master",
        "unknown",
    ];
    for id in 0..4000 {
        for year in 2019..2022 {
            if rng.below(10) == 0 {
                continue;
            }
            let origin = rng.pick(&["danish", "danish", "immigrant", "descendant"]);
            let country = if origin == "danish" {
                ""
            } else {
                rng.pick(&["TR", "DE", "SY", "PL", "US", "SO", "NO"])
            };
            let muni = rng.pick(&["101", "159", "751"]);
            let region = if muni == "751" { "1082" } else { "1084" };
            let moved = match rng.below(4) {
                0 => String::new(),
                1 => format!("{}-01-01", year - rng.below(2) as i32),
                _ => format!(
                    "{}-{:02}-{:02}",
                    year - 1 - rng.below(2) as i32,
                    1 + rng.below(12),
                    1 + rng.below(28)
                ),
            };
            let _ = writeln!(
                p,
                "q{id},{year},ad{},{muni},{region},{},{},{origin},{country},{},{},{},{},{},{moved},{}",
                rng.below(1600),
                // many children and families of every shape
                rng.below(60),
                rng.pick(&["f", "m"]),
                rng.pick(&[
                    "0",
                    "1",
                    "0.5",
                    "0.25",
                    "0.333333",
                    "0.1234565",
                    "0.0000005"
                ]),
                rng.pick(&edu),
                rng.below(3) == 0,
                // small incomes, so that many families sit exactly at half the median (which
                // is negative in 2021): the truncation of the limit is tested
                rng.below(8) as i64 - if year == 2021 { 6 } else { 2 },
                rng.below(8) != 0,
                if rng.below(7) == 0 {
                    String::new()
                } else {
                    format!("f{}", id / 3)
                },
            );
        }
        if rng.below(6) == 0 {
            let law = rng.pick(&[
                "straffeloven",
                "vaabenloven",
                "euforiserende_stoffer",
                "other",
            ]);
            let _ = writeln!(
                c,
                "q{id},{}-{:02}-15,{law},{}",
                2018 + rng.below(4),
                1 + rng.below(12),
                rng.below(4) != 0
            );
        }
    }
    (p, c)
}

pub fn grid_areas() -> String {
    let mut features = Vec::new();
    // corners from the same formula on both sides of a border, so neighbours share it exactly
    let mut square = |kind: &str, id: String, (i, j): (usize, usize), n: f64| {
        let at = |k: usize, base: f64| base + k as f64 / n;
        let (x0, y0, x1, y1) = (at(i, 12.0), at(j, 55.0), at(i + 1, 12.0), at(j + 1, 55.0));
        features.push(format!(
            r#"{{"type":"Feature","properties":{{"area_id":"{id}","name":"{id}","kind":"{kind}"}},"geometry":{{"type":"Polygon","coordinates":[[[{x0},{y0}],[{x1},{y0}],[{x1},{y1}],[{x0},{y1}],[{x0},{y0}]]]}}}}"#
        ));
    };
    for i in 0..3 {
        for j in 0..3 {
            if (i, j) != (2, 2) {
                square("district", format!("d{i}_{j}"), (i, j), 3.0);
            }
        }
    }
    for i in 0..6 {
        for j in 0..6 {
            square("housing_area", format!("h{i}_{j}"), (i, j), 6.0);
        }
    }
    format!(
        "{{\"type\":\"FeatureCollection\",\"features\":[{}]}}",
        features.join(",\n")
    )
}
