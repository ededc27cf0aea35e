//! The dashboard's figures: the same SVG maps and charts as the report
//! ([`bydel_report::svg`]), fed from the published view, plus a small distribution chart.

use std::fmt::Write as _;

use bydel_report::svg::ValueFormat;
use bydel_report::svg::chart::{ChartOptions, ChartPoint, Emphasis, Series, YRange, time_series};
use bydel_report::svg::map::{Classes, Labels, MapArea, MapOptions, MapValue, choropleth};

use crate::html::esc;
use crate::i18n::Lang;
use crate::published::{Indicator, Published, Scale};
use crate::table::Shown;

/// The report crate's language for ours.
pub fn report_lang(lang: Lang) -> bydel_report::Lang {
    match lang {
        Lang::Da => bydel_report::Lang::Da,
        Lang::En => bydel_report::Lang::En,
    }
}

fn format_of(scale: Scale) -> ValueFormat {
    match scale {
        Scale::Share => ValueFormat::Percent,
        Scale::Plain => ValueFormat::Decimals(1),
    }
}

/// A choropleth of one indicator over the areas of one layer in one year.
pub fn map(
    p: &Published,
    ind: &Indicator,
    kind: &str,
    year: i32,
    title: &str,
    lang: Lang,
) -> String {
    let areas: Vec<MapArea> = p
        .areas
        .areas
        .iter()
        .filter(|a| a.kind.as_str() == kind)
        .map(|a| MapArea {
            id: a.area_id.as_str().to_owned(),
            name: a.name.clone(),
            geometry: a.geometry.clone(),
            value: match p.value(ind, kind, a.area_id.as_str(), year) {
                Shown::Number(x) => MapValue::Value(x),
                Shown::Suppressed => MapValue::Suppressed,
                _ => MapValue::Missing,
            },
        })
        .collect();
    let opts = MapOptions {
        id: "map".into(),
        title: title.into(),
        width: 640.0,
        classes: Classes::Quantiles(5),
        format: format_of(ind.scale),
        labels: Labels::None,
        lang: report_lang(lang),
    };
    choropleth(&areas, &opts)
}

/// One line of a time-series chart: the indicator for one area over the years.
pub fn series(
    p: &Published,
    ind: &Indicator,
    area: (&str, &str),
    label: &str,
    emphasis: Emphasis,
) -> Series {
    let points = p
        .years()
        .into_iter()
        .filter_map(|year| match p.value(ind, area.0, area.1, year) {
            Shown::Number(x) => Some(ChartPoint {
                year,
                value: Some(x),
                interval: None,
            }),
            Shown::Suppressed => Some(ChartPoint {
                year,
                value: None,
                interval: None,
            }),
            _ => None,
        })
        .collect();
    Series {
        label: label.into(),
        points,
        emphasis,
    }
}

/// A time-series chart of some lines.
pub fn chart(id: &str, title: &str, lines: &[Series], scale: Scale, lang: Lang) -> String {
    let opts = ChartOptions {
        id: id.into(),
        title: title.into(),
        size: (560.0, 260.0),
        format: format_of(scale),
        thresholds: Vec::new(),
        y_range: match scale {
            Scale::Share => YRange::FromZero,
            Scale::Plain => YRange::Data,
        },
        lang: report_lang(lang),
    };
    time_series(lines, &opts)
}

/// A histogram: `bins` as (label, count), drawn as horizontal bars with the counts written out.
pub fn histogram(title: &str, bins: &[(String, usize)]) -> String {
    let max = bins.iter().map(|b| b.1).max().unwrap_or(0).max(1) as f64;
    let h = 24.0 + 22.0 * bins.len() as f64;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 560 {h}\" width=\"560\" height=\"{h}\" role=\"img\" aria-labelledby=\"hist-title\" font-size=\"11\"><title id=\"hist-title\">{}</title>",
        esc(title)
    );
    for (i, (label, n)) in bins.iter().enumerate() {
        let y = 8.0 + 22.0 * i as f64;
        let w = 360.0 * *n as f64 / max;
        let _ = write!(
            s,
            "<text x=\"150\" y=\"{}\" text-anchor=\"end\">{}</text><rect x=\"160\" y=\"{y}\" width=\"{w:.1}\" height=\"16\" fill=\"#1d91c0\"><title>{}: {n}</title></rect><text x=\"{:.1}\" y=\"{}\">{n}</text>",
            y + 12.0,
            esc(label),
            esc(label),
            164.0 + w,
            y + 12.0
        );
    }
    s.push_str("</svg>");
    s
}
