//! Methods as configuration: one TOML file per method preset (embedded in the binary), loadable
//! from a user's file too, so a city can write its own variant. See `methods/*.toml`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::bands::{Band, Bands};
use crate::error::IndexError;
use crate::stats::Deviation;

/// Which way an indicator points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher values mean more disadvantage (the default).
    #[default]
    HigherIsWorse,
    /// Higher values mean less disadvantage (e.g. income); the indicator is reversed.
    HigherIsBetter,
}

impl Direction {
    /// +1 or −1: the factor that makes higher mean worse.
    pub fn sign(self) -> f64 {
        match self {
            Direction::HigherIsWorse => 1.0,
            Direction::HigherIsBetter => -1.0,
        }
    }
}

/// Berlin's MSS: status and dynamics classes from z-standardised indicators.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MssMethod {
    /// A title for outputs.
    #[serde(default)]
    pub title: String,
    /// The standard deviation of the z-standardisation.
    pub standard_deviation: Deviation,
    /// Areas with fewer residents are not standardised or classified (0: no rule).
    #[serde(default)]
    pub min_population: u64,
    /// Named outliers: not standardised or classified.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Status indicators; empty = every indicator not in `dynamics`.
    #[serde(default)]
    pub status: Vec<String>,
    /// Dynamics indicators; empty = no dynamics index.
    #[serde(default)]
    pub dynamics: Vec<String>,
    /// Weights of indicators' z-scores (default 1).
    #[serde(default)]
    pub weights: BTreeMap<String, f64>,
    /// Indicator directions (default higher is worse).
    #[serde(default)]
    pub directions: BTreeMap<String, Direction>,
    /// Status classes of the standardised status sum.
    pub status_classes: Vec<Band>,
    /// Dynamics classes of the standardised dynamics sum.
    pub dynamics_classes: Vec<Band>,
}

/// One IMD domain: indicators combined into a domain score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// The domain's name.
    pub name: String,
    /// Its weight in the overall score.
    pub weight: f64,
    /// Its indicators (combined as the mean of their z-scores, weighted by `indicator_weights`).
    pub indicators: Vec<String>,
    /// Weights of the indicators within the domain (default 1).
    #[serde(default)]
    pub indicator_weights: BTreeMap<String, f64>,
}

/// English Indices of Deprivation style ranks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImdMethod {
    /// A title for outputs.
    #[serde(default)]
    pub title: String,
    /// C in X = −C·ln(1 − R·(1 − e^(−100/C))) (23 in the English indices).
    pub exponential_constant: f64,
    /// The standard deviation used to z-score indicators within a domain.
    pub standard_deviation: Deviation,
    /// Number of quantile groups of the overall rank (10: deciles).
    pub groups: usize,
    /// Indicator directions.
    #[serde(default)]
    pub directions: BTreeMap<String, Direction>,
    /// Domain weights by name, overriding those in `domains`.
    #[serde(default)]
    pub weights: BTreeMap<String, f64>,
    /// The domains; empty = one domain per indicator, equal weights.
    #[serde(default)]
    pub domains: Vec<Domain>,
}

/// One SVI theme: indicators whose percentile ranks are summed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    /// The theme's name.
    pub name: String,
    /// Its indicators.
    pub indicators: Vec<String>,
}

/// CDC Social Vulnerability Index style percentiles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SviMethod {
    /// A title for outputs.
    #[serde(default)]
    pub title: String,
    /// Indicators at or above this percentile rank are flagged (0.90 in the CDC SVI).
    pub flag_at: f64,
    /// Indicator directions.
    #[serde(default)]
    pub directions: BTreeMap<String, Direction>,
    /// The themes; empty = one theme of all indicators.
    #[serde(default)]
    pub themes: Vec<Theme>,
    /// Classes of the overall percentile rank.
    pub classes: Vec<Band>,
}

/// A method and its settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Method {
    /// Berlin's MSS.
    Mss(MssMethod),
    /// Deprivation ranks.
    Imd(ImdMethod),
    /// Vulnerability percentiles.
    Svi(SviMethod),
}

/// Command-line style changes to a method.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overrides {
    /// Status indicators (MSS) or the indicators to use (IMD, SVI: each its own domain/theme).
    pub status: Option<Vec<String>>,
    /// Dynamics indicators (MSS only).
    pub dynamics: Option<Vec<String>>,
    /// Indicator weights (MSS) or domain weights (IMD).
    pub weights: Vec<(String, f64)>,
}

/// The embedded presets: name and TOML text.
pub const PRESETS: [(&str, &str); 5] = [
    ("mss", include_str!("../methods/mss.toml")),
    ("mss-berlin", include_str!("../methods/mss-berlin.toml")),
    ("mss-dk", include_str!("../methods/mss-dk.toml")),
    ("imd", include_str!("../methods/imd.toml")),
    ("svi", include_str!("../methods/svi.toml")),
];

impl Method {
    /// An embedded preset by name (`mss`, `mss-berlin`, `mss-dk`, `imd`, `svi`).
    pub fn preset(name: &str) -> Result<Method, IndexError> {
        let (_, text) = PRESETS.iter().find(|(n, _)| *n == name).ok_or_else(|| {
            let names: Vec<&str> = PRESETS.iter().map(|(n, _)| *n).collect();
            IndexError::method(
                name,
                format!("no such preset; presets: {}", names.join(", ")),
            )
        })?;
        Method::from_toml(text, name)
    }

    /// A method from TOML text; `source` names it in errors.
    pub fn from_toml(text: &str, source: &str) -> Result<Method, IndexError> {
        let method: Method =
            toml::from_str(text).map_err(|e| IndexError::method(source, e.to_string()))?;
        method.check(source)?;
        Ok(method)
    }

    /// The method's short name (`mss`, `imd`, `svi`).
    pub fn name(&self) -> &'static str {
        match self {
            Method::Mss(_) => "mss",
            Method::Imd(_) => "imd",
            Method::Svi(_) => "svi",
        }
    }

    /// The method with command-line changes applied.
    pub fn with_overrides(mut self, o: &Overrides) -> Result<Method, IndexError> {
        let src = "command line";
        match &mut self {
            Method::Mss(m) => {
                if let Some(s) = &o.status {
                    m.status = s.clone();
                }
                if let Some(d) = &o.dynamics {
                    m.dynamics = d.clone();
                }
                m.weights.extend(o.weights.iter().cloned());
            }
            Method::Imd(m) => {
                if let Some(s) = &o.status {
                    m.domains = s.iter().map(|i| single_domain(i)).collect();
                }
                m.weights.extend(o.weights.iter().cloned());
            }
            Method::Svi(m) => {
                if let Some(s) = &o.status {
                    m.themes = vec![Theme {
                        name: "all".into(),
                        indicators: s.clone(),
                    }];
                }
                if !o.weights.is_empty() {
                    return Err(IndexError::method(
                        src,
                        "svi has no weights (themes are summed)",
                    ));
                }
            }
        }
        if o.dynamics.is_some() && !matches!(self, Method::Mss(_)) {
            return Err(IndexError::method(
                src,
                "dynamics indicators belong to mss only",
            ));
        }
        self.check(src)?;
        Ok(self)
    }

    fn check(&self, source: &str) -> Result<(), IndexError> {
        let err = |m: &str| Err(IndexError::method(source, m));
        match self {
            Method::Mss(m) => {
                Bands::new(m.status_classes.clone(), source, "status_classes")?;
                Bands::new(m.dynamics_classes.clone(), source, "dynamics_classes")?;
                check_weights(m.weights.values(), source)
            }
            Method::Imd(m) => {
                if !(m.exponential_constant.is_finite() && m.exponential_constant > 0.0) {
                    return err("exponential_constant must be positive");
                }
                if m.groups == 0 {
                    return err("groups must be at least 1");
                }
                let domain_weights = m.domains.iter().map(|d| &d.weight);
                check_weights(m.weights.values().chain(domain_weights), source)
            }
            Method::Svi(m) => {
                if !(0.0..=1.0).contains(&m.flag_at) {
                    return err("flag_at must lie in [0, 1]");
                }
                Bands::new(m.classes.clone(), source, "classes").map(|_| ())
            }
        }
    }
}

/// A domain of one indicator with weight 1.
pub(crate) fn single_domain(indicator: &str) -> Domain {
    Domain {
        name: indicator.to_string(),
        weight: 1.0,
        indicators: vec![indicator.to_string()],
        indicator_weights: BTreeMap::new(),
    }
}

fn check_weights<'a>(w: impl Iterator<Item = &'a f64>, source: &str) -> Result<(), IndexError> {
    for x in w {
        if !(x.is_finite() && *x >= 0.0) {
            return Err(IndexError::method(
                source,
                format!("weight {x}: must be ≥ 0 and finite"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_load() {
        for (name, _) in PRESETS {
            let m = Method::preset(name).unwrap();
            assert!(name.starts_with(m.name()), "{name}");
        }
        assert!(
            Method::preset("nope")
                .unwrap_err()
                .to_string()
                .contains("mss-berlin")
        );
    }

    #[test]
    fn unknown_keys_and_bad_values_are_errors() {
        let text = PRESETS[0]
            .1
            .replace("min_population = 300", "min_populaton = 300");
        assert!(
            Method::from_toml(&text, "x")
                .unwrap_err()
                .to_string()
                .contains("min_populaton")
        );
        let text = PRESETS[4].1.replace("flag_at = 0.90", "flag_at = 90");
        assert!(Method::from_toml(&text, "x").is_err());
    }

    #[test]
    fn overrides_apply() {
        let o = Overrides {
            status: Some(vec!["a".into()]),
            dynamics: None,
            weights: vec![("a".into(), 2.0)],
        };
        let Method::Mss(m) = Method::preset("mss").unwrap().with_overrides(&o).unwrap() else {
            panic!("not mss")
        };
        assert_eq!(m.status, ["a"]);
        assert_eq!(m.weights["a"], 2.0);
        let d = Overrides {
            dynamics: Some(vec![]),
            ..Overrides::default()
        };
        assert!(Method::preset("svi").unwrap().with_overrides(&d).is_err());
    }
}
