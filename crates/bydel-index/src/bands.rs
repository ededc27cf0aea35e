//! Class bands: an ordered list of classes, each up to a bound, that turns a score into a class.
//!
//! Each band but the last has exactly one upper bound, `below` (the score is strictly less) or
//! `at_most` (less or equal); the last band has none and takes the rest. Bounds rise. Berlin's
//! MSS status bands are `1: below −1`, `2: at_most 1`, `3: at_most 1.5`, `4`.

use serde::{Deserialize, Serialize};

use crate::error::IndexError;

/// One class and its upper bound.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// The class label written to the output (`1`, `+/-`, …).
    pub label: String,
    /// A description (`high status`, …).
    #[serde(default)]
    pub name: String,
    /// The score is in this band when strictly below this bound.
    #[serde(default)]
    pub below: Option<f64>,
    /// The score is in this band when at most this bound.
    #[serde(default)]
    pub at_most: Option<f64>,
}

/// A validated list of bands.
#[derive(Debug, Clone, PartialEq)]
pub struct Bands(Vec<Band>);

impl Bands {
    /// Checks the bands: at least one, bounds on all but the last, one bound each, rising.
    pub fn new(bands: Vec<Band>, source: &str, what: &str) -> Result<Self, IndexError> {
        let err = |m: String| IndexError::method(source, format!("{what}: {m}"));
        let Some((last, init)) = bands.split_last() else {
            return Err(err("no classes".into()));
        };
        if last.below.is_some() || last.at_most.is_some() {
            return Err(err(format!(
                "the last class {:?} takes the rest: no bound",
                last.label
            )));
        }
        let mut previous = f64::NEG_INFINITY;
        for b in init {
            let bound = match (b.below, b.at_most) {
                (Some(x), None) | (None, Some(x)) if x.is_finite() => x,
                _ => return Err(err(format!("class {:?} needs one finite bound", b.label))),
            };
            if bound < previous {
                return Err(err(format!("class {:?}: bounds must rise", b.label)));
            }
            previous = bound;
        }
        Ok(Bands(bands))
    }

    /// The band a score falls in.
    pub fn classify(&self, score: f64) -> &Band {
        self.0
            .iter()
            .find(|b| match (b.below, b.at_most) {
                (Some(x), _) => score < x,
                (_, Some(x)) => score <= x,
                (None, None) => true,
            })
            .unwrap_or_else(|| &self.0[self.0.len() - 1])
    }

    /// The bands in order.
    pub fn bands(&self) -> &[Band] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(label: &str, below: Option<f64>, at_most: Option<f64>) -> Band {
        Band {
            label: label.into(),
            name: String::new(),
            below,
            at_most,
        }
    }

    #[test]
    fn berlin_status_boundaries() {
        let bands = Bands::new(
            vec![
                band("1", Some(-1.0), None),
                band("2", None, Some(1.0)),
                band("3", None, Some(1.5)),
                band("4", None, None),
            ],
            "t",
            "status",
        )
        .unwrap();
        let label = |z: f64| bands.classify(z).label.clone();
        assert_eq!(label(-1.0000001), "1");
        assert_eq!(label(-1.0), "2");
        assert_eq!(label(1.0), "2");
        assert_eq!(label(1.0000001), "3");
        assert_eq!(label(1.5), "3");
        assert_eq!(label(1.5000001), "4");
    }

    #[test]
    fn invalid_bands_are_rejected() {
        assert!(Bands::new(vec![], "t", "x").is_err());
        assert!(Bands::new(vec![band("1", Some(1.0), None)], "t", "x").is_err());
        let falling = vec![
            band("1", Some(1.0), None),
            band("2", Some(0.0), None),
            band("3", None, None),
        ];
        assert!(Bands::new(falling, "t", "x").is_err());
        let both = vec![band("1", Some(1.0), Some(1.0)), band("2", None, None)];
        assert!(Bands::new(both, "t", "x").is_err());
    }
}
