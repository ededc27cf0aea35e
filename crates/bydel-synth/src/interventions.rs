//! Planted interventions: the synthetic truth the evaluation must recover (issue 16).
//!
//! Each [`Planted`] intervention names an area, a start (the first data year it affects), a kind,
//! a description, the outcome it moves and by how much (share points, reached after `ramp_years`
//! years and held). [`interventions_csv`] writes them in the format of `bydel evaluate
//! --interventions`; [`effect`] is the size in a given area and data year.
//!
//! Where the effect is applied:
//! - **At the person level (the intended place, in the generator's yearly report):** for a person
//!   living in the area in data year *y*, with `d = effect(area, y, outcome)`:
//!   - `YouthEducation25`: a 25-year-old without a completed youth education reports one
//!     (vocational) with probability `d / (1 − p₀)`, where `p₀` is the area's share before the start;
//!   - `OutsideWork`: for `d < 0`, an adult 18–64 with outside-work FTE `f > 0` reports `f = 0`
//!     with probability `−d / p₀`; for `d > 0`, an adult with `f = 0` reports `f = 1` with
//!     probability `d / (1 − p₀)`, where `p₀` is the area's outside-work share before the start.
//!     Draw from a separate seeded stream so the rest of the population is unchanged.
//! - **On the counts ([`apply_to_counts`]):** until the generator does the above, the effect is
//!   added to the area's numerator (rounded, clamped to [0, denominator]) in every affected year.
//!   Only the area's own rows change; districts and the municipality keep their generated counts.

use bydel_model::{AreaId, CountKey, CountsTable, Kind, Year};

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
        description: "Mentorordning for unge (planted: +12 points youth education at 25)",
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
        description: "Fleksibel udlejning med beskæftigelseskriterium (planted: -4 points outside work, over 2 years)",
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
        description: "Helhedsplan med renovering (planted: no effect)",
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
        s.push_str(&format!(
            "{},{},{},{},{},\"{}\"\n",
            p.area_kind,
            p.area_id,
            p.start,
            p.end.map_or_else(String::new, |e| e.to_string()),
            p.kind,
            p.description.replace('"', "\"\"")
        ));
    }
    s
}

/// Adds the planted effects to the areas' numerators in the counts table (see the module doc).
pub fn apply_to_counts(counts: &mut CountsTable) {
    let years: Vec<Year> = counts.years().into_iter().collect();
    for p in PLANTED {
        let (Ok(kind), Ok(area)) = (Kind::new(p.area_kind), AreaId::new(p.area_id)) else {
            continue;
        };
        let (num, den, scale) = p.outcome.measures();
        for &year in &years {
            let d = effect(p.area_id, year.get(), p.outcome);
            let (Some(n), Some(total)) = (
                counts.get(&kind, &area, year, num),
                counts.get(&kind, &area, year, den),
            ) else {
                continue;
            };
            if d == 0.0 {
                continue;
            }
            let max = total * scale;
            let shifted = (n as f64 + d * max as f64).round() as i64;
            let key = CountKey {
                kind: kind.clone(),
                area_id: area.clone(),
                year,
            };
            counts.set(key, num, shifted.clamp(0, max));
        }
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
    fn counts_move_by_the_effect() {
        let kind = Kind::new("housing_area").unwrap();
        let area = AreaId::new("159-vaerebro-park").unwrap();
        let mut c = CountsTable::new(["age_25".to_string(), "age_25_youth_education".to_string()]);
        for y in [2018, 2019] {
            let key = CountKey {
                kind: kind.clone(),
                area_id: area.clone(),
                year: Year::new(y).unwrap(),
            };
            c.set(key.clone(), "age_25", 50);
            c.set(key, "age_25_youth_education", 30);
        }
        apply_to_counts(&mut c);
        assert_eq!(
            c.get(
                &kind,
                &area,
                Year::new(2018).unwrap(),
                "age_25_youth_education"
            ),
            Some(30)
        );
        assert_eq!(
            c.get(
                &kind,
                &area,
                Year::new(2019).unwrap(),
                "age_25_youth_education"
            ),
            Some(36)
        );
    }
}
