//! A tally sink for calibration tests: counts what the published figures are computed from.

#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap, HashSet};

use std::sync::OnceLock;

use bydel_model::codes::{LanguageResult, Origin};
use bydel_synth::rows::{Rows, Sink};
use bydel_synth::world::World;
use bydel_synth::{SynthConfig, SynthError};

/// Sums for one area-year: the five criteria's numerators and denominators.
#[derive(Debug, Default, Clone)]
pub struct Cell {
    pub residents: f64,
    pub nw: f64,
    pub migrant: f64,
    pub n18_64: f64,
    pub outside: f64,
    pub n18: f64,
    pub convicted: f64,
    pub n30_59: f64,
    pub basic: f64,
    pub inc_n: f64,
    pub inc_sum: f64,
    pub age_sum: f64,
    pub taxable_n: f64,
    pub taxable_sum: f64,
    pub employed_n: f64,
    pub employed_sum: f64,
}

impl Cell {
    pub fn a(&self) -> f64 {
        self.outside / self.n18_64.max(1.0)
    }
    pub fn b(&self) -> f64 {
        self.convicted / self.n18.max(1.0)
    }
    pub fn c(&self) -> f64 {
        self.basic / self.n30_59.max(1.0)
    }
    pub fn income(&self) -> f64 {
        self.inc_sum / self.inc_n.max(1.0)
    }
    pub fn e(&self) -> f64 {
        self.nw / self.residents.max(1.0)
    }
}

/// Everything the calibration tests look at.
#[derive(Debug, Default)]
pub struct Tally {
    /// (layer, id) → key index. Layers: "country", "region", "municipality", "district", "housing_area".
    pub keys: HashMap<(&'static str, String), usize>,
    /// Cells by key index and year offset.
    pub cells: Vec<Vec<Cell>>,
    place_keys: Vec<Vec<usize>>,
    pub names: HashMap<String, String>,
    pub area_region: HashMap<String, u16>,
    /// Employment (1 - outside) by origin group, age band and year: (sum, n).
    pub attach: HashMap<(&'static str, &'static str, i32), (f64, f64)>,
    /// Parents' basic-only share by group (danish / nw), year: (basic, n).
    pub parents_basic: HashMap<(&'static str, i32), (f64, f64)>,
    /// Gladsaxe residents by year (for moves).
    pub gladsaxe_ids: BTreeMap<i32, HashSet<u32>>,
    /// Pupils: (year) → (absence sum, n, n above 10 %), exams: (scope, year) → (sum, n).
    pub absence: HashMap<i32, (f64, f64, f64)>,
    pub exams: HashMap<(&'static str, i32), (f64, f64)>,
    /// School composition: (school id, year) → (pupils, pupils from Værebro Park).
    pub school_mix: HashMap<(String, i32), (f64, f64)>,
    /// Language: group → (special, n).
    pub language: HashMap<&'static str, (f64, f64)>,
    /// Dwellings of Gladsaxe by tenure group (all, almene) in the last year.
    pub dwellings: (u64, u64),
    pub years: (i32, i32),
    place_ha: Vec<Option<String>>,
    place_district: Vec<Option<String>>,
    school_ids: Vec<String>,
    vaerebro: u32,
}

impl Sink for Tally {
    fn world(&mut self, world: &World) -> Result<(), SynthError> {
        let nyears = (self.years.1 - self.years.0 + 1) as usize;
        for p in &world.places {
            let mut ks: Vec<(&'static str, String)> = vec![
                ("country", "DK".into()),
                ("region", p.region.to_string()),
                ("municipality", p.municipality.to_string()),
            ];
            if let Some(h) = p.housing_area {
                ks.push(("housing_area", world.housing_areas[h].id.clone()));
            }
            if let Some(d) = p.district {
                ks.push(("district", world.districts[d].id.clone()));
            }
            let idx: Vec<usize> = ks
                .into_iter()
                .map(|k| {
                    let n = self.keys.len();
                    let i = *self.keys.entry(k).or_insert(n);
                    if i == self.cells.len() {
                        self.cells.push(vec![Cell::default(); nyears]);
                    }
                    i
                })
                .collect();
            self.place_keys.push(idx);
        }
        self.place_ha = world
            .places
            .iter()
            .map(|p| p.housing_area.map(|h| world.housing_areas[h].id.clone()))
            .collect();
        self.place_district = world
            .places
            .iter()
            .map(|p| p.district.map(|d| world.districts[d].id.clone()))
            .collect();
        self.school_ids = world.schools.iter().map(|s| s.id.clone()).collect();
        self.vaerebro = world
            .places
            .iter()
            .position(|p| p.id == "159-vaerebro-park")
            .unwrap() as u32;
        for h in &world.housing_areas {
            self.names.insert(h.id.clone(), h.name.clone());
            let region = world.municipality(h.municipality).unwrap().region;
            self.area_region.insert(h.id.clone(), region);
        }
        for d in &world.districts {
            self.names.insert(d.id.clone(), d.name.clone());
            self.area_region.insert(d.id.clone(), 1084);
        }
        let y = self.years.1;
        for a in world
            .addresses
            .iter()
            .filter(|a| a.is_residential() && world.places[a.place].municipality == 159)
        {
            let u = u64::from(a.units_in(y));
            self.dwellings.0 += u;
            if matches!(a.tenure, Some(t) if t.as_str().starts_with("almen")) {
                self.dwellings.1 += u;
            }
        }
        Ok(())
    }

    fn rows(&mut self, _world: &World, rows: &Rows) -> Result<(), SynthError> {
        let mut family_kids: HashSet<u32> = HashSet::new();
        for p in rows.persons.iter().filter(|p| p.age < 18) {
            family_kids.insert(p.family);
        }
        for p in &rows.persons {
            let yi = (p.year - self.years.0) as usize;
            for &k in &self.place_keys[p.place as usize] {
                add(&mut self.cells[k][yi], p);
            }
            if p.municipality == 159 {
                self.gladsaxe_ids
                    .entry(p.year)
                    .or_default()
                    .insert(p.person);
            }
            let group = match (p.origin, p.non_western) {
                (Origin::Danish, _) => "danish",
                (Origin::Immigrant, true) => "nw_immigrant",
                (Origin::Descendant, true) => "nw_descendant",
                _ => "western",
            };
            for (band, lo, hi) in [("16-64", 16, 64), ("30-59", 30, 59)] {
                if (lo..=hi).contains(&p.age) {
                    let e = self.attach.entry((group, band, p.year)).or_default();
                    let employed = if p.in_education {
                        0.5
                    } else {
                        1.0 - p.outside_fte
                    };
                    e.0 += employed;
                    e.1 += 1.0;
                }
            }
            if (25..=55).contains(&p.age) && family_kids.contains(&p.family) && group != "western" {
                let g = if group == "danish" { "danish" } else { "nw" };
                let e = self.parents_basic.entry((g, p.year)).or_default();
                e.0 += f64::from(u8::from(p.education.is_basic_or_unknown()));
                e.1 += 1.0;
            }
        }
        for pu in &rows.pupils {
            let e = self.absence.entry(pu.year).or_default();
            e.0 += pu.absence_pct;
            e.1 += 1.0;
            e.2 += f64::from(u8::from(pu.absence_pct > 10.0));
            let sid = &self.school_ids[pu.school as usize];
            let m = self.school_mix.entry((sid.clone(), pu.year)).or_default();
            m.0 += 1.0;
            m.1 += f64::from(u8::from(pu.place == self.vaerebro));
            if let Some(x) = pu.exam_avg {
                for scope in [
                    "DK",
                    if sid.starts_with("159-") {
                        "159"
                    } else {
                        "other"
                    },
                ] {
                    let e = self.exams.entry((scope, pu.year)).or_default();
                    e.0 += x;
                    e.1 += 1.0;
                }
            }
        }
        for l in &rows.language {
            let g = if l.danish {
                "danish"
            } else if l.non_western {
                "nw"
            } else {
                "western"
            };
            let e = self.language.entry(g).or_default();
            e.0 += f64::from(u8::from(l.result == LanguageResult::Special));
            e.1 += 1.0;
        }
        Ok(())
    }
}

fn add(c: &mut Cell, p: &bydel_synth::rows::PersonRow) {
    c.residents += 1.0;
    c.age_sum += f64::from(p.age);
    c.nw += f64::from(u8::from(p.non_western));
    c.migrant += f64::from(u8::from(p.origin != Origin::Danish));
    if (18..=64).contains(&p.age) {
        c.n18_64 += 1.0;
        c.outside += p.outside_fte;
    }
    if p.age >= 18 {
        c.n18 += 1.0;
        c.convicted += f64::from(u8::from(p.convicted));
    }
    if (30..=59).contains(&p.age) {
        c.n30_59 += 1.0;
        c.basic += f64::from(u8::from(p.education.is_basic_or_unknown()));
    }
    if (15..=64).contains(&p.age) && p.taxable && !p.in_education {
        c.inc_n += 1.0;
        c.inc_sum += p.gross_income as f64;
    }
    if p.taxable {
        c.taxable_n += 1.0;
        c.taxable_sum += p.gross_income as f64;
    }
    if (16..=64).contains(&p.age) && !p.in_education && p.outside_fte < 0.5 {
        c.employed_n += 1.0;
        c.employed_sum += p.gross_income as f64;
    }
}

impl Tally {
    pub fn cell(&self, layer: &'static str, id: &str, year: i32) -> &Cell {
        self.get(layer, id, year)
            .unwrap_or_else(|| panic!("no cell {layer} {id} {year}"))
    }

    pub fn get(&self, layer: &'static str, id: &str, year: i32) -> Option<&Cell> {
        let k = *self.keys.get(&(layer, id.to_string()))?;
        if year < self.years.0 || year > self.years.1 {
            return None;
        }
        self.cells[k].get((year - self.years.0) as usize)
    }

    /// Criterion values of an area for a list year (rules from 2021: A and B two-year means of
    /// the data years Y-1 and Y; C, D, E of data year Y).
    pub fn criteria(&self, layer: &'static str, id: &str, year: i32) -> [f64; 5] {
        let c = self.cell(layer, id, year);
        let p = self.get(layer, id, year - 1).unwrap_or(c);
        let n = self.cell("country", "DK", year);
        let np = self.get("country", "DK", year - 1).unwrap_or(n);
        let region = self.area_region[id].to_string();
        let r = self.cell("region", &region, year);
        let a = (c.a() + p.a()) / 2.0;
        let b = (c.b() + p.b()) / 2.0 / ((n.b() + np.b()) / 2.0);
        [a, b, c.c(), c.income() / r.income(), c.e()]
    }

    /// The 2021-rule categories met: (udsat, parallel, forebyggelse) and residents.
    pub fn categories(&self, id: &str, year: i32) -> (bool, bool, bool, f64) {
        let [a, b, c, d, e] = self.criteria("housing_area", id, year);
        let res = self.cell("housing_area", id, year).residents;
        let big = res >= 1000.0;
        let u = [a > 0.40, b >= 3.0, c > 0.60, d < 0.55]
            .iter()
            .filter(|x| **x)
            .count()
            >= 2;
        let f = e > 0.30
            && [a > 0.30, b >= 2.0, c > 0.60, d < 0.65]
                .iter()
                .filter(|x| **x)
                .count()
                >= 2;
        (big && u, big && u && e > 0.5, big && f && !u, res)
    }
}

/// The default dataset's tally, computed once per test binary.
pub fn default_tally() -> &'static Tally {
    static T: OnceLock<Tally> = OnceLock::new();
    T.get_or_init(|| {
        let config = SynthConfig::default();
        let mut t = Tally {
            years: (config.first_year, config.last_year),
            ..Tally::default()
        };
        bydel_synth::run(&config, &mut t, &mut |_| {}).expect("generation runs");
        t
    })
}
