//! The indicator catalogue: indicators and categories as data, from versioned TOML files.
//!
//! Each file holds one definition and says which with `type = "indicator"` or
//! `type = "category"`. The built-in files under `crates/bydel-analysis/indicators/` are embedded
//! in the binary; a user adds or replaces definitions by putting files in a folder
//! ([`Catalogue::with_sources`]), without touching Rust. A user file with the id of a built-in
//! replaces it.

use std::collections::{BTreeMap, BTreeSet};

use bydel_model::Rational;
use bydel_model::measure::{MeasureSpec, builtin_measures, is_valid_measure_name};
use serde::{Deserialize, Serialize};

use crate::error::AnalysisError;
use crate::indicator::{Indicator, IndicatorKind, Reference};

/// A category as a combination of indicator thresholds: at least `at_least` of `of` hold, and
/// every one of `also` holds. Entries are written `indicator_id:threshold_category`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Identifier (`udsat`, `parallelsamfund`, `forebyggelse`).
    pub id: String,
    /// Version of this definition.
    pub version: u32,
    /// Danish name.
    pub name_da: String,
    /// English name.
    pub name_en: String,
    /// How many of `of` must hold.
    pub at_least: usize,
    /// The criteria counted.
    pub of: Vec<String>,
    /// Criteria that must all hold as well.
    #[serde(default)]
    pub also: Vec<String>,
    /// Free-text notes.
    #[serde(default)]
    pub notes: String,
}

/// One criterion reference of a category: an indicator and the category of its threshold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionRef {
    /// The indicator id.
    pub indicator: String,
    /// The threshold's category.
    pub threshold: String,
}

impl CriterionRef {
    /// Parses `indicator:threshold`.
    pub fn parse(text: &str) -> Option<Self> {
        let (i, t) = text.split_once(':')?;
        Some(CriterionRef {
            indicator: i.trim().into(),
            threshold: t.trim().into(),
        })
    }
}

impl Category {
    /// The counted criteria, parsed (validated when the catalogue loads).
    pub fn of_refs(&self) -> Vec<CriterionRef> {
        self.of
            .iter()
            .filter_map(|s| CriterionRef::parse(s))
            .collect()
    }
    /// The required criteria, parsed.
    pub fn also_refs(&self) -> Vec<CriterionRef> {
        self.also
            .iter()
            .filter_map(|s| CriterionRef::parse(s))
            .collect()
    }
}

/// The built-in definition files, embedded at compile time (name, text).
pub const BUILTIN_FILES: &[(&str, &str)] = &[
    (
        "a_outside_work.toml",
        include_str!("../indicators/a_outside_work.toml"),
    ),
    (
        "b_convicted.toml",
        include_str!("../indicators/b_convicted.toml"),
    ),
    (
        "c_basic_education.toml",
        include_str!("../indicators/c_basic_education.toml"),
    ),
    ("d_income.toml", include_str!("../indicators/d_income.toml")),
    (
        "e_non_western.toml",
        include_str!("../indicators/e_non_western.toml"),
    ),
    (
        "youth_education_25.toml",
        include_str!("../indicators/youth_education_25.toml"),
    ),
    (
        "absence_mean.toml",
        include_str!("../indicators/absence_mean.toml"),
    ),
    (
        "absence_over_10.toml",
        include_str!("../indicators/absence_over_10.toml"),
    ),
    (
        "exam_average.toml",
        include_str!("../indicators/exam_average.toml"),
    ),
    (
        "language_focus_3y.toml",
        include_str!("../indicators/language_focus_3y.toml"),
    ),
    (
        "low_income_children.toml",
        include_str!("../indicators/low_income_children.toml"),
    ),
    (
        "single_parent_families.toml",
        include_str!("../indicators/single_parent_families.toml"),
    ),
    (
        "moved_last_year.toml",
        include_str!("../indicators/moved_last_year.toml"),
    ),
    (
        "children_6_16_non_western.toml",
        include_str!("../indicators/children_6_16_non_western.toml"),
    ),
    (
        "children_0_5_non_western.toml",
        include_str!("../indicators/children_0_5_non_western.toml"),
    ),
    (
        "pupils_non_western.toml",
        include_str!("../indicators/pupils_non_western.toml"),
    ),
    (
        "pupils_parents_outside_work.toml",
        include_str!("../indicators/pupils_parents_outside_work.toml"),
    ),
    (
        "daycare_non_western.toml",
        include_str!("../indicators/daycare_non_western.toml"),
    ),
    (
        "daycare_parents_outside_work.toml",
        include_str!("../indicators/daycare_parents_outside_work.toml"),
    ),
    (
        "survey_safety.toml",
        include_str!("../indicators/survey_safety.toml"),
    ),
    (
        "survey_parents_worry.toml",
        include_str!("../indicators/survey_parents_worry.toml"),
    ),
    (
        "survey_image.toml",
        include_str!("../indicators/survey_image.toml"),
    ),
    (
        "category_udsat.toml",
        include_str!("../indicators/category_udsat.toml"),
    ),
    (
        "category_parallelsamfund.toml",
        include_str!("../indicators/category_parallelsamfund.toml"),
    ),
    (
        "category_forebyggelse.toml",
        include_str!("../indicators/category_forebyggelse.toml"),
    ),
];

/// Indicators and categories, in id order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalogue {
    indicators: BTreeMap<String, Indicator>,
    categories: BTreeMap<String, Category>,
}

impl Catalogue {
    /// The built-in catalogue.
    pub fn builtin() -> Result<Self, AnalysisError> {
        Self::default().with_sources(
            BUILTIN_FILES
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string())),
        )
    }

    /// Adds (or replaces by id) the definitions in `(file name, text)` pairs, then validates the
    /// whole catalogue.
    pub fn with_sources(
        mut self,
        sources: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, AnalysisError> {
        for (file, text) in sources {
            self.add_source(&file, &text)?;
        }
        self.validate()?;
        Ok(self)
    }

    /// Every indicator, in id order.
    pub fn indicators(&self) -> impl Iterator<Item = &Indicator> {
        self.indicators.values()
    }

    /// Every category, in id order.
    pub fn categories(&self) -> impl Iterator<Item = &Category> {
        self.categories.values()
    }

    /// One indicator.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.get(id)
    }

    /// One category.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.get(id)
    }

    /// The measures the engine must compute beyond its built-ins, each once, in name order.
    pub fn required_measures(&self) -> Vec<MeasureSpec> {
        let builtin: BTreeSet<String> = builtin_measures().into_iter().map(|m| m.name).collect();
        let mut out: BTreeMap<String, MeasureSpec> = BTreeMap::new();
        for m in self.indicators.values().flat_map(|i| &i.measures) {
            if !builtin.contains(&m.name) {
                out.entry(m.name.clone()).or_insert_with(|| m.clone());
            }
        }
        out.into_values().collect()
    }

    /// Every measure name any indicator reads (numerators, denominators, sums of squares).
    pub fn used_measures(&self) -> BTreeSet<String> {
        let mut s = BTreeSet::new();
        for i in self.indicators.values() {
            s.insert(i.numerator.clone());
            s.insert(i.denominator.clone());
            s.extend(i.sum_sq.clone());
        }
        s
    }

    fn add_source(&mut self, file: &str, text: &str) -> Result<(), AnalysisError> {
        let err = |m: String| AnalysisError::definition(file, m);
        let mut table: toml::Table = toml::from_str(text).map_err(|e| err(e.to_string()))?;
        let ty = table
            .remove("type")
            .and_then(|v| v.as_str().map(str::to_owned));
        let value = toml::Value::Table(table);
        match ty.as_deref() {
            Some("indicator") => {
                let i: Indicator = value
                    .try_into()
                    .map_err(|e: toml::de::Error| err(e.to_string()))?;
                self.indicators.insert(i.id.clone(), i);
            }
            Some("category") => {
                let c: Category = value
                    .try_into()
                    .map_err(|e: toml::de::Error| err(e.to_string()))?;
                self.categories.insert(c.id.clone(), c);
            }
            other => {
                return Err(err(format!(
                    "field `type`: expected \"indicator\" or \"category\", found {other:?}"
                )));
            }
        }
        Ok(())
    }

    fn validate(&self) -> Result<(), AnalysisError> {
        for i in self.indicators.values() {
            validate_indicator(i)?;
        }
        for c in self.categories.values() {
            self.validate_category(c)?;
        }
        Ok(())
    }

    fn validate_category(&self, c: &Category) -> Result<(), AnalysisError> {
        let err = |m: String| AnalysisError::definition(format!("category {}", c.id), m);
        if c.at_least > c.of.len() {
            return Err(err(format!(
                "at_least = {} but only {} criteria",
                c.at_least,
                c.of.len()
            )));
        }
        for text in c.of.iter().chain(&c.also) {
            let r = CriterionRef::parse(text)
                .ok_or_else(|| err(format!("expected `indicator:threshold`, found {text:?}")))?;
            let ind = self
                .indicators
                .get(&r.indicator)
                .ok_or_else(|| err(format!("unknown indicator {:?}", r.indicator)))?;
            if ind.threshold(&r.threshold).is_none() {
                return Err(err(format!(
                    "{} has no threshold {:?}",
                    r.indicator, r.threshold
                )));
            }
        }
        Ok(())
    }
}

fn validate_indicator(i: &Indicator) -> Result<(), AnalysisError> {
    let err = |m: String| AnalysisError::definition(format!("indicator {}", i.id), m);
    if !is_valid_measure_name(&i.id) {
        return Err(err(
            "id: expected a-z, 0-9 and _, starting with a letter".into()
        ));
    }
    for m in [&i.numerator, &i.denominator]
        .into_iter()
        .chain(i.sum_sq.as_ref())
    {
        if !is_valid_measure_name(m) {
            return Err(err(format!("measure name {m:?}: expected a-z, 0-9 and _")));
        }
    }
    if i.scale <= 0 || i.window == 0 {
        return Err(err("scale and window must be positive".into()));
    }
    if i.kind == IndicatorKind::Mean && i.sum_sq.is_none() && i.assumed_sd.is_none() {
        return Err(err(
            "a mean needs `sum_sq` or `assumed_sd` for its interval".into(),
        ));
    }
    if i.trend_relative_to == Some(Reference::Absolute) {
        return Err(err(
            "trend_relative_to: expected \"country\" or \"region\" (leave it out to trend the value itself)".into(),
        ));
    }
    for t in &i.thresholds {
        let r = Rational::parse_decimal(&t.value).map_err(|e| err(format!("threshold: {e}")))?;
        if t.reference != Reference::Absolute && r <= Rational::ZERO {
            return Err(err("a relative threshold needs a positive factor".into()));
        }
    }
    for m in &i.measures {
        if !is_valid_measure_name(&m.name) {
            return Err(err(format!(
                "measure {:?}: expected a-z, 0-9 and _",
                m.name
            )));
        }
    }
    Ok(())
}
