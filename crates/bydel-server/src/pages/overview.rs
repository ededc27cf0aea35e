//! The overview: a map of the chosen indicator over the chosen layer and year, the list of
//! areas behind it (filterable), and the watch-list.

use std::fmt::Write as _;

use axum::Extension;
use axum::extract::State;
use axum::response::Html;

use super::{
    Selection, area_href, default_indicator, ind_label, map_layers, select, year_slider, years_of,
};
use crate::charts;
use crate::context::Ctx;
use crate::error::ServerError;
use crate::html::{esc, page, value};
use crate::i18n::{Lang, label};
use crate::params::{Params, one_of};
use crate::published::{Indicator, Published};
use crate::state::AppState;
use crate::table::Shown;

/// `GET /`.
pub async fn overview(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Extension(params): Extension<Params>,
) -> Result<Html<String>, ServerError> {
    let sel = Selection::from_params(&params)?;
    Ok(page(
        &ctx,
        ctx.lang.t("title"),
        &render(&state.published, ctx.lang, &sel)?,
    ))
}

/// The overview's body.
pub fn render(p: &Published, lang: Lang, sel: &Selection) -> Result<String, ServerError> {
    let chosen = match &sel.ind {
        Some(id) => Some(p.indicator(id).ok_or_else(|| {
            let ids: Vec<String> = p.indicators().iter().map(|i| p.indicator_id(i)).collect();
            ServerError::bad_value("ind", id, one_of(&ids))
        })?),
        None => default_indicator(p),
    };
    let Some(ind) = chosen else {
        return Ok(format!("<p>{}</p>", lang.t("no_data")));
    };
    let layers = map_layers(p);
    let kind = sel.layer(&layers)?;
    let years = years_of(p, &ind, &kind);
    let year = sel.year_in(&years)?;
    let mut s = controls(p, lang, &ind, &layers, &kind, &years, year, "/");
    let title = format!(
        "{} · {} · {year}",
        ind_label(lang, p, &ind),
        label(lang, &kind)
    );
    let _ = write!(
        s,
        "<section aria-labelledby=\"map-h\"><h2 id=\"map-h\">{}</h2><figure>{}<figcaption>{} {}. {}</figcaption></figure></section>",
        lang.t("map"),
        charts::map(p, &ind, &kind, year, &title, lang),
        lang.t("map_alt"),
        esc(&title),
        lang.t("suppressed_note"),
    );
    s.push_str(&area_list(p, lang, &ind, &kind, year));
    s.push_str(&watchlist(p, lang));
    Ok(s)
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
        .map(|i| (p.indicator_id(i), ind_label(lang, p, i)))
        .collect();
    let kinds: Vec<(String, String)> = layers.iter().map(|k| (k.clone(), label(lang, k))).collect();
    format!(
        "<form class=\"controls\" method=\"get\" action=\"{action}\">{}{}{}<button type=\"submit\">{}</button></form>",
        select(
            "ind",
            "ind",
            lang.t("indicator"),
            &inds,
            &p.indicator_id(ind)
        ),
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
        label(lang, kind),
        lang.t("filter"),
        esc(&ind_label(lang, p, ind)),
        lang.t("area"),
        lang.t("value"),
    );
    let mut rows: Vec<(String, String, Shown)> = p
        .area_keys()
        .into_iter()
        .filter(|(k, _)| k == kind)
        .map(|(k, id)| {
            (
                p.area_name(&k, &id),
                id.clone(),
                p.value(ind, &k, &id, year),
            )
        })
        .collect();
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, id, v) in rows {
        let _ = write!(
            s,
            "<tr data-area=\"{}\"><th scope=\"row\"><a href=\"{}\">{}</a></th><td class=\"num\">{}</td></tr>",
            esc(&id),
            area_href(kind, &id),
            esc(&name),
            value(lang, &v, ind.scale)
        );
    }
    s.push_str("</tbody></table></div></section>");
    s
}

/// The watch-list of the latest year, if published.
fn watchlist(p: &Published, lang: Lang) -> String {
    let Some(t) = p.table("warnings") else {
        return String::new();
    };
    let sentence = t.col(if lang == Lang::Da {
        "sentence_da"
    } else {
        "sentence_en"
    });
    let (Some(sc), Some(k), Some(a)) = (sentence, t.col("kind"), t.col("area_id")) else {
        return String::new();
    };
    let mut s = format!(
        "<section aria-labelledby=\"watch-h\"><h2 id=\"watch-h\">{}</h2><ul class=\"warnings\">",
        lang.t("warnings")
    );
    for r in &t.rows {
        let _ = write!(
            s,
            "<li><a href=\"{}\">{}</a></li>",
            area_href(&r[k], &r[a]),
            esc(&r[sc])
        );
    }
    s.push_str("</ul></section>");
    s
}
