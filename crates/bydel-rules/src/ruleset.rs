//! One rule set: the criteria, thresholds and categories of one period of the law, read from a
//! versioned TOML file (see `rulesets/*.toml` and `docs/rules.md`).
//!
//! Thresholds are exact decimals written as strings (`"40"`, `"2.70"`); comparisons are exact.
//! Data years are offsets from the list year: `0` is data year L (persons on 1 January L, annual
//! measures of calendar year L−1), `-1` is data year L−1.

use serde::Deserialize;

use bydel_model::Rational;

use crate::error::RulesError;
use crate::list_year::ListYear;

/// How a multi-year mean is formed ("gennemsnit over de seneste 2 år").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Averaging {
    /// The mean of the yearly shares (bydel's default).
    MeanOfRates,
    /// One share of the summed numerators over the summed denominators.
    Pooled,
}

/// How a criterion's value is formed from its two measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Formula {
    /// numerator / denominator (a share of persons).
    Share,
    /// (numerator / denominator) divided by the same mean of the reference area.
    MeanRelative,
}

/// Which area a criterion is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reference {
    /// No reference.
    None,
    /// The `country` area (`DK`): the national average.
    Country,
    /// The `region` area the area belongs to.
    Region,
}

/// The unit a criterion is shown and thresholded in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Per hundred.
    Percent,
    /// Per ten thousand.
    #[serde(rename = "per_10000")]
    Per10000,
}

impl Unit {
    /// Units per whole (100 or 10,000).
    pub fn scale(self) -> Rational {
        match self {
            Unit::Percent => Rational::integer(100),
            Unit::Per10000 => Rational::integer(10_000),
        }
    }
    /// The short symbol for text.
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            Unit::Per10000 => "per 10,000",
        }
    }
}

/// A comparison as the law words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum Op {
    /// "overstiger": strictly greater.
    #[serde(rename = "gt")]
    StrictlyGreater,
    /// "udgør mindst": at least.
    #[serde(rename = "ge")]
    AtLeast,
    /// "mindre end": strictly less.
    #[serde(rename = "lt")]
    StrictlyLess,
}

impl Op {
    /// Whether `value op threshold` holds.
    pub fn holds(self, value: Rational, threshold: Rational) -> bool {
        let ord = crate::exact::cmp(value, threshold);
        match self {
            Op::StrictlyGreater => ord.is_gt(),
            Op::AtLeast => ord.is_ge(),
            Op::StrictlyLess => ord.is_lt(),
        }
    }
    /// The symbol (`>`, `≥`, `<`).
    pub fn symbol(self) -> &'static str {
        match self {
            Op::StrictlyGreater => ">",
            Op::AtLeast => "≥",
            Op::StrictlyLess => "<",
        }
    }
    /// True when the criterion is met by high values.
    pub fn high_is_met(self) -> bool {
        !matches!(self, Op::StrictlyLess)
    }
}

/// One criterion (A–E): how its value is computed and where it is found in a VALUES.csv.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Criterion {
    /// The letter (`A` … `E`).
    pub id: String,
    /// Danish name.
    pub name_da: String,
    /// English name.
    pub name_en: String,
    /// What one unit of the numerator is, in Danish ("dømte beboere 18+ år").
    pub persons_da: String,
    /// The same in English.
    pub persons_en: String,
    /// How the value is formed.
    pub formula: Formula,
    /// Numerator measure (a built-in measure name of `bydel_model::measure`).
    pub numerator: String,
    /// Numerator units per person (1,000,000 for micro-FTE).
    #[serde(default = "one")]
    pub numerator_per_person: i64,
    /// Denominator measure.
    pub denominator: String,
    /// Data years as offsets from the list year, newest first.
    pub data_years: Vec<i32>,
    /// The display and threshold unit.
    pub unit: Unit,
    /// The reference area.
    pub reference: Reference,
    /// The VALUES.csv column holding the value in percent.
    pub csv_column: String,
    /// The VALUES.csv column holding the reference value in percent, if any.
    #[serde(default)]
    pub csv_reference_column: Option<String>,
    /// The optional VALUES.csv column holding the denominator in persons (for margins).
    #[serde(default)]
    pub csv_persons_column: Option<String>,
    /// For a relative mean (D): the optional VALUES.csv column holding the reference's mean
    /// in its own unit (the region's mean income in DKK), for margins in that unit.
    #[serde(default)]
    pub csv_reference_mean_column: Option<String>,
}

fn one() -> i64 {
    1
}

/// One condition of a category: `criterion op threshold` (× the reference when asked).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The criterion's id.
    pub criterion: String,
    /// The comparison.
    pub op: Op,
    /// The threshold in the criterion's unit, or a factor when `times_reference`.
    #[serde(deserialize_with = "decimal")]
    pub threshold: Rational,
    /// Whether the threshold is a multiple of the criterion's reference value.
    #[serde(default)]
    pub times_reference: bool,
}

/// The consecutive-years rule of a category.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Consecutive {
    /// The category that must have held.
    pub category: String,
    /// In this many list years in a row, this one included.
    pub years: u32,
}

/// A category: met when every required category is met, every `all_of` condition holds, at
/// least `min_of` of the `any_of` conditions hold and the consecutive rule holds.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// bydel's id: `udsat`, `parallelsamfund`, `omdannelse` or `forebyggelse`.
    pub id: String,
    /// The period's Danish name (e.g. `ghettoområde`).
    pub name_da: String,
    /// English name.
    pub name_en: String,
    /// Categories that must also be met.
    #[serde(default)]
    pub requires: Vec<String>,
    /// Conditions that must all hold.
    #[serde(default)]
    pub all_of: Vec<Condition>,
    /// Conditions of which at least `min_of` must hold.
    #[serde(default)]
    pub any_of: Vec<Condition>,
    /// How many of `any_of` must hold.
    #[serde(default)]
    pub min_of: u32,
    /// The consecutive-years rule, if any.
    #[serde(default)]
    pub consecutive: Option<Consecutive>,
}

impl Category {
    /// Every condition with its column id (`udsat_A`, …) and whether it is an `all_of` one.
    pub fn conditions(&self) -> impl Iterator<Item = (String, &Condition)> {
        self.all_of
            .iter()
            .chain(&self.any_of)
            .map(|c| (format!("{}_{}", self.id, c.criterion), c))
    }
}

/// A whole rule set (one file).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// Short id (the first list year, e.g. `2021`).
    pub id: String,
    /// Title.
    pub title: String,
    /// The legal source.
    pub law: String,
    /// First list year the set applies to.
    pub first_list_year: i32,
    /// Last list year, or open-ended.
    #[serde(default)]
    pub last_list_year: Option<i32>,
    /// Minimum residents on 1 January of the list year for the official lists.
    pub min_residents: i64,
    /// The measure counting residents.
    pub population_measure: String,
    /// The only layer whose areas can be on the official lists.
    pub list_layer: String,
    /// How multi-year means are formed.
    pub averaging: Averaging,
    /// Categories whose conditions' criteria are listed in `criteria_met`.
    pub criteria_met: Vec<String>,
    /// The published-list precedence, first wins.
    pub published_order: Vec<String>,
    /// The criteria.
    #[serde(rename = "criterion")]
    pub criteria: Vec<Criterion>,
    /// The categories, each after the ones it requires.
    #[serde(rename = "category")]
    pub categories: Vec<Category>,
}

impl RuleSet {
    /// Parses and checks a rule set; `source` names the file in errors.
    pub fn from_toml(source: &str, text: &str) -> Result<Self, RulesError> {
        let set: RuleSet = toml::from_str(text).map_err(|e| RulesError::RuleSet {
            source_name: source.into(),
            message: e.to_string(),
        })?;
        set.check().map_err(|message| RulesError::RuleSet {
            source_name: source.into(),
            message,
        })?;
        Ok(set)
    }

    /// Whether the set applies to a list year.
    pub fn covers(&self, year: ListYear) -> bool {
        year.get() >= self.first_list_year && self.last_list_year.is_none_or(|l| year.get() <= l)
    }

    /// A criterion by id.
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    /// A category by id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    /// The same set with another averaging choice.
    pub fn with_averaging(mut self, averaging: Averaging) -> Self {
        self.averaging = averaging;
        self
    }

    /// The earliest data-year offset any criterion needs (e.g. −1 for two-year means).
    pub fn earliest_offset(&self) -> i32 {
        self.criteria
            .iter()
            .flat_map(|c| c.data_years.iter().copied())
            .min()
            .unwrap_or(0)
            .min(0)
    }

    fn check(&self) -> Result<(), String> {
        for c in &self.criteria {
            if c.data_years.is_empty() || c.numerator_per_person <= 0 {
                return Err(format!(
                    "criterion {}: empty data_years or bad numerator_per_person",
                    c.id
                ));
            }
        }
        for (i, cat) in self.categories.iter().enumerate() {
            self.check_category(i, cat)?;
        }
        for id in self.criteria_met.iter().chain(&self.published_order) {
            self.category(id)
                .ok_or_else(|| format!("unknown category {id:?}"))?;
        }
        Ok(())
    }

    fn check_category(&self, index: usize, cat: &Category) -> Result<(), String> {
        let earlier = |id: &str| self.categories[..index].iter().any(|c| c.id == id);
        for r in &cat.requires {
            if !earlier(r) {
                return Err(format!(
                    "category {}: requires {r:?}, which is not defined before it",
                    cat.id
                ));
            }
        }
        if let Some(cons) = &cat.consecutive
            && (!earlier(&cons.category) || cons.years == 0)
        {
            return Err(format!("category {}: bad consecutive rule", cat.id));
        }
        if cat.min_of as usize > cat.any_of.len() {
            return Err(format!(
                "category {}: min_of exceeds the number of any_of conditions",
                cat.id
            ));
        }
        for (_, cond) in cat.conditions() {
            let crit = self.criterion(&cond.criterion).ok_or_else(|| {
                format!(
                    "category {}: unknown criterion {:?}",
                    cat.id, cond.criterion
                )
            })?;
            if cond.times_reference && crit.reference != Reference::Country {
                return Err(format!(
                    "category {}: times_reference needs a country reference",
                    cat.id
                ));
            }
        }
        Ok(())
    }
}

fn decimal<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Rational, D::Error> {
    let text = String::deserialize(d)?;
    Rational::parse_decimal(&text).map_err(serde::de::Error::custom)
}
