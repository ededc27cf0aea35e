//! Exact rational numbers, so that a law threshold is never decided by float rounding.
//!
//! Counts are integers, full-time equivalents are integers in millionths, and percentages given by
//! users are exact decimals; every comparison with a threshold is a cross-multiplication in
//! `i128`.

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

use crate::ModelError;

/// An exact fraction `num / den` with `den > 0`, kept reduced.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Rational {
    num: i128,
    den: i128,
}

// Named methods rather than operator traits: `div` returns `Option` (division by zero is a value),
// and call sites in the rules read as the law does.
#[allow(clippy::should_implement_trait)]
impl Rational {
    /// Zero.
    pub const ZERO: Rational = Rational { num: 0, den: 1 };

    /// `num / den`; `None` when `den` is zero.
    pub fn new(num: i128, den: i128) -> Option<Self> {
        if den == 0 {
            return None;
        }
        let g = gcd(num.unsigned_abs(), den.unsigned_abs()).max(1) as i128;
        let s = if den < 0 { -1 } else { 1 };
        Some(Rational {
            num: s * num / g,
            den: s * den / g,
        })
    }
    /// An integer.
    pub fn integer(n: i128) -> Self {
        Rational { num: n, den: 1 }
    }
    /// A percentage given as an integer number of percent (e.g. `40` → 2/5).
    pub fn percent(p: i128) -> Self {
        Rational::new(p, 100).expect("non-zero denominator")
    }
    /// Parses an exact decimal such as `40`, `40.0`, `-1.25`, `2.70` (no exponent).
    pub fn parse_decimal(text: &str) -> Result<Self, ModelError> {
        let bad = || ModelError::parse("a decimal number such as 40.5", text);
        let t = text.trim();
        let (neg, digits) = match t.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, t.strip_prefix('+').unwrap_or(t)),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if int.is_empty() && frac.is_empty()
            || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
            || int.len() + frac.len() > 30
        {
            return Err(bad());
        }
        let mut num: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            num = num * 10 + i128::from(b - b'0');
        }
        let den = 10i128.pow(frac.len() as u32);
        Ok(Rational::new(if neg { -num } else { num }, den).expect("den > 0"))
    }
    /// The numerator (reduced).
    pub fn numer(self) -> i128 {
        self.num
    }
    /// The denominator (reduced, positive).
    pub fn denom(self) -> i128 {
        self.den
    }
    /// The nearest `f64` (for display and statistics, never for thresholds).
    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }
    /// Product.
    pub fn mul(self, o: Rational) -> Rational {
        Rational::new(self.num * o.num, self.den * o.den).expect("den > 0")
    }
    /// Quotient; `None` when dividing by zero.
    pub fn div(self, o: Rational) -> Option<Rational> {
        Rational::new(self.num * o.den, self.den * o.num)
    }
    /// Sum.
    pub fn add(self, o: Rational) -> Rational {
        Rational::new(self.num * o.den + o.num * self.den, self.den * o.den).expect("den > 0")
    }
    /// Difference.
    pub fn sub(self, o: Rational) -> Rational {
        self.add(Rational {
            num: -o.num,
            den: o.den,
        })
    }
}

impl PartialEq for Rational {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Rational {}
impl PartialOrd for Rational {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Rational {
    fn cmp(&self, o: &Self) -> Ordering {
        (self.num * o.den).cmp(&(o.num * self.den))
    }
}

impl fmt::Display for Rational {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.num, self.den)
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_exact() {
        let a = Rational::parse_decimal("40.0").unwrap();
        assert_eq!(a, Rational::integer(40));
        assert_eq!(Rational::percent(40), Rational::new(2, 5).unwrap());
        // 2.4 % against three times 0.8 %: equal exactly, although 3.0 * 0.8 != 2.4 in f64.
        let b = Rational::parse_decimal("2.4").unwrap();
        let nat = Rational::parse_decimal("0.8").unwrap();
        assert_eq!(b, nat.mul(Rational::integer(3)));
        assert!(Rational::parse_decimal("1e5").is_err());
        assert!(Rational::parse_decimal(".").is_err());
        assert_eq!(
            Rational::parse_decimal("-0.5").unwrap(),
            Rational::new(-1, 2).unwrap()
        );
        assert!(Rational::new(1, 0).is_none());
    }
}
