//! A person and their life course: fixed traits drawn once (sex, origin, a latent
//! socio-economic score, a final education and when it is completed, propensities) and a few
//! states that evolve (an attachment shock). Everything a person reports in a year follows from
//! these and their age (see [`crate::outcomes`]).

use bydel_model::codes::{Education, Origin, Sex};

use crate::rng::{Rng, chance, normal, unit};

/// One resident.
#[derive(Debug, Clone)]
pub struct Person {
    /// Sequence number (the id is `p` and eight digits).
    pub id: u32,
    /// Birth year.
    pub birth_year: i16,
    /// Day of the year of birth (0–364).
    pub birth_day: u16,
    /// Sex.
    pub sex: Sex,
    /// Origin.
    pub origin: Origin,
    /// Country of origin (`DK` for Danish origin).
    pub country: &'static str,
    /// Latent socio-economic score (population mean about 0, sd 1).
    pub ses: f32,
    /// Attachment shock: an AR(1) process, updated yearly.
    pub shock: f32,
    /// Conviction propensity (multiplier, mean 1).
    pub crime: f32,
    /// School absence propensity (multiplier, mean 1).
    pub absence: f32,
    /// Individual wage effect (log points).
    pub wage: f32,
    /// Highest education the person will complete.
    pub final_edu: Education,
    /// Age at which it is completed.
    pub edu_age: u8,
    /// Education obtained abroad and not recognised: registered as unknown.
    pub foreign_edu: bool,
    /// Date moved to the current address (days since 1970-01-01).
    pub moved_in: i32,
    /// Years lived in a strategy area at ages 10–14 (the planted neighbourhood effect).
    pub exposure: u8,
}

/// Draws a final education from the ses score (an ordered probit) and its completion age.
pub fn draw_education(rng: &mut Rng, ses: f64, sex_f: bool) -> (Education, u8) {
    let z = 0.9 * ses + 0.5 * normal(rng) + if sex_f { 0.12 } else { 0.0 };
    let (edu, age) = match z {
        z if z < -0.9 => (Education::Basic, 16.0),
        z if z < -0.68 => (Education::UpperSecondary, 19.0),
        z if z < 0.05 => (Education::Vocational, 21.0 + 3.0 * unit(rng)),
        z if z < 0.35 => (Education::ShortCycle, 22.0 + 2.0 * unit(rng)),
        z if z < 1.05 => (Education::Bachelor, 23.5 + 3.0 * unit(rng)),
        _ => (Education::Master, 25.5 + 3.0 * unit(rng)),
    };
    (edu, age as u8)
}

impl Person {
    /// The person's id as written (`p00000123`): never a CPR-like number.
    pub fn id_text(id: u32) -> String {
        format!("p{id:08}")
    }

    /// Age on 1 January of `year`.
    pub fn age(&self, year: i32) -> i32 {
        year - 1 - i32::from(self.birth_year)
    }

    /// True for immigrants and descendants.
    pub fn is_migrant_origin(&self) -> bool {
        self.origin != Origin::Danish
    }

    /// Highest completed education at `age`.
    pub fn education_at(&self, age: i32) -> Education {
        use Education::*;
        if self.foreign_edu {
            return Unknown;
        }
        let done = i32::from(self.edu_age);
        match self.final_edu {
            _ if age < 16 => Basic,
            e if age >= done => e,
            UpperSecondary | Vocational | ShortCycle | Bachelor | Master
                if age >= 19 && self.final_edu != Vocational =>
            {
                if self.final_edu == Master && age >= done - 2 {
                    Bachelor
                } else {
                    UpperSecondary
                }
            }
            _ => Basic,
        }
    }

    /// In education (pupils and students) at `age`.
    pub fn in_education_at(&self, age: i32) -> bool {
        (6..16).contains(&age) || (16..i32::from(self.edu_age)).contains(&age)
    }

    /// Updates the attachment shock for the next year.
    pub fn age_one_year(&mut self, rng: &mut Rng) {
        self.shock = (0.75 * f64::from(self.shock) + 0.66 * normal(rng)) as f32;
    }

    /// True when the person is a woman who could give birth in the year (for the birth model).
    pub fn fertile(&self, year: i32) -> bool {
        self.sex == Sex::Female && (18..=45).contains(&self.age(year))
    }
}

/// A newborn's latent traits from the parents' mean ses (regression to the mean).
pub fn child_ses(rng: &mut Rng, parents: f64) -> f64 {
    0.5 * parents + 0.85 * normal(rng)
}

/// A lognormal multiplier with mean 1.
pub fn propensity(rng: &mut Rng, sigma: f64) -> f32 {
    (sigma * normal(rng) - sigma * sigma / 2.0).exp() as f32
}

/// Whether an adult immigrant's education is unrecognised (registered as unknown).
pub fn unrecognised(rng: &mut Rng, non_western: bool, arrived_age: i32) -> bool {
    arrived_age >= 18 && chance(rng, if non_western { 0.5 } else { 0.3 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::stream;

    fn person(final_edu: Education, edu_age: u8) -> Person {
        Person {
            id: 1,
            birth_year: 1990,
            birth_day: 10,
            sex: Sex::Female,
            origin: Origin::Danish,
            country: "DK",
            ses: 0.0,
            shock: 0.0,
            crime: 1.0,
            absence: 1.0,
            wage: 0.0,
            final_edu,
            edu_age,
            foreign_edu: false,
            moved_in: 0,
            exposure: 0,
        }
    }

    #[test]
    fn education_follows_the_life_course() {
        let p = person(Education::Master, 26);
        assert_eq!(p.education_at(15), Education::Basic);
        assert_eq!(p.education_at(20), Education::UpperSecondary);
        assert_eq!(p.education_at(24), Education::Bachelor);
        assert_eq!(p.education_at(30), Education::Master);
        assert!(p.in_education_at(22) && !p.in_education_at(26));
        let v = person(Education::Vocational, 22);
        assert_eq!(v.education_at(20), Education::Basic);
        assert_eq!(v.education_at(22), Education::Vocational);
        assert_eq!(Person::id_text(123), "p00000123");
    }

    #[test]
    fn education_shares_match_the_national_mix() {
        let mut rng = stream(1, 1, 1);
        let n = 50_000;
        let mut basic_or_upper = 0;
        for _ in 0..n {
            let ses = normal(&mut rng);
            let female = unit(&mut rng) < 0.5;
            let (e, _) = draw_education(&mut rng, ses, female);
            if matches!(e, Education::Basic | Education::UpperSecondary) {
                basic_or_upper += 1;
            }
        }
        // 25 % of 25-69-year-olds had no vocational qualification (2019).
        let share = f64::from(basic_or_upper) / f64::from(n);
        assert!((share - 0.25).abs() < 0.03, "{share}");
    }
}
