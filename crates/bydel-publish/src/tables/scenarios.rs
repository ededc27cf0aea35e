//! `scenarios`: what a lettings policy or a physical change would do to an area's criteria, year
//! by year for the next years, next to the baseline projection (`[[scenarios]]` in the config;
//! docs/evaluation.md, "Scenarios").
//!
//! Each scenario starts from the area's counts in the last data year (shares pooled over three
//! years) and, when the run follows persons (the person panel), from the **in-movers observed**
//! in the area and its comparable areas in the last three years: they are the waiting list's
//! profile, and those in work or education the pool of criteria-based letting. What the data
//! cannot say (the letting channel is not in the registers) are the documented defaults of
//! `bydel_evaluate::scenario`. B and D are held at their status in the last list year.
//!
//! Disclosure: every number is `derived` from the area's criteria atoms (numerators and
//! denominators of A–E and the residents) in the last three data years, named in the manifest, so
//! a row is shown only when all of them are. The in-movers enter pooled over the area and at
//! least [`COMPARABLE`] comparable areas of the country and three years, only through the
//! simulation's probabilities; their counts are not published.

use std::collections::BTreeSet;

use bydel_evaluate::scenario::params::DEFAULTS;
use bydel_evaluate::scenario::sim::Summary;
use bydel_evaluate::scenario::{
    AreaStart, ChannelProfiles, InMovers, Mover, ScenarioDef, run_with,
};
use bydel_model::measure::{AGE_18_64, MICRO, NON_WESTERN, OUTSIDE_FTE_18_64, RESIDENTS};
use bydel_model::{AreaId, Kind, Year};
use bydel_privacy::{Cell, Meaning, ResultTable, Term};
use bydel_rules::{Classification, RuleSet, Status};

use crate::atoms::Scope;
use crate::cells::{Col, RowCtx, label};
use crate::error::PublishError;
use crate::tables::Builder;

/// The table's name.
pub const SCENARIOS: &str = "scenarios";
/// The key columns: the area, the start (last data year), the scenario, `baseline` or
/// `scenario`, and the data year projected.
pub const KEYS: [&str; 6] = [
    "kind",
    "area_id",
    "year",
    "scenario",
    "variant",
    "projected_year",
];
/// Comparable areas whose in-movers are pooled with the area's: the areas of the same layer in
/// the whole country closest in criteria A and E in the last data year.
pub const COMPARABLE: usize = 10;
/// A comparable area has at least this many residents.
pub const MIN_COMPARABLE_RESIDENTS: i64 = 500;
/// Years of moves the in-mover profile pools (transitions ending in the last data year).
pub const MOVE_YEARS: i32 = 3;

/// The `scenarios` table for the config's scenarios.
pub fn scenarios(
    scope: &Scope,
    defs: &[ScenarioDef],
    set: Option<&RuleSet>,
    classified: &[Classification],
    panel: Option<&bydel_flows::Panel>,
) -> Result<ResultTable, PublishError> {
    let base = *scope
        .years
        .last()
        .ok_or_else(|| PublishError::Input("scenarios: the counts have no year".into()))?;
    let from = Meaning::Derived {
        from: atom_terms(scope, set),
    };
    let pct = |name: &str| Col::new(name, from.clone(), Some(1));
    let mut cols = vec![Col::label("description"), Col::label("in_mover_profile")];
    for c in ["a", "c", "e"] {
        cols.extend([pct(c), pct(&format!("{c}_low")), pct(&format!("{c}_high"))]);
    }
    cols.extend(["b_met", "d_met"].map(|c| Col::new(c, from.clone(), None)));
    cols.extend(
        ["residents", "residents_low", "residents_high"]
            .map(|c| Col::new(c, from.clone(), Some(0))),
    );
    cols.push(pct("family_share"));
    cols.extend(
        [
            "p_a_over_40",
            "p_udsat",
            "p_parallelsamfund",
            "p_omdannelse",
            "p_forebyggelse",
        ]
        .map(|c| Col::new(c, from.clone(), Some(0))),
    );
    let mut b = Builder::new(
        SCENARIOS,
        (
            "Scenarier: kriterierne år for år med en udlejnings- eller ombygningsplan, mod grundforløbet",
            "Scenarios: the criteria year by year under a letting or building plan, against the baseline",
        ),
        &KEYS,
        None,
        cols,
    )?;
    for def in defs {
        let kind = Kind::new(def.kind.as_str()).map_err(|e| PublishError::Input(e.to_string()))?;
        let area =
            AreaId::new(def.area_id.as_str()).map_err(|e| PublishError::Input(e.to_string()))?;
        if !scope
            .areas
            .iter()
            .any(|a| a.kind == kind && a.area_id == area)
        {
            return Err(PublishError::Input(format!(
                "scenario {}: {kind} {area} is not an area of the run's layers in municipality {}",
                def.id, scope.municipality
            )));
        }
        let mut start = AreaStart::from_counts(
            scope.counts,
            &kind,
            &area,
            base,
            def.family_dwellings,
            &DEFAULTS,
        )
        .map_err(|e| PublishError::Input(format!("scenario {}: {e}", def.id)))?;
        held_fixed(&mut start, &kind, &area, classified);
        let movers = panel.map(|p| in_movers(p, scope, &kind, &area, base));
        let (baseline, scenario) = def.specs();
        let mut runs = Vec::new();
        for (variant, spec) in [("baseline", &baseline), ("scenario", &scenario)] {
            let profiles = match &movers {
                Some(m) => {
                    ChannelProfiles::from_in_movers(&start, m, spec.letting.section_59, &DEFAULTS)
                }
                None => ChannelProfiles::for_area(&start, spec.letting.section_59, &DEFAULTS),
            };
            let summary = run_with(&start, &profiles, spec)
                .map_err(|e| PublishError::Input(format!("scenario {}: {e}", def.id)))?;
            runs.push((variant, summary));
        }
        let source = if movers.as_ref().is_some_and(InMovers::is_enough) {
            "observed_in_movers"
        } else {
            "defaults"
        };
        for (variant, summary) in &runs {
            push_rows(
                &mut b, scope, def, &kind, &area, base, variant, summary, source, &start,
            )?;
        }
    }
    Ok(b.finish())
}

/// Every atom a scenario row rests on: the criteria numerators and denominators of the current
/// rule set and the residents, in the last three data years (the row's year is the last).
fn atom_terms(scope: &Scope, set: Option<&RuleSet>) -> Vec<Term> {
    let mut measures: BTreeSet<String> = [RESIDENTS, AGE_18_64, OUTSIDE_FTE_18_64, NON_WESTERN]
        .map(String::from)
        .into();
    for c in set.map(|s| s.criteria.as_slice()).unwrap_or_default() {
        measures.insert(c.numerator.clone());
        measures.insert(c.denominator.clone());
    }
    measures
        .iter()
        .filter(|m| scope.measures.contains(m))
        .flat_map(|m| (0..MOVE_YEARS).map(move |k| Term::own(m).years_back(-k)))
        .collect()
}

/// B and D at their status in the area's last list year (udsat and forebyggelse thresholds),
/// and the run of parallelsamfund years up to it.
fn held_fixed(start: &mut AreaStart, kind: &Kind, area: &AreaId, classified: &[Classification]) {
    let mut own: Vec<&Classification> = classified
        .iter()
        .filter(|c| &c.values.kind == kind && &c.values.area_id == area)
        .collect();
    own.sort_by_key(|c| c.values.list_year);
    let Some(last) = own.last() else {
        return;
    };
    let met = |cat: &str, crit: &str| {
        last.category(cat).is_some_and(|r| {
            r.conditions
                .iter()
                .any(|c| c.criterion == crit && c.status == Status::Met)
        })
    };
    start.b_met = met("udsat", "B");
    start.d_met = met("udsat", "D");
    start.b_met_prevention = met("forebyggelse", "B");
    start.d_met_prevention = met("forebyggelse", "D");
    start.parallel_streak = own
        .iter()
        .rev()
        .take_while(|c| {
            c.category("parallelsamfund")
                .is_some_and(|r| r.status == Status::Met)
        })
        .count() as u32;
}

/// The in-movers of the area and its [`COMPARABLE`] comparable areas in the last
/// [`MOVE_YEARS`] years: persons living there on 1 January who did not the year before.
fn in_movers(
    panel: &bydel_flows::Panel,
    scope: &Scope,
    kind: &Kind,
    area: &AreaId,
    base: Year,
) -> InMovers {
    let mut out = InMovers::default();
    let Some(layer) = panel.places.layers.iter().position(|k| k == kind) else {
        return out;
    };
    let targets: BTreeSet<u32> = comparable(scope, kind, area, base)
        .iter()
        .filter_map(|a| panel.places.find(kind.as_str(), a.as_str()))
        .collect();
    let years: Vec<i32> = (0..MOVE_YEARS).map(|k| base.get() - k).collect();
    for p in 0..panel.person_ids.len() {
        for &y in &years {
            let Some(cur) = panel.at(p, y) else { continue };
            let Some(slot) = panel.places.slot_in_layer(cur, layer) else {
                continue;
            };
            if !targets.contains(&slot) {
                continue;
            }
            if panel.years.first().is_none_or(|&first| y - 1 < first) {
                continue;
            }
            // moved in: elsewhere the year before, or arrived from abroad (not born)
            let moved = match panel.at(p, y - 1) {
                Some(r) => panel.places.slot_in_layer(r, layer) != Some(slot),
                None => cur.row.age > 0,
            };
            if moved {
                out.add(Mover {
                    age: cur.row.age,
                    in_work_or_education: bydel_flows::panel::in_work_or_education(&cur.row),
                    basic_education: matches!(cur.row.education, 0 | 6),
                    non_western: bydel_flows::panel::non_western(&cur.row),
                });
            }
        }
    }
    out
}

/// The area and the [`COMPARABLE`] areas of its layer in the whole country with at least
/// [`MIN_COMPARABLE_RESIDENTS`] residents closest to it in criteria A and E in `year`.
fn comparable(scope: &Scope, kind: &Kind, area: &AreaId, year: Year) -> Vec<AreaId> {
    let c = scope.counts;
    let shares = |a: &AreaId| -> Option<(f64, f64)> {
        let res = c.get(kind, a, year, RESIDENTS)?;
        let adults = c.get(kind, a, year, AGE_18_64)?;
        (res >= MIN_COMPARABLE_RESIDENTS && adults > 0).then(|| {
            let outside = c.get(kind, a, year, OUTSIDE_FTE_18_64).unwrap_or(0) as f64;
            let nw = c.get(kind, a, year, NON_WESTERN).unwrap_or(0) as f64;
            (outside / MICRO as f64 / adults as f64, nw / res as f64)
        })
    };
    let mut out = vec![area.clone()];
    let Some((a0, e0)) = shares(area) else {
        return out;
    };
    let mut near: Vec<(f64, AreaId)> = c
        .areas_of(kind)
        .map(|info| info.area_id.clone())
        .filter(|a| a != area)
        .filter_map(|a| shares(&a).map(|(x, e)| ((x - a0).hypot(e - e0), a)))
        .collect();
    near.sort_by(|x, y| x.0.total_cmp(&y.0).then_with(|| x.1.cmp(&y.1)));
    out.extend(near.into_iter().take(COMPARABLE).map(|(_, a)| a));
    out
}

#[allow(clippy::too_many_arguments)]
fn push_rows(
    b: &mut Builder,
    scope: &Scope,
    def: &ScenarioDef,
    kind: &Kind,
    area: &AreaId,
    base: Year,
    variant: &str,
    summary: &Summary,
    source: &str,
    start: &AreaStart,
) -> Result<(), PublishError> {
    let row = RowCtx::new(kind, area, base, &scope.years);
    let flag = |v: bool| v.to_string();
    for y in &summary.years {
        let c = |name: &str| b.col(name).clone();
        let num = |v: f64, name: &str| row.number(Some(v), &c(name));
        let pct = |v: f64, name: &str| num(100.0 * v, name);
        let mut cells: Vec<Cell> = vec![
            label(Some(def.description.clone())),
            label(Some(source.to_string())),
        ];
        for (band, n) in [(&y.a, "a"), (&y.c, "c"), (&y.e, "e")] {
            cells.extend([
                pct(band.mean, n),
                pct(band.low, &format!("{n}_low")),
                pct(band.high, &format!("{n}_high")),
            ]);
        }
        cells.push(row.text(Some(flag(start.b_met)), &c("b_met")));
        cells.push(row.text(Some(flag(start.d_met)), &c("d_met")));
        cells.extend([
            num(y.residents.mean.round(), "residents"),
            num(y.residents.low.round(), "residents_low"),
            num(y.residents.high.round(), "residents_high"),
            pct(y.family_share.mean, "family_share"),
            pct(y.p_a_over_40, "p_a_over_40"),
            pct(y.p_udsat, "p_udsat"),
            pct(y.p_parallelsamfund, "p_parallelsamfund"),
            pct(y.p_omdannelse, "p_omdannelse"),
            pct(y.p_forebyggelse, "p_forebyggelse"),
        ]);
        let key = vec![
            kind.as_str().to_string(),
            area.as_str().to_string(),
            base.to_string(),
            def.id.clone(),
            variant.to_string(),
            y.year.to_string(),
        ];
        b.push(key, scope.residents(kind, area, base), cells)?;
    }
    Ok(())
}
