//! The watch-list (early warnings in plain language) and the schools and daycare composition.

use std::fmt::Write as _;

use super::Section;
use super::context::Ctx;
use super::summary::name;
use super::table;
use crate::format::esc;
use crate::i18n::Lang;

/// The watch-list section: each warning's sentence, then the table.
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
    let col = if lang == Lang::Da {
        "sentence_da"
    } else {
        "sentence_en"
    };
    let mut body = String::from("<ul class=\"warnings\">");
    for r in &t.rows {
        let text = t.text(r, col);
        let text = if text.is_empty() {
            format!("{}: {}", name(ctx, t, r), t.text(r, "rule"))
        } else {
            text
        };
        let _ = write!(body, "<li>{}</li>", esc(&text));
    }
    body.push_str("</ul>");
    if t.rows.is_empty() {
        let none = if lang == Lang::Da {
            "Ingen advarsler."
        } else {
            "No warnings."
        };
        body = format!("<p>{none}</p>");
    }
    body.push_str(&table::behind(
        lang,
        &table::published(lang, t, |_| true, 5000),
    ));
    Section {
        id: "watchlist",
        title,
        body,
    }
}

/// Schools and daycare composition: any published table whose name starts with `school` or
/// `daycare`.
pub fn schools(ctx: &Ctx) -> Section {
    let lang = ctx.lang;
    let title = lang.t("schools").to_owned();
    let tables: Vec<_> = ctx
        .p
        .tables
        .values()
        .filter(|t| {
            t.name == "composition" || t.name.starts_with("school") || t.name.starts_with("daycare")
        })
        .collect();
    if tables.is_empty() {
        return Section {
            id: "schools",
            title,
            body: table::absent(lang, "composition"),
        };
    }
    let mut body = String::new();
    for t in tables {
        let _ = write!(
            body,
            "<h3>{}</h3>{}",
            esc(&t.name),
            table::published(
                lang,
                t,
                |r| ctx.latest.as_deref().is_none_or(|y| t.text(r, "year") == y),
                2000
            )
        );
    }
    Section {
        id: "schools",
        title,
        body,
    }
}
