//! One data year of output: every resident's person-year row, their conviction decisions, and
//! for children their school year, language assessment and daycare admissions.

use bydel_model::codes::{DaycareKind, Origin, SchoolKind};
use bydel_model::{Date, WesternList};

use crate::household::Household;
use crate::interventions::Plan;
use crate::outcomes;
use crate::person::Person;
use crate::rng::{Rng, chance, unit};
use crate::rows::{ConvictionRow, DaycareRow, LanguageRow, PersonRow, PupilRow, Rows};
use crate::world::World;

/// Lookups that do not change between years.
#[derive(Debug)]
pub struct Services {
    private_school: Vec<Option<usize>>,
    public_schools: Vec<Vec<usize>>,
    institutions: Vec<Vec<usize>>,
    muni_of_place: Vec<usize>,
}

impl Services {
    /// Indexes the world's schools and institutions by municipality.
    pub fn new(world: &World) -> Self {
        let m = world.municipalities.len();
        let idx = |code: u16| {
            world
                .municipalities
                .iter()
                .position(|x| x.code == code)
                .unwrap_or(0)
        };
        let mut s = Services {
            private_school: vec![None; m],
            public_schools: vec![Vec::new(); m],
            institutions: vec![Vec::new(); m],
            muni_of_place: world.places.iter().map(|p| idx(p.municipality)).collect(),
        };
        for (i, school) in world.schools.iter().enumerate() {
            match school.kind {
                SchoolKind::Private => s.private_school[idx(school.municipality)] = Some(i),
                SchoolKind::Public => s.public_schools[idx(school.municipality)].push(i),
            }
        }
        for (i, d) in world.daycares.iter().enumerate() {
            if d.kind != DaycareKind::Childminder {
                s.institutions[idx(d.municipality)].push(i);
            }
        }
        s
    }
}

/// Context for one year's rows.
pub struct YearContext<'a> {
    /// The world.
    pub world: &'a World,
    /// Lookups.
    pub services: &'a Services,
    /// The Western list.
    pub western: &'a WesternList,
    /// The data year.
    pub year: i32,
    /// The planted interventions' changes to this year's rows.
    pub plan: &'a Plan,
}

impl std::fmt::Debug for YearContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("YearContext")
            .field("year", &self.year)
            .finish()
    }
}

impl YearContext<'_> {
    /// True for immigrants and descendants from a non-Western country.
    pub fn non_western(&self, p: &Person) -> bool {
        p.origin != Origin::Danish && !self.western.is_western(p.country, self.year)
    }

    /// The outside-work FTE a resident of `place` reports this year before any planted
    /// intervention (the place's in-situ uplift included).
    pub fn outside_fte(&self, place: usize, p: &Person) -> f64 {
        let uplift = if self.world.places[place].profile.strategy_area {
            crate::mechanisms::uplift(self.year)
        } else {
            0.0
        };
        outcomes::outside_fte_with(p, self.year, self.non_western(p), uplift)
    }

    /// Appends one household's rows.
    pub fn household(&self, place: usize, hh: &Household, rng: &mut Rng, out: &mut Rows) {
        let start = out.persons.len();
        for p in &hh.members {
            self.person(place, hh, p, rng, out);
        }
        let works = out.persons[start..]
            .iter()
            .any(|r| (18..65).contains(&r.age) && (r.in_education || r.outside_fte < 0.5));
        for p in &hh.members {
            self.child(place, p, works, rng, out);
        }
    }

    fn person(&self, place: usize, hh: &Household, p: &Person, rng: &mut Rng, out: &mut Rows) {
        let (year, pl) = (self.year, &self.world.places[place]);
        let age = p.age(year);
        let nw = self.non_western(p);
        let fte = self.plan.outside_fte(place, p, self.outside_fte(place, p));
        let mut convicted = false;
        for d in outcomes::decisions(p, year, nw, pl.profile.crime, rng) {
            convicted |= d.guilty && d.law.counts_for_criterion_b();
            let date = day_of(year - 1, d.day);
            out.convictions.push(ConvictionRow {
                person: p.id,
                date,
                law: d.law,
                guilty: d.guilty,
            });
        }
        out.persons.push(PersonRow {
            person: p.id,
            year,
            address: hh.address,
            place: place as u32,
            municipality: pl.municipality,
            region: pl.region,
            age,
            sex: p.sex,
            origin: p.origin,
            country: (p.origin != Origin::Danish).then_some(p.country),
            outside_fte: fte,
            education: p.education_at(age),
            in_education: p.in_education_at(age),
            gross_income: outcomes::gross_income(p, year, fte, rng),
            taxable: age >= 15,
            family: hh.id,
            moved_in: p.moved_in,
            non_western: nw,
            convicted: convicted && age >= 18,
        });
    }

    fn child(&self, place: usize, p: &Person, works: bool, rng: &mut Rng, out: &mut Rows) {
        let year = self.year;
        let grade = year - i32::from(p.birth_year) - 6;
        let nw = self.non_western(p);
        if (0..=9).contains(&grade) {
            let school = self.school_of(place, p) as u32;
            let exam_avg = (grade == 9).then(|| outcomes::exam_avg(p, year, nw, rng));
            let absence_pct = outcomes::absence_pct(p, year, rng);
            out.pupils.push(PupilRow {
                person: p.id,
                year,
                school,
                grade: grade as u8,
                absence_pct,
                exam_avg,
                place: place as u32,
            });
        }
        if year - i32::from(p.birth_year) == 3 {
            let result = outcomes::language_result(p, nw, rng);
            let danish = p.origin == Origin::Danish;
            out.language.push(LanguageRow {
                person: p.id,
                year,
                age: 3,
                result,
                non_western: nw,
                danish,
            });
        }
        let born = day_of(i32::from(p.birth_year), p.birth_day);
        for (age_days, nursery) in [
            (300 + (unit(rng) * 60.0) as i32, true),
            (1050 + (unit(rng) * 30.0) as i32, false),
        ] {
            let date = born + age_days;
            if Date::from_days_since_epoch(date).year() == year {
                let institution = self.institution_of(place, nursery, rng) as u32;
                out.daycare.push(DaycareRow {
                    person: p.id,
                    institution,
                    date,
                    parents_work_or_study: works,
                });
            }
        }
    }

    /// The pupil's school: the district school, a private school or another public school
    /// (chosen once per pupil, from a hash of the id).
    fn school_of(&self, place: usize, p: &Person) -> usize {
        let m = self.services.muni_of_place[place];
        let u = hash_unit(p.id);
        let private = self.world.municipalities[m].private_school_share;
        let pl = &self.world.places[place];
        let flight = if pl.profile.non_western.at(self.year) > 0.3 {
            0.25
        } else {
            0.1
        };
        if let (true, Some(s)) = (u < private, self.services.private_school[m]) {
            return s;
        }
        let others = &self.services.public_schools[m];
        if u < private + flight && !others.is_empty() {
            return others[(hash_unit(p.id ^ 0x5555) * others.len() as f64) as usize];
        }
        pl.school
    }

    fn institution_of(&self, place: usize, nursery: bool, rng: &mut Rng) -> usize {
        let pl = &self.world.places[place];
        let minders: Vec<usize> = pl
            .daycares
            .iter()
            .copied()
            .filter(|&d| self.world.daycares[d].kind == DaycareKind::Childminder)
            .collect();
        let own: Vec<usize> = pl
            .daycares
            .iter()
            .copied()
            .filter(|&d| self.world.daycares[d].kind != DaycareKind::Childminder)
            .collect();
        if nursery && !minders.is_empty() && chance(rng, 0.35) {
            return minders[(unit(rng) * minders.len() as f64) as usize];
        }
        let all = &self.services.institutions[self.services.muni_of_place[place]];
        let list = if own.is_empty() || chance(rng, 0.2) {
            all
        } else {
            &own
        };
        list[(unit(rng) * list.len() as f64) as usize]
    }
}

/// Days since 1970-01-01 of day `day` (0-based) of `year`.
pub fn day_of(year: i32, day: u16) -> i32 {
    Date::new(year, 1, 1).map_or(0, |d| d.days_since_epoch()) + i32::from(day.min(364))
}

/// A number in [0, 1) from a person number (a fixed choice per person).
fn hash_unit(id: u32) -> f64 {
    let mut z = u64::from(id).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z ^= z >> 29;
    z = z.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z ^= z >> 32;
    (z >> 11) as f64 / (1u64 << 53) as f64
}
