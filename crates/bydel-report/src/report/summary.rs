//! The summary in plain language: the municipality's key figures and what changed since last
//! year, which housing areas are on which list and why, and what is on the watch-list.

use std::fmt::Write as _;

use super::Section;
use super::context::Ctx;
use crate::format::{self, esc};
use crate::i18n::Lang;
use crate::published::{Cell, Table};

/// The summary section.
pub fn section(ctx: &Ctx) -> Section {
    let mut body = key_figures(ctx);
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
        return super::table::absent(ctx.lang, "area_figures");
    };
    let lang = ctx.lang;
    let Some(t) = ctx.figures() else {
        return String::new();
    };
    let mut s = format!(
        "<h3>{} {}</h3><div class=\"kpi\">",
        esc(&ctx.muni_name()),
        esc(latest)
    );
    let prev_row = ctx
        .previous
        .as_deref()
        .and_then(|y| ctx.row("municipality", muni, y));
    if let Some(r) = ctx.row("municipality", muni, latest)
        && let Some(n) = t.number(r, "residents")
    {
        let change = prev_row.and_then(|p| t.number(p, "residents")).map(|p| {
            let d = n - p;
            format!("{}{}", if d > 0.0 { "+" } else { "" }, format::int(lang, d))
        });
        s.push_str(&kpi(lang.t("residents"), &format::int(lang, n), change));
    }
    for col in t.share_columns() {
        let now = ctx.fraction("municipality", muni, latest, col);
        let before = ctx
            .previous
            .as_deref()
            .and_then(|y| ctx.fraction("municipality", muni, y, col));
        let value = now.map_or("..".into(), |(k, n)| format::pct(lang, k / n));
        let change = now
            .zip(before)
            .map(|((k, n), (k0, n0))| format!("{} pp", format::pp(lang, k / n - k0 / n0)));
        s.push_str(&kpi(&lang.column(col), &value, change));
    }
    s.push_str("</div>\n");
    if let Some(p) = &ctx.previous {
        let _ = writeln!(
            s,
            "<p class=\"note\">{}: {} {}.</p>",
            lang.t("change"),
            lang.t("previous").to_lowercase(),
            esc(p)
        );
    }
    s
}

fn kpi(label: &str, value: &str, change: Option<String>) -> String {
    let change = change
        .map(|c| format!("<span class=\"note\">{}</span>", esc(&c)))
        .unwrap_or_default();
    format!("<div>{}<b>{}</b>{change}</div>", esc(label), esc(value))
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
            let crit = why
                .map(|r| t.text(r, "criteria_met"))
                .unwrap_or_default()
                .replace(';', ", ");
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
        return super::table::absent(lang, "watchlist");
    };
    let head = lang.t("watchlist");
    let n = t.rows.len();
    let text = if lang == Lang::Da {
        format!("{n} advarsler; se afsnittet «{head}».")
    } else {
        format!("{n} warnings; see the section “{head}”.")
    };
    format!("<h3>{}</h3><p>{}</p>", esc(head), esc(&text))
}

/// An area's name in a table with a `name` column, else from the polygons.
pub fn name(ctx: &Ctx, t: &Table, r: &[Cell]) -> String {
    let n = t.text(r, "name");
    if n.is_empty() {
        ctx.p.area_name(&t.text(r, "kind"), &t.text(r, "area_id"))
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
