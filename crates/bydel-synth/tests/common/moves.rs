//! A sink that follows every person from year to year by id: the age structure of Gladsaxe,
//! where in-movers to its neighbourhoods come from and where out-movers go, the resources of
//! movers and stayers in the three strategy areas, and the non-Western counts per neighbourhood
//! (for the dissimilarity index).

use std::collections::HashSet;

use bydel_synth::rows::{Rows, Sink};
use bydel_synth::world::World;
use bydel_synth::{SynthConfig, SynthError};

/// Not a resident in that year.
const ABSENT: u32 = u32::MAX;

/// Where movers come from or go to, relative to a Gladsaxe neighbourhood.
#[derive(Debug, Default, Clone, Copy)]
pub struct Origins {
    /// Another neighbourhood of the same municipality.
    pub within: u64,
    /// Another municipality of the synthetic Denmark.
    pub other: u64,
    /// Abroad (not in the data the year before / after).
    pub abroad: u64,
    /// Born during the year (in-movers) or died (out-movers).
    pub born_or_died: u64,
}

/// Persons 18–64 and those of them in work or education.
#[derive(Debug, Default, Clone, Copy)]
pub struct Work {
    /// Persons 18–64.
    pub n: u64,
    /// In work or education (criterion A's per-person rule: in education or under half a
    /// full-time equivalent outside work).
    pub working: u64,
}

impl Work {
    /// The share in work or education.
    pub fn share(&self) -> f64 {
        self.working as f64 / self.n.max(1) as f64
    }
    fn add(&mut self, flags: u8) {
        if flags & WORKING_AGE != 0 {
            self.n += 1;
            self.working += u64::from(flags & WORKING != 0);
        }
    }
}

/// Work status of in-movers, out-movers and stayers.
#[derive(Debug, Default, Clone, Copy)]
pub struct Movers {
    /// In-movers (status in the later year).
    pub movers_in: Work,
    /// Out-movers (status in the earlier year).
    pub movers_out: Work,
    /// Stayers (status in the earlier year).
    pub stayers: Work,
}

/// One data year's facts.
#[derive(Debug, Default, Clone)]
pub struct YearFacts {
    /// Gladsaxe residents by age band: 0–5, 6–16, 17–24, 25–64, 65+.
    pub ages: [u64; 5],
    /// Sum of Gladsaxe residents' ages.
    pub age_sum: u64,
    /// Non-Western residents and residents per place (neighbourhood).
    pub nw: Vec<u64>,
    /// Residents per place.
    pub residents: Vec<u64>,
    /// In-movers to Gladsaxe neighbourhoods since the year before, by origin.
    pub into_gladsaxe: Origins,
    /// Out-movers from Gladsaxe neighbourhoods since the year before, by destination.
    pub out_of_gladsaxe: Origins,
    /// In-movers to Denmark's neighbourhoods from abroad and all in-movers (births excluded).
    pub national: (u64, u64),
    /// The three strategy areas together.
    pub strategy: Movers,
    /// Gladsaxe's other neighbourhoods.
    pub rest: Movers,
}

impl YearFacts {
    /// Gladsaxe residents.
    pub fn gladsaxe(&self) -> u64 {
        self.ages.iter().sum()
    }
    /// The share of Gladsaxe residents in age band `i` (see [`YearFacts::ages`]).
    pub fn age_share(&self, i: usize) -> f64 {
        self.ages[i] as f64 / self.gladsaxe().max(1) as f64
    }
    /// Gladsaxe's mean age.
    pub fn mean_age(&self) -> f64 {
        self.age_sum as f64 / self.gladsaxe().max(1) as f64
    }
}

const WORKING_AGE: u8 = 1;
const WORKING: u8 = 2;
const NEWBORN: u8 = 4;

/// The tally: one [`YearFacts`] per data year.
#[derive(Debug, Default)]
pub struct MoveTally {
    /// First data year.
    pub first: i32,
    /// Facts by year offset.
    pub years: Vec<YearFacts>,
    /// Municipality of each place.
    place_muni: Vec<u16>,
    /// Whether a place belongs to a strategy area.
    place_strategy: Vec<bool>,
    /// Housing area of each place, if it has one.
    place_housing_area: Vec<Option<usize>>,
    /// District of each place, if it has one.
    place_district: Vec<Option<usize>>,
    /// Place by person in the year before and the current year.
    prev: Vec<u32>,
    cur: Vec<u32>,
    prev_flags: Vec<u8>,
    cur_flags: Vec<u8>,
    current_year: Option<i32>,
    dead: HashSet<u32>,
}

impl MoveTally {
    /// Runs the generator with `config` into a new tally.
    pub fn generate(config: &SynthConfig) -> Self {
        let mut t = MoveTally {
            first: config.first_year,
            ..MoveTally::default()
        };
        bydel_synth::run(config, &mut t, &mut |_| {}).expect("generation runs");
        t.close_year();
        t
    }

    /// The facts of `year`.
    pub fn year(&self, year: i32) -> &YearFacts {
        &self.years[(year - self.first) as usize]
    }

    /// The dissimilarity index of non-Western residents over all neighbourhoods in `year`.
    pub fn dissimilarity(&self, year: i32) -> f64 {
        let f = self.year(year);
        dissimilarity(&f.nw, &f.residents)
    }

    /// The dissimilarity index of non-Western residents among the sample's municipalities in
    /// `year` (what the published `segregation_country` table measures).
    pub fn dissimilarity_municipalities(&self, year: i32) -> f64 {
        self.dissimilarity_by(year, |p| Some(usize::from(self.place_muni[p])))
    }

    /// The dissimilarity index of non-Western residents among Gladsaxe's districts (parishes)
    /// in `year` (what Gladsaxe's published `segregation` table measures).
    pub fn dissimilarity_gladsaxe(&self, year: i32) -> f64 {
        self.dissimilarity_by(year, |p| {
            (self.place_muni[p] == 159)
                .then_some(self.place_district[p])
                .flatten()
        })
    }

    /// The dissimilarity index of non-Western residents among Gladsaxe's housing areas in
    /// `year`.
    pub fn dissimilarity_gladsaxe_housing_areas(&self, year: i32) -> f64 {
        self.dissimilarity_by(year, |p| {
            (self.place_muni[p] == 159)
                .then_some(self.place_housing_area[p])
                .flatten()
        })
    }

    /// The index over the units `unit` assigns the places to (places without a unit left out).
    fn dissimilarity_by(&self, year: i32, unit: impl Fn(usize) -> Option<usize>) -> f64 {
        let f = self.year(year);
        let mut sums: std::collections::BTreeMap<usize, (u64, u64)> = Default::default();
        for p in 0..f.nw.len() {
            if let Some(u) = unit(p) {
                let s = sums.entry(u).or_default();
                s.0 += f.nw[p];
                s.1 += f.residents[p];
            }
        }
        let (nw, residents): (Vec<u64>, Vec<u64>) = sums.into_values().unzip();
        dissimilarity(&nw, &residents)
    }

    fn close_year(&mut self) {
        let Some(year) = self.current_year else {
            return;
        };
        let first = year == self.first;
        let n = self.cur.len().max(self.prev.len());
        self.cur.resize(n, ABSENT);
        self.prev.resize(n, ABSENT);
        self.cur_flags.resize(n, 0);
        self.prev_flags.resize(n, 0);
        if !first {
            let mut f = std::mem::take(self.years.last_mut().expect("opened"));
            for id in 0..n {
                self.step(id, &mut f);
            }
            *self.years.last_mut().expect("opened") = f;
        }
        std::mem::swap(&mut self.prev, &mut self.cur);
        std::mem::swap(&mut self.prev_flags, &mut self.cur_flags);
        self.cur.iter_mut().for_each(|p| *p = ABSENT);
        self.cur_flags.iter_mut().for_each(|f| *f = 0);
    }

    fn step(&self, id: usize, f: &mut YearFacts) {
        let (a, b) = (self.prev[id], self.cur[id]);
        if a == b {
            if a != ABSENT
                && let Some(m) = self.movers(a)
            {
                m(f).stayers.add(self.prev_flags[id]);
            }
            return;
        }
        let muni = |p: u32| (p != ABSENT).then(|| self.place_muni[p as usize]);
        if b != ABSENT && self.cur_flags[id] & NEWBORN == 0 {
            f.national.1 += 1;
            f.national.0 += u64::from(a == ABSENT);
        }
        if muni(b) == Some(159) {
            let o = &mut f.into_gladsaxe;
            match muni(a) {
                Some(159) => o.within += 1,
                Some(_) => o.other += 1,
                None if self.cur_flags[id] & NEWBORN != 0 => o.born_or_died += 1,
                None => o.abroad += 1,
            }
            if let Some(m) = self.movers(b) {
                m(f).movers_in.add(self.cur_flags[id]);
            }
        }
        if muni(a) == Some(159) {
            let o = &mut f.out_of_gladsaxe;
            match muni(b) {
                Some(159) => o.within += 1,
                Some(_) => o.other += 1,
                None if self.dead.contains(&(id as u32)) => o.born_or_died += 1,
                None => o.abroad += 1,
            }
            if let Some(m) = self.movers(a) {
                m(f).movers_out.add(self.prev_flags[id]);
            }
        }
    }

    /// The mover group a Gladsaxe place reports to.
    fn movers(&self, place: u32) -> Option<fn(&mut YearFacts) -> &mut Movers> {
        if self.place_muni[place as usize] != 159 {
            None
        } else if self.place_strategy[place as usize] {
            Some(|f| &mut f.strategy)
        } else {
            Some(|f| &mut f.rest)
        }
    }
}

impl Sink for MoveTally {
    fn world(&mut self, world: &World) -> Result<(), SynthError> {
        self.place_muni = world.places.iter().map(|p| p.municipality).collect();
        self.place_housing_area = world.places.iter().map(|p| p.housing_area).collect();
        self.place_district = world.places.iter().map(|p| p.district).collect();
        self.place_strategy = world
            .places
            .iter()
            .map(|p| p.profile.strategy_area)
            .collect();
        Ok(())
    }

    fn rows(&mut self, _world: &World, rows: &Rows) -> Result<(), SynthError> {
        self.dead.extend(rows.deaths.iter().map(|d| d.person));
        let places = self.place_muni.len();
        for p in &rows.persons {
            if self.current_year != Some(p.year) {
                self.close_year();
                self.current_year = Some(p.year);
                self.years.push(YearFacts {
                    nw: vec![0; places],
                    residents: vec![0; places],
                    ..YearFacts::default()
                });
            }
            let id = p.person as usize;
            if id >= self.cur.len() {
                self.cur.resize(id + 1, ABSENT);
                self.cur_flags.resize(id + 1, 0);
            }
            self.cur[id] = p.place;
            let working = p.in_education || p.outside_fte < 0.5;
            let mut flags = 0;
            if (18..=64).contains(&p.age) {
                flags |= WORKING_AGE;
            }
            if working {
                flags |= WORKING;
            }
            if p.age == 0 {
                flags |= NEWBORN;
            }
            self.cur_flags[id] = flags;
            let f = self.years.last_mut().expect("opened");
            f.residents[p.place as usize] += 1;
            f.nw[p.place as usize] += u64::from(p.non_western);
            if p.municipality == 159 {
                let band = match p.age {
                    0..=5 => 0,
                    6..=16 => 1,
                    17..=24 => 2,
                    25..=64 => 3,
                    _ => 4,
                };
                f.ages[band] += 1;
                f.age_sum += p.age as u64;
            }
        }
        Ok(())
    }
}

/// The dissimilarity index of non-Western residents (`nw` of `residents` per unit), computed by
/// the project's segregation crate.
fn dissimilarity(nw: &[u64], residents: &[u64]) -> f64 {
    use bydel_segregation::{AreaCounts, Index, SingleIndex};
    let ids: Vec<String> = (0..nw.len()).map(|i| i.to_string()).collect();
    let counts = AreaCounts::single_group("non_western", ids, nw, residents).unwrap();
    Index::Single(SingleIndex::Dissimilarity)
        .compute(&counts)
        .number()
        .expect("defined")
}
