//! Numbers and text for people: Danish number formats (decimal comma, thousands point) or
//! English ones, and escaping for HTML and SVG text (area names are user data).

use crate::i18n::Lang;

/// Escapes text for HTML or SVG element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

// The number formats themselves have one owner, bydel-model, which the rules and the analysis
// share: a whole number with thousands separators, a number with decimals.
pub use bydel_model::lang::{dec, int};

/// A share as a percentage with one decimal (`14,6 %` / `14.6%`).
pub fn pct(lang: Lang, share: f64) -> String {
    pct_with(lang, share, 1)
}

/// A share as a percentage with `decimals` decimals (`15 %` / `15%` with none, as on the
/// round ticks of an axis).
pub fn pct_with(lang: Lang, share: f64, decimals: usize) -> String {
    let v = dec(lang, share * 100.0, decimals);
    if lang == Lang::Da {
        format!("{v} %")
    } else {
        format!("{v}%")
    }
}

/// A difference of shares in percentage points, signed (`+1,2` / `−0.4`).
pub fn pp(lang: Lang, diff: f64) -> String {
    let v = dec(lang, diff * 100.0, 1);
    if diff > 0.0 && !v.starts_with('−') && v.chars().any(|c| c.is_ascii_digit() && c != '0') {
        format!("+{v}")
    } else {
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn danish_and_english_numbers() {
        assert_eq!(int(Lang::Da, 67214.0), "67.214");
        assert_eq!(int(Lang::En, 1234567.0), "1,234,567");
        assert_eq!(int(Lang::Da, 999.0), "999");
        assert_eq!(pct(Lang::Da, 0.146), "14,6 %");
        assert_eq!(pct(Lang::En, 0.5), "50.0%");
        assert_eq!(pp(Lang::Da, 0.012), "+1,2");
        assert_eq!(pp(Lang::En, -0.004), "−0.4");
        assert_eq!(pp(Lang::En, 0.0), "0.0");
        // a difference that rounds to nothing has no sign ("-0,0" is not a number)
        assert_eq!(pp(Lang::Da, -0.0004), "0,0");
        assert_eq!(dec(Lang::Da, -0.04, 1), "0,0");
        assert_eq!(dec(Lang::Da, -1234.5, 1), "−1.234,5");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
