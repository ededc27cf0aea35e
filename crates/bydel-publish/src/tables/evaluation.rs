//! `evaluation`: what the interventions of the config's interventions file did (docs/evaluation.md).
//! For each intervention area of the municipality and each outcome, staggered
//! difference-in-differences (Callaway–Sant'Anna, placebo inference for one treated area) and
//! synthetic control against comparable areas of the same layer in the whole country: the
//! estimate, its interval, the pre-period check and the Danish verdict.
//! When the run has the person panel, criterion A's outcome also gets a `stayers` row: the
//! persons who lived in the area the year before the start, followed wherever they live, against
//! comparable residents of the layer's other areas reweighted to their baseline traits
//! ([`bydel_evaluate::stayers`]). It rests on the same named atoms; the stayers' counts are not
//! published, and an estimate needs at least [`MIN_STAYERS`] of them.
//!
//! Disclosure: an estimate is a model output computed from the outcome's numerator and
//! denominator in every year, of the treated area (atoms of `area_figures`, named by the
//! column's `derived` meaning, so a result is shown only when every one of them is) and of the
//! comparison areas (each with at least [`MIN_DENOMINATOR`] persons in the outcome's population
//! every year, averaged over many areas with weights that are themselves estimated). Estimates are
//! rounded to 0.1 percentage point.

use std::collections::{BTreeMap, BTreeSet};

use bydel_analysis::Catalogue;
use bydel_analysis::indicator::IndicatorKind;
use bydel_evaluate::did::{ControlGroup, DidSettings, Inference, callaway_santanna};
use bydel_evaluate::panel::PanelRequest;
use bydel_evaluate::synthetic::{ScSettings, synthetic_control};
use bydel_evaluate::verdict::{Estimate, Verdict};
use bydel_evaluate::{Outcome, Panel, parse_interventions};
use bydel_model::{AreaId, Missing, Year};
use bydel_privacy::{Cell, Meaning, ResultTable, Term};

use crate::atoms::Scope;
use crate::cells::{Col, RowCtx, label};
use crate::config::RunConfig;
use crate::error::PublishError;
use crate::tables::Builder;

/// The table's name.
pub const EVALUATION: &str = "evaluation";
/// The outcomes evaluated (share indicators of the catalogue).
pub const OUTCOMES: [&str; 2] = ["a_outside_work", "youth_education_25"];
/// A comparison area enters only with at least this many persons in the outcome's population in
/// every year.
pub const MIN_DENOMINATOR: i64 = 20;
/// Placebo draws of the difference-in-differences with one treated area.
const DRAWS: usize = 499;
/// The outcome the stayers panel follows at person level (outside work and education, 18–64).
pub const STAYERS_OUTCOME: &str = "a_outside_work";
/// The least number of stayers (and of persons in a placebo area) for a stayers estimate.
pub const MIN_STAYERS: u64 = 20;

/// The key columns.
pub const KEYS: [&str; 5] = ["kind", "area_id", "year", "outcome", "method"];

/// The `evaluation` table from the interventions file `(file, text)`.
pub fn evaluation(
    scope: &Scope,
    config: &RunConfig,
    file: &str,
    text: &str,
    persons: Option<&bydel_flows::Panel>,
) -> Result<ResultTable, PublishError> {
    let interventions =
        parse_interventions(text, file).map_err(|e| PublishError::Input(e.to_string()))?;
    for iv in &interventions {
        if !scope
            .areas
            .iter()
            .any(|a| a.kind == iv.area_kind && a.area_id == iv.area_id)
        {
            return Err(PublishError::Input(format!(
                "{file}: {} {}: not an area of the run's layers in municipality {}",
                iv.area_kind, iv.area_id, scope.municipality
            )));
        }
    }
    let cat = Catalogue::builtin().map_err(|e| PublishError::step("evaluation", e))?;
    let outcomes: Vec<Outcome> = OUTCOMES
        .iter()
        .filter_map(|id| cat.indicator(id))
        .filter(|i| i.kind == IndicatorKind::Share)
        .map(|i| Outcome {
            id: i.id.clone(),
            name_da: format!("andelen »{}«", lower_first(&i.name_da)),
            numerator: i.numerator.clone(),
            denominator: i.denominator.clone(),
            scale: i.scale.max(1) as f64,
        })
        .collect();
    let first = scope.years.first().map_or(0, |y| y.get());
    let last = scope.years.last().map_or(0, |y| y.get());
    // every data year relative to the row's year (the start): terms outside the data years name
    // no atom, so each row names its area's outcome atoms in every data year
    let span = last - first;
    let from = Meaning::Derived {
        from: (-span..=span)
            .flat_map(|off| {
                [
                    Term::own("$numerator_measure").years_back(off),
                    Term::own("$denominator_measure").years_back(off),
                ]
            })
            .collect(),
    };
    let derived = |name: &str, decimals| Col::new(name, from.clone(), decimals);
    let cols = vec![
        Col::label("description"),
        Col::label("intervention_kind"),
        Col::label("numerator_measure"),
        Col::label("denominator_measure"),
        derived("estimate", Some(3)),
        derived("low", Some(3)),
        derived("high", Some(3)),
        derived("p_value", Some(3)),
        derived("pre_period_ok", None),
        derived("verdict", None),
    ];
    let mut b = Builder::new(
        EVALUATION,
        (
            "Virkede indsatserne? Skøn over effekten med interval og vurdering",
            "Did the interventions work? Estimated effects with intervals and verdicts",
        ),
        &KEYS,
        None,
        cols,
    )?;
    let starts: BTreeMap<(String, AreaId), Year> =
        interventions.iter().fold(BTreeMap::new(), |mut m, iv| {
            let k = (iv.area_kind.to_string(), iv.area_id.clone());
            let e = m.entry(k).or_insert(iv.start);
            *e = (*e).min(iv.start);
            m
        });
    let treated: BTreeSet<AreaId> = starts.keys().map(|(_, a)| a.clone()).collect();
    for ((kind, area), start) in &starts {
        let kind = bydel_model::Kind::new(kind.as_str()).expect("a parsed layer");
        let info = scope
            .areas
            .iter()
            .find(|a| a.kind == kind && &a.area_id == area)
            .expect("checked above");
        let described: Vec<&bydel_evaluate::Intervention> = interventions
            .iter()
            .filter(|i| i.area_kind == kind && &i.area_id == area)
            .collect();
        let description = described
            .iter()
            .map(|i| i.description.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        let iv_kind = described
            .iter()
            .map(|i| i.kind.to_string())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect::<Vec<_>>()
            .join(", ");
        let others: BTreeSet<AreaId> = treated.iter().filter(|a| *a != area).cloned().collect();
        for outcome in &outcomes {
            let request = PanelRequest {
                kind: kind.clone(),
                years: None,
                min_denominator: MIN_DENOMINATOR,
                municipalities: Vec::new(),
            };
            let Ok(panel) = Panel::from_counts(scope.counts, outcome, &request) else {
                continue;
            };
            let panel = panel.without(&others);
            let mut results = if panel.index_of(area).is_none() {
                vec![("did", None), ("synthetic_control", None)]
            } else {
                estimates(&panel, area, *start, config.level).to_vec()
            };
            if outcome.id == STAYERS_OUTCOME
                && let Some(persons) = persons
            {
                let others: BTreeSet<(String, AreaId)> =
                    starts.keys().filter(|(_, a)| a != area).cloned().collect();
                results.push((
                    "stayers",
                    stayers(persons, &kind, area, *start, &others, config.level, outcome),
                ));
            }
            let numerator = outcome.numerator.clone();
            let denominator = outcome.denominator.clone();
            for (method, result) in results {
                let row = RowCtx {
                    kind: &info.kind,
                    id: &info.area_id,
                    year: *start,
                    vars: [
                        ("numerator_measure".to_string(), numerator.clone()),
                        ("denominator_measure".to_string(), denominator.clone()),
                    ]
                    .into_iter()
                    .collect(),
                    years: &scope.years,
                };
                let c = |name: &str| b.col(name).clone();
                let text = |v: String, col: &Col| row.text(Some(v), col);
                let mut cells: Vec<Cell> = vec![
                    label(Some(description.clone())),
                    label(Some(iv_kind.clone())),
                    label(Some(numerator.clone())),
                    label(Some(denominator.clone())),
                ];
                match result {
                    Some((est, verdict)) => cells.extend([
                        row.number(Some(est.value), &c("estimate")),
                        row.number(Some(est.low), &c("low")),
                        row.number(Some(est.high), &c("high")),
                        row.number(est.p_value, &c("p_value")),
                        text(verdict.pre_period_ok.to_string(), &c("pre_period_ok")),
                        text(verdict.sentence.clone(), &c("verdict")),
                    ]),
                    // not evaluated (too few persons in some year, or no comparison): no value
                    None => cells.extend((0..6).map(|_| Cell::Missing(Missing::NoData))),
                }
                let key = vec![
                    info.kind.as_str().to_string(),
                    info.area_id.as_str().to_string(),
                    start.to_string(),
                    outcome.id.clone(),
                    method.to_string(),
                ];
                let pop = scope.residents(&info.kind, &info.area_id, *start);
                b.push(key, pop, cells)?;
            }
        }
    }
    Ok(b.finish())
}

type Result2 = Option<(Estimate, Verdict)>;

/// Difference-in-differences and synthetic control for one treated area (`None` where a method
/// cannot estimate).
fn estimates(
    panel: &Panel,
    area: &AreaId,
    start: Year,
    level: f64,
) -> [(&'static str, Result2); 2] {
    let starts: BTreeMap<AreaId, Year> = [(area.clone(), start)].into_iter().collect();
    let did = callaway_santanna(
        panel,
        &starts,
        &DidSettings {
            control: ControlGroup::NotYetTreated,
            inference: Inference::auto(1, DRAWS, 1),
            level,
        },
    )
    .ok()
    .map(|r| (r.overall, r.verdict));
    let sc = synthetic_control(
        panel,
        area,
        start,
        &BTreeSet::new(),
        &ScSettings {
            max_donors: 10,
            placebo_areas: 60,
            time_placebos: 3,
            level,
        },
    )
    .ok()
    .map(|r| (r.effect, r.verdict));
    [("did", did), ("synthetic_control", sc)]
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_lowercase().chain(c).collect())
}

/// The stayers panel for one treated area ([`bydel_evaluate::stayers`]): the persons who lived in
/// an area of the layer the year before the start, 18–64 in every data year and present in
/// all of them, per area and baseline cell (age band, non-Western origin, basic education,
/// outside work and education in the base year), with how many are outside work and education
/// each year. `None` where the estimate cannot be made.
fn stayers(
    persons: &bydel_flows::Panel,
    kind: &bydel_model::Kind,
    area: &AreaId,
    start: Year,
    others: &BTreeSet<(String, AreaId)>,
    level: f64,
    outcome: &Outcome,
) -> Result2 {
    use bydel_evaluate::stayers::{StayersSettings, stayers_did};
    let layer = persons.places.layers.iter().position(|k| k == kind)?;
    let treated = persons.places.find(kind.as_str(), area.as_str())?;
    let exclude: BTreeSet<u32> = others
        .iter()
        .filter_map(|(k, a)| persons.places.find(k, a.as_str()))
        .collect();
    let panel = stayers_panel(persons, layer, start.get() - 1)?;
    let settings = StayersSettings {
        min_persons: MIN_STAYERS,
        max_placebos: 60,
        level,
    };
    let name = format!(
        "{} blandt dem, der boede i området året før starten",
        outcome.name_da
    );
    let r = stayers_did(&panel, treated, start.get(), &exclude, &settings, &name).ok()?;
    Some((r.estimate, r.verdict))
}

/// The balanced stayers panel of a layer with base year `base` (see [`stayers`]).
fn stayers_panel(
    persons: &bydel_flows::Panel,
    layer: usize,
    base: i32,
) -> Option<bydel_evaluate::stayers::StayersPanel> {
    use bydel_evaluate::stayers::{CellCounts, StayersPanel};
    use bydel_flows::panel::{in_work_or_education, non_western};
    let years = persons.years.clone();
    let (first, last) = (*years.first()?, *years.last()?);
    if !years.contains(&base) || years.len() as i32 != last - first + 1 {
        return None;
    }
    let mut cells: BTreeMap<(u32, u32), (u64, Vec<u64>)> = BTreeMap::new();
    for p in 0..persons.person_ids.len() {
        let Some(b) = persons.at(p, base) else {
            continue;
        };
        let Some(slot) = persons.places.slot_in_layer(b, layer) else {
            continue;
        };
        let rows: Option<Vec<_>> = years.iter().map(|&y| persons.at(p, y)).collect();
        let Some(rows) = rows else { continue };
        if rows.iter().any(|r| !(18..=64).contains(&r.row.age)) {
            continue;
        }
        let age = b.row.age;
        let band = match age {
            ..=29 => 0,
            30..=39 => 1,
            40..=49 => 2,
            _ => 3,
        };
        let basic = age >= 25 && matches!(b.row.education, 0 | 6);
        let cell = band * 8
            + 4 * u32::from(non_western(&b.row))
            + 2 * u32::from(basic)
            + u32::from(!in_work_or_education(&b.row));
        let e = cells
            .entry((slot, cell))
            .or_insert_with(|| (0, vec![0; years.len()]));
        e.0 += 1;
        for (t, r) in rows.iter().enumerate() {
            e.1[t] += u64::from(!in_work_or_education(&r.row));
        }
    }
    Some(StayersPanel {
        years,
        cells: cells
            .into_iter()
            .map(|((area, cell), (persons, outcome))| CellCounts {
                area,
                cell,
                persons,
                outcome,
            })
            .collect(),
    })
}
