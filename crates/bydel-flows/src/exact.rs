//! Exact fractions over big integers, for the decomposition: its parts are sums of differences
//! of ratios with many different denominators, which overflow `i128`. Used to state and test the
//! accounting identity exactly; the displayed values are converted to `f64` at the end.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

/// An exact fraction `num / den`, `den > 0`, reduced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fraction {
    num: BigInt,
    den: BigInt,
}

impl Fraction {
    /// Zero.
    pub fn zero() -> Self {
        Fraction {
            num: BigInt::zero(),
            den: BigInt::from(1),
        }
    }
    /// `num / den`; zero when `den` is zero (an empty population has share 0 by convention).
    pub fn ratio(num: i128, den: i128) -> Self {
        if den == 0 {
            return Fraction::zero();
        }
        Fraction::reduced(BigInt::from(num), BigInt::from(den))
    }
    fn reduced(num: BigInt, den: BigInt) -> Self {
        let g = num.gcd(&den);
        let (mut n, mut d) = if g.is_zero() {
            (num, den)
        } else {
            (num / &g, den / &g)
        };
        if d.is_negative() {
            n = -n;
            d = -d;
        }
        Fraction { num: n, den: d }
    }
    /// `self + other`.
    pub fn add(&self, other: &Fraction) -> Fraction {
        Fraction::reduced(
            &self.num * &other.den + &other.num * &self.den,
            &self.den * &other.den,
        )
    }
    /// `self − other`.
    pub fn sub(&self, other: &Fraction) -> Fraction {
        Fraction::reduced(
            &self.num * &other.den - &other.num * &self.den,
            &self.den * &other.den,
        )
    }
    /// `self × a / b` for small integers (`b ≠ 0`).
    pub fn scale(&self, a: i64, b: i64) -> Fraction {
        Fraction::reduced(&self.num * a, &self.den * b)
    }
    /// The nearest `f64`.
    pub fn to_f64(&self) -> f64 {
        match (self.num.to_f64(), self.den.to_f64()) {
            (Some(n), Some(d)) if d.is_finite() && n.is_finite() => n / d,
            _ => {
                // Very long fractions: scale both down before dividing.
                let shift = self.den.bits().saturating_sub(1000);
                let n: BigInt = &self.num >> shift;
                let d: BigInt = &self.den >> shift;
                n.to_f64().unwrap_or(0.0) / d.to_f64().unwrap_or(1.0)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_is_exact() {
        let a = Fraction::ratio(1, 3);
        let b = Fraction::ratio(1, 6);
        assert_eq!(a.add(&b), Fraction::ratio(1, 2));
        assert_eq!(a.sub(&b).scale(6, 1), Fraction::ratio(1, 1));
        assert_eq!(Fraction::ratio(2, -4), Fraction::ratio(-1, 2));
        assert_eq!(Fraction::ratio(5, 0), Fraction::zero());
        assert!((Fraction::ratio(1, 3).to_f64() - 1.0 / 3.0).abs() < 1e-15);
    }
}
