//! Measures: what the aggregation counts for every area and year.
//!
//! A measure is data: a population filter on the person-year rows and a quantity to add up
//! (persons, full-time equivalents outside work and education, or gross income). The built-in
//! measures below are what the national criteria need; indicator catalogues add their own
//! [`MeasureSpec`]s in files, and the engine computes every measure in one pass.
//!
//! Units are integers so that sums are exact: persons, DKK, and **micro-FTE** for attachment (one
//! person outside work and education the whole year = 1,000,000).

use serde::{Deserialize, Serialize};

use crate::codes::{Education, Origin, Sex};

/// One micro-FTE unit per person-year: `outside_fte` is stored in millionths.
pub const MICRO: i64 = 1_000_000;

/// Residents (all ages).
pub const RESIDENTS: &str = "residents";
/// Residents aged 18–64.
pub const AGE_18_64: &str = "age_18_64";
/// Sum of `outside_fte` among residents 18–64, in micro-FTE (criterion A numerator).
pub const OUTSIDE_FTE_18_64: &str = "outside_fte_micro_18_64";
/// Residents aged 30–59.
pub const AGE_30_59: &str = "age_30_59";
/// Residents 30–59 with basic or unknown education (criterion C numerator).
pub const BASIC_EDU_30_59: &str = "basic_or_unknown_edu_30_59";
/// Residents 30–59 with unknown education (shown for transparency).
pub const UNKNOWN_EDU_30_59: &str = "unknown_edu_30_59";
/// Taxable residents 15–64 not in education (criterion D denominator).
pub const INCOME_N_15_64: &str = "income_n_15_64";
/// Their summed gross income in DKK (criterion D numerator).
pub const INCOME_SUM_15_64: &str = "income_sum_15_64";
/// Immigrants and descendants from non-Western countries (criterion E numerator).
pub const NON_WESTERN: &str = "non_western";
/// Immigrants and descendants of any origin.
pub const IMMIGRANTS_DESCENDANTS: &str = "immigrants_descendants";
/// Residents aged 18 and over.
pub const AGE_18_PLUS: &str = "age_18plus";
/// Residents 18+ with a guilty decision under straffeloven, våbenloven or lov om euforiserende
/// stoffer in the calendar year before the data year (criterion B numerator).
pub const CONVICTED_18_PLUS: &str = "convicted_18plus";

/// What a measure adds up over the persons in its population.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    /// One per person.
    Count,
    /// `outside_fte` in micro-FTE.
    OutsideFteMicro,
    /// `gross_income` in DKK.
    GrossIncome,
}

/// Which person-year rows a measure covers. Every field is optional; an absent field does not
/// filter. Ages are as of 1 January of the data year, inclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Population {
    /// Lowest age included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_min: Option<u8>,
    /// Highest age included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_max: Option<u8>,
    /// Sexes included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Vec<Sex>>,
    /// Origins included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Vec<Origin>>,
    /// Highest educations included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub education: Option<Vec<Education>>,
    /// Immigrants and descendants from non-Western countries (true) or everyone else (false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub non_western: Option<bool>,
    /// In education (`in_education`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_education: Option<bool>,
    /// Taxable (`taxable`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub taxable: Option<bool>,
    /// With a guilty decision under the three laws of criterion B in the year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub convicted: Option<bool>,
    /// Moved to the address during the preceding calendar year (needs `moved_in`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved_last_year: Option<bool>,
}

/// A measure: a name, a population and a quantity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureSpec {
    /// The measure's name in the counts table (`a-z`, `0-9`, `_`).
    pub name: String,
    /// What it counts, in words.
    pub description: String,
    /// Which rows it covers.
    #[serde(default)]
    pub population: Population,
    /// What it adds up.
    pub quantity: Quantity,
}

impl MeasureSpec {
    fn new(name: &str, description: &str, population: Population, quantity: Quantity) -> Self {
        MeasureSpec {
            name: name.into(),
            description: description.into(),
            population,
            quantity,
        }
    }
}

fn ages(min: u8, max: Option<u8>) -> Population {
    Population {
        age_min: Some(min),
        age_max: max,
        ..Population::default()
    }
}

/// The measures the national criteria (A–E, all rule periods) need, in a fixed order.
pub fn builtin_measures() -> Vec<MeasureSpec> {
    use Quantity::*;
    let all = Population::default();
    vec![
        MeasureSpec::new(RESIDENTS, "residents on 1 January", all.clone(), Count),
        MeasureSpec::new(AGE_18_64, "residents aged 18-64", ages(18, Some(64)), Count),
        MeasureSpec::new(
            OUTSIDE_FTE_18_64,
            "full-time equivalents outside work and education, residents 18-64 (micro-FTE)",
            ages(18, Some(64)),
            OutsideFteMicro,
        ),
        MeasureSpec::new(AGE_30_59, "residents aged 30-59", ages(30, Some(59)), Count),
        MeasureSpec::new(
            BASIC_EDU_30_59,
            "residents 30-59 whose highest education is basic or unknown",
            Population {
                education: Some(vec![Education::Basic, Education::Unknown]),
                ..ages(30, Some(59))
            },
            Count,
        ),
        MeasureSpec::new(
            UNKNOWN_EDU_30_59,
            "residents 30-59 with unknown education",
            Population {
                education: Some(vec![Education::Unknown]),
                ..ages(30, Some(59))
            },
            Count,
        ),
        MeasureSpec::new(
            INCOME_N_15_64,
            "taxable residents 15-64 not in education",
            income_population(),
            Count,
        ),
        MeasureSpec::new(
            INCOME_SUM_15_64,
            "gross income (DKK) of taxable residents 15-64 not in education",
            income_population(),
            GrossIncome,
        ),
        MeasureSpec::new(
            NON_WESTERN,
            "immigrants and descendants from non-Western countries",
            Population {
                non_western: Some(true),
                ..all.clone()
            },
            Count,
        ),
        MeasureSpec::new(
            IMMIGRANTS_DESCENDANTS,
            "immigrants and descendants of any origin",
            Population {
                origin: Some(vec![Origin::Immigrant, Origin::Descendant]),
                ..all
            },
            Count,
        ),
        MeasureSpec::new(
            AGE_18_PLUS,
            "residents aged 18 and over",
            ages(18, None),
            Count,
        ),
        MeasureSpec::new(
            CONVICTED_18_PLUS,
            "residents 18+ with a guilty decision under straffeloven, vaabenloven or lov om \
             euforiserende stoffer in the preceding calendar year",
            Population {
                convicted: Some(true),
                ..ages(18, None)
            },
            Count,
        ),
    ]
}

fn income_population() -> Population {
    Population {
        taxable: Some(true),
        in_education: Some(false),
        ..ages(15, Some(64))
    }
}

/// Checks a measure name: `a-z`, `0-9` and `_`, starting with a letter.
pub fn is_valid_measure_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_are_unique_and_well_named() {
        let m = builtin_measures();
        let mut names: Vec<_> = m.iter().map(|m| m.name.as_str()).collect();
        assert!(names.iter().all(|n| is_valid_measure_name(n)));
        names.sort();
        names.dedup();
        assert_eq!(names.len(), m.len());
    }

    #[test]
    fn measures_are_data() {
        let spec: MeasureSpec = serde_json::from_str(
            r#"{"name":"age_25","description":"25-year-olds","population":{"age_min":25,"age_max":25},"quantity":"count"}"#,
        )
        .unwrap();
        assert_eq!(spec.population.age_min, Some(25));
    }
}
