//! An area's page: warnings, the comparison with the rest of the municipality (the published
//! `comparisons` table, never the enclosing area including the area itself), the criteria of
//! the national lists, and its profile over time (charts with the rest of the municipality as
//! the reference line and the published intervals, and the table behind them).

use std::fmt::Write as _;

use axum::Extension;
use axum::extract::{Path, State};
use axum::response::Html;
use bydel_report::published::Cell;
use bydel_report::svg::chart::Emphasis;
use bydel_report::{Labels, Lang};

use super::area_href;
use crate::charts;
use crate::context::Ctx;
use crate::error::ServerError;
use crate::html::{difference, esc, page, suppressed, table, value};
use crate::published::{COMPARISONS, Indicator, Published, Unit};
use crate::state::AppState;

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
    let lang = ctx.lang;
    let title = format!(
        "{} ({})",
        p.area_name(lang, &kind, &id),
        lang.layer(&kind).to_lowercase()
    );
    Ok(page(&ctx, &title, &render(p, lang, &kind, &id)))
}

/// The area page's body.
pub fn render(p: &Published, lang: Lang, kind: &str, id: &str) -> String {
    let mut s = String::new();
    if let Some((pk, pid)) = p.parent(kind, id) {
        let _ = write!(
            s,
            "<p>{}: <a href=\"{}\">{}</a> · <a href=\"/api/areas/{}/{}\">JSON</a></p>",
            esc(&lang.layer(&pk)),
            area_href(&pk, &pid),
            esc(&p.area_name(lang, &pk, &pid)),
            crate::html::url(kind),
            crate::html::url(id)
        );
    }
    s.push_str(&warnings(p, lang, kind, id));
    s.push_str(&comparison(p, lang, kind, id));
    s.push_str(&goals(p, lang, kind, id));
    s.push_str(&criteria(p, lang, kind, id));
    s.push_str(&profile(p, lang, kind, id));
    s.push_str(&movements(p, lang, kind, id));
    s
}

/// The area's rows of the flow, decomposition, life-chance and evaluation tables (the
/// pages of all areas are linked), when it has any.
fn movements(p: &Published, lang: Lang, kind: &str, id: &str) -> String {
    let tables = [
        (super::flows::FLOWS, "/flows"),
        (super::flows::DECOMPOSITION, "/flows"),
        (super::flows::LIFE, "/life-chances"),
        (super::evaluation::EVALUATION, "/evaluation"),
    ];
    let mut s = String::new();
    for (name, href) in tables {
        let Some(t) = p.table(name) else { continue };
        let rows: Vec<&[Cell]> = t
            .rows
            .iter()
            .filter(|r| t.text(r, "kind") == kind && t.text(r, "area_id") == id)
            .map(Vec::as_slice)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let mut cols = super::tables::columns(lang, t, |c| {
            !matches!(c, "name" | "numerator_measure" | "denominator_measure")
        });
        cols.sort_by_key(|c| !matches!(c.name.as_str(), "year" | "outcome" | "method"));
        let heading = p.table_title(lang, name);
        let html_id = format!("area-{}", name.replace('_', "-"));
        let _ = write!(
            s,
            "<section aria-labelledby=\"{html_id}-h\"><h2 id=\"{html_id}-h\">{}</h2>{}<p><a href=\"{href}\">{}</a></p></section>",
            esc(&heading),
            super::tables::render(p, lang, t, &rows, &cols, &html_id, &heading),
            lang.t("all_areas")
        );
    }
    s
}

/// The published difference from the rest of the municipality (`<indicator>_difference` of
/// `comparisons`), in percentage points for shares.
pub fn difference_cell(
    p: &Published,
    lang: Lang,
    ind: &Indicator,
    area: (&str, &str),
    year: i32,
) -> String {
    let col = format!("{}_difference", ind.column);
    match p.cell(COMPARISONS, &col, area, year) {
        Cell::Number(d) => difference(lang, d, ind.unit),
        other => value(lang, &other, ind.unit),
    }
}

fn profile(p: &Published, lang: Lang, kind: &str, id: &str) -> String {
    let mut s = format!(
        "<section aria-labelledby=\"profile-h\"><h2 id=\"profile-h\">{}</h2>",
        lang.t("profile")
    );
    let name = p.area_name(lang, kind, id);
    let inds = p.yearly_indicators();
    // with a published comparison, the charts are those with the rest of the municipality as
    // their reference line; the table below has every indicator
    let compared = p.table(COMPARISONS).is_some();
    let charted = inds
        .iter()
        .filter(|i| i.unit != Unit::Count && (!compared || p.is_compared(i)));
    for (n, ind) in charted.enumerate() {
        let mut lines = vec![charts::series(
            p,
            |y| p.value(ind, kind, id, y),
            Some((ind, (kind, id))),
            &name,
            Emphasis::Primary,
        )];
        if lines[0].points.iter().all(|pt| pt.value.is_none()) {
            continue;
        }
        if compared {
            let rest = charts::series(
                p,
                |y| p.rest(ind, kind, id, y).unwrap_or(Cell::Empty),
                None,
                lang.t("dash_rest"),
                Emphasis::Reference,
            );
            if !rest.points.is_empty() {
                lines.push(rest);
            }
        }
        let _ = write!(
            s,
            "<figure>{}</figure>",
            charts::chart(
                &format!("chart{n}"),
                &ind.label(lang),
                &lines,
                ind.unit,
                lang
            )
        );
    }
    let mut header = vec![lang.t("year").to_owned()];
    header.extend(inds.iter().map(|i| i.label(lang)));
    let rows: Vec<Vec<String>> = p
        .years()
        .iter()
        .filter(|y| {
            inds.iter()
                .any(|i| p.value(i, kind, id, **y) != Cell::Empty)
        })
        .map(|y| {
            let mut r = vec![y.to_string()];
            r.extend(
                inds.iter()
                    .map(|i| value(lang, &p.value(i, kind, id, *y), i.unit)),
            );
            r
        })
        .collect();
    s.push_str(&table("profile-table", lang.t("profile"), &header, &rows));
    s.push_str("</section>");
    s
}

/// The area against the rest of the municipality in the latest year with a comparison: the
/// published values, difference, ratio with its interval and the "markedly worse" flag.
fn comparison(p: &Published, lang: Lang, kind: &str, id: &str) -> String {
    let inds: Vec<&Indicator> = p
        .yearly_indicators()
        .into_iter()
        .filter(|i| p.is_compared(i))
        .collect();
    let year = p.years().iter().rev().copied().find(|y| {
        inds.iter()
            .any(|i| p.rest(i, kind, id, *y).is_some_and(|c| c != Cell::Empty))
    });
    let Some(year) = year else {
        return String::new();
    };
    let header = [
        lang.t("indicator").to_owned(),
        p.area_name(lang, kind, id),
        lang.t("dash_rest").to_owned(),
        lang.t("dash_difference").to_owned(),
        lang.t("dash_ratio").to_owned(),
        lang.t("dash_markedly_worse").to_owned(),
    ];
    let rows: Vec<Vec<String>> = inds
        .iter()
        .filter(|i| p.rest(i, kind, id, year).is_some_and(|c| c != Cell::Empty))
        .map(|i| {
            let col = |suffix: &str| {
                p.cell(
                    COMPARISONS,
                    &format!("{}{suffix}", i.column),
                    (kind, id),
                    year,
                )
            };
            vec![
                esc(&i.label(lang)),
                value(lang, &col(""), i.unit),
                value(lang, &col("_rest"), i.unit),
                difference_cell(p, lang, i, (kind, id), year),
                ratio(
                    lang,
                    &col("_ratio"),
                    &col("_ratio_lower"),
                    &col("_ratio_upper"),
                ),
                value(lang, &col("_markedly_worse"), i.unit),
            ]
        })
        .collect();
    format!(
        "<section aria-labelledby=\"cmp-h\"><h2 id=\"cmp-h\">{} ({year})</h2>{}</section>",
        lang.t("comparison"),
        table("comparison-table", lang.t("comparison"), &header, &rows)
    )
}

/// A published ratio with its published interval: `1,18 (1,11–1,25)`.
fn ratio(lang: Lang, r: &Cell, lo: &Cell, hi: &Cell) -> String {
    use bydel_report::format::dec;
    match (r, lo, hi) {
        (Cell::Number(r), Cell::Number(lo), Cell::Number(hi)) => format!(
            "{} ({}–{})",
            dec(lang, *r, 2),
            dec(lang, *lo, 2),
            dec(lang, *hi, 2)
        ),
        (Cell::Number(r), _, _) => dec(lang, *r, 2),
        (Cell::Suppressed, _, _) => suppressed(lang),
        _ => "–".into(),
    }
}

/// The classification of the national lists, list year by list year: category, criteria met
/// and the law's five criteria, with the latest explanation.
fn criteria(p: &Published, lang: Lang, kind: &str, id: &str) -> String {
    let Some(t) = p.table("classification") else {
        return String::new();
    };
    let mut years: Vec<i32> = p
        .keys("classification")
        .into_iter()
        .filter(|k| k.kind == kind && k.area_id == id)
        .map(|k| k.year)
        .collect();
    if years.is_empty() {
        return String::new();
    }
    years.sort_unstable();
    let letters = ['A', 'B', 'C', 'D', 'E'];
    let mut header = vec![
        lang.column("list_year"),
        lang.t("category").to_owned(),
        lang.t("criteria_met").to_owned(),
    ];
    header.extend(letters.iter().map(|l| lang.column(&l.to_string())));
    let rows: Vec<Vec<String>> = years
        .iter()
        .rev()
        .filter_map(|y| p.rows_of("classification", kind, id, *y).first().copied())
        .map(|r| {
            let mut cells = vec![
                esc(&t.text(r, "list_year")),
                cell_text(lang, t.get(r, "category")),
                cell_text(lang, t.get(r, "criteria_met")),
            ];
            cells.extend(
                letters
                    .iter()
                    .map(|l| match t.get(r, &format!("{l}_value")) {
                        // the criteria's values are per cent (D: of the region's income);
                        // B, a small share against a 2.7 % line, with two decimals
                        Some(Cell::Number(x)) if *l == 'B' => {
                            let v = bydel_report::format::dec(lang, *x, 2);
                            format!("{v}{}", if lang == Lang::Da { " %" } else { "%" })
                        }
                        Some(Cell::Number(x)) => bydel_report::format::pct(lang, x / 100.0),
                        other => cell_text(lang, other),
                    }),
            );
            cells
        })
        .collect();
    let explanation = if lang == Lang::Da {
        "explanation_da"
    } else {
        "explanation_en"
    };
    let latest = years
        .last()
        .and_then(|y| p.rows_of("classification", kind, id, *y).first().copied())
        .and_then(|r| t.get(r, explanation))
        .map(|c| format!("<p class=\"explanation\">{}</p>", cell_text(lang, Some(c))))
        .unwrap_or_default();
    format!(
        "<section aria-labelledby=\"crit-h\"><h2 id=\"crit-h\">{}</h2>{latest}{}</section>",
        lang.t("criteria"),
        table("criteria-table", lang.t("criteria"), &header, &rows)
    )
}

/// The council's impact goals for the area (the published `goals` table): the tracked
/// quantity at the baseline, now and projected to the target year, and the status. A gap to
/// the rest of the municipality is in procentpoint, a share in per cent.
fn goals(p: &Published, lang: Lang, kind: &str, id: &str) -> String {
    let Some(t) = p.table("goals") else {
        return String::new();
    };
    let name = if lang == Lang::Da {
        "name_da"
    } else {
        "name_en"
    };
    let rows: Vec<Vec<String>> = t
        .rows
        .iter()
        .filter(|r| t.text(r, "kind") == kind && t.text(r, "area_id") == id)
        .map(|r| {
            let gap = t.text(r, "type") == "gap_narrowing";
            let show = |column: &str| match t.get(r, column) {
                Some(Cell::Number(x)) if gap => format!(
                    "{} {}",
                    bydel_report::format::dec(lang, x * 100.0, 1),
                    lang.t("percentage_points")
                ),
                Some(Cell::Number(x)) => bydel_report::format::pct(lang, *x),
                other => cell_text(lang, other),
            };
            let status = match t.text(r, "status").as_str() {
                "achieved" => lang.t("goal_achieved").to_owned(),
                "on_track" => lang.t("goal_on_track").to_owned(),
                "behind" => lang.t("goal_behind").to_owned(),
                "no_data" => lang.t("goal_no_data").to_owned(),
                _ => cell_text(lang, t.get(r, "status")),
            };
            vec![
                cell_text(lang, t.get(r, name)),
                format!(
                    "{} ({})",
                    show("baseline"),
                    esc(&t.text(r, "baseline_year"))
                ),
                format!("{} ({})", show("current"), esc(&t.text(r, "year"))),
                format!(
                    "{} ({})",
                    show("projected_at_target_year"),
                    esc(&t.text(r, "target_year"))
                ),
                status,
            ]
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    let header = [
        lang.t("goal"),
        lang.t("dash_baseline"),
        lang.t("dash_current"),
        lang.t("projected"),
        lang.t("status"),
    ]
    .map(str::to_owned);
    format!(
        "<section aria-labelledby=\"goals-h\"><h2 id=\"goals-h\">{}</h2>{}</section>",
        lang.t("impact_goals"),
        table("goals-table", lang.t("impact_goals"), &header, &rows)
    )
}

/// A text or code cell in words (`none` → ingen, `..` explained, no value as a dash).
fn cell_text(lang: Lang, c: Option<&Cell>) -> String {
    match c {
        Some(Cell::Text(s)) if s.is_empty() || s == "-" => "–".into(),
        Some(c) => value(lang, c, Unit::Count),
        None => "–".into(),
    }
}

fn warnings(p: &Published, lang: Lang, kind: &str, id: &str) -> String {
    let mut items = Vec::new();
    if let Some(t) = p.table("warnings") {
        let column = if lang == Lang::Da {
            "sentence_da"
        } else {
            "sentence_en"
        };
        let mut years: Vec<i32> = p
            .keys("warnings")
            .into_iter()
            .filter(|k| k.kind == kind && k.area_id == id)
            .map(|k| k.year)
            .collect();
        years.sort_unstable();
        years.dedup();
        for y in years {
            for r in p.rows_of("warnings", kind, id, y) {
                match t.get(r, column) {
                    Some(Cell::Suppressed) => items.push(format!(
                        "{}: {}",
                        esc(&lang.indicator(&t.text(r, "indicator"))),
                        suppressed(lang)
                    )),
                    Some(c) => items.push(cell_text(lang, Some(c))),
                    None => {}
                }
            }
        }
    }
    let suppressed = p.yearly_indicators().iter().any(|i| {
        p.years()
            .iter()
            .any(|y| p.value(i, kind, id, *y) == Cell::Suppressed)
    });
    if suppressed {
        items.push(lang.t("warn_suppressed").to_owned());
    }
    let mut s = format!(
        "<section aria-labelledby=\"warn-h\"><h2 id=\"warn-h\">{}</h2>",
        lang.t("warnings")
    );
    if items.is_empty() {
        let _ = write!(s, "<p>{}</p>", lang.t("dash_no_warnings"));
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
