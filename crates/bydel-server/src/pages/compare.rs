//! The compare view: two areas side by side, every indicator in the latest year with data and
//! a chart of each share over time.

use std::fmt::Write as _;

use axum::Extension;
use axum::extract::State;
use axum::response::Html;
use bydel_report::svg::chart::Emphasis;

use super::{ind_label, select};
use crate::charts;
use crate::context::Ctx;
use crate::error::ServerError;
use crate::html::{esc, number, page, table, value};
use crate::i18n::{Lang, label};
use crate::params::{Params, one_of};
use crate::published::{Published, Scale};
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
    let options: Vec<(String, String)> = keys
        .iter()
        .map(|(k, id)| {
            (
                format!("{k}/{id}"),
                format!("{} ({})", p.area_name(k, id), label(lang, k)),
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

/// The comparison of two areas.
pub fn render(p: &Published, lang: Lang, a: (&str, &str), b: (&str, &str)) -> String {
    let (na, nb) = (p.area_name(a.0, a.1), p.area_name(b.0, b.1));
    let inds = p.yearly_indicators();
    let year = p.years().into_iter().rev().find(|y| {
        inds.iter()
            .any(|i| p.value(i, a.0, a.1, *y).number().is_some())
    });
    let mut s = String::new();
    if let Some(year) = year {
        let header = [
            format!("{} ({year})", lang.t("indicator")),
            na.clone(),
            nb.clone(),
            lang.t("difference").to_owned(),
        ];
        let rows: Vec<Vec<String>> = inds
            .iter()
            .map(|i| {
                let (x, y) = (p.value(i, a.0, a.1, year), p.value(i, b.0, b.1, year));
                let d = match (x.number(), y.number()) {
                    (Some(x), Some(y)) => number(lang, x - y, i.scale),
                    _ => "–".into(),
                };
                vec![
                    esc(&ind_label(lang, p, i)),
                    value(lang, &x, i.scale),
                    value(lang, &y, i.scale),
                    d,
                ]
            })
            .collect();
        s.push_str(&table("compare-table", lang.t("compare"), &header, &rows));
    }
    for (n, ind) in inds.iter().filter(|i| i.scale == Scale::Share).enumerate() {
        let lines = [
            charts::series(p, ind, a, &na, Emphasis::Primary),
            charts::series(p, ind, b, &nb, Emphasis::Primary),
        ];
        let _ = write!(
            s,
            "<figure>{}</figure>",
            charts::chart(
                &format!("cmp{n}"),
                &ind_label(lang, p, ind),
                &lines,
                ind.scale,
                lang
            )
        );
    }
    s
}
