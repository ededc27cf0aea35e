//! Row-level checks of canonical tables: ranges, codes, identifiers. Each failing cell becomes a
//! [`Problem`](crate::Problem) naming file, line and column.

use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type};
use arrow_array::{Array, ArrayRef, RecordBatch};
use bydel_model::codes::{DaycareKind, LanguageResult, SchoolKind, Tenure};
use bydel_model::{Date, Education, Kind, Law, Origin, Sex, Year, schema};

use crate::decode::{Cache, decode, text_at};
use crate::problem::Problems;
use crate::read::Batch;

/// What a column's values must satisfy beyond their type.
#[derive(Debug, Clone, Copy)]
enum Rule {
    /// An identifier (any `…_id` column): non-empty, and never something that looks like a CPR
    /// number.
    PseudoId,
    /// Any non-empty text.
    Text,
    /// An integer in a closed range.
    Int(i64, i64),
    /// A decimal in a closed range.
    Dec(f64, f64),
    /// A date whose year lies in bydel's year range.
    Date,
    /// A code of one of the closed sets.
    Code(fn(&str) -> bool, &'static str),
    /// An ISO 3166-1 alpha-2 country code.
    Country,
    /// A layer name.
    Kind,
    /// Nothing beyond the type.
    Any,
}

fn rule(table: &str, column: &str) -> Rule {
    use Rule::*;
    match (table, column) {
        (_, "person_id") => PseudoId,
        (_, "year") => Int(Year::MIN as i64, Year::MAX as i64),
        ("persons", "age") => Int(0, 120),
        ("language_assessments", "age") => Int(0, 10),
        ("persons", "municipality") | ("schools", "municipality") | ("daycare", "municipality") => {
            Int(1, 999)
        }
        ("persons", "region") => Int(1000, 1999),
        ("persons", "sex") => Code(|t| Sex::parse(t).is_ok(), "f or m"),
        ("persons", "origin") => Code(
            |t| Origin::parse(t).is_ok(),
            "danish, immigrant or descendant",
        ),
        ("persons", "origin_country") => Country,
        ("persons", "outside_fte") => Dec(0.0, 1.0),
        ("persons", "education") => Code(
            |t| Education::parse(t).is_ok(),
            "basic, upper_secondary, vocational, short_cycle, bachelor, master or unknown",
        ),
        ("persons", "gross_income") => Int(-100_000_000, 10_000_000_000),
        ("convictions", "law") => Code(
            |t| Law::parse(t).is_ok(),
            "straffeloven, vaabenloven, euforiserende_stoffer or other",
        ),
        ("addresses", "lon") => Dec(-180.0, 180.0),
        ("addresses", "lat") => Dec(-90.0, 90.0),
        ("address_areas", "kind") => Kind,
        ("dwellings", "tenure") => Code(
            |t| Tenure::parse(t).is_ok(),
            "a tenure code (see docs/data-format.md)",
        ),
        ("dwellings", "units")
        | ("dwellings", "floor_m2")
        | ("dwellings", "demolished_unreplaced") => Int(0, 1_000_000_000),
        ("schools", "kind") => Code(|t| SchoolKind::parse(t).is_ok(), "public or private"),
        ("daycare", "kind") => Code(
            |t| DaycareKind::parse(t).is_ok(),
            "municipal, self_governing, private or childminder",
        ),
        ("pupils", "grade") => Int(0, 10),
        ("pupils", "absence_pct") => Dec(0.0, 100.0),
        ("pupils", "exam_avg") => Dec(-3.0, 12.0),
        ("language_assessments", "result") => Code(
            |t| LanguageResult::parse(t).is_ok(),
            "general, focused or special",
        ),
        (_, c) if c.ends_with("_date") || c == "moved_in" => Date,
        // Every identifier column (family_id, address_id, school_id, …), not only person_id:
        // a CPR number is refused wherever it appears as an identifier.
        (_, c) if c.ends_with("_id") => PseudoId,
        (_, "name") => Text,
        _ => Any,
    }
}

/// Checks every cell of a batch of `table`, adding problems.
pub fn check_batch(table: &'static schema::Table, b: &Batch, problems: &mut Problems) {
    Checker::default().check(table, b, problems);
}

/// The cell checks of one reader (one Parquet row group or file): a column at a time, and a
/// dictionary-encoded text column once per distinct value — the verdicts are kept while the
/// reader hands out the same dictionary, so rows only look their verdict up.
#[derive(Debug, Default)]
pub struct Checker {
    /// Per column: which distinct values fail (dictionary columns).
    verdicts: Vec<Cache<bool>>,
    /// Per row: whether the cell fails (reused buffer).
    failing: Vec<bool>,
}

impl Checker {
    /// Checks every cell of a batch of `table`, adding problems.
    pub fn check(&mut self, table: &'static schema::Table, b: &Batch, problems: &mut Problems) {
        let batch: &RecordBatch = &b.batch;
        let schema = batch.schema();
        self.verdicts.resize_with(
            schema.fields().len().max(self.verdicts.len()),
            Cache::default,
        );
        for (i, field) in schema.fields().iter().enumerate() {
            let mut bad = |row: usize, (expected, found): (String, String)| {
                problems.at(
                    &b.file,
                    Some(b.lines.line(row)),
                    Some(field.name()),
                    expected,
                    found,
                );
            };
            let rule = rule(table.name, field.name());
            let col = batch.column(i);
            match rule {
                Rule::Any => {}
                Rule::Int(_, _) | Rule::Dec(_, _) | Rule::Date => {
                    check_numbers(rule, col, &mut bad)
                }
                _ => {
                    decode(
                        col,
                        &mut self.verdicts[i],
                        false,
                        &|t| text_problem(rule, t).is_some(),
                        &mut self.failing,
                    );
                    for row in (0..col.len()).filter(|&r| self.failing[r]) {
                        let t = text_at(col, row).expect("a failing cell has text");
                        bad(row, text_problem(rule, t).expect("the cell fails"));
                    }
                }
            }
        }
    }
}

/// The numeric rules, a column at a time (nulls pass).
fn check_numbers(r: Rule, col: &ArrayRef, bad: &mut dyn FnMut(usize, (String, String))) {
    match r {
        Rule::Int(lo, hi) => {
            let a = col.as_primitive::<Int64Type>();
            for (row, &x) in a.values().iter().enumerate() {
                if !(lo..=hi).contains(&x) && a.is_valid(row) {
                    bad(
                        row,
                        (format!("a whole number from {lo} to {hi}"), x.to_string()),
                    );
                }
            }
        }
        Rule::Dec(lo, hi) => {
            let a = col.as_primitive::<Float64Type>();
            for (row, &x) in a.values().iter().enumerate() {
                if !(lo..=hi).contains(&x) && a.is_valid(row) {
                    bad(row, (format!("a number from {lo} to {hi}"), x.to_string()));
                }
            }
        }
        Rule::Date => {
            let a = col.as_primitive::<Date32Type>();
            let first = Date::new(Year::MIN, 1, 1)
                .expect("a date")
                .days_since_epoch();
            let last = Date::new(Year::MAX, 12, 31)
                .expect("a date")
                .days_since_epoch();
            for (row, &x) in a.values().iter().enumerate() {
                if !(first..=last).contains(&x) && a.is_valid(row) {
                    bad(
                        row,
                        (
                            format!("a date in {}..{}", Year::MIN, Year::MAX),
                            Date::from_days_since_epoch(x).to_string(),
                        ),
                    );
                }
            }
        }
        _ => unreachable!("bug: not a numeric rule"),
    }
}

/// What a text cell fails, if anything (expected, found).
fn text_problem(r: Rule, t: &str) -> Option<(String, String)> {
    match r {
        Rule::PseudoId => {
            if looks_like_cpr(t) {
                return Some((
                    "a pseudonymised identifier (run `bydel pseudonymise` first; bydel refuses CPR numbers)".into(),
                    "a value shaped like a CPR number (not shown)".into(),
                ));
            }
            non_empty(t)
        }
        Rule::Text => non_empty(t),
        Rule::Code(ok, expected) => (!ok(t)).then(|| (expected.to_string(), format!("{t:?}"))),
        Rule::Country => bydel_model::western::country_code(t).err().map(|_| {
            (
                "an ISO 3166-1 alpha-2 country code such as TR, or empty".into(),
                format!("{t:?}"),
            )
        }),
        Rule::Kind => Kind::new(t)
            .err()
            .map(|_| ("a layer name of a-z, 0-9 and _".into(), format!("{t:?}"))),
        Rule::Any | Rule::Int(_, _) | Rule::Dec(_, _) | Rule::Date => None,
    }
}

fn non_empty(t: &str) -> Option<(String, String)> {
    t.trim()
        .is_empty()
        .then(|| ("a non-empty value".into(), "an empty cell".into()))
}

/// True for text shaped like a Danish CPR number (`DDMMYY-SSSS` or ten digits forming a date).
/// The one detector lives in the disclosure-control layer; ingestion uses it to refuse
/// identifiers that were not pseudonymised.
pub use bydel_privacy::looks_like_cpr;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpr_shapes_are_detected() {
        assert!(looks_like_cpr("0101901234"));
        assert!(looks_like_cpr("010190-1234"));
        assert!(looks_like_cpr("290200-1234"));
        assert!(!looks_like_cpr("3213901234"), "day 32 is no date");
        assert!(!looks_like_cpr("p0000123"));
        assert!(!looks_like_cpr("01019012345"));
        assert!(!looks_like_cpr("0101-901234"));
    }
}
