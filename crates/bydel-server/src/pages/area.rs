//! An area's page: its profile over time (charts with the tables behind them), the criteria of
//! the lists, a comparison with the enclosing area, and warnings.

use std::fmt::Write as _;

use axum::Extension;
use axum::extract::{Path, State};
use axum::response::Html;
use bydel_report::svg::chart::Emphasis;

use super::{area_href, ind_label};
use crate::charts;
use crate::context::Ctx;
use crate::error::ServerError;
use crate::html::{esc, number, page, table, value};
use crate::i18n::{Lang, label};
use crate::published::{Published, Scale};
use crate::state::AppState;
use crate::table::Shown;

/// `GET /area/{kind}/{id}`.
pub async fn area(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path((kind, id)): Path<(String, String)>,
) -> Result<Html<String>, ServerError> {
    let p = &state.published;
    if !p.has_area(&kind, &id) {
        return Err(ServerError::not_found("area", format!("{kind}/{id}")));
    }
    let title = format!("{} ({})", p.area_name(&kind, &id), label(ctx.lang, &kind));
    Ok(page(&ctx, &title, &render(p, ctx.lang, &kind, &id)))
}

/// The area page's body.
pub fn render(p: &Published, lang: Lang, kind: &str, id: &str) -> String {
    let parent = p.parent(kind, id);
    let mut s = String::new();
    if let Some((pk, pid)) = &parent {
        let _ = write!(
            s,
            "<p>{}: <a href=\"{}\">{}</a> · <a href=\"/api/areas/{}/{}\">JSON</a></p>",
            label(lang, pk),
            area_href(pk, pid),
            esc(&p.area_name(pk, pid)),
            crate::html::url(kind),
            crate::html::url(id)
        );
    }
    s.push_str(&warnings(p, lang, kind, id));
    s.push_str(&profile(p, lang, kind, id, parent.as_ref()));
    s.push_str(&comparison(p, lang, kind, id, parent.as_ref()));
    s.push_str(&criteria(p, lang, kind, id));
    s
}

fn profile(
    p: &Published,
    lang: Lang,
    kind: &str,
    id: &str,
    parent: Option<&(String, String)>,
) -> String {
    let mut s = format!(
        "<section aria-labelledby=\"profile-h\"><h2 id=\"profile-h\">{}</h2>",
        lang.t("profile")
    );
    let name = p.area_name(kind, id);
    let years = p.years();
    let inds = p.yearly_indicators();
    for (n, ind) in inds.iter().filter(|i| i.scale == Scale::Share).enumerate() {
        let mut lines = vec![charts::series(p, ind, (kind, id), &name, Emphasis::Primary)];
        if let Some((pk, pid)) = parent {
            lines.push(charts::series(
                p,
                ind,
                (pk, pid),
                &p.area_name(pk, pid),
                Emphasis::Reference,
            ));
        }
        if lines[0].points.is_empty() {
            continue;
        }
        let title = ind_label(lang, p, ind);
        let _ = write!(
            s,
            "<figure>{}</figure>",
            charts::chart(&format!("chart{n}"), &title, &lines, ind.scale, lang)
        );
    }
    let mut header = vec![lang.t("year").to_owned()];
    header.extend(inds.iter().map(|i| ind_label(lang, p, i)));
    let rows: Vec<Vec<String>> = years
        .iter()
        .filter(|y| {
            inds.iter()
                .any(|i| p.value(i, kind, id, **y) != Shown::Empty)
        })
        .map(|y| {
            let mut r = vec![y.to_string()];
            r.extend(
                inds.iter()
                    .map(|i| value(lang, &p.value(i, kind, id, *y), i.scale)),
            );
            r
        })
        .collect();
    s.push_str(&table("profile-table", lang.t("profile"), &header, &rows));
    s.push_str("</section>");
    s
}

fn comparison(
    p: &Published,
    lang: Lang,
    kind: &str,
    id: &str,
    parent: Option<&(String, String)>,
) -> String {
    let Some((pk, pid)) = parent else {
        return String::new();
    };
    let inds = p.yearly_indicators();
    let Some(year) = p.years().into_iter().rev().find(|y| {
        inds.iter()
            .any(|i| p.value(i, kind, id, *y).number().is_some())
    }) else {
        return String::new();
    };
    let header = [
        lang.t("indicator").to_owned(),
        p.area_name(kind, id),
        p.area_name(pk, pid),
        lang.t("difference").to_owned(),
    ];
    let rows: Vec<Vec<String>> = inds
        .iter()
        .map(|i| {
            let (a, b) = (p.value(i, kind, id, year), p.value(i, pk, pid, year));
            let diff = match (a.number(), b.number()) {
                (Some(x), Some(y)) => number(lang, x - y, i.scale),
                _ => "–".into(),
            };
            vec![
                esc(&ind_label(lang, p, i)),
                value(lang, &a, i.scale),
                value(lang, &b, i.scale),
                diff,
            ]
        })
        .collect();
    format!(
        "<section aria-labelledby=\"cmp-h\"><h2 id=\"cmp-h\">{} ({year})</h2>{}</section>",
        lang.t("comparison"),
        table("comparison-table", lang.t("comparison"), &header, &rows)
    )
}

fn criteria(p: &Published, lang: Lang, kind: &str, id: &str) -> String {
    let Some(t) = p.table("classification") else {
        return String::new();
    };
    let expl = if lang == Lang::Da {
        "explanation_da"
    } else {
        "explanation_en"
    };
    let cols: Vec<&str> = [
        "list_year",
        "category",
        "criteria_met",
        "A_value",
        "B_value",
        "C_value",
        "D_value",
        "E_value",
    ]
    .into_iter()
    .filter(|c| t.col(c).is_some())
    .collect();
    let mut years: Vec<i32> = t
        .keys()
        .filter(|k| k.kind == kind && k.area_id == id)
        .map(|k| k.year)
        .collect();
    if years.is_empty() {
        return String::new();
    }
    years.sort_unstable();
    let rows: Vec<Vec<String>> = years
        .iter()
        .rev()
        .filter_map(|y| t.row(kind, id, *y))
        .map(|r| {
            cols.iter()
                .map(|c| {
                    t.col(c)
                        .map(|i| match *c {
                            "list_year" => esc(&r[i]),
                            _ => value(lang, &Shown::parse(&r[i]), Scale::Plain),
                        })
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect();
    let header: Vec<String> = cols.iter().map(|c| label(lang, c)).collect();
    let latest = years
        .last()
        .and_then(|y| t.row(kind, id, *y))
        .zip(t.col(expl))
        .map(|(r, c)| format!("<p class=\"explanation\">{}</p>", esc(&r[c])))
        .unwrap_or_default();
    format!(
        "<section aria-labelledby=\"crit-h\"><h2 id=\"crit-h\">{}</h2>{latest}{}</section>",
        esc(&label(lang, "criteria")),
        table("criteria-table", &label(lang, "criteria"), &header, &rows)
    )
}

fn warnings(p: &Published, lang: Lang, kind: &str, id: &str) -> String {
    let mut items = Vec::new();
    if let Some(t) = p.table("warnings") {
        let sc = t.col(if lang == Lang::Da {
            "sentence_da"
        } else {
            "sentence_en"
        });
        for k in t.keys().filter(|k| k.kind == kind && k.area_id == id) {
            for r in t.rows_of(kind, id, k.year) {
                if let Some(c) = sc {
                    items.push(esc(&r[c]));
                }
            }
        }
    }
    let suppressed = p.yearly_indicators().iter().any(|i| {
        p.years()
            .iter()
            .any(|y| p.value(i, kind, id, *y) == Shown::Suppressed)
    });
    if suppressed {
        items.push(lang.t("warn_suppressed").to_owned());
    }
    let mut s = format!(
        "<section aria-labelledby=\"warn-h\"><h2 id=\"warn-h\">{}</h2>",
        lang.t("warnings")
    );
    if items.is_empty() {
        let _ = write!(s, "<p>{}</p>", lang.t("no_warnings"));
    } else {
        s.push_str("<ul class=\"warnings\">");
        for i in items {
            let _ = write!(s, "<li>{i}</li>");
        }
        s.push_str("</ul>");
    }
    s.push_str("</section>");
    s
}
