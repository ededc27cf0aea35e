//! The flow indicators as indicators: their trends (`flow_trends`) and their warnings (rows of
//! the one `warnings` table), with the catalogue's methods (`bydel_analysis::rates`): the same
//! Theil–Sen slope, Mann–Kendall test and verdict as `trends`, and the same "markedly worse"
//! rule as `comparisons` and the catalogue's `turned_markedly_worse` warning.
//!
//! The indicators ([`FlowMeasure`]): retention of each resource group (residents in work or
//! education, with a higher education, in the region's top income quintile), the group's share
//! among in-movers, turnover, and the retention gap to the rest of the municipality — the
//! `flows_*` and `flows_rest` columns of the same names, one value per step *t−1* → *t*.
//!
//! Disclosure: a trend is a `derived` cell naming every flow atom of every step it is fitted to
//! (the area's, and for the gap the rest's), so it is shown only when every one of those rows
//! is; a trend over a withheld step is never shown. A warning names the area's and the rest's
//! retention atoms over the window ([`FlowWarning`]); the `warnings` table is a table of
//! statements, so a warning resting on a withheld row is left out.

use bydel_analysis::Settings;
use bydel_analysis::compare::Comparison;
use bydel_analysis::indicator::Direction;
use bydel_analysis::rates::{
    Rate, compare_rates, gap_point, rate_indicator, rate_point, rate_trend, turnover_point,
};
use bydel_analysis::series::seed_for;
use bydel_analysis::trend::{Point, Trend, Verdict};
use bydel_flows::Group;
use bydel_flows::flows::measure_name;
use bydel_flows::rest::{RestGroup, rest_measure_name};
use bydel_flows::{Flows, Split};
use bydel_model::{AreaInfo, Year};
use bydel_privacy::{Meaning, ResultTable, Term};

use crate::atoms::{AREA_KEYS, Scope, key};
use crate::cells::{Col, RowCtx};
use crate::error::PublishError;
use crate::tables::Builder;
use crate::tables::analysis::FlowWarning;
use crate::tables::flows::{FAMILIES, RESOURCES, atom_values, rest_is_safe, split_atom};

/// The flow trends table's name.
pub const FLOW_TRENDS: &str = "flow_trends";

/// The columns of one indicator's trend, after the indicator's id (as in `trends`).
pub const TREND_FIELDS: [&str; 5] = [
    "_slope",
    "_slope_lower",
    "_slope_upper",
    "_p_value",
    "_verdict",
];

/// A flow indicator: one value per area and step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowMeasure {
    /// Stayers / (stayers + out-movers) of a resource group (deaths count as leaving).
    Retention(Split),
    /// The group's in-movers / every in-mover (births left out).
    ShareIn(Split),
    /// (In-movers + out-movers) / (stayers + out-movers), everyone.
    Turnover,
    /// The area's retention of the group minus the rest of the municipality's.
    RetentionGap(Split),
}

/// Every flow indicator with a trend, in column order.
pub fn flow_measures() -> Vec<FlowMeasure> {
    let mut out: Vec<FlowMeasure> = RESOURCES
        .iter()
        .map(|&s| FlowMeasure::Retention(s))
        .collect();
    out.extend(RESOURCES.iter().map(|&s| FlowMeasure::ShareIn(s)));
    out.push(FlowMeasure::Turnover);
    out.extend(RESOURCES.iter().map(|&s| FlowMeasure::RetentionGap(s)));
    out
}

impl FlowMeasure {
    /// The indicator's id: the name of its column in the flow tables.
    pub fn id(self) -> String {
        match self {
            FlowMeasure::Retention(s) => format!("retention_{}", s.as_str()),
            FlowMeasure::ShareIn(s) => format!("share_in_{}", s.as_str()),
            FlowMeasure::Turnover => "turnover".into(),
            FlowMeasure::RetentionGap(s) => format!("retention_gap_{}", s.as_str()),
        }
    }

    /// Which way is bad: a higher turnover; a lower retention, share or gap.
    pub fn direction(self) -> Direction {
        match self {
            FlowMeasure::Turnover => Direction::HigherIsWorse,
            _ => Direction::HigherIsBetter,
        }
    }

    /// The atoms one step's value rests on (keyed by the area).
    pub fn atoms(self) -> Vec<String> {
        let all = |g: Group| measure_name(g, Split::All);
        let movers_in = [Group::InWithin, Group::InOtherMunicipality, Group::InAbroad].map(all);
        match self {
            FlowMeasure::Retention(s) => vec![split_atom("stayers", s), split_atom("out", s)],
            FlowMeasure::ShareIn(s) => {
                let mut v = vec![split_atom("in", s)];
                v.extend(movers_in);
                v
            }
            FlowMeasure::Turnover => Group::ALL
                .iter()
                .filter(|g| g.is_in() || g.is_out() || **g == Group::Stayers)
                .map(|&g| all(g))
                .collect(),
            FlowMeasure::RetentionGap(s) => vec![
                split_atom("stayers", s),
                split_atom("out", s),
                rest_measure_name(RestGroup::Stayers, s),
                rest_measure_name(RestGroup::Out, s),
            ],
        }
    }

    /// The step's value with its standard error, from its atoms (`None` without persons).
    pub fn point(self, year: i32, v: &dyn Fn(&str) -> i64, s: &Settings) -> Option<Point> {
        let ind = rate_indicator(&self.id(), (&self.id(), &self.id()), self.direction());
        let a = self.atoms();
        let rate = |num: &str, other: &str| Rate {
            num: v(num),
            den: v(num) + v(other),
        };
        match self {
            FlowMeasure::Retention(_) => rate_point(&ind, year, rate(&a[0], &a[1]), s),
            FlowMeasure::ShareIn(_) => {
                let den: i64 = a[1..].iter().map(|n| v(n)).sum();
                rate_point(&ind, year, Rate { num: v(&a[0]), den }, s)
            }
            FlowMeasure::Turnover => {
                let stayers = v(&measure_name(Group::Stayers, Split::All));
                let movers: i64 = a.iter().map(|n| v(n)).sum::<i64>() - stayers;
                let out: i64 = Group::ALL
                    .iter()
                    .filter(|g| g.is_out())
                    .map(|&g| v(&measure_name(g, Split::All)))
                    .sum();
                turnover_point(year, movers, stayers + out)
            }
            FlowMeasure::RetentionGap(_) => {
                gap_point(&ind, year, rate(&a[0], &a[1]), rate(&a[2], &a[3]), s)
            }
        }
    }
}

/// The steps of the trend window ending at the last year: at most `s.trend_window` years that
/// have a step (every year of the counts but the first), oldest first.
pub fn window_steps(scope: &Scope, s: &Settings) -> Vec<Year> {
    let steps: Vec<Year> = scope.years.iter().skip(1).copied().collect();
    let n = steps.len().min(s.trend_window as usize);
    steps[steps.len() - n..].to_vec()
}

/// The atoms of one step of an area, by name: the area's flow atoms and the rest's.
fn step_values(flows: &Flows, a: &AreaInfo, year: Year) -> Option<Vec<(String, i64)>> {
    let mut v = atom_values(flows, a, year)?;
    for n in crate::tables::flows::rest_atoms() {
        let x = flows.counts.get(&a.kind, &a.area_id, year, &n).unwrap_or(0);
        v.push((n, x));
    }
    Some(v)
}

/// The trend of one flow indicator of an area over the window's steps.
pub fn measure_trend(
    flows: &Flows,
    a: &AreaInfo,
    m: FlowMeasure,
    steps: &[Year],
    s: &Settings,
) -> Option<Trend> {
    let seed = [a.kind.as_str(), a.area_id.as_str()];
    trend_of(m, steps, &|y| step_values(flows, a, y), &seed, s)
}

/// The trend of one flow indicator over `steps`, from each step's atoms (`values`; a step
/// without them is left out), seeded by `seed` (the area) and the indicator and last step.
pub fn trend_of(
    m: FlowMeasure,
    steps: &[Year],
    values: &dyn Fn(Year) -> Option<Vec<(String, i64)>>,
    seed: &[&str],
    s: &Settings,
) -> Option<Trend> {
    let points: Vec<Point> = steps
        .iter()
        .filter_map(|&y| {
            let values = values(y)?;
            let v = |n: &str| values.iter().find(|(k, _)| k == n).map_or(0, |(_, x)| *x);
            m.point(y.get(), &v, s)
        })
        .collect();
    let last = steps.last()?.to_string();
    let id = m.id();
    let parts: Vec<&str> = seed.iter().copied().chain([id.as_str(), &last]).collect();
    rate_trend(&points, m.direction(), s, seed_for(s.seed, &parts))
}

/// The comparison behind `flow_turned_markedly_worse`: the area's retention of a resource
/// group against the rest's in the last step (`now`: the area's and the rest's rates), when it
/// is markedly worse by the run's rule and was not in the step before (`before`).
pub fn turned_markedly_worse(
    now: (Rate, Rate),
    before: (Rate, Rate),
    s: &Settings,
) -> Option<Comparison> {
    let ind = rate_indicator(
        "retention",
        ("retention", "retention"),
        Direction::HigherIsBetter,
    );
    let now = compare_rates(&ind, now.0, now.1, s);
    let before = compare_rates(&ind, before.0, before.1, s);
    (now.markedly_worse && !before.markedly_worse).then_some(now)
}

/// `flow_trends`: per area of the flow layer, in the row of the last year, the trend of every
/// flow indicator over the trend window's steps: Theil–Sen slope per year with Sen's interval,
/// the Mann–Kendall p-value and the verdict (`worsening`, `improving`, `no_clear_trend`,
/// `too_few_years`), each a `derived` cell naming the indicator's atoms in every step.
pub fn flow_trends(
    scope: &Scope,
    flows: &Flows,
    areas: &[&AreaInfo],
    s: &Settings,
) -> Result<ResultTable, PublishError> {
    let steps = window_steps(scope, s);
    let Some(&last) = steps.last() else {
        return Err(PublishError::Input(
            "the counts have fewer than two years".into(),
        ));
    };
    let mut cols = Vec::new();
    for m in flow_measures() {
        let from: Vec<Term> = (0..steps.len() as i32)
            .flat_map(|k| {
                m.atoms()
                    .into_iter()
                    .map(move |n| Term::own(&n).years_back(-k))
            })
            .collect();
        let meaning = Meaning::Derived { from };
        for f in TREND_FIELDS {
            let dec = match f {
                "_verdict" => None,
                "_p_value" => Some(4),
                _ => Some(6),
            };
            cols.push(Col::new(format!("{}{f}", m.id()), meaning.clone(), dec));
        }
    }
    let mut b = Builder::new(
        FLOW_TRENDS,
        (
            "Udvikling i til- og fraflytning (tendenser)",
            "Trends of the flows",
        ),
        &AREA_KEYS,
        None,
        cols,
    )?;
    for a in areas {
        let row = RowCtx::new(&a.kind, &a.area_id, last, &scope.years);
        let mut cells = Vec::new();
        let mut any = false;
        for (i, m) in flow_measures().into_iter().enumerate() {
            let tr = measure_trend(flows, a, m, &steps, s);
            any |= tr.is_some();
            let values = trend_values(tr.as_ref());
            for (j, x) in values.into_iter().enumerate() {
                let col = &b.cols[i * TREND_FIELDS.len() + j];
                cells.push(match x {
                    TrendValue::Num(x) => row.number(x, col),
                    TrendValue::Text(t) => row.text(t, col),
                });
            }
        }
        if any {
            b.push(
                key(&a.kind, &a.area_id, last),
                scope.residents(&a.kind, &a.area_id, last),
                cells,
            )?;
        }
    }
    Ok(b.finish())
}

/// A trend cell's value.
enum TrendValue {
    Num(Option<f64>),
    Text(Option<String>),
}

fn trend_values(tr: Option<&Trend>) -> [TrendValue; 5] {
    let iv = tr.and_then(|t| t.slope_interval);
    [
        TrendValue::Num(tr.map(|t| t.slope)),
        TrendValue::Num(iv.map(|i| i.lower)),
        TrendValue::Num(iv.map(|i| i.upper)),
        TrendValue::Num(tr.map(|t| t.p_value)),
        TrendValue::Text(tr.map(|t| t.verdict.as_str().to_string())),
    ]
}

/// The warning rules of the flow indicators (the `rule` column of `warnings`).
pub const FLOW_RULES: [&str; 2] = ["flow_turned_markedly_worse", "flow_retention_worsening"];

/// The flow warnings of the last step, for every area of the flow layer in the municipality:
///
/// - `flow_turned_markedly_worse`: the area's retention of a resource group is markedly worse
///   than the rest of the municipality's in the last step and was not in the step before, by
///   the run's "markedly worse" rule (`Settings::markedly`, the catalogue's: residents of the
///   group leave the area at least 1.5 times as often as the rest's, and the difference is
///   significant);
/// - `flow_retention_worsening`: the trend of the area's retention of a resource group over the
///   trend window is `worsening` (the verdict of `flow_trends`).
///
/// Only steps whose flow rows and rest row are shown by the all-or-nothing rule are judged.
pub fn flow_warnings(
    scope: &Scope,
    flows: &Flows,
    areas: &[&AreaInfo],
    s: &Settings,
    min: i64,
) -> Vec<FlowWarning> {
    let steps = window_steps(scope, s);
    let Some(&last) = steps.last() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for a in areas.iter().filter(|a| scope.is_own(&a.kind, &a.area_id)) {
        let name = scope.name(&a.kind, &a.area_id);
        for &g in &RESOURCES {
            let ret = FlowMeasure::Retention(g);
            let rates = |y: Year| {
                let values = step_values(flows, a, y).filter(|v| shown(v, min))?;
                let v = |n: &str| values.iter().find(|(k, _)| k == n).map_or(0, |(_, x)| *x);
                let atoms = FlowMeasure::RetentionGap(g).atoms();
                let rate = |i: usize| Rate {
                    num: v(&atoms[i]),
                    den: v(&atoms[i]) + v(&atoms[i + 1]),
                };
                Some((rate(0), rate(2)))
            };
            let before = scope.year_at(last, -1).and_then(rates);
            if let (Some(now), Some(before)) = (rates(last), before)
                && let Some(c) = turned_markedly_worse(now, before, s)
            {
                let (va, vr) = (
                    c.area.value.number().unwrap_or(0.0),
                    c.reference.value.number().unwrap_or(0.0),
                );
                let ratio = c.worse_ratio.number();
                out.push(warning(
                    a,
                    last,
                    g,
                    FLOW_RULES[0],
                    markedly_sentences(&name, last, g, va, vr, ratio),
                ));
            }
            let all_shown = steps
                .iter()
                .all(|&y| step_values(flows, a, y).is_some_and(|v| shown(&v, min)));
            if let Some(tr) = measure_trend(flows, a, ret, &steps, s)
                && all_shown
                && tr.verdict == Verdict::Worsening
            {
                out.push(warning(
                    a,
                    last,
                    g,
                    FLOW_RULES[1],
                    trend_sentences(&name, g, &tr),
                ));
            }
        }
    }
    out
}

/// Whether a step's flow rows and rest row are all shown (the all-or-nothing rules).
fn shown(values: &[(String, i64)], min: i64) -> bool {
    let rest: Vec<(String, i64)> = crate::tables::flows::rest_atoms()
        .into_iter()
        .map(|n| {
            let x = values.iter().find(|(k, _)| *k == n).map_or(0, |(_, x)| *x);
            (n, x)
        })
        .collect();
    FAMILIES.iter().all(|f| f.is_safe(values, min)) && rest_is_safe(&rest, min)
}

fn warning(
    a: &AreaInfo,
    year: Year,
    g: Split,
    rule: &str,
    (da, en): (String, String),
) -> FlowWarning {
    FlowWarning {
        kind: a.kind.clone(),
        id: a.area_id.clone(),
        year,
        rule: rule.into(),
        indicator: FlowMeasure::Retention(g).id(),
        measures: [split_atom("stayers", g), split_atom("out", g)],
        reference_measures: [
            rest_measure_name(RestGroup::Stayers, g),
            rest_measure_name(RestGroup::Out, g),
        ],
        da,
        en,
    }
}

/// The residents a resource group counts, in Danish and English (as in the flows section of the
/// report: "de 18-64-årige beboere i arbejde eller uddannelse").
pub fn group_words(g: Split) -> (&'static str, &'static str) {
    match g {
        Split::WorkOrEducation => (
            "de 18-64-årige beboere i arbejde eller uddannelse",
            "18–64-year-old residents in work or education",
        ),
        Split::EducationHigher => (
            "de 25-64-årige beboere med en videregående uddannelse",
            "25–64-year-old residents with a higher education",
        ),
        Split::IncomeQuintile(5) => (
            "de 18-64-årige beboere i regionens højeste indkomstfemtedel",
            "18–64-year-old residents in the region's top income quintile",
        ),
        _ => ("beboerne", "residents"),
    }
}

fn pct(lang: bydel_model::Lang, x: f64) -> String {
    format!("{} %", bydel_model::lang::dec(lang, x * 100.0, 1))
}

fn points(lang: bydel_model::Lang, x: f64) -> String {
    let n = bydel_model::lang::dec(lang, x.abs() * 100.0, 1);
    match lang {
        bydel_model::Lang::Da => format!("{n} procentpoint"),
        bydel_model::Lang::En if n == "1.0" => format!("{n} percentage point"),
        bydel_model::Lang::En => format!("{n} percentage points"),
    }
}

/// The sentences of `flow_turned_markedly_worse`.
fn markedly_sentences(
    name: &str,
    year: Year,
    g: Split,
    va: f64,
    vr: f64,
    ratio: Option<f64>,
) -> (String, String) {
    use bydel_model::Lang::{Da, En};
    let (gda, gen_en) = group_words(g);
    let times = |lang| {
        ratio.map_or(String::new(), |r| match lang {
            Da => format!(
                ", og de forlod området {} gange så ofte",
                bydel_model::lang::dec(Da, r, 1)
            ),
            En => format!(
                "; they left {} times as often",
                bydel_model::lang::dec(En, r, 1)
            ),
        })
    };
    (
        format!(
            "{name} beholdt i {year} markant færre af {gda} end resten af kommunen: {} blev boende mod {} i resten af kommunen ({} lavere{}). Året før var forskellen ikke markant.",
            pct(Da, va),
            pct(Da, vr),
            points(Da, va - vr),
            times(Da),
        ),
        format!(
            "In {year} {name} kept markedly fewer of its {gen_en} than the rest of the municipality: {} stayed against {} in the rest of the municipality ({} lower{}). The year before, the difference was not marked.",
            pct(En, va),
            pct(En, vr),
            points(En, va - vr),
            times(En),
        ),
    )
}

/// The sentences of `flow_retention_worsening`.
fn trend_sentences(name: &str, g: Split, tr: &Trend) -> (String, String) {
    use bydel_model::Lang::{Da, En};
    let (gda, gen_en) = group_words(g);
    let (y0, y1) = tr.years;
    (
        format!(
            "I {name} bliver færre af {gda} boende fra år til år: andelen, der blev boende, er faldet med {} om året fra {y0} til {y1} (en tydelig tendens).",
            points(Da, tr.slope),
        ),
        format!(
            "In {name} fewer of the {gen_en} stay from one year to the next: the share who stayed fell by {} a year from {y0} to {y1} (a clear trend).",
            points(En, tr.slope),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn years(ys: std::ops::Range<i32>) -> Vec<Year> {
        ys.map(|y| Year::new(y).unwrap()).collect()
    }

    /// Six steps of a hand-made area: `stayers` and `out` of the work-or-education group per
    /// step, the rest of the municipality at 90 % retention, and everyone's flows.
    fn step(stayers: i64, out: i64) -> Vec<(String, i64)> {
        let g = Split::WorkOrEducation;
        let all = |gr: Group| measure_name(gr, Split::All);
        vec![
            (split_atom("stayers", g), stayers),
            (split_atom("out", g), out),
            (split_atom("in", g), 40),
            (all(Group::Stayers), 2 * stayers),
            (all(Group::OutWithin), out),
            (all(Group::OutOtherMunicipality), out),
            (all(Group::InWithin), 50),
            (all(Group::InOtherMunicipality), 30),
            (all(Group::InAbroad), 20),
            (rest_measure_name(RestGroup::Stayers, g), 9000),
            (rest_measure_name(RestGroup::Out, g), 1000),
        ]
    }

    #[test]
    fn issue_15_a_falling_retention_is_a_worsening_trend_with_its_slope() {
        let s = Settings::default();
        let steps = years(2020..2026);
        // retention 90 %, 87 %, … 75 %: −3 points a year
        let values = |y: Year| {
            let k = i64::from(y.get() - 2020);
            Some(step(900 - 30 * k, 100 + 30 * k))
        };
        let m = FlowMeasure::Retention(Split::WorkOrEducation);
        let t = trend_of(m, &steps, &values, &["a"], &s).unwrap();
        assert_eq!(t.verdict, Verdict::Worsening);
        assert!((t.slope + 0.03).abs() < 1e-9, "{}", t.slope);
        assert_eq!(t.n, 6);
        // the gap to the rest (90 % every year) falls alike: 0, −3, … −15 points
        let gap = FlowMeasure::RetentionGap(Split::WorkOrEducation);
        let t = trend_of(gap, &steps, &values, &["a"], &s).unwrap();
        assert_eq!(t.verdict, Verdict::Worsening);
        assert!((t.slope + 0.03).abs() < 1e-9);
        // rising turnover is worsening (higher is worse): out-movers rise, in-movers fixed
        let t = trend_of(FlowMeasure::Turnover, &steps, &values, &["a"], &s).unwrap();
        assert_eq!(t.verdict, Verdict::Worsening);
        // a flat retention has no clear trend
        let flat = |_: Year| Some(step(900, 100));
        let t = trend_of(m, &steps, &flat, &["a"], &s).unwrap();
        assert_eq!(t.verdict, Verdict::NoClearTrend);
    }

    #[test]
    fn issue_15_the_flow_indicators_values_follow_their_formulas() {
        let s = Settings::default();
        let values = step(800, 200);
        let v = |n: &str| values.iter().find(|(k, _)| k == n).map_or(0, |(_, x)| *x);
        let g = Split::WorkOrEducation;
        let p = FlowMeasure::Retention(g).point(2025, &v, &s).unwrap();
        assert!((p.value - 0.8).abs() < 1e-12);
        assert!((p.se - (0.8f64 * 0.2 / 1000.0).sqrt()).abs() < 1e-12);
        // 40 of the 100 in-movers (births left out)
        let p = FlowMeasure::ShareIn(g).point(2025, &v, &s).unwrap();
        assert!((p.value - 0.4).abs() < 1e-12);
        // (100 in + 400 out) / (1600 stayers + 400 out)
        let p = FlowMeasure::Turnover.point(2025, &v, &s).unwrap();
        assert!((p.value - 500.0 / 2000.0).abs() < 1e-12, "{}", p.value);
        let p = FlowMeasure::RetentionGap(g).point(2025, &v, &s).unwrap();
        assert!((p.value - (0.8 - 0.9)).abs() < 1e-12);
    }

    #[test]
    fn issue_15_turned_markedly_worse_needs_this_step_and_not_the_one_before() {
        let s = Settings::default();
        let rest = Rate {
            num: 900,
            den: 1000,
        };
        let bad = Rate { num: 70, den: 100 };
        let fine = Rate { num: 89, den: 100 };
        let c = turned_markedly_worse((bad, rest), (fine, rest), &s).unwrap();
        assert!((c.area.value.number().unwrap() - 0.7).abs() < 1e-12);
        assert!(turned_markedly_worse((bad, rest), (bad, rest), &s).is_none());
        assert!(turned_markedly_worse((fine, rest), (fine, rest), &s).is_none());
        // the run's rule decides: with a ratio of 4 required, 30 % against 10 % leaving is not
        let mut strict = s.clone();
        strict.markedly.min_ratio = 4.0;
        assert!(turned_markedly_worse((bad, rest), (fine, rest), &strict).is_none());
    }

    #[test]
    fn issue_15_flow_warnings_are_danish_with_procentpoint_and_no_codes() {
        let (da, en) = markedly_sentences(
            "Område X",
            Year::new(2025).unwrap(),
            Split::WorkOrEducation,
            0.7,
            0.9,
            Some(3.0),
        );
        assert_eq!(
            da,
            "Område X beholdt i 2025 markant færre af de 18-64-årige beboere i arbejde eller \
             uddannelse end resten af kommunen: 70,0 % blev boende mod 90,0 % i resten af \
             kommunen (20,0 procentpoint lavere, og de forlod området 3,0 gange så ofte). Året \
             før var forskellen ikke markant."
        );
        assert!(en.contains("20.0 percentage points lower"), "{en}");
        assert_eq!(points(bydel_model::Lang::En, 0.01), "1.0 percentage point");
        let s = Settings::default();
        let steps = years(2020..2026);
        let values = |y: Year| {
            let k = i64::from(y.get() - 2020);
            Some(step(900 - 30 * k, 100 + 30 * k))
        };
        let t = trend_of(
            FlowMeasure::Retention(Split::WorkOrEducation),
            &steps,
            &values,
            &["a"],
            &s,
        )
        .unwrap();
        let (da, _) = trend_sentences("Område X", Split::WorkOrEducation, &t);
        assert_eq!(
            da,
            "I Område X bliver færre af de 18-64-årige beboere i arbejde eller uddannelse boende \
             fra år til år: andelen, der blev boende, er faldet med 3,0 procentpoint om året fra \
             2020 til 2025 (en tydelig tendens)."
        );
        for word in ["true", "false", "retention", "work_edu"] {
            assert!(!da.contains(word), "{word} in {da}");
        }
    }

    #[test]
    fn issue_15_a_trend_names_every_atom_of_every_step_it_rests_on() {
        // the meaning of `retention_gap_work_edu_slope`: the area's and the rest's atoms in each
        // of the window's steps, so a trend over a withheld step is never shown
        let m = FlowMeasure::RetentionGap(Split::WorkOrEducation);
        let atoms = m.atoms();
        assert_eq!(
            atoms,
            [
                "flow_stayers_work_edu",
                "flow_out_work_edu",
                "flow_rest_stayers_work_edu",
                "flow_rest_out_work_edu"
            ]
        );
        assert_eq!(
            FlowMeasure::Turnover.atoms().len(),
            9,
            "stayers, four origins and four destinations"
        );
    }
}
