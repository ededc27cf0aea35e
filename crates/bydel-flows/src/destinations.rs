//! The main destinations of out-movers, pooled over a period, chosen so that they can be
//! released: no shown count is small, and no hidden count can be recovered by subtraction.
//!
//! The release knows more than the destination list: the flow tables give, per step, every
//! area's out-movers within the municipality (`out_within`), to other municipalities
//! (`out_other_municipality`) and abroad, and its in-movers from within the municipality
//! (`in_within`). Pooled over the period these are totals a reader can subtract from:
//!
//! 1. an area's movers within the municipality minus its shown destinations within it
//!    ([`Released::rest_within`]),
//! 2. its movers to other municipalities minus the shown municipalities
//!    ([`Released::rest_other`]),
//! 3. for a destination area *B*, its in-movers from within the municipality minus every shown
//!    count *A → B* ([`in_remainders`]).
//!
//! [`release`] shows at most `top` destinations with at least `min` persons each, then moves the
//! smallest shown destination of a class into the rest until each rest of (1) and (2) is 0 or at
//! least `min`; [`release_all`] then hides shown counts *A → B* until every remainder of (3) is
//! 0 or at least `min`. Hiding a count only adds at least `min` to the remainders it enters, so
//! neither step undoes the other. Deaths are no destination; the dead are counted in the flows.

use std::collections::BTreeMap;

use crate::flows::{Flows, Group, Split, measure_name};
use crate::panel::Panel;

/// Where a released destination lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Another area of the same layer in the municipality (or elsewhere in the municipality,
    /// outside the layer's areas).
    Within,
    /// Another municipality.
    OtherMunicipality,
    /// Abroad or out of the data.
    Abroad,
}

/// One destination and its persons over the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dest {
    /// Where to: an area id of the layer, `kommune <code>` or `udlandet/ukendt`.
    pub to: String,
    /// Its class.
    pub class: Class,
    /// Persons, pooled over the period.
    pub persons: i64,
}

/// The releasable destinations of one area.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Released {
    /// The area (index into the panel's places).
    pub area: u32,
    /// The shown destinations, most persons first.
    pub shown: Vec<Dest>,
    /// Movers within the municipality not to a shown destination: 0 or ≥ `min`; `None` (not
    /// released) when smaller, which happens only when nothing of the class is shown.
    pub rest_within: Option<i64>,
    /// Movers to other municipalities not to a shown one (as `rest_within`).
    pub rest_other: Option<i64>,
    /// Every mover (within, other municipalities, abroad), pooled.
    pub movers: i64,
}

/// Every destination of `area`'s out-movers in the steps ending in `years`, pooled, deaths left
/// out, most persons first (ties by name).
pub fn pooled(flows: &Flows, area: u32, years: &[i32]) -> Vec<Dest> {
    let mut by: BTreeMap<(String, Class), i64> = BTreeMap::new();
    for d in flows
        .destinations
        .iter()
        .filter(|d| d.area == area && years.contains(&d.year))
    {
        let class = match d.group {
            Group::OutWithin => Class::Within,
            Group::OutOtherMunicipality => Class::OtherMunicipality,
            Group::OutAbroad => Class::Abroad,
            _ => continue,
        };
        *by.entry((d.to.clone(), class)).or_default() += d.persons;
    }
    let mut v: Vec<Dest> = by
        .into_iter()
        .map(|((to, class), persons)| Dest { to, class, persons })
        .collect();
    v.sort_by(|a, b| b.persons.cmp(&a.persons).then(a.to.cmp(&b.to)));
    v
}

/// The releasable main destinations of one area from its pooled destinations.
pub fn release(area: u32, all: &[Dest], top: usize, min: i64) -> Released {
    let mut shown: Vec<Dest> = all
        .iter()
        .filter(|d| d.persons >= min.max(1))
        .take(top)
        .cloned()
        .collect();
    let total = |c: Class| -> i64 { all.iter().filter(|d| d.class == c).map(|d| d.persons).sum() };
    for class in [Class::Within, Class::OtherMunicipality, Class::Abroad] {
        loop {
            let rest = total(class)
                - shown
                    .iter()
                    .filter(|d| d.class == class)
                    .map(|d| d.persons)
                    .sum::<i64>();
            if rest == 0 || rest >= min {
                break;
            }
            // the smallest shown destination of the class goes into the rest (≥ min persons)
            let Some(at) = shown.iter().rposition(|d| d.class == class) else {
                break;
            };
            shown.remove(at);
        }
    }
    let shown_of = |c: Class| -> i64 {
        shown
            .iter()
            .filter(|d| d.class == c)
            .map(|d| d.persons)
            .sum()
    };
    let rest = |c: Class| {
        let r = total(c) - shown_of(c);
        (r == 0 || r >= min).then_some(r)
    };
    Released {
        area,
        rest_within: rest(Class::Within),
        rest_other: rest(Class::OtherMunicipality),
        movers: all.iter().map(|d| d.persons).sum(),
        shown,
    }
}

/// For every area of the layer named as a shown destination, its pooled in-movers from within
/// the municipality minus every shown count into it: `(area id, remainder)`.
pub fn in_remainders(
    panel: &Panel,
    flows: &Flows,
    released: &[Released],
    years: &[i32],
) -> Vec<(String, i64)> {
    let mut shown_into: BTreeMap<String, i64> = BTreeMap::new();
    for r in released {
        for d in r.shown.iter().filter(|d| d.class == Class::Within) {
            *shown_into.entry(d.to.clone()).or_default() += d.persons;
        }
    }
    let layer_of = released
        .first()
        .map(|r| panel.places.areas[r.area as usize].layer);
    shown_into
        .into_iter()
        .filter_map(|(to, shown)| {
            let layer = layer_of?;
            let idx = panel.places.areas.iter().position(|a| {
                a.layer == layer && a.area_id.as_str() == to && !to.starts_with("kommune ")
            })?;
            let place = &panel.places.areas[idx];
            let pooled: i64 = years
                .iter()
                .filter_map(|&y| bydel_model::Year::new(y).ok())
                .map(|y| {
                    flows
                        .counts
                        .get(
                            &place.kind,
                            &place.area_id,
                            y,
                            &measure_name(Group::InWithin, Split::All),
                        )
                        .unwrap_or(0)
                })
                .sum();
            Some((to, pooled - shown))
        })
        .collect()
}

/// The releasable destinations of `areas` (indices into the panel's places, one layer) over the
/// steps ending in `years`: [`release`] per area, then shown counts into an area whose
/// in-mover remainder ([`in_remainders`]) would be small are hidden, smallest first.
pub fn release_all(
    panel: &Panel,
    flows: &Flows,
    areas: &[u32],
    years: &[i32],
    top: usize,
    min: i64,
) -> Vec<Released> {
    let mut out: Vec<Released> = areas
        .iter()
        .map(|&a| release(a, &pooled(flows, a, years), top, min))
        .collect();
    loop {
        let small: Vec<String> = in_remainders(panel, flows, &out, years)
            .into_iter()
            .filter(|(_, rest)| *rest != 0 && *rest < min)
            .map(|(to, _)| to)
            .collect();
        let Some(to) = small.first() else {
            return out;
        };
        // hide the smallest shown count into `to`; it joins its area's rest within
        let (ri, di) = out
            .iter()
            .enumerate()
            .flat_map(|(ri, r)| {
                r.shown
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| d.class == Class::Within && &d.to == to)
                    .map(move |(di, d)| (d.persons, ri, di))
            })
            .min()
            .map(|(_, ri, di)| (ri, di))
            .expect("a shown count into the destination");
        let d = out[ri].shown.remove(di);
        let rest = &mut out[ri].rest_within;
        *rest = Some(rest.unwrap_or(0) + d.persons);
    }
}
