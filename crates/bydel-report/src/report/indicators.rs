//! The municipality's own indicators (every catalogue indicator that is not one of the law's
//! criteria) for the focus areas and the municipality, and the table of areas that are
//! markedly worse than the rest of the municipality. Every number is a published cell.

use super::Section;

use super::context::Ctx;
use super::table::{self, Fmt, HCell, datum_cell};
use crate::format::esc;
use crate::i18n::Labels;
use crate::law;
use crate::published::{Cell, Role, Table};

/// The own-indicators section.
pub fn own(ctx: &Ctx) -> Section {
    let lang = ctx.lang;
    let title = lang.t("indicators").to_owned();
    let (Some(ind), Some(year)) = (ctx.p.table("indicators"), latest(ctx)) else {
        return Section {
            id: "indicators",
            title,
            body: table::absent(lang, "indicators"),
        };
    };
    let cmp = ctx.p.table("comparisons");
    let mut areas = ctx.focus_areas();
    if let Some(m) = &ctx.muni {
        areas.push(("municipality".into(), m.clone()));
    }
    let mut body = format!("<p class=\"note\">{}</p>", esc(lang.t("indicators_intro")));
    for (kind, id) in areas {
        let Some(r) = ctx.row_in(ind, &kind, &id, "year", &year) else {
            continue;
        };
        let c = cmp.and_then(|t| ctx.row_in(t, &kind, &id, "year", &year).map(|r| (t, r)));
        let rows: Vec<Vec<HCell>> = own_indicators(ind)
            .iter()
            .map(|col| {
                let fmt = fmt_of(ind, col);
                vec![
                    HCell::Text(lang.column(col)),
                    datum_cell(lang, ind, r, col, fmt),
                    datum_cell(lang, ind, r, &format!("{col}_lower"), fmt),
                    datum_cell(lang, ind, r, &format!("{col}_upper"), fmt),
                    c.map_or(HCell::Empty, |(t, cr)| {
                        datum_cell(lang, t, cr, &format!("{col}_rest"), fmt)
                    }),
                    c.map_or(HCell::Empty, |(t, cr)| {
                        datum_cell(lang, t, cr, &format!("{col}_markedly_worse"), Fmt::Role)
                    }),
                ]
            })
            .collect();
        let headers = vec![
            lang.t("indicator").to_owned(),
            lang.t("value").to_owned(),
            lang.t("lower").to_owned(),
            lang.t("upper").to_owned(),
            lang.t("rest").to_owned(),
            lang.t("markedly_worse").to_owned(),
        ];
        body.push_str(&format!(
            "<h3>{} {}</h3>{}",
            esc(&ctx.name(&kind, &id)),
            esc(&year),
            table::html(lang, &headers, &rows)
        ));
    }
    Section {
        id: "indicators",
        title,
        body,
    }
}

/// The "markedly worse than the rest of the municipality" section.
pub fn markedly(ctx: &Ctx) -> Section {
    let lang = ctx.lang;
    let title = lang.t("markedly").to_owned();
    let (Some(t), Some(year)) = (ctx.p.table("comparisons"), latest(ctx)) else {
        return Section {
            id: "markedly",
            title,
            body: table::absent(lang, "comparisons"),
        };
    };
    let mut rows = Vec::new();
    for r in t.rows.iter().filter(|r| t.text(r, "year") == year) {
        let (kind, id) = (t.text(r, "kind"), t.text(r, "area_id"));
        if !matches!(kind.as_str(), "district" | "housing_area") {
            continue;
        }
        for col in indicators_of(t) {
            let flag = format!("{col}_markedly_worse");
            if !matches!(t.get(r, &flag), Some(Cell::Text(v)) if v == "true") {
                continue;
            }
            let fmt = fmt_of(t, &col);
            rows.push(vec![
                HCell::Text(ctx.name(&kind, &id)),
                HCell::Text(lang.column(&col)),
                datum_cell(lang, t, r, &col, fmt),
                datum_cell(lang, t, r, &format!("{col}_rest"), fmt),
                datum_cell(lang, t, r, &format!("{col}_ratio"), Fmt::Dec(2)),
                datum_cell(lang, t, r, &format!("{col}_ratio_lower"), Fmt::Dec(2)),
                datum_cell(lang, t, r, &format!("{col}_ratio_upper"), Fmt::Dec(2)),
            ]);
        }
    }
    let body = if rows.is_empty() {
        format!("<p>{}</p>", esc(lang.t("nothing_marked")))
    } else {
        let headers = vec![
            lang.t("area").to_owned(),
            lang.t("indicator").to_owned(),
            lang.t("value").to_owned(),
            lang.t("rest").to_owned(),
            lang.t("ratio").to_owned(),
            lang.t("ratio_lower").to_owned(),
            lang.t("ratio_upper").to_owned(),
        ];
        format!(
            "<p class=\"note\">{} ({})</p>{}",
            esc(lang.t("markedly_intro")),
            esc(&year),
            table::html(lang, &headers, &rows)
        )
    };
    Section {
        id: "markedly",
        title,
        body,
    }
}

/// The latest year of the `indicators` table.
fn latest(ctx: &Ctx) -> Option<String> {
    ctx.p
        .table("indicators")
        .or_else(|| ctx.p.table("comparisons"))
        .and_then(|t| t.distinct("year").last().cloned())
}

/// The indicator columns of a table (those with a `_markedly_worse` or `_lower` partner).
fn indicators_of(t: &Table) -> Vec<String> {
    t.header
        .iter()
        .filter(|h| {
            t.col(&format!("{h}_markedly_worse")).is_some()
                || t.col(&format!("{h}_lower")).is_some()
        })
        .cloned()
        .collect()
}

/// The indicators that are not one of the law's criteria.
fn own_indicators(t: &Table) -> Vec<String> {
    let criteria: Vec<String> = law::CRITERIA
        .iter()
        .filter_map(|(l, _, _)| law::criterion_indicator(*l))
        .collect();
    indicators_of(t)
        .into_iter()
        .filter(|c| !criteria.contains(c))
        .collect()
}

/// How an indicator's values are written: shares as percentages, means by their unit.
pub fn fmt_of(t: &Table, col: &str) -> Fmt {
    let share = law::catalogue()
        .indicator(col)
        .map(|i| i.unit == bydel_analysis::indicator::Unit::Share)
        .unwrap_or_else(|| t.col(col).is_some_and(|i| t.roles[i] == Role::Share));
    if share {
        Fmt::Pct
    } else if law::catalogue()
        .indicator(col)
        .is_some_and(|i| i.unit == bydel_analysis::indicator::Unit::Dkk)
    {
        Fmt::Int
    } else {
        Fmt::Dec(1)
    }
}
