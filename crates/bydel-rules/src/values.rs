//! The criterion values of one area in one list year: the input of the classifier, whether they
//! come from the counts table ([`crate::from_counts`]) or from a user's VALUES.csv
//! ([`crate::input`]).

use std::collections::BTreeMap;
use std::fmt;

use bydel_model::{AreaId, Kind, Rational, Year};

use crate::list_year::ListYear;

/// Why a value is not available. Degenerate data is a value, never a panic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// A data year or reference area the criterion needs is not in the input.
    NoData,
    /// A denominator (population, reference mean) is zero.
    ZeroDenominator,
    /// The exact numbers exceed 128-bit arithmetic (not seen with real populations).
    Overflow,
}

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unavailable::NoData => "no data",
            Unavailable::ZeroDenominator => "zero denominator",
            Unavailable::Overflow => "too large for exact arithmetic",
        })
    }
}

/// An exact value or the reason there is none.
pub type Exact = Result<Rational, Unavailable>;

/// One data year's numerator and denominator, as counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearCount {
    /// The data year.
    pub year: Year,
    /// The numerator measure's value (persons, micro-FTE or DKK).
    pub numerator: i64,
    /// The denominator measure's value (persons).
    pub denominator: i64,
}

/// One criterion's value for an area.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionValue {
    /// The value as a fraction (0.4 for 40 %); for relative means, area mean ÷ reference mean.
    pub value: Exact,
    /// The reference value as a fraction (the national share for B), when the criterion has one.
    pub reference: Option<Exact>,
    /// The counts behind the value, newest first (empty when the value came from a VALUES.csv).
    pub counts: Vec<YearCount>,
    /// Persons per unit of value: changing the newest year's numerator by one person changes
    /// the value by `1 / persons_basis`. `None` when not known (VALUES.csv without the
    /// optional denominator column). For a relative mean (D) one "person" is one person whose
    /// income rises by the reference's mean.
    pub persons_basis: Option<Rational>,
    /// For a relative mean (D): the reference's mean in the measure's unit (the region's mean
    /// income in DKK, newest data year or pooled as the averaging says), so that a margin in
    /// the criterion's unit converts to that unit. `None` for shares or when not known.
    pub reference_mean: Option<Rational>,
}

impl CriterionValue {
    /// A value without counts (e.g. from a VALUES.csv).
    pub fn given(value: Exact, reference: Option<Exact>, persons_basis: Option<Rational>) -> Self {
        CriterionValue {
            value,
            reference,
            counts: Vec::new(),
            persons_basis,
            reference_mean: None,
        }
    }
}

/// Every criterion value of one area in one list year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaValues {
    /// The layer.
    pub kind: Kind,
    /// The area.
    pub area_id: AreaId,
    /// Display name, if known.
    pub name: Option<String>,
    /// The list year.
    pub list_year: ListYear,
    /// Residents on 1 January of the list year (for eligibility), if known.
    pub residents: Option<i64>,
    /// Whether the area is public housing (almene boligafdelinger), if known: `Some(false)`
    /// makes it ineligible for the lists.
    pub public_housing: Option<bool>,
    /// Criterion values by criterion id.
    pub criteria: BTreeMap<String, CriterionValue>,
}

impl AreaValues {
    /// The name to show: the display name, or the id.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(self.area_id.as_str())
    }
}
