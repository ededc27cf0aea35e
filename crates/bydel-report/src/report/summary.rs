//! The summary in plain language: the municipality's key figures and what changed since last
//! year, which housing areas are on which list and why, and what is on the watch-list.

use std::fmt::Write as _;

use super::Section;
use super::context::Ctx;
use super::table::{Fmt, datum};
use crate::format::esc;
use crate::i18n::{Labels, Lang};
use crate::law;
use crate::published::{Cell, Table};

/// The summary section.
pub fn section(ctx: &Ctx) -> Section {
    let mut body = key_figures(ctx);
    body.push_str(&focus(ctx));
    body.push_str(&lists(ctx));
    body.push_str(&warnings(ctx));
    let _ = writeln!(
        body,
        "<p class=\"note\">{}</p>",
        ctx.lang.t("suppression_note")
    );
    Section {
        id: "summary",
        title: ctx.lang.t("summary").into(),
        body,
    }
}

fn key_figures(ctx: &Ctx) -> String {
    let (Some(muni), Some(latest)) = (ctx.muni.as_deref(), ctx.latest.as_deref()) else {
        return super::table::absent(ctx.lang, "criteria");
    };
    let lang = ctx.lang;
    let mut s = format!(
        "<h3>{} {}</h3><div class=\"kpi\">",
        esc(&ctx.muni_name()),
        esc(latest)
    );
    if let Some(t) = ctx.p.table("area_figures")
        && let Some(r) = ctx.row_in(t, "municipality", muni, "year", latest)
    {
        s.push_str(&kpi(
            lang.t("residents"),
            &datum(lang, t, r, "residents", Fmt::Int),
        ));
    }
    if let Some(t) = ctx.figures()
        && let Some(r) = ctx.row_in(t, "municipality", muni, "year", latest)
    {
        for (letter, da, en) in law::CRITERIA {
            let col = letter.to_string();
            if t.col(&col).is_none() {
                continue;
            }
            // D is the area's mean income as a fraction of the region's: a percentage too
            let fmt = Fmt::Pct;
            let label = if lang == Lang::Da { da } else { en };
            s.push_str(&kpi(label, &datum(lang, t, r, &col, fmt)));
        }
    }
    s.push_str("</div>\n");
    s
}

/// One key figure: a label and its (already marked-up) value.
fn kpi(label: &str, value: &str) -> String {
    format!("<div>{}<b>{value}</b></div>", esc(label))
}

/// The run's focus areas and their list status in the latest list year.
fn focus(ctx: &Ctx) -> String {
    let lang = ctx.lang;
    let areas = ctx.focus_areas();
    if areas.is_empty() {
        return String::new();
    }
    let t = ctx.p.table("classification");
    let year = ctx.list_years().last().cloned().unwrap_or_default();
    let mut s = format!("<h3>{}</h3><ul>", esc(lang.t("focus_areas")));
    for (kind, id) in areas {
        let status = t
            .and_then(|t| {
                ctx.row_in(t, &kind, &id, "list_year", &year)
                    .map(|r| (t, r))
            })
            .map(|(t, r)| super::status::status_text(lang, t, r));
        let _ = write!(
            s,
            "<li><b>{}</b>{}</li>",
            esc(&ctx.name(&kind, &id)),
            status
                .map(|st| format!(": {}", esc(&st)))
                .unwrap_or_default()
        );
    }
    s.push_str("</ul>");
    s
}

/// The local housing areas on a list in the latest list year, and the changes since the year
/// before.
fn lists(ctx: &Ctx) -> String {
    let lang = ctx.lang;
    let Some(t) = ctx.p.table("classification") else {
        return super::table::absent(lang, "classification");
    };
    let years = ctx.list_years();
    let Some(latest) = years.last() else {
        return String::new();
    };
    let local = ctx.local_housing();
    let listed = |year: &str| -> Vec<(String, String, String)> {
        t.rows
            .iter()
            .filter(|r| t.text(r, "list_year") == year && local.contains(&t.text(r, "area_id")))
            .filter(|r| !matches!(t.text(r, "category").as_str(), "none" | ""))
            .map(|r| (t.text(r, "area_id"), name(ctx, t, r), t.text(r, "category")))
            .collect()
    };
    let now = listed(latest);
    let head = if lang == Lang::Da {
        "Listerne pr. 1. december"
    } else {
        "The lists of 1 December"
    };
    let mut s = format!("<h3>{head} {}</h3>", esc(latest));
    if now.is_empty() {
        let none = if lang == Lang::Da {
            "Ingen af kommunens boligområder er på en liste."
        } else {
            "None of the municipality's housing areas is on a list."
        };
        let _ = write!(s, "<p>{none}</p>");
    } else {
        s.push_str("<ul class=\"lists\">");
        for (id, n, cat) in &now {
            let why = t
                .rows
                .iter()
                .find(|r| t.text(r, "list_year") == *latest && t.text(r, "area_id") == *id);
            // the criteria that put the area in *its* category (forebyggelse has lines of its
            // own: E > 30 %, B twice the national average, D under 65 %)
            let crit = why
                .map(|r| {
                    ["A", "B", "C", "D", "E"]
                        .iter()
                        .filter(|c| t.text(r, &format!("{cat}_{c}_met")) == "true")
                        .copied()
                        .collect::<Vec<_>>()
                        .join(", ")
                })
                .filter(|c| !c.is_empty())
                .or_else(|| why.map(|r| t.text(r, "criteria_met").replace(';', ", ")))
                .unwrap_or_default();
            let _ = write!(
                s,
                "<li><b>{}</b>: {} ({}: {})</li>",
                esc(n),
                esc(&category(lang, cat)),
                if lang == Lang::Da {
                    "kriterier"
                } else {
                    "criteria"
                },
                esc(&crit)
            );
        }
        s.push_str("</ul>");
    }
    if let Some(prev) = years.len().checked_sub(2).map(|i| &years[i]) {
        s.push_str(&changes(lang, &listed(prev), &now, prev));
    }
    s
}

fn changes(
    lang: Lang,
    before: &[(String, String, String)],
    now: &[(String, String, String)],
    prev: &str,
) -> String {
    let mut items = Vec::new();
    for (id, n, cat) in now {
        match before.iter().find(|b| &b.0 == id) {
            None => items.push(format!(
                "{} {} {}",
                esc(n),
                if lang == Lang::Da {
                    "er kommet på listen som"
                } else {
                    "entered the list as"
                },
                esc(&category(lang, cat))
            )),
            Some(b) if &b.2 != cat => items.push(format!(
                "{}: {} → {}",
                esc(n),
                esc(&category(lang, &b.2)),
                esc(&category(lang, cat))
            )),
            _ => {}
        }
    }
    for (id, n, cat) in before.iter().filter(|b| !now.iter().any(|x| x.0 == b.0)) {
        let _ = id;
        items.push(format!(
            "{} {} ({})",
            esc(n),
            if lang == Lang::Da {
                "er ikke længere på listen"
            } else {
                "left the list"
            },
            esc(&category(lang, cat))
        ));
    }
    let head = if lang == Lang::Da {
        format!("Ændringer siden {prev}")
    } else {
        format!("Changes since {prev}")
    };
    if items.is_empty() {
        let none = if lang == Lang::Da { "ingen" } else { "none" };
        return format!("<p>{}: {none}.</p>", esc(&head));
    }
    format!(
        "<p>{}:</p><ul>{}</ul>",
        esc(&head),
        items
            .iter()
            .map(|i| format!("<li>{i}</li>"))
            .collect::<String>()
    )
}

fn warnings(ctx: &Ctx) -> String {
    let lang = ctx.lang;
    let Some(t) = ctx.p.table("warnings") else {
        return super::table::absent(lang, "warnings");
    };
    let head = lang.t("watchlist");
    let own: Vec<String> = t
        .rows
        .iter()
        .filter(|r| {
            ctx.areas_of(&t.text(r, "kind"))
                .contains(&t.text(r, "area_id"))
        })
        .map(|r| name(ctx, t, r))
        .collect();
    let mut names = own.clone();
    names.dedup();
    let text = match (names.is_empty(), lang) {
        (true, _) => lang.t("no_warnings").to_owned(),
        (false, Lang::Da) => format!("Advarsler for {}; se afsnittet «{head}».", names.join(", ")),
        (false, Lang::En) => format!(
            "Warnings for {}; see the section “{head}”.",
            names.join(", ")
        ),
    };
    format!("<h3>{}</h3><p>{}</p>", esc(head), esc(&text))
}

/// An area's name in a table with a `name` column, else from the polygons.
pub fn name(ctx: &Ctx, t: &Table, r: &[Cell]) -> String {
    let n = t.text(r, "name");
    if n.is_empty() {
        ctx.name(&t.text(r, "kind"), &t.text(r, "area_id"))
    } else {
        n
    }
}

/// The list category in words.
pub fn category(lang: Lang, cat: &str) -> String {
    let (da, en) = match cat {
        "parallelsamfund" => ("parallelsamfund", "parallel society (parallelsamfund)"),
        "omdannelse" => (
            "omdannelsesområde",
            "transformation area (omdannelsesområde)",
        ),
        "forebyggelse" => (
            "forebyggelsesområde",
            "prevention area (forebyggelsesområde)",
        ),
        "udsat" => (
            "udsat boligområde",
            "vulnerable housing area (udsat boligområde)",
        ),
        "ghetto" => ("ghettoområde", "ghetto area (ghettoområde)"),
        "none" => ("ingen liste", "no list"),
        other => (other, other),
    };
    if lang == Lang::Da {
        da.into()
    } else {
        en.into()
    }
}
