//! An area against a larger area: by default the rest of its municipality (the municipality
//! minus the area), which is the strategy's own test; or against the whole larger area.
//!
//! For each indicator and year: both values with intervals, the ratio (log-scale interval), the
//! difference (Newcombe's hybrid score interval for shares, a normal interval for means), a
//! two-sided test (pooled two-proportion z-test; z-test of two means) and the
//! [`MarkedlyRule`] verdict.

use bydel_model::{AreaId, CountsTable, Kind, Missing, Value, Year};
use serde::Serialize;

use crate::estimate::{Estimate, RawCounts, estimate, raw_counts};
use crate::indicator::{Direction, Indicator, IndicatorKind};
use crate::interval::{
    Interval, difference_interval, newcombe_difference, ratio_interval, two_estimates_p,
    two_proportion_p,
};
use crate::settings::{MarkedlyRule, Significance};

/// What the area is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferenceMode {
    /// The larger area minus the area itself (the strategy's "rest of the municipality").
    Rest,
    /// The whole larger area, the area included.
    Whole,
}

impl ReferenceMode {
    /// The name used in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            ReferenceMode::Rest => "rest",
            ReferenceMode::Whole => "whole",
        }
    }
}

/// The result of one comparison.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The area's estimate.
    pub area: Estimate,
    /// The reference's estimate (the rest, or the whole).
    pub reference: Estimate,
    /// area / reference.
    pub ratio: Value,
    /// Its interval.
    pub ratio_interval: Option<Interval>,
    /// area − reference.
    pub difference: Value,
    /// Its interval.
    pub difference_interval: Option<Interval>,
    /// Two-sided p-value of "no difference".
    pub p_value: Option<f64>,
    /// The ratio in the worse direction (see [`worse_ratio`]).
    pub worse_ratio: WorseRatio,
    /// Whether the area is markedly worse under the rule.
    pub markedly_worse: bool,
}

/// Compares an area with a larger area for one indicator and year. `None` when the table lacks
/// the counts; degenerate counts give missing values inside the comparison.
#[allow(clippy::too_many_arguments)]
pub fn compare_areas(
    t: &CountsTable,
    ind: &Indicator,
    area: (&Kind, &AreaId),
    reference: (&Kind, &AreaId),
    year: Year,
    mode: ReferenceMode,
    rule: &MarkedlyRule,
    level: f64,
) -> Option<Comparison> {
    let a = raw_counts(t, ind, area.0, area.1, year)?;
    let whole = raw_counts(t, ind, reference.0, reference.1, year)?;
    let r = match mode {
        ReferenceMode::Rest => whole.minus(&a)?,
        ReferenceMode::Whole => whole,
    };
    Some(compare_counts(ind, a, r, rule, level))
}

/// Compares two sets of counts (the area's and the reference's, already subtracted if need be).
pub fn compare_counts(
    ind: &Indicator,
    a: RawCounts,
    r: RawCounts,
    rule: &MarkedlyRule,
    level: f64,
) -> Comparison {
    let ea = estimate(ind, a, level);
    let er = estimate(ind, r, level);
    let (va, vr) = match (ea.value.number(), er.value.number()) {
        (Some(va), Some(vr)) => (va, vr),
        _ => return missing_comparison(ea, er),
    };
    let (sa, sr) = (ea.se.unwrap_or(f64::NAN), er.se.unwrap_or(f64::NAN));
    let ratio_ci = ratio_interval(va, sa, vr, sr, level).filter(|i| i.lower.is_finite());
    let diff_ci = difference_ci(ind, &ea, &er, level);
    let p = p_value(ind, &ea, &er);
    let worse = worse_ratio(ind, va, vr);
    let markedly = is_markedly_worse(ind.direction, va - vr, &worse, p, rule);
    Comparison {
        ratio: Value::ratio(va, vr),
        ratio_interval: ratio_ci,
        difference: Value::from_f64(va - vr),
        difference_interval: diff_ci,
        p_value: p,
        worse_ratio: worse,
        markedly_worse: markedly,
        area: ea,
        reference: er,
    }
}

/// The ratio in the worse direction. When the reference is at the best possible value (0 % of a
/// higher-is-worse share; 100 % of a higher-is-better share, so that its complement is 0) and
/// the area is not, the ratio is infinite: worse than any finite ratio, and it meets every
/// ratio rule. When both are at the best value the ratio is undefined (they are equal).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WorseRatio {
    /// A finite ratio.
    Finite(f64),
    /// A positive numerator over a zero denominator.
    Infinite,
    /// Zero over zero, or a value that is not a number.
    Undefined,
}

impl WorseRatio {
    /// `num / den` of non-negative worse-direction quantities.
    pub fn of(num: f64, den: f64) -> WorseRatio {
        if !(num.is_finite() && den.is_finite()) {
            WorseRatio::Undefined
        } else if den > 0.0 {
            WorseRatio::Finite(num / den)
        } else if num > 0.0 {
            WorseRatio::Infinite
        } else {
            WorseRatio::Undefined
        }
    }
    /// The finite ratio, if it is one.
    pub fn number(self) -> Option<f64> {
        match self {
            WorseRatio::Finite(x) => Some(x),
            _ => None,
        }
    }
    /// Whether the ratio is at least `min` (within [`RATIO_TOLERANCE`]); infinity always is.
    pub fn at_least(self, min: f64) -> bool {
        match self {
            WorseRatio::Finite(x) => x >= min - RATIO_TOLERANCE,
            WorseRatio::Infinite => true,
            WorseRatio::Undefined => false,
        }
    }
}

/// The ratio in the direction of "worse": area/reference when higher is worse; for shares where
/// higher is better the ratio of the complements (1 − area)/(1 − reference), e.g. the share
/// *without* a youth education; for means where higher is better reference/area.
pub fn worse_ratio(ind: &Indicator, va: f64, vr: f64) -> WorseRatio {
    match (ind.direction, ind.kind) {
        (Direction::HigherIsWorse, _) => WorseRatio::of(va, vr),
        (Direction::HigherIsBetter, IndicatorKind::Share) => {
            WorseRatio::of((1.0 - va).max(0.0), (1.0 - vr).max(0.0))
        }
        (Direction::HigherIsBetter, IndicatorKind::Mean) => WorseRatio::of(vr, va),
    }
}

/// The stated tolerance of the ratio comparison: a ratio of exactly 1.5 (e.g. 3/20 against
/// 10/100, which is 1.4999999999999998 in floating point) meets a 1.5 rule.
pub const RATIO_TOLERANCE: f64 = 1e-9;

/// Applies the markedly rule to a difference (area − reference) and worse-direction ratio.
pub fn is_markedly_worse(
    direction: Direction,
    difference: f64,
    worse_ratio: &WorseRatio,
    p_value: Option<f64>,
    rule: &MarkedlyRule,
) -> bool {
    let worse_diff = difference * direction.worse_sign();
    let ratio_ok = worse_ratio.at_least(rule.min_ratio);
    let significant = match rule.significance {
        Significance::Required { alpha } => p_value.is_some_and(|p| p < alpha),
        Significance::NotRequired => true,
    };
    ratio_ok && worse_diff > 0.0 && worse_diff >= rule.min_difference && significant
}

fn difference_ci(ind: &Indicator, ea: &Estimate, er: &Estimate, level: f64) -> Option<Interval> {
    let (va, vr) = (ea.value.number()?, er.value.number()?);
    match ind.kind {
        IndicatorKind::Share => Some(newcombe_difference(va, ea.interval?, vr, er.interval?)),
        IndicatorKind::Mean => Some(difference_interval(va - vr, ea.se?, er.se?, level)),
    }
}

fn p_value(ind: &Indicator, ea: &Estimate, er: &Estimate) -> Option<f64> {
    match ind.kind {
        IndicatorKind::Share => {
            let s = ind.scale as f64;
            let (a, r) = (ea.counts, er.counts);
            two_proportion_p(
                a.num as f64 / s,
                a.den as f64,
                r.num as f64 / s,
                r.den as f64,
            )
        }
        IndicatorKind::Mean => {
            two_estimates_p(ea.value.number()? - er.value.number()?, ea.se?, er.se?)
        }
    }
}

fn missing_comparison(ea: Estimate, er: Estimate) -> Comparison {
    let m = Value::Missing(Missing::ZeroDenominator);
    Comparison {
        area: ea,
        reference: er,
        ratio: m.clone(),
        ratio_interval: None,
        difference: m,
        difference_interval: None,
        p_value: None,
        worse_ratio: WorseRatio::Undefined,
        markedly_worse: false,
    }
}

/// The id of an area's municipality in the `municipality` layer, from `areas.csv`.
pub fn municipality_of(t: &CountsTable, kind: &Kind, id: &AreaId) -> Option<AreaId> {
    let code = t.area(kind, id)?.municipality?;
    AreaId::new(code.to_string()).ok()
}
