//! HTML tables with suppression markers: `..` cells get a class and a title that explains them,
//! numbers are right-aligned in the report's language, and every text is escaped.

use std::fmt::Write as _;

use crate::format::{self, esc};
use crate::i18n::Lang;
use crate::published::{Cell, Role, Table};

/// One cell of an HTML table.
#[derive(Debug, Clone, PartialEq)]
pub enum HCell {
    /// Text (escaped).
    Text(String),
    /// A formatted number (right-aligned).
    Num(String),
    /// A formatted number that meets a criterion (highlighted).
    Met(String),
    /// Suppressed (`..`).
    Suppressed,
    /// Empty.
    Empty,
}

/// Renders a table with a header row.
pub fn html(lang: Lang, headers: &[String], rows: &[Vec<HCell>]) -> String {
    let mut s = String::from("<table><thead><tr>");
    for h in headers {
        let _ = write!(s, "<th scope=\"col\">{}</th>", esc(h));
    }
    s.push_str("</tr></thead><tbody>");
    for r in rows {
        s.push_str("<tr>");
        for c in r {
            s.push_str(&td(lang, c));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table>");
    s
}

fn td(lang: Lang, c: &HCell) -> String {
    match c {
        HCell::Text(t) => format!("<td>{}</td>", esc(t)),
        HCell::Num(t) => format!("<td class=\"num\">{}</td>", esc(t)),
        HCell::Met(t) => format!("<td class=\"num met\">{}</td>", esc(t)),
        HCell::Suppressed => format!(
            "<td class=\"sup\" title=\"{}\">..</td>",
            lang.t("suppressed")
        ),
        HCell::Empty => "<td></td>".into(),
    }
}

/// A published cell for display, by its column's role.
pub fn cell(lang: Lang, c: &Cell, role: Role) -> HCell {
    match (c, role) {
        (Cell::Suppressed, _) => HCell::Suppressed,
        (Cell::Empty, _) => HCell::Empty,
        (Cell::Text(t), _) => HCell::Text(t.clone()),
        (Cell::Number(x), Role::Share) => HCell::Num(format::pct(lang, *x)),
        (
            Cell::Number(x),
            Role::Count | Role::Numerator | Role::Denominator | Role::Contributors | Role::Amount,
        ) => HCell::Num(format::int(lang, *x)),
        (Cell::Number(x), _) => HCell::Num(number(lang, *x)),
    }
}

/// A number with as many decimals as it needs (up to four).
pub fn number(lang: Lang, x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return format::int(lang, x);
    }
    let s = format!("{x:.4}");
    let decimals = s
        .trim_end_matches('0')
        .split('.')
        .nth(1)
        .map_or(0, str::len);
    format::dec(lang, x, decimals)
}

/// A whole published table (or the rows `keep` selects) as HTML, with localised headers.
pub fn published(lang: Lang, t: &Table, keep: impl Fn(&[Cell]) -> bool, limit: usize) -> String {
    let headers: Vec<String> = t.header.iter().map(|h| lang.column(h)).collect();
    let rows: Vec<Vec<HCell>> = t
        .rows
        .iter()
        .filter(|r| keep(r))
        .take(limit)
        .map(|r| {
            r.iter()
                .zip(&t.roles)
                .map(|(c, role)| cell(lang, c, *role))
                .collect()
        })
        .collect();
    html(lang, &headers, &rows)
}

/// A `<details>` block holding the table behind a chart.
pub fn behind(lang: Lang, table_html: &str) -> String {
    format!(
        "<details><summary>{}</summary>{table_html}</details>\n",
        lang.t("table_behind")
    )
}

/// The paragraph said when a section's table was not published.
pub fn absent(lang: Lang, table: &str) -> String {
    format!(
        "<p class=\"absent\">{} (<code>{}</code>)</p>\n",
        lang.t("absent"),
        esc(table)
    )
}
