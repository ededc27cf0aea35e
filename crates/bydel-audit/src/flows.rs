//! The flow tables' documented identities (docs/flows.md, "Publication"), written as linear
//! equations over the published and withheld flow cells, and the counts of persons a reader can
//! compute from them.
//!
//! The attacker reads the identities from the documentation, not from the release's code: it
//! recognises the flow tables by their documented measure names (`flow_stayers_all`,
//! `flow_rest_stayers_all`, …) and the destination list by its column `flow_destination_persons`
//! and key `destination`. For a flow row of area *a* and step *t−1 → t*:
//!
//! - `residents(a, t−1)` = stayers + out-movers (within, other municipalities, abroad, deaths);
//!   `residents(a, t)` = stayers + in-movers (within, other municipalities, abroad, births);
//!   so the flows of consecutive steps are tied through the residents of the year between;
//! - a resource group *g*: its stayers, stayers after, in- and out-movers are parts of
//!   everyone's; its members at *t* = stayers after + in-movers = stayers + out-movers of the
//!   next step; `non_western` and `age_18_64` (area figures) are the members of
//!   `origin_non_western` and of `work_edu` + `outside_work`;
//! - the rest of the municipality *M* beside *a* (`flow_rest_*`): area + rest = *M* for the
//!   residents of both years, deaths, births and each resource group's members at *t−1*; *M*'s
//!   stayers = the area's + the rest's + the moves between them (the area's within-municipality
//!   out- and in-movers); the rest's out-movers include the moves into the area, its
//!   in-movers the moves from it;
//! - where the layer's areas partition *M* (`areas.geojson`): *M*'s stayers = Σ (stayers +
//!   within out-movers), deaths, births, residents and group members add up over the areas,
//!   and the within out-movers add up to the within in-movers;
//! - the destination list of *a* over the steps `from_year` → `year`: its within-municipality
//!   destinations and `dest_other_areas` add up to the within out-movers of those steps, its
//!   municipalities and `dest_other_municipalities` to those to other municipalities,
//!   `dest_abroad` to those abroad; an area's in-movers from within the municipality are the
//!   sum over origin areas of the (shown or hidden) moves into it.
//!
//! The municipality's own flows and the hidden destination counts are unknowns of the system
//! (named with a leading `~`, which no published measure has).

mod destinations;
mod rest;

use std::collections::{BTreeMap, BTreeSet};

use crate::Published;
use crate::geo::{AreaKey, Hierarchy};
use crate::manifest::{AreaRef, Meaning, TableSpec};
use crate::report::{AtomName, Location};
use crate::system::{Constraint, Lin, System, merge};

/// A count of persons that a reader can compute from the published files and the documented
/// identities: it must be 0 or at least the minimum.
#[derive(Debug, Clone)]
pub struct CountCheck {
    /// The published cell (or row) the count belongs to.
    pub location: Location,
    /// What the count is, in words.
    pub what: String,
    /// The count as a linear expression over the system's variables.
    pub expr: Lin,
}

/// A documented identity added to the system: the constraint's index and its name.
#[derive(Debug, Clone)]
pub struct Identity {
    /// Index into [`System::constraints`].
    pub constraint: usize,
    /// The identity in words, with its area and year.
    pub label: String,
}

const STAYERS: &str = "flow_stayers_all";
const REST_STAYERS: &str = "flow_rest_stayers_all";
const OUT: [&str; 4] = [
    "flow_out_within_all",
    "flow_out_other_municipality_all",
    "flow_out_abroad_all",
    "flow_out_deceased_all",
];
const IN: [&str; 4] = [
    "flow_in_within_all",
    "flow_in_other_municipality_all",
    "flow_in_abroad_all",
    "flow_in_born_all",
];
/// The resource groups of the area's flows (docs/flows.md).
const GROUPS: [&str; 6] = [
    "work_edu",
    "outside_work",
    "edu_higher",
    "income_q1",
    "income_q5",
    "origin_non_western",
];
/// The resource groups of the rest's flows.
const REST_GROUPS: [&str; 3] = ["work_edu", "edu_higher", "income_q5"];
/// The destination list's count column and key.
const DESTINATION_COUNT: &str = "flow_destination_persons";
const DESTINATION_KEY: &str = "destination";
const MUNICIPALITY: &str = "municipality";

/// Adds the flow identities and the counts to check to `system`. Call after the tables and the
/// hierarchy are added.
pub fn add(system: &mut System, published: &Published) {
    let mut b = Builder {
        system,
        hierarchy: &published.hierarchy,
        parents: parents(&published.hierarchy),
        done: BTreeSet::new(),
        withheld: BTreeSet::new(),
        pinned: BTreeSet::new(),
    };
    b.withheld = withheld_atoms(b.system);
    let steps = rows_with(published, STAYERS);
    let rest_steps = rows_with(published, REST_STAYERS);
    for (step, location) in &steps {
        b.area_step(step, location);
    }
    // the rest of the municipality beside every area, shown or not: its counts are the
    // municipality's minus the area's
    let mut beside = steps.clone();
    beside.extend(rest_steps);
    for (step, location) in &beside {
        b.rest_step(step, location);
    }
    b.covered(&steps);
    b.pooled(&steps);
    for (spec, table) in &published.tables {
        if spec.columns.iter().any(|c| c.name == DESTINATION_COUNT)
            && spec.key_columns.iter().any(|k| k == DESTINATION_KEY)
        {
            b.destinations(&published.manifest.suppressed, table, &steps);
        }
    }
}

/// An area and the later year of a step.
type Step = (String, String, i32);

struct Builder<'a> {
    system: &'a mut System,
    hierarchy: &'a Hierarchy,
    parents: BTreeMap<AreaKey, AreaKey>,
    /// Identities already added (by label), so a relation met twice is added once.
    done: BTreeSet<String>,
    /// Atoms published alone in a withheld cell.
    withheld: BTreeSet<usize>,
    /// Destination counts shown.
    pinned: BTreeSet<usize>,
}

impl Builder<'_> {
    fn atom(&mut self, measure: &str, kind: &str, id: &str, year: i32) -> usize {
        self.system.vars.atom(AtomName {
            measure: measure.into(),
            kind: kind.into(),
            area_id: id.into(),
            year,
        })
    }

    fn exists(&self, measure: &str, kind: &str, id: &str, year: i32) -> bool {
        self.system
            .vars
            .find(&AtomName {
                measure: measure.into(),
                kind: kind.into(),
                area_id: id.into(),
                year,
            })
            .is_some()
    }

    fn sum(&mut self, measures: &[&str], (kind, id, year): (&str, &str, i32)) -> Lin {
        measures
            .iter()
            .map(|m| (self.atom(m, kind, id, year), 1.0))
            .collect()
    }

    /// `lhs = rhs` as a documented identity.
    fn equal(&mut self, lhs: Lin, rhs: &Lin, label: String) {
        self.constrain(lhs, rhs, 0.0, 0.0, label);
    }

    /// `lhs ≥ rhs` as a documented identity (a part never exceeds its whole).
    fn at_least(&mut self, lhs: Lin, rhs: &Lin, label: String) {
        self.constrain(lhs, rhs, 0.0, f64::INFINITY, label);
    }

    fn constrain(&mut self, mut lhs: Lin, rhs: &Lin, lo: f64, hi: f64, label: String) {
        if !self.done.insert(label.clone()) {
            return;
        }
        lhs.extend(rhs.iter().map(|&(v, c)| (v, -c)));
        let terms = merge(lhs);
        if terms.is_empty() {
            return;
        }
        self.system.constraints.push(Constraint { terms, lo, hi });
        self.system.identities.push(Identity {
            constraint: self.system.constraints.len() - 1,
            label,
        });
    }

    fn check(&mut self, location: &Location, what: String, expr: Lin) {
        self.system.checks.push(CountCheck {
            location: location.clone(),
            what,
            expr: merge(expr),
        });
    }

    /// The identities of one area's flow row, and its remainders as counts to check.
    fn area_step(&mut self, (kind, id, t): &Step, location: &Location) {
        let key = (kind.as_str(), id.as_str(), *t);
        let at = format!("{kind}/{id}, {}→{t}", t - 1);
        let stayers = vec![(self.atom(STAYERS, kind, id, *t), 1.0)];
        let out = self.sum(&OUT, key);
        let inn = self.sum(&IN, key);
        let before = vec![(self.atom("residents", kind, id, t - 1), 1.0)];
        let after = vec![(self.atom("residents", kind, id, *t), 1.0)];
        self.equal(
            before,
            &plus(&stayers, &out),
            format!("residents at t−1 = stayers + out-movers ({at})"),
        );
        self.equal(
            after,
            &plus(&stayers, &inn),
            format!("residents at t = stayers + in-movers ({at})"),
        );
        for (m, lin) in [
            ("stayers", &stayers),
            ("out-movers", &out),
            ("in-movers", &inn),
        ] {
            self.check(location, format!("{m} ({at})"), lin.clone());
        }
        for m in OUT.iter().chain(&IN) {
            let one = vec![(self.atom(m, kind, id, *t), 1.0)];
            self.check(location, format!("{m} ({at})"), one);
        }
        let born = self.sum(&["flow_in_born_all"], key);
        let dead = self.sum(&["flow_out_deceased_all"], key);
        self.check(
            location,
            format!("in-movers without births ({at})"),
            minus(&inn, &born),
        );
        self.check(
            location,
            format!("out-movers without deaths ({at})"),
            minus(&out, &dead),
        );
        let everyone = [stayers.clone(), stayers.clone(), inn.clone(), out.clone()];
        let mut halves: Vec<Lin> = vec![Vec::new(); 4];
        let mut halves_members: [Lin; 2] = [Vec::new(), Vec::new()];
        for g in GROUPS {
            let names = group_measures(g);
            if !names.iter().any(|m| self.exists(m, kind, id, *t)) {
                continue;
            }
            let parts: Vec<Lin> = names
                .iter()
                .map(|m| vec![(self.atom(m, kind, id, *t), 1.0)])
                .collect();
            for (i, part) in parts.iter().enumerate() {
                let whole = everyone[i].clone();
                self.at_least(
                    whole.clone(),
                    part,
                    format!("{} ≤ everyone's ({at})", names[i]),
                );
                self.check(
                    location,
                    format!("{}: the group's ({at})", names[i]),
                    part.clone(),
                );
                self.check(
                    location,
                    format!("{} minus {} ({at})", split_name(i), names[i]),
                    minus(&whole, part),
                );
                if matches!(g, "work_edu" | "outside_work") {
                    halves[i].extend(part.iter().copied());
                }
            }
            let after = plus(&parts[1], &parts[2]);
            let before = plus(&parts[0], &parts[3]);
            // the group's members at t are the next step's stayers + out-movers
            if self.exists(STAYERS, kind, id, t + 1) {
                let next: Lin = [format!("flow_stayers_{g}"), format!("flow_out_{g}")]
                    .iter()
                    .map(|m| (self.atom(m, kind, id, t + 1), 1.0))
                    .collect();
                self.tie(
                    after.clone(),
                    &next,
                    format!("{g} members at t = the next step's stayers + out-movers ({at})"),
                );
            }
            if g == "origin_non_western" {
                for (year, side) in [(*t, &after), (t - 1, &before)] {
                    let figure = vec![(self.atom("non_western", kind, id, year), 1.0)];
                    self.tie(
                        figure,
                        side,
                        format!("non_western = origin_non_western members ({kind}/{id}, {year})"),
                    );
                }
            }
            if matches!(g, "work_edu" | "outside_work") {
                halves_members[0].extend(before);
                halves_members[1].extend(after);
            }
        }
        if halves.iter().all(|h| !h.is_empty()) {
            for (i, half) in halves.iter().enumerate() {
                let whole = everyone[i].clone();
                self.at_least(
                    whole.clone(),
                    half,
                    format!(
                        "{} work_edu + outside_work ≤ everyone's ({at})",
                        split_name(i)
                    ),
                );
                self.check(
                    location,
                    format!("{} outside 18–64 ({at})", split_name(i)),
                    minus(&whole, half),
                );
            }
            for (year, side) in [(t - 1, &halves_members[0]), (*t, &halves_members[1])] {
                let age = vec![(self.atom("age_18_64", kind, id, year), 1.0)];
                self.tie(
                    age,
                    side,
                    format!("age_18_64 = work_edu + outside_work members ({kind}/{id}, {year})"),
                );
            }
        }
    }

    /// `lhs = rhs` as a documented identity across years or tables, written only when one
    /// side is published whole: two withheld sides would tie the withheld rows of every year
    /// into one system too large to solve (leaving the identity out only loosens the attack).
    fn tie(&mut self, lhs: Lin, rhs: &Lin, label: String) {
        if self.known(&lhs) || self.known(rhs) {
            self.equal(lhs, rhs, label);
        }
    }

    /// Whether every variable of `lin` is a published number.
    fn known(&self, lin: &Lin) -> bool {
        lin.iter()
            .all(|(v, _)| self.system.direct.contains(v) || self.pinned.contains(v))
    }

    /// The members of a resource group in an area at the end of a year: an atom of the area
    /// figures where the documentation names one, else an unknown.
    fn group_members(&mut self, g: &str, kind: &str, id: &str, year: i32) -> Lin {
        let measure = match g {
            "origin_non_western" => "non_western".to_string(),
            _ => format!("~flow_members_{g}"),
        };
        vec![(self.atom(&measure, kind, id, year), 1.0)]
    }

    /// The municipality an area lies in (the geography's ancestor of kind `municipality`); one
    /// unnamed municipality when the geography does not say.
    fn municipality_of(&self, kind: &str, id: &str) -> AreaKey {
        let mut at = (kind.to_string(), id.to_string());
        for _ in 0..32 {
            if at.0 == MUNICIPALITY {
                return at;
            }
            match self.parents.get(&at) {
                Some(p) => at = p.clone(),
                None => break,
            }
        }
        (MUNICIPALITY.into(), "~unknown".into())
    }
}

/// Every row, with its location, of the tables that publish `measure` for the row's area.
fn rows_with(published: &Published, measure: &str) -> BTreeMap<Step, Location> {
    let mut out = BTreeMap::new();
    for (spec, table) in &published.tables {
        if !publishes(spec, measure) {
            continue;
        }
        for row in &table.rows {
            let cell = |c: &str| table.raw(row, c).map(str::trim).unwrap_or("").to_string();
            let Ok(year) = cell(&spec.year_column).parse::<i32>() else {
                continue;
            };
            let (kind, id) = (cell("kind"), cell("area_id"));
            if kind.is_empty() || id.is_empty() {
                continue;
            }
            out.entry((kind, id, year))
                .or_insert_with(|| Location::cell(&table.file, row.line, measure));
        }
    }
    out
}

fn publishes(spec: &TableSpec, measure: &str) -> bool {
    spec.columns.iter().any(|c| {
        matches!(&c.meaning, Meaning::Sum { terms } if terms.len() == 1
            && terms[0].measure == measure && terms[0].area == AreaRef::Row && terms[0].year_offset == 0)
    })
}

/// Atoms published alone in a withheld cell.
fn withheld_atoms(system: &System) -> BTreeSet<usize> {
    system
        .suppressed
        .iter()
        .filter(|c| c.atoms.len() == 1)
        .map(|c| c.atoms[0])
        .collect()
}

/// Each area's parent in the geography.
fn parents(hierarchy: &Hierarchy) -> BTreeMap<AreaKey, AreaKey> {
    let mut out = BTreeMap::new();
    for (parent, by_kind) in &hierarchy.children {
        for (kind, ids) in by_kind {
            for id in ids {
                out.insert((kind.clone(), id.clone()), parent.clone());
            }
        }
    }
    out
}

/// The areas of `kind` that partition `area` through a chain of partitions, if there is one.
fn cover(hierarchy: &Hierarchy, (k, id): (&str, &str), kind: &str) -> Option<Vec<String>> {
    if k == kind {
        return Some(vec![id.to_string()]);
    }
    let children = hierarchy.children.get(&(k.to_string(), id.to_string()))?;
    for (child_kind, ids) in children {
        if !hierarchy.is_partition(child_kind, k) {
            continue;
        }
        let below: Option<Vec<Vec<String>>> = ids
            .iter()
            .map(|c| cover(hierarchy, (child_kind, c), kind))
            .collect();
        if let Some(below) = below {
            return Some(below.concat());
        }
    }
    None
}

/// The four measures of a resource group, in the order stayers, stayers after, in, out.
fn group_measures(g: &str) -> [String; 4] {
    ["stayers", "stayers_after", "in", "out"].map(|s| format!("flow_{s}_{g}"))
}

/// The name of everyone's count a group measure is a part of (same order).
fn split_name(i: usize) -> &'static str {
    ["stayers", "stayers after", "in-movers", "out-movers"][i]
}

fn plus(a: &Lin, b: &Lin) -> Lin {
    a.iter().chain(b).copied().collect()
}

fn minus(a: &Lin, b: &Lin) -> Lin {
    a.iter()
        .copied()
        .chain(b.iter().map(|&(v, c)| (v, -c)))
        .collect()
}
