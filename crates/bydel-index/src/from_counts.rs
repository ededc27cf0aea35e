//! Area tables from bydel's own aggregation output: one layer, one year of a [`CountsTable`].
//!
//! Each indicator names the measures it is computed from. Shares keep their counts, so the class
//! stability estimate knows their sampling uncertainty. [`danish_criteria`] gives the national
//! criteria as indicators, matching the `mss-dk` preset.

use bydel_model::measure::{self, MICRO};
use bydel_model::{CountsTable, Kind, Missing, Year};

use crate::error::IndexError;
use crate::table::{AreaRow, AreaTable, Observation, Share};

/// How an indicator is computed from measures.
#[derive(Debug, Clone, PartialEq)]
pub enum CountSource {
    /// A share in percent: `100 × numerator / denominator`, with counts.
    Share {
        /// The numerator measure.
        numerator: String,
        /// The denominator measure (persons).
        denominator: String,
        /// Units of the numerator per person (1 for persons, [`MICRO`] for micro-FTE).
        numerator_unit: i64,
    },
    /// The change of such a share since `years` years earlier, in percentage points.
    Change {
        /// The numerator measure.
        numerator: String,
        /// The denominator measure (persons).
        denominator: String,
        /// Units of the numerator per person.
        numerator_unit: i64,
        /// How many years back the base period lies.
        years: i32,
    },
    /// A ratio taken as exact (no counts): `numerator / denominator` (e.g. mean income).
    Ratio {
        /// The numerator measure.
        numerator: String,
        /// The denominator measure.
        denominator: String,
    },
}

/// An indicator of the area table and its source.
#[derive(Debug, Clone, PartialEq)]
pub struct CountIndicator {
    /// The indicator's name (a column of the area table).
    pub name: String,
    /// How it is computed.
    pub source: CountSource,
}

/// The areas of `kind` in `year` as an area table; `population` is the measure that counts
/// residents (e.g. `residents`). Areas come in id order, with their parent ids.
pub fn area_table(
    counts: &CountsTable,
    kind: &Kind,
    year: Year,
    indicators: &[CountIndicator],
    population: &str,
) -> Result<AreaTable, IndexError> {
    let rows: Vec<AreaRow> = counts
        .areas_of(kind)
        .map(|info| {
            let get = |m: &str, y: Year| counts.get(kind, &info.area_id, y, m);
            AreaRow {
                area_id: info.area_id.clone(),
                population: get(population, year).and_then(|p| u64::try_from(p).ok()),
                parent_id: info.parent_id.clone(),
                observations: indicators
                    .iter()
                    .map(|i| observe(&i.source, &get, year))
                    .collect(),
            }
        })
        .collect();
    if rows.is_empty() {
        return Err(IndexError::Data(format!(
            "no areas of layer {kind} in the counts"
        )));
    }
    AreaTable::new(indicators.iter().map(|i| i.name.clone()).collect(), rows)
}

/// The national criteria as indicators: outside the labour market (share of 18–64, in FTE),
/// convicted (share of 18+), basic education (share of 30–59), mean gross income (DKK, higher is
/// better) and non-Western origin (share of residents); and for dynamics the two-year changes of
/// the four shares (`*_change`).
pub fn danish_criteria() -> Vec<CountIndicator> {
    let shares = [
        (
            "outside_labour_market",
            measure::OUTSIDE_FTE_18_64,
            measure::AGE_18_64,
            MICRO,
        ),
        (
            "convicted",
            measure::CONVICTED_18_PLUS,
            measure::AGE_18_PLUS,
            1,
        ),
        (
            "basic_education",
            measure::BASIC_EDU_30_59,
            measure::AGE_30_59,
            1,
        ),
        ("non_western", measure::NON_WESTERN, measure::RESIDENTS, 1),
    ];
    let share = |(name, n, d, unit): (&str, &str, &str, i64)| CountIndicator {
        name: name.into(),
        source: CountSource::Share {
            numerator: n.into(),
            denominator: d.into(),
            numerator_unit: unit,
        },
    };
    let change = |(name, n, d, unit): (&str, &str, &str, i64)| CountIndicator {
        name: format!("{name}_change"),
        source: CountSource::Change {
            numerator: n.into(),
            denominator: d.into(),
            numerator_unit: unit,
            years: 2,
        },
    };
    let income = CountIndicator {
        name: "income".into(),
        source: CountSource::Ratio {
            numerator: measure::INCOME_SUM_15_64.into(),
            denominator: measure::INCOME_N_15_64.into(),
        },
    };
    let mut out: Vec<CountIndicator> = shares.into_iter().map(share).collect();
    out.insert(3, income);
    out.extend(shares.into_iter().map(change));
    out
}

fn observe(
    source: &CountSource,
    get: &impl Fn(&str, Year) -> Option<i64>,
    year: Year,
) -> Observation {
    let outcome = match source {
        CountSource::Share {
            numerator,
            denominator,
            numerator_unit,
        } => share(get, numerator, denominator, *numerator_unit, year).map(Observation::Share),
        CountSource::Change {
            numerator,
            denominator,
            numerator_unit,
            years,
        } => {
            let base_year = year.offset(-years);
            if base_year.get() != year.get() - years {
                Err(Missing::NoData)
            } else {
                let now = share(get, numerator, denominator, *numerator_unit, year);
                let base = share(get, numerator, denominator, *numerator_unit, base_year);
                now.and_then(|now| base.map(|base| Observation::Change { now, base }))
            }
        }
        CountSource::Ratio {
            numerator,
            denominator,
        } => match (get(numerator, year), get(denominator, year)) {
            (Some(_), Some(0)) => Err(Missing::ZeroDenominator),
            (Some(n), Some(d)) => Ok(Observation::Value(n as f64 / d as f64)),
            _ => Err(Missing::NoData),
        },
    };
    outcome.unwrap_or_else(Observation::Missing)
}

fn share(
    get: &impl Fn(&str, Year) -> Option<i64>,
    numerator: &str,
    denominator: &str,
    unit: i64,
    year: Year,
) -> Result<Share, Missing> {
    let (Some(n), Some(d)) = (get(numerator, year), get(denominator, year)) else {
        return Err(Missing::NoData);
    };
    if d <= 0 {
        return Err(Missing::ZeroDenominator);
    }
    // Micro-FTE numerators become whole person-equivalents (rounded) for the binomial model.
    let persons = (n as f64 / unit.max(1) as f64).round().max(0.0) as u64;
    Share::new(persons.min(d as u64), d as u64).map_err(|_| Missing::NoData)
}
