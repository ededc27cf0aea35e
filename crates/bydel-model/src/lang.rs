//! The one language type of everything bydel writes for people, and the numbers in it.
//!
//! [`Lang`] is the language of a report, the workbook, the dashboard, a run config's
//! `report.language` and the rules' explanations; its labels live in `bydel_report::i18n`
//! (the `Labels` trait). [`int`] and [`dec`] are the one implementation of the Danish and
//! English number formats (thousands point and decimal comma in Danish).

/// A language: Danish (default) or English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Danish (the default: the city council's language).
    #[default]
    Da,
    /// English.
    En,
}

impl Lang {
    /// The HTML `lang` code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }

    /// Parses a language code (`da` or `en`).
    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "da" => Some(Lang::Da),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language (the dashboard's language toggle).
    pub fn other(self) -> Lang {
        match self {
            Lang::Da => Lang::En,
            Lang::En => Lang::Da,
        }
    }
}

/// A whole number with thousands separators (`67.214` in Danish, `67,214` in English), the
/// minus sign as `−`.
pub fn int(lang: Lang, x: f64) -> String {
    let n = x.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let sep = if lang == Lang::Da { '.' } else { ',' };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("−{out}") } else { out }
}

/// A number with `decimals` decimals (`0,35` in Danish, `0.35` in English), rounded half away
/// from zero on its decimal value (8.65 → 8,7) as the published tables round.
pub fn dec(lang: Lang, x: f64, decimals: usize) -> String {
    // `format!` alone rounds the binary value (8.6499… → 8.6)
    let scale = 10f64.powi(decimals as i32);
    let rounded = ((x.abs() * scale) + 1e-9).round() / scale;
    let s = format!("{:.*}", decimals, rounded);
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    let w = int(lang, whole.parse::<f64>().unwrap_or(0.0));
    let sign = if x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "−"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{w}")
    } else {
        let point = if lang == Lang::Da { ',' } else { '.' };
        format!("{sign}{w}{point}{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_and_english_numbers() {
        assert_eq!(int(Lang::Da, 67214.0), "67.214");
        assert_eq!(int(Lang::En, 1234567.0), "1,234,567");
        assert_eq!(int(Lang::Da, -1500.0), "−1.500");
        assert_eq!(dec(Lang::Da, 8.65, 1), "8,7");
        assert_eq!(dec(Lang::En, 0.35, 2), "0.35");
        assert_eq!(dec(Lang::Da, -0.04, 1), "0,0");
        assert_eq!(dec(Lang::Da, 12345.678, 1), "12.345,7");
    }

    #[test]
    fn codes_round_trip() {
        for l in [Lang::Da, Lang::En] {
            assert_eq!(Lang::parse(l.code()), Some(l));
            assert_eq!(l.other().other(), l);
        }
        assert_eq!(Lang::parse("de"), None);
    }
}
