//! Conditions and categories of one area in one list year, in three-valued logic: a condition
//! whose value is missing is `Unknown`, and a category is only `Met` or `NotMet` when the known
//! conditions decide it (unknown ≠ false).

use bydel_model::Rational;

use crate::exact;
use crate::list_year::ListYear;
use crate::margin::{PersonsChange, persons_to_change};
use crate::ruleset::{Category, Condition, Criterion, Formula, Op, RuleSet, Unit};
use crate::values::{AreaValues, Exact, Unavailable};

/// Whether a condition or category holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// It holds.
    Met,
    /// It does not hold.
    NotMet,
    /// The data does not decide it.
    Unknown,
}

impl Status {
    /// `true`, `false` or `unknown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "true",
            Status::NotMet => "false",
            Status::Unknown => "unknown",
        }
    }
    /// Three-valued AND.
    pub fn and(self, o: Status) -> Status {
        match (self, o) {
            (Status::NotMet, _) | (_, Status::NotMet) => Status::NotMet,
            (Status::Met, Status::Met) => Status::Met,
            _ => Status::Unknown,
        }
    }
}

/// Where a past list year's status came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Computed from the counts.
    Computed,
    /// Supplied in a history table.
    Supplied,
    /// Neither: the data does not reach back and no history was supplied.
    Missing,
}

/// One condition of one category, evaluated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionResult {
    /// Column id: `<category>_<criterion>` (e.g. `udsat_A`).
    pub id: String,
    /// The criterion's id.
    pub criterion: String,
    /// The comparison.
    pub op: Op,
    /// The criterion's unit.
    pub unit: Unit,
    /// The threshold as a fraction (a reference multiple already applied).
    pub threshold: Exact,
    /// Whether it holds.
    pub status: Status,
    /// value − threshold, as a fraction (positive: above the line).
    pub margin: Exact,
    /// The margin in persons of the newest data year, when the denominator is known.
    pub margin_persons: Option<Rational>,
    /// For a relative mean (D): the margin in the reference's unit (DKK of the area's mean
    /// income), when the reference's mean is known.
    pub margin_amount: Option<Rational>,
    /// The smallest whole-person change of the numerator that changes the status.
    pub change: PersonsChange,
    /// Whether it is an `all_of` condition (else `any_of`).
    pub required: bool,
}

/// One category's conditions and status, before the history rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryEval {
    /// The category's id.
    pub id: String,
    /// The status.
    pub status: Status,
    /// Its conditions.
    pub conditions: Vec<ConditionResult>,
    /// How many `any_of` conditions hold.
    pub any_met: u32,
}

/// How a consecutive-years rule was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryCheck {
    /// The category that had to hold.
    pub category: String,
    /// Each earlier list year with its status and source, newest first.
    pub years: Vec<(ListYear, Status, Source)>,
    /// The combined status of the earlier years.
    pub status: Status,
}

/// Evaluates every category of a set in order; `history` answers for earlier list years.
pub fn evaluate_categories(
    set: &RuleSet,
    values: &AreaValues,
    history: &dyn Fn(&str, ListYear) -> (Status, Source),
) -> Vec<(CategoryEval, Option<HistoryCheck>)> {
    let mut done: Vec<(CategoryEval, Option<HistoryCheck>)> = Vec::new();
    for cat in &set.categories {
        let mut eval = evaluate_conditions(set, cat, values);
        for r in &cat.requires {
            let req = done
                .iter()
                .find(|(e, _)| &e.id == r)
                .map_or(Status::Unknown, |(e, _)| e.status);
            eval.status = eval.status.and(req);
        }
        let check = cat.consecutive.as_ref().map(|cons| {
            let years: Vec<_> = (1..cons.years as i32)
                .map(|n| match values.list_year.back(n) {
                    Some(y) => {
                        let (s, src) = history(&cons.category, y);
                        (y, s, src)
                    }
                    None => (values.list_year, Status::Unknown, Source::Missing),
                })
                .collect();
            let status = years.iter().fold(Status::Met, |acc, (_, s, _)| acc.and(*s));
            HistoryCheck {
                category: cons.category.clone(),
                years,
                status,
            }
        });
        if let Some(c) = &check {
            eval.status = eval.status.and(c.status);
        }
        done.push((eval, check));
    }
    done
}

/// The conditions of one category and its status from them alone.
fn evaluate_conditions(set: &RuleSet, cat: &Category, values: &AreaValues) -> CategoryEval {
    let mut conditions = Vec::new();
    for (required, cond) in cat
        .all_of
        .iter()
        .map(|c| (true, c))
        .chain(cat.any_of.iter().map(|c| (false, c)))
    {
        let crit = set
            .criterion(&cond.criterion)
            .expect("rule sets are checked on load");
        let id = format!("{}_{}", cat.id, cond.criterion);
        conditions.push(evaluate_condition(id, crit, cond, required, values));
    }
    let all = conditions
        .iter()
        .filter(|c| c.required)
        .fold(Status::Met, |acc, c| acc.and(c.status));
    let count = |s: Status| {
        conditions
            .iter()
            .filter(|c| !c.required && c.status == s)
            .count() as u32
    };
    let (met, unknown) = (count(Status::Met), count(Status::Unknown));
    let any = if met >= cat.min_of {
        Status::Met
    } else if met + unknown < cat.min_of {
        Status::NotMet
    } else {
        Status::Unknown
    };
    CategoryEval {
        id: cat.id.clone(),
        status: all.and(any),
        conditions,
        any_met: met,
    }
}

fn evaluate_condition(
    id: String,
    crit: &Criterion,
    cond: &Condition,
    required: bool,
    values: &AreaValues,
) -> ConditionResult {
    let cv = values.criteria.get(&crit.id);
    let value: Exact = cv.map_or(Err(Unavailable::NoData), |v| v.value.clone());
    let threshold = threshold(crit, cond, cv.and_then(|v| v.reference.clone()));
    let (status, margin) = match (&value, &threshold) {
        (Ok(v), Ok(t)) => {
            let holds = cond.op.holds(*v, *t);
            (
                if holds { Status::Met } else { Status::NotMet },
                exact::sub(*v, *t).ok_or(Unavailable::Overflow),
            )
        }
        (Err(e), _) | (_, Err(e)) => (Status::Unknown, Err(e.clone())),
    };
    let basis = cv.and_then(|v| v.persons_basis);
    let margin_persons = match (&margin, basis) {
        (Ok(m), Some(b)) => exact::mul(*m, b),
        _ => None,
    };
    let margin_amount = match (&margin, cv.and_then(|v| v.reference_mean)) {
        (Ok(m), Some(r)) if crit.formula == Formula::MeanRelative => exact::mul(*m, r),
        _ => None,
    };
    let bounded = crit.formula == Formula::Share;
    let change = persons_to_change(cond.op, status, value.ok(), margin_persons, basis, bounded);
    ConditionResult {
        id,
        criterion: crit.id.clone(),
        op: cond.op,
        unit: crit.unit,
        threshold,
        status,
        margin,
        margin_persons,
        margin_amount,
        change,
        required,
    }
}

/// The threshold as a fraction: the unit value divided by the unit's scale, or the factor times
/// the reference.
fn threshold(crit: &Criterion, cond: &Condition, reference: Option<Exact>) -> Exact {
    if cond.times_reference {
        let r = reference.unwrap_or(Err(Unavailable::NoData))?;
        return exact::mul(cond.threshold, r).ok_or(Unavailable::Overflow);
    }
    exact::div(cond.threshold, crit.unit.scale()).ok_or(Unavailable::Overflow)
}
