//! Numbers in free text (sentences, the report's visible text), read as a Danish or English
//! reader would: `43,1 %`, `1.234`, `0.4312`, `-2,5`. A token with an ambiguous separator is
//! read every way it can be, and it matches a released value when any reading equals the value
//! (or the value in percent) rounded to the token's decimals.

/// One number found in text.
#[derive(Debug, Clone, PartialEq)]
pub struct TextNumber {
    /// The token as written.
    pub raw: String,
    /// Every reading: `(value, decimals shown)`.
    pub readings: Vec<(f64, u32)>,
}

impl TextNumber {
    /// Whether the token is an integer between 1900 and 2100 (read as a year).
    pub fn is_year(&self) -> bool {
        self.readings
            .iter()
            .any(|&(v, d)| d == 0 && (1900.0..=2100.0).contains(&v) && v.fract() == 0.0)
    }

    /// Whether one of the token's readings is the released value `v` as it could be shown:
    /// itself or in percent, rounded half away from zero to the token's decimals (the sign may
    /// be written in words).
    pub fn shows(&self, v: f64) -> bool {
        self.readings.iter().any(|&(n, d)| {
            [1.0, 100.0].iter().any(|&m| {
                let shown = round_half_away(v * m, d);
                (shown.abs() - n.abs()).abs() <= 1e-9 * n.abs().max(1.0)
            })
        })
    }

    /// Whether one reading is exactly `v` (for integers such as counts of areas).
    pub fn equals(&self, v: f64) -> bool {
        self.readings.iter().any(|&(n, _)| n == v)
    }
}

/// Every number in `text`.
pub fn extract(text: &str) -> Vec<TextNumber> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let after_hyphen_in_code =
            i >= 2 && matches!(chars[i - 1], '-' | '−') && is_word(chars[i - 2]);
        let starts = chars[i].is_ascii_digit()
            && (i == 0 || !is_word(chars[i - 1]))
            && !after_hyphen_in_code;
        if !starts {
            i += 1;
            continue;
        }
        let negative = i > 0 && matches!(chars[i - 1], '-' | '−');
        let mut j = i;
        while j < chars.len() {
            let c = chars[j];
            let separator =
                matches!(c, '.' | ',') && chars.get(j + 1).is_some_and(|n| n.is_ascii_digit());
            if c.is_ascii_digit() || separator {
                j += 1;
            } else {
                break;
            }
        }
        let token: String = chars[i..j].iter().collect();
        let readings = readings(&token, negative);
        if !readings.is_empty() {
            out.push(TextNumber {
                raw: token,
                readings,
            });
        }
        i = j;
    }
    out
}

/// Rounds half away from zero to `d` decimals.
pub fn round_half_away(x: f64, d: u32) -> f64 {
    let f = 10f64.powi(d as i32);
    // Nudge by a relative epsilon so that 0.125 stored as 0.12499999… still rounds up.
    let y = x * f;
    let nudged = y + y.signum() * y.abs().max(1.0) * 1e-12;
    nudged.round() / f
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn readings(token: &str, negative: bool) -> Vec<(f64, u32)> {
    let sign = if negative { -1.0 } else { 1.0 };
    let dots = token.matches('.').count();
    let commas = token.matches(',').count();
    let mut out = Vec::new();
    let mut push = |thousands: Option<char>, decimal: Option<char>| {
        if let Some(v) = read(token, thousands, decimal) {
            out.push((sign * v.0, v.1));
        }
    };
    match (dots, commas) {
        (0, 0) => push(None, None),
        (_, 0) => {
            push(None, Some('.'));
            push(Some('.'), None);
        }
        (0, _) => {
            push(None, Some(','));
            push(Some(','), None);
        }
        _ => {
            let last_dot = token.rfind('.');
            let last_comma = token.rfind(',');
            if last_comma > last_dot {
                push(Some('.'), Some(','));
            } else {
                push(Some(','), Some('.'));
            }
        }
    }
    out.dedup();
    out
}

/// Reads a token with the given separators; `None` when it does not fit them (a thousands
/// separator must be followed by exactly three digits, at most one decimal separator).
fn read(token: &str, thousands: Option<char>, decimal: Option<char>) -> Option<(f64, u32)> {
    let (int_part, frac_part) = match decimal {
        Some(d) => {
            let mut parts = token.splitn(2, d);
            let a = parts.next()?;
            let b = parts.next();
            if b.is_some_and(|b| b.contains(d)) {
                return None;
            }
            (a, b)
        }
        None => (token, None),
    };
    let int_digits: String = match thousands {
        Some(t) => {
            let groups: Vec<&str> = int_part.split(t).collect();
            if groups.len() > 1 && groups[1..].iter().any(|g| g.len() != 3) {
                return None;
            }
            groups.concat()
        }
        None => int_part.to_string(),
    };
    if !int_digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let frac = frac_part.unwrap_or("");
    if !frac.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let text = if frac.is_empty() {
        int_digits
    } else {
        format!("{int_digits}.{frac}")
    };
    Some((text.parse().ok()?, frac.len() as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_and_english_readings() {
        let n = extract("andelen er 43,1 % (1.234 personer), ned -2.5 pp");
        assert_eq!(n.len(), 3);
        assert!(n[0].shows(0.4312));
        assert!(!n[0].shows(0.4317));
        assert!(n[1].equals(1234.0));
        assert!(n[1].equals(1.234));
        assert!(n[2].shows(-2.5));
    }

    #[test]
    fn words_with_digits_are_not_numbers() {
        assert!(extract("area_0159-03 B2").is_empty());
        assert!(extract("i 2024").iter().all(TextNumber::is_year));
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_half_away(0.125, 2), 0.13);
        assert_eq!(round_half_away(-0.125, 2), -0.13);
        assert_eq!(round_half_away(2.5, 0), 3.0);
    }
}
