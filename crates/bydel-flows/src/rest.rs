//! The flows of the **rest of the municipality** for every area: the municipality minus the area,
//! followed as one place. A resident of the rest who moves into the area leaves the rest (as a
//! resident of the area who moves elsewhere in the municipality leaves the area); moves between
//! two addresses of the rest are no moves. So the area and the rest of its municipality are
//! measured with one definition, and their retention and attraction can be compared.
//!
//! The counts come from the municipality's flows minus the area's, plus the persons who stayed
//! in the municipality and touched the area (in it at *t−1* or at *t*):
//!
//! - residents before = municipality − area (resources at *t−1*);
//! - stayers = the municipality's stayers − those in the area at *t−1* or *t* (resources at
//!   *t−1*); out-movers = residents before − stayers (deaths and moves into the area included);
//! - residents = municipality − area (resources at *t*); `stayers_after` likewise with resources
//!   at *t*; in-movers = residents − stayers after (births and moves from the area included);
//! - deaths and births = municipality − area.
//!
//! Measure names `flow_rest_<group>_<split>`, keyed by the area and the later year *t*.

use std::collections::HashMap;

use bydel_model::{CountKey, CountsTable, Kind, Year};

use crate::flows::{Group, Split};
use crate::panel::{Panel, Record};

/// A flow group of the rest of an area's municipality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RestGroup {
    /// In the rest at *t−1* (resources at *t−1*).
    ResidentsBefore,
    /// In the rest at *t−1* and at *t* (resources at *t−1*).
    Stayers,
    /// In the rest at *t−1*, not at *t*: moved into the area, out of the municipality, out of
    /// the data, or died (resources at *t−1*).
    Out,
    /// In the rest at *t−1*, died during the year.
    OutDeceased,
    /// In the rest at *t* (resources at *t*).
    Residents,
    /// The stayers, by their resources at *t*.
    StayersAfter,
    /// In the rest at *t*, not at *t−1*: from the area, another municipality, outside the data,
    /// or born (resources at *t*).
    In,
    /// Born during the year, in the rest at *t*.
    InBorn,
}

impl RestGroup {
    /// Every group, in output order.
    pub const ALL: [RestGroup; 8] = [
        RestGroup::ResidentsBefore,
        RestGroup::Stayers,
        RestGroup::Out,
        RestGroup::OutDeceased,
        RestGroup::Residents,
        RestGroup::StayersAfter,
        RestGroup::In,
        RestGroup::InBorn,
    ];
    /// The name used in measure names.
    pub fn as_str(self) -> &'static str {
        match self {
            RestGroup::ResidentsBefore => "residents_before",
            RestGroup::Stayers => "stayers",
            RestGroup::Out => "out",
            RestGroup::OutDeceased => "out_deceased",
            RestGroup::Residents => "residents",
            RestGroup::StayersAfter => "stayers_after",
            RestGroup::In => "in",
            RestGroup::InBorn => "in_born",
        }
    }
}

/// The measure name of a rest group and split (`flow_rest_stayers_work_edu`).
pub fn rest_measure_name(g: RestGroup, s: Split) -> String {
    format!("flow_rest_{}_{}", g.as_str(), s.as_str())
}

/// Per area and later year, the persons who stayed in the area's municipality and were in the
/// area at *t−1* or at *t*, by split: by their resources at *t−1* and at *t*.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    by: HashMap<(u32, i32), (Vec<i64>, Vec<i64>)>,
}

impl Touched {
    /// Adds one person's step, given the person's records and areas at *t−1* and *t*.
    pub(crate) fn add(
        &mut self,
        panel: &Panel,
        y1: i32,
        before: (&Record, &[u32]),
        after: (&Record, &[u32]),
    ) {
        let ((r0, s0), (r1, s1)) = (before, after);
        if r0.municipality != r1.municipality {
            return;
        }
        let geo = |a: &u32| !is_municipality(panel, *a);
        let first = s0.iter().filter(|a| geo(a));
        let second = s1.iter().filter(|a| geo(a) && !s0.contains(a));
        for &a in first.chain(second) {
            let (t0, t1) = self
                .by
                .entry((a, y1))
                .or_insert_with(|| (vec![0; Split::ALL.len()], vec![0; Split::ALL.len()]));
            for (i, s) in Split::ALL.iter().enumerate() {
                t0[i] += i64::from(s.contains(r0));
                t1[i] += i64::from(s.contains(r1));
            }
        }
    }
}

fn is_municipality(panel: &Panel, a: u32) -> bool {
    panel.places.areas[a as usize].kind.as_str() == Kind::MUNICIPALITY
}

/// Adds the rest-of-the-municipality counts of every area (not the municipalities themselves)
/// to `counts`, from the flow cells `acc` (per area and year, group × split, in
/// [`Group::ALL`] × [`Split::ALL`] order).
pub(crate) fn add_rest(
    panel: &Panel,
    acc: &HashMap<(u32, i32), Vec<i64>>,
    touched: &Touched,
    counts: &mut CountsTable,
) {
    let columns: Vec<usize> = RestGroup::ALL
        .iter()
        .flat_map(|&g| Split::ALL.iter().map(move |&s| rest_measure_name(g, s)))
        .map(|n| counts.measure_column(&n))
        .collect();
    let n_splits = Split::ALL.len();
    let cell = |cells: &[i64], g: Group, s: usize| {
        let gi = Group::ALL.iter().position(|&x| x == g).expect("listed");
        cells[gi * n_splits + s]
    };
    let mut keys: Vec<&(u32, i32)> = acc.keys().collect();
    keys.sort_unstable();
    for &(a, y) in keys {
        let place = &panel.places.areas[a as usize];
        let (Some(m), false) = (place.municipality, is_municipality(panel, a)) else {
            continue;
        };
        let Some(whole) = panel
            .places
            .municipality_area
            .get(&m)
            .and_then(|&mi| acc.get(&(mi, y)))
        else {
            continue;
        };
        let Ok(year) = Year::new(y) else { continue };
        let own = &acc[&(a, y)];
        let zero = vec![0; n_splits];
        let (t0, t1) = touched
            .by
            .get(&(a, y))
            .map_or((&zero, &zero), |(t0, t1)| (t0, t1));
        let mut values = Vec::with_capacity(columns.len());
        for (gi, g) in RestGroup::ALL.iter().enumerate() {
            for s in 0..n_splits {
                let minus = |grp: Group| cell(whole, grp, s) - cell(own, grp, s);
                let before = minus(Group::ResidentsBefore);
                let stayers = cell(whole, Group::Stayers, s) - t0[s];
                let now = minus(Group::Residents);
                let after = cell(whole, Group::StayersAfter, s) - t1[s];
                let v = match g {
                    RestGroup::ResidentsBefore => before,
                    RestGroup::Stayers => stayers,
                    RestGroup::Out => before - stayers,
                    RestGroup::OutDeceased => minus(Group::OutDeceased),
                    RestGroup::Residents => now,
                    RestGroup::StayersAfter => after,
                    RestGroup::In => now - after,
                    RestGroup::InBorn => minus(Group::InBorn),
                };
                values.push((columns[gi * n_splits + s], v));
            }
        }
        let key = CountKey {
            kind: place.kind.clone(),
            area_id: place.area_id.clone(),
            year,
        };
        counts.set_row(key, &values);
    }
}
