//! Criterion values from the counts table (the aggregation output), exactly.
//!
//! A share criterion is `numerator / (numerator_per_person × denominator)` per data year; a
//! relative mean is the area's mean divided by the reference area's mean (the region for D).
//! Multi-year values follow the rule set's [`Averaging`]: the mean of the yearly values, or one
//! value of the pooled counts. The national reference (B) is the same computation on the
//! `country` area `DK`; the regional reference is the `region` area named by
//! [`AreaInfo::region`].

use std::collections::BTreeMap;

use bydel_model::{AreaId, AreaInfo, CountsTable, Kind, Rational};

use crate::exact;
use crate::list_year::ListYear;
use crate::ruleset::{Averaging, Criterion, Formula, Reference, RuleSet};
use crate::values::{AreaValues, CriterionValue, Exact, Unavailable, YearCount};

/// Every criterion value of one area in one list year.
pub fn area_values(
    counts: &CountsTable,
    set: &RuleSet,
    info: &AreaInfo,
    year: ListYear,
) -> AreaValues {
    let own = (info.kind.clone(), info.area_id.clone());
    let criteria: BTreeMap<String, CriterionValue> = set
        .criteria
        .iter()
        .map(|c| {
            (
                c.id.clone(),
                criterion_value(counts, set.averaging, c, &own, info, year),
            )
        })
        .collect();
    let residents = year
        .data_year(0)
        .and_then(|y| counts.get(&info.kind, &info.area_id, y, &set.population_measure));
    AreaValues {
        kind: info.kind.clone(),
        area_id: info.area_id.clone(),
        name: Some(info.name.clone()),
        list_year: year,
        residents,
        public_housing: None,
        criteria,
    }
}

/// Whether the counts hold every data year a rule set needs for a list year (for residents).
pub fn data_allows(counts: &CountsTable, set: &RuleSet, year: ListYear) -> bool {
    let years = counts.years();
    (set.earliest_offset()..=0).all(|o| year.data_year(o).is_some_and(|y| years.contains(&y)))
}

type AreaKey = (Kind, AreaId);

fn criterion_value(
    counts: &CountsTable,
    averaging: Averaging,
    crit: &Criterion,
    own: &AreaKey,
    info: &AreaInfo,
    year: ListYear,
) -> CriterionValue {
    let own_counts = year_counts(counts, crit, own, year);
    let reference_key = reference_area(crit.reference, info);
    let ref_counts = reference_key.map(|k| k.and_then(|k| year_counts(counts, crit, &k, year)));
    let (value, reference) = match crit.formula {
        Formula::Share => (
            own_counts
                .as_ref()
                .map_err(Clone::clone)
                .and_then(|c| share(c, crit, averaging)),
            ref_counts
                .clone()
                .map(|r| r.and_then(|c| share(&c, crit, averaging))),
        ),
        Formula::MeanRelative => {
            let r = ref_counts.clone().unwrap_or(Err(Unavailable::NoData));
            let v = match (&own_counts, r) {
                (Ok(o), Ok(r)) => relative(o, &r, averaging),
                (Err(e), _) => Err(e.clone()),
                (_, Err(e)) => Err(e),
            };
            (v, None)
        }
    };
    let persons_basis = own_counts.as_ref().ok().and_then(|c| basis(c, averaging));
    let reference_mean = match (crit.formula, ref_counts) {
        (Formula::MeanRelative, Some(Ok(r))) => reference_mean(&r, averaging),
        _ => None,
    };
    CriterionValue {
        value,
        reference,
        counts: own_counts.unwrap_or_default(),
        persons_basis,
        reference_mean,
    }
}

/// The reference area: `None` for no reference, `Some(Err)` when it cannot be named.
fn reference_area(reference: Reference, info: &AreaInfo) -> Option<Result<AreaKey, Unavailable>> {
    let key = |kind: &str, id: String| match (Kind::new(kind), AreaId::new(id)) {
        (Ok(k), Ok(a)) => Ok((k, a)),
        _ => Err(Unavailable::NoData),
    };
    match reference {
        Reference::None => None,
        Reference::Country => Some(key(Kind::COUNTRY, Kind::COUNTRY_ID.to_string())),
        Reference::Region => Some(
            info.region
                .ok_or(Unavailable::NoData)
                .and_then(|r| key(Kind::REGION, r.to_string())),
        ),
    }
}

fn year_counts(
    counts: &CountsTable,
    crit: &Criterion,
    (kind, id): &AreaKey,
    year: ListYear,
) -> Result<Vec<YearCount>, Unavailable> {
    crit.data_years
        .iter()
        .map(|&o| {
            let y = year.data_year(o).ok_or(Unavailable::NoData)?;
            let get = |m: &str| counts.get(kind, id, y, m).ok_or(Unavailable::NoData);
            Ok(YearCount {
                year: y,
                numerator: get(&crit.numerator)?,
                denominator: get(&crit.denominator)?,
            })
        })
        .collect()
}

fn share(c: &[YearCount], crit: &Criterion, averaging: Averaging) -> Exact {
    let per_person = Rational::integer(i128::from(crit.numerator_per_person));
    let raw = match averaging {
        Averaging::MeanOfRates => mean(c.iter().map(|y| exact::ratio(y.numerator, y.denominator)))?,
        Averaging::Pooled => {
            let (n, d) = sums(c.iter().map(|y| (y.numerator, y.denominator)))?;
            exact::ratio(n, d).ok_or(Unavailable::ZeroDenominator)?
        }
    };
    exact::div(raw, per_person).ok_or(Unavailable::Overflow)
}

fn relative(own: &[YearCount], reference: &[YearCount], averaging: Averaging) -> Exact {
    let rel = |a: &YearCount, r: &YearCount| {
        let mean_a = exact::ratio(a.numerator, a.denominator)?;
        let mean_r = exact::ratio(r.numerator, r.denominator)?;
        exact::div(mean_a, mean_r)
    };
    match averaging {
        Averaging::MeanOfRates => mean(own.iter().zip(reference).map(|(a, r)| rel(a, r))),
        Averaging::Pooled => {
            let (an, ad) = sums(own.iter().map(|y| (y.numerator, y.denominator)))?;
            let (rn, rd) = sums(reference.iter().map(|y| (y.numerator, y.denominator)))?;
            let a = YearCount {
                numerator: an,
                denominator: ad,
                ..own[0]
            };
            rel(
                &a,
                &YearCount {
                    numerator: rn,
                    denominator: rd,
                    ..a
                },
            )
            .ok_or(Unavailable::ZeroDenominator)
        }
    }
}

/// The mean of yearly values; a missing one (zero denominator) makes the mean unavailable.
fn mean(values: impl Iterator<Item = Option<Rational>>) -> Exact {
    let (mut sum, mut n) = (Rational::ZERO, 0i128);
    for v in values {
        sum =
            exact::add(sum, v.ok_or(Unavailable::ZeroDenominator)?).ok_or(Unavailable::Overflow)?;
        n += 1;
    }
    let n = Rational::new(n, 1)
        .filter(|_| n > 0)
        .ok_or(Unavailable::NoData)?;
    exact::div(sum, n).ok_or(Unavailable::Overflow)
}

fn sums(mut pairs: impl Iterator<Item = (i64, i64)>) -> Result<(i64, i64), Unavailable> {
    pairs.try_fold((0i64, 0i64), |(n, d), (a, b)| {
        Ok((
            n.checked_add(a).ok_or(Unavailable::Overflow)?,
            d.checked_add(b).ok_or(Unavailable::Overflow)?,
        ))
    })
}

/// The reference's mean that a relative value is a fraction of: the newest data year's (mean
/// of rates, the year a person change is made in) or the pooled mean.
fn reference_mean(r: &[YearCount], averaging: Averaging) -> Option<Rational> {
    match averaging {
        Averaging::MeanOfRates => {
            let newest = r.first()?;
            exact::ratio(newest.numerator, newest.denominator)
        }
        Averaging::Pooled => {
            let (n, d) = sums(r.iter().map(|y| (y.numerator, y.denominator))).ok()?;
            exact::ratio(n, d)
        }
    }
}

fn basis(c: &[YearCount], averaging: Averaging) -> Option<Rational> {
    let newest = c.first()?.denominator;
    match averaging {
        Averaging::MeanOfRates => Some(Rational::integer(i128::from(newest) * c.len() as i128)),
        Averaging::Pooled => Some(Rational::integer(
            c.iter().map(|y| i128::from(y.denominator)).sum(),
        )),
    }
}
