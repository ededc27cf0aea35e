//! The five criteria over time for every district and housing area: the area's value with its
//! 95 % interval (the `indicators` table) against the rest of the municipality (the
//! `comparisons` table), one small chart per criterion, and the table behind them with every
//! number marked up with its published cell.

use std::fmt::Write as _;

use crate::i18n::Labels;

use super::Section;
use super::context::Ctx;
use super::table::{self, Fmt, HCell, datum_cell};
use crate::format::esc;
use crate::law;
use crate::published::Table;
use crate::svg::ValueFormat;
use crate::svg::chart::{self, ChartOptions, ChartPoint, Emphasis, Series, YRange};

/// The criteria-over-time section.
pub fn section(ctx: &Ctx) -> Section {
    let lang = ctx.lang;
    let title = lang.t("criteria").to_owned();
    let (Some(ind), Some(cmp)) = (ctx.p.table("indicators"), ctx.p.table("comparisons")) else {
        return Section {
            id: "criteria",
            title,
            body: table::absent(lang, "indicators, comparisons"),
        };
    };
    let mut body = format!("<p class=\"note\">{}</p>", esc(lang.t("criteria_intro")));
    for kind in ["district", "housing_area"] {
        let _ = write!(body, "<h3>{}</h3>", esc(lang.t(kind_heading(kind))));
        for id in ctx.areas_of(kind) {
            body.push_str(&area(ctx, ind, cmp, kind, &id));
        }
    }
    Section {
        id: "criteria",
        title,
        body,
    }
}

fn kind_heading(kind: &str) -> &'static str {
    if kind == "district" {
        "districts_plural"
    } else {
        "housing_areas_plural"
    }
}

fn area(ctx: &Ctx, ind: &Table, cmp: &Table, kind: &str, id: &str) -> String {
    let lang = ctx.lang;
    let name = ctx.name(kind, id);
    let rest = lang.t("rest");
    let mut s = format!("<h4>{}</h4><div class=\"grid\">", esc(&name));
    let mut rows = Vec::new();
    for (letter, _, _) in law::CRITERIA.iter() {
        let Some(indicator) = law::criterion_indicator(*letter) else {
            continue;
        };
        let indicator = indicator.as_str();
        // the catalogue indicator's own name (D is published as mean income, not as the law's
        // percentage of the region's)
        let label = format!("{letter}: {}", lang.column(indicator));
        let label = label.as_str();
        let own = points(ind, kind, id, indicator, true);
        let other = points(cmp, kind, id, &format!("{indicator}_rest"), false);
        if own.iter().all(|p| p.value.is_none()) {
            continue;
        }
        let series = [
            Series {
                label: name.clone(),
                points: own,
                emphasis: Emphasis::Primary,
            },
            Series {
                label: rest.into(),
                points: other,
                emphasis: Emphasis::Reference,
            },
        ];
        let format = if ind.roles[ind.col(indicator).unwrap_or(0)] == crate::published::Role::Share
            && *letter != 'D'
        {
            ValueFormat::Percent
        } else {
            ValueFormat::Integer
        };
        let opts = ChartOptions {
            id: format!("crit-{kind}-{id}-{letter}"),
            title: label.to_owned(),
            size: (260.0, 180.0),
            format,
            thresholds: Vec::new(),
            y_range: YRange::FromZero,
            lang,
        };
        s.push_str(&table::figure(
            &chart::time_series(&series, &opts),
            &format!("{label}: {name} {} {rest}", lang.t("against")),
        ));
        for r in ind.area_rows(kind, id) {
            let year = ind.text(r, "year");
            let c = ctx.row_in(cmp, kind, id, "year", &year);
            let fmt = if format == ValueFormat::Percent {
                Fmt::Pct
            } else {
                Fmt::Int
            };
            rows.push(vec![
                HCell::Text(label.to_owned()),
                HCell::Text(year),
                datum_cell(lang, ind, r, indicator, fmt),
                datum_cell(lang, ind, r, &format!("{indicator}_lower"), fmt),
                datum_cell(lang, ind, r, &format!("{indicator}_upper"), fmt),
                c.map_or(HCell::Empty, |c| {
                    datum_cell(lang, cmp, c, &format!("{indicator}_rest"), fmt)
                }),
            ]);
        }
    }
    s.push_str("</div>");
    let headers = vec![
        lang.t("criterion").to_owned(),
        lang.t("year").to_owned(),
        lang.t("value").to_owned(),
        lang.t("lower").to_owned(),
        lang.t("upper").to_owned(),
        rest.to_owned(),
    ];
    s.push_str(&table::behind(lang, &table::html(lang, &headers, &rows)));
    s
}

/// A column's series for one area, with its interval when `interval` (`_lower`/`_upper`).
fn points(t: &Table, kind: &str, id: &str, col: &str, interval: bool) -> Vec<ChartPoint> {
    t.area_rows(kind, id)
        .filter_map(|r| {
            let year = t.text(r, "year").parse().ok()?;
            let bounds = interval
                .then(|| {
                    t.number(r, &format!("{col}_lower"))
                        .zip(t.number(r, &format!("{col}_upper")))
                })
                .flatten();
            Some(ChartPoint {
                year,
                value: t.number(r, col),
                interval: bounds,
            })
        })
        .collect()
}
