//! Checked exact arithmetic on [`Rational`]: no operation here panics or wraps. Sums and products
//! report overflow as `None`; comparison never overflows (it compares continued-fraction terms
//! instead of cross-multiplying), so a threshold test is always exact.

use std::cmp::Ordering;

use bydel_model::Rational;

/// `a + b`, or `None` on overflow.
pub fn add(a: Rational, b: Rational) -> Option<Rational> {
    let num = a
        .numer()
        .checked_mul(b.denom())?
        .checked_add(b.numer().checked_mul(a.denom())?)?;
    Rational::new(num, a.denom().checked_mul(b.denom())?)
}

/// `a − b`, or `None` on overflow.
pub fn sub(a: Rational, b: Rational) -> Option<Rational> {
    add(a, Rational::new(b.numer().checked_neg()?, b.denom())?)
}

/// `a × b`, or `None` on overflow.
pub fn mul(a: Rational, b: Rational) -> Option<Rational> {
    let g1 = gcd(a.numer(), b.denom());
    let g2 = gcd(b.numer(), a.denom());
    let num = (a.numer() / g1).checked_mul(b.numer() / g2)?;
    Rational::new(num, (a.denom() / g2).checked_mul(b.denom() / g1)?)
}

/// `a ÷ b`, or `None` when `b` is zero or on overflow.
pub fn div(a: Rational, b: Rational) -> Option<Rational> {
    if b.numer() == 0 {
        return None;
    }
    mul(a, Rational::new(b.denom(), b.numer())?)
}

/// `n / d` for integer counts, `None` when `d` is zero.
pub fn ratio(n: i64, d: i64) -> Option<Rational> {
    Rational::new(i128::from(n), i128::from(d))
}

/// Exact comparison that cannot overflow.
pub fn cmp(a: Rational, b: Rational) -> Ordering {
    let (mut an, mut ad, mut bn, mut bd) = (a.numer(), a.denom(), b.numer(), b.denom());
    let mut flipped = false;
    loop {
        let (aq, ar) = (an.div_euclid(ad), an.rem_euclid(ad));
        let (bq, br) = (bn.div_euclid(bd), bn.rem_euclid(bd));
        let ord = aq.cmp(&bq).then_with(|| match (ar == 0, br == 0) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Less,
            (false, true) => Ordering::Greater,
            (false, false) => Ordering::Equal,
        });
        if ord != Ordering::Equal || ar == 0 {
            return if flipped { ord.reverse() } else { ord };
        }
        // Equal integer parts, both remainders non-zero: compare ad/ar against bd/br, reversed.
        (an, ad, bn, bd) = (ad, ar, bd, br);
        flipped = !flipped;
    }
}

/// The largest integer ≤ `a`.
pub fn floor(a: Rational) -> i128 {
    a.numer().div_euclid(a.denom())
}

/// The smallest integer ≥ `a`.
pub fn ceil(a: Rational) -> i128 {
    -(-a.numer()).div_euclid(a.denom())
}

/// The absolute value.
pub fn abs(a: Rational) -> Rational {
    Rational::new(a.numer().abs(), a.denom()).unwrap_or(a)
}

/// Decimal text rounded half away from zero to `digits` decimals, trailing zeros trimmed
/// (`0.125` with 2 digits → `0.13`; `40` → `40`).
pub fn decimal(a: Rational, digits: u32) -> String {
    let Some(text) = decimal_exact(a, digits) else {
        // Display only: a denominator beyond 10^36 is shown via f64.
        return format!("{:.*}", digits as usize, a.to_f64());
    };
    text
}

/// Exact text: a terminating decimal (`12.5`) when the denominator has only the factors 2 and
/// 5, else a fraction (`1/3`). [`parse`] reads both back to the same value.
pub fn exact_text(a: Rational) -> String {
    let (mut d, mut twos, mut fives) = (a.denom(), 0u32, 0u32);
    while d % 2 == 0 {
        d /= 2;
        twos += 1;
    }
    while d % 5 == 0 {
        d /= 5;
        fives += 1;
    }
    let text = (d == 1)
        .then(|| decimal_exact(a, twos.max(fives)))
        .flatten();
    text.unwrap_or_else(|| format!("{}/{}", a.numer(), a.denom()))
}

/// Parses an exact decimal (`40.5`) or a fraction of two decimals (`1/3`, `81.2/2`).
pub fn parse(text: &str) -> Option<Rational> {
    match text.split_once('/') {
        Some((n, d)) => div(
            Rational::parse_decimal(n).ok()?,
            Rational::parse_decimal(d).ok()?,
        ),
        None => Rational::parse_decimal(text).ok(),
    }
}

fn decimal_exact(a: Rational, digits: u32) -> Option<String> {
    let scale = 10u128.checked_pow(digits)?;
    let (n, d) = (a.numer().unsigned_abs(), a.denom().unsigned_abs());
    let frac = ((n % d).checked_mul(scale)?.checked_mul(2)?.checked_add(d)?) / d.checked_mul(2)?;
    let (whole, frac) = if frac == scale {
        (n / d + 1, 0)
    } else {
        (n / d, frac)
    };
    let mut text = format!("{whole}");
    if digits > 0 && frac > 0 {
        let f = format!("{frac:0width$}", width = digits as usize);
        text = format!("{text}.{}", f.trim_end_matches('0'));
    }
    if a.numer() < 0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        text.insert(0, '-');
    }
    Some(text)
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.unsigned_abs(), b.unsigned_abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    (a.max(1)) as i128
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn r(n: i128, d: i128) -> Rational {
        Rational::new(n, d).unwrap()
    }

    #[test]
    fn rounding_and_edges() {
        assert_eq!(decimal(r(1, 8), 2), "0.13");
        assert_eq!(decimal(r(-1, 8), 2), "-0.13");
        assert_eq!(decimal(r(40, 1), 2), "40");
        assert_eq!(decimal(r(-1, 1000), 2), "0");
        assert_eq!(decimal(r(1999, 1000), 2), "2");
        assert_eq!(floor(r(-3, 2)), -2);
        assert_eq!(ceil(r(-3, 2)), -1);
        assert_eq!(ceil(r(3, 2)), 2);
        let big = r(i128::MAX / 3, i128::MAX / 5);
        assert_eq!(cmp(big, big), Ordering::Equal);
        assert_eq!(cmp(big, r(2, 1)), Ordering::Less);
        assert_eq!(cmp(big, r(3, 2)), Ordering::Greater);
        assert_eq!(cmp(r(-7, 3), big), Ordering::Less);
        assert!(mul(big, big).is_none());
        for x in [
            r(1, 3),
            r(5, 8),
            r(-7, 40),
            r(40, 1),
            r(123_456, 1_000_000),
            r(2, 7_000),
        ] {
            assert_eq!(parse(&exact_text(x)), Some(x), "{}", exact_text(x));
        }
        assert_eq!(exact_text(r(5, 8)), "0.625");
        assert_eq!(exact_text(r(1, 3)), "1/3");
    }

    proptest! {
        #[test]
        fn cmp_agrees_with_cross_multiplication(a in -10_000i128..10_000, b in 1i128..10_000,
            c in -10_000i128..10_000, d in 1i128..10_000) {
            prop_assert_eq!(cmp(r(a, b), r(c, d)), (a * d).cmp(&(c * b)));
            prop_assert_eq!(add(r(a, b), r(c, d)).unwrap(), r(a * d + c * b, b * d));
            prop_assert_eq!(mul(r(a, b), r(c, d)).unwrap(), r(a * c, b * d));
        }
    }
}
