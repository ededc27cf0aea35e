//! Retention, attraction and turnover from the flow counts, pooled over a period, for an area
//! and for the rest of its municipality (the municipality minus the area, followed as one place:
//! [`crate::rest`]), so both sides use one definition.
//!
//! - **Retention** of a split: stayers / residents at *t−1*, summed over the steps (a death
//!   counts as leaving: the published `retention_<split>` has the same definition, since the
//!   published out-movers of a resource split include deaths).
//! - **Attraction**: the split's share among in-movers (births left out) against its share among
//!   out-movers (deaths left out); **net** = in-movers − out-movers of the split.
//! - **Turnover**: (in-movers + out-movers, births and deaths left out) / residents at *t−1*.
//!
//! Rates have Wilson intervals (persons as trials).

use bydel_analysis::interval::wilson;

use crate::flows::{Flows, Group, Split, measure_name};
use crate::panel::Panel;
use crate::rest::{RestGroup, rest_measure_name};

/// Pooled sums of one split over a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sums {
    /// Residents at the start of each step (summed).
    pub before: i64,
    /// Stayers.
    pub stayers: i64,
    /// In-movers (births left out).
    pub movers_in: i64,
    /// Out-movers (deaths left out).
    pub movers_out: i64,
    /// Deaths.
    pub deaths: i64,
}

/// Retention and attraction of one split in one area over a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Retention {
    /// The area.
    pub area: u32,
    /// The split.
    pub split: Split,
    /// The split's sums in the area.
    pub area_sums: Sums,
    /// Everyone's sums in the area.
    pub area_all: Sums,
    /// The split's sums in the rest of the municipality.
    pub rest_sums: Sums,
    /// Everyone's sums in the rest of the municipality.
    pub rest_all: Sums,
}

/// A rate with its 95 % Wilson interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rate {
    /// Successes.
    pub x: i64,
    /// Trials.
    pub n: i64,
    /// x / n (0 when n = 0).
    pub value: f64,
    /// Wilson interval.
    pub interval: Option<(f64, f64)>,
}

impl Rate {
    /// `x / n` with its interval.
    pub fn new(x: i64, n: i64) -> Self {
        Rate {
            x,
            n,
            value: if n > 0 { x as f64 / n as f64 } else { 0.0 },
            interval: wilson(x as f64, n as f64, 0.95).map(|i| (i.lower, i.upper)),
        }
    }
}

impl Sums {
    /// Retention: stayers / residents at *t−1* (a death counts as leaving, as in the published
    /// `retention_<split>`).
    pub fn retention(&self) -> Rate {
        Rate::new(self.stayers, self.before)
    }
    /// Net migration (in − out, births and deaths left out).
    pub fn net(&self) -> i64 {
        self.movers_in - self.movers_out
    }
}

impl Retention {
    /// The split's share among the area's in-movers.
    pub fn share_in(&self) -> Rate {
        Rate::new(self.area_sums.movers_in, self.area_all.movers_in)
    }
    /// The split's share among the area's out-movers.
    pub fn share_out(&self) -> Rate {
        Rate::new(self.area_sums.movers_out, self.area_all.movers_out)
    }
    /// The split's share among the rest of the municipality's in-movers.
    pub fn rest_share_in(&self) -> Rate {
        Rate::new(self.rest_sums.movers_in, self.rest_all.movers_in)
    }
    /// The split's share among the rest of the municipality's out-movers.
    pub fn rest_share_out(&self) -> Rate {
        Rate::new(self.rest_sums.movers_out, self.rest_all.movers_out)
    }
    /// Turnover of the area: (in + out) / residents at *t−1*.
    pub fn turnover(&self) -> f64 {
        let a = &self.area_all;
        if a.before == 0 {
            0.0
        } else {
            (a.movers_in + a.movers_out) as f64 / a.before as f64
        }
    }
}

/// The Danish sentence for retention and attraction of residents in work or education against
/// the rest of the municipality: "Område X beholdt 78,0 % … mod 84,0 % i resten af kommunen
/// (6,0 procentpoint lavere). Af tilflytterne var …". `r` must be of
/// [`Split::WorkOrEducation`]; `from`..`to` is the pooled period.
pub fn retention_sentence_da(panel: &Panel, r: &Retention, from: i32, to: i32) -> String {
    let name = &panel.places.areas[r.area as usize].name;
    let pct = |x: f64| format!("{} %", crate::da(x * 100.0, 1));
    let (own, rest) = (r.area_sums.retention(), r.rest_sums.retention());
    let gap = own.value - rest.value;
    let size = crate::da(gap.abs() * 100.0, 1);
    let gap_text = match (size.as_str(), gap < 0.0) {
        ("0,0", _) => "samme niveau".to_string(),
        (_, true) => format!("{size} procentpoint lavere"),
        (_, false) => format!("{size} procentpoint højere"),
    };
    format!(
        "Fra {from} til {to} beholdt {name} {} af de 18-64-årige beboere i arbejde eller \
         uddannelse fra det ene år til det næste (alle år lagt sammen) mod {} i resten af \
         kommunen ({gap_text}). Af tilflytterne var {} i arbejde eller uddannelse mod {} af \
         tilflytterne til resten af kommunen; af fraflytterne {} mod {}.",
        pct(own.value),
        pct(rest.value),
        pct(r.share_in().value),
        pct(r.rest_share_in().value),
        pct(r.share_out().value),
        pct(r.rest_share_out().value),
    )
}

/// One count of `area`'s row (a flow or rest-of-municipality measure) summed over the steps
/// ending in `years`: the one pooling loop of the area's and the rest's sums.
fn pooled(panel: &Panel, flows: &Flows, area: u32, measure: &str, years: &[i32]) -> i64 {
    let place = &panel.places.areas[area as usize];
    years
        .iter()
        .filter_map(|&y| bydel_model::Year::new(y).ok())
        .filter_map(|y| flows.counts.get(&place.kind, &place.area_id, y, measure))
        .sum()
}

/// The pooled sums of `split` in `area` for steps ending in `years`.
pub fn sums(panel: &Panel, flows: &Flows, area: u32, split: Split, years: &[i32]) -> Sums {
    let get = |g: Group| pooled(panel, flows, area, &measure_name(g, split), years);
    Sums {
        before: get(Group::ResidentsBefore),
        stayers: get(Group::Stayers),
        movers_in: get(Group::InWithin) + get(Group::InOtherMunicipality) + get(Group::InAbroad),
        movers_out: get(Group::OutWithin)
            + get(Group::OutOtherMunicipality)
            + get(Group::OutAbroad),
        deaths: get(Group::OutDeceased),
    }
}

/// The pooled sums of `split` in the rest of `area`'s municipality (the municipality minus the
/// area) for steps ending in `years`.
pub fn rest_sums(panel: &Panel, flows: &Flows, area: u32, split: Split, years: &[i32]) -> Sums {
    let get = |g: RestGroup| pooled(panel, flows, area, &rest_measure_name(g, split), years);
    let deaths = get(RestGroup::OutDeceased);
    Sums {
        before: get(RestGroup::ResidentsBefore),
        stayers: get(RestGroup::Stayers),
        movers_in: get(RestGroup::In) - get(RestGroup::InBorn),
        movers_out: get(RestGroup::Out) - deaths,
        deaths,
    }
}

/// Retention and attraction of `split` in `area` and in the rest of its municipality.
pub fn retention(
    panel: &Panel,
    flows: &Flows,
    area: u32,
    split: Split,
    years: &[i32],
) -> Retention {
    Retention {
        area,
        split,
        area_sums: sums(panel, flows, area, split, years),
        area_all: sums(panel, flows, area, Split::All, years),
        rest_sums: rest_sums(panel, flows, area, split, years),
        rest_all: rest_sums(panel, flows, area, Split::All, years),
    }
}

/// The main destinations of an area's out-movers over `years`: at most `top` destinations, each
/// with at least `min_persons` persons (smaller ones are pooled as "andre").
pub fn main_destinations(
    flows: &Flows,
    area: u32,
    years: &[i32],
    top: usize,
    min_persons: i64,
) -> Vec<(String, i64)> {
    let mut by: std::collections::HashMap<&str, i64> = std::collections::HashMap::new();
    for d in flows
        .destinations
        .iter()
        .filter(|d| d.area == area && years.contains(&d.year))
    {
        *by.entry(d.to.as_str()).or_default() += d.persons;
    }
    let mut v: Vec<(String, i64)> = by.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out: Vec<(String, i64)> = Vec::new();
    let mut other = 0;
    for (k, n) in v {
        if out.len() < top && n >= min_persons {
            out.push((k, n));
        } else {
            other += n;
        }
    }
    if other > 0 {
        out.push(("andre".into(), other));
    }
    out
}
