//! Planted interventions: the synthetic truth the evaluation must recover (issue 16).
//!
//! Each [`Planted`] intervention names an area, a start (the first data year it affects), a kind,
//! a Danish description, the outcome it moves and by how much (share points, reached after
//! `ramp_years` years and held). [`PLANTED`] is the one source of truth: the generator plants
//! these effects, [`interventions_csv`] writes them in the format of `bydel evaluate
//! --interventions` (the demo's `configs/gladsaxe/interventions.csv` lists the same), and
//! [`effect`] is the size in a given area and data year.
//!
//! **Where the effect is applied: at the person level, in the generator's yearly rows**, so that
//! the persons table carries it and `bydel aggregate` / `bydel run` see it with no special path.
//! In data year *y*, with `d = effect(area, y, outcome)` and the area's residents as they would
//! be without the intervention (the *counterfactual* of that year, computed exactly because the
//! outcomes are deterministic given the persons):
//! - `YouthEducation25` ([`plant_education`], on the population before the year's rows): each
//!   25-year-old without a completed youth education completes one (vocational, at 25, kept in
//!   later years) with probability `q = d·N / R`, where `N` is the number of 25-year-olds and `R`
//!   those without one (for `d < 0`, those with one lose it: `R` = those with one). That is
//!   `d / (1 − p)` of the module's first design, with `p` the year's own share.
//! - `OutsideWork` ([`Plan`], on the person-year row): for `d < 0`, each adult 18–64 not in
//!   education reports outside-work FTE 0 with probability `q = −d·N / Σf` (`N` adults 18–64, `Σf`
//!   their FTE outside work); for `d > 0`, FTE 1 with probability `q = d·N / Σ(1 − f)` over those
//!   not in education. The income follows the new FTE.
//!
//! The expected change of the area's share is then exactly `d` relative to what the same persons
//! would have reported that year (`q` is capped at 1, which no planted size reaches). The draws
//! come from their own seeded stream per person and year ([`PLANT_STREAM`]), so every other
//! person and every other random number of the run is unchanged: removing or resizing a plant
//! changes only the treated area's rows (and, through the completed education, the later
//! attachment of the persons it reached).

use bydel_model::codes::Education;

use crate::person::Person;
use crate::rng::{chance, stream};
use crate::simulate::Population;
use crate::world::World;

/// The purpose of the planted interventions' random stream (see [`crate::rng::stream`]).
pub const PLANT_STREAM: u64 = 0x1D16;

/// An outcome a planted intervention moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlantedOutcome {
    /// 25-year-olds with a completed youth education (`age_25_youth_education` / `age_25`).
    YouthEducation25,
    /// Adults 18–64 outside work and education (`outside_fte_micro_18_64` / `age_18_64`, FTE).
    OutsideWork,
}

impl PlantedOutcome {
    /// The counts measures: numerator, denominator and the numerator's scale.
    pub fn measures(self) -> (&'static str, &'static str, i64) {
        match self {
            PlantedOutcome::YouthEducation25 => ("age_25_youth_education", "age_25", 1),
            PlantedOutcome::OutsideWork => ("outside_fte_micro_18_64", "age_18_64", 1_000_000),
        }
    }

    /// The indicator id of the catalogue.
    pub fn indicator(self) -> &'static str {
        match self {
            PlantedOutcome::YouthEducation25 => "youth_education_25",
            PlantedOutcome::OutsideWork => "a_outside_work",
        }
    }
}

/// One planted intervention.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Planted {
    /// The layer.
    pub area_kind: &'static str,
    /// The area id.
    pub area_id: &'static str,
    /// First affected data year.
    pub start: i32,
    /// Last data year it runs (`None`: still running).
    pub end: Option<i32>,
    /// social, physical or organisational.
    pub kind: &'static str,
    /// Description.
    pub description: &'static str,
    /// The outcome it moves.
    pub outcome: PlantedOutcome,
    /// The full effect in share points (0.10 = +10 points), after `ramp_years`.
    pub effect: f64,
    /// Years to reach the full effect (1 = full from the start).
    pub ramp_years: u32,
}

/// The demo's planted interventions.
pub const PLANTED: &[Planted] = &[
    Planted {
        area_kind: "housing_area",
        area_id: "159-vaerebro-park",
        start: 2019,
        end: None,
        kind: "social",
        description: "Mentorordning for unge",
        outcome: PlantedOutcome::YouthEducation25,
        effect: 0.12,
        ramp_years: 1,
    },
    Planted {
        area_kind: "housing_area",
        area_id: "159-hoeje-gladsaxe",
        start: 2021,
        end: None,
        kind: "organisational",
        description: "Fleksibel udlejning med beskæftigelseskriterium",
        outcome: PlantedOutcome::OutsideWork,
        effect: -0.04,
        ramp_years: 2,
    },
    Planted {
        area_kind: "housing_area",
        area_id: "159-moerkhoej-almene-boliger",
        start: 2018,
        end: Some(2022),
        kind: "physical",
        description: "Helhedsplan med renovering",
        outcome: PlantedOutcome::OutsideWork,
        effect: 0.0,
        ramp_years: 1,
    },
];

/// The planted effect on `outcome` in an area and data year (0 outside every intervention).
pub fn effect(area_id: &str, year: i32, outcome: PlantedOutcome) -> f64 {
    PLANTED
        .iter()
        .filter(|p| p.area_id == area_id && p.outcome == outcome && year >= p.start)
        .filter(|p| p.end.is_none_or(|e| year <= e))
        .map(|p| {
            p.effect * f64::from((year - p.start + 1) as u32).min(f64::from(p.ramp_years.max(1)))
                / f64::from(p.ramp_years.max(1))
        })
        .sum()
}

/// The planted interventions as an interventions CSV for `bydel evaluate`.
pub fn interventions_csv() -> String {
    let mut s = String::from("area_kind,area_id,start,end,kind,description\n");
    for p in PLANTED {
        let description = if p.description.contains([',', '"']) {
            format!("\"{}\"", p.description.replace('"', "\"\""))
        } else {
            p.description.to_string()
        };
        s.push_str(&format!(
            "{},{},{},{},{},{description}\n",
            p.area_kind,
            p.area_id,
            p.start,
            p.end.map_or_else(String::new, |e| e.to_string()),
            p.kind,
        ));
    }
    s
}

/// The places (indices of [`World::places`]) of a planted intervention's area: a housing area or
/// a district is the union of its places.
pub fn places_of(world: &World, planted: &Planted) -> Vec<usize> {
    let in_area = |pl: &crate::world::Place| match planted.area_kind {
        "housing_area" => pl
            .housing_area
            .is_some_and(|h| world.housing_areas[h].id == planted.area_id),
        "district" => pl
            .district
            .is_some_and(|d| world.districts[d].id == planted.area_id),
        _ => false,
    };
    (0..world.places.len())
        .filter(|&i| in_area(&world.places[i]))
        .collect()
}

/// Plants the youth-education effects of data year `year` in the population, before the year's
/// rows are written (see the module doc): 25-year-olds of a treated area complete a youth
/// education with the planted probability, and keep it.
pub fn plant_education(pop: &mut Population, world: &World, seed: u64, year: i32) {
    for planted in areas_moved(PlantedOutcome::YouthEducation25) {
        let d = effect(planted.area_id, year, planted.outcome);
        if d == 0.0 {
            continue;
        }
        let places = places_of(world, planted);
        let at_25 = || {
            places
                .iter()
                .flat_map(|&pl| pop.places[pl].iter())
                .flat_map(|h| h.members.iter())
                .filter(|p| p.age(year) == 25)
        };
        let n = at_25().count();
        let room = at_25()
            .filter(|p| has_youth_education(p) == (d < 0.0))
            .count();
        let q = probability(d, n as f64, room as f64);
        for &pl in &places {
            for p in pop.places[pl].iter_mut().flat_map(|h| h.members.iter_mut()) {
                let eligible = p.age(year) == 25 && has_youth_education(p) == (d < 0.0);
                if eligible && draw(seed, year, PlantedOutcome::YouthEducation25, p.id, q) {
                    set_youth_education(p, d > 0.0);
                }
            }
        }
    }
}

/// The outside-work effects of one data year, decided before its rows are written: for each
/// place of a treated area, the probability that an adult 18–64 not in education reports full
/// work (or, for a positive effect, full time outside work).
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// By place index: (probability, towards outside work).
    by_place: Vec<Option<(f64, bool)>>,
    seed: u64,
    year: i32,
}

impl Plan {
    /// No planted effect (a year or a run without interventions).
    pub fn none(year: i32) -> Self {
        Plan {
            by_place: Vec::new(),
            seed: 0,
            year,
        }
    }

    /// The plan of data year `year`: for every treated area, the probability that gives the planted
    /// change in expectation, from the outside-work FTE each adult would report without it
    /// (`fte(place, person)`, the row's own computation).
    pub fn outside_work(
        world: &World,
        pop: &Population,
        seed: u64,
        year: i32,
        fte: &dyn Fn(usize, &Person) -> f64,
    ) -> Self {
        let mut plan = Plan {
            by_place: vec![None; world.places.len()],
            seed,
            year,
        };
        for planted in areas_moved(PlantedOutcome::OutsideWork) {
            let d = effect(planted.area_id, year, planted.outcome);
            if d == 0.0 {
                continue;
            }
            let places = places_of(world, planted);
            let (mut n, mut outside, mut inside) = (0.0, 0.0, 0.0);
            for &pl in &places {
                for p in pop.places[pl].iter().flat_map(|h| h.members.iter()) {
                    let age = p.age(year);
                    if (18..=64).contains(&age) {
                        let f = fte(pl, p);
                        n += 1.0;
                        outside += f;
                        if !p.in_education_at(age) {
                            inside += 1.0 - f;
                        }
                    }
                }
            }
            let q = probability(d, n, if d < 0.0 { outside } else { inside });
            for &pl in &places {
                plan.by_place[pl] = Some((q, d > 0.0));
            }
        }
        plan
    }

    /// The outside-work FTE a person of `place` reports in the plan's year, given the `fte` they
    /// would report without the intervention.
    pub fn outside_fte(&self, place: usize, p: &Person, fte: f64) -> f64 {
        let Some(&Some((q, up))) = self.by_place.get(place) else {
            return fte;
        };
        let age = p.age(self.year);
        let movable = if up { fte < 1.0 } else { fte > 0.0 };
        let eligible = (18..=64).contains(&age) && !p.in_education_at(age) && movable;
        if eligible && draw(self.seed, self.year, PlantedOutcome::OutsideWork, p.id, q) {
            if up { 1.0 } else { 0.0 }
        } else {
            fte
        }
    }
}

/// Each intervention moving `outcome`, once per area (the effects of one area add up in
/// [`effect`]).
fn areas_moved(outcome: PlantedOutcome) -> impl Iterator<Item = &'static Planted> {
    PLANTED.iter().enumerate().filter_map(move |(i, p)| {
        let first = PLANTED
            .iter()
            .position(|o| o.area_id == p.area_id && o.outcome == outcome);
        (p.outcome == outcome && first == Some(i)).then_some(p)
    })
}

/// The probability per movable person that moves the share by `d` in expectation: `|d|·n` units
/// to move out of `room` movable units (capped at 1).
fn probability(d: f64, n: f64, room: f64) -> f64 {
    if room <= 0.0 {
        return 0.0;
    }
    (d.abs() * n / room).min(1.0)
}

/// One draw from the person's own stream for the year and outcome.
fn draw(seed: u64, year: i32, outcome: PlantedOutcome, person: u32, q: f64) -> bool {
    let purpose = PLANT_STREAM ^ ((outcome as u64) << 8);
    let mut rng = stream(seed, purpose, (year as u64) << 32 | u64::from(person));
    chance(&mut rng, q)
}

fn has_youth_education(p: &Person) -> bool {
    p.education_at(25).has_youth_education()
}

/// Gives the person a completed youth education at 25 (vocational, unless a higher one follows),
/// or takes it away (basic only, left school at 16).
fn set_youth_education(p: &mut Person, completed: bool) {
    if completed {
        p.foreign_edu = false;
        if !p.final_edu.has_youth_education() {
            p.final_edu = Education::Vocational;
        }
        p.edu_age = p.edu_age.min(25);
    } else {
        p.final_edu = Education::Basic;
        p.edu_age = 16;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn effects_ramp_and_end() {
        assert_eq!(
            effect("159-vaerebro-park", 2018, PlantedOutcome::YouthEducation25),
            0.0
        );
        assert_eq!(
            effect("159-vaerebro-park", 2019, PlantedOutcome::YouthEducation25),
            0.12
        );
        assert_eq!(
            effect("159-vaerebro-park", 2019, PlantedOutcome::OutsideWork),
            0.0
        );
        assert!(
            (effect("159-hoeje-gladsaxe", 2021, PlantedOutcome::OutsideWork) + 0.02).abs() < 1e-12
        );
        assert!(
            (effect("159-hoeje-gladsaxe", 2024, PlantedOutcome::OutsideWork) + 0.04).abs() < 1e-12
        );
        assert!(interventions_csv().lines().count() == PLANTED.len() + 1);
    }

    #[test]
    fn the_demo_config_lists_the_planted_interventions() {
        let shipped = include_str!("../../../configs/gladsaxe/interventions.csv");
        let rows: String = shipped
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(rows, interventions_csv());
    }

    #[test]
    fn every_planted_area_is_a_union_of_places() {
        let world = crate::build_world(&crate::SynthConfig::default());
        for p in PLANTED {
            assert!(!places_of(&world, p).is_empty(), "{}", p.area_id);
        }
    }

    fn adult(id: u32, shock: f32) -> Person {
        Person {
            id,
            birth_year: 1980,
            birth_day: 0,
            sex: bydel_model::codes::Sex::Male,
            origin: bydel_model::codes::Origin::Danish,
            country: "DK",
            ses: 0.0,
            shock,
            crime: 1.0,
            absence: 1.0,
            wage: 0.0,
            final_edu: Education::Basic,
            edu_age: 16,
            foreign_edu: false,
            moved_in: 0,
            exposure: 0,
        }
    }

    /// The plan's probability moves the mean outside-work FTE by the planted size in expectation,
    /// whatever the spread of FTE, in both directions.
    #[test]
    fn planted_probability_moves_the_share_by_the_effect() {
        let year = 2022;
        let persons: Vec<(Person, f64)> = (0..40_000)
            .map(|i| (adult(i, 0.0), f64::from(i % 10) / 12.0))
            .collect();
        let n = persons.len() as f64;
        let before: f64 = persons.iter().map(|(_, f)| f).sum::<f64>() / n;
        for d in [-0.04, 0.06] {
            let room: f64 = persons
                .iter()
                .map(|(_, f)| if d < 0.0 { *f } else { 1.0 - f })
                .sum();
            let plan = Plan {
                by_place: vec![Some((probability(d, n, room), d > 0.0))],
                seed: 7,
                year,
            };
            let after: f64 = persons
                .iter()
                .map(|(p, f)| plan.outside_fte(0, p, *f))
                .sum::<f64>()
                / n;
            assert!(
                (after - before - d).abs() < 0.004,
                "{d}: {before} → {after}"
            );
        }
        // another place is untouched
        let plan = Plan {
            by_place: vec![None, Some((1.0, false))],
            seed: 7,
            year,
        };
        assert_eq!(plan.outside_fte(0, &persons[5].0, 0.5), 0.5);
        assert_eq!(plan.outside_fte(1, &persons[5].0, 0.5), 0.0);
    }

    #[test]
    fn youth_education_is_completed_at_25_and_kept() {
        let mut p = adult(1, 0.0);
        assert!(!has_youth_education(&p));
        set_youth_education(&mut p, true);
        assert!(has_youth_education(&p));
        assert!(!p.in_education_at(25));
        assert!(p.education_at(30).has_youth_education());
        set_youth_education(&mut p, false);
        assert!(!has_youth_education(&p));
    }
}
