//! The population over the years: the first year's residents, then each year deaths, births,
//! young adults leaving home and households moving out, and empty dwellings filled on a national
//! housing market: by households that already live elsewhere in the synthetic Denmark (the same
//! municipality or another), the rest by immigrants, drawn to keep each place near its targets
//! (population, non-Western share, mean ses). Persons keep their ids when they move.

use bydel_model::Date;
use bydel_model::codes::{Education, Origin, Sex, Tenure};

use crate::household::{Draw, Group, Household, Ids, draw, move_date};
use crate::mechanisms::{
    ALLOCATION_SES, ALLOCATION_SHOCK, EMIGRATION, EXPOSURE_AGES, LOCAL_SEARCH, SELECTIVE_EXIT,
    YOUTH_EDUCATION_EFFECT,
};
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
    elderly: bool,
    /// Mean attachment shock of its adults.
    shock: f64,
    /// The place it lived in.
    from: Option<usize>,
    /// A young adult leaving home: the parents' family id and the date the young adult moved in
    /// with them (to return to when no dwelling is found).
    parents: Option<(u32, i32)>,
}

/// The year's movers by the municipality (index) they live in.
#[derive(Debug, Default)]
struct Pool {
    by_muni: Vec<Vec<Mover>>,
}

/// How a call of `Population::fill` fills vacancies.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fill {
    /// The first year's residents: new households only.
    Initial,
    /// Movers from the pool only, up to this share of the place's remaining need.
    Movers(f64),
    /// Immigrants (new households) for what the movers left.
    Immigrants,
}

/// Rounds in which every place takes movers from the pool, a share of its need in each, so the
/// order of places does not decide who gets the movers.
const MOVER_ROUNDS: u64 = 3;

/// Candidates a vacancy looks at in one municipality's pool.
const CANDIDATES: usize = 12;

/// What a vacancy looks for.
#[derive(Debug, Clone, Copy)]
struct Want {
    nw: bool,
    ses: f64,
    /// The wanted mean attachment shock (allocation to a strategy area), if any.
    shock: Option<f64>,
    size: f64,
    tenure: Tenure,
}

/// Misfit per unit of attachment shock above the wanted one (allocation).
const SHOCK_MISFIT: f64 = 0.5;

/// Misfit per person fewer than the household size the place needs.
const SIZE_MISFIT: f64 = 0.5;

/// The worst fit (distance in ses, plus one for the wrong origin group) a vacancy accepts.
const MAX_MISFIT: f64 = 0.9;

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
            pop.fill(world, p, year, Fill::Initial, &mut pool, &mut rng);
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
                    Home {
                        muni,
                        strategy,
                        place: p,
                    },
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
                    if evicted || !chance(&mut rng, EMIGRATION) {
                        pool.by_muni[muni].push(mover(hh, nw, Some(p), year));
                    }
                } else {
                    kept.push(hh);
                }
            }
            self.places[p] = kept;
        }
        let n = world.places.len();
        let mut order: Vec<usize> = (0..n).collect();
        let mut order_rng = stream(self.seed, FILL, (year + 1) as u64);
        for round in 0..=MOVER_ROUNDS {
            shuffle(&mut order, &mut order_rng);
            let mode = if round < MOVER_ROUNDS {
                Fill::Movers(1.0 / (MOVER_ROUNDS - round) as f64)
            } else {
                Fill::Immigrants
            };
            for &p in &order {
                let key = ((year + 1) as u64) << 28 | round << 24 | p as u64;
                let mut rng = stream(self.seed, FILL, key);
                self.fill(world, p, year + 1, mode, &mut pool, &mut rng);
            }
        }
        self.settle_unplaced(world, year + 1, pool);
    }

    /// Movers no vacancy took stay where they lived: young adults with their parents, households
    /// in their dwelling when it is still free and the place below its population target; the
    /// others leave the country.
    fn settle_unplaced(&mut self, world: &World, year: i32, pool: Pool) {
        let mut room: Vec<i64> = (0..world.places.len())
            .map(|p| {
                let target = world.places[p].profile.pop.at(year).round() as i64;
                target - composition(&self.places[p], year).0
            })
            .collect();
        for mut m in pool.by_muni.into_iter().flatten() {
            let Some(p) = m.from else { continue };
            if let Some((family, at_home)) = m.parents {
                if let Some(home) = self.places[p].iter_mut().find(|h| h.id == family) {
                    let mut child = m.hh.members.remove(0);
                    child.moved_in = at_home;
                    home.members.push(child);
                }
                continue;
            }
            let a = m.hh.address as usize;
            let size = m.hh.members.len() as i64;
            if world.addresses[a].units_in(year) > self.occupied[a] && room[p] >= size {
                room[p] -= size;
                self.occupied[a] += 1;
                self.places[p].push(m.hh);
            }
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
        let Home {
            muni,
            strategy,
            place,
        } = home;
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
                if !chance(rng, EMIGRATION) {
                    let at_home = p.moved_in;
                    p.moved_in = move_date(rng, year);
                    self.ids.family += 1;
                    let young = Household {
                        id: self.ids.family,
                        address: hh.address,
                        members: vec![p],
                    };
                    let mut m = mover(young, nw, Some(place), year + 1);
                    m.parents = Some((hh.id, at_home));
                    pool.by_muni[muni].push(m);
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
        mode: Fill,
        pool: &mut Pool,
        rng: &mut Rng,
    ) {
        let initial = mode == Fill::Initial;
        let place = &world.places[p];
        let prof = &place.profile;
        let (mut persons, nw_now, ses_now) = composition(&self.places[p], year);
        let full = prof.pop.at(year).round() as i64;
        let need = (full - persons).max(0);
        let target = match mode {
            Fill::Movers(share) => persons + (share * need as f64).ceil() as i64,
            _ => full,
        };
        let gain = if initial {
            0.0
        } else {
            (persons as f64 / need.max(1) as f64).min(3.0)
        };
        let t_nw = prof.non_western.at(year);
        let p_nw = (t_nw + gain * (t_nw - nw_now)).clamp(0.0, 0.98);
        let t_ses = prof.ses.at(year);
        // Allocation to a strategy area brings in households below the target.
        let allocation = if prof.strategy_area {
            ALLOCATION_SES
        } else {
            0.0
        };
        let ses_in = (t_ses - allocation + gain * (t_ses - ses_now)).clamp(-2.5, 2.5);
        // Allocation also lets the strategy areas' vacancies to households in a crisis (low
        // attachment to work now, recovering as the shock fades).
        let want_shock = prof.strategy_area.then_some(-ALLOCATION_SHOCK);
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
            let size_hint = (1.1 * remaining as f64 / left as f64).clamp(1.0, 5.0);
            left -= 1;
            let found = match mode {
                Fill::Movers(_) => {
                    let want = Want {
                        nw: want_nw,
                        ses: ses_in,
                        shock: want_shock,
                        size: size_hint,
                        tenure,
                    };
                    take_mover(pool, muni, &want, rng)
                }
                _ => None,
            };
            let hh = match found {
                Some(mut hh) => {
                    hh.address = a as u32;
                    let date = move_date(rng, year - 1);
                    hh.members.iter_mut().for_each(|m| m.moved_in = date);
                    hh
                }
                // A vacancy for a non-Western household that no mover fits goes to immigrants
                // now, so the rounds of movers do not crowd them out.
                None if matches!(mode, Fill::Movers(_)) && !want_nw => continue,
                None => {
                    let group = if want_nw {
                        Group::NonWestern
                    } else if chance(rng, prof.western) {
                        Group::Western
                    } else {
                        Group::Danish
                    };
                    let d = Draw {
                        year,
                        tenure,
                        size_hint,
                        group,
                        ses: ses_in,
                        shock: want_shock.unwrap_or(0.0),
                        initial,
                    };
                    draw(rng, &mut self.ids, a as u32, &d)
                }
            };
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
    place: usize,
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

fn mover(hh: Household, nw: &dyn Fn(&Person) -> bool, from: Option<usize>, year: i32) -> Mover {
    let adults: Vec<&Person> = hh
        .members
        .iter()
        .filter(|p| p.birth_year < hh.members[0].birth_year + 15)
        .collect();
    let ses = adults.iter().map(|p| f64::from(p.ses)).sum::<f64>() / adults.len().max(1) as f64;
    let shock = adults.iter().map(|p| f64::from(p.shock)).sum::<f64>() / adults.len().max(1) as f64;
    let is_nw = hh
        .members
        .iter()
        .any(|p| p.origin != Origin::Danish && nw(p));
    let young = hh.members.len() == 1 && hh.members[0].age(year) < 30;
    let elderly = hh.members.len() <= 2 && hh.members.iter().all(|p| p.age(year) >= 65);
    Mover {
        hh,
        nw: is_nw,
        ses,
        young,
        elderly,
        shock,
        from,
        parents: None,
    }
}

/// A mover from the pool that fits the vacancy: most searches look in the municipality's own
/// pool first ([`LOCAL_SEARCH`]), the others in the rest of the country (a municipality chosen
/// by the size of its pool). Of [`CANDIDATES`] movers, the one closest to the wanted ses and
/// origin group that suits the dwelling is taken, if it fits within [`MAX_MISFIT`].
fn take_mover(pool: &mut Pool, muni: usize, want: &Want, rng: &mut Rng) -> Option<Household> {
    let local_first = chance(rng, LOCAL_SEARCH);
    for local in [local_first, !local_first] {
        let m = if local {
            muni
        } else {
            match elsewhere(pool, muni, rng) {
                Some(m) => m,
                None => continue,
            }
        };
        if let Some(hh) = best_of(&mut pool.by_muni[m], want, rng) {
            return Some(hh);
        }
    }
    None
}

/// Another municipality than `muni`, with a probability in proportion to its movers.
fn elsewhere(pool: &Pool, muni: usize, rng: &mut Rng) -> Option<usize> {
    let size = |i: usize| if i == muni { 0 } else { pool.by_muni[i].len() };
    let total: usize = (0..pool.by_muni.len()).map(size).sum();
    if total == 0 {
        return None;
    }
    let mut k = between(rng, 0, total as i32 - 1) as usize;
    (0..pool.by_muni.len()).find(|&i| {
        let n = size(i);
        if k < n {
            true
        } else {
            k -= n;
            false
        }
    })
}

/// The best fitting of [`CANDIDATES`] movers of one pool, taken out of it.
fn best_of(list: &mut Vec<Mover>, want: &Want, rng: &mut Rng) -> Option<Household> {
    let mut best: Option<(f64, usize)> = None;
    for _ in 0..CANDIDATES.min(list.len()) {
        let i = between(rng, 0, list.len() as i32 - 1) as usize;
        let m = &list[i];
        let suits = match want.tenure {
            Tenure::AlmenYouth => m.young,
            Tenure::AlmenElderly => m.elderly,
            Tenure::PrivateRental | Tenure::AlmenFamily => true,
            _ => !m.young,
        };
        let misfit = (m.ses - want.ses).abs()
            + f64::from(u8::from(m.nw != want.nw))
            + SIZE_MISFIT * (want.size - m.hh.members.len() as f64).max(0.0)
            + want
                .shock
                .map_or(0.0, |s| SHOCK_MISFIT * (m.shock - s).max(0.0));
        if suits && misfit < MAX_MISFIT && best.is_none_or(|(b, _)| misfit < b) {
            best = Some((misfit, i));
        }
    }
    best.map(|(_, i)| list.swap_remove(i).hh)
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

/// Yearly probability of a birth for a resident woman of `age` (total fertility about 1.7, as in
/// Denmark).
pub fn birth_rate(age: i32, non_western: bool) -> f64 {
    let x = (f64::from(age) - 31.0) / 5.2;
    0.18 * (-x * x).exp() * if non_western { 1.25 } else { 1.0 }
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
        // Births to resident women: total fertility about 1.7 (Denmark 2012–2022: 1.5–1.8).
        let tfr: f64 = (15..50).map(|a| birth_rate(a, false)).sum();
        assert!((tfr - 1.7).abs() < 0.1, "{tfr}");
    }
}
