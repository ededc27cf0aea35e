//! From counts to an indicator value with its interval.
//!
//! [`RawCounts`] are the integer numerator and denominator of one indicator for one area and year,
//! pooled over the indicator's window; [`Estimate`] is the value, its interval and standard error.
//! Degenerate data stays explicit: a zero denominator is `Missing::ZeroDenominator`.

use bydel_model::{AreaId, CountsTable, Kind, Missing, Rational, Value, Year};
use serde::Serialize;

use crate::indicator::{Indicator, IndicatorKind};
use crate::interval::{Interval, share_se, t_interval, wilson};

/// The integer counts behind one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RawCounts {
    /// Numerator (share) or sum (mean), in the measure's stored units.
    pub num: i64,
    /// Denominator (share) or count (mean).
    pub den: i64,
    /// Sum of squares, when the indicator names one.
    pub sum_sq: Option<i64>,
}

/// How an interval was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IntervalMethod {
    /// Wilson score interval (shares).
    Wilson,
    /// t-interval from the sum of squares (means).
    T,
    /// t-interval with the catalogue's assumed standard deviation (means).
    TAssumedSd,
    /// No interval (degenerate data).
    None,
}

impl IntervalMethod {
    /// The name used in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            IntervalMethod::Wilson => "wilson",
            IntervalMethod::T => "t",
            IntervalMethod::TAssumedSd => "t_assumed_sd",
            IntervalMethod::None => "none",
        }
    }
}

/// A value with its interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Estimate {
    /// The counts.
    pub counts: RawCounts,
    /// The value in the indicator's unit.
    pub value: Value,
    /// The interval, when there is one.
    pub interval: Option<Interval>,
    /// The standard error, when there is one.
    pub se: Option<f64>,
    /// How the interval was computed.
    pub method: IntervalMethod,
}

impl RawCounts {
    /// `self - other` (the rest of a larger area); `None` when a count would turn negative.
    pub fn minus(&self, other: &RawCounts) -> Option<RawCounts> {
        let num = self.num.checked_sub(other.num)?;
        let den = self.den.checked_sub(other.den)?;
        let sum_sq = match (self.sum_sq, other.sum_sq) {
            (Some(a), Some(b)) if a >= b => Some(a - b),
            (Some(_), Some(_)) => return None,
            _ => None,
        };
        (den >= 0).then_some(RawCounts { num, den, sum_sq })
    }

    /// The exact value `num / (scale × den)`; `None` for a zero denominator.
    pub fn rational(&self, scale: i64) -> Option<Rational> {
        Rational::new(
            i128::from(self.num),
            i128::from(self.den) * i128::from(scale),
        )
    }
}

/// The counts of an indicator for an area and year, pooled over its window. `None` when the
/// table lacks the numerator or denominator for any year of the window, or when the pooled sums
/// do not fit in 64 bits. A missing sum of squares is not a missing value: the mean then falls
/// back to the catalogue's assumed standard deviation (see [`estimate`]).
pub fn raw_counts(
    t: &CountsTable,
    ind: &Indicator,
    kind: &Kind,
    id: &AreaId,
    year: Year,
) -> Option<RawCounts> {
    let mut acc = RawCounts {
        num: 0,
        den: 0,
        sum_sq: ind.sum_sq.as_ref().map(|_| 0),
    };
    for k in 0..ind.window as i32 {
        let y = Year::new(year.get() - k).ok()?;
        acc.den = acc.den.checked_add(t.get(kind, id, y, &ind.denominator)?)?;
        acc.num = acc.num.checked_add(t.get(kind, id, y, &ind.numerator)?)?;
        acc.sum_sq = match (acc.sum_sq, &ind.sum_sq) {
            (Some(s), Some(m)) => t.get(kind, id, y, m).and_then(|x| s.checked_add(x)),
            _ => None,
        };
    }
    Some(acc)
}

/// The estimate of an indicator from its counts, with a two-sided interval at `level`.
pub fn estimate(ind: &Indicator, c: RawCounts, level: f64) -> Estimate {
    if c.den <= 0 {
        return Estimate {
            counts: c,
            value: Value::Missing(Missing::ZeroDenominator),
            interval: None,
            se: None,
            method: IntervalMethod::None,
        };
    }
    match ind.kind {
        IndicatorKind::Share => share_estimate(ind, c, level),
        IndicatorKind::Mean => mean_estimate(ind, c, level),
    }
}

fn share_estimate(ind: &Indicator, c: RawCounts, level: f64) -> Estimate {
    let x = c.num as f64 / ind.scale as f64;
    let n = c.den as f64;
    let interval = wilson(x, n, level);
    Estimate {
        counts: c,
        value: Value::ratio(x, n),
        se: interval.map(|_| share_se(x, n)),
        method: if interval.is_some() {
            IntervalMethod::Wilson
        } else {
            IntervalMethod::None
        },
        interval,
    }
}

fn mean_estimate(ind: &Indicator, c: RawCounts, level: f64) -> Estimate {
    let n = c.den as f64;
    let scale = ind.scale as f64;
    let mean = c.num as f64 / scale / n;
    let (sd, method) = match (c.sum_sq, ind.assumed_sd) {
        (Some(ss), _) if n >= 2.0 => {
            let var = (ss as f64 / (scale * scale) - n * mean * mean) / (n - 1.0);
            (Some(var.max(0.0).sqrt()), IntervalMethod::T)
        }
        (_, Some(sd)) => (Some(sd), IntervalMethod::TAssumedSd),
        _ => (None, IntervalMethod::None),
    };
    let se = sd.map(|sd| sd / n.sqrt());
    let interval = se.and_then(|se| t_interval(mean, se, n, level));
    Estimate {
        counts: c,
        value: Value::from_f64(mean),
        se: se.filter(|_| interval.is_some()),
        method: if interval.is_some() {
            method
        } else {
            IntervalMethod::None
        },
        interval,
    }
}
