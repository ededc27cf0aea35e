//! HTML tables with suppression markers: `..` cells get a class and a title that explains them,
//! numbers are right-aligned in the report's language, and every text is escaped.

use std::fmt::Write as _;

use super::context::Ctx;
use crate::format::{self, esc};
use crate::i18n::{Labels, Lang};
use crate::published::{Cell, Role, Table};

/// One cell of an HTML table.
#[derive(Debug, Clone, PartialEq)]
pub enum HCell {
    /// Text (escaped).
    Text(String),
    /// A formatted number (right-aligned).
    Num(String),
    /// Suppressed (`..`).
    Suppressed,
    /// Empty.
    Empty,
    /// A number taken from a published cell, marked up with its source
    /// (docs/published-format.md): shown text, the CSV value and `FILE#COLUMN@KEY`.
    Data {
        /// The number as shown.
        shown: String,
        /// The CSV's value.
        value: f64,
        /// `FILE#COLUMN@KEY`.
        reference: String,
    },
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
        HCell::Suppressed => format!(
            "<td class=\"sup\" title=\"{}\">..</td>",
            lang.t("suppressed")
        ),
        HCell::Empty => "<td></td>".into(),
        HCell::Data {
            shown,
            value,
            reference,
        } => format!(
            "<td class=\"num\"><data value=\"{value}\" data-ref=\"{}\">{}</data></td>",
            esc(reference),
            esc(shown)
        ),
    }
}

/// A published cell for display, by its column's role.
pub fn cell(lang: Lang, c: &Cell, role: Role) -> HCell {
    match (c, role) {
        (Cell::Suppressed, _) => HCell::Suppressed,
        (Cell::Empty, _) => HCell::Empty,
        (Cell::Text(t), _) => HCell::Text(lang.value(t)),
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

/// A whole published table (or the rows `keep` selects) as HTML, with localised headers; an
/// area is shown by its name (the `kind` and `area_id` keys become one column).
pub fn published(ctx: &Ctx, t: &Table, keep: impl Fn(&[Cell]) -> bool, limit: usize) -> String {
    let lang = ctx.lang;
    let has_area = t.col("area_id").is_some();
    let shown: Vec<usize> = (0..t.header.len())
        .filter(|&i| !(has_area && t.header[i] == "kind"))
        .collect();
    let headers: Vec<String> = shown
        .iter()
        .map(|&i| match t.header[i].as_str() {
            "area_id" => lang.t("area").to_owned(),
            h => lang.column(h),
        })
        .collect();
    let rows: Vec<Vec<HCell>> = t
        .rows
        .iter()
        .filter(|r| keep(r))
        .take(limit)
        .map(|r| {
            shown
                .iter()
                .map(|&i| match t.header[i].as_str() {
                    "area_id" => HCell::Text(ctx.name(&t.text(r, "kind"), &t.text(r, "area_id"))),
                    h => sourced(lang, t, r, h, &r[i], t.roles[i]),
                })
                .collect()
        })
        .collect();
    html(lang, &headers, &rows)
}

/// A published cell as a table cell; a number outside the key columns is marked up with its
/// source, so a reader (or `bydel audit`) can match every number with the CSV.
pub fn sourced(lang: Lang, t: &Table, row: &[Cell], column: &str, c: &Cell, role: Role) -> HCell {
    match (cell(lang, c, role), c) {
        (HCell::Num(shown), Cell::Number(value)) if role != Role::Key => HCell::Data {
            shown,
            value: *value,
            reference: reference(t, row, column),
        },
        (other, _) => other,
    }
}

/// `FILE#COLUMN@KEY`: the key values of the row joined by `|` in the order of the key columns.
pub fn reference(t: &Table, row: &[Cell], column: &str) -> String {
    let key: Vec<String> = t
        .header
        .iter()
        .zip(&t.roles)
        .filter(|(_, r)| **r == Role::Key)
        .map(|(h, _)| t.text(row, h))
        .collect();
    format!("{}#{column}@{}", t.file, key.join("|"))
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

/// How a published number is written in running text and tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fmt {
    /// By the column's role (shares as percentages, counts as whole numbers).
    Role,
    /// A share in `[0, 1]` as a percentage with one decimal.
    Pct,
    /// A difference of shares in `[−1, 1]`, signed, in procentpoint.
    ShareDiff,
    /// A whole number.
    Int,
    /// A number with this many decimals.
    Dec(usize),
}

/// One published cell as inline HTML: a number inside `<data value data-ref>` (so a reader and
/// `bydel audit` can match it with the CSV), `..` for a suppressed cell, `–` for no value, and a
/// code in words for text.
pub fn datum(lang: Lang, t: &Table, row: &[Cell], column: &str, fmt: Fmt) -> String {
    let Some(i) = t.col(column) else {
        return "–".into();
    };
    match &row[i] {
        Cell::Number(x) => {
            let shown = shown(lang, *x, t.roles[i], fmt);
            format!(
                "<data value=\"{x}\" data-ref=\"{}\">{}</data>",
                esc(&reference(t, row, column)),
                esc(&shown)
            )
        }
        Cell::Suppressed => format!(
            "<span class=\"sup\" title=\"{}\">..</span>",
            lang.t("suppressed")
        ),
        Cell::Empty => "–".into(),
        Cell::Text(s) => esc(&lang.cell(column, s)),
    }
}

/// [`datum`] as a table cell.
pub fn datum_cell(lang: Lang, t: &Table, row: &[Cell], column: &str, fmt: Fmt) -> HCell {
    match t.get(row, column) {
        Some(Cell::Number(x)) => HCell::Data {
            shown: shown(lang, *x, t.roles[t.col(column).unwrap_or(0)], fmt),
            value: *x,
            reference: reference(t, row, column),
        },
        Some(Cell::Suppressed) => HCell::Suppressed,
        Some(Cell::Text(s)) => HCell::Text(lang.cell(column, s)),
        _ => HCell::Empty,
    }
}

fn shown(lang: Lang, x: f64, role: Role, fmt: Fmt) -> String {
    let unit = if lang == Lang::Da {
        " procentpoint"
    } else {
        " percentage points"
    };
    match fmt {
        Fmt::Role => match cell(lang, &Cell::Number(x), role) {
            HCell::Num(s) => s,
            _ => number(lang, x),
        },
        Fmt::Pct => format::pct(lang, x),
        Fmt::ShareDiff => format!("{}{unit}", format::pp(lang, x)),
        Fmt::Int => format::int(lang, x),
        Fmt::Dec(d) => format::dec(lang, x, d),
    }
}

/// A figure: an SVG chart or map as an image (printable, no script), with its description as
/// the alternative text. The numbers a figure draws are in the table behind it, each marked up
/// with its published cell; the figure itself carries only scales and names.
pub fn figure(svg: &str, alt: &str) -> String {
    let mut uri = String::with_capacity(svg.len());
    for c in svg.chars() {
        match c {
            '%' => uri.push_str("%25"),
            '#' => uri.push_str("%23"),
            '\n' => uri.push(' '),
            _ => uri.push(c),
        }
    }
    format!(
        "<figure><img class=\"chart\" alt=\"{}\" src=\"data:image/svg+xml;charset=utf-8,{}\"></figure>",
        esc(alt),
        esc(&uri)
    )
}
