//! The law's thresholds for the criteria A–E, as the report draws them (lov om almene boliger
//! § 61 a; the rules of 2010–2017 for the earlier ghettolister). Public constants, not data
//! about persons. Values are in percent, like the classification table's `A_value`…`E_value`.

/// One criterion's threshold under a rule-set era.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CriterionThreshold {
    /// The criterion letter.
    pub letter: char,
    /// The threshold in percent, if it is a fixed number (B from 2018 is relative to the
    /// national average, which the published tables do not carry).
    pub percent: Option<f64>,
    /// Whether a value above the threshold meets the criterion (false for income, D).
    pub high_is_met: bool,
}

/// The thresholds for udsat boligområde/ghettoområde under the rule set of `rule_year`.
pub fn thresholds(rule_year: i32) -> [CriterionThreshold; 5] {
    let t = |letter, percent, high_is_met| CriterionThreshold {
        letter,
        percent,
        high_is_met,
    };
    if rule_year >= 2018 {
        [
            t('A', Some(40.0), true),
            t('B', None, true),
            t('C', Some(60.0), true),
            t('D', Some(55.0), false),
            t('E', Some(50.0), true),
        ]
    } else {
        [
            t('A', Some(40.0), true),
            t('B', Some(2.7), true),
            t('C', Some(50.0), true),
            t('D', Some(55.0), false),
            t('E', Some(50.0), true),
        ]
    }
}

/// The criteria's names: (letter, Danish, English).
pub const CRITERIA: [(char, &str, &str); 5] = [
    (
        'A',
        "A: uden for arbejde og uddannelse (18–64 år)",
        "A: outside work and education (18–64)",
    ),
    (
        'B',
        "B: dømte (18 år og derover)",
        "B: convicted (18 and over)",
    ),
    (
        'C',
        "C: kun grunduddannelse (30–59 år)",
        "C: basic education only (30–59)",
    ),
    (
        'D',
        "D: indkomst i procent af regionens",
        "D: income as a percentage of the region's",
    ),
    (
        'E',
        "E: ikke-vestlige indvandrere og efterkommere",
        "E: non-Western immigrants and descendants",
    ),
];

/// The published share columns whose threshold is fixed by the current law (share in [0, 1]).
pub fn share_threshold(column: &str) -> Option<(char, f64)> {
    match column {
        "non_western" => Some(('E', 0.5)),
        "basic_education_30_59" => Some(('C', 0.6)),
        _ => None,
    }
}
