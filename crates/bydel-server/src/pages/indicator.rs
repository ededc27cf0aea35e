//! Indicator pages: the list of indicators, and for one indicator its map, ranking and
//! distribution over the areas of a layer in a year.

use std::fmt::Write as _;

use axum::Extension;
use axum::extract::{Path, State};
use axum::response::Html;

use bydel_report::published::Cell;
use bydel_report::{Labels, Lang};

use super::overview::controls;
use super::{Selection, area_href};
use crate::charts;
use crate::context::Ctx;
use crate::error::ServerError;
use crate::html::{esc, page, show, table, url, value};
use crate::params::Params;
use crate::published::{Indicator, Published};
use crate::state::AppState;

/// `GET /indicators`.
pub async fn list(State(state): State<AppState>, Extension(ctx): Extension<Ctx>) -> Html<String> {
    let p = &state.published;
    let mut s = String::from("<ul class=\"cards\">");
    for i in p.indicators() {
        let _ = write!(
            s,
            "<li><a href=\"/indicator/{}\">{}</a></li>",
            url(&i.id()),
            esc(&i.label(ctx.lang))
        );
    }
    s.push_str("</ul>");
    let _ = write!(s, "<h2>{}</h2><ul>", ctx.lang.t("tables"));
    for t in p.tables() {
        let _ = write!(
            s,
            "<li>{} – <a href=\"/download/{}\" download>{}</a> · <a href=\"/api/tables/{}\">JSON</a></li>",
            esc(&p.table_title(ctx.lang, &t.name)),
            url(&t.file),
            ctx.lang.t("download_csv"),
            url(&t.name)
        );
    }
    s.push_str("</ul>");
    page(&ctx, ctx.lang.t("dash_indicators"), &s)
}

/// `GET /indicator/{id}`.
pub async fn indicator(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Extension(params): Extension<Params>,
    Path(id): Path<String>,
) -> Result<Html<String>, ServerError> {
    let p = &state.published;
    let ind = p
        .indicator(&id)
        .ok_or_else(|| ServerError::not_found("indicator", id.as_str()))?;
    let sel = Selection::from_params(&params)?;
    let layers = p.map_layers();
    let kind = sel.layer(&layers)?;
    let years = p.years_of(ind, &kind);
    let year = sel.year_in(&years)?;
    let lang = ctx.lang;
    let title = ind.label(lang);
    let mut s = controls(
        p,
        lang,
        ind,
        &layers,
        &kind,
        &years,
        year,
        &format!("/indicator/{}", url(&id)),
    );
    let map_title = format!("{title} · {} · {year}", lang.layer(&kind));
    let _ = write!(
        s,
        "<figure>{}<figcaption>{} {}</figcaption></figure>",
        charts::map(p, ind, &kind, year, &map_title, lang),
        lang.t("map_alt"),
        esc(&map_title)
    );
    s.push_str(&ranking(p, lang, ind, &kind, year));
    s.push_str(&distribution(p, lang, ind, &kind, year));
    Ok(page(&ctx, &title, &s))
}

fn values(
    p: &Published,
    lang: Lang,
    ind: &Indicator,
    kind: &str,
    year: i32,
) -> Vec<(String, String, Cell)> {
    p.area_keys()
        .iter()
        .filter(|(k, _)| k == kind)
        .map(|(k, id)| {
            (
                p.area_name(lang, k, id),
                id.clone(),
                p.value(ind, k, id, year),
            )
        })
        .collect()
}

fn number(c: &Cell) -> Option<f64> {
    match c {
        Cell::Number(x) => Some(*x),
        _ => None,
    }
}

fn ranking(p: &Published, lang: Lang, ind: &Indicator, kind: &str, year: i32) -> String {
    let mut v = values(p, lang, ind, kind, year);
    v.sort_by(|a, b| {
        let (x, y) = (number(&a.2), number(&b.2));
        y.partial_cmp(&x)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.0.cmp(&b.0))
    });
    let rows: Vec<Vec<String>> = v
        .iter()
        .enumerate()
        .map(|(i, (name, id, x))| {
            let rank = if number(x).is_some() {
                (i + 1).to_string()
            } else {
                "–".into()
            };
            vec![
                rank,
                format!("<a href=\"{}\">{}</a>", area_href(kind, id), esc(name)),
                value(lang, x, ind.unit),
            ]
        })
        .collect();
    let header = [lang.t("rank"), lang.t("area"), lang.t("value")].map(str::to_owned);
    format!(
        "<section aria-labelledby=\"rank-h\"><h2 id=\"rank-h\">{}</h2>{}</section>",
        lang.t("ranking"),
        table("ranking", lang.t("ranking"), &header, &rows)
    )
}

fn distribution(p: &Published, lang: Lang, ind: &Indicator, kind: &str, year: i32) -> String {
    let xs: Vec<f64> = values(p, lang, ind, kind, year)
        .iter()
        .filter_map(|v| number(&v.2))
        .collect();
    let (Some(lo), Some(hi)) = (
        xs.iter().copied().reduce(f64::min),
        xs.iter().copied().reduce(f64::max),
    ) else {
        return String::new();
    };
    let n = 6usize;
    let width = if hi > lo { (hi - lo) / n as f64 } else { 1.0 };
    let mut counts = vec![0usize; n];
    for x in &xs {
        let i = (((x - lo) / width) as usize).min(n - 1);
        counts[i] += 1;
    }
    let bins: Vec<(String, usize)> = counts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let a = lo + width * i as f64;
            (
                format!(
                    "{} – {}",
                    show(lang, a, ind.unit),
                    show(lang, a + width, ind.unit)
                ),
                *c,
            )
        })
        .collect();
    let rows: Vec<Vec<String>> = bins
        .iter()
        .map(|(l, c)| vec![esc(l), c.to_string()])
        .collect();
    let header = [lang.t("value"), lang.t("count")].map(str::to_owned);
    format!(
        "<section aria-labelledby=\"dist-h\"><h2 id=\"dist-h\">{}</h2><figure>{}</figure>{}</section>",
        lang.t("distribution"),
        charts::histogram(lang.t("distribution"), &bins),
        table("distribution", lang.t("distribution"), &header, &rows)
    )
}
