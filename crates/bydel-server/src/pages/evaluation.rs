//! What works (issue 16): **Evaluering** (`/evaluation`: the interventions' estimated effects
//! with their intervals, pre-period check and Danish verdict, from the published `evaluation`
//! table) and **Scenarier** (`/scenarios`: the published `scenarios` table, shown from its
//! manifest alone — Danish column labels and each column's role — one table per area). A run
//! without the table gets a page that says so.

use std::fmt::Write as _;

use axum::Extension;
use axum::extract::State;
use axum::response::Html;
use bydel_report::published::{Cell, Table};
use bydel_report::{Labels, Lang};

use super::flows::{download, section_with, title};
use super::tables;
use crate::context::Ctx;
use crate::html::{esc, page};
use crate::published::Published;
use crate::state::AppState;

/// The evaluation table.
pub const EVALUATION: &str = "evaluation";
/// The scenario table.
pub const SCENARIOS: &str = "scenarios";

/// `GET /evaluation`.
pub async fn evaluation(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
) -> Html<String> {
    page(
        &ctx,
        ctx.lang.t("evaluation_page"),
        &render_evaluation(&state.published, ctx.lang),
    )
}

/// `GET /scenarios`.
pub async fn scenarios(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
) -> Html<String> {
    page(
        &ctx,
        ctx.lang.t("scenarios_page"),
        &render_scenarios(&state.published, ctx.lang),
    )
}

/// The evaluation page's body: per intervention (area, start, description and kind) a table of
/// its estimates by outcome and method, and the verdicts in words.
pub fn render_evaluation(p: &Published, lang: Lang) -> String {
    let mut s = format!(
        "<p>{} {}</p>",
        esc(lang.t("evaluation_intro")),
        esc(lang.t("interval_note"))
    );
    let Some(t) = p.table(EVALUATION) else {
        let _ = write!(
            s,
            "<p class=\"absent\">{}</p>",
            esc(lang.t("no_evaluation"))
        );
        return s;
    };
    let _ = write!(s, "<p>{}</p>", download(lang, t));
    let cols = tables::columns(lang, t, |c| !HIDDEN.contains(&c));
    for (i, group) in interventions(t).iter().enumerate() {
        let r = group[0];
        let heading = format!(
            "{} – {}",
            p.area_name(lang, &t.text(r, "kind"), &t.text(r, "area_id")),
            t.text(r, "description")
        );
        let id = format!("intervention-{}", i + 1);
        let _ = write!(
            s,
            "<section aria-labelledby=\"{id}-h\"><h2 id=\"{id}-h\">{}</h2><p>{}: {} · {}: {}</p>{}",
            esc(&heading),
            esc(&lang.column("intervention_kind")),
            esc(&lang.value(&t.text(r, "intervention_kind"))),
            esc(lang.t("start")),
            esc(&t.text(r, "year")),
            tables::render(p, lang, t, group, &cols, &format!("{id}-table"), &heading)
        );
        let _ = write!(
            s,
            "<h3>{}</h3><ul class=\"verdicts\">",
            esc(lang.t("verdicts"))
        );
        for r in group {
            let verdict = match t.get(r, "verdict") {
                Some(Cell::Text(v)) if !v.is_empty() => esc(v),
                Some(Cell::Suppressed) => crate::html::suppressed(lang),
                _ => esc(lang.t("not_evaluated")),
            };
            let _ = write!(
                s,
                "<li>{}, {}: {verdict}</li>",
                esc(&lang.indicator(&t.text(r, "outcome"))),
                esc(&lang.value(&t.text(r, "method")))
            );
        }
        s.push_str("</ul></section>");
    }
    s
}

/// The rows of each intervention (same area, start, description and kind), in their order.
fn interventions(t: &Table) -> Vec<Vec<&[Cell]>> {
    const SAME: [&str; 5] = [
        "kind",
        "area_id",
        "year",
        "description",
        "intervention_kind",
    ];
    let mut out: Vec<Vec<&[Cell]>> = Vec::new();
    for r in t.rows.iter().map(Vec::as_slice) {
        let same = |g: &Vec<&[Cell]>| SAME.iter().all(|c| t.text(g[0], c) == t.text(r, c));
        match out.iter_mut().find(|g| same(g)) {
            Some(g) => g.push(r),
            None => out.push(vec![r]),
        }
    }
    out
}

/// Columns for the program, not the reader (the measures an outcome is computed from; the
/// outcome is shown by its name) and those said in the intervention's heading.
const HIDDEN: [&str; 7] = [
    "name",
    "numerator_measure",
    "denominator_measure",
    "year",
    "description",
    "intervention_kind",
    "verdict",
];

/// The scenario page's body: a table per area (the table's rows in their order), or the
/// sentence that the run has none.
pub fn render_scenarios(p: &Published, lang: Lang) -> String {
    let mut s = format!("<p>{}</p>", esc(lang.t("scenarios_intro")));
    let Some(t) = p.table(SCENARIOS) else {
        let _ = write!(s, "<p class=\"absent\">{}</p>", esc(lang.t("no_scenarios")));
        return s;
    };
    let _ = write!(
        s,
        "<p>{} {}</p>",
        esc(lang.t("interval_note")),
        download(lang, t)
    );
    // one table per area and scenario
    let mut groups: Vec<(String, String, String)> = Vec::new();
    for (kind, id) in areas(t) {
        for r in &t.rows {
            let g = (kind.clone(), id.clone(), t.text(r, "scenario"));
            if t.text(r, "kind") == kind && t.text(r, "area_id") == id && !groups.contains(&g) {
                groups.push(g);
            }
        }
        if !groups.iter().any(|g| g.0 == kind && g.1 == id) {
            groups.push((kind, id, String::new()));
        }
    }
    for (i, (kind, id, scenario)) in groups.into_iter().enumerate() {
        let rows: Vec<&[Cell]> = t
            .rows
            .iter()
            .filter(|r| {
                t.text(r, "kind") == kind
                    && t.text(r, "area_id") == id
                    && t.text(r, "scenario") == scenario
            })
            .map(Vec::as_slice)
            .collect();
        let heading = if id.is_empty() {
            title(p, lang, t)
        } else {
            format!("{} · {}", title(p, lang, t), p.area_name(lang, &kind, &id))
        };
        let html_id = format!("{SCENARIOS}-{}", i + 1);
        // the plan's description and the in-movers' profile are the same on every row of a
        // scenario: said once above its table, not repeated in columns
        let once = |column: &str| {
            rows.first()
                .map(|r| lang.cell(column, &t.text(r, column)))
                .unwrap_or_default()
        };
        let profile = once("in_mover_profile");
        let profile = if profile.is_empty() {
            profile
        } else {
            format!("{}: {profile}", lang.column("in_mover_profile"))
        };
        let note = [once("description"), profile]
            .into_iter()
            .filter(|x| !x.is_empty())
            .collect::<Vec<_>>()
            .join(". ");
        s.push_str(&section_with(
            p,
            lang,
            t,
            &rows,
            &html_id,
            &heading,
            &note,
            |c| {
                !matches!(
                    c,
                    "name" | "year" | "scenario" | "description" | "in_mover_profile"
                )
            },
        ));
    }
    s
}

/// The (kind, area) pairs of a table's rows in their order (one empty pair without areas).
fn areas(t: &Table) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for r in &t.rows {
        let key = (t.text(r, "kind"), t.text(r, "area_id"));
        if !out.contains(&key) {
            out.push(key);
        }
    }
    if out.is_empty() {
        out.push((String::new(), String::new()));
    }
    out
}
