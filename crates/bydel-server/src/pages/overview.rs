//! The overview: the municipality's focus areas first, then a map of the chosen indicator over
//! the chosen layer and year, the list of areas behind it (filterable), and the watch-list.

use std::fmt::Write as _;

use axum::Extension;
use axum::extract::State;
use axum::response::Html;
use bydel_report::published::Cell;
use bydel_report::{Labels, Lang};

use super::{Selection, area_href, default_indicator, select, year_slider};
use crate::charts;
use crate::context::Ctx;
use crate::error::ServerError;
use crate::html::{esc, page, suppressed, table, value};
use crate::params::{Params, one_of};
use crate::published::{Indicator, Published};
use crate::state::AppState;

/// `GET /`.
pub async fn overview(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Extension(params): Extension<Params>,
) -> Result<Html<String>, ServerError> {
    let sel = Selection::from_params(&params)?;
    let p = &state.published;
    let title = match p.municipality() {
        Some((_, name)) => format!("{} · {name}", ctx.lang.t("dashboard_title")),
        None => ctx.lang.t("dashboard_title").to_owned(),
    };
    Ok(page(&ctx, &title, &render(p, ctx.lang, &sel)?))
}

/// The overview's body.
pub fn render(p: &Published, lang: Lang, sel: &Selection) -> Result<String, ServerError> {
    let chosen = match &sel.ind {
        Some(id) => Some(p.indicator(id).ok_or_else(|| {
            let ids: Vec<String> = p.indicators().iter().map(Indicator::id).collect();
            ServerError::bad_value("ind", id, one_of(&ids))
        })?),
        None => default_indicator(p),
    };
    let Some(ind) = chosen else {
        return Ok(format!("<p>{}</p>", lang.t("no_data")));
    };
    let layers = p.map_layers();
    let kind = sel.layer(&layers)?;
    let years = p.years_of(ind, &kind);
    let year = sel.year_in(&years)?;
    let mut s = focus_areas(p, lang, ind, year);
    s.push_str(&controls(p, lang, ind, &layers, &kind, &years, year, "/"));
    let title = format!("{} · {} · {year}", ind.label(lang), lang.layer(&kind));
    let _ = write!(
        s,
        "<section aria-labelledby=\"map-h\"><h2 id=\"map-h\">{}</h2><figure>{}<figcaption>{} {}. {}</figcaption></figure></section>",
        lang.t("map"),
        charts::map(p, ind, &kind, year, &title, lang),
        lang.t("map_alt"),
        esc(&title),
        lang.t("suppression_note"),
    );
    s.push_str(&area_list(p, lang, ind, &kind, year));
    s.push_str(&watchlist(p, lang));
    Ok(s)
}

/// The focus areas of the manifest: the chosen indicator in the year beside the rest of the
/// municipality, and the published difference (from `comparisons`).
fn focus_areas(p: &Published, lang: Lang, ind: &Indicator, year: i32) -> String {
    let areas = p.focus_areas();
    if areas.is_empty() {
        return String::new();
    }
    let compared = p.is_compared(ind);
    let mut header = vec![lang.t("area").to_owned(), ind.label(lang)];
    if compared {
        header.push(lang.t("dash_rest").to_owned());
        header.push(lang.t("dash_difference").to_owned());
    }
    let rows: Vec<Vec<String>> = areas
        .iter()
        .map(|(k, id)| {
            let mut r = vec![
                format!(
                    "<a href=\"{}\">{}</a> ({})",
                    area_href(k, id),
                    esc(&p.area_name(lang, k, id)),
                    esc(&lang.layer(k).to_lowercase())
                ),
                value(lang, &p.value(ind, k, id, year), ind.unit),
            ];
            if compared {
                let rest = p.rest(ind, k, id, year).unwrap_or(Cell::Empty);
                r.push(value(lang, &rest, ind.unit));
                r.push(super::area::difference_cell(p, lang, ind, (k, id), year));
            }
            r
        })
        .collect();
    format!(
        "<section aria-labelledby=\"focus-h\"><h2 id=\"focus-h\">{}</h2>{}</section>",
        lang.t("focus_areas"),
        table(
            "focus-areas",
            &format!("{} · {year}", ind.label(lang)),
            &header,
            &rows
        )
    )
}

/// The selection form: indicator, layer, year slider.
#[allow(clippy::too_many_arguments)]
pub fn controls(
    p: &Published,
    lang: Lang,
    ind: &Indicator,
    layers: &[String],
    kind: &str,
    years: &[i32],
    year: i32,
    action: &str,
) -> String {
    let inds: Vec<(String, String)> = p
        .indicators()
        .iter()
        .map(|i| (i.id(), i.label(lang)))
        .collect();
    let kinds: Vec<(String, String)> = layers.iter().map(|k| (k.clone(), lang.layer(k))).collect();
    format!(
        "<form class=\"controls\" method=\"get\" action=\"{action}\">{}{}{}<button type=\"submit\">{}</button></form>",
        select("ind", "ind", lang.t("indicator"), &inds, &ind.id()),
        select("kind", "kind", lang.t("kind"), &kinds, kind),
        year_slider(lang, years, year),
        lang.t("show")
    )
}

/// The table behind the map: every area of the layer with its value, filterable.
pub fn area_list(p: &Published, lang: Lang, ind: &Indicator, kind: &str, year: i32) -> String {
    let mut s = format!(
        "<section aria-labelledby=\"list-h\"><h2 id=\"list-h\">{}: {}</h2><label for=\"filter\">{}</label><input type=\"search\" id=\"filter\" data-filter=\"area-list\"><div class=\"scroll\"><table id=\"area-list\"><caption>{} · {year}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        lang.t("areas"),
        esc(&lang.layer(kind)),
        lang.t("filter"),
        esc(&ind.label(lang)),
        lang.t("area"),
        lang.t("value"),
    );
    let mut rows: Vec<(String, &str, Cell)> = p
        .area_keys()
        .iter()
        .filter(|(k, _)| k == kind)
        .map(|(k, id)| {
            (
                p.area_name(lang, k, id),
                id.as_str(),
                p.value(ind, k, id, year),
            )
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, id, v) in rows {
        let _ = write!(
            s,
            "<tr data-area=\"{}\"><th scope=\"row\"><a href=\"{}\">{}</a></th><td class=\"num\">{}</td></tr>",
            esc(id),
            area_href(kind, id),
            esc(&name),
            value(lang, &v, ind.unit)
        );
    }
    s.push_str("</tbody></table></div></section>");
    s
}

/// The watch-list, if published: each warning's sentence in the page's language; a withheld
/// sentence is shown as `..` with the explanation.
fn watchlist(p: &Published, lang: Lang) -> String {
    let Some(t) = p.table("warnings") else {
        return String::new();
    };
    let column = if lang == Lang::Da {
        "sentence_da"
    } else {
        "sentence_en"
    };
    let mut s = format!(
        "<section aria-labelledby=\"watch-h\"><h2 id=\"watch-h\">{}</h2><ul class=\"warnings\">",
        lang.t("warnings")
    );
    for r in &t.rows {
        let (kind, id) = (t.text(r, "kind"), t.text(r, "area_id"));
        let sentence = match t.get(r, column) {
            Some(Cell::Suppressed) => format!(
                "{} · {}: {}",
                esc(&p.area_name(lang, &kind, &id)),
                esc(&lang.indicator(&t.text(r, "indicator"))),
                suppressed(lang)
            ),
            Some(c) => value(lang, c, crate::published::Unit::Share),
            None => continue,
        };
        let _ = write!(
            s,
            "<li><a href=\"{}\">{sentence}</a></li>",
            area_href(&kind, &id)
        );
    }
    s.push_str("</ul></section>");
    s
}
