//! One indicator definition, as written in a versioned TOML file under `indicators/`.
//!
//! An indicator is a ratio of two measures of the counts table: a share (`numerator` persons out
//! of `denominator` persons) or a mean (`numerator` is a sum, `denominator` the count it is summed
//! over). `scale` divides the numerator so that the value is in the indicator's unit (micro-FTE
//! → persons, milli-percent → percent, centi-grades → grades). Thresholds are optional and may be
//! absolute or relative to the country or the region (the national criteria B and D).

use bydel_model::Rational;
use bydel_model::measure::MeasureSpec;
use serde::{Deserialize, Serialize};

/// Whether the indicator is a share (Wilson intervals) or a mean (t-intervals).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    /// `numerator / denominator` of the same persons, in [0, 1].
    Share,
    /// A sum divided by a count.
    Mean,
}

/// Which way is bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// A higher value is worse (e.g. the share outside work).
    HigherIsWorse,
    /// A higher value is better (e.g. the exam average).
    HigherIsBetter,
}

impl Direction {
    /// +1 when higher is worse, −1 when higher is better: multiply a change by this to get its
    /// "worsening".
    pub fn worse_sign(self) -> f64 {
        match self {
            Direction::HigherIsWorse => 1.0,
            Direction::HigherIsBetter => -1.0,
        }
    }
}

/// The unit of an indicator's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// A share in [0, 1], shown as per cent.
    Share,
    /// Danish kroner.
    Dkk,
    /// A grade on the 7-point scale.
    Grade,
    /// A number that is itself a percentage (e.g. mean absence in per cent of school days).
    Percent,
}

/// Where the counts come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// Person-level registers, aggregated by the engine.
    Register,
    /// Institution registers (pupils, daycare, language assessments, families).
    Institution,
    /// Area-level survey results with sample sizes.
    Survey,
}

/// A comparison as the law words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    /// "overstiger": strictly greater.
    #[serde(rename = ">")]
    Greater,
    /// "udgør mindst": at least.
    #[serde(rename = ">=")]
    AtLeast,
    /// "mindre end": strictly less.
    #[serde(rename = "<")]
    Less,
    /// At most.
    #[serde(rename = "<=")]
    AtMost,
}

impl Op {
    /// Whether `a op b` holds.
    pub fn holds<T: PartialOrd>(self, a: T, b: T) -> bool {
        match self {
            Op::Greater => a > b,
            Op::AtLeast => a >= b,
            Op::Less => a < b,
            Op::AtMost => a <= b,
        }
    }
    /// Whether `a op b` holds for exact fractions, compared without overflow (never through
    /// `Rational`'s cross-multiplying `Ord`, which can wrap for 30-digit decimals).
    pub fn holds_exact(self, a: Rational, b: Rational) -> bool {
        let ord = bydel_rules::exact::cmp(a, b);
        match self {
            Op::Greater => ord.is_gt(),
            Op::AtLeast => ord.is_ge(),
            Op::Less => ord.is_lt(),
            Op::AtMost => ord.is_le(),
        }
    }
    /// The symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Greater => ">",
            Op::AtLeast => ">=",
            Op::Less => "<",
            Op::AtMost => "<=",
        }
    }
    /// +1 when meeting the threshold means going up, −1 when going down.
    pub fn up_sign(self) -> f64 {
        match self {
            Op::Greater | Op::AtLeast => 1.0,
            Op::Less | Op::AtMost => -1.0,
        }
    }
}

/// What a threshold's `value` is relative to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reference {
    /// The value itself is the threshold.
    Absolute,
    /// `value` × the same indicator for the whole country.
    Country,
    /// `value` × the same indicator for the area's region.
    Region,
}

/// One threshold: the area meets `criterion` of `category` when `value op (factor × reference)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// The category this threshold belongs to (e.g. `udsat`, `forebyggelse`).
    pub category: String,
    /// The comparison.
    pub op: Op,
    /// The threshold as an exact decimal (a share like `0.40`, or a factor like `3`).
    pub value: String,
    /// What `value` multiplies.
    #[serde(default = "absolute")]
    pub reference: Reference,
}

fn absolute() -> Reference {
    Reference::Absolute
}

impl Threshold {
    /// The threshold as an exact fraction (validated when the catalogue loads).
    pub fn rational(&self) -> Rational {
        Rational::parse_decimal(&self.value).unwrap_or(Rational::ZERO)
    }
}

/// How an institution (school, daycare) is compared with its surroundings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Surroundings {
    /// The indicator that describes the surroundings (e.g. non-Western share of children 6–16).
    pub indicator: String,
    /// The layer the surroundings are in (e.g. `school_district`, `district`).
    pub layer: String,
    /// How the surrounding area is found from the institution.
    pub link: Link,
}

/// How an institution finds its surrounding area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Link {
    /// The area with the same id (a school and its school district).
    SameId,
    /// The institution's `parent_id` in `areas.csv`.
    Parent,
}

/// One indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Identifier (`a-z`, `0-9`, `_`).
    pub id: String,
    /// Version of this definition; bump it when the meaning changes.
    pub version: u32,
    /// Danish name.
    pub name_da: String,
    /// English name.
    pub name_en: String,
    /// The population, in words (Danish and English).
    pub population: String,
    /// National criterion letter (A–E) when the indicator is one.
    #[serde(default)]
    pub criterion: Option<String>,
    /// Share or mean.
    pub kind: IndicatorKind,
    /// Numerator (share) or sum (mean) measure.
    pub numerator: String,
    /// Denominator (share) or count (mean) measure.
    pub denominator: String,
    /// The numerator is divided by this to reach the unit (default 1).
    #[serde(default = "one")]
    pub scale: i64,
    /// Unit of the value.
    pub unit: Unit,
    /// Which way is bad.
    pub direction: Direction,
    /// Number of years pooled (counts summed) for one value; 1 = single year.
    #[serde(default = "one_u")]
    pub window: u32,
    /// For means: a measure holding the sum of squares (in `scale²` units), if the engine has one.
    #[serde(default)]
    pub sum_sq: Option<String>,
    /// For means without `sum_sq`: an assumed person-level standard deviation in the unit
    /// (judgement, documented); the interval is then labelled `t_assumed_sd`.
    #[serde(default)]
    pub assumed_sd: Option<f64>,
    /// Where the counts come from.
    pub source: Source,
    /// Layers the indicator is meant for (empty = every geographic layer).
    #[serde(default)]
    pub layers: Vec<String>,
    /// Optional thresholds.
    #[serde(default)]
    pub thresholds: Vec<Threshold>,
    /// Trend the value relative to this area instead of in the indicator's unit: the value in
    /// per cent of the reference's value of the same year (D, income, is trended in per cent of
    /// the region's mean, so that inflation does not read as improvement). Default: the unit.
    #[serde(default)]
    pub trend_relative_to: Option<Reference>,
    /// For institution indicators: the surroundings to compare with.
    #[serde(default)]
    pub surroundings: Option<Surroundings>,
    /// New measures the engine must compute for this indicator.
    #[serde(default)]
    pub measures: Vec<MeasureSpec>,
    /// Free-text notes (provenance, caveats).
    #[serde(default)]
    pub notes: String,
}

fn one() -> i64 {
    1
}
fn one_u() -> u32 {
    1
}

impl Indicator {
    /// Whether the indicator applies to a layer.
    pub fn applies_to(&self, layer: &str) -> bool {
        if self.layers.is_empty() {
            !matches!(layer, "school" | "daycare")
        } else {
            self.layers.iter().any(|l| l == layer)
        }
    }
    /// The thresholds of one category.
    pub fn threshold(&self, category: &str) -> Option<&Threshold> {
        self.thresholds.iter().find(|t| t.category == category)
    }
}
