//! `classification`: the national lists as the rule sets compute them for the municipality's
//! housing areas, every list year — criteria values (the law's means), conditions met,
//! categories, margins in units and in persons, and the explanations.
//!
//! Every value of a row is computed from the criteria atoms of its list year's data years, for
//! the area and for the criteria's reference areas; a row is shown only when all of them are.

use bydel_model::{AreaId, Kind, Year};
use bydel_privacy::{Meaning, ResultTable, Term};
use bydel_rules::ruleset::{Reference, RuleSet};
use bydel_rules::{Classification, FlatTable, RuleSets};

use crate::atoms::Scope;
use crate::cells::{Col, RowCtx};
use crate::error::PublishError;
use crate::tables::Builder;

/// Columns that are public labels: the area's name and the rule set's id.
const LABELS: &[&str] = &["name", "rule_set"];
/// Columns of the flat table that are not published (the key, and the residents, which are an
/// atom of `area_figures`).
const SKIP: &[&str] = &["kind", "area_id", "list_year", "residents"];

/// The `classification` table for the municipality's areas of the list layer.
pub fn classification(
    scope: &Scope,
    sets: &RuleSets,
    all: &[Classification],
) -> Result<ResultTable, PublishError> {
    let own: Vec<&Classification> = all
        .iter()
        .filter(|c| {
            c.values.kind.as_str() == Kind::HOUSING_AREA
                && scope.is_own(&c.values.kind, &c.values.area_id)
        })
        .collect();
    let flat = bydel_rules::flat_table(
        &own.iter().map(|c| (*c).clone()).collect::<Vec<_>>(),
        bydel_rules::Identity::Full,
    );
    let from = inputs(scope, sets);
    let cols: Vec<Col> = flat
        .columns
        .iter()
        .filter(|c| !SKIP.contains(&c.as_str()))
        .map(|c| column(c, &from))
        .collect();
    let mut b = Builder::new(
        "classification",
        (
            "De officielle lister: kriterier, kategorier og afstand til grænserne",
            "The official lists: criteria, categories and distance to the thresholds",
        ),
        &["kind", "area_id", "list_year"],
        Some("list_year"),
        cols,
    )?;
    for (i, c) in own.iter().enumerate() {
        let (kind, id) = (&c.values.kind, &c.values.area_id);
        let year =
            Year::new(c.values.list_year.get()).map_err(|e| PublishError::Input(e.to_string()))?;
        let row = RowCtx::new(kind, id, year, &scope.years);
        let listable = c.eligibility != bydel_rules::Eligibility::NotPublicHousing;
        let cells = b
            .cols
            .iter()
            .map(|col| {
                if !listable && is_list_column(sets, &col.name) {
                    return row.text(None, col);
                }
                let text = cell_text(&flat, i, &col.name);
                match text.parse::<f64>() {
                    Ok(x) if x.is_finite() => row.number(Some(x), col),
                    _ => row.text(Some(text), col),
                }
            })
            .collect();
        b.push(
            vec![kind.as_str().into(), id.as_str().into(), year.to_string()],
            scope.residents(kind, id, year),
            cells,
        )?;
    }
    Ok(b.finish())
}

/// Whether a column says something about a list category (a category's flag, what would change
/// it, its history): blank for an area that is not public housing, which can never be listed.
fn is_list_column(sets: &RuleSets, name: &str) -> bool {
    sets.sets().iter().any(|set| {
        set.categories.iter().any(|cat| {
            name == cat.id
                || name.strip_prefix(cat.id.as_str()).is_some_and(|rest| {
                    rest == "_change" || rest == "_history" || rest.ends_with("_persons_to_change")
                })
        })
    })
}

fn cell_text(flat: &FlatTable, row: usize, col: &str) -> String {
    flat.columns
        .iter()
        .position(|c| c == col)
        .and_then(|i| flat.rows[row].get(i))
        .cloned()
        .unwrap_or_default()
}

/// A label, or a value (number or text, explanations included) computed from the row's atoms.
fn column(name: &str, from: &[Term]) -> Col {
    if LABELS.contains(&name) {
        return Col::label(name);
    }
    let meaning = Meaning::Derived {
        from: from.to_vec(),
    };
    Col::new(name, meaning, None)
}

/// The criteria atoms of a list year (relative to the list year), for the area and for the
/// criteria's reference areas, over every rule set's criteria and data years.
pub(crate) fn inputs(scope: &Scope, sets: &RuleSets) -> Vec<Term> {
    let mut out: Vec<Term> = Vec::new();
    let mut add = |t: Term| {
        if !out.contains(&t) {
            out.push(t);
        }
    };
    for set in sets.sets() {
        add(Term::own(&set.population_measure));
        for c in &set.criteria {
            for &o in &c.data_years {
                for m in [&c.numerator, &c.denominator] {
                    add(Term::own(m).years_back(o));
                    if let Some((k, id)) = reference(scope, c.reference) {
                        add(Term::own(m).years_back(o).in_area(k.as_str(), id.as_str()));
                    }
                }
            }
        }
    }
    out
}

fn reference(scope: &Scope, r: Reference) -> Option<(Kind, AreaId)> {
    match r {
        Reference::None => None,
        Reference::Country => Some(scope.country_area.clone()),
        Reference::Region => scope.region_area.clone(),
    }
}

/// The rule set of the latest list year the counts allow.
pub fn current_set<'s>(sets: &'s RuleSets, scope: &Scope) -> Option<&'s RuleSet> {
    let last = scope.years.last()?;
    sets.for_year(bydel_rules::ListYear::new(last.get()).ok()?)
        .ok()
}

/// `official_lists`: the official 1 December lists (as supplied in the config) against bydel's
/// own calculation, for the municipality's housing areas that can be listed, in every list year
/// the supplied lists give in full. The official category is public; bydel's rests on the same
/// atoms as `classification`.
pub fn official_lists(
    scope: &Scope,
    sets: &RuleSets,
    all: &[Classification],
    history: &bydel_rules::History,
) -> Result<ResultTable, PublishError> {
    let from = inputs(scope, sets);
    let derived = || Meaning::Derived { from: from.clone() };
    let cols = vec![
        Col::label("name"),
        Col::label("official"),
        Col::new("bydel", derived(), None),
        Col::new("agrees", derived(), None),
    ];
    let mut b = Builder::new(
        "official_lists",
        (
            "De officielle lister pr. 1. december mod bydels beregning",
            "The official 1 December lists against bydel's calculation",
        ),
        &["kind", "area_id", "list_year"],
        Some("list_year"),
        cols,
    )?;
    let layer = Kind::new(Kind::HOUSING_AREA).map_err(|e| PublishError::Input(e.to_string()))?;
    let years = history.complete_years(&layer);
    for c in all {
        let (kind, id) = (&c.values.kind, &c.values.area_id);
        if kind != &layer
            || !scope.is_own(kind, id)
            || c.eligibility == bydel_rules::Eligibility::NotPublicHousing
            || !years.contains(&c.values.list_year)
        {
            continue;
        }
        let Ok(set) = sets.for_year(c.values.list_year) else {
            continue;
        };
        let Some(official) =
            history.listed_category(kind, id, c.values.list_year, &set.published_order)
        else {
            continue;
        };
        let year =
            Year::new(c.values.list_year.get()).map_err(|e| PublishError::Input(e.to_string()))?;
        let row = RowCtx::new(kind, id, year, &scope.years);
        let official = official.unwrap_or_else(|| "none".into());
        let ours = c.published.clone().unwrap_or_else(|| "none".into());
        let agrees = if official == ours { "true" } else { "false" };
        let cells = vec![
            crate::cells::label(Some(scope.name(kind, id))),
            crate::cells::label(Some(official)),
            row.text(Some(ours), &b.cols[2]),
            row.text(Some(agrees.into()), &b.cols[3]),
        ];
        b.push(
            vec![kind.as_str().into(), id.as_str().into(), year.to_string()],
            scope.residents(kind, id, year),
            cells,
        )?;
    }
    Ok(b.finish())
}
