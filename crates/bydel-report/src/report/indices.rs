//! Segregation indices over time (one small chart per index, a line per scope, interval bands)
//! and the MSS status × dynamics matrix of the districts.

use super::Section;
use super::context::Ctx;
use super::table;
use crate::format::esc;
use crate::i18n::{Labels, Lang};
use crate::published::{Table, cmp_keys};
use crate::svg::ValueFormat;
use crate::svg::chart::{self, ChartOptions, ChartPoint, Emphasis, Series, YRange};
use crate::svg::matrix::{self, MatrixCell, MatrixOptions};

/// The segregation section.
pub fn segregation(ctx: &Ctx) -> Section {
    let lang = ctx.lang;
    let title = lang.t("segregation").to_owned();
    let Some(t) = ctx.p.table("segregation") else {
        return Section {
            id: "segregation",
            title,
            body: table::absent(lang, "segregation"),
        };
    };
    let intro = if lang == Lang::Da {
        "Segregationsindeks for ikke-vestlige indvandrere og efterkommere mod øvrige beboere i kommunens boligområder, med sikkerhedsinterval (bånd) og den værdi, en tilfældig fordeling ville give. Den stiplede linje er landstallet; hvilke områder det er målt mellem, står i tabellens titel nedenfor."
    } else {
        "Segregation indices of non-Western immigrants and descendants against other residents across the municipality's housing areas, with confidence intervals (bands) and the value a random allocation would give. The dashed line is the national figure; the units it is measured between are in its table title below."
    };
    let country = ctx.p.table("segregation_country");
    let mut body = format!("<p class=\"note\">{intro}</p><div class=\"grid\">");
    for index in t.distinct("index") {
        let mut series = vec![Series {
            label: ctx.muni_name(),
            points: seg_points(t, &index),
            emphasis: Emphasis::Primary,
        }];
        if let Some(c) = country {
            series.push(Series {
                label: lang.t("country").to_owned(),
                points: seg_points(c, &index),
                emphasis: Emphasis::Reference,
            });
        }
        let title = lang.value(&index);
        let opts = ChartOptions {
            id: format!("seg-{index}"),
            title: title.clone(),
            size: (260.0, 200.0),
            format: ValueFormat::Decimals(2),
            thresholds: Vec::new(),
            y_range: YRange::FromZero,
            lang,
        };
        body.push_str(&table::figure(&chart::time_series(&series, &opts), &title));
    }
    body.push_str("</div>");
    let mut tables = table::published(ctx, t, |_| true, 5000);
    if let Some(c) = country {
        let title = ctx
            .p
            .manifest
            .as_ref()
            .and_then(|m| m.table(&c.name))
            .map(|m| {
                if lang == Lang::Da {
                    m.title_da.clone()
                } else {
                    m.title_en.clone()
                }
            })
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| lang.t("country").to_owned());
        tables.push_str(&format!("<h4>{}</h4>", esc(&title)));
        tables.push_str(&table::published(ctx, c, |_| true, 5000));
    }
    body.push_str(&table::behind(lang, &tables));
    Section {
        id: "segregation",
        title,
        body,
    }
}

fn seg_points(t: &Table, index: &str) -> Vec<ChartPoint> {
    t.rows
        .iter()
        .filter(|r| t.text(r, "index") == index)
        .filter_map(|r| {
            let year = t.text(r, "year").parse().ok()?;
            let interval = t.number(r, "ci_low").zip(t.number(r, "ci_high"));
            Some(ChartPoint {
                year,
                value: t.number(r, "value"),
                interval,
            })
        })
        .collect()
}

/// The MSS section: the status × dynamics matrix and its table.
pub fn mss(ctx: &Ctx) -> Section {
    let lang = ctx.lang;
    let title = lang.t("mss").to_owned();
    let Some(t) = ctx.p.table("index_mss") else {
        return Section {
            id: "mss",
            title,
            body: table::absent(lang, "index_mss"),
        };
    };
    let mut status = t.distinct("status_class");
    status.sort_by(|a, b| cmp_keys(a, b));
    let dyn_order = ["+", "+/-", "-"];
    let mut dynamics: Vec<String> = dyn_order.iter().map(|s| s.to_string()).collect();
    for d in t.distinct("dynamics_class") {
        if !dynamics.contains(&d) {
            dynamics.push(d);
        }
    }
    let mut cells: Vec<MatrixCell> = Vec::new();
    for r in &t.rows {
        let (Some(si), Some(di)) = (
            status.iter().position(|s| *s == t.text(r, "status_class")),
            dynamics
                .iter()
                .position(|d| *d == t.text(r, "dynamics_class")),
        ) else {
            continue;
        };
        let name = ctx.name("district", &t.text(r, "area_id"));
        match cells
            .iter_mut()
            .find(|c| c.status == si && c.dynamics == di)
        {
            Some(c) => c.areas.push(name),
            None => cells.push(MatrixCell {
                status: si,
                dynamics: di,
                areas: vec![name],
            }),
        }
    }
    let (sa, da) = (lang.t("status"), lang.t("dynamics"));
    let opts = MatrixOptions {
        id: "mss".into(),
        title: title.clone(),
        status: status.iter().map(|s| format!("{sa} {s}")).collect(),
        dynamics: dynamics.clone(),
        axes: (sa.into(), da.into()),
    };
    let intro = if lang == Lang::Da {
        "Status 1 er bedst, 4 er lavest; dynamik + er en positiv udvikling, − en negativ. Området nederst til højre kræver mest opmærksomhed."
    } else {
        "Status 1 is best, 4 lowest; dynamics + is a positive development, − a negative one. The lower right needs the most attention."
    };
    let mut body = format!("<p class=\"note\">{}</p>", esc(intro));
    body.push_str(&table::figure(
        &matrix::status_dynamics(&cells, &opts),
        &title,
    ));
    body.push_str(&table::behind(
        lang,
        &table::published(ctx, t, |_| true, 5000),
    ));
    Section {
        id: "mss",
        title,
        body,
    }
}
