//! The dashboard's figures: the same SVG maps and charts as the report
//! ([`bydel_report::svg`]), fed from the published view, plus a small distribution chart.

use std::fmt::Write as _;

use bydel_report::Lang;
use bydel_report::published::Cell;
use bydel_report::svg::ValueFormat;
use bydel_report::svg::chart::{ChartOptions, ChartPoint, Emphasis, Series, YRange, time_series};
use bydel_report::svg::map::{Classes, Labels, MapArea, MapOptions, MapValue, choropleth};

use crate::html::esc;
use crate::published::{Indicator, Published, Unit};

fn format_of(unit: Unit) -> ValueFormat {
    match unit {
        Unit::Share => ValueFormat::Percent,
        Unit::Dkk | Unit::Count => ValueFormat::Integer,
        Unit::Percent | Unit::Grade => ValueFormat::Decimals(1),
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
    let polygons = p.polygons_of(kind);
    // names on the map when they fit (the districts); the list below names every area
    let labels = if polygons.len() <= 12 {
        Labels::Names
    } else {
        Labels::None
    };
    let areas: Vec<MapArea> = polygons
        .into_iter()
        .map(|a| MapArea {
            id: a.area_id.as_str().to_owned(),
            name: a.name.clone(),
            geometry: a.geometry.clone(),
            value: match p.value(ind, kind, a.area_id.as_str(), year) {
                Cell::Number(x) => MapValue::Value(x),
                Cell::Suppressed => MapValue::Suppressed,
                _ => MapValue::Missing,
            },
        })
        .collect();
    let opts = MapOptions {
        id: "map".into(),
        title: title.into(),
        width: 640.0,
        classes: Classes::Quantiles(5),
        format: format_of(ind.unit),
        labels,
        lang,
    };
    choropleth(&areas, &opts)
}

/// One line of a time-series chart from published cells over the years (a suppressed year is
/// a gap, never 0), with the published interval columns `<column>_lower`/`_upper` when the
/// table has them.
pub fn series(
    p: &Published,
    cell: impl Fn(i32) -> Cell,
    interval: Option<(&Indicator, (&str, &str))>,
    label: &str,
    emphasis: Emphasis,
) -> Series {
    let points = p
        .years()
        .iter()
        .filter_map(|&year| {
            let value = match cell(year) {
                Cell::Number(x) => Some(x),
                Cell::Suppressed => None,
                _ => return None,
            };
            let interval = interval.and_then(|(ind, area)| {
                let bound = |s: &str| {
                    let col = format!("{}_{s}", ind.column);
                    match p.cell(&ind.table, &col, area, year) {
                        Cell::Number(x) => Some(x),
                        _ => None,
                    }
                };
                Some((bound("lower")?, bound("upper")?))
            });
            Some(ChartPoint {
                year,
                value,
                interval: value.and(interval),
            })
        })
        .collect();
    Series {
        label: label.into(),
        points,
        emphasis,
    }
}

/// A time-series chart of some lines.
pub fn chart(id: &str, title: &str, lines: &[Series], unit: Unit, lang: Lang) -> String {
    let opts = ChartOptions {
        id: id.into(),
        title: title.into(),
        size: (560.0, 260.0),
        format: format_of(unit),
        thresholds: Vec::new(),
        y_range: match unit {
            Unit::Share | Unit::Percent => YRange::FromZero,
            _ => YRange::Data,
        },
        lang,
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
