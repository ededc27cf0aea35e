//! One analysis run: every result as a flat [`Table`].
//!
//! Tables: `indicator_values`, `comparisons` (each area against the rest of its municipality),
//! `trends`, `projections`, `probabilities`, `watchlist`, `composition` and `goals`. Trends,
//! projections, probabilities and the watch-list are for the latest year of the table.

use bydel_model::{AreaId, CountsTable, Kind, Year};

use crate::catalogue::Catalogue;
use crate::compare::{Comparison, ReferenceMode, compare_areas, municipality_of};
use crate::composition::institution_comparisons;
use crate::criteria::{meets, meets_category, threshold_exact};
use crate::estimate::{estimate, raw_counts};
use crate::goals::{Goal, progress};
use crate::indicator::{Indicator, IndicatorKind};
use crate::probability::next_year_probabilities;
use crate::projection::crossing;
use crate::series::{area_trend, verdict_trend};
use crate::settings::{Settings, Smoothing};
use crate::smoothing::{ShareCounts, smooth};
use crate::table::{Cell, Table, status};
use crate::watch::warnings;

/// The names of the tables [`analyse`] returns, in its order (for checking a table name before
/// the work starts).
pub const TABLE_NAMES: [&str; 8] = [
    "indicator_values",
    "comparisons",
    "trends",
    "projections",
    "probabilities",
    "watchlist",
    "composition",
    "goals",
];

/// Runs every analysis and returns the tables in a fixed order.
pub fn analyse(t: &CountsTable, cat: &Catalogue, goals: &[Goal], s: &Settings) -> Vec<Table> {
    let last = t.years().into_iter().max();
    let mut out = vec![indicator_values(t, cat, s), comparisons(t, cat, s)];
    if let Some(last) = last {
        out.push(trends(t, cat, s, last));
        out.push(projections(t, cat, s, last));
        out.push(probabilities(t, cat, s, last));
        out.push(watchlist(t, cat, s, last));
    }
    out.push(composition(t, cat, s));
    if let Some(last) = last {
        out.push(goal_table(t, cat, goals, s, last));
    }
    out
}

/// The areas analysed: every area of the settings' layers, in layer then id order.
pub fn analysed_areas<'a>(
    t: &'a CountsTable,
    s: &'a Settings,
) -> impl Iterator<Item = (Kind, AreaId)> + 'a {
    t.areas()
        .filter(|a| s.area_layers.iter().any(|l| l == a.kind.as_str()))
        .map(|a| (a.kind.clone(), a.area_id.clone()))
}

fn name(t: &CountsTable, k: &Kind, id: &AreaId) -> Cell {
    t.area(k, id)
        .map_or(Cell::Empty, |a| Cell::Text(a.name.clone()))
}

/// `indicator_values`: every layer, area, year and applicable indicator.
pub fn indicator_values(t: &CountsTable, cat: &Catalogue, s: &Settings) -> Table {
    let mut tab = Table::new(
        "indicator_values",
        &[
            "kind",
            "area_id",
            "name",
            "year",
            "indicator",
            "value",
            "lower",
            "upper",
            "numerator",
            "denominator",
            "interval",
            "status",
            "smoothed_value",
            "smoothing",
        ],
    );
    for kind in t.kinds() {
        let areas: Vec<AreaId> = t.areas_of(&kind).map(|a| a.area_id.clone()).collect();
        for ind in cat.indicators().filter(|i| i.applies_to(kind.as_str())) {
            for year in t.years() {
                layer_rows(&mut tab, t, ind, &kind, &areas, year, s);
            }
        }
    }
    tab
}

fn layer_rows(
    tab: &mut Table,
    t: &CountsTable,
    ind: &Indicator,
    kind: &Kind,
    areas: &[AreaId],
    year: Year,
    s: &Settings,
) {
    let ests: Vec<_> = areas
        .iter()
        .filter_map(|id| {
            Some((
                id,
                estimate(ind, raw_counts(t, ind, kind, id, year)?, s.level),
            ))
        })
        .collect();
    let smoothed = match (s.smoothing, ind.kind) {
        (Smoothing::EmpiricalBayes, IndicatorKind::Share) => smooth(
            &ests
                .iter()
                .map(|(_, e)| ShareCounts {
                    x: e.counts.num as f64 / ind.scale as f64,
                    n: e.counts.den as f64,
                })
                .collect::<Vec<_>>(),
        ),
        _ => vec![None; ests.len()],
    };
    for ((id, e), sm) in ests.iter().zip(smoothed) {
        tab.push(vec![
            kind.as_str().into(),
            id.as_str().into(),
            name(t, kind, id),
            year.get().into(),
            ind.id.as_str().into(),
            (&e.value).into(),
            e.interval.map(|i| i.lower).into(),
            e.interval.map(|i| i.upper).into(),
            e.counts.num.into(),
            e.counts.den.into(),
            e.method.as_str().into(),
            status(&e.value).into(),
            sm.into(),
            if sm.is_some() {
                "empirical_bayes_marshall".into()
            } else {
                Cell::Empty
            },
        ]);
    }
}

/// The columns of a comparison table after the key columns.
pub const COMPARISON_COLUMNS: &[&str] = &[
    "value",
    "lower",
    "upper",
    "reference_value",
    "reference_lower",
    "reference_upper",
    "ratio",
    "ratio_lower",
    "ratio_upper",
    "difference",
    "difference_lower",
    "difference_upper",
    "p_value",
    "worse_ratio",
    "markedly_worse",
    "status",
];

/// The comparison cells in [`COMPARISON_COLUMNS`] order.
pub fn comparison_cells(c: &Comparison) -> Vec<Cell> {
    let lo = |i: Option<crate::interval::Interval>| Cell::from(i.map(|i| i.lower));
    let hi = |i: Option<crate::interval::Interval>| Cell::from(i.map(|i| i.upper));
    vec![
        (&c.area.value).into(),
        lo(c.area.interval),
        hi(c.area.interval),
        (&c.reference.value).into(),
        lo(c.reference.interval),
        hi(c.reference.interval),
        (&c.ratio).into(),
        lo(c.ratio_interval),
        hi(c.ratio_interval),
        (&c.difference).into(),
        lo(c.difference_interval),
        hi(c.difference_interval),
        c.p_value.into(),
        worse_ratio_cell(c.worse_ratio),
        c.markedly_worse.into(),
        status(&c.ratio).into(),
    ]
}

/// A worse-direction ratio as a cell: a number, `inf`, or empty when undefined.
fn worse_ratio_cell(r: crate::compare::WorseRatio) -> Cell {
    match r {
        crate::compare::WorseRatio::Finite(x) => x.into(),
        crate::compare::WorseRatio::Infinite => "inf".into(),
        crate::compare::WorseRatio::Undefined => Cell::Empty,
    }
}

/// `comparisons`: every analysed area against the rest of its municipality, every indicator and
/// year.
pub fn comparisons(t: &CountsTable, cat: &Catalogue, s: &Settings) -> Table {
    let mk = Kind::new(Kind::MUNICIPALITY).expect("valid layer");
    let mut head = vec![
        "kind",
        "area_id",
        "name",
        "year",
        "indicator",
        "reference_kind",
        "reference_id",
        "reference",
    ];
    head.extend(COMPARISON_COLUMNS);
    let mut tab = Table::new("comparisons", &head);
    for (kind, id) in analysed_areas(t, s) {
        let Some(muni) = municipality_of(t, &kind, &id) else {
            continue;
        };
        for ind in cat.indicators().filter(|i| i.applies_to(kind.as_str())) {
            for year in t.years() {
                let Some(c) = compare_areas(
                    t,
                    ind,
                    (&kind, &id),
                    (&mk, &muni),
                    year,
                    ReferenceMode::Rest,
                    &s.markedly,
                    s.level,
                ) else {
                    continue;
                };
                let mut row: Vec<Cell> = vec![
                    kind.as_str().into(),
                    id.as_str().into(),
                    name(t, &kind, &id),
                    year.get().into(),
                    ind.id.as_str().into(),
                    Kind::MUNICIPALITY.into(),
                    muni.as_str().into(),
                    ReferenceMode::Rest.as_str().into(),
                ];
                row.extend(comparison_cells(&c));
                tab.push(row);
            }
        }
    }
    tab
}

/// `trends`: the trend of every analysed area and indicator over the window ending at `last`,
/// fitted to single-year values ([`verdict_trend`]); `unit` says what the slope and level are in
/// (`pct_of_region` for an indicator trended relative to its region).
pub fn trends(t: &CountsTable, cat: &Catalogue, s: &Settings, last: Year) -> Table {
    let mut tab = Table::new(
        "trends",
        &[
            "kind",
            "area_id",
            "name",
            "year",
            "indicator",
            "years",
            "first_year",
            "slope",
            "slope_lower",
            "slope_upper",
            "level",
            "mann_kendall_s",
            "z",
            "p_value",
            "robustness",
            "verdict",
            "unit",
        ],
    );
    for (kind, id) in analysed_areas(t, s) {
        for ind in cat.indicators().filter(|i| i.applies_to(kind.as_str())) {
            let Some(tr) = verdict_trend(
                t,
                ind,
                &kind,
                &id,
                last,
                s.trend_window,
                s.level,
                s.trend_alpha,
                s.draws,
                s.seed,
            ) else {
                continue;
            };
            tab.push(vec![
                kind.as_str().into(),
                id.as_str().into(),
                name(t, &kind, &id),
                tr.years.1.into(),
                ind.id.as_str().into(),
                (tr.n as i64).into(),
                tr.years.0.into(),
                tr.slope.into(),
                tr.slope_interval.map(|i| i.lower).into(),
                tr.slope_interval.map(|i| i.upper).into(),
                tr.level_at_last.into(),
                tr.s.into(),
                tr.z.into(),
                tr.p_value.into(),
                tr.robustness.into(),
                tr.verdict.as_str().into(),
                trend_unit(ind).into(),
            ]);
        }
    }
    tab
}

/// The unit of a trend row: the indicator's own, or per cent of its reference area.
fn trend_unit(ind: &Indicator) -> &'static str {
    use crate::indicator::{Reference, Unit};
    match (ind.trend_relative_to, ind.unit) {
        (Some(Reference::Region), _) => "pct_of_region",
        (Some(Reference::Country), _) => "pct_of_country",
        (Some(Reference::Absolute) | None, Unit::Share) => "share",
        (Some(Reference::Absolute) | None, Unit::Dkk) => "dkk",
        (Some(Reference::Absolute) | None, Unit::Grade) => "grade",
        (Some(Reference::Absolute) | None, Unit::Percent) => "percent",
    }
}

/// `projections`: for every threshold, whether it is met now and the projected crossing year.
pub fn projections(t: &CountsTable, cat: &Catalogue, s: &Settings, last: Year) -> Table {
    let mut tab = Table::new(
        "projections",
        &[
            "kind",
            "area_id",
            "name",
            "year",
            "indicator",
            "threshold",
            "op",
            "threshold_value",
            "met_now",
            "fitted_level",
            "slope",
            "crossing",
            "crossing_year",
        ],
    );
    for (kind, id) in analysed_areas(t, s) {
        for ind in cat
            .indicators()
            .filter(|i| !i.thresholds.is_empty() && i.applies_to(kind.as_str()))
        {
            let Some(tr) = area_trend(
                t,
                ind,
                &kind,
                &id,
                last,
                s.trend_window,
                s.level,
                s.trend_alpha,
                0,
                0,
            ) else {
                continue;
            };
            for thr in &ind.thresholds {
                let (Some(met), Some(level)) = (
                    meets(t, ind, thr, &kind, &id, last),
                    threshold_exact(t, ind, thr, &kind, &id, last),
                ) else {
                    continue;
                };
                let c = crossing(&tr, met, thr.op, level.to_f64(), s.horizon);
                tab.push(vec![
                    kind.as_str().into(),
                    id.as_str().into(),
                    name(t, &kind, &id),
                    last.get().into(),
                    ind.id.as_str().into(),
                    thr.category.as_str().into(),
                    thr.op.symbol().into(),
                    level.to_f64().into(),
                    met.into(),
                    tr.level_at_last.into(),
                    tr.slope.into(),
                    c.as_str().into(),
                    c.year().into(),
                ]);
            }
        }
    }
    tab
}

/// `probabilities`: the chance of meeting each category in the year after `last`.
pub fn probabilities(t: &CountsTable, cat: &Catalogue, s: &Settings, last: Year) -> Table {
    let mut tab = Table::new(
        "probabilities",
        &[
            "kind",
            "area_id",
            "name",
            "year",
            "category",
            "meets_now",
            "probability_next_year",
            "draws",
        ],
    );
    for (kind, id) in analysed_areas(t, s) {
        let probs = next_year_probabilities(t, cat, &kind, &id, last, s);
        for c in cat.categories() {
            let Some(p) = probs.get(&c.id) else { continue };
            tab.push(vec![
                kind.as_str().into(),
                id.as_str().into(),
                name(t, &kind, &id),
                last.get().into(),
                c.id.as_str().into(),
                meets_category(t, cat, c, &kind, &id, last).into(),
                (*p).into(),
                i64::from(s.draws).into(),
            ]);
        }
    }
    tab
}

/// `watchlist`: every warning for the latest year.
pub fn watchlist(t: &CountsTable, cat: &Catalogue, s: &Settings, last: Year) -> Table {
    let mut tab = Table::new(
        "watchlist",
        &[
            "kind",
            "area_id",
            "name",
            "year",
            "rule",
            "indicator",
            "category",
            "sentence_da",
            "sentence_en",
        ],
    );
    for (kind, id) in analysed_areas(t, s) {
        for w in warnings(t, cat, s, &kind, &id, last) {
            tab.push(vec![
                kind.as_str().into(),
                id.as_str().into(),
                name(t, &kind, &id),
                last.get().into(),
                w.rule.as_str().into(),
                w.indicator.into(),
                w.category.into(),
                w.sentence_da.into(),
                w.sentence_en.into(),
            ]);
        }
    }
    tab
}

/// `composition`: institutions against their surroundings.
pub fn composition(t: &CountsTable, cat: &Catalogue, s: &Settings) -> Table {
    let mut head = vec![
        "kind",
        "institution_id",
        "name",
        "year",
        "indicator",
        "surroundings_kind",
        "surroundings_id",
        "surroundings_indicator",
    ];
    head.extend(COMPARISON_COLUMNS);
    head.push("own_district_attendance");
    let mut tab = Table::new("composition", &head);
    for ic in institution_comparisons(t, cat, s) {
        let mut row: Vec<Cell> = vec![
            ic.kind.as_str().into(),
            ic.id.as_str().into(),
            name(t, &ic.kind, &ic.id),
            ic.year.get().into(),
            ic.indicator.into(),
            ic.surroundings.0.as_str().into(),
            ic.surroundings.1.as_str().into(),
            ic.surroundings_indicator.into(),
        ];
        row.extend(comparison_cells(&ic.comparison));
        row.push(ic.own_district_attendance.into());
        tab.push(row);
    }
    tab
}

/// `goals`: the progress table.
pub fn goal_table(
    t: &CountsTable,
    cat: &Catalogue,
    goals: &[Goal],
    s: &Settings,
    last: Year,
) -> Table {
    let mut tab = Table::new(
        "goals",
        &[
            "goal",
            "name_da",
            "name_en",
            "kind",
            "area_id",
            "indicator",
            "type",
            "baseline_year",
            "target_year",
            "target",
            "year",
            "baseline",
            "current",
            "projected_at_target_year",
            "by_how_much",
            "years_narrowed",
            "years_compared",
            "status",
        ],
    );
    for g in goals {
        let p = progress(t, cat, g, last, s);
        let gt = serde_plain(g.goal_type);
        tab.push(vec![
            g.id.as_str().into(),
            g.name_da.as_str().into(),
            g.name_en.as_str().into(),
            g.kind.as_str().into(),
            g.area_id.as_str().into(),
            g.indicator.as_str().into(),
            gt.into(),
            g.baseline_year.into(),
            g.target_year.into(),
            g.target.clone().into(),
            p.year.into(),
            p.baseline.into(),
            p.current.into(),
            p.projected.into(),
            p.by_how_much.into(),
            p.years_narrowed.map(|n| n.0 as i64).into(),
            p.years_narrowed.map(|n| n.1 as i64).into(),
            p.status.as_str().into(),
        ]);
    }
    tab
}

fn serde_plain(k: crate::goals::GoalKind) -> &'static str {
    match k {
        crate::goals::GoalKind::Level => "level",
        crate::goals::GoalKind::GapNarrowing => "gap_narrowing",
        crate::goals::GoalKind::Direction => "direction",
    }
}
