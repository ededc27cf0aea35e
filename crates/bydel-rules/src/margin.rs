//! Margins: how far each condition is from its threshold in persons, and the smallest change
//! that would change each category.
//!
//! A person change is a change of the newest data year's numerator with the denominator fixed:
//! "+3" means three more of the current residents in the numerator's group (three more
//! residents 18–64 outside work and education for a whole year, three more convicted, …); "−2"
//! means two fewer. Categories compare alternative changes by (changes of unknown size, total
//! persons, total distance in the criterion's unit), smallest first.

use std::cmp::Ordering;

use bydel_model::Rational;

use crate::evaluate::{CategoryEval, ConditionResult, HistoryCheck, Status};
use crate::exact;
use crate::list_year::ListYear;
use crate::ruleset::{Category, Op, Unit};
use crate::values::Exact;

/// The smallest whole-person change of a condition's numerator that changes its status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PersonsChange {
    /// Change the numerator by this many persons (signed).
    Delta(i64),
    /// No change of this count alone can change the status (the share would leave 0–100 %).
    Unreachable,
    /// The size in persons is not known (no denominator, or a relative mean such as D).
    Unknown,
}

/// A condition to flip, as part of a category change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flip {
    /// The condition id (`udsat_A`).
    pub condition: String,
    /// The criterion (`A`).
    pub criterion: String,
    /// The person change.
    pub change: PersonsChange,
    /// The distance to the threshold as a fraction (value − threshold).
    pub margin: Exact,
    /// The criterion's unit.
    pub unit: Unit,
    /// Whether the value must rise (else fall).
    pub up: bool,
}

/// The smallest change that would change a category's status this list year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CategoryChange {
    /// Flip all of these conditions.
    Flips(Vec<Flip>),
    /// The consecutive-years rule cannot hold before this list year.
    NotBefore(ListYear),
    /// No change of single counts can change it.
    Unreachable,
    /// The data does not decide it.
    Unknown,
}

/// The smallest person change that flips a condition; see the module docs for the sign.
pub fn persons_to_change(
    op: Op,
    status: Status,
    value: Option<Rational>,
    margin_persons: Option<Rational>,
    basis: Option<Rational>,
    bounded: bool,
) -> PersonsChange {
    let (Some(g), Some(v), Some(b)) = (margin_persons, value, basis) else {
        return PersonsChange::Unknown;
    };
    let met = match status {
        Status::Met => true,
        Status::NotMet => false,
        Status::Unknown => return PersonsChange::Unknown,
    };
    // `g` = (value − threshold) × basis. Strict operators need one step past the line.
    let one_past = matches!(
        (met, op),
        (false, Op::StrictlyGreater) | (true, Op::AtLeast) | (false, Op::StrictlyLess)
    );
    let dist = exact::abs(g);
    let k = if one_past {
        exact::floor(dist) + 1
    } else {
        exact::ceil(dist)
    };
    let k = k.max(1);
    let up = op.high_is_met() != met;
    let delta = if up { k } else { -k };
    if bounded && !within_share(v, delta, b) {
        return PersonsChange::Unreachable;
    }
    i64::try_from(delta).map_or(PersonsChange::Unreachable, PersonsChange::Delta)
}

/// The smallest change of a category, given the changes of the categories before it.
pub fn category_change(
    cat: &Category,
    eval: &CategoryEval,
    history: Option<&HistoryCheck>,
    earlier: &[(String, Status, CategoryChange)],
    list_year: ListYear,
) -> CategoryChange {
    match eval.status {
        Status::Unknown => CategoryChange::Unknown,
        Status::Met => lose(cat, eval, earlier),
        Status::NotMet => gain(cat, eval, history, earlier, list_year),
    }
}

fn lose(
    cat: &Category,
    eval: &CategoryEval,
    earlier: &[(String, Status, CategoryChange)],
) -> CategoryChange {
    let mut options: Vec<CategoryChange> = eval
        .conditions
        .iter()
        .filter(|c| c.required)
        .map(single)
        .collect();
    if cat.min_of > 0 {
        let need = (eval.any_met + 1).saturating_sub(cat.min_of) as usize;
        let met = eval
            .conditions
            .iter()
            .filter(|c| !c.required && c.status == Status::Met);
        options.push(pick(met, need));
    }
    for r in &cat.requires {
        options.extend(
            earlier
                .iter()
                .filter(|(id, _, _)| id == r)
                .map(|(_, _, c)| c.clone()),
        );
    }
    cheapest(options)
}

fn gain(
    cat: &Category,
    eval: &CategoryEval,
    history: Option<&HistoryCheck>,
    earlier: &[(String, Status, CategoryChange)],
    list_year: ListYear,
) -> CategoryChange {
    if history.is_some_and(|h| h.status == Status::Unknown) {
        return CategoryChange::Unknown;
    }
    if let Some(h) = history.filter(|h| h.status == Status::NotMet) {
        let latest_miss = h
            .years
            .iter()
            .filter(|(_, s, _)| *s == Status::NotMet)
            .map(|(y, _, _)| y.get())
            .max();
        let n = h.years.len() as i32 + 1;
        let year = latest_miss.map_or(list_year.get(), |y| y + n);
        return ListYear::new(year).map_or(CategoryChange::Unreachable, CategoryChange::NotBefore);
    }
    let mut parts: Vec<CategoryChange> = eval
        .conditions
        .iter()
        .filter(|c| c.required && c.status != Status::Met)
        .map(|c| {
            if c.status == Status::Unknown {
                CategoryChange::Unknown
            } else {
                single(c)
            }
        })
        .collect();
    let need = cat.min_of.saturating_sub(eval.any_met) as usize;
    if need > 0 {
        let unmet = eval
            .conditions
            .iter()
            .filter(|c| !c.required && c.status == Status::NotMet);
        parts.push(pick(unmet, need));
    }
    for r in &cat.requires {
        let req = earlier.iter().find(|(id, _, _)| id == r);
        match req {
            Some((_, Status::Met, _)) => {}
            Some((_, _, c)) => parts.push(c.clone()),
            None => parts.push(CategoryChange::Unknown),
        }
    }
    combine(parts)
}

fn single(c: &ConditionResult) -> CategoryChange {
    if c.change == PersonsChange::Unreachable || c.status == Status::Unknown {
        return CategoryChange::Unreachable;
    }
    CategoryChange::Flips(vec![Flip {
        condition: c.id.clone(),
        criterion: c.criterion.clone(),
        change: c.change,
        margin: c.margin.clone(),
        unit: c.unit,
        up: c.op.high_is_met() != (c.status == Status::Met),
    }])
}

/// The cheapest `need` conditions of a candidate list, flipped together.
fn pick<'a>(candidates: impl Iterator<Item = &'a ConditionResult>, need: usize) -> CategoryChange {
    let mut flips: Vec<Vec<Flip>> = candidates
        .filter_map(|c| match single(c) {
            CategoryChange::Flips(f) => Some(f),
            _ => None,
        })
        .collect();
    if flips.len() < need {
        return CategoryChange::Unreachable;
    }
    flips.sort_by(|a, b| cost_cmp(a, b));
    CategoryChange::Flips(flips.into_iter().take(need).flatten().collect())
}

/// All parts together (an AND): any part that is not a set of flips decides the whole.
fn combine(parts: Vec<CategoryChange>) -> CategoryChange {
    let mut all = Vec::new();
    for p in parts {
        match p {
            CategoryChange::Flips(f) => all.extend(f),
            other => return other,
        }
    }
    CategoryChange::Flips(all)
}

/// The cheapest of alternatives (an OR).
fn cheapest(options: Vec<CategoryChange>) -> CategoryChange {
    let mut best: Option<Vec<Flip>> = None;
    let mut fallback = CategoryChange::Unreachable;
    for o in options {
        match o {
            CategoryChange::Flips(f) if best.as_ref().is_none_or(|b| cost_cmp(&f, b).is_lt()) => {
                best = Some(f)
            }
            CategoryChange::Flips(_) | CategoryChange::Unreachable => {}
            other => fallback = other,
        }
    }
    best.map_or(fallback, CategoryChange::Flips)
}

fn cost_cmp(a: &[Flip], b: &[Flip]) -> Ordering {
    let (ua, pa, ma) = cost(a);
    let (ub, pb, mb) = cost(b);
    ua.cmp(&ub)
        .then(pa.cmp(&pb))
        .then_with(|| exact::cmp(ma, mb))
}

fn cost(flips: &[Flip]) -> (usize, i128, Rational) {
    let unknown = flips
        .iter()
        .filter(|f| !matches!(f.change, PersonsChange::Delta(_)))
        .count();
    let persons = flips
        .iter()
        .map(|f| match f.change {
            PersonsChange::Delta(d) => i128::from(d).abs(),
            _ => 0,
        })
        .sum();
    let margin = flips
        .iter()
        .filter_map(|f| f.margin.clone().ok())
        .fold(Rational::ZERO, |acc, m| {
            exact::add(acc, exact::abs(m)).unwrap_or(acc)
        });
    (unknown, persons, margin)
}

fn within_share(value: Rational, delta: i128, basis: Rational) -> bool {
    let step = Rational::new(delta, 1).and_then(|d| exact::div(d, basis));
    let new = step.and_then(|s| exact::add(value, s));
    new.is_some_and(|n| {
        exact::cmp(n, Rational::ZERO).is_ge() && exact::cmp(n, Rational::integer(1)).is_le()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(n: i128, d: i128) -> Option<Rational> {
        Rational::new(n, d)
    }

    #[test]
    fn strict_and_inclusive_steps() {
        let v = r(2, 5); // exactly at 40 %, basis 100 persons: margin 0
        let b = r(100, 1);
        let z = r(0, 1);
        // A > 40 %: at the line, one more person meets it.
        assert_eq!(
            persons_to_change(Op::StrictlyGreater, Status::NotMet, v, z, b, true),
            PersonsChange::Delta(1)
        );
        // B ≥ 3×: at the line it is met; one fewer loses it.
        assert_eq!(
            persons_to_change(Op::AtLeast, Status::Met, v, z, b, true),
            PersonsChange::Delta(-1)
        );
        // 1.96 persons above a strict line: 2 fewer leave it.
        assert_eq!(
            persons_to_change(Op::StrictlyGreater, Status::Met, v, r(196, 100), b, true),
            PersonsChange::Delta(-2)
        );
        // < 55 %: 2.5 persons below the line: 3 more lose it.
        assert_eq!(
            persons_to_change(Op::StrictlyLess, Status::Met, v, r(-5, 2), b, false),
            PersonsChange::Delta(3)
        );
        // A share cannot pass 100 %.
        assert_eq!(
            persons_to_change(
                Op::StrictlyGreater,
                Status::NotMet,
                r(99, 100),
                r(-1, 1),
                b,
                true
            ),
            PersonsChange::Unreachable
        );
        assert_eq!(
            persons_to_change(Op::AtLeast, Status::NotMet, v, None, b, true),
            PersonsChange::Unknown
        );
    }
}
