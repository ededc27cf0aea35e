//! Numbers in words for people: values in their unit, Danish and English.

use crate::indicator::{Indicator, Unit};

/// A value in the indicator's unit, with a decimal comma (`da = true`) or point.
pub fn value(ind: &Indicator, v: f64, da: bool) -> String {
    let s = match ind.unit {
        Unit::Share => format!("{:.1} %", v * 100.0),
        Unit::Percent => format!("{v:.1} %"),
        Unit::Grade => format!("{v:.1}"),
        Unit::Dkk => return thousands(v, da) + if da { " kr." } else { " DKK" },
    };
    if da { s.replace('.', ",") } else { s }
}

/// A change per year in the indicator's unit (percentage points for shares).
pub fn slope(ind: &Indicator, v: f64, da: bool) -> String {
    let s = match ind.unit {
        Unit::Share => format!(
            "{:+.1} {}",
            v * 100.0,
            if da {
                "procentpoint"
            } else {
                "percentage points"
            }
        ),
        Unit::Percent => format!(
            "{v:+.1} {}",
            if da {
                "procentpoint"
            } else {
                "percentage points"
            }
        ),
        Unit::Grade => format!("{v:+.2}"),
        Unit::Dkk => format!(
            "{}{}",
            if v < 0.0 { "-" } else { "+" },
            thousands(v.abs(), da)
        ),
    };
    let s = if da { s.replace('.', ",") } else { s };
    format!("{s} {}", if da { "om året" } else { "a year" })
}

fn thousands(v: f64, da: bool) -> String {
    let n = v.round() as i64;
    let digits = n.abs().to_string();
    let sep = if da { '.' } else { ',' };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_groups() {
        assert_eq!(super::thousands(1234567.0, true), "1.234.567");
        assert_eq!(super::thousands(-999.0, false), "-999");
    }
}
