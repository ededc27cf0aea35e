//! Area-level input: a VALUES.csv of published or extracted figures (one row per area), parsed
//! into [`AreaValues`] with exact decimals. Every error names the file, line and column.
//!
//! Columns: `area_id`, `residents`, and per criterion the rule set's `csv_column` (percent, e.g.
//! `no_attachment_pct`), its `csv_reference_column` (`national_convicted_pct`) and, optionally,
//! its `csv_persons_column` (the denominator in persons, e.g. `residents_18_64`, for margins in
//! persons). An optional `name` column gives display names. An empty cell is "no data".
//! Percentages are exact decimals (`40.5`); an exact fraction (`121/3`) is also accepted, so
//! that values exported from counts ([`values_table`]) classify exactly as the counts do.

use std::collections::BTreeMap;

use bydel_model::{AreaId, Kind, Rational};

use crate::error::RulesError;
use crate::exact;
use crate::list_year::ListYear;
use crate::ruleset::{Formula, RuleSet};
use crate::values::{AreaValues, CriterionValue, Exact, Unavailable};

/// Parses a VALUES.csv for one list year under one rule set.
pub fn parse_values(
    set: &RuleSet,
    year: ListYear,
    file: &str,
    text: &str,
) -> Result<Vec<AreaValues>, RulesError> {
    let table = CsvTable::read(file, text)?;
    let mut required = vec!["area_id", "residents"];
    required.extend(set.criteria.iter().map(|c| c.csv_column.as_str()));
    required.extend(
        set.criteria
            .iter()
            .filter_map(|c| c.csv_reference_column.as_deref()),
    );
    table.require(&required)?;
    table.allow_only(&allowed_columns(set))?;
    let kind = Kind::new(Kind::HOUSING_AREA).expect("valid layer");
    let mut seen = BTreeMap::new();
    let mut out = Vec::new();
    for row in 0..table.rows.len() {
        let v = row_values(set, year, &table, row, &kind)?;
        if let Some(first) = seen.insert(v.area_id.clone(), table.lines[row]) {
            return Err(table.error(
                row,
                "area_id",
                &format!("a unique id (also on line {first})"),
                v.area_id.as_str(),
            ));
        }
        out.push(v);
    }
    if out.is_empty() {
        return Err(RulesError::Table {
            file: file.into(),
            message: "no areas: the file has a header but no rows".into(),
        });
    }
    Ok(out)
}

/// The columns of the standard VALUES.csv, accepted under every rule set (an old set ignores
/// the criteria it does not use).
pub const STANDARD_COLUMNS: [&str; 10] = [
    "area_id",
    "name",
    "residents",
    "public_housing",
    "no_attachment_pct",
    "convicted_pct",
    "national_convicted_pct",
    "basic_education_pct",
    "income_pct_of_region",
    "non_western_pct",
];

/// Every column a VALUES.csv may have under a rule set.
pub fn allowed_columns(set: &RuleSet) -> Vec<String> {
    let mut cols: Vec<String> = STANDARD_COLUMNS.map(String::from).into();
    for c in &set.criteria {
        cols.push(c.csv_column.clone());
        cols.extend(c.csv_reference_column.clone());
        cols.extend(c.csv_persons_column.clone());
        cols.extend(c.csv_reference_mean_column.clone());
    }
    cols.dedup();
    cols
}

fn row_values(
    set: &RuleSet,
    year: ListYear,
    t: &CsvTable,
    row: usize,
    kind: &Kind,
) -> Result<AreaValues, RulesError> {
    let area_id = t.parse(row, "area_id", "a non-empty area id", |s| {
        AreaId::new(s).ok()
    })?;
    let residents = t.optional(row, "residents", "a whole number of residents ≥ 0", |s| {
        s.parse::<i64>().ok().filter(|n| *n >= 0)
    })?;
    let mut criteria = BTreeMap::new();
    for c in &set.criteria {
        let max = (c.formula == Formula::Share).then_some(100);
        let value = percent_cell(t, row, &c.csv_column, max)?;
        let reference = match &c.csv_reference_column {
            Some(col) => Some(percent_cell(t, row, col, Some(100))?),
            None => None,
        };
        let basis = match &c.csv_persons_column {
            Some(col) if t.has(col) => {
                let at_most = match residents.filter(|_| col != "residents") {
                    Some(r) => format!("a whole number of persons from 0 to residents ({r})"),
                    None => "a whole number of persons ≥ 0".to_string(),
                };
                t.optional(row, col, &at_most, |s| {
                    s.parse::<i64>()
                        .ok()
                        .filter(|n| *n >= 0 && residents.is_none_or(|r| *n <= r))
                })?
                .map(|d| Rational::integer(i128::from(d) * c.data_years.len() as i128))
            }
            _ => None,
        };
        let mut cv = CriterionValue::given(value, reference, basis);
        if let Some(col) = c.csv_reference_mean_column.as_deref().filter(|c| t.has(c)) {
            cv.reference_mean = t.optional(row, col, "an amount > 0 such as 310000", |s| {
                exact::parse(s).filter(|r| r.numer() > 0 && s.trim().len() <= 30)
            })?;
        }
        criteria.insert(c.id.clone(), cv);
    }
    let public_housing =
        t.optional(
            row,
            "public_housing",
            "ja or nej (public housing)",
            |s| match s.trim().to_lowercase().as_str() {
                "ja" | "yes" | "true" | "1" => Some(true),
                "nej" | "no" | "false" | "0" => Some(false),
                _ => None,
            },
        )?;
    let name = t
        .cell(row, "name")
        .filter(|s| !s.is_empty())
        .map(String::from);
    Ok(AreaValues {
        kind: kind.clone(),
        area_id,
        name,
        list_year: year,
        residents,
        public_housing,
        criteria,
    })
}

/// A percentage cell as a fraction; empty is "no data".
fn percent_cell(
    t: &CsvTable,
    row: usize,
    col: &str,
    max: Option<i128>,
) -> Result<Exact, RulesError> {
    let expected = match max {
        Some(_) => "a percentage between 0 and 100 such as 40.5",
        None => "a percentage ≥ 0 such as 54.9",
    };
    let pct = t.optional(row, col, expected, |s| {
        let r = exact::parse(s).filter(|_| s.trim().len() <= 60)?;
        let ok = r.numer() >= 0 && max.is_none_or(|m| exact::cmp(r, Rational::integer(m)).is_le());
        ok.then_some(r)
    })?;
    Ok(match pct {
        Some(p) => exact::div(p, Rational::integer(100)).ok_or(Unavailable::Overflow),
        None => Err(Unavailable::NoData),
    })
}

/// The criterion values of classifications as a VALUES.csv table (exact text), one row per
/// area: the bridge from counts to `bydel classify`, and its test.
pub fn values_table(
    results: &[crate::classify::Classification],
    set: &RuleSet,
) -> crate::flat::FlatTable {
    let mut columns: Vec<String> = vec!["area_id".into(), "name".into(), "residents".into()];
    for c in &set.criteria {
        columns.push(c.csv_column.clone());
        columns.extend(c.csv_reference_column.clone());
        columns.extend(c.csv_persons_column.clone().filter(|p| p != "residents"));
        columns.extend(c.csv_reference_mean_column.clone());
    }
    let pct = |e: &Exact| {
        e.as_ref()
            .ok()
            .and_then(|v| exact::mul(*v, Rational::integer(100)))
            .map_or(String::new(), exact::exact_text)
    };
    let rows = results
        .iter()
        .map(|r| {
            let v = &r.values;
            let mut row = vec![
                v.area_id.to_string(),
                v.label().to_string(),
                v.residents.map_or(String::new(), |n| n.to_string()),
            ];
            for c in &set.criteria {
                let cv = v.criteria.get(&c.id);
                row.push(cv.map_or(String::new(), |x| pct(&x.value)));
                if c.csv_reference_column.is_some() {
                    row.push(
                        cv.and_then(|x| x.reference.as_ref())
                            .map_or(String::new(), pct),
                    );
                }
                if c.csv_persons_column
                    .as_ref()
                    .is_some_and(|p| p != "residents")
                {
                    let newest = cv
                        .and_then(|x| x.counts.first())
                        .map(|y| y.denominator.to_string());
                    row.push(newest.unwrap_or_default());
                }
                if c.csv_reference_mean_column.is_some() {
                    let mean = cv.and_then(|x| x.reference_mean);
                    row.push(mean.map_or(String::new(), exact::exact_text));
                }
            }
            row
        })
        .collect();
    crate::flat::FlatTable { columns, rows }
}

/// Parses `true`/`false` (also `1`/`0`, `yes`/`no`, `ja`/`nej`).
pub fn parse_bool(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "ja" => Some(true),
        "false" | "0" | "no" | "nej" => Some(false),
        _ => None,
    }
}

/// A CSV file read into memory with its line numbers, for precise error messages.
#[derive(Debug)]
pub(crate) struct CsvTable {
    pub file: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub lines: Vec<u64>,
}

impl CsvTable {
    pub fn read(file: &str, text: &str) -> Result<Self, RulesError> {
        let table_err = |message: String| RulesError::Table {
            file: file.into(),
            message,
        };
        let mut reader = csv::ReaderBuilder::new()
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .map_err(|e| table_err(e.to_string()))?
            .iter()
            .map(String::from)
            .collect();
        let (mut rows, mut lines) = (Vec::new(), Vec::new());
        for record in reader.records() {
            let record = record.map_err(|e| table_err(e.to_string()))?;
            lines.push(record.position().map_or(0, |p| p.line()));
            rows.push(record.iter().map(String::from).collect());
        }
        Ok(CsvTable {
            file: file.into(),
            header,
            rows,
            lines,
        })
    }

    pub fn has(&self, col: &str) -> bool {
        self.header.iter().any(|h| h == col)
    }

    pub fn require(&self, cols: &[&str]) -> Result<(), RulesError> {
        match cols.iter().find(|c| !self.has(c)) {
            Some(c) => Err(RulesError::Table {
                file: self.file.clone(),
                message: format!(
                    "line 1: missing column {c:?} (header has: {})",
                    self.header.join(", ")
                ),
            }),
            None => Ok(()),
        }
    }

    pub fn allow_only(&self, allowed: &[String]) -> Result<(), RulesError> {
        match self.header.iter().find(|h| !allowed.contains(h)) {
            Some(h) => Err(RulesError::Table {
                file: self.file.clone(),
                message: format!(
                    "line 1: unknown column {h:?} (allowed: {})",
                    allowed.join(", ")
                ),
            }),
            None => Ok(()),
        }
    }

    pub fn cell(&self, row: usize, col: &str) -> Option<&str> {
        let i = self.header.iter().position(|h| h == col)?;
        self.rows[row].get(i).map(String::as_str)
    }

    pub fn parse<T>(
        &self,
        row: usize,
        col: &str,
        expected: &str,
        f: impl Fn(&str) -> Option<T>,
    ) -> Result<T, RulesError> {
        let text = self.cell(row, col).unwrap_or("");
        f(text).ok_or_else(|| self.error(row, col, expected, text))
    }

    pub fn optional<T>(
        &self,
        row: usize,
        col: &str,
        expected: &str,
        f: impl Fn(&str) -> Option<T>,
    ) -> Result<Option<T>, RulesError> {
        match self.cell(row, col).unwrap_or("") {
            "" => Ok(None),
            _ => self.parse(row, col, expected, f).map(Some),
        }
    }

    pub fn error(&self, row: usize, col: &str, expected: &str, found: &str) -> RulesError {
        RulesError::Input {
            file: self.file.clone(),
            line: self.lines[row],
            column: col.into(),
            expected: expected.into(),
            found: found.into(),
        }
    }
}
