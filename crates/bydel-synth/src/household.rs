//! Households moving in: who they are, drawn to fit the dwelling (its tenure) and the place's
//! targets (the share from non-Western countries and the mean ses the place steers towards).

use bydel_model::Date;
use bydel_model::codes::{Origin, Sex, Tenure};

use crate::countries::{NON_WESTERN, WESTERN, pick};
use crate::person::{Person, draw_education, propensity, unrecognised};
use crate::rng::{Rng, between, chance, normal, poisson, unit};

/// A household: a family at one address.
#[derive(Debug, Clone)]
pub struct Household {
    /// Family id (`f` and seven digits).
    pub id: u32,
    /// Index of its address.
    pub address: u32,
    /// Members, adults first.
    pub members: Vec<Person>,
}

/// The origin group of a new household.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Danish origin.
    Danish,
    /// Immigrants and descendants from Western countries.
    Western,
    /// Immigrants and descendants from non-Western countries.
    NonWestern,
}

/// What the new household should look like.
#[derive(Debug, Clone, Copy)]
pub struct Draw {
    /// The data year it is first counted in (persons on 1 January).
    pub year: i32,
    /// Tenure of the dwelling.
    pub tenure: Tenure,
    /// Wanted mean size (the population controller's hint).
    pub size_hint: f64,
    /// Origin group.
    pub group: Group,
    /// Mean ses of its adults.
    pub ses: f64,
    /// Mean attachment shock of its members (0 for an ordinary household; below 0 for a
    /// household allocated to a strategy area in a crisis, see
    /// [`crate::mechanisms::ALLOCATION_SHOCK`]).
    pub shock: f64,
    /// Part of the first year's population (moved in some years ago) rather than moving in now.
    pub initial: bool,
}

/// Hands out person and family numbers.
#[derive(Debug, Clone, Default)]
pub struct Ids {
    /// The next person number.
    pub person: u32,
    /// The next family number.
    pub family: u32,
}

/// Draws a household for an empty dwelling at `address`.
pub fn draw(rng: &mut Rng, ids: &mut Ids, address: u32, d: &Draw) -> Household {
    let (adults, kids, lo, hi) = composition(rng, d);
    let hh_ses = d.ses + 0.5 * normal(rng);
    let country = match d.group {
        Group::Danish => "DK",
        Group::Western => pick(WESTERN, unit(rng)),
        Group::NonWestern => pick(NON_WESTERN, unit(rng)),
    };
    let first_age = between(rng, lo, hi);
    let years_here = if d.initial {
        between(rng, 0, 20.min(first_age - 18).max(0))
    } else {
        0
    };
    let arrival = arrival_year(rng, d, first_age);
    let moved_in = move_date(rng, d.year - 1 - years_here);
    // An allocated household's shock has faded (AR(1), ρ = 0.75) over its years here.
    let d = &Draw {
        shock: d.shock * 0.75f64.powi(years_here),
        ..*d
    };
    let mut members = Vec::with_capacity(adults + kids);
    for i in 0..adults + kids {
        let age = if i == 0 {
            first_age
        } else if i < adults {
            (first_age + between(rng, -4, 4)).max(18)
        } else {
            // Born when the first adult was 20–45; children live at home up to 24.
            let oldest = (first_age - 20).clamp(0, 24);
            between(rng, (first_age - 45).clamp(0, oldest), oldest)
        };
        let ses = if i < adults {
            hh_ses + 0.55 * normal(rng)
        } else {
            crate::person::child_ses(rng, hh_ses)
        };
        let sex = match (i, adults) {
            (0, 2) => Sex::Male,
            (1, _) if i < adults => Sex::Female,
            _ if chance(rng, 0.5) => Sex::Female,
            _ => Sex::Male,
        };
        let mut p = person(rng, ids, d, age, ses, sex, country, arrival);
        p.moved_in = moved_in.max(
            Date::new(p.birth_year.into(), 1, 1).map_or(0, |x| x.days_since_epoch())
                + i32::from(p.birth_day),
        );
        members.push(p);
    }
    ids.family += 1;
    Household {
        id: ids.family,
        address,
        members,
    }
}

/// Adults, children and the age range of the first adult.
fn composition(rng: &mut Rng, d: &Draw) -> (usize, usize, i32, i32) {
    match d.tenure {
        Tenure::AlmenYouth => (1, 0, 18, 27),
        Tenure::AlmenElderly => (if chance(rng, 0.3) { 2 } else { 1 }, 0, 68, 92),
        _ => {
            let extra = if d.group == Group::NonWestern {
                0.45
            } else {
                0.0
            };
            let size = (1 + poisson(rng, (d.size_hint - 1.0 + extra).max(0.0))).min(7) as usize;
            let (lo, hi) = match d.tenure {
                Tenure::OwnerOccupied => (30, 85),
                Tenure::PrivateRental => (20, 75),
                Tenure::Cooperative => (24, 85),
                _ => (20, 85),
            };
            let pensioner = match d.tenure {
                Tenure::OwnerOccupied => 0.42,
                Tenure::Cooperative => 0.35,
                Tenure::PrivateRental => 0.19,
                _ => 0.25,
            };
            if size <= 2 && chance(rng, pensioner) {
                return (size, 0, 65, 92);
            }
            match size {
                1 => (1, 0, lo, hi.min(64)),
                2 if chance(rng, 0.7) => (2, 0, lo.max(22), hi.min(64)),
                n => {
                    let adults = if chance(rng, 0.78) { 2 } else { 1 };
                    (adults, n.saturating_sub(adults).max(1), 25, 60)
                }
            }
        }
    }
}

/// The year the household's first adult came to Denmark (immigrant households).
fn arrival_year(rng: &mut Rng, d: &Draw, age: i32) -> i32 {
    let y = d.year - 1;
    if d.group == Group::Danish {
        return i32::MIN;
    }
    if !d.initial && chance(rng, 0.3) {
        return y;
    }
    y - between(rng, 1, (age - 18).clamp(1, 30))
}

#[allow(clippy::too_many_arguments)]
fn person(
    rng: &mut Rng,
    ids: &mut Ids,
    d: &Draw,
    age: i32,
    ses: f64,
    sex: Sex,
    country: &'static str,
    arrival: i32,
) -> Person {
    let birth_year = d.year - 1 - age;
    let migrant = d.group != Group::Danish;
    let descendant_adult =
        migrant && age < 40 && chance(rng, 0.12 + 0.012 * f64::from(d.year - 2012));
    let origin = match () {
        _ if !migrant => Origin::Danish,
        _ if birth_year >= arrival || descendant_adult => Origin::Descendant,
        _ => Origin::Immigrant,
    };
    let (final_edu, edu_age) = draw_education(rng, ses, sex == Sex::Female);
    let foreign_edu = origin == Origin::Immigrant
        && unrecognised(rng, d.group == Group::NonWestern, arrival - birth_year);
    ids.person += 1;
    Person {
        id: ids.person,
        birth_year: birth_year as i16,
        birth_day: (unit(rng) * 365.0) as u16,
        sex,
        origin,
        country,
        ses: ses as f32,
        shock: (d.shock + normal(rng)) as f32,
        crime: propensity(rng, 1.1),
        absence: propensity(rng, 0.65),
        wage: (0.22 * normal(rng)) as f32,
        final_edu,
        edu_age,
        foreign_edu,
        moved_in: 0,
        exposure: 0,
    }
}

/// A random day in `year` (days since 1970-01-01).
pub fn move_date(rng: &mut Rng, year: i32) -> i32 {
    let start = Date::new(year, 1, 1).map_or(0, |d| d.days_since_epoch());
    start + between(rng, 0, 364)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::stream;

    #[test]
    fn households_fit_their_dwelling() {
        let mut rng = stream(3, 0, 0);
        let mut ids = Ids::default();
        let base = Draw {
            year: 2020,
            tenure: Tenure::AlmenYouth,
            size_hint: 2.0,
            group: Group::Danish,
            ses: 0.0,
            shock: 0.0,
            initial: false,
        };
        let h = draw(&mut rng, &mut ids, 0, &base);
        assert_eq!(h.members.len(), 1);
        assert!((18..=27).contains(&h.members[0].age(2020)));
        let nw = Draw {
            tenure: Tenure::AlmenFamily,
            group: Group::NonWestern,
            size_hint: 3.0,
            ..base
        };
        for _ in 0..200 {
            let h = draw(&mut rng, &mut ids, 0, &nw);
            assert!(
                h.members
                    .iter()
                    .all(|p| p.origin != Origin::Danish && p.country != "DK")
            );
            assert!(h.members.iter().all(|p| {
                p.moved_in
                    >= Date::new(p.birth_year.into(), 1, 1)
                        .unwrap()
                        .days_since_epoch()
            }));
            assert!(h.members[0].age(2020) >= 18);
        }
        assert_eq!(ids.family, 201);
    }
}
