//! Recognising CPR numbers (Danish personal identity numbers, `DDMMYY-SSSS`).
//!
//! The ingestion layer calls [`looks_like_cpr`] on identifier columns and refuses data that
//! was not pseudonymised; [`contains_cpr`] scans free text.

/// Whether `s` (trimmed) has the form of a CPR number: ten digits, optionally with a dash
/// after the sixth, whose first six digits are a plausible date `DDMMYY` (day valid for the
/// month; 29 February is accepted in any year because the century is not encoded here).
pub fn looks_like_cpr(s: &str) -> bool {
    let s = s.trim();
    let b = s.as_bytes();
    let digits: Vec<u8> = match b.len() {
        10 => b.to_vec(),
        11 if b[6] == b'-' => b[..6].iter().chain(&b[7..]).copied().collect(),
        _ => return false,
    };
    if !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let two = |i: usize| u32::from(digits[i] - b'0') * 10 + u32::from(digits[i + 1] - b'0');
    let (day, month) = (two(0), two(2));
    (1..=12).contains(&month) && day >= 1 && day <= days_in_month(month)
}

/// Whether any token of `text` (a run of digits and dashes) looks like a CPR number.
pub fn contains_cpr(text: &str) -> bool {
    text.split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .flat_map(|t| std::iter::once(t).chain(t.split('-').filter(|p| p.len() == 10)))
        .any(looks_like_cpr)
}

/// The CPR number with its dash removed (the canonical form that is pseudonymised), or `None`.
pub fn normalise_cpr(s: &str) -> Option<String> {
    looks_like_cpr(s).then(|| s.trim().chars().filter(char::is_ascii_digit).collect())
}

fn days_in_month(month: u32) -> u32 {
    match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_both_forms_with_plausible_dates() {
        assert!(looks_like_cpr("0101901234"));
        assert!(looks_like_cpr("010190-1234"));
        assert!(looks_like_cpr(" 290200-1234 "));
        assert!(looks_like_cpr("311299-0000"));
    }

    #[test]
    fn rejects_implausible_dates_and_other_shapes() {
        for s in [
            "3102901234",
            "0013901234",
            "0000901234",
            "310490-1234",
            "0101-901234",
            "010190 1234",
            "01019012345",
            "01019o1234",
            "",
            "p_3f2a",
            "0101901234x",
        ] {
            assert!(!looks_like_cpr(s), "{s}");
        }
    }

    #[test]
    fn finds_cpr_in_text_and_normalises() {
        assert!(contains_cpr("{\"id\": \"010190-1234\"}"));
        assert!(contains_cpr("x;0101901234;y"));
        assert!(!contains_cpr("area 159, 2021, 69484 residents"));
        assert_eq!(normalise_cpr("010190-1234").as_deref(), Some("0101901234"));
    }
}
