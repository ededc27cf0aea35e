//! Flows: for every area of every layer and every step from *t−1* to *t*, the stayers, the
//! in-movers by origin and the out-movers by destination, each split by resources; and the main
//! destinations of out-movers.
//!
//! The atoms are integer person counts in a [`CountsTable`] (measure names `flow_<group>_<split>`,
//! keyed by the later year *t*), so they pass through the one disclosure layer like every other
//! count. Identities, checked by tests for every split: residents at *t−1* = stayers +
//! out-movers (resources at *t−1*), residents at *t* = stayers + in-movers (resources at *t*;
//! the stayers counted by their resources at *t* are `stayers_after`).

use std::collections::HashMap;

use bydel_model::{AreaInfo, CountKey, CountsTable, Year};

use crate::panel::{Panel, Record, in_work_or_education, non_western};

/// A flow group (who, relative to the area, in the step *t−1* → *t*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// Residents on 1 January *t−1*.
    ResidentsBefore,
    /// Residents on 1 January *t*.
    Residents,
    /// In the area at *t−1* and at *t*, split by their resources at *t−1*.
    Stayers,
    /// The same stayers, split by their resources at *t* (the difference is in-situ change).
    StayersAfter,
    /// In-movers from elsewhere in the same municipality.
    InWithin,
    /// In-movers from another municipality.
    InOtherMunicipality,
    /// In-movers from abroad or from outside the data.
    InAbroad,
    /// Born during the year.
    InBorn,
    /// Out-movers to elsewhere in the same municipality.
    OutWithin,
    /// Out-movers to another municipality.
    OutOtherMunicipality,
    /// Out-movers abroad or out of the data (and deaths when the data has no death register).
    OutAbroad,
    /// Died during the year (needs the `deaths` table).
    OutDeceased,
}

impl Group {
    /// Every group, in output order.
    pub const ALL: [Group; 12] = [
        Group::ResidentsBefore,
        Group::Residents,
        Group::Stayers,
        Group::StayersAfter,
        Group::InWithin,
        Group::InOtherMunicipality,
        Group::InAbroad,
        Group::InBorn,
        Group::OutWithin,
        Group::OutOtherMunicipality,
        Group::OutAbroad,
        Group::OutDeceased,
    ];
    /// The name used in measure names.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::ResidentsBefore => "residents_before",
            Group::Residents => "residents",
            Group::Stayers => "stayers",
            Group::StayersAfter => "stayers_after",
            Group::InWithin => "in_within",
            Group::InOtherMunicipality => "in_other_municipality",
            Group::InAbroad => "in_abroad",
            Group::InBorn => "in_born",
            Group::OutWithin => "out_within",
            Group::OutOtherMunicipality => "out_other_municipality",
            Group::OutAbroad => "out_abroad",
            Group::OutDeceased => "out_deceased",
        }
    }
    /// True for the in-mover groups (births included).
    pub fn is_in(self) -> bool {
        matches!(
            self,
            Group::InWithin | Group::InOtherMunicipality | Group::InAbroad | Group::InBorn
        )
    }
    /// True for the out-mover groups (deaths included).
    pub fn is_out(self) -> bool {
        matches!(
            self,
            Group::OutWithin | Group::OutOtherMunicipality | Group::OutAbroad | Group::OutDeceased
        )
    }
}

/// A resource split: which persons of a group are counted. A person's resources are read at the
/// end of the step where the person is in the area: *t−1* for stayers and out-movers, *t* for
/// in-movers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Split {
    /// Everyone.
    All,
    /// 18–64, in work or education (see [`in_work_or_education`]).
    WorkOrEducation,
    /// 18–64, outside work and education.
    OutsideWork,
    /// 25–64, basic or unknown education.
    EducationBasic,
    /// 25–64, upper secondary or vocational.
    EducationMiddle,
    /// 25–64, short-cycle, bachelor or master.
    EducationHigher,
    /// 18–64 in income quintile `q` (1 = lowest) of the region.
    IncomeQuintile(u8),
    /// Danish origin.
    OriginDanish,
    /// Immigrants and descendants from Western countries.
    OriginWestern,
    /// Immigrants and descendants from non-Western countries.
    OriginNonWestern,
}

impl Split {
    /// Every split, in output order.
    pub const ALL: [Split; 14] = [
        Split::All,
        Split::WorkOrEducation,
        Split::OutsideWork,
        Split::EducationBasic,
        Split::EducationMiddle,
        Split::EducationHigher,
        Split::IncomeQuintile(1),
        Split::IncomeQuintile(2),
        Split::IncomeQuintile(3),
        Split::IncomeQuintile(4),
        Split::IncomeQuintile(5),
        Split::OriginDanish,
        Split::OriginWestern,
        Split::OriginNonWestern,
    ];
    /// The name used in measure names.
    pub fn as_str(self) -> &'static str {
        match self {
            Split::All => "all",
            Split::WorkOrEducation => "work_edu",
            Split::OutsideWork => "outside_work",
            Split::EducationBasic => "edu_basic",
            Split::EducationMiddle => "edu_middle",
            Split::EducationHigher => "edu_higher",
            Split::IncomeQuintile(1) => "income_q1",
            Split::IncomeQuintile(2) => "income_q2",
            Split::IncomeQuintile(3) => "income_q3",
            Split::IncomeQuintile(4) => "income_q4",
            Split::IncomeQuintile(_) => "income_q5",
            Split::OriginDanish => "origin_danish",
            Split::OriginWestern => "origin_western",
            Split::OriginNonWestern => "origin_non_western",
        }
    }
    /// Whether a person-year belongs to the split.
    pub fn contains(self, r: &Record) -> bool {
        let age = r.row.age;
        let working_age = (18..=64).contains(&age);
        let edu_age = (25..=64).contains(&age);
        let e = r.row.education;
        match self {
            Split::All => true,
            Split::WorkOrEducation => working_age && in_work_or_education(&r.row),
            Split::OutsideWork => working_age && !in_work_or_education(&r.row),
            // Education indices: 0 basic, 1 upper secondary, 2 vocational, 3 short cycle,
            // 4 bachelor, 5 master, 6 unknown.
            Split::EducationBasic => edu_age && matches!(e, 0 | 6),
            Split::EducationMiddle => edu_age && matches!(e, 1 | 2),
            Split::EducationHigher => edu_age && matches!(e, 3..=5),
            Split::IncomeQuintile(q) => r.quintile == q,
            Split::OriginDanish => r.row.origin == 0,
            Split::OriginWestern => r.row.origin != 0 && !non_western(&r.row),
            Split::OriginNonWestern => r.row.origin != 0 && non_western(&r.row),
        }
    }
}

/// The measure name of a group and split (`flow_stayers_work_edu`).
pub fn measure_name(g: Group, s: Split) -> String {
    format!("flow_{}_{}", g.as_str(), s.as_str())
}

/// One out-mover destination count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Destination {
    /// The area moved from (index into the panel's places).
    pub area: u32,
    /// The later year *t*.
    pub year: i32,
    /// Where to: an area id of the same layer, `kommune <code>`, `udlandet/ukendt` or `død`.
    pub to: String,
    /// The out-mover group: within the municipality, another municipality, abroad, deceased.
    pub group: Group,
    /// Persons.
    pub persons: i64,
}

/// The flows of a panel: the counts table of atoms and the destination counts.
#[derive(Debug, Clone)]
pub struct Flows {
    /// Counts per (area, year *t*, group × split).
    pub counts: CountsTable,
    /// Out-mover destinations per (area, year), every destination with at least one person.
    pub destinations: Vec<Destination>,
}

/// Computes the flows of every area of every layer for every pair of consecutive data years.
pub fn compute(panel: &Panel) -> Flows {
    let n_cells = Group::ALL.len() * Split::ALL.len();
    let mut acc: HashMap<(u32, i32), Vec<i64>> = HashMap::new();
    let mut dest: HashMap<(u32, i32, String, Group), i64> = HashMap::new();
    let mut touched = crate::rest::Touched::default();
    let (mut before, mut after) = (Vec::new(), Vec::new());
    for p in 0..panel.person_ids.len() {
        for w in panel.years.windows(2) {
            let (y0, y1) = (w[0], w[1]);
            let prev = panel.at(p, y0);
            let cur = panel.at(p, y1);
            if prev.is_none() && cur.is_none() {
                continue;
            }
            before.clear();
            after.clear();
            if let Some(r) = prev {
                panel.places.slots_of(r, &mut before);
            }
            if let Some(r) = cur {
                panel.places.slots_of(r, &mut after);
            }
            let mut add = |area: u32, g: Group, r: &Record| {
                let cells = acc.entry((area, y1)).or_insert_with(|| vec![0; n_cells]);
                let gi = Group::ALL.iter().position(|&x| x == g).expect("listed");
                for (si, s) in Split::ALL.iter().enumerate() {
                    if s.contains(r) {
                        cells[gi * Split::ALL.len() + si] += 1;
                    }
                }
            };
            if let Some(r) = prev {
                for &a in &before {
                    add(a, Group::ResidentsBefore, r);
                    if after.contains(&a) {
                        add(a, Group::Stayers, r);
                    } else {
                        let (g, to) = destination(panel, p, a, r, cur, y0);
                        add(a, g, r);
                        *dest.entry((a, y1, to, g)).or_default() += 1;
                    }
                }
            }
            if let Some(r) = cur {
                for &a in &after {
                    add(a, Group::Residents, r);
                    if before.contains(&a) {
                        add(a, Group::StayersAfter, r);
                    } else {
                        add(a, origin(r, prev), r);
                    }
                }
            }
            if let (Some(r0), Some(r1)) = (prev, cur) {
                touched.add(panel, y1, (r0, &before), (r1, &after));
            }
        }
    }
    let mut counts = to_table(panel, &acc);
    crate::rest::add_rest(panel, &acc, &touched, &mut counts);
    Flows {
        counts,
        destinations: dest
            .into_iter()
            .map(|((area, year, to, group), persons)| Destination {
                area,
                year,
                to,
                group,
                persons,
            })
            .collect(),
    }
}

/// Where an out-mover of area `a` went.
fn destination(
    panel: &Panel,
    person: usize,
    a: u32,
    prev: &Record,
    cur: Option<&Record>,
    y0: i32,
) -> (Group, String) {
    match cur {
        Some(c) => {
            let layer = panel.places.areas[a as usize].layer;
            let to = panel
                .places
                .slot_in_layer(c, layer)
                .map(|s| panel.places.areas[s as usize].area_id.as_str().to_string());
            if c.municipality == prev.municipality {
                (
                    Group::OutWithin,
                    to.unwrap_or_else(|| format!("kommune {}", c.municipality)),
                )
            } else {
                (
                    Group::OutOtherMunicipality,
                    format!("kommune {}", c.municipality),
                )
            }
        }
        None if panel.deaths.get(&(person as u32)) == Some(&y0) => {
            (Group::OutDeceased, "død".into())
        }
        None => (Group::OutAbroad, "udlandet/ukendt".into()),
    }
}

/// Where an in-mover came from.
fn origin(cur: &Record, prev: Option<&Record>) -> Group {
    match prev {
        Some(p) if p.municipality == cur.municipality => Group::InWithin,
        Some(_) => Group::InOtherMunicipality,
        None if cur.row.age == 0 => Group::InBorn,
        None => Group::InAbroad,
    }
}

fn to_table(panel: &Panel, acc: &HashMap<(u32, i32), Vec<i64>>) -> CountsTable {
    let names: Vec<String> = Group::ALL
        .iter()
        .flat_map(|&g| Split::ALL.iter().map(move |&s| measure_name(g, s)))
        .collect();
    let mut t = CountsTable::new(names.iter().cloned());
    let mut seen = vec![false; panel.places.areas.len()];
    let mut keys: Vec<_> = acc.iter().collect();
    keys.sort_by_key(|((a, y), _)| (*a, *y));
    for (&(a, y), cells) in keys {
        let Ok(year) = Year::new(y) else { continue };
        let place = &panel.places.areas[a as usize];
        let key = CountKey {
            kind: place.kind.clone(),
            area_id: place.area_id.clone(),
            year,
        };
        for (name, &v) in names.iter().zip(cells) {
            t.set(key.clone(), name, v);
        }
        seen[a as usize] = true;
    }
    for (i, p) in panel.places.areas.iter().enumerate() {
        if seen[i] {
            t.add_area(AreaInfo {
                kind: p.kind.clone(),
                area_id: p.area_id.clone(),
                name: p.name.clone(),
                parent_id: None,
                municipality: p.municipality,
                region: None,
            });
        }
    }
    t
}
