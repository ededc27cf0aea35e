//! What a person reports in a data year: attachment (full-time equivalents outside work and
//! education), gross income, convictions, and for children absence, exam marks and language
//! assessments. Each is a function of persistent traits, age, origin and the year, plus noise,
//! so persons keep their position from year to year.

use bydel_model::codes::{Education, LanguageResult, Law, Origin, Sex};

use crate::person::Person;
use crate::rng::{Rng, chance, normal, unit};

/// The business cycle on attachment, by data year (describing the year before).
fn cycle(year: i32) -> f64 {
    match year {
        ..=2013 => -0.05,
        2014 => -0.03,
        2015 => 0.0,
        2016 => 0.02,
        2017 => 0.05,
        2018 => 0.07,
        2019..=2020 => 0.1,
        2021 => 0.03,
        _ => 0.13,
    }
}

/// Nominal wage index (2017 = 1), 2.3 % a year.
pub fn wage_index(year: i32) -> f64 {
    1.023f64.powi(year - 2018)
}

fn origin_effect(p: &Person, non_western: bool) -> f64 {
    match (p.origin, non_western) {
        (Origin::Danish, _) => 0.0,
        (Origin::Immigrant, true) => -0.4,
        (Origin::Descendant, true) => -0.4,
        (Origin::Immigrant, false) => -0.3,
        (Origin::Descendant, false) => -0.1,
    }
}

fn age_effect(age: i32) -> f64 {
    match age {
        ..=24 => -0.45,
        25..=29 => -0.15,
        30..=49 => 0.0,
        50..=59 => -0.12,
        _ => -0.6,
    }
}

/// Full-time equivalents outside work and education in the year before `year` (0–1).
pub fn outside_fte(p: &Person, year: i32, non_western: bool) -> f64 {
    outside_fte_with(p, year, non_western, 0.0)
}

/// [`outside_fte`] with a place's extra attachment `uplift` (the planted in-situ improvement,
/// [`crate::mechanisms::uplift`]).
pub fn outside_fte_with(p: &Person, year: i32, non_western: bool, uplift: f64) -> f64 {
    let age = p.age(year);
    if age < 18 || p.in_education_at(age) {
        return 0.0;
    }
    if age >= 65 {
        return 1.0;
    }
    let edu = match p.education_at(age) {
        Education::Basic | Education::Unknown => -0.25,
        Education::Bachelor => 0.15,
        Education::Master => 0.2,
        _ => 0.0,
    };
    let x = 1.05
        + 0.45 * f64::from(p.ses)
        + 0.6 * f64::from(p.shock)
        + origin_effect(p, non_western)
        + age_effect(age)
        + cycle(year)
        + uplift
        + edu;
    let fte = (0.5 - 1.2 * x).clamp(0.0, 1.0);
    (fte * 1e4).round() / 1e4
}

/// Gross income (DKK) in the year before `year`, given the year's outside share.
pub fn gross_income(p: &Person, year: i32, outside: f64, rng: &mut Rng) -> i64 {
    let age = p.age(year);
    if age < 15 {
        return 0;
    }
    let idx = wage_index(year - 1);
    let noise = 0.1 * normal(rng);
    let income = if p.in_education_at(age) {
        (45_000.0 + 7_000.0 * f64::from((age - 15).clamp(0, 10))) * (1.0 + noise)
    } else if age >= 65 {
        (165_000.0 + 65_000.0 * (0.5 * f64::from(p.ses)).exp()) * (1.0 + noise)
    } else {
        let edu = match p.education_at(age) {
            Education::Basic | Education::Unknown => -0.12,
            Education::ShortCycle => 0.08,
            Education::Bachelor => 0.15,
            Education::Master => 0.42,
            _ => 0.0,
        };
        let sex = if p.sex == Sex::Female { -0.12 } else { 0.0 };
        let career = -0.018 * f64::from((40 - age).max(0)) - 0.003 * f64::from((age - 55).max(0));
        let log_w =
            12.68 + 0.28 * f64::from(p.ses) + edu + sex + career + f64::from(p.wage) + noise;
        let transfer = 175_000.0 * (1.0 + 0.5 * noise);
        (1.0 - outside) * log_w.exp() + outside * transfer
    };
    ((income * idx).max(0.0) / 100.0).round() as i64 * 100
}

/// One conviction decision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Decision {
    /// Day of the calendar year (0–364).
    pub day: u16,
    /// The law.
    pub law: Law,
    /// A guilty decision (not an acquittal or a withdrawn charge).
    pub guilty: bool,
}

/// Conviction hazard per year for a man, by age.
fn base_hazard(age: i32) -> f64 {
    match age {
        ..=14 => 0.0,
        15..=17 => 0.012,
        18..=24 => 0.030,
        25..=29 => 0.021,
        30..=39 => 0.012,
        40..=49 => 0.007,
        50..=64 => 0.0035,
        _ => 0.0008,
    }
}

/// Decisions in the calendar year before `year` (none, one or two; plus other-law decisions).
pub fn decisions(
    p: &Person,
    year: i32,
    non_western: bool,
    local: f64,
    rng: &mut Rng,
) -> Vec<Decision> {
    let age = p.age(year);
    let mut out = Vec::new();
    let sex = if p.sex == Sex::Male { 1.0 } else { 0.2 };
    let origin = if non_western && p.origin != Origin::Danish {
        1.7
    } else {
        1.0
    };
    let rate = local
        * 1.3
        * base_hazard(age)
        * sex
        * origin
        * f64::from(p.crime)
        * (-0.7 * f64::from(p.ses)).exp();
    if chance(rng, rate.min(0.7)) {
        let n = if chance(rng, 0.15) { 2 } else { 1 };
        for _ in 0..n {
            let u = unit(rng);
            let law = if u < 0.76 {
                Law::Straffeloven
            } else if u < 0.95 {
                Law::EuforiserendeStoffer
            } else {
                Law::Vaabenloven
            };
            out.push(Decision {
                day: day(rng),
                law,
                guilty: chance(rng, 0.9),
            });
        }
    }
    if age >= 18 && chance(rng, 0.012 * sex) {
        out.push(Decision {
            day: day(rng),
            law: Law::Other,
            guilty: true,
        });
    }
    out
}

fn day(rng: &mut Rng) -> u16 {
    (unit(rng) * 365.0) as u16
}

/// Mean school absence (% of school days) in the school year starting in `year`.
pub fn absence_mean(year: i32) -> f64 {
    match year {
        ..=2019 => 5.5,
        2020 => 6.5,
        2021 => 8.0,
        2022 => 7.0,
        2023 => 6.8,
        _ => 6.6,
    }
}

/// A pupil's absence (% of school days) in the school year starting in `year`.
pub fn absence_pct(p: &Person, year: i32, rng: &mut Rng) -> f64 {
    let x = absence_mean(year) * f64::from(p.absence) * (-0.15 * f64::from(p.ses)).exp() / 1.01
        * (0.12 * normal(rng)).exp();
    (x.clamp(0.0, 80.0) * 10.0).round() / 10.0
}

/// National exam-average level by the school year's start.
fn exam_level(year: i32) -> f64 {
    match year {
        ..=2014 => 7.0,
        2015..=2016 => 7.1,
        2017 => 7.2,
        2018 => 7.3,
        2019 => 7.5,
        2020 => 7.6,
        2021 => 7.5,
        2022 => 7.3,
        _ => 7.4,
    }
}

/// The 9th-grade exam average (Danish 7-step scale, -3 to 12) for the school year starting in
/// `year`.
pub fn exam_avg(p: &Person, year: i32, non_western: bool, rng: &mut Rng) -> f64 {
    let origin = if non_western && p.origin != Origin::Danish {
        -0.5
    } else {
        0.0
    };
    // The planted neighbourhood effect: the years at 10–13 lived in a strategy area.
    let place = crate::mechanisms::EXAM_EFFECT * f64::from(p.exposure.min(4)) / 4.0;
    let x = exam_level(year) + 1.45 * f64::from(p.ses) + origin - place + 1.2 * normal(rng);
    (x.clamp(-3.0, 12.0) * 10.0).round() / 10.0
}

/// A three-year-old's language assessment.
pub fn language_result(p: &Person, non_western: bool, rng: &mut Rng) -> LanguageResult {
    let (special, focused) = match (p.origin, non_western) {
        (Origin::Danish, _) => (0.08, 0.14),
        (_, true) => (0.56, 0.22),
        (_, false) => (0.2, 0.2),
    };
    let shift = (-0.35 * f64::from(p.ses)).exp() / 1.06;
    let u = unit(rng);
    if u < (special * shift).min(0.95) {
        LanguageResult::Special
    } else if u < (special * shift + focused).min(0.98) {
        LanguageResult::Focused
    } else {
        LanguageResult::General
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::stream;
    use proptest::prelude::*;

    fn adult(ses: f32, shock: f32) -> Person {
        Person {
            id: 1,
            birth_year: 1980,
            birth_day: 0,
            sex: Sex::Male,
            origin: Origin::Danish,
            country: "DK",
            ses,
            shock,
            crime: 1.0,
            absence: 1.0,
            wage: 0.0,
            final_edu: Education::Vocational,
            edu_age: 21,
            foreign_edu: false,
            moved_in: 0,
            exposure: 0,
        }
    }

    proptest! {
        #[test]
        fn outcomes_stay_in_range(ses in -4.0f32..4.0, shock in -4.0f32..4.0, year in 2008i32..2030, seed in 0u64..1000) {
            let p = adult(ses, shock);
            let fte = outside_fte(&p, year, false);
            prop_assert!((0.0..=1.0).contains(&fte));
            let mut rng = stream(seed, 0, 0);
            prop_assert!(gross_income(&p, year, fte, &mut rng) >= 0);
            let e = exam_avg(&p, year, true, &mut rng);
            prop_assert!((-3.0..=12.0).contains(&e));
            let a = absence_pct(&p, year, &mut rng);
            prop_assert!((0.0..=80.0).contains(&a));
        }
    }

    #[test]
    fn lower_ses_means_more_outside() {
        assert!(
            outside_fte(&adult(-2.0, 0.0), 2020, false)
                > outside_fte(&adult(1.0, 0.0), 2020, false)
        );
    }
}
