//! The watch-list: early warnings, each with a plain Danish and English sentence.
//!
//! Rules (all thresholds from the catalogue and [`Settings`]):
//! - **toward_next_criterion**: the area meets one criterion fewer than a category needs (and all
//!   of its extra conditions), and the trend of an unmet criterion crosses its threshold within
//!   the horizon.
//! - **near_1000_residents**: residents within `near_1000_band` of 1,000 (the list's size limit).
//! - **turned_markedly_worse**: markedly worse than the rest of the municipality this year, not
//!   last year.
//! - **category_likely_next_year**: not in a category now, but at least a 50 % chance next year.

use bydel_model::measure::RESIDENTS;
use bydel_model::{AreaId, CountsTable, Kind, Lang, Year};
use serde::Serialize;

use crate::catalogue::{Catalogue, Category};
use crate::compare::{ReferenceMode, compare_areas, municipality_of};
use crate::criteria::{meets_category, meets_ref, threshold_exact};
use crate::probability::next_year_probabilities;
use crate::projection::{Crossing, crossing};
use crate::series::area_trend;
use crate::settings::Settings;
use crate::wording;

/// Which rule raised a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Trending toward the criterion that would complete a category.
    TowardNextCriterion,
    /// Close to the 1,000-resident limit.
    Near1000Residents,
    /// Newly markedly worse than the rest of the municipality.
    TurnedMarkedlyWorse,
    /// Likely to meet a category next year.
    CategoryLikelyNextYear,
}

impl Rule {
    /// The name used in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::TowardNextCriterion => "toward_next_criterion",
            Rule::Near1000Residents => "near_1000_residents",
            Rule::TurnedMarkedlyWorse => "turned_markedly_worse",
            Rule::CategoryLikelyNextYear => "category_likely_next_year",
        }
    }
}

/// One warning.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    /// The rule.
    pub rule: Rule,
    /// The indicator concerned, if one.
    pub indicator: Option<String>,
    /// The category concerned, if one.
    pub category: Option<String>,
    /// Why, in Danish.
    pub sentence_da: String,
    /// Why, in English.
    pub sentence_en: String,
}

/// Every warning for one area in one year.
pub fn warnings(
    t: &CountsTable,
    cat: &Catalogue,
    s: &Settings,
    kind: &Kind,
    id: &AreaId,
    year: Year,
) -> Vec<Warning> {
    let name = t.area(kind, id).map_or(id.to_string(), |a| a.name.clone());
    let mut out = Vec::new();
    let mut seen: Vec<&Vec<String>> = Vec::new();
    for c in cat.categories() {
        let also = c
            .also_refs()
            .iter()
            .all(|r| meets_ref(t, cat, r, kind, id, year) == Some(true));
        if also && !seen.contains(&&c.of) {
            seen.push(&c.of);
            out.extend(toward_next(t, cat, s, c, (kind, id), year, &name));
        }
    }
    out.extend(near_1000(t, s, kind, id, year, &name));
    out.extend(turned_worse(t, cat, s, kind, id, year, &name));
    out.extend(likely(t, cat, s, kind, id, year, &name));
    out
}

fn toward_next(
    t: &CountsTable,
    cat: &Catalogue,
    s: &Settings,
    c: &Category,
    (kind, id): (&Kind, &AreaId),
    year: Year,
    name: &str,
) -> Vec<Warning> {
    let met: Vec<_> = c
        .of_refs()
        .into_iter()
        .map(|r| (meets_ref(t, cat, &r, kind, id, year), r))
        .collect();
    let n_met = met.iter().filter(|(m, _)| *m == Some(true)).count();
    let also = c
        .also_refs()
        .iter()
        .all(|r| meets_ref(t, cat, r, kind, id, year) == Some(true));
    if n_met + 1 != c.at_least || !also {
        return vec![];
    }
    let mut out = Vec::new();
    for (m, r) in met.iter().filter(|(m, _)| *m == Some(false)) {
        let _ = m;
        let Some(ind) = cat.indicator(&r.indicator) else {
            continue;
        };
        let Some(thr) = ind.threshold(&r.threshold) else {
            continue;
        };
        let Some(level) = threshold_exact(t, ind, thr, kind, id, year) else {
            continue;
        };
        let Some(tr) = area_trend(
            t,
            ind,
            kind,
            id,
            year,
            s.trend_window,
            s.level,
            s.trend_alpha,
            0,
            0,
        ) else {
            continue;
        };
        if let Crossing::InYear(y) = crossing(&tr, false, thr.op, level.to_f64(), s.horizon) {
            out.push(Warning {
                rule: Rule::TowardNextCriterion,
                indicator: Some(ind.id.clone()),
                category: Some(c.id.clone()),
                sentence_da: format!(
                    "{name} opfylder {n_met} af de {} kriterier for {} og nærmer sig kriteriet \"{}\" ({}, {}); med den nuværende udvikling nås grænsen på {} omkring {y}.",
                    c.at_least, c.name_da.to_lowercase(), ind.name_da, wording::value(ind, tr.level_at_last, Lang::Da),
                    wording::slope(ind, tr.slope, Lang::Da), wording::value(ind, level.to_f64(), Lang::Da)
                ),
                sentence_en: format!(
                    "{name} meets {n_met} of the {} criteria for {} and is moving toward \"{}\" ({}, {}); at the current trend it reaches the limit of {} around {y}.",
                    c.at_least, c.name_en.to_lowercase(), ind.name_en, wording::value(ind, tr.level_at_last, Lang::En),
                    wording::slope(ind, tr.slope, Lang::En), wording::value(ind, level.to_f64(), Lang::En)
                ),
            });
        }
    }
    out
}

fn near_1000(
    t: &CountsTable,
    s: &Settings,
    kind: &Kind,
    id: &AreaId,
    year: Year,
    name: &str,
) -> Option<Warning> {
    let r = t.get(kind, id, year, RESIDENTS)?;
    if (r - 1000).abs() > s.near_1000_band {
        return None;
    }
    let side_da = if r >= 1000 { "lige over" } else { "lige under" };
    let side_en = if r >= 1000 {
        "just above"
    } else {
        "just below"
    };
    Some(Warning {
        rule: Rule::Near1000Residents,
        indicator: None,
        category: None,
        sentence_da: format!(
            "{name} har {r} beboere, {side_da} grænsen på 1.000 beboere for at kunne komme på de nationale lister."
        ),
        sentence_en: format!(
            "{name} has {r} residents, {side_en} the 1,000-resident limit for the national lists."
        ),
    })
}

fn turned_worse(
    t: &CountsTable,
    cat: &Catalogue,
    s: &Settings,
    kind: &Kind,
    id: &AreaId,
    year: Year,
    name: &str,
) -> Vec<Warning> {
    let Some(muni) = municipality_of(t, kind, id) else {
        return vec![];
    };
    let mk = Kind::new(Kind::MUNICIPALITY).expect("valid layer");
    let mut out = Vec::new();
    for ind in cat.indicators().filter(|i| i.applies_to(kind.as_str())) {
        let cmp = |y: Year| {
            compare_areas(
                t,
                ind,
                (kind, id),
                (&mk, &muni),
                y,
                ReferenceMode::Rest,
                &s.markedly,
                s.level,
            )
        };
        let (Some(now), Some(before)) = (cmp(year), cmp(year.offset(-1))) else {
            continue;
        };
        if now.markedly_worse && !before.markedly_worse {
            let (va, vr) = (
                now.area.value.number().unwrap_or(0.0),
                now.reference.value.number().unwrap_or(0.0),
            );
            let ratio = now.worse_ratio.number().unwrap_or(f64::INFINITY);
            out.push(Warning {
                rule: Rule::TurnedMarkedlyWorse,
                indicator: Some(ind.id.clone()),
                category: None,
                sentence_da: format!(
                    "{name} ligger i {year} markant dårligere end resten af kommunen på \"{}\": {} mod {} (forhold {}), og det gjorde området ikke året før.",
                    ind.name_da, wording::value(ind, va, Lang::Da), wording::value(ind, vr, Lang::Da),
                    bydel_model::lang::dec(Lang::Da, ratio, 2)
                ),
                sentence_en: format!(
                    "In {year} {name} is markedly worse than the rest of the municipality on \"{}\": {} against {} (ratio {}), which it was not the year before.",
                    ind.name_en, wording::value(ind, va, Lang::En), wording::value(ind, vr, Lang::En),
                    bydel_model::lang::dec(Lang::En, ratio, 2)
                ),
            });
        }
    }
    out
}

fn likely(
    t: &CountsTable,
    cat: &Catalogue,
    s: &Settings,
    kind: &Kind,
    id: &AreaId,
    year: Year,
    name: &str,
) -> Vec<Warning> {
    let probs = next_year_probabilities(t, cat, kind, id, year, s);
    let mut out = Vec::new();
    for c in cat.categories() {
        let p = probs.get(&c.id).copied().unwrap_or(0.0);
        if p >= 0.5 && meets_category(t, cat, c, kind, id, year) == Some(false) {
            let pct = (p * 100.0).round();
            out.push(Warning {
                rule: Rule::CategoryLikelyNextYear,
                indicator: None,
                category: Some(c.id.clone()),
                sentence_da: format!(
                    "{name} er ikke {} i {year}, men ud fra tallene og udviklingen er der omkring {pct} % sandsynlighed for det næste år.",
                    c.name_da.to_lowercase()
                ),
                sentence_en: format!(
                    "{name} is not a {} in {year}, but from its counts and trend there is about a {pct} % chance that it will be next year.",
                    c.name_en.to_lowercase()
                ),
            });
        }
    }
    out
}
