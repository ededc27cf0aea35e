//! The analysis tables as published: every catalogue indicator (`indicators`), each area against
//! the rest of its municipality (`comparisons`), trends (`trends`), warnings (`warnings`), the
//! council's goals (`goals`) and the composition of schools and daycare institutions against
//! their surroundings (`composition`).
//!
//! Area-year tables are wide — one group of columns per indicator — so that every column has one
//! meaning. Long tables (warnings, goals, composition) name the row's measures in label columns
//! (`numerator_measure`, …) that the meanings refer to as `$column`.

use std::collections::{BTreeMap, BTreeSet};

use bydel_analysis::table::{Cell as ACell, Table};
use bydel_analysis::{Catalogue, Indicator};
use bydel_model::{AreaId, Kind, Year};
use bydel_privacy::{Meaning, ResultTable, Term};

use crate::atoms::{AREA_KEYS, Scope, key};
use crate::cells::{Col, RowCtx, all_terms, constant, label, rest_terms, window_terms};
use crate::error::PublishError;
use crate::tables::Builder;

/// Named access to an analysis table's cells.
struct Access<'t> {
    idx: BTreeMap<&'t str, usize>,
}

impl<'t> Access<'t> {
    fn new(t: &'t Table) -> Access<'t> {
        let idx = t
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i))
            .collect();
        Access { idx }
    }
    fn cell<'r>(&self, row: &'r [ACell], col: &str) -> Option<&'r ACell> {
        self.idx.get(col).and_then(|&i| row.get(i))
    }
    fn num(&self, row: &[ACell], col: &str) -> Option<f64> {
        match self.cell(row, col)? {
            ACell::Num(x) => Some(*x),
            ACell::Int(i) => Some(*i as f64),
            _ => None,
        }
    }
    fn text(&self, row: &[ACell], col: &str) -> Option<String> {
        match self.cell(row, col)? {
            ACell::Empty => None,
            c => Some(c.render()),
        }
    }
    fn area(&self, row: &[ACell], kind_col: &str, id_col: &str) -> Option<(Kind, AreaId)> {
        let k = Kind::new(self.text(row, kind_col)?).ok()?;
        let id = AreaId::new(self.text(row, id_col)?).ok()?;
        Some((k, id))
    }
    fn year(&self, row: &[ACell], col: &str) -> Option<Year> {
        Year::new(self.num(row, col)? as i32).ok()
    }
}

/// The meanings of one indicator's value, numerator and denominator for the row's own area.
struct IndicatorTerms {
    num: Vec<Term>,
    den: Vec<Term>,
    extra: Vec<Term>,
}

impl IndicatorTerms {
    fn of(ind: &Indicator) -> IndicatorTerms {
        let coef = 1.0 / ind.scale as f64;
        IndicatorTerms {
            num: window_terms(&ind.numerator, ind.window, coef),
            den: window_terms(&ind.denominator, ind.window, 1.0),
            extra: ind
                .sum_sq
                .iter()
                .flat_map(|s| window_terms(s, ind.window, 1.0))
                .collect(),
        }
    }
    fn value(&self) -> Meaning {
        Meaning::Ratio {
            num: self.num.clone(),
            den: self.den.clone(),
            scale: 1.0,
        }
    }
    fn interval(&self) -> Meaning {
        let mut from = all_terms(&[&self.value()]);
        from.extend(self.extra.iter().cloned());
        Meaning::Derived { from }
    }
}

/// `indicators`: every catalogue indicator for every area in scope and year.
pub fn indicators(scope: &Scope, cat: &Catalogue, t: &Table) -> Result<ResultTable, PublishError> {
    let a = Access::new(t);
    let inds: Vec<&Indicator> = cat.indicators().collect();
    let mut cols = Vec::new();
    for ind in &inds {
        let it = IndicatorTerms::of(ind);
        let id = &ind.id;
        let dec = (ind.scale != 1).then_some(2);
        cols.push(Col::new(id.as_str(), it.value(), Some(4)));
        cols.push(Col::new(format!("{id}_lower"), it.interval(), Some(4)));
        cols.push(Col::new(format!("{id}_upper"), it.interval(), Some(4)));
        cols.push(Col::new(
            format!("{id}_numerator"),
            Meaning::Sum { terms: it.num },
            dec,
        ));
        cols.push(Col::new(
            format!("{id}_denominator"),
            Meaning::Sum { terms: it.den },
            None,
        ));
    }
    let fields = ["", "_lower", "_upper", "_numerator", "_denominator"];
    let source = ["value", "lower", "upper", "numerator", "denominator"];
    let scoped: BTreeSet<(Kind, AreaId)> = scope.atom_areas().into_iter().collect();
    let mut wide: BTreeMap<(Year, Kind, AreaId), BTreeMap<String, f64>> = BTreeMap::new();
    for row in &t.rows {
        let (Some(area), Some(year), Some(ind)) = (
            a.area(row, "kind", "area_id"),
            a.year(row, "year"),
            a.text(row, "indicator"),
        ) else {
            continue;
        };
        if !scoped.contains(&area) {
            continue;
        }
        let entry = wide.entry((year, area.0, area.1)).or_default();
        for (f, s) in fields.iter().zip(source) {
            if let Some(x) = a.num(row, s) {
                let x = if s == "numerator" {
                    let scale = inds.iter().find(|i| i.id == ind).map_or(1, |i| i.scale);
                    x / scale as f64
                } else {
                    x
                };
                entry.insert(format!("{ind}{f}"), x);
            }
        }
    }
    let mut b = Builder::new(
        "indicators",
        ("Indikatorer", "Indicators"),
        &AREA_KEYS,
        None,
        cols,
    )?;
    for ((year, kind, id), values) in wide {
        let row = RowCtx {
            kind: &kind,
            id: &id,
            year,
            vars: BTreeMap::new(),
            years: &scope.years,
        };
        let cells = b
            .cols
            .iter()
            .map(|c| row.number(values.get(&c.name).copied(), c))
            .collect();
        b.push(
            key(&kind, &id, year),
            scope.residents(&kind, &id, year),
            cells,
        )?;
    }
    Ok(b.finish())
}

/// `comparisons`: each of the municipality's areas against the rest of the municipality.
pub fn comparisons(scope: &Scope, cat: &Catalogue, t: &Table) -> Result<ResultTable, PublishError> {
    let a = Access::new(t);
    let (mk, mid) = (
        scope.municipality_area.0.as_str(),
        scope.municipality_area.1.as_str(),
    );
    let mut cols = Vec::new();
    let fields = [
        ("value", "", true),
        ("reference_value", "_rest", true),
        ("ratio", "_ratio", false),
        ("ratio_lower", "_ratio_lower", false),
        ("ratio_upper", "_ratio_upper", false),
        ("difference", "_difference", false),
        ("p_value", "_p_value", false),
    ];
    for ind in cat.indicators() {
        let it = IndicatorTerms::of(ind);
        let rest = Meaning::Ratio {
            num: rest_terms(&it.num, mk, mid),
            den: rest_terms(&it.den, mk, mid),
            scale: 1.0,
        };
        let both = Meaning::Derived {
            from: {
                let mut f = all_terms(&[&it.value(), &rest]);
                f.extend(it.extra.iter().cloned());
                f.extend(it.extra.iter().map(|t| t.clone().in_area(mk, mid)));
                f
            },
        };
        for (src, suffix, _) in fields {
            let meaning = match src {
                "value" => it.value(),
                "reference_value" => rest.clone(),
                _ => both.clone(),
            };
            cols.push(Col::new(format!("{}{suffix}", ind.id), meaning, Some(4)));
        }
        cols.push(Col::new(format!("{}_markedly_worse", ind.id), both, None));
    }
    let mut wide: BTreeMap<(Year, Kind, AreaId), BTreeMap<String, Value>> = BTreeMap::new();
    for row in &t.rows {
        let (Some(area), Some(year), Some(ind)) = (
            a.area(row, "kind", "area_id"),
            a.year(row, "year"),
            a.text(row, "indicator"),
        ) else {
            continue;
        };
        let reference = a.area(row, "reference_kind", "reference_id");
        if !scope.is_own(&area.0, &area.1)
            || area == scope.municipality_area
            || reference.as_ref() != Some(&scope.municipality_area)
        {
            continue;
        }
        let entry = wide.entry((year, area.0, area.1)).or_default();
        for (src, suffix, _) in fields {
            if let Some(x) = a.num(row, src) {
                entry.insert(format!("{ind}{suffix}"), Value::Num(x));
            }
        }
        if let Some(m) = a.text(row, "markedly_worse") {
            entry.insert(format!("{ind}_markedly_worse"), Value::Text(m));
        }
    }
    let mut b = Builder::new(
        "comparisons",
        (
            "Områderne sammenlignet med resten af kommunen",
            "The areas compared with the rest of the municipality",
        ),
        &AREA_KEYS,
        None,
        cols,
    )?;
    push_wide(&mut b, scope, wide)?;
    Ok(b.finish())
}

/// `trends`: the trend of every indicator over the trend window, for the municipality and its
/// areas, in the latest year.
pub fn trends(
    scope: &Scope,
    cat: &Catalogue,
    t: &Table,
    window: u32,
) -> Result<ResultTable, PublishError> {
    let a = Access::new(t);
    let mut cols = Vec::new();
    let fields = [
        ("slope", "_slope", Some(6)),
        ("slope_lower", "_slope_lower", Some(6)),
        ("slope_upper", "_slope_upper", Some(6)),
        ("p_value", "_p_value", Some(4)),
        ("verdict", "_verdict", None),
    ];
    for ind in cat.indicators() {
        let it = IndicatorTerms::of(ind);
        let mut from = Vec::new();
        for k in 0..window as i32 {
            for term in all_terms(&[&it.value()]) {
                let mut term = term.clone();
                term.year_offset -= k;
                if !from.contains(&term) {
                    from.push(term);
                }
            }
        }
        let m = Meaning::Derived { from };
        for (_, suffix, dec) in fields {
            cols.push(Col::new(format!("{}{suffix}", ind.id), m.clone(), dec));
        }
    }
    let mut wide: BTreeMap<(Year, Kind, AreaId), BTreeMap<String, Value>> = BTreeMap::new();
    for row in &t.rows {
        let (Some(area), Some(year), Some(ind)) = (
            a.area(row, "kind", "area_id"),
            a.year(row, "year"),
            a.text(row, "indicator"),
        ) else {
            continue;
        };
        if !scope.is_own(&area.0, &area.1) {
            continue;
        }
        let entry = wide.entry((year, area.0, area.1)).or_default();
        for (src, suffix, _) in fields {
            let v = match (a.num(row, src), a.text(row, src)) {
                (Some(x), _) => Value::Num(x),
                (None, Some(s)) => Value::Text(s),
                _ => continue,
            };
            entry.insert(format!("{ind}{suffix}"), v);
        }
    }
    let mut b = Builder::new(
        "trends",
        ("Udvikling (tendenser)", "Trends"),
        &AREA_KEYS,
        None,
        cols,
    )?;
    push_wide(&mut b, scope, wide)?;
    Ok(b.finish())
}

/// A number or a text of a wide row.
enum Value {
    Num(f64),
    Text(String),
}

fn push_wide(
    b: &mut Builder,
    scope: &Scope,
    wide: BTreeMap<(Year, Kind, AreaId), BTreeMap<String, Value>>,
) -> Result<(), PublishError> {
    for ((year, kind, id), values) in wide {
        let row = RowCtx {
            kind: &kind,
            id: &id,
            year,
            vars: BTreeMap::new(),
            years: &scope.years,
        };
        let cells = b
            .cols
            .iter()
            .map(|c| match values.get(&c.name) {
                Some(Value::Num(x)) => row.number(Some(*x), c),
                Some(Value::Text(s)) => row.text(Some(s.clone()), c),
                None => row.number(None, c),
            })
            .collect();
        b.push(
            key(&kind, &id, year),
            scope.residents(&kind, &id, year),
            cells,
        )?;
    }
    Ok(())
}

/// The `$`-measure meaning of a long table's indicator: its own value over the trend window and
/// the municipality's, from the row's `numerator_measure` and `denominator_measure` columns.
fn long_inputs(scope: &Scope, window: u32, max_window: u32) -> Vec<Term> {
    let (mk, mid) = (
        scope.municipality_area.0.as_str(),
        scope.municipality_area.1.as_str(),
    );
    let mut from = Vec::new();
    for k in 0..(window + max_window) as i32 {
        for m in ["$numerator_measure", "$denominator_measure"] {
            from.push(Term::own(m).years_back(-k));
            from.push(Term::own(m).years_back(-k).in_area(mk, mid));
        }
    }
    from.push(Term::own(bydel_model::measure::RESIDENTS));
    from
}

fn measure_vars(cat: &Catalogue, indicator: &str) -> BTreeMap<String, String> {
    let mut vars = BTreeMap::new();
    if let Some(ind) = cat.indicators().find(|i| i.id == indicator) {
        vars.insert("numerator_measure".into(), ind.numerator.clone());
        vars.insert("denominator_measure".into(), ind.denominator.clone());
    } else {
        vars.insert("numerator_measure".into(), "residents".into());
        vars.insert("denominator_measure".into(), "residents".into());
    }
    vars
}

fn max_window(cat: &Catalogue) -> u32 {
    cat.indicators().map(|i| i.window).max().unwrap_or(1)
}

/// The list-threshold warnings' inputs: the rule sets, every classification, and how close
/// (percentage points) one missing condition must be.
#[derive(Debug)]
pub struct NearThreshold<'a> {
    /// The rule sets.
    pub sets: &'a bydel_rules::RuleSets,
    /// Every classification of the run.
    pub classified: &'a [bydel_rules::Classification],
    /// The band in the criterion's unit (percentage points).
    pub points: f64,
}

/// A warning about a flow indicator (`tables::flow_trends`), raised outside the catalogue's
/// watch list: the area, the last step's year, the rule, the indicator (its column in the flow
/// tables), the two atoms its value rests on and the two atoms of the rest of the municipality
/// (keyed by the area itself), and the sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct FlowWarning {
    /// The area's layer.
    pub kind: Kind,
    /// The area.
    pub id: AreaId,
    /// The year of the step judged.
    pub year: Year,
    /// The rule (`flow_turned_markedly_worse`, `flow_retention_worsening`).
    pub rule: String,
    /// The flow indicator (`retention_work_edu`, …).
    pub indicator: String,
    /// The area's atoms of the indicator (numerator and the rest of its denominator).
    pub measures: [String; 2],
    /// The rest of the municipality's atoms of the same indicator, keyed by the area.
    pub reference_measures: [String; 2],
    /// The warning in Danish.
    pub da: String,
    /// The warning in English.
    pub en: String,
}

/// The `$`-measure meaning of a warning: the row's own measures over the trend window and those
/// of its reference (`$reference_kind`/`$reference_id`: the municipality for the catalogue's
/// warnings; for a flow warning the area itself, whose `flow_rest_*` atoms count the rest of
/// the municipality).
fn warning_inputs(window: u32, max_window: u32) -> Vec<Term> {
    let mut from = Vec::new();
    for k in 0..(window + max_window) as i32 {
        for m in ["numerator_measure", "denominator_measure"] {
            from.push(Term::own(&format!("${m}")).years_back(-k));
            from.push(
                Term::own(&format!("$reference_{m}"))
                    .years_back(-k)
                    .in_area("$reference_kind", "$reference_id"),
            );
        }
    }
    from.push(Term::own(bydel_model::measure::RESIDENTS));
    from
}

/// A catalogue warning's reference: the municipality, with the row's own measures.
fn with_municipality_reference(scope: &Scope, vars: &mut BTreeMap<String, String>) {
    if vars.contains_key("reference_kind") {
        return;
    }
    let (mk, mid) = &scope.municipality_area;
    vars.insert("reference_kind".into(), mk.as_str().to_string());
    vars.insert("reference_id".into(), mid.as_str().to_string());
    for m in ["numerator_measure", "denominator_measure"] {
        let v = vars.get(m).cloned().unwrap_or_default();
        vars.insert(format!("reference_{m}"), v);
    }
}

/// One warning before ranking.
struct Warn {
    kind: Kind,
    id: AreaId,
    year: Year,
    rule: String,
    indicator: Option<String>,
    criterion: Option<String>,
    vars: BTreeMap<String, String>,
    category: Option<String>,
    da: Option<String>,
    en: Option<String>,
    persons: Option<i64>,
    distance: f64,
}

/// `warnings`: the watch-list for the municipality's own areas, in words, ranked: in the newest
/// year first the housing areas one condition from a list category (closest in persons first),
/// then the analysis' warnings (trends toward a criterion, near 1,000 residents, newly markedly
/// worse, likely next year). Areas of other municipalities never appear.
///
/// A warning's existence is itself a statement about its indicator's counts ("markedly worse"
/// says something about a share even where the share is hidden). So an analysis warning whose
/// counts primary suppression would hide — an area under the policy's minimum population, or a
/// numerator, remainder or denominator of 1 to `min_count − 1` persons in the warning's year —
/// is not published at all, rather than published with its numbers withheld. The table is one of
/// statements ([`bydel_privacy::ResultTable::statements`]): a warning whose numbers secondary
/// suppression withholds is left out by the release too.
pub fn warnings(
    scope: &Scope,
    cat: &Catalogue,
    t: &Table,
    window: u32,
    near: &NearThreshold<'_>,
    policy: &bydel_privacy::Policy,
    flow: &[FlowWarning],
) -> Result<ResultTable, PublishError> {
    let a = Access::new(t);
    let mut from = warning_inputs(window, max_window(cat));
    for term in crate::tables::classification::inputs(scope, near.sets) {
        if !from.contains(&term) {
            from.push(term);
        }
    }
    let derived = Meaning::Derived { from };
    let cols = vec![
        Col::label("name"),
        Col::label("rule"),
        Col::label("indicator"),
        Col::label("criterion"),
        Col::label("numerator_measure"),
        Col::label("denominator_measure"),
        Col::label("reference_kind"),
        Col::label("reference_id"),
        Col::label("reference_numerator_measure"),
        Col::label("reference_denominator_measure"),
        Col::new("category", derived.clone(), None),
        Col::new("persons_margin", derived.clone(), None),
        Col::new("sentence_da", derived.clone(), None),
        Col::new("sentence_en", derived, None),
    ];
    let mut b = Builder::new(
        "warnings",
        ("Varsler", "Warnings"),
        &["kind", "area_id", "year", "warning"],
        None,
        cols,
    )?;
    let mut warns = near_threshold(scope, near);
    for row in &t.rows {
        let (Some((kind, id)), Some(year)) = (a.area(row, "kind", "area_id"), a.year(row, "year"))
        else {
            continue;
        };
        if !scope.is_own(&kind, &id) {
            continue;
        }
        let indicator = a.text(row, "indicator").unwrap_or_default();
        let vars = measure_vars(cat, &indicator);
        if rests_on_a_small_count(scope, &kind, &id, year, &vars, policy) {
            continue;
        }
        warns.push(Warn {
            vars,
            kind,
            id,
            year,
            rule: a.text(row, "rule").unwrap_or_default(),
            indicator: Some(indicator).filter(|i| !i.is_empty()),
            criterion: None,
            category: a.text(row, "category"),
            da: a.text(row, "sentence_da"),
            en: a.text(row, "sentence_en"),
            persons: None,
            distance: f64::INFINITY,
        });
    }
    for w in flow {
        if !scope.is_own(&w.kind, &w.id) {
            continue;
        }
        let mut vars = BTreeMap::new();
        vars.insert("numerator_measure".into(), w.measures[0].clone());
        vars.insert("denominator_measure".into(), w.measures[1].clone());
        vars.insert("reference_kind".into(), w.kind.as_str().to_string());
        vars.insert("reference_id".into(), w.id.as_str().to_string());
        vars.insert(
            "reference_numerator_measure".into(),
            w.reference_measures[0].clone(),
        );
        vars.insert(
            "reference_denominator_measure".into(),
            w.reference_measures[1].clone(),
        );
        warns.push(Warn {
            kind: w.kind.clone(),
            id: w.id.clone(),
            year: w.year,
            rule: w.rule.clone(),
            indicator: Some(w.indicator.clone()),
            criterion: None,
            vars,
            category: None,
            da: Some(w.da.clone()),
            en: Some(w.en.clone()),
            persons: None,
            distance: f64::INFINITY,
        });
    }
    // Newest year first; within a year, list thresholds first, closest in persons first.
    warns.sort_by(|x, y| {
        y.year
            .cmp(&x.year)
            .then(x.persons.is_none().cmp(&y.persons.is_none()))
            .then(x.persons.cmp(&y.persons))
            .then(x.distance.total_cmp(&y.distance))
    });
    let mut rank: BTreeMap<Year, usize> = BTreeMap::new();
    for mut w in warns {
        with_municipality_reference(scope, &mut w.vars);
        let ctx = RowCtx {
            kind: &w.kind,
            id: &w.id,
            year: w.year,
            vars: w.vars.clone(),
            years: &scope.years,
        };
        let cells = vec![
            label(Some(scope.name(&w.kind, &w.id))),
            label(Some(w.rule.clone())),
            label(w.indicator.clone()),
            label(w.criterion.clone()),
            label(w.vars.get("numerator_measure").cloned()),
            label(w.vars.get("denominator_measure").cloned()),
            label(w.vars.get("reference_kind").cloned()),
            label(w.vars.get("reference_id").cloned()),
            label(w.vars.get("reference_numerator_measure").cloned()),
            label(w.vars.get("reference_denominator_measure").cloned()),
            ctx.text(w.category.clone(), &b.cols[10]),
            ctx.number(w.persons.map(|p| p as f64), &b.cols[11]),
            ctx.text(w.da.clone(), &b.cols[12]),
            ctx.text(w.en.clone(), &b.cols[13]),
        ];
        let n = rank.entry(w.year).or_default();
        *n += 1;
        let mut k = key(&w.kind, &w.id, w.year);
        k.push(n.to_string());
        b.push(k, scope.residents(&w.kind, &w.id, w.year), cells)?;
    }
    // A warning whose numbers secondary suppression withholds is left out by the release, and
    // the rest are numbered again within their year, so neither a `..` nor a gap says it was.
    b.finish()
        .statements(Some(("warning", &["year"])))
        .map_err(|e| PublishError::step("release", e))
}

/// Whether a warning about an area's indicator rests on counts that primary suppression hides:
/// the area under the minimum population, or a person count (numerator, remainder, denominator)
/// from 1 to `min_count − 1`. Amount numerators (kroner, FTE) are judged by their denominator.
fn rests_on_a_small_count(
    scope: &Scope,
    kind: &Kind,
    id: &AreaId,
    year: Year,
    vars: &BTreeMap<String, String>,
    policy: &bydel_privacy::Policy,
) -> bool {
    let min = i64::from(policy.min_count);
    let small = |n: i64| n > 0 && n < min;
    let count = |m: &str| scope.counts.get(kind, id, year, m);
    if count("residents").is_none_or(|r| r < i64::from(policy.min_area_population)) {
        return true;
    }
    let (Some(num), Some(den)) = (
        vars.get("numerator_measure"),
        vars.get("denominator_measure"),
    ) else {
        return false;
    };
    let Some(d) = count(den) else {
        return true;
    };
    if small(d) {
        return true;
    }
    if scope.amounts.contains_key(num) {
        return false;
    }
    match count(num) {
        Some(n) => small(n) || small(d - n),
        None => true,
    }
}

/// The municipality's listable housing areas that meet every condition of a category but one,
/// in the newest list year, when that one is within the band of its threshold.
fn near_threshold(scope: &Scope, near: &NearThreshold<'_>) -> Vec<Warn> {
    use bydel_rules::explain::{one_away_sentence, one_condition_away};
    use bydel_rules::margin::PersonsChange;
    let own = |c: &&bydel_rules::Classification| {
        c.eligibility.is_eligible() && scope.is_own(&c.values.kind, &c.values.area_id)
    };
    let newest = near
        .classified
        .iter()
        .filter(own)
        .map(|c| c.values.list_year)
        .max();
    let mut out = Vec::new();
    for c in near.classified.iter().filter(own) {
        if Some(c.values.list_year) != newest {
            continue;
        }
        let Ok(set) = near.sets.for_year(c.values.list_year) else {
            continue;
        };
        let Ok(year) = Year::new(c.values.list_year.get()) else {
            continue;
        };
        for (category, flip) in one_condition_away(c) {
            let points = flip
                .margin
                .clone()
                .map(|m| m.to_f64().abs() * flip.unit.scale().to_f64())
                .unwrap_or(f64::INFINITY);
            if points > near.points {
                continue;
            }
            let Some(criterion) = set.criterion(&flip.criterion) else {
                continue;
            };
            let mut vars = BTreeMap::new();
            vars.insert("numerator_measure".into(), criterion.numerator.clone());
            vars.insert("denominator_measure".into(), criterion.denominator.clone());
            out.push(Warn {
                kind: c.values.kind.clone(),
                id: c.values.area_id.clone(),
                year,
                rule: "near_threshold".into(),
                indicator: None,
                criterion: Some(flip.criterion.clone()),
                vars,
                category: Some(category.id.clone()),
                da: Some(one_away_sentence(
                    set,
                    c,
                    category,
                    flip,
                    bydel_model::Lang::Da,
                )),
                en: Some(one_away_sentence(
                    set,
                    c,
                    category,
                    flip,
                    bydel_model::Lang::En,
                )),
                persons: match flip.change {
                    PersonsChange::Delta(d) => Some(d.abs()),
                    _ => None,
                },
                distance: points,
            });
        }
    }
    out
}

/// `goals`: the council's goals, each with its baseline, current value and status.
pub fn goals(
    scope: &Scope,
    cat: &Catalogue,
    t: &Table,
    span: u32,
) -> Result<ResultTable, PublishError> {
    let a = Access::new(t);
    let derived = Meaning::Derived {
        from: long_inputs(scope, span, max_window(cat)),
    };
    let labels = [
        "name_da",
        "name_en",
        "indicator",
        "numerator_measure",
        "denominator_measure",
        "type",
        "baseline_year",
        "target_year",
    ];
    let values = [
        "baseline",
        "current",
        "projected_at_target_year",
        "by_how_much",
        "years_narrowed",
        "years_compared",
        "status",
    ];
    let mut cols: Vec<Col> = labels.iter().map(|l| Col::label(*l)).collect();
    cols.push(Col::new("target", Meaning::Constant, None));
    cols.extend(values.iter().map(|v| {
        Col::new(
            *v,
            derived.clone(),
            Some(4).filter(|_| !v.starts_with("years") && *v != "status"),
        )
    }));
    let mut b = Builder::new(
        "goals",
        ("Byrådets mål", "The council's goals"),
        &["kind", "area_id", "year", "goal"],
        None,
        cols,
    )?;
    for row in &t.rows {
        let (Some((kind, id)), Some(year), Some(goal)) = (
            a.area(row, "kind", "area_id"),
            a.year(row, "year"),
            a.text(row, "goal"),
        ) else {
            continue;
        };
        let indicator = a.text(row, "indicator").unwrap_or_default();
        let vars = measure_vars(cat, &indicator);
        let ctx = RowCtx {
            kind: &kind,
            id: &id,
            year,
            vars: vars.clone(),
            years: &scope.years,
        };
        let mut cells = Vec::new();
        for l in labels {
            let v = vars.get(l).cloned().or_else(|| a.text(row, l));
            cells.push(label(v));
        }
        cells.push(constant(a.num(row, "target")));
        for (i, v) in values.iter().enumerate() {
            let col = &b.cols[labels.len() + 1 + i];
            cells.push(match a.num(row, v) {
                Some(x) => ctx.number(Some(x), col),
                None => ctx.text(a.text(row, v), col),
            });
        }
        let mut k = key(&kind, &id, year);
        k.push(goal);
        b.push(k, scope.residents(&kind, &id, year), cells)?;
    }
    Ok(b.finish())
}

/// `composition`: pupils and daycare children of each institution against the children of its
/// surroundings.
pub fn composition(scope: &Scope, cat: &Catalogue, t: &Table) -> Result<ResultTable, PublishError> {
    let a = Access::new(t);
    let own = |m: &str| Term::own(m);
    let sur = |m: &str| Term::own(m).in_area("$surroundings_kind", "$surroundings_id");
    let value = Meaning::Ratio {
        num: vec![own("$numerator_measure")],
        den: vec![own("$denominator_measure")],
        scale: 1.0,
    };
    let reference = Meaning::Ratio {
        num: vec![sur("$surroundings_numerator_measure")],
        den: vec![sur("$surroundings_denominator_measure")],
        scale: 1.0,
    };
    let both = Meaning::Derived {
        from: all_terms(&[&value, &reference]),
    };
    let labels = [
        "name",
        "numerator_measure",
        "denominator_measure",
        "surroundings_kind",
        "surroundings_id",
        "surroundings_indicator",
        "surroundings_numerator_measure",
        "surroundings_denominator_measure",
    ];
    let numbers = [
        ("value", value.clone()),
        (
            "lower",
            Meaning::Derived {
                from: all_terms(&[&value]),
            },
        ),
        (
            "upper",
            Meaning::Derived {
                from: all_terms(&[&value]),
            },
        ),
        ("reference_value", reference),
        ("ratio", both.clone()),
        ("difference", both.clone()),
        ("p_value", both.clone()),
        ("markedly_worse", both.clone()),
        ("own_district_attendance", both),
    ];
    let mut cols: Vec<Col> = labels.iter().map(|l| Col::label(*l)).collect();
    cols.extend(
        numbers
            .iter()
            .map(|(n, m)| Col::new(*n, m.clone(), Some(4).filter(|_| *n != "markedly_worse"))),
    );
    let mut b = Builder::new(
        "composition",
        (
            "Elever og børn i institutionerne mod børnene i området omkring",
            "Pupils and children in the institutions against the children around them",
        ),
        &["kind", "area_id", "year", "indicator"],
        None,
        cols,
    )?;
    for row in &t.rows {
        let (Some((kind, id)), Some(year), Some(indicator)) = (
            a.area(row, "kind", "institution_id"),
            a.year(row, "year"),
            a.text(row, "indicator"),
        ) else {
            continue;
        };
        if !scope
            .institutions
            .iter()
            .any(|i| i.kind == kind && i.area_id == id)
        {
            continue;
        }
        let mut vars = measure_vars(cat, &indicator);
        let sur_ind = a.text(row, "surroundings_indicator").unwrap_or_default();
        let sv = measure_vars(cat, &sur_ind);
        vars.insert(
            "surroundings_numerator_measure".into(),
            sv["numerator_measure"].clone(),
        );
        vars.insert(
            "surroundings_denominator_measure".into(),
            sv["denominator_measure"].clone(),
        );
        vars.insert("surroundings_indicator".into(), sur_ind);
        for c in ["surroundings_kind", "surroundings_id"] {
            vars.insert(c.into(), a.text(row, c).unwrap_or_default());
        }
        vars.insert("name".into(), a.text(row, "name").unwrap_or_default());
        let ctx = RowCtx {
            kind: &kind,
            id: &id,
            year,
            vars: vars.clone(),
            years: &scope.years,
        };
        let mut cells: Vec<bydel_privacy::Cell> = labels
            .iter()
            .map(|l| label(vars.get(*l).cloned()))
            .collect();
        for (i, (n, _)) in numbers.iter().enumerate() {
            let col = &b.cols[labels.len() + i];
            cells.push(match a.num(row, n) {
                Some(x) => ctx.number(Some(x), col),
                None => ctx.text(a.text(row, n), col),
            });
        }
        let mut k = key(&kind, &id, year);
        k.push(indicator);
        b.push(k, None, cells)?;
    }
    Ok(b.finish())
}
