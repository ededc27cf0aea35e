//! Every result's common parts: an estimate with its interval, a check of the pre-period, and a
//! plain Danish verdict sentence. "Ingen påviselig effekt" is a valid and important answer.

use serde::{Deserialize, Serialize};

/// A point estimate (in share units: 0.05 = 5 percentage points) with its interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Estimate {
    /// The estimate.
    pub value: f64,
    /// Lower end of the interval.
    pub low: f64,
    /// Upper end of the interval.
    pub high: f64,
    /// The standard error, where the method has one.
    pub se: Option<f64>,
    /// The two-sided p-value of "no effect", where the method has one.
    pub p_value: Option<f64>,
}

impl Estimate {
    /// Whether the interval includes 0.
    pub fn includes_zero(&self) -> bool {
        self.low <= 0.0 && self.high >= 0.0
    }
}

/// The check of the period before the start: did the treated areas follow their comparison?
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PreCheck {
    /// What was tested, in words (e.g. "Wald-test af førperiodens estimater, χ²(5)").
    pub test: String,
    /// The test statistic.
    pub statistic: f64,
    /// Its p-value (small: the pre-period paths differ).
    pub p_value: f64,
    /// Whether the check passed at the 5 % level.
    pub passed: bool,
}

/// Whether the result shows an effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// The interval lies above 0.
    Increase,
    /// The interval lies below 0.
    Decrease,
    /// The interval includes 0: no detectable effect.
    NoDetectableEffect,
}

/// The plain-language conclusion of one result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// What the interval says.
    pub evidence: Evidence,
    /// Whether the pre-period check passed (if not, the sentence carries a caveat).
    pub pre_period_ok: bool,
    /// One or two Danish sentences.
    pub sentence: String,
}

/// The verdict on an estimate of the effect on `outcome_da` by `method_da` (e.g.
/// "difference-in-differences"), at confidence `level`, with the pre-period check and an optional
/// further caveat.
pub fn verdict(
    outcome_da: &str,
    method_da: &str,
    est: &Estimate,
    level: f64,
    pre: &PreCheck,
    caveat: Option<&str>,
) -> Verdict {
    let evidence = if est.includes_zero() {
        Evidence::NoDetectableEffect
    } else if est.value > 0.0 {
        Evidence::Increase
    } else {
        Evidence::Decrease
    };
    let interval = format!(
        "{} %-interval {} til {}",
        pct(level * 100.0, 0),
        pp(est.low),
        pp(est.high)
    );
    let mut s = match evidence {
        Evidence::NoDetectableEffect => format!(
            "Ingen påviselig effekt på {outcome_da} ({method_da}): forskellen til sammenligningen er {} procentpoint ({interval}), og intervallet omfatter 0.",
            pp(est.value)
        ),
        Evidence::Increase | Evidence::Decrease => format!(
            "Indsatsen ser ud til at have {} {outcome_da} med {} procentpoint ({method_da}; {interval}).",
            if evidence == Evidence::Increase {
                "øget"
            } else {
                "sænket"
            },
            pp(est.value.abs()).trim_start_matches('+')
        ),
    };
    if !pre.passed {
        s.push_str(&format!(
            " Forbehold: før starten fulgte området ikke sammenligningen ({}, p = {}), så resultatet skal læses med varsomhed.",
            pre.test,
            pct(pre.p_value, 3)
        ));
    }
    if let Some(c) = caveat {
        s.push(' ');
        s.push_str(c);
    }
    Verdict {
        evidence,
        pre_period_ok: pre.passed,
        sentence: s,
    }
}

/// A share difference in percentage points with one decimal and a decimal comma ("+2,4").
pub fn pp(x: f64) -> String {
    let v = x * 100.0;
    let v = if v.abs() < 0.05 { 0.0 } else { v };
    format!("{v:+.1}").replace('.', ",")
}

/// A number with `decimals` decimals and a decimal comma.
pub fn pct(x: f64, decimals: usize) -> String {
    format!("{x:.decimals$}").replace('.', ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pre(passed: bool) -> PreCheck {
        PreCheck {
            test: "Wald-test".into(),
            statistic: 1.0,
            p_value: if passed { 0.4 } else { 0.01 },
            passed,
        }
    }

    #[test]
    fn sentences() {
        let e = Estimate {
            value: 0.031,
            low: 0.012,
            high: 0.05,
            se: None,
            p_value: None,
        };
        let v = verdict(
            "andelen i uddannelse",
            "difference-in-differences",
            &e,
            0.95,
            &pre(true),
            None,
        );
        assert_eq!(v.evidence, Evidence::Increase);
        assert!(
            v.sentence.starts_with(
                "Indsatsen ser ud til at have øget andelen i uddannelse med 3,1 procentpoint"
            ),
            "{}",
            v.sentence
        );
        assert!(v.sentence.contains("95 %-interval +1,2 til +5,0"));
        let e = Estimate {
            value: 0.004,
            low: -0.01,
            high: 0.02,
            se: None,
            p_value: None,
        };
        let v = verdict("andelen", "syntetisk kontrol", &e, 0.95, &pre(false), None);
        assert_eq!(v.evidence, Evidence::NoDetectableEffect);
        assert!(v.sentence.starts_with("Ingen påviselig effekt"));
        assert!(v.sentence.contains("Forbehold"));
        assert!(!v.pre_period_ok);
    }
}
