//! A published table shown as it was released, read through its manifest alone: Danish column
//! labels ([`Lang::column`]), areas by name (linked to their pages), codes in words
//! ([`Lang::value`]), every number in its unit through [`bydel_report::format`], and an estimate
//! with its interval bounds in one cell (`−2,1 procentpoint [−4,0; −0,2]`). The pages of flows,
//! life chances, evaluation, scenarios and the official lists use it, so a table the dashboard
//! was not written for (a new column, the `scenarios` table) is shown from its manifest.
//!
//! How a number column is shown follows its manifest role; a computed number (role `number`)
//! is shown by its meaning, name and rounding: `…year` is a year, a sum of atoms a count (in-
//! and out-movers, net), a difference (`…_change`, `…_gap`, `…_adjusted`, the decomposition's
//! parts, `estimate`, a trend's change a year `…_slope`) is in procentpoint (karakterpoint for
//! grades), `p_value` a plain decimal, and any other number rounded to three or more decimals is
//! a share or a probability, shown in per cent.

use std::fmt::Write as _;

use bydel_report::format;
use bydel_report::published::{Cell, Role, Table};
use bydel_report::{Labels, Lang};

use super::area_href;
use crate::html::{esc, suppressed};
use crate::published::Published;

/// How the numbers of a column are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// A share or probability in `[0, 1]`: per cent with one decimal.
    Share,
    /// A difference of shares: signed, in procentpoint.
    Points,
    /// A grade (two decimals).
    Grade,
    /// A difference of grades: signed, in karakterpoint.
    GradePoints,
    /// A count of persons (thousands point).
    Count,
    /// An amount in kroner.
    Dkk,
    /// A difference of amounts: signed, in kroner.
    DkkDiff,
    /// A year (no thousands point).
    Year,
    /// A plain decimal number with this many decimals.
    Decimal(usize),
    /// A text or code (shown in words).
    Text,
}

/// A column as shown: its header and, when it has them, the columns of its interval bounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shows {
    /// The column.
    pub name: String,
    /// Its header in the page's language ([`label`] unless a page says it shorter).
    pub label: String,
    /// The lower and upper bound columns.
    pub bounds: Option<(String, String)>,
}

/// The differences (a column named so, or ending so, is a difference, shown in points).
const DIFFERENCES: &[&str] = &[
    "_change",
    "_gap",
    "_adjusted",
    "_in_situ",
    "_out_migration",
    "_in_migration",
    "_turnover",
    "_difference",
    "_effect",
    // a trend's change a year (the flow indicators' and the life-chance gaps' trends)
    "_slope",
];

/// Interval bound suffixes: (lower, upper).
const BOUNDS: &[(&str, &str)] = &[("_lo", "_hi"), ("_lower", "_upper"), ("_low", "_high")];

/// How the numbers of `column` of table `t` are shown (see the module's documentation).
pub fn shown(p: &Published, t: &Table, column: &str) -> Shown {
    let role = t.col(column).and_then(|i| t.roles.get(i)).copied();
    let grade = column.contains("exam") || column.contains("grade");
    match role {
        Some(Role::Share) => Shown::Share,
        Some(Role::Count | Role::Numerator | Role::Denominator | Role::Contributors) => {
            Shown::Count
        }
        Some(Role::Amount) => Shown::Dkk,
        Some(Role::Key | Role::Public) | None => Shown::Text,
        Some(Role::Derived) if column.ends_with("year") => Shown::Year,
        Some(Role::Derived) if p.is_sum(&t.name, column) => Shown::Count,
        Some(Role::Derived) if column == "p_value" => Shown::Decimal(3),
        Some(Role::Derived) if is_difference(column) && grade => Shown::GradePoints,
        Some(Role::Derived) if is_difference(column) => Shown::Points,
        Some(Role::Derived) if grade => Shown::Grade,
        Some(Role::Derived) => match p.decimals(&t.name, column) {
            Some(d) if d >= 3 => Shown::Share,
            Some(d) => Shown::Decimal(usize::from(d)),
            None => Shown::Decimal(1),
        },
    }
}

/// Whether a computed column is a difference (its bounds included).
pub fn is_difference(column: &str) -> bool {
    let base = strip_bound(column);
    matches!(
        base,
        "estimate" | "change" | "in_situ" | "out_migration" | "in_migration" | "demography"
    ) || DIFFERENCES.iter().any(|d| base.ends_with(d))
}

/// How a value of a long table (one row per indicator, as `flow_decomposition`) is shown: in
/// the unit of the row's indicator — kroner for income, grades for exam results — rather than
/// the column's share or points.
fn in_row_unit(t: &Table, row: &[Cell], how: Shown) -> Shown {
    use bydel_analysis::indicator::Unit;
    let Some(Cell::Text(id)) = t.get(row, "indicator") else {
        return how;
    };
    let Some(ind) = bydel_report::law::catalogue().indicator(id) else {
        return how;
    };
    match (ind.unit, how) {
        (Unit::Dkk, Shown::Share | Shown::Decimal(_)) => Shown::Dkk,
        (Unit::Dkk, Shown::Points) => Shown::DkkDiff,
        (Unit::Grade, Shown::Share | Shown::Decimal(_)) => Shown::Grade,
        (Unit::Grade, Shown::Points) => Shown::GradePoints,
        _ => how,
    }
}

/// The columns of `t` as shown in `lang`: every column but `kind` and `area_id` (shown as the
/// area) and interval bounds (shown beside their estimate), in the table's order; `keep`
/// chooses among them.
pub fn columns(lang: Lang, t: &Table, keep: impl Fn(&str) -> bool) -> Vec<Shows> {
    let mut out = Vec::new();
    for h in &t.header {
        // the measures behind an indicator are the program's names, not the reader's
        if matches!(h.as_str(), "kind" | "area_id")
            || h.ends_with("_measure")
            || is_bound(t, h)
            || !keep(h)
        {
            continue;
        }
        let bounds = bounds_of(t, h);
        out.push(Shows {
            name: h.clone(),
            label: label(lang, h),
            bounds,
        });
    }
    out
}

/// An HTML table of `rows` of `t` with the columns `cols`, the area first (named and linked)
/// when the table has areas and the rows are of more than one.
pub fn render(
    p: &Published,
    lang: Lang,
    t: &Table,
    rows: &[&[Cell]],
    cols: &[Shows],
    id: &str,
    caption: &str,
) -> String {
    // the area as the row's heading, unless every row is of one area (said around the table)
    let one_area = rows
        .iter()
        .all(|r| rows.first().is_some_and(|f| same_area(t, f, r)));
    let has_area = t.col("area_id").is_some() && !(one_area && rows.len() > 1);
    let mut s = format!(
        "<div class=\"scroll\"><table id=\"{}\" class=\"published\"><caption>{}</caption><thead><tr>",
        esc(id),
        esc(caption)
    );
    if has_area {
        let _ = write!(s, "<th scope=\"col\">{}</th>", esc(lang.t("area")));
    }
    for c in cols {
        let _ = write!(s, "<th scope=\"col\">{}</th>", esc(&c.label));
    }
    s.push_str("</tr></thead><tbody>");
    for r in rows {
        s.push_str("<tr>");
        if has_area {
            let _ = write!(s, "<th scope=\"row\">{}</th>", area(p, lang, t, r));
        }
        for c in cols {
            let number = !matches!(t.get(r, &c.name), Some(Cell::Text(_)));
            let class = if number { " class=\"num\"" } else { "" };
            let _ = write!(s, "<td{class}>{}</td>", cell(p, lang, t, r, c));
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></div>");
    s
}

fn same_area(t: &Table, a: &[Cell], b: &[Cell]) -> bool {
    t.text(a, "kind") == t.text(b, "kind") && t.text(a, "area_id") == t.text(b, "area_id")
}

/// The label of a column in `lang` (a key column by its own label, the others by
/// [`Lang::column`]).
pub fn label(lang: Lang, column: &str) -> String {
    match column {
        "year" | "list_year" => lang.t("year").to_owned(),
        "outcome" => lang.t("outcome").to_owned(),
        "method" => lang.t("method").to_owned(),
        _ => lang.column(column),
    }
}

/// The area of a row by name, linked to its page when the dashboard has one.
pub fn area(p: &Published, lang: Lang, t: &Table, row: &[Cell]) -> String {
    let (kind, id) = (t.text(row, "kind"), t.text(row, "area_id"));
    let name = esc(&p.area_name(lang, &kind, &id));
    if p.has_area(&kind, &id) {
        format!("<a href=\"{}\">{name}</a>", area_href(&kind, &id))
    } else {
        name
    }
}

/// One shown cell: the value in its unit, with its interval when the column has bounds.
pub fn cell(p: &Published, lang: Lang, t: &Table, row: &[Cell], c: &Shows) -> String {
    let how = in_row_unit(t, row, shown(p, t, &c.name));
    let main = value(lang, t, row, &c.name, how, Bound::No);
    let Some((lo, hi)) = &c.bounds else {
        return main;
    };
    if !matches!(t.get(row, &c.name), Some(Cell::Number(_))) {
        return main;
    }
    format!(
        "{main} <span class=\"interval\">[{}; {}]</span>",
        value(lang, t, row, lo, how, Bound::Yes),
        value(lang, t, row, hi, how, Bound::Yes)
    )
}

/// Whether a value is an interval bound (shown without its unit, beside the estimate).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Bound {
    No,
    Yes,
}

fn value(lang: Lang, t: &Table, row: &[Cell], column: &str, how: Shown, b: Bound) -> String {
    match t.get(row, column) {
        Some(Cell::Suppressed) => suppressed(lang),
        Some(Cell::Text(v)) if column == "outcome" => esc(&lang.indicator(v)),
        Some(Cell::Text(v)) => esc(&lang.cell(column, v)),
        Some(Cell::Number(x)) => esc(&number(lang, *x, how, b)),
        Some(Cell::Empty) | None => "–".into(),
    }
}

/// A number in its unit ([`bydel_report::format`]).
fn number(lang: Lang, x: f64, how: Shown, b: Bound) -> String {
    let unit = |s: String, key: &'static str| match b {
        Bound::No => format!("{s} {}", lang.t(key)),
        Bound::Yes => s,
    };
    match how {
        Shown::Share => format::pct(lang, x),
        Shown::Points => unit(format::pp(lang, x), "percentage_points"),
        Shown::Grade => format::dec(lang, x, 2),
        Shown::GradePoints => unit(signed(format::dec(lang, x, 2), x), "grade_points"),
        Shown::Count => format::int(lang, x),
        Shown::Dkk => format!("{} {}", format::int(lang, x), lang.t("kroner")),
        Shown::DkkDiff => unit(signed(format::int(lang, x), x), "kroner"),
        Shown::Year => format!("{x:.0}"),
        Shown::Decimal(d) => format::dec(lang, x, d),
        Shown::Text => format!("{x}"),
    }
}

/// A plus sign before a positive number that does not round to zero.
fn signed(s: String, x: f64) -> String {
    if x > 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{s}")
    } else {
        s
    }
}

fn strip_bound(column: &str) -> &str {
    match column {
        "low" | "high" => "estimate",
        _ => BOUNDS
            .iter()
            .flat_map(|(lo, hi)| [lo, hi])
            .find_map(|suffix| column.strip_suffix(suffix))
            .unwrap_or(column),
    }
}

/// Whether `column` is the bound of another column of `t`.
fn is_bound(t: &Table, column: &str) -> bool {
    let base = strip_bound(column);
    base != column && t.col(base).is_some() && bounds_of(t, base).is_some()
}

fn bounds_of(t: &Table, column: &str) -> Option<(String, String)> {
    let pairs: Vec<(String, String)> = if column == "estimate" {
        vec![("low".into(), "high".into())]
    } else {
        BOUNDS
            .iter()
            .map(|(lo, hi)| (format!("{column}{lo}"), format!("{column}{hi}")))
            .collect()
    };
    pairs
        .into_iter()
        .find(|(lo, hi)| t.col(lo).is_some() && t.col(hi).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_15_a_trends_change_a_year_and_its_bounds_are_differences() {
        // a slope of a share is shown in procentpoint, never as a share in per cent
        for c in [
            "retention_work_edu_slope",
            "retention_work_edu_slope_lower",
            "turnover_slope_upper",
            "exam_average_9th_grade_adjusted_country_slope",
        ] {
            assert!(is_difference(c), "{c}");
        }
        assert!(!is_difference("retention_work_edu"));
        assert!(!is_difference("turnover_p_value"));
    }

    fn table(header: &[(&str, Role)], rows: Vec<Vec<Cell>>) -> Table {
        Table {
            name: "t".into(),
            file: "t.csv".into(),
            header: header.iter().map(|(h, _)| (*h).to_owned()).collect(),
            roles: header.iter().map(|(_, r)| *r).collect(),
            rows,
        }
    }

    #[test]
    fn differences_are_in_points_and_bounds_sit_beside_their_estimate() {
        let t = table(
            &[
                ("area_id", Role::Key),
                ("estimate", Role::Derived),
                ("low", Role::Derived),
                ("high", Role::Derived),
                ("A_change", Role::Derived),
                ("exam_average_9th_grade_gap", Role::Derived),
                ("from_year", Role::Derived),
                ("p_value", Role::Derived),
                ("pre_period_ok", Role::Public),
            ],
            vec![vec![
                Cell::Text("x".into()),
                Cell::Number(-0.021),
                Cell::Number(-0.04),
                Cell::Number(-0.002),
                Cell::Number(0.0123),
                Cell::Number(-0.31),
                Cell::Number(2015.0),
                Cell::Number(0.0412),
                Cell::Text("false".into()),
            ]],
        );
        let p = Published::default();
        let cols = columns(Lang::Da, &t, |_| true);
        let names: Vec<&str> = cols.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "estimate",
                "A_change",
                "exam_average_9th_grade_gap",
                "from_year",
                "p_value",
                "pre_period_ok"
            ]
        );
        let row = t.rows[0].as_slice();
        let shown: Vec<String> = cols
            .iter()
            .map(|c| cell(&p, Lang::Da, &t, row, c))
            .collect();
        assert_eq!(
            shown,
            [
                "−2,1 procentpoint <span class=\"interval\">[−4,0; −0,2]</span>",
                "+1,2 procentpoint",
                "−0,31 karakterpoint",
                "2015",
                "0,041",
                "Nej"
            ]
        );
    }

    #[test]
    fn a_suppressed_estimate_is_dots_without_an_interval() {
        let t = table(
            &[
                ("A_in_situ", Role::Derived),
                ("A_in_situ_lo", Role::Derived),
                ("A_in_situ_hi", Role::Derived),
                ("turnover", Role::Share),
            ],
            vec![vec![
                Cell::Suppressed,
                Cell::Suppressed,
                Cell::Suppressed,
                Cell::Number(0.1234),
            ]],
        );
        let p = Published::default();
        let cols = columns(Lang::Da, &t, |_| true);
        assert_eq!(cols.len(), 2);
        let row = t.rows[0].as_slice();
        assert_eq!(cell(&p, Lang::Da, &t, row, &cols[0]), suppressed(Lang::Da));
        assert_eq!(cell(&p, Lang::Da, &t, row, &cols[1]), "12,3 %");
    }
}
