//! The population over the years: the first year's residents, then each year deaths, births,
//! young adults leaving home, households moving out (within the municipality, to another one,
//! or out of the sample), and empty dwellings filled by movers and newcomers drawn to keep each
//! place near its targets (population, non-Western share, mean ses).

use bydel_model::Date;
use bydel_model::codes::{Education, Origin, Sex, Tenure};

use crate::household::{Draw, Group, Household, Ids, draw, move_date};
use crate::mechanisms::{ALLOCATION_SES, EXPOSURE_AGES, SELECTIVE_EXIT, YOUTH_EDUCATION_EFFECT};
use crate::person::{Person, child_ses, draw_education, propensity};
use crate::rng::{Rng, between, chance, normal, stream, unit};
use crate::world::World;

/// The simulated population: households by place, dwelling occupancy by address.
#[derive(Debug, Clone)]
pub struct Population {
    /// Households of each place.
    pub places: Vec<Vec<Household>>,
    /// Occupied dwellings by address.
    occupied: Vec<u16>,
    /// Id counters.
    ids: Ids,
    /// Deaths of the last step: (person number, date in days since 1970-01-01).
    pub deaths: Vec<(u32, i32)>,
    seed: u64,
}

/// A household looking for a dwelling.
#[derive(Debug)]
struct Mover {
    hh: Household,
    nw: bool,
    ses: f64,
    young: bool,
}

/// Movers by destination municipality (index) and those moving anywhere.
#[derive(Debug, Default)]
struct Pool {
    by_muni: Vec<Vec<Mover>>,
}

const STEP: u64 = 1;
const FILL: u64 = 2;

impl Population {
    /// The residents on 1 January of `year`: every place filled to its target.
    pub fn initial(world: &World, seed: u64, year: i32) -> Self {
        let mut pop = Population {
            places: vec![Vec::new(); world.places.len()],
            occupied: vec![0; world.addresses.len()],
            ids: Ids::default(),
            seed,
            deaths: Vec::new(),
        };
        let mut pool = Pool {
            by_muni: (0..world.municipalities.len())
                .map(|_| Vec::new())
                .collect(),
        };
        for p in 0..world.places.len() {
            let mut rng = stream(seed, FILL, (year as u64) << 20 | p as u64);
            pop.fill(world, p, year, true, &mut pool, &mut rng);
            if world.places[p].profile.strategy_area {
                // Children 11–15 in the first year lived here at 10 and after, as if always.
                for m in pop.places[p].iter_mut().flat_map(|h| h.members.iter_mut()) {
                    m.exposure = (m.age(year) - EXPOSURE_AGES.0).clamp(0, 5) as u8;
                }
            }
        }
        pop
    }

    /// Moves the population from 1 January `year` to 1 January `year + 1`.
    pub fn step(&mut self, world: &World, year: i32, nw: &dyn Fn(&Person) -> bool) {
        let mut rng = stream(self.seed, STEP, year as u64);
        let mut pool = Pool {
            by_muni: (0..world.municipalities.len())
                .map(|_| Vec::new())
                .collect(),
        };
        let muni_index = |code: u16| {
            world
                .municipalities
                .iter()
                .position(|m| m.code == code)
                .unwrap_or(0)
        };
        self.deaths.clear();
        for p in 0..world.places.len() {
            let muni = muni_index(world.places[p].municipality);
            let profile = &world.places[p].profile;
            let strategy = profile.strategy_area;
            let target_ses = profile.ses.at(year);
            let households = std::mem::take(&mut self.places[p]);
            let mut kept = Vec::with_capacity(households.len());
            for mut hh in households {
                self.life_events(
                    &mut hh,
                    year,
                    &mut rng,
                    &mut pool,
                    Home { muni, strategy },
                    nw,
                );
                let address = &world.addresses[hh.address as usize];
                let evicted = address.units_in(year + 1) < self.occupied[hh.address as usize];
                let selective = if strategy && adult_ses(&hh, year) > target_ses {
                    SELECTIVE_EXIT
                } else {
                    1.0
                };
                if hh.members.is_empty() {
                    self.occupied[hh.address as usize] -= 1;
                } else if evicted || chance(&mut rng, selective * move_rate(address.tenure)) {
                    self.occupied[hh.address as usize] -= 1;
                    let dest = if evicted || chance(&mut rng, 0.4) {
                        Some(muni)
                    } else if chance(&mut rng, 0.25) {
                        Some(between(&mut rng, 0, world.municipalities.len() as i32 - 1) as usize)
                    } else {
                        None
                    };
                    if let Some(m) = dest {
                        pool.by_muni[m].push(mover(hh, nw));
                    }
                } else {
                    kept.push(hh);
                }
            }
            self.places[p] = kept;
        }
        let n = world.places.len();
        let offset = (year as usize * 7919) % n.max(1);
        for k in 0..n {
            let p = (k + offset) % n;
            let mut rng = stream(self.seed, FILL, ((year + 1) as u64) << 20 | p as u64);
            self.fill(world, p, year + 1, false, &mut pool, &mut rng);
        }
    }

    /// Deaths, births, ageing and young adults leaving home, in the calendar year `year`.
    fn life_events(
        &mut self,
        hh: &mut Household,
        year: i32,
        rng: &mut Rng,
        pool: &mut Pool,
        home: Home,
        nw: &dyn Fn(&Person) -> bool,
    ) {
        let Home { muni, strategy } = home;
        let deaths = &mut self.deaths;
        hh.members.retain(|p| {
            let dies = chance(rng, death_rate(p.age(year + 1)));
            if dies {
                deaths.push((p.id, crate::annual::day_of(year, (p.id % 365) as u16)));
            }
            !dies
        });
        for p in hh.members.iter_mut() {
            neighbourhood_effect(p, year, strategy, rng);
        }
        let adults: Vec<f64> = hh
            .members
            .iter()
            .filter(|p| p.age(year) >= 18)
            .map(|p| f64::from(p.ses))
            .collect();
        let parents_ses = if adults.is_empty() {
            0.0
        } else {
            adults.iter().sum::<f64>() / adults.len() as f64
        };
        let mut born = Vec::new();
        for p in hh.members.iter_mut() {
            p.age_one_year(rng);
            if p.fertile(year + 1)
                && chance(
                    rng,
                    birth_rate(p.age(year + 1), p.origin != Origin::Danish && nw(p)),
                )
            {
                born.push((p.origin, p.country));
            }
        }
        for (origin, country) in born {
            let child = self.newborn(rng, year, origin, country, parents_ses);
            hh.members.push(child);
        }
        let has_older = hh.members.iter().any(|p| p.age(year + 1) >= 38);
        let mut i = 0;
        while i < hh.members.len() {
            let age = hh.members[i].age(year + 1);
            if has_older && (19..=28).contains(&age) && chance(rng, 0.16) {
                let mut p = hh.members.remove(i);
                if chance(rng, 0.45) {
                    p.moved_in = move_date(rng, year);
                    self.ids.family += 1;
                    let young = Household {
                        id: self.ids.family,
                        address: 0,
                        members: vec![p],
                    };
                    pool.by_muni[muni].push(mover(young, nw));
                }
            } else {
                i += 1;
            }
        }
    }

    fn newborn(
        &mut self,
        rng: &mut Rng,
        year: i32,
        origin: Origin,
        country: &'static str,
        parents: f64,
    ) -> Person {
        let ses = child_ses(rng, parents);
        let sex = if chance(rng, 0.487) {
            Sex::Female
        } else {
            Sex::Male
        };
        let (final_edu, edu_age) = draw_education(rng, ses, sex == Sex::Female);
        let birth_day = (unit(rng) * 365.0) as u16;
        self.ids.person += 1;
        Person {
            id: self.ids.person,
            birth_year: year as i16,
            birth_day,
            sex,
            origin: if origin == Origin::Danish {
                Origin::Danish
            } else {
                Origin::Descendant
            },
            country,
            ses: ses as f32,
            shock: normal(rng) as f32,
            crime: propensity(rng, 1.1),
            absence: propensity(rng, 0.65),
            wage: (0.22 * normal(rng)) as f32,
            final_edu,
            edu_age,
            foreign_edu: false,
            moved_in: Date::new(year, 1, 1).map_or(0, |d| d.days_since_epoch())
                + i32::from(birth_day),
            exposure: 0,
        }
    }

    /// Fills empty dwellings of place `p` for 1 January `year` towards its targets.
    fn fill(
        &mut self,
        world: &World,
        p: usize,
        year: i32,
        initial: bool,
        pool: &mut Pool,
        rng: &mut Rng,
    ) {
        let place = &world.places[p];
        let prof = &place.profile;
        let (mut persons, nw_now, ses_now) = composition(&self.places[p], year);
        let target = prof.pop.at(year).round() as i64;
        let need = (target - persons).max(0);
        let gain = if initial {
            0.0
        } else {
            (persons as f64 / need.max(1) as f64).min(3.0)
        };
        let t_nw = prof.non_western.at(year);
        let p_nw = (t_nw + gain * (t_nw - nw_now)).clamp(0.0, 0.98);
        let t_ses = prof.ses.at(year);
        // Allocation to a strategy area brings in households below the target.
        let allocation = if prof.strategy_area && !initial {
            ALLOCATION_SES
        } else {
            0.0
        };
        let ses_in = (t_ses - allocation + gain * (t_ses - ses_now)).clamp(-2.5, 2.5);
        let muni = world
            .municipalities
            .iter()
            .position(|m| m.code == place.municipality)
            .unwrap_or(0);
        let mut vacancies = self.vacancies(world, p, year);
        shuffle(&mut vacancies, rng);
        let mut left = vacancies.len();
        for a in vacancies {
            let remaining = target - persons;
            if remaining <= 0 {
                break;
            }
            let tenure = world.addresses[a].tenure.unwrap_or(Tenure::AlmenFamily);
            let want_nw = chance(rng, p_nw);
            let hh = match take_mover(pool, muni, want_nw, ses_in, tenure, rng) {
                Some(mut hh) if !initial => {
                    hh.address = a as u32;
                    let date = move_date(rng, year - 1);
                    hh.members.iter_mut().for_each(|m| m.moved_in = date);
                    hh
                }
                _ => {
                    let group = if want_nw {
                        Group::NonWestern
                    } else if chance(rng, prof.western) {
                        Group::Western
                    } else {
                        Group::Danish
                    };
                    let size_hint = (1.1 * remaining as f64 / left as f64).clamp(1.0, 5.0);
                    let d = Draw {
                        year,
                        tenure,
                        size_hint,
                        group,
                        ses: ses_in,
                        initial,
                    };
                    draw(rng, &mut self.ids, a as u32, &d)
                }
            };
            left -= 1;
            persons += hh.members.len() as i64;
            self.occupied[a] += 1;
            self.places[p].push(hh);
        }
    }

    /// One entry per empty dwelling of the place in `year`.
    fn vacancies(&self, world: &World, p: usize, year: i32) -> Vec<usize> {
        let mut out = Vec::new();
        for a in world.places[p].addresses.clone() {
            let addr = &world.addresses[a];
            if addr.is_residential() {
                let free = addr.units_in(year).saturating_sub(self.occupied[a]);
                out.extend(std::iter::repeat_n(a, usize::from(free)));
            }
        }
        out
    }

    /// Residents in total.
    pub fn residents(&self) -> usize {
        self.places.iter().flatten().map(|h| h.members.len()).sum()
    }
}

/// Persons, non-Western share and mean adult ses of a place's households.
fn composition(households: &[Household], year: i32) -> (i64, f64, f64) {
    let (mut n, mut nw, mut adults, mut ses) = (0i64, 0i64, 0i64, 0.0);
    for p in households.iter().flat_map(|h| &h.members) {
        n += 1;
        nw += i64::from(
            p.origin != Origin::Danish
                && crate::countries::NON_WESTERN
                    .iter()
                    .any(|c| c.code == p.country),
        );
        if p.age(year) >= 18 {
            adults += 1;
            ses += f64::from(p.ses);
        }
    }
    let share = if n == 0 { 0.0 } else { nw as f64 / n as f64 };
    let mean = if adults == 0 {
        0.0
    } else {
        ses / adults as f64
    };
    (n, share, mean)
}

/// Where a household lives, for its life events: municipality index and whether the place is a
/// strategy area.
#[derive(Debug, Clone, Copy)]
struct Home {
    muni: usize,
    strategy: bool,
}

/// Mean latent score of a household's adults (18+) in `year`.
fn adult_ses(hh: &Household, year: i32) -> f64 {
    let (n, s) = hh
        .members
        .iter()
        .filter(|p| p.age(year) >= 18)
        .fold((0usize, 0.0), |(n, s), p| (n + 1, s + f64::from(p.ses)));
    if n == 0 { 0.0 } else { s / n as f64 }
}

/// Counts a year of exposure for a child 10–14 in a strategy area; at 14 → 15, a child who would
/// complete a youth education may not (the planted neighbourhood effect).
fn neighbourhood_effect(p: &mut Person, year: i32, strategy: bool, rng: &mut Rng) {
    let age = p.age(year);
    if strategy && (EXPOSURE_AGES.0..=EXPOSURE_AGES.1).contains(&age) {
        p.exposure = p.exposure.saturating_add(1);
    }
    if age == EXPOSURE_AGES.1 && p.exposure > 0 && p.final_edu != Education::Basic {
        let e = f64::from(p.exposure.min(5)) / 5.0;
        if chance(rng, YOUTH_EDUCATION_EFFECT * e) {
            p.final_edu = Education::Basic;
            p.edu_age = 16;
        }
    }
}

fn mover(hh: Household, nw: &dyn Fn(&Person) -> bool) -> Mover {
    let adults: Vec<&Person> = hh
        .members
        .iter()
        .filter(|p| p.birth_year < hh.members[0].birth_year + 15)
        .collect();
    let ses = adults.iter().map(|p| f64::from(p.ses)).sum::<f64>() / adults.len().max(1) as f64;
    let is_nw = hh
        .members
        .iter()
        .any(|p| p.origin != Origin::Danish && nw(p));
    let young = hh.members.len() == 1;
    Mover {
        hh,
        nw: is_nw,
        ses,
        young,
    }
}

/// A mover from the pool that fits: same origin group, near the wanted ses, and a household
/// that suits the dwelling.
fn take_mover(
    pool: &mut Pool,
    muni: usize,
    want_nw: bool,
    ses: f64,
    tenure: Tenure,
    rng: &mut Rng,
) -> Option<Household> {
    let list = &mut pool.by_muni[muni];
    for _ in 0..4 {
        if list.is_empty() {
            return None;
        }
        let i = between(rng, 0, list.len() as i32 - 1) as usize;
        let m = &list[i];
        let suits = match tenure {
            Tenure::AlmenYouth => m.young,
            Tenure::AlmenElderly => false,
            _ => true,
        };
        if suits && m.nw == want_nw && (m.ses - ses).abs() < 0.9 {
            return Some(list.swap_remove(i).hh);
        }
    }
    None
}

/// The yearly probability of moving out, by tenure.
fn move_rate(tenure: Option<Tenure>) -> f64 {
    match tenure {
        Some(Tenure::OwnerOccupied) => 0.07,
        Some(Tenure::Cooperative) => 0.1,
        Some(Tenure::PrivateRental) => 0.2,
        Some(Tenure::AlmenFamily) => 0.115,
        Some(Tenure::AlmenYouth) => 0.35,
        Some(Tenure::AlmenElderly) => 0.08,
        _ => 0.1,
    }
}

/// Yearly probability of dying at `age` (Gompertz, about Danish life tables).
pub fn death_rate(age: i32) -> f64 {
    if age < 1 {
        return 0.003;
    }
    (-10.3 + 0.094 * f64::from(age)).exp().min(0.6)
}

/// Yearly probability of a birth for a resident woman of `age` (total fertility about 1.2; in-moving
/// families bring further children).
pub fn birth_rate(age: i32, non_western: bool) -> f64 {
    let x = (f64::from(age) - 31.0) / 5.2;
    0.128 * (-x * x).exp() * if non_western { 1.25 } else { 1.0 }
}

fn shuffle<T>(v: &mut [T], rng: &mut Rng) {
    for i in (1..v.len()).rev() {
        let j = between(rng, 0, i as i32) as usize;
        v.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_are_plausible() {
        assert!(death_rate(85) > 0.08 && death_rate(85) < 0.15);
        assert!(death_rate(40) < 0.002);
        // Births to resident women: total fertility about 1.2; households moving in bring the
        // rest of the children (the age structure is calibrated on mean age, not on births).
        let tfr: f64 = (15..50).map(|a| birth_rate(a, false)).sum();
        assert!((tfr - 1.2).abs() < 0.1, "{tfr}");
    }
}
