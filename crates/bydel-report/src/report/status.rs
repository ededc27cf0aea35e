//! List status and the distance to every threshold: for each of the municipality's housing
//! areas (the focus areas first), the latest list year's category and, for the criteria A–E,
//! the value, whether the udsat and forebyggelse lines are met, the distance to each line in
//! the criterion's unit and in persons. Areas that the law does not cover (not public housing)
//! get no list category and no distances.

use std::fmt::Write as _;

use super::Section;
use super::context::Ctx;
use super::summary::category;
use super::table::{self, Fmt, HCell, datum_cell};
use crate::format::esc;
use crate::i18n::{Labels, Lang};
use crate::law;
use crate::published::{Cell, Table};

/// The lines drawn for every housing area: the base list and the prevention list.
const LINES: [&str; 2] = ["udsat", "forebyggelse"];

/// The status section.
pub fn section(ctx: &Ctx) -> Section {
    let lang = ctx.lang;
    let title = lang.t("status_title").to_owned();
    let Some(t) = ctx.p.table("classification") else {
        return Section {
            id: "status",
            title,
            body: table::absent(lang, "classification"),
        };
    };
    let Some(year) = ctx.list_years().last().cloned() else {
        return Section {
            id: "status",
            title,
            body: String::new(),
        };
    };
    let mut body = format!("<p class=\"note\">{}</p>", esc(lang.t("status_intro")));
    for id in areas(ctx, t) {
        let Some(r) = ctx.row_in(t, "housing_area", &id, "list_year", &year) else {
            continue;
        };
        body.push_str(&area(ctx, t, r, &year));
    }
    Section {
        id: "status",
        title,
        body,
    }
}

/// The housing areas to show: the focus areas first, then the other local ones.
pub fn areas(ctx: &Ctx, t: &Table) -> Vec<String> {
    let mut out: Vec<String> = ctx
        .focus_areas()
        .into_iter()
        .filter(|(k, _)| k == "housing_area")
        .map(|(_, id)| id)
        .collect();
    let local = ctx.local_housing();
    for r in &t.rows {
        let id = t.text(r, "area_id");
        if (local.is_empty() || local.contains(&id)) && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// Whether the law covers the area (public housing); `None` when the cell is suppressed.
pub fn covered(t: &Table, r: &[Cell]) -> bool {
    !matches!(t.get(r, "eligibility"), Some(Cell::Text(e)) if e != "eligible")
}

/// The list category of a row in words (never the bare code).
pub fn status_text(lang: Lang, t: &Table, r: &[Cell]) -> String {
    if !covered(t, r) {
        return lang.t("not_covered").to_owned();
    }
    match t.get(r, "category") {
        Some(Cell::Text(c)) => category(lang, c),
        Some(Cell::Suppressed) => "..".into(),
        _ => lang.t("not_covered").to_owned(),
    }
}

fn area(ctx: &Ctx, t: &Table, r: &[Cell], year: &str) -> String {
    let lang = ctx.lang;
    let name = ctx.name("housing_area", &t.text(r, "area_id"));
    let mut s = format!(
        "<h3>{} ({} {})</h3><p>{}: <b>{}</b></p>",
        esc(&name),
        esc(lang.t("list_year")),
        esc(year),
        esc(lang.t("list_status")),
        esc(&status_text(lang, t, r))
    );
    if !covered(t, r) {
        return s;
    }
    let mut headers = vec![lang.t("criterion").to_owned(), lang.t("value").to_owned()];
    for line in LINES {
        let l = category(lang, line);
        headers.extend([
            format!("{l}: {}", lang.t("met")),
            format!("{l}: {}", lang.t("distance")),
            format!("{l}: {}", lang.t("persons_to_change")),
        ]);
    }
    let rows: Vec<Vec<HCell>> = law::CRITERIA
        .iter()
        .map(|(letter, da, en)| {
            let mut row = vec![
                HCell::Text((if lang == Lang::Da { *da } else { *en }).to_owned()),
                datum_cell(lang, t, r, &format!("{letter}_value"), Fmt::Dec(1)),
            ];
            for line in LINES {
                let c = |what: &str| format!("{line}_{letter}_{what}");
                row.push(datum_cell(lang, t, r, &c("met"), Fmt::Role));
                row.push(datum_cell(lang, t, r, &c("margin"), Fmt::Dec(1)));
                row.push(persons(lang, t, r, &c("persons_to_change")));
            }
            row
        })
        .collect();
    let _ = write!(s, "{}", table::html(lang, &headers, &rows));
    s
}

/// Persons to change the criterion's status, signed as published (negative: fewer persons).
fn persons(lang: Lang, t: &Table, r: &[Cell], column: &str) -> HCell {
    datum_cell(lang, t, r, column, Fmt::Int)
}
