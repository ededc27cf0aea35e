//! A result value: a number, or an explicit reason there is none. Degenerate data is a value,
//! never a panic and never NaN.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a value is missing.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "reason", content = "detail", rename_all = "snake_case")]
pub enum Missing {
    /// The denominator (population) is zero.
    ZeroDenominator,
    /// The input has no data for this cell (year not covered, table not supplied).
    NoData,
    /// Withheld by disclosure control; the text names the rule.
    Suppressed(String),
}

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Missing::ZeroDenominator => f.write_str("zero denominator"),
            Missing::NoData => f.write_str("no data"),
            Missing::Suppressed(rule) => write!(f, "suppressed ({rule})"),
        }
    }
}

/// A computed number, or why there is none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Value {
    /// A finite number.
    Number(f64),
    /// No number, with the reason.
    Missing(Missing),
}

impl Value {
    /// `num / den` as a value; a zero denominator is [`Missing::ZeroDenominator`].
    pub fn ratio(num: f64, den: f64) -> Value {
        if den == 0.0 {
            Value::Missing(Missing::ZeroDenominator)
        } else {
            Value::from_f64(num / den)
        }
    }
    /// A float as a value; non-finite floats become [`Missing::ZeroDenominator`].
    pub fn from_f64(x: f64) -> Value {
        if x.is_finite() {
            Value::Number(x)
        } else {
            Value::Missing(Missing::ZeroDenominator)
        }
    }
    /// The number, if any.
    pub fn number(&self) -> Option<f64> {
        match self {
            Value::Number(x) => Some(*x),
            Value::Missing(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_denominator_is_a_value() {
        assert_eq!(
            Value::ratio(1.0, 0.0),
            Value::Missing(Missing::ZeroDenominator)
        );
        assert_eq!(Value::ratio(1.0, 4.0).number(), Some(0.25));
    }
}
