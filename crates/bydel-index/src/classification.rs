//! What every index gives an area: a score and class with contributions and stability, or the
//! explicit reason it has none.

use std::fmt;

use serde::Serialize;

/// Why an area has no score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Exclusion {
    /// Fewer residents than the method's minimum.
    SmallPopulation {
        /// The area's residents.
        population: u64,
        /// The method's minimum.
        minimum: u64,
    },
    /// The method has a minimum population and the area's is not given.
    UnknownPopulation,
    /// Named as an outlier in the method.
    NamedOutlier,
    /// An indicator the index needs has no value.
    MissingIndicator {
        /// The indicator.
        indicator: String,
    },
}

impl fmt::Display for Exclusion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Exclusion::SmallPopulation {
                population,
                minimum,
            } => {
                write!(f, "population {population} < {minimum}")
            }
            Exclusion::UnknownPopulation => f.write_str("population unknown"),
            Exclusion::NamedOutlier => f.write_str("named outlier"),
            Exclusion::MissingIndicator { indicator } => write!(f, "no value for {indicator}"),
        }
    }
}

/// An area's result on one index.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Classification {
    /// Scored and classified.
    Classified {
        /// The score (MSS: z-score; IMD: overall score; SVI: overall percentile rank).
        score: f64,
        /// The class label.
        class: String,
        /// Each part's additive contribution to the score, in the index's part order.
        contributions: Vec<f64>,
        /// Share of simulated replicates in which the class stays the same, when the area's
        /// indicators come from counts; `None` when no uncertainty is known.
        stability: Option<f64>,
    },
    /// Not scored, with the reason.
    NotClassified(Exclusion),
}

impl Classification {
    /// The class label, if classified.
    pub fn class(&self) -> Option<&str> {
        match self {
            Classification::Classified { class, .. } => Some(class),
            Classification::NotClassified(_) => None,
        }
    }
    /// The score, if classified.
    pub fn score(&self) -> Option<f64> {
        match self {
            Classification::Classified { score, .. } => Some(*score),
            Classification::NotClassified(_) => None,
        }
    }
    /// The stability, if classified and known.
    pub fn stability(&self) -> Option<f64> {
        match self {
            Classification::Classified { stability, .. } => *stability,
            Classification::NotClassified(_) => None,
        }
    }
    /// The contributions, if classified.
    pub fn contributions(&self) -> Option<&[f64]> {
        match self {
            Classification::Classified { contributions, .. } => Some(contributions),
            Classification::NotClassified(_) => None,
        }
    }
    pub(crate) fn set_stability(&mut self, value: Option<f64>) {
        if let Classification::Classified { stability, .. } = self {
            *stability = value;
        }
    }
}
