//! The documented meaning of a published column (docs/published-format.md): every released number
//! as a function of *atoms*, the integers of the confidential counts table
//! `(kind, area_id, year, measure)`.
//!
//! The release writes a meaning for every column into the manifest, so that a reader — the report,
//! an analyst, or an attacker such as `bydel audit` — knows exactly what each number is computed
//! from without trusting any relation the release declares.

use serde::{Deserialize, Serialize};

/// One atom times a coefficient, relative to the row: the row's area and year unless `area` or
/// `year_offset` say otherwise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Term {
    /// The atom's measure (a counts-table measure name).
    pub measure: String,
    /// Added to the row's year.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub year_offset: i32,
    /// The atom's area: the row's own, or a named one.
    #[serde(default, skip_serializing_if = "AreaRef::is_self")]
    pub area: AreaRef,
    /// The coefficient.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub coef: f64,
}

/// Which area a term's atom belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(untagged)]
pub enum AreaRef {
    /// The row's area (`"self"`).
    #[default]
    #[serde(with = "self_tag")]
    Own,
    /// A named area.
    Named {
        /// Its layer.
        kind: String,
        /// Its id.
        area_id: String,
    },
}

/// What a column's values are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Meaning {
    /// Σ coef · atom (a count is a sum of one term).
    Sum {
        /// The terms.
        terms: Vec<Term>,
    },
    /// `scale` · Σ num / Σ den.
    Ratio {
        /// Numerator terms.
        num: Vec<Term>,
        /// Denominator terms.
        den: Vec<Term>,
        /// Multiplier (1 for a share in [0, 1], 100 for percent).
        #[serde(default = "one", skip_serializing_if = "is_one")]
        scale: f64,
    },
    /// The mean over `parts` of `scale` · Σ num / Σ den (a multi-year mean).
    MeanRatio {
        /// The ratios averaged.
        parts: Vec<RatioPart>,
        /// Multiplier.
        #[serde(default = "one", skip_serializing_if = "is_one")]
        scale: f64,
    },
    /// A non-linear function of the atoms in `from`, released only when all of them are.
    Derived {
        /// The atoms it is computed from.
        from: Vec<Term>,
    },
    /// Text whose numbers are the row's released values in the columns `numbers_from`.
    Text {
        /// The columns whose values the text may carry.
        #[serde(default)]
        numbers_from: Vec<String>,
    },
    /// A public label or code; no person count.
    Label,
    /// A public constant (a law threshold).
    Constant,
}

/// One ratio of a [`Meaning::MeanRatio`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatioPart {
    /// Numerator terms.
    pub num: Vec<Term>,
    /// Denominator terms.
    pub den: Vec<Term>,
}

impl Term {
    /// The row's own atom of `measure` in the row's year.
    pub fn own(measure: &str) -> Term {
        Term {
            measure: measure.into(),
            year_offset: 0,
            area: AreaRef::Own,
            coef: 1.0,
        }
    }
    /// This term `offset` years from the row's year.
    pub fn years_back(mut self, offset: i32) -> Term {
        self.year_offset = offset;
        self
    }
    /// This term in another area.
    pub fn in_area(mut self, kind: &str, area_id: &str) -> Term {
        self.area = AreaRef::Named {
            kind: kind.into(),
            area_id: area_id.into(),
        };
        self
    }
    /// This term times `coef`.
    pub fn times(mut self, coef: f64) -> Term {
        self.coef = coef;
        self
    }
}

impl AreaRef {
    fn is_self(&self) -> bool {
        *self == AreaRef::Own
    }
}

impl Meaning {
    /// A count: the row's own atom of `measure`.
    pub fn count(measure: &str) -> Meaning {
        Meaning::Sum {
            terms: vec![Term::own(measure)],
        }
    }
    /// The row's own share `num / den` (scale 1).
    pub fn share(num: &str, den: &str) -> Meaning {
        Meaning::Ratio {
            num: vec![Term::own(num)],
            den: vec![Term::own(den)],
            scale: 1.0,
        }
    }
}

fn one() -> f64 {
    1.0
}
fn is_one(x: &f64) -> bool {
    *x == 1.0
}
fn is_zero(x: &i32) -> bool {
    *x == 0
}

/// (De)serialises [`AreaRef::Own`] as the string `"self"`.
mod self_tag {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str("self")
    }
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<(), D::Error> {
        let s = String::deserialize(d)?;
        if s == "self" {
            Ok(())
        } else {
            Err(serde::de::Error::custom("expected \"self\""))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meanings_serialise_as_the_documented_json() {
        let m = Meaning::Ratio {
            num: vec![Term::own("x").times(1e-6)],
            den: vec![Term::own("n").in_area("municipality", "159").years_back(-1)],
            scale: 1.0,
        };
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"op": "ratio",
                "num": [{"measure": "x", "coef": 0.000001}],
                "den": [{"measure": "n", "year_offset": -1,
                         "area": {"kind": "municipality", "area_id": "159"}}]})
        );
        let back: Meaning = serde_json::from_value(json).unwrap();
        assert_eq!(back, m);
        let own: Term = serde_json::from_str(r#"{"measure": "x", "area": "self"}"#).unwrap();
        assert_eq!(own, Term::own("x"));
    }
}
