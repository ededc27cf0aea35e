//! Classifications as a flat table of named text columns (for CSV, JSON, Parquet or Excel
//! writers): identity, eligibility, categories, criterion values, margins per condition,
//! the smallest change per category and the explanations.
//!
//! Numbers are exact values rounded half away from zero for display: values and margins in the
//! criterion's unit (percent, or per 10,000) to 4 decimals, margins in persons to 2 decimals.
//! A missing number is written as its reason (`no data`, `zero denominator`); a category the
//! rule set does not define is `n/a`.

use crate::classify::{Classification, Eligibility};
use crate::evaluate::{ConditionResult, Status};
use crate::exact;
use crate::margin::{CategoryChange, PersonsChange};
use crate::ruleset::Unit;
use crate::values::Exact;
use bydel_model::Rational;

/// The four category columns, always present.
pub const CATEGORY_COLUMNS: [&str; 4] = ["udsat", "parallelsamfund", "omdannelse", "forebyggelse"];

/// Which identity columns lead each row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    /// `kind`, `area_id`, `name`, `list_year`, `rule_set`, `residents` (for many layers and years).
    Full,
    /// `area_id` only (one list year of housing areas, as `bydel classify` prints).
    AreaOnly,
}

/// A rectangular table of text cells.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FlatTable {
    /// Column names.
    pub columns: Vec<String>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<String>>,
}

impl FlatTable {
    /// A cell by row and column name.
    pub fn get(&self, row: usize, column: &str) -> Option<&str> {
        let i = self.columns.iter().position(|c| c == column)?;
        self.rows.get(row)?.get(i).map(String::as_str)
    }
}

/// Flattens classifications; columns are the union over all rows (rule sets may differ).
pub fn flat_table(results: &[Classification], identity: Identity) -> FlatTable {
    let rows: Vec<Vec<(String, String)>> = results.iter().map(|c| row(c, identity)).collect();
    let mut columns: Vec<String> = Vec::new();
    for r in &rows {
        for (name, _) in r {
            if !columns.contains(name) {
                columns.push(name.clone());
            }
        }
    }
    // Explanations last, whatever the union order.
    columns.sort_by_key(|c| c.starts_with("explanation_"));
    let rows = rows
        .into_iter()
        .map(|r| {
            columns
                .iter()
                .map(|col| {
                    r.iter()
                        .find(|(n, _)| n == col)
                        .map_or(String::new(), |(_, v)| v.clone())
                })
                .collect()
        })
        .collect();
    FlatTable { columns, rows }
}

fn row(c: &Classification, identity: Identity) -> Vec<(String, String)> {
    let mut r: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: String| r.push((k.to_string(), v));
    let v = &c.values;
    if identity == Identity::Full {
        put("kind", v.kind.to_string());
    }
    put("area_id", v.area_id.to_string());
    if identity == Identity::Full {
        put("name", v.label().to_string());
        put("list_year", v.list_year.to_string());
        put("rule_set", c.rule_set.clone());
        put(
            "residents",
            v.residents.map_or("no data".into(), |n| n.to_string()),
        );
    }
    put("eligible", c.eligibility.is_eligible().to_string());
    put("eligibility", eligibility(c.eligibility).into());
    put("criteria_met", c.criteria_met.join(";"));
    for cat in CATEGORY_COLUMNS {
        put(
            cat,
            c.category(cat).map_or("n/a", |k| k.status.as_str()).into(),
        );
    }
    put(
        "category",
        c.published.clone().unwrap_or_else(|| "none".into()),
    );
    for (id, cv) in &v.criteria {
        let unit = c
            .categories
            .iter()
            .flat_map(|k| &k.conditions)
            .find(|k| &k.criterion == id)
            .map(|k| k.unit);
        let scale = unit.map_or(Rational::integer(100), |u| u.scale());
        put(&format!("{id}_value"), scaled(&cv.value, scale, 4));
        if let Some(reference) = &cv.reference {
            put(&format!("{id}_reference"), scaled(reference, scale, 4));
        }
    }
    for cond in c.categories.iter().flat_map(|k| &k.conditions) {
        condition_cells(cond, &mut put);
    }
    for cat in &c.categories {
        put(&format!("{}_change", cat.id), change(&cat.change));
        if let Some(h) = &cat.history {
            put(&format!("{}_history", cat.id), history(h));
        }
    }
    put("explanation_da", c.explanation_da.clone());
    put("explanation_en", c.explanation_en.clone());
    r
}

fn condition_cells(cond: &ConditionResult, put: &mut impl FnMut(&str, String)) {
    let scale = cond.unit.scale();
    put(
        &format!("{}_threshold", cond.id),
        format!("{} {}", cond.op.symbol(), scaled(&cond.threshold, scale, 4)),
    );
    put(&format!("{}_met", cond.id), cond.status.as_str().into());
    put(
        &format!("{}_margin", cond.id),
        scaled(&cond.margin, scale, 4),
    );
    put(
        &format!("{}_margin_persons", cond.id),
        cond.margin_persons
            .map_or(String::new(), |m| exact::decimal(m, 2)),
    );
    put(
        &format!("{}_persons_to_change", cond.id),
        persons(cond.change),
    );
    if let Some(m) = cond.margin_amount {
        put(&format!("{}_margin_dkk", cond.id), exact::decimal(m, 0));
    }
}

fn scaled(v: &Exact, scale: Rational, digits: u32) -> String {
    match v {
        Ok(x) => exact::mul(*x, scale).map_or_else(
            || format!("{:.4}", x.to_f64() * scale.to_f64()),
            |s| exact::decimal(s, digits),
        ),
        Err(e) => e.to_string(),
    }
}

fn persons(p: PersonsChange) -> String {
    match p {
        PersonsChange::Delta(d) => format!("{d:+}"),
        PersonsChange::Unreachable => "unreachable".into(),
        PersonsChange::Unknown => String::new(),
    }
}

/// `A+3; C+12`, `D-1.25%` (no persons), `not before 2025`, `unreachable`, `unknown`.
pub fn change(c: &CategoryChange) -> String {
    match c {
        CategoryChange::Flips(f) => f
            .iter()
            .map(|x| match x.change {
                PersonsChange::Delta(d) => format!("{}{d:+}", x.criterion),
                _ => {
                    let pts = x
                        .margin
                        .clone()
                        .ok()
                        .and_then(|m| exact::mul(exact::abs(m), x.unit.scale()));
                    let unit = if x.unit == Unit::Percent { "pp" } else { "" };
                    let sign = if x.up { "+" } else { "-" };
                    let text =
                        pts.map_or("?".into(), |p| format!("{sign}{}", exact::decimal(p, 4)));
                    format!("{}{text}{unit}", x.criterion)
                }
            })
            .collect::<Vec<_>>()
            .join("; "),
        CategoryChange::NotBefore(y) => format!("not before {y}"),
        CategoryChange::Unreachable => "unreachable".into(),
        CategoryChange::Unknown => "unknown".into(),
    }
}

fn history(h: &crate::evaluate::HistoryCheck) -> String {
    h.years
        .iter()
        .map(|(y, s, _)| {
            format!(
                "{y}:{}",
                match s {
                    Status::Met => "yes",
                    Status::NotMet => "no",
                    Status::Unknown => "?",
                }
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn eligibility(e: Eligibility) -> &'static str {
    match e {
        Eligibility::Eligible => "eligible",
        Eligibility::TooFewResidents { .. } => "too_few_residents",
        Eligibility::ResidentsUnknown => "residents_unknown",
        Eligibility::NotListLayer => "not_list_layer",
        Eligibility::NotPublicHousing => "not_public_housing",
    }
}
