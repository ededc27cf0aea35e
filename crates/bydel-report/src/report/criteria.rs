//! The national criteria A–E for every housing area: the latest list year's values, which
//! criteria are met (highlighted), the category and the explanation with its margins, and the
//! history of each criterion with the law's threshold.

use std::fmt::Write as _;

use super::Section;
use super::context::Ctx;
use super::summary::{category, name};
use super::table::{self, HCell};
use crate::format::{self, esc};
use crate::i18n::Lang;
use crate::law;
use crate::published::{Cell, Table};
use crate::svg::ValueFormat;
use crate::svg::chart::{self, ChartOptions, ChartPoint, Emphasis, Series, Threshold, YRange};

/// The criteria section.
pub fn section(ctx: &Ctx) -> Section {
    let title = ctx.lang.t("criteria").to_owned();
    let Some(t) = ctx.p.table("classification") else {
        return Section {
            id: "criteria",
            title,
            body: table::absent(ctx.lang, "classification"),
        };
    };
    let years = ctx.list_years();
    let mut body = String::new();
    if let Some(latest) = years.last() {
        body.push_str(&latest_table(ctx, t, latest));
        body.push_str(&history(ctx, t));
    }
    Section {
        id: "criteria",
        title,
        body,
    }
}

fn is_local(ctx: &Ctx, t: &Table, r: &[Cell]) -> bool {
    let local = ctx.local_housing();
    local.is_empty() || local.contains(&t.text(r, "area_id"))
}

fn latest_table(ctx: &Ctx, t: &Table, year: &str) -> String {
    let lang = ctx.lang;
    let mut headers = vec![lang.t("area").to_owned(), lang.t("residents").to_owned()];
    headers.extend(law::CRITERIA.iter().map(|(l, _, _)| format!("{l} (%)")));
    headers.push(if lang == Lang::Da {
        "Kategori".into()
    } else {
        "Category".into()
    });
    headers.push(if lang == Lang::Da {
        "Forklaring og margin".into()
    } else {
        "Explanation and margin".into()
    });
    let expl = if lang == Lang::Da {
        "explanation_da"
    } else {
        "explanation_en"
    };
    let mut rows: Vec<Vec<HCell>> = Vec::new();
    for r in t
        .rows
        .iter()
        .filter(|r| t.text(r, "list_year") == year && is_local(ctx, t, r))
    {
        let met = t.text(r, "criteria_met");
        let mut row = vec![
            HCell::Text(name(ctx, t, r)),
            table::cell(
                lang,
                t.get(r, "residents").unwrap_or(&Cell::Empty),
                crate::published::Role::Count,
            ),
        ];
        for (l, _, _) in law::CRITERIA {
            let c = t.get(r, &format!("{l}_value")).unwrap_or(&Cell::Empty);
            row.push(match c {
                Cell::Number(x) if met.split(';').any(|m| m == l.to_string()) => {
                    HCell::Met(format::dec(lang, *x, 1))
                }
                Cell::Number(x) => HCell::Num(format::dec(lang, *x, 1)),
                other => table::cell(lang, other, crate::published::Role::Derived),
            });
        }
        row.push(HCell::Text(category(lang, &t.text(r, "category"))));
        row.push(HCell::Text(t.text(r, expl)));
        rows.push(row);
    }
    let head = if lang == Lang::Da {
        format!("Listeår {year}: værdier, opfyldte kriterier (markeret) og margin")
    } else {
        format!("List year {year}: values, criteria met (highlighted) and margin")
    };
    let crit: String = law::CRITERIA
        .iter()
        .map(|(_, da, en)| format!("<li>{}</li>", esc(if lang == Lang::Da { da } else { en })))
        .collect();
    format!(
        "<h3>{}</h3><ul class=\"note\">{crit}</ul>{}\n",
        esc(&head),
        table::html(lang, &headers, &rows)
    )
}

/// The areas shown in the history charts: local areas that were ever on a list (at most six).
fn focus(ctx: &Ctx, t: &Table) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for r in t
        .rows
        .iter()
        .filter(|r| is_local(ctx, t, r) && !matches!(t.text(r, "category").as_str(), "none" | ""))
    {
        let id = t.text(r, "area_id");
        if !out.iter().any(|(i, _)| *i == id) {
            out.push((id, name(ctx, t, r)));
        }
    }
    out.truncate(6);
    out
}

fn history(ctx: &Ctx, t: &Table) -> String {
    let lang = ctx.lang;
    let areas = focus(ctx, t);
    if areas.is_empty() {
        return String::new();
    }
    let rule_year = ctx
        .list_years()
        .last()
        .and_then(|y| y.parse().ok())
        .unwrap_or(2018);
    let head = if lang == Lang::Da {
        "Kriterierne over tid (områder, der har været på en liste)"
    } else {
        "The criteria over time (areas that have been on a list)"
    };
    let mut s = format!("<h3>{head}</h3><div class=\"grid2\">");
    for (th, (l, da, en)) in law::thresholds(rule_year).iter().zip(law::CRITERIA) {
        let series: Vec<Series> = areas
            .iter()
            .map(|(id, n)| Series {
                label: n.clone(),
                points: points(t, id, l),
                emphasis: Emphasis::Primary,
            })
            .collect();
        let thresholds = th
            .percent
            .map(|v| Threshold {
                value: v / 100.0,
                label: format!("{} {}", lang.t("threshold"), format::pct(lang, v / 100.0)),
            })
            .into_iter()
            .collect();
        let opts = ChartOptions {
            id: format!("crit-{l}"),
            title: (if lang == Lang::Da { da } else { en }).to_owned(),
            size: (500.0, 260.0),
            format: ValueFormat::Percent,
            thresholds,
            y_range: YRange::FromZero,
            lang,
        };
        let _ = write!(s, "<figure>{}</figure>", chart::time_series(&series, &opts));
    }
    s.push_str("</div>");
    let ids: Vec<&str> = areas.iter().map(|(i, _)| i.as_str()).collect();
    let tab = table::published(
        lang,
        t,
        |r| ids.contains(&t.text(r, "area_id").as_str()),
        2000,
    );
    s.push_str(&table::behind(lang, &tab));
    s
}

fn points(t: &Table, id: &str, letter: char) -> Vec<ChartPoint> {
    t.rows
        .iter()
        .filter(|r| t.text(r, "area_id") == id)
        .filter_map(|r| {
            let year = t.text(r, "list_year").parse().ok()?;
            let value = t.number(r, &format!("{letter}_value")).map(|v| v / 100.0);
            Some(ChartPoint {
                year,
                value,
                interval: None,
            })
        })
        .collect()
}
