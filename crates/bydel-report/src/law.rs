//! The law's thresholds for the criteria A–E, as the report draws them (lov om almene boliger
//! § 61 a; the rules of 2010-2017 for the earlier ghettolister). Public constants, not data
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

/// The thresholds (in percent) of the base list (udsat boligområde; ghettoområde before 2018) under the rule
/// set of `rule_year`, read from bydel-rules' rule-set files — the one statement of the law.
/// E comes from the parallelsamfund/ghetto conditions; forebyggelse is not drawn. A threshold
/// relative to a reference (B as a multiple of the national average) has no fixed percent.
pub fn thresholds(rule_year: i32) -> [CriterionThreshold; 5] {
    let sets = bydel_rules::RuleSets::danish();
    let set = bydel_rules::ListYear::new(rule_year)
        .ok()
        .and_then(|y| sets.for_year(y).ok());
    ['A', 'B', 'C', 'D', 'E'].map(|letter| {
        let id = letter.to_string();
        let condition = set.and_then(|s| {
            s.categories
                .iter()
                .filter(|c| c.id != "forebyggelse")
                .flat_map(|c| c.conditions())
                .find(|(_, c)| c.criterion == id)
                .map(|(_, c)| c.clone())
        });
        // Thresholds are in the criterion's unit (percent, or per 10,000 in 2010-2012).
        let scale = set
            .and_then(|s| s.criteria.iter().find(|c| c.id == id))
            .map_or(100.0, |c| c.unit.scale().to_f64());
        CriterionThreshold {
            letter,
            percent: condition
                .as_ref()
                .filter(|c| !c.times_reference)
                .map(|c| c.threshold.to_f64() * 100.0 / scale),
            high_is_met: condition
                .as_ref()
                .map_or(letter != 'D', |c| c.op.high_is_met()),
        }
    })
}

/// The catalogue indicator of a criterion letter (A–E): the series the `indicators` and
/// `comparisons` tables publish with intervals and the rest of the municipality.
pub fn criterion_indicator(letter: char) -> Option<String> {
    catalogue()
        .indicators()
        .find(|i| i.criterion.as_deref() == Some(letter.to_string().as_str()))
        .map(|i| i.id.clone())
}

/// The built-in indicator catalogue (names, units, criterion letters), read once.
pub fn catalogue() -> &'static bydel_analysis::Catalogue {
    static CATALOGUE: std::sync::OnceLock<bydel_analysis::Catalogue> = std::sync::OnceLock::new();
    CATALOGUE.get_or_init(|| bydel_analysis::Catalogue::builtin().unwrap_or_default())
}

/// The criteria's names: (letter, Danish, English).
pub const CRITERIA: [(char, &str, &str); 5] = [
    (
        'A',
        "A: uden for arbejde og uddannelse (18-64 år)",
        "A: outside work and education (18-64)",
    ),
    (
        'B',
        "B: dømte (18 år og derover)",
        "B: convicted (18 and over)",
    ),
    (
        'C',
        "C: kun grunduddannelse (30-59 år)",
        "C: basic education only (30-59)",
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
        "non_western" | "E" => Some(('E', 0.5)),
        "basic_education_30_59" | "C" => Some(('C', 0.6)),
        _ => None,
    }
}
