//! A folder the size of a real municipality's: 8 districts that partition it, 32 housing areas
//! inside them (not covering them), ten years, counts, shares and two-year means, suppressed
//! with a correct secondary suppression. The audit must solve it whole (no component over the
//! cap, no solver failure) and find it clean; then one planted leak must be found in it.

mod common;

use bydel_audit::FindingKind;
use common::{Fixture, count};
use serde_json::json;

const YEARS: std::ops::RangeInclusive<i32> = 2015..=2024;
const KEYS: &[&str] = &["kind", "area_id", "year"];

/// A deterministic generator (64-bit LCG), so the fixture is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u32) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % u64::from(n)) as u32
    }
}

struct Area {
    kind: &'static str,
    id: String,
    residents: Vec<u32>,
    non_western: Vec<u32>,
    hidden: Vec<bool>,
}

fn municipality(rng: &mut Lcg) -> Vec<Area> {
    let n_years = YEARS.count();
    let mut areas = Vec::new();
    let mut districts = Vec::new();
    for d in 0..8 {
        let mut housing = Vec::new();
        for h in 0..4 {
            let residents: Vec<u32> = (0..n_years).map(|_| 20 + rng.below(200)).collect();
            let non_western: Vec<u32> = residents
                .iter()
                .map(|&r| {
                    if rng.below(4) == 0 {
                        1 + rng.below(2)
                    } else {
                        rng.below(r / 2)
                    }
                })
                .collect();
            housing.push(Area {
                kind: "housing_area",
                id: format!("d{d}-h{h}"),
                residents,
                non_western,
                hidden: vec![false; n_years],
            });
        }
        let uncovered = |rng: &mut Lcg| 100 + rng.below(400);
        let residents: Vec<u32> = (0..n_years)
            .map(|y| housing.iter().map(|h| h.residents[y]).sum::<u32>() + uncovered(rng))
            .collect();
        let non_western: Vec<u32> = (0..n_years)
            .map(|y| housing.iter().map(|h| h.non_western[y]).sum::<u32>() + 20 + rng.below(50))
            .collect();
        suppress(&mut housing, n_years);
        districts.push(Area {
            kind: "district",
            id: format!("d{d}"),
            residents,
            non_western,
            hidden: vec![false; n_years],
        });
        areas.extend(housing);
    }
    let total = |f: &dyn Fn(&Area) -> &Vec<u32>| -> Vec<u32> {
        (0..n_years)
            .map(|y| districts.iter().map(|d| f(d)[y]).sum())
            .collect()
    };
    let residents = total(&|a| &a.residents);
    let non_western = total(&|a| &a.non_western);
    areas.push(Area {
        kind: "municipality",
        id: "159".into(),
        residents,
        non_western,
        hidden: vec![false; n_years],
    });
    areas.extend(districts);
    areas
}

/// Per year and district: counts in 1..3 are suppressed, then the largest released housing
/// areas until two or more are suppressed adding up to at least 3.
fn suppress(housing: &mut [Area], n_years: usize) {
    for y in 0..n_years {
        let mut hidden: Vec<usize> = (0..housing.len())
            .filter(|&h| (1..3).contains(&housing[h].non_western[y]))
            .collect();
        while !hidden.is_empty()
            && (hidden.len() < 2
                || hidden
                    .iter()
                    .map(|&h| housing[h].non_western[y])
                    .sum::<u32>()
                    < 3)
        {
            let next = (0..housing.len())
                .filter(|h| !hidden.contains(h))
                .max_by_key(|&h| housing[h].non_western[y])
                .unwrap();
            hidden.push(next);
        }
        for h in hidden {
            housing[h].hidden[y] = true;
        }
    }
}

fn publish(areas: &[Area], leak: Option<(usize, usize)>) -> Fixture {
    let mut f = Fixture::new();
    f.partition("district", "municipality");
    let mut population = String::from("kind,area_id,year,residents,non_western\n");
    let mut shares = String::from("kind,area_id,year,share,mean_share\n");
    for (i, a) in areas.iter().enumerate() {
        let parent = match a.kind {
            "municipality" => None,
            "district" => Some(("municipality", "159".to_string())),
            _ => Some(("district", a.id.split('-').next().unwrap().to_string())),
        };
        f.area(
            a.kind,
            &a.id,
            parent.as_ref().map(|(k, p)| (*k, p.as_str())),
        );
        for (y, year) in YEARS.enumerate() {
            let nw = if a.hidden[y] {
                "..".to_string()
            } else {
                a.non_western[y].to_string()
            };
            population.push_str(&format!(
                "{},{},{year},{},{nw}\n",
                a.kind, a.id, a.residents[y]
            ));
            let share = |i: usize| f64::from(a.non_western[i]) / f64::from(a.residents[i]);
            let s = if a.hidden[y] && leak != Some((i, y)) {
                "..".into()
            } else {
                format!("{:.4}", share(y))
            };
            let m = if y == 0 {
                String::new()
            } else if a.hidden[y] || a.hidden[y - 1] {
                "..".into()
            } else {
                format!("{:.4}", (share(y) + share(y - 1)) / 2.0)
            };
            shares.push_str(&format!("{},{},{year},{s},{m}\n", a.kind, a.id));
        }
    }
    f.table(
        "population",
        KEYS,
        json!([
            count("residents", "residents"),
            count("non_western", "non_western")
        ]),
        &population,
    );
    let part = |o: i32| {
        json!({ "num": [ { "measure": "non_western", "year_offset": o } ],
                "den": [ { "measure": "residents", "year_offset": o } ] })
    };
    f.table(
        "shares",
        KEYS,
        json!([
            { "name": "share", "decimals": 4, "meaning": { "op": "ratio",
                "num": [ { "measure": "non_western" } ], "den": [ { "measure": "residents" } ] } },
            { "name": "mean_share", "decimals": 4,
              "meaning": { "op": "mean_ratio", "parts": [part(-1), part(0)] } }
        ]),
        &shares,
    );
    f
}

#[test]
fn a_municipality_sized_folder_is_solved_whole_and_found_clean() {
    let areas = municipality(&mut Lcg(159));
    let started = std::time::Instant::now();
    let report = publish(&areas, None).audit();
    eprintln!(
        "scale: {} atoms, {} constraints, {} suppressed cells, {} LPs, {:?}",
        report.atoms,
        report.constraints,
        report.suppressed_cells,
        report.lps_solved,
        started.elapsed()
    );
    assert!(
        report.suppressed_cells > 20,
        "the fixture suppresses: {}",
        report.suppressed_cells
    );
    assert!(report.is_clean(), "{}", report.to_text());
}

#[test]
fn a_rate_planted_beside_a_suppressed_count_in_a_municipality_sized_folder_is_found() {
    let areas = municipality(&mut Lcg(159));
    let (a, y) = areas
        .iter()
        .enumerate()
        .find_map(|(i, a)| a.hidden.iter().position(|&h| h).map(|y| (i, y)))
        .unwrap();
    let report = publish(&areas, Some((a, y))).audit();
    let year = 2015 + y as i32;
    let hit = report
        .intervals
        .iter()
        .find(|i| i.atom.area_id == areas[a].id && i.atom.year == year)
        .expect("the suppressed count is examined");
    assert_eq!(hit.max, Some(hit.min), "{}", report.to_text());
    assert_eq!(hit.min, f64::from(areas[a].non_western[y]));
    assert!(report.count(FindingKind::ExactlyRecoverable) >= 1);
}
