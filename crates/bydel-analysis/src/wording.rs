//! Numbers in words for people: values in their unit, Danish and English, in the one number
//! format of bydel (`bydel_model::lang`: thousands point and decimal comma in Danish).

use bydel_model::Lang;
use bydel_model::lang::{dec, int};

use crate::indicator::{Indicator, Unit};

/// A value in the indicator's unit (`14,6 %`, `272.902 kr.`).
pub fn value(ind: &Indicator, v: f64, lang: Lang) -> String {
    match ind.unit {
        Unit::Share => format!("{} %", dec(lang, v * 100.0, 1)),
        Unit::Percent => format!("{} %", dec(lang, v, 1)),
        Unit::Grade => dec(lang, v, 1),
        Unit::Dkk => match lang {
            Lang::Da => format!("{} kr.", int(lang, v)),
            Lang::En => format!("{} DKK", int(lang, v)),
        },
    }
}

/// A change per year in the indicator's unit, signed (percentage points for shares):
/// `+1,2 procentpoint om året`.
pub fn slope(ind: &Indicator, v: f64, lang: Lang) -> String {
    let da = lang == Lang::Da;
    let pp = if da {
        "procentpoint"
    } else {
        "percentage points"
    };
    let magnitude = match ind.unit {
        Unit::Share => format!("{} {pp}", dec(lang, v.abs() * 100.0, 1)),
        Unit::Percent => format!("{} {pp}", dec(lang, v.abs(), 1)),
        Unit::Grade => dec(lang, v.abs(), 2),
        Unit::Dkk => format!("{}{}", int(lang, v.abs()), if da { " kr." } else { " DKK" }),
    };
    let sign = if v < 0.0 { "−" } else { "+" };
    format!(
        "{sign}{magnitude} {}",
        if da { "om året" } else { "a year" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indicator::Unit;

    fn ind(unit: Unit) -> Indicator {
        let mut i = crate::catalogue::Catalogue::builtin()
            .unwrap()
            .indicators()
            .next()
            .unwrap()
            .clone();
        i.unit = unit;
        i
    }

    #[test]
    fn values_and_slopes_in_both_languages() {
        assert_eq!(value(&ind(Unit::Share), 0.146, Lang::Da), "14,6 %");
        assert_eq!(value(&ind(Unit::Dkk), 272902.0, Lang::Da), "272.902 kr.");
        assert_eq!(value(&ind(Unit::Dkk), 272902.0, Lang::En), "272,902 DKK");
        assert_eq!(
            slope(&ind(Unit::Share), -0.012, Lang::Da),
            "−1,2 procentpoint om året"
        );
        // thousands in a slope keep their point (not turned into a decimal comma)
        assert_eq!(
            slope(&ind(Unit::Dkk), 1234.0, Lang::Da),
            "+1.234 kr. om året"
        );
        assert_eq!(slope(&ind(Unit::Grade), 0.05, Lang::En), "+0.05 a year");
    }
}
