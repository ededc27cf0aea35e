//! The pages of the strategy's two goals (issue 15): **Flytninger** (`/flows`: who moves in and
//! out of each area in a year, from the published `flows` tables, and why the criteria changed,
//! from `flow_decomposition`) and **Livschancer** (`/life-chances`: children's later outcomes
//! by the area they grew up in, from `life_chances`, one table per outcome, then by birth
//! cohort from `life_chances_cohorts` and the trend over the cohorts from
//! `life_chances_cohort_trends`). The flows page also shows the flow indicators' trends
//! (`flow_trends`). A run without the
//! tables (no `[flows]` in its config) gets pages that say so.

use std::fmt::Write as _;

use axum::Extension;
use axum::extract::State;
use axum::response::Html;
use bydel_report::published::{Cell, Table};
use bydel_report::{Labels, Lang};

use super::tables::{self, Shows};
use super::{Selection, select};
use crate::context::Ctx;
use crate::error::ServerError;
use crate::html::{esc, page, url};
use crate::params::Params;
use crate::published::Published;
use crate::state::AppState;

/// The table of everyone's flows; the resource families are `flows_…`.
pub const FLOWS: &str = "flows";
/// The decomposition of change.
pub const DECOMPOSITION: &str = "flow_decomposition";
/// The life chances.
pub const LIFE: &str = "life_chances";
/// The trends of the flow indicators.
pub const FLOW_TRENDS: &str = "flow_trends";
/// The life chances by birth cohort.
pub const COHORTS: &str = "life_chances_cohorts";
/// The trends of the life-chance gaps over the birth cohorts.
pub const COHORT_TRENDS: &str = "life_chances_cohort_trends";

/// `GET /flows?year=YYYY`.
pub async fn flows(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Extension(params): Extension<Params>,
) -> Result<Html<String>, ServerError> {
    let sel = Selection::from_params(&params)?;
    let body = render_flows(&state.published, ctx.lang, &sel)?;
    Ok(page(&ctx, ctx.lang.t("flows_page"), &body))
}

/// `GET /life-chances`.
pub async fn life_chances(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
) -> Html<String> {
    page(
        &ctx,
        ctx.lang.t("life_page"),
        &render_life(&state.published, ctx.lang),
    )
}

/// The flow tables of the manifest, in its order: `flows`, then its resource families.
pub fn flow_tables(p: &Published) -> Vec<&Table> {
    p.tables()
        .into_iter()
        .filter(|t| t.name == FLOWS || t.name.starts_with("flows_"))
        .collect()
}

/// The flows page's body: the year's flow tables, then the decomposition.
pub fn render_flows(p: &Published, lang: Lang, sel: &Selection) -> Result<String, ServerError> {
    let families = flow_tables(p);
    let mut s = format!("<p>{}</p>", esc(lang.t("flows_intro")));
    match families.first() {
        None => {
            let _ = write!(s, "<p class=\"absent\">{}</p>", esc(lang.t("no_flows")));
        }
        Some(first) => {
            let years: Vec<i32> = first
                .distinct("year")
                .iter()
                .filter_map(|y| y.parse().ok())
                .collect();
            let year = sel.year_in(&years)?;
            s.push_str(&year_form(lang, &years, year));
            for t in &families {
                let rows = rows_where(t, "year", &year.to_string());
                let heading = format!("{} · {year}", title(p, lang, t));
                let mut cols = tables::columns(lang, t, |c| c != "year");
                // the rates and net figures first, the counts they come from after them
                cols.sort_by_key(|c| flow_order(p, t, &c.name));
                s.push_str(&section_of(lang, t, &heading, "", &t.name, &{
                    tables::render(p, lang, t, &rows, &cols, &id_of(&t.name), &heading)
                }));
            }
        }
    }
    s.push_str(&flow_trends(p, lang));
    s.push_str(&decomposition(p, lang));
    Ok(s)
}

/// The trends of the flow indicators (`flow_trends`): per area the change a year and the
/// verdict of each indicator (the intervals and p-values are in the download).
fn flow_trends(p: &Published, lang: Lang) -> String {
    let Some(t) = p.table(FLOW_TRENDS) else {
        return String::new();
    };
    let rows: Vec<&[Cell]> = t.rows.iter().map(Vec::as_slice).collect();
    let heading = match t.distinct("year").as_slice() {
        [y] => format!("{} · {y}", title(p, lang, t)),
        _ => title(p, lang, t),
    };
    let keep = |c: &str| c.ends_with("_slope") || c.ends_with("_verdict");
    section_with(
        p,
        lang,
        t,
        &rows,
        FLOW_TRENDS,
        &heading,
        lang.t("flow_trends_intro"),
        keep,
    )
}

/// The life-chance gaps by birth cohort (`life_chances_cohorts`: the adjusted gaps against the
/// rest of the municipality and of the country) and their trend over the cohorts
/// (`life_chances_cohort_trends`: the change per birth year and the verdict).
fn cohorts(p: &Published, lang: Lang) -> String {
    let mut s = String::new();
    if let Some(t) = p.table(COHORTS) {
        let rows: Vec<&[Cell]> = t.rows.iter().map(Vec::as_slice).collect();
        let keep =
            |c: &str| c == "cohort" || c.ends_with("_adjusted") || c.ends_with("_adjusted_country");
        let note = format!("{} {}", lang.t("cohorts_intro"), lang.t("interval_note"));
        s.push_str(&section_with(
            p,
            lang,
            t,
            &rows,
            COHORTS,
            &title(p, lang, t),
            &note,
            keep,
        ));
    }
    if let Some(t) = p.table(COHORT_TRENDS) {
        let rows: Vec<&[Cell]> = t.rows.iter().map(Vec::as_slice).collect();
        let keep = |c: &str| c.ends_with("_slope") || c.ends_with("_verdict");
        s.push_str(&section_with(
            p,
            lang,
            t,
            &rows,
            COHORT_TRENDS,
            &title(p, lang, t),
            lang.t("cohort_trends_intro"),
            keep,
        ));
    }
    s
}

/// The life-chance page's body: one table per outcome, the areas as rows.
pub fn render_life(p: &Published, lang: Lang) -> String {
    let mut s = format!("<p>{}</p>", esc(lang.t("life_intro")));
    let Some(t) = p.table(LIFE) else {
        let _ = write!(s, "<p class=\"absent\">{}</p>", esc(lang.t("no_life")));
        return s;
    };
    let _ = write!(
        s,
        "<p>{} {}</p>",
        esc(lang.t("interval_note")),
        download(lang, t)
    );
    let outcomes = outcomes(t);
    let constant = |c: &str| t.distinct(c).len() <= 1;
    let shared: Vec<Shows> = tables::columns(lang, t, |c| {
        let of_an_outcome = outcomes.iter().any(|o| belongs(c, o));
        let one_year = c == "year" && constant(c);
        !(of_an_outcome || one_year)
    });
    let rows: Vec<&[Cell]> = t.rows.iter().map(Vec::as_slice).collect();
    for o in &outcomes {
        let mut cols = shared.clone();
        for mut c in tables::columns(lang, t, |c| belongs(c, o)) {
            if let Some(short) = life_label(lang, &c.name, o) {
                c.label = short.to_owned();
            }
            cols.push(c);
        }
        let name = lang.outcome(o).unwrap_or_else(|| lang.column(o));
        let id = format!("life-{}", o.replace('_', "-"));
        let _ = write!(
            s,
            "<section aria-labelledby=\"{id}-h\"><h2 id=\"{id}-h\">{}</h2>{}</section>",
            esc(&capitalise(&name)),
            tables::render(p, lang, t, &rows, &cols, &id, &name)
        );
    }
    s.push_str(&cohorts(p, lang));
    s
}

/// The outcomes of the life-chance table: the columns with an adjusted gap (`X_adjusted`).
pub fn outcomes(t: &Table) -> Vec<String> {
    t.header
        .iter()
        .filter_map(|h| h.strip_suffix("_adjusted"))
        .map(str::to_owned)
        .collect()
}

/// The short header of a life-chance column in the table of its outcome `o`.
fn life_label(lang: Lang, column: &str, o: &str) -> Option<&'static str> {
    let rest = column.strip_prefix("life_").unwrap_or(column);
    let key = match rest.strip_prefix(o)? {
        "_children" => "life_children",
        "_yes" => "life_yes",
        "_area" => "life_area",
        "_comparison" => "life_comparison",
        "_gap" => "life_gap",
        "_adjusted" => "life_adjusted",
        _ => return None,
    };
    Some(lang.t(key))
}

/// The order of a flow column: shares first, then computed counts (movers, net), then the
/// counts of `flow_…` atoms.
fn flow_order(p: &Published, t: &Table, column: &str) -> u8 {
    match tables::shown(p, t, column) {
        tables::Shown::Share => 0,
        _ if !column.starts_with("flow_") => 1,
        _ => 2,
    }
}

/// Whether a life-chance column belongs to outcome `o` (`o_…` or `life_o_…`).
fn belongs(column: &str, o: &str) -> bool {
    let rest = column.strip_prefix("life_").unwrap_or(column);
    rest.strip_prefix(o)
        .is_some_and(|r| r.is_empty() || r.starts_with('_'))
}

fn decomposition(p: &Published, lang: Lang) -> String {
    let Some(t) = p.table(DECOMPOSITION) else {
        return format!(
            "<p class=\"absent\">{}</p>",
            esc(lang.t("no_decomposition"))
        );
    };
    let rows: Vec<&[Cell]> = t.rows.iter().map(Vec::as_slice).collect();
    let note = format!(
        "{} {}",
        lang.t("decomposition_intro"),
        lang.t("interval_note")
    );
    // one period for every row: said in the heading instead of two columns
    let (from, to) = (t.distinct("from_year"), t.distinct("year"));
    let (heading, keep): (String, fn(&str) -> bool) = match (from.as_slice(), to.as_slice()) {
        ([f], [y]) => (format!("{} · {f}–{y}", title(p, lang, t)), |c| {
            !matches!(c, "year" | "from_year")
        }),
        _ => (title(p, lang, t), |_| true),
    };
    section_with(p, lang, t, &rows, DECOMPOSITION, &heading, &note, keep)
}

/// A table's section with the HTML id `id`: its heading, a note (none when empty), the table
/// (every column but the area's name, which is the row's heading) and its download links.
pub fn section(
    p: &Published,
    lang: Lang,
    t: &Table,
    rows: &[&[Cell]],
    id: &str,
    heading: &str,
    note: &str,
) -> String {
    section_with(p, lang, t, rows, id, heading, note, |c| c != "name")
}

/// [`section`] with the columns `keep` chooses.
#[allow(clippy::too_many_arguments)]
pub fn section_with(
    p: &Published,
    lang: Lang,
    t: &Table,
    rows: &[&[Cell]],
    id: &str,
    heading: &str,
    note: &str,
    keep: impl Fn(&str) -> bool,
) -> String {
    let cols = tables::columns(lang, t, keep);
    let html = tables::render(p, lang, t, rows, &cols, &id_of(id), heading);
    section_of(lang, t, heading, note, id, &html)
}

/// A section with the HTML id `id` around a rendered table of `t`: heading, note (none when
/// empty), the table and its download links.
pub fn section_of(
    lang: Lang,
    t: &Table,
    heading: &str,
    note: &str,
    id: &str,
    html: &str,
) -> String {
    let id = id.replace('_', "-");
    let note = if note.is_empty() {
        String::new()
    } else {
        format!("<p>{}</p>", esc(note))
    };
    format!(
        "<section aria-labelledby=\"{id}-h\"><h2 id=\"{id}-h\">{}</h2>{note}{html}<p>{}</p></section>",
        esc(heading),
        download(lang, t)
    )
}

/// The HTML id of a table's `<table>`.
pub fn id_of(name: &str) -> String {
    format!("{}-table", name.replace('_', "-"))
}

/// A table's title in `lang` (from the manifest).
pub fn title(p: &Published, lang: Lang, t: &Table) -> String {
    p.table_title(lang, &t.name)
}

/// The links to a table's CSV and JSON.
pub fn download(lang: Lang, t: &Table) -> String {
    format!(
        "<a href=\"/download/{}\" download>{}</a> · <a href=\"/api/tables/{}\">JSON</a>",
        url(&t.file),
        lang.t("download_csv"),
        url(&t.name)
    )
}

/// The rows of `t` whose `column` is `value`.
pub fn rows_where<'t>(t: &'t Table, column: &str, value: &str) -> Vec<&'t [Cell]> {
    t.rows
        .iter()
        .filter(|r| t.text(r, column) == value)
        .map(Vec::as_slice)
        .collect()
}

fn year_form(lang: Lang, years: &[i32], year: i32) -> String {
    let options: Vec<(String, String)> = years
        .iter()
        .rev()
        .map(|y| (y.to_string(), y.to_string()))
        .collect();
    format!(
        "<form class=\"controls\" method=\"get\" action=\"/flows\">{}<button type=\"submit\">{}</button></form>",
        select("year", "year", lang.t("year"), &options, &year.to_string()),
        lang.t("show")
    )
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
