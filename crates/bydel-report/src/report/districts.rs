//! Areas against the rest of the municipality: each district's shares beside the rest's (the
//! municipality minus the district), trends with Wilson intervals and the law's thresholds, and
//! the impact goal that the gap between the focus areas and the rest narrows year by year.

use std::fmt::Write as _;

use super::Section;
use super::context::Ctx;
use super::table::{self, HCell};
use crate::format::{self, esc};
use crate::i18n::Lang;
use crate::law;
use crate::svg::ValueFormat;
use crate::svg::chart::{self, ChartOptions, ChartPoint, Emphasis, Series, Threshold, YRange};

/// Each district against the rest of the municipality.
pub fn comparison(ctx: &Ctx) -> Section {
    let lang = ctx.lang;
    let title = lang.t("districts").to_owned();
    let (Some(t), Some(latest)) = (ctx.figures(), ctx.latest.as_deref()) else {
        return Section {
            id: "districts",
            title,
            body: table::absent(lang, "area_figures"),
        };
    };
    let districts = ctx.areas_of("district");
    let mut body = latest_table(ctx, &districts, latest);
    for col in t.share_columns() {
        let _ = write!(
            body,
            "<h3>{}</h3><div class=\"grid\">",
            esc(&lang.column(col))
        );
        for d in &districts {
            let name = ctx.p.area_name("district", d);
            let rest = if lang == Lang::Da {
                "resten af kommunen"
            } else {
                "rest of the municipality"
            };
            let series = [
                Series {
                    label: name.clone(),
                    points: ctx.series("district", d, col),
                    emphasis: Emphasis::Primary,
                },
                Series {
                    label: rest.into(),
                    points: ctx.rest_series("district", d, col),
                    emphasis: Emphasis::Reference,
                },
            ];
            let opts = small(format!("d-{col}-{d}"), name, lang);
            let _ = write!(
                body,
                "<figure>{}</figure>",
                chart::time_series(&series, &opts)
            );
        }
        body.push_str("</div>");
        body.push_str(&table::behind(
            lang,
            &series_table(ctx, "district", &districts, col),
        ));
    }
    Section {
        id: "districts",
        title,
        body,
    }
}

fn small(id: String, title: String, lang: Lang) -> ChartOptions {
    ChartOptions {
        id,
        title,
        size: (260.0, 190.0),
        format: ValueFormat::Percent,
        thresholds: Vec::new(),
        y_range: YRange::FromZero,
        lang,
    }
}

fn latest_table(ctx: &Ctx, districts: &[String], year: &str) -> String {
    let lang = ctx.lang;
    let Some(t) = ctx.figures() else {
        return String::new();
    };
    let mut headers = vec![lang.t("area").to_owned()];
    let rest = if lang == Lang::Da { "resten" } else { "rest" };
    for col in t.share_columns() {
        let c = lang.column(col);
        headers.extend([
            c.clone(),
            format!("{c}: {rest}"),
            format!("{c}: {}", lang.t("gap")),
        ]);
    }
    let rows: Vec<Vec<HCell>> = districts
        .iter()
        .map(|d| {
            let mut row = vec![HCell::Text(ctx.p.area_name("district", d))];
            for col in t.share_columns() {
                let own = ctx.fraction("district", d, year, col).map(|(k, n)| k / n);
                let other = ctx.rest("district", d, year, col).map(|(k, n)| k / n);
                row.push(own.map_or(HCell::Suppressed, |v| HCell::Num(format::pct(lang, v))));
                row.push(other.map_or(HCell::Suppressed, |v| HCell::Num(format::pct(lang, v))));
                row.push(own.zip(other).map_or(HCell::Suppressed, |(a, b)| {
                    HCell::Num(format::pp(lang, a - b))
                }));
            }
            row
        })
        .collect();
    format!(
        "<h3>{} {}</h3>{}\n",
        lang.t("latest"),
        esc(year),
        table::html(lang, &headers, &rows)
    )
}

/// The share, interval and rest of each area by year, as an HTML table.
fn series_table(ctx: &Ctx, kind: &str, ids: &[String], col: &str) -> String {
    let lang = ctx.lang;
    let rest = if lang == Lang::Da {
        "resten af kommunen"
    } else {
        "rest of the municipality"
    };
    let headers = vec![
        lang.t("area").into(),
        lang.t("year").into(),
        lang.column(col),
        lang.t("interval").into(),
        rest.to_owned(),
    ];
    let mut rows = Vec::new();
    for id in ids {
        let own = ctx.series(kind, id, col);
        let other = ctx.rest_series(kind, id, col);
        for (p, r) in own.iter().zip(&other) {
            rows.push(vec![
                HCell::Text(ctx.p.area_name(kind, id)),
                HCell::Text(p.year.to_string()),
                value(lang, p),
                p.interval.map_or(HCell::Empty, |(a, b)| {
                    HCell::Num(format!(
                        "{} – {}",
                        format::pct(lang, a),
                        format::pct(lang, b)
                    ))
                }),
                value(lang, r),
            ]);
        }
    }
    table::html(lang, &headers, &rows)
}

fn value(lang: Lang, p: &ChartPoint) -> HCell {
    p.value
        .map_or(HCell::Suppressed, |v| HCell::Num(format::pct(lang, v)))
}

/// The housing areas the trends and goals follow: those ever on a list, else the largest.
fn focus(ctx: &Ctx) -> Vec<String> {
    let local = ctx.local_housing();
    let mut out: Vec<String> = Vec::new();
    if let Some(t) = ctx.p.table("classification") {
        for r in &t.rows {
            let id = t.text(r, "area_id");
            if local.contains(&id)
                && !matches!(t.text(r, "category").as_str(), "none" | "")
                && !out.contains(&id)
            {
                out.push(id);
            }
        }
    }
    if out.is_empty() {
        out = local;
    }
    out.truncate(5);
    out
}

/// Trends with intervals: the municipality and the focus areas, with the law's thresholds.
pub fn trends(ctx: &Ctx) -> Section {
    let lang = ctx.lang;
    let title = lang.t("trends").to_owned();
    let (Some(t), Some(muni)) = (ctx.figures(), ctx.muni.clone()) else {
        return Section {
            id: "trends",
            title,
            body: table::absent(lang, "area_figures"),
        };
    };
    let areas = focus(ctx);
    let intro = if lang == Lang::Da {
        "Bånd: 95 %-interval (Wilson) for andelen; det afspejler, hvor få beboere en andel bygger på. Stiplet rød linje: lovens grænse."
    } else {
        "Bands: 95 % interval (Wilson) of the share; it reflects how few residents a share rests on. Dashed red line: the law's threshold."
    };
    let mut body = format!("<p class=\"note\">{intro}</p><div class=\"grid2\">");
    let mut tables = String::new();
    for col in t.share_columns() {
        let mut series = vec![Series {
            label: ctx.muni_name(),
            points: ctx.series("municipality", &muni, col),
            emphasis: Emphasis::Reference,
        }];
        series.extend(areas.iter().map(|a| Series {
            label: ctx.p.area_name("housing_area", a),
            points: ctx.series("housing_area", a, col),
            emphasis: Emphasis::Primary,
        }));
        let thresholds = law::share_threshold(col)
            .map(|(l, v)| Threshold {
                value: v,
                label: format!("{l}: {} {}", lang.t("threshold"), format::pct(lang, v)),
            })
            .into_iter()
            .collect();
        let opts = ChartOptions {
            id: format!("trend-{col}"),
            title: lang.column(col),
            size: (500.0, 300.0),
            format: ValueFormat::Percent,
            thresholds,
            y_range: YRange::FromZero,
            lang,
        };
        let _ = write!(
            body,
            "<figure>{}</figure>",
            chart::time_series(&series, &opts)
        );
        let _ = write!(
            tables,
            "<h4>{}</h4>{}",
            esc(&lang.column(col)),
            series_table(ctx, "housing_area", &areas, col)
        );
    }
    body.push_str("</div>");
    body.push_str(&table::behind(lang, &tables));
    Section {
        id: "trends",
        title,
        body,
    }
}

/// The impact goal: the gap (percentage points) between each focus area and the rest.
pub fn goals(ctx: &Ctx) -> Section {
    let lang = ctx.lang;
    let title = lang.t("goals").to_owned();
    let Some(t) = ctx.figures() else {
        return Section {
            id: "goals",
            title,
            body: table::absent(lang, "area_figures"),
        };
    };
    let areas = focus(ctx);
    let intro = if lang == Lang::Da {
        "Byrådets mål (2021): forskellen mellem områderne og resten af kommunen skal mindskes år for år. Figurerne viser forskellen i procentpoint; under nul er området bedre stillet end resten."
    } else {
        "The council's goal (2021): the gap between the areas and the rest of the municipality narrows year by year. The charts show the gap in percentage points; below zero the area is better off than the rest."
    };
    let mut body = format!("<p>{intro}</p><div class=\"grid2\">");
    let mut rows = Vec::new();
    for col in t.share_columns() {
        let series: Vec<Series> = areas
            .iter()
            .map(|a| Series {
                label: ctx.p.area_name("housing_area", a),
                points: gap(ctx, a, col),
                emphasis: Emphasis::Primary,
            })
            .collect();
        let zero = if lang == Lang::Da {
            "ingen forskel"
        } else {
            "no gap"
        };
        let opts = ChartOptions {
            id: format!("goal-{col}"),
            title: format!("{} ({})", lang.column(col), lang.t("gap")),
            size: (500.0, 280.0),
            format: ValueFormat::Decimals(1),
            thresholds: vec![Threshold {
                value: 0.0,
                label: zero.into(),
            }],
            y_range: YRange::Data,
            lang,
        };
        let _ = write!(
            body,
            "<figure>{}</figure>",
            chart::time_series(&series, &opts)
        );
        for (a, s) in areas.iter().zip(&series) {
            rows.push(progress_row(ctx, a, col, &s.points));
        }
    }
    body.push_str("</div>");
    let headers: Vec<String> = if lang == Lang::Da {
        [
            "Område",
            "Indikator",
            "Første år",
            "Forskel",
            "Seneste år",
            "Forskel",
            "Mindsket?",
        ]
    } else {
        [
            "Area",
            "Indicator",
            "First year",
            "Gap",
            "Latest year",
            "Gap",
            "Narrowed?",
        ]
    }
    .iter()
    .map(|s| s.to_string())
    .collect();
    body.push_str(&table::behind(lang, &table::html(lang, &headers, &rows)));
    Section {
        id: "goals",
        title,
        body,
    }
}

fn gap(ctx: &Ctx, area: &str, col: &str) -> Vec<ChartPoint> {
    let own = ctx.series("housing_area", area, col);
    let rest = ctx.rest_series("housing_area", area, col);
    own.iter()
        .zip(&rest)
        .map(|(a, b)| ChartPoint {
            year: a.year,
            value: a.value.zip(b.value).map(|(x, y)| (x - y) * 100.0),
            interval: None,
        })
        .collect()
}

fn progress_row(ctx: &Ctx, area: &str, col: &str, pts: &[ChartPoint]) -> Vec<HCell> {
    let lang = ctx.lang;
    let known: Vec<&ChartPoint> = pts.iter().filter(|p| p.value.is_some()).collect();
    let cell = |p: Option<&&ChartPoint>| {
        p.and_then(|p| p.value)
            .map_or(HCell::Suppressed, |v| HCell::Num(format::dec(lang, v, 1)))
    };
    let year =
        |p: Option<&&ChartPoint>| p.map_or(HCell::Empty, |p| HCell::Text(p.year.to_string()));
    let (first, last) = (known.first(), known.last());
    let narrowed = first
        .zip(last)
        .and_then(|(a, b)| a.value.zip(b.value))
        .map(|(a, b)| {
            let yes = b.abs() < a.abs();
            match (lang, yes) {
                (Lang::Da, true) => "ja",
                (Lang::Da, false) => "nej",
                (Lang::En, true) => "yes",
                (Lang::En, false) => "no",
            }
        });
    vec![
        HCell::Text(ctx.p.area_name("housing_area", area)),
        HCell::Text(lang.column(col)),
        year(first),
        cell(first),
        year(last),
        cell(last),
        narrowed.map_or(HCell::Empty, |s| HCell::Text(s.into())),
    ]
}
