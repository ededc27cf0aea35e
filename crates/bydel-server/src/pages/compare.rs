//! The compare view: two areas side by side, every indicator in the latest year with data and
//! a chart of each share over time.

use std::fmt::Write as _;

use axum::Extension;
use axum::extract::State;
use axum::response::Html;
use bydel_report::svg::chart::Emphasis;

use bydel_report::published::Cell;
use bydel_report::{Labels, Lang};

use super::select;
use crate::charts;
use crate::context::Ctx;
use crate::error::ServerError;
use crate::html::{esc, page, table, value};
use crate::params::{Params, one_of};
use crate::published::{Published, Unit};
use crate::state::AppState;

/// `GET /compare?a=kind/id&b=kind/id`.
pub async fn compare(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Extension(params): Extension<Params>,
) -> Result<Html<String>, ServerError> {
    let p = &state.published;
    let lang = ctx.lang;
    let keys = p.area_keys();
    let layers = p.map_layers();
    let own = p.municipality().map(|m| m.0);
    let options: Vec<(String, String)> = keys
        .iter()
        .filter(|(k, id)| layers.contains(k) || own.as_deref() == Some(id.as_str()))
        .map(|(k, id)| {
            (
                format!("{k}/{id}"),
                format!(
                    "{} ({})",
                    p.area_name(lang, k, id),
                    lang.layer(k).to_lowercase()
                ),
            )
        })
        .collect();
    let pick = |name: &str, i: usize| -> Result<String, ServerError> {
        match params.get(name) {
            Some(v) if options.iter().any(|o| o.0 == v) => Ok(v.to_owned()),
            Some(v) => {
                let known: Vec<String> = options.iter().map(|o| o.0.clone()).collect();
                Err(ServerError::bad_value(name, v, one_of(&known)))
            }
            None => Ok(options.get(i).map(|o| o.0.clone()).unwrap_or_default()),
        }
    };
    let (a, b) = (pick("a", 0)?, pick("b", 1)?);
    let mut s = format!(
        "<form class=\"controls\" method=\"get\" action=\"/compare\">{}{}<button type=\"submit\">{}</button></form>",
        select("a", "a", &format!("{} 1", lang.t("area")), &options, &a),
        select("b", "b", &format!("{} 2", lang.t("area")), &options, &b),
        lang.t("compare")
    );
    if let (Some(x), Some(y)) = (a.split_once('/'), b.split_once('/')) {
        s.push_str(&render(p, lang, x, y));
    }
    Ok(page(&ctx, lang.t("compare"), &s))
}

/// The comparison of two areas: their published values side by side in the latest year
/// with data, and a chart of each share over time. No difference is computed: the dashboard
/// shows only published cells.
pub fn render(p: &Published, lang: Lang, a: (&str, &str), b: (&str, &str)) -> String {
    let (na, nb) = (p.area_name(lang, a.0, a.1), p.area_name(lang, b.0, b.1));
    let inds = p.yearly_indicators();
    let year = p.years().iter().rev().copied().find(|y| {
        inds.iter()
            .any(|i| matches!(p.value(i, a.0, a.1, *y), Cell::Number(_)))
    });
    let mut s = String::new();
    if let Some(year) = year {
        let header = [
            format!("{} ({year})", lang.t("indicator")),
            na.clone(),
            nb.clone(),
        ];
        let rows: Vec<Vec<String>> = inds
            .iter()
            .map(|i| {
                vec![
                    esc(&i.label(lang)),
                    value(lang, &p.value(i, a.0, a.1, year), i.unit),
                    value(lang, &p.value(i, b.0, b.1, year), i.unit),
                ]
            })
            .collect();
        s.push_str(&table("compare-table", lang.t("compare"), &header, &rows));
    }
    for (n, ind) in inds.iter().filter(|i| i.unit != Unit::Count).enumerate() {
        let lines = [
            charts::series(
                p,
                |y| p.value(ind, a.0, a.1, y),
                Some((ind, a)),
                &na,
                Emphasis::Primary,
            ),
            charts::series(
                p,
                |y| p.value(ind, b.0, b.1, y),
                Some((ind, b)),
                &nb,
                Emphasis::Primary,
            ),
        ];
        let _ = write!(
            s,
            "<figure>{}</figure>",
            charts::chart(&format!("cmp{n}"), &ind.label(lang), &lines, ind.unit, lang)
        );
    }
    s
}
