//! Choropleth maps of the latest year: each published share for the districts (labelled) and
//! the housing areas (hover names), with rounded quantile classes and the law's threshold as a
//! class boundary where there is one.

use std::fmt::Write as _;

use crate::i18n::Labels as _;

use super::Section;
use super::context::Ctx;
use super::table::{self, HCell};
use crate::format::esc;
use crate::law;
use crate::published::Cell;
use crate::svg::ValueFormat;
use crate::svg::map::{self, Classes, Labels, MapArea, MapOptions, MapValue};

/// The maps section.
pub fn section(ctx: &Ctx) -> Section {
    let lang = ctx.lang;
    let title = lang.t("maps").to_owned();
    let Some(set) = &ctx.p.areas else {
        return Section {
            id: "maps",
            title,
            body: format!("<p class=\"absent\">{}</p>", lang.t("no_map")),
        };
    };
    let (Some(t), Some(year)) = (ctx.figures(), ctx.latest.as_deref()) else {
        return Section {
            id: "maps",
            title,
            body: table::absent(lang, "area_figures"),
        };
    };
    let mut body = String::new();
    for (kind, labels) in [("district", Labels::Names), ("housing_area", Labels::None)] {
        let polys: Vec<_> = set
            .areas
            .iter()
            .filter(|a| a.kind.as_str() == kind)
            .collect();
        if polys.is_empty() {
            continue;
        }
        let _ = write!(
            body,
            "<h3>{} {}</h3><div class=\"grid2\">",
            lang.t(if kind == "district" {
                "district"
            } else {
                "housing_area"
            }),
            esc(year)
        );
        let mut rows: Vec<Vec<HCell>> = Vec::new();
        for col in t.share_columns() {
            let areas: Vec<MapArea> = polys
                .iter()
                .map(|a| {
                    let id = a.area_id.as_str();
                    let value = match ctx.row(kind, id, year).and_then(|r| t.get(r, col)) {
                        Some(Cell::Number(x)) => MapValue::Value(*x),
                        Some(Cell::Suppressed) => MapValue::Suppressed,
                        _ => MapValue::Missing,
                    };
                    MapArea {
                        id: id.to_owned(),
                        name: a.name.clone(),
                        geometry: a.geometry.clone(),
                        value,
                    }
                })
                .collect();
            let classes = match law::share_threshold(col) {
                Some((_, v))
                    if areas
                        .iter()
                        .any(|a| matches!(a.value, MapValue::Value(x) if x >= v)) =>
                {
                    Classes::Breaks(breaks_with(&areas, v))
                }
                _ => Classes::Quantiles(5),
            };
            let opts = MapOptions {
                id: format!("map-{kind}-{col}"),
                title: lang.column(col),
                width: 480.0,
                classes,
                format: ValueFormat::Percent,
                labels,
                lang,
            };
            body.push_str(&table::figure(
                &map::choropleth(&areas, &opts),
                &format!("{} {year}", lang.column(col)),
            ));
            for a in &areas {
                let v = ctx.row(kind, &a.id, year).map_or(HCell::Empty, |r| {
                    table::datum_cell(lang, t, r, col, table::Fmt::Role)
                });
                rows.push(vec![
                    HCell::Text(a.name.clone()),
                    HCell::Text(lang.column(col)),
                    v,
                ]);
            }
        }
        body.push_str("</div>");
        let headers = vec![
            lang.t("area").into(),
            lang.t("indicator").into(),
            format!("{} {year}", lang.t("value")),
        ];
        body.push_str(&table::behind(lang, &table::html(lang, &headers, &rows)));
    }
    Section {
        id: "maps",
        title,
        body,
    }
}

/// Quantile boundaries below the threshold, then the threshold itself as the top class.
fn breaks_with(areas: &[MapArea], threshold: f64) -> Vec<f64> {
    let mut b: Vec<f64> = map::class_breaks(areas, &Classes::Quantiles(4))
        .into_iter()
        .filter(|x| *x < threshold)
        .collect();
    b.push(threshold);
    b
}
