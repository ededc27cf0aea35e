//! The watch-list (the municipality's own areas that warnings name, with the published numbers
//! behind each warning) and the school and daycare composition against the surroundings.

use super::Section;

use super::context::Ctx;
use super::indicators::fmt_of;
use super::table::{self, Fmt, HCell, datum_cell};
use crate::format::esc;
use crate::i18n::Labels;
use crate::published::Table;

/// The watch-list section: one row per warning about one of the municipality's own areas.
pub fn section(ctx: &Ctx) -> Section {
    let lang = ctx.lang;
    let title = lang.t("watchlist").to_owned();
    let Some(t) = ctx.p.table("warnings") else {
        return Section {
            id: "watchlist",
            title,
            body: table::absent(lang, "warnings"),
        };
    };
    let cmp = ctx.p.table("comparisons");
    let own = |kind: &str, id: &str| {
        !ctx.areas_of(kind).is_empty() && ctx.areas_of(kind).iter().any(|a| a == id)
    };
    let mut rows = Vec::new();
    for r in &t.rows {
        let (kind, id, year) = (t.text(r, "kind"), t.text(r, "area_id"), t.text(r, "year"));
        if !own(&kind, &id) {
            continue;
        }
        let ind = t.text(r, "indicator");
        let c = cmp.and_then(|c| ctx.row_in(c, &kind, &id, "year", &year).map(|cr| (c, cr)));
        let num = |col: String, fmt: Fmt| {
            c.map_or(HCell::Empty, |(c, cr)| datum_cell(lang, c, cr, &col, fmt))
        };
        if t.text(r, "rule") == "near_threshold" {
            // one criterion from a list: the criterion, the list, and the persons it takes
            let what = format!(
                "{} – {}",
                lang.column(&t.text(r, "criterion")),
                lang.value(&t.text(r, "category"))
            );
            rows.push(vec![
                HCell::Text(ctx.name(&kind, &id)),
                HCell::Text(year.clone()),
                HCell::Text(lang.value("near_threshold")),
                HCell::Text(what),
                datum_cell(lang, t, r, "persons_margin", Fmt::Int),
                HCell::Empty,
                HCell::Empty,
            ]);
            continue;
        }
        if t.text(r, "rule").starts_with("flow_") {
            // a flow indicator's warning: its value beside the rest of the municipality's,
            // from the flow tables of the same area and year
            rows.push(flow_row(ctx, t, r, &ind));
            continue;
        }
        let fmt = cmp.map_or(Fmt::Pct, |c| fmt_of(c, &ind));
        rows.push(vec![
            HCell::Text(ctx.name(&kind, &id)),
            HCell::Text(year.clone()),
            HCell::Text(lang.value(&t.text(r, "rule"))),
            HCell::Text(lang.column(&ind)),
            num(ind.clone(), fmt),
            num(format!("{ind}_rest"), fmt),
            num(format!("{ind}_ratio"), Fmt::Dec(2)),
        ]);
    }
    let body = if rows.is_empty() {
        format!("<p>{}</p>", esc(lang.t("no_warnings")))
    } else {
        let headers = vec![
            lang.t("area").to_owned(),
            lang.t("year").to_owned(),
            lang.t("rule").to_owned(),
            lang.t("indicator").to_owned(),
            lang.t("value").to_owned(),
            lang.t("rest").to_owned(),
            lang.t("ratio").to_owned(),
        ];
        format!(
            "<p class=\"note\">{}</p>{}",
            esc(lang.t("warnings_intro")),
            table::html(lang, &headers, &rows)
        )
    };
    Section {
        id: "watchlist",
        title,
        body,
    }
}

/// The flow tables that carry a flow indicator's column (`retention_<group>`).
const FLOW_TABLES: [&str; 3] = ["flows_work", "flows_education", "flows_income"];

/// A watch-list row of a flow indicator's warning (`flow_*` rules): the area's retention and
/// the rest of the municipality's (`flows_rest`), in the warning's year.
fn flow_row(ctx: &Ctx, t: &Table, r: &[crate::published::Cell], ind: &str) -> Vec<HCell> {
    let lang = ctx.lang;
    let (kind, id, year) = (t.text(r, "kind"), t.text(r, "area_id"), t.text(r, "year"));
    let value = FLOW_TABLES
        .iter()
        .filter_map(|n| ctx.p.table(n))
        .filter(|f| f.col(ind).is_some())
        .find_map(|f| ctx.row_in(f, &kind, &id, "year", &year).map(|fr| (f, fr)))
        .map_or(HCell::Empty, |(f, fr)| {
            datum_cell(lang, f, fr, ind, Fmt::Pct)
        });
    let rest_col = ind.replacen("retention_", "retention_rest_", 1);
    let rest = ctx
        .p
        .table("flows_rest")
        .and_then(|f| ctx.row_in(f, &kind, &id, "year", &year).map(|fr| (f, fr)))
        .map_or(HCell::Empty, |(f, fr)| {
            datum_cell(lang, f, fr, &rest_col, Fmt::Pct)
        });
    vec![
        HCell::Text(ctx.name(&kind, &id)),
        HCell::Text(year),
        HCell::Text(lang.value(&t.text(r, "rule"))),
        HCell::Text(lang.column(ind)),
        value,
        rest,
        HCell::Empty,
    ]
}

/// School and daycare composition against the surroundings, latest year, where published.
pub fn schools(ctx: &Ctx) -> Section {
    let lang = ctx.lang;
    let title = lang.t("schools").to_owned();
    let Some(t) = ctx.p.table("composition") else {
        return Section {
            id: "schools",
            title,
            body: table::absent(lang, "composition"),
        };
    };
    let Some(year) = t.distinct("year").last().cloned() else {
        return Section {
            id: "schools",
            title,
            body: String::new(),
        };
    };
    let rows: Vec<Vec<HCell>> = t
        .rows
        .iter()
        .filter(|r| t.text(r, "year") == year && t.number(r, "value").is_some())
        .map(|r| row(ctx, t, r))
        .collect();
    let headers = vec![
        lang.t("area").to_owned(),
        lang.t("indicator").to_owned(),
        lang.t("value").to_owned(),
        lang.t("surroundings").to_owned(),
        lang.t("value").to_owned(),
        lang.t("ratio").to_owned(),
        lang.t("markedly_worse").to_owned(),
        lang.t("own_district_attendance").to_owned(),
    ];
    let body = format!(
        "<p class=\"note\">{} ({})</p>{}",
        esc(lang.t("schools_intro")),
        esc(&year),
        table::html(lang, &headers, &rows)
    );
    Section {
        id: "schools",
        title,
        body,
    }
}

fn row(ctx: &Ctx, t: &Table, r: &[crate::published::Cell]) -> Vec<HCell> {
    let lang = ctx.lang;
    let name = t.text(r, "name");
    let name = if name.is_empty() {
        ctx.name(&t.text(r, "kind"), &t.text(r, "area_id"))
    } else {
        name
    };
    let around = ctx.p.area_name(
        &t.text(r, "surroundings_kind"),
        &t.text(r, "surroundings_id"),
    );
    let around = if t.text(r, "surroundings_kind") == "municipality" {
        ctx.muni_name()
    } else {
        around
    };
    vec![
        HCell::Text(name),
        HCell::Text(lang.column(&t.text(r, "indicator"))),
        datum_cell(lang, t, r, "value", Fmt::Pct),
        HCell::Text(around),
        datum_cell(lang, t, r, "reference_value", Fmt::Pct),
        datum_cell(lang, t, r, "ratio", Fmt::Dec(2)),
        datum_cell(lang, t, r, "markedly_worse", Fmt::Role),
        datum_cell(lang, t, r, "own_district_attendance", Fmt::Pct),
    ]
}
