//! Identifiers: areas, layers (kinds of area) and years.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::ModelError;

/// The identifier of an area within its layer (e.g. `gladsaxe-vaerebro-park`, `159`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AreaId(String);

impl AreaId {
    /// An area id; it must be non-empty and free of control characters.
    pub fn new(id: impl Into<String>) -> Result<Self, ModelError> {
        let id = id.into();
        if id.trim().is_empty() || id.chars().any(char::is_control) {
            return Err(ModelError::parse(
                "a non-empty area id without control characters",
                id,
            ));
        }
        Ok(AreaId(id))
    }
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AreaId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A layer of areas: `housing_area`, `district`, `school_district`, `parish`, … plus the three
/// administrative layers that the aggregation always produces: `municipality`, `region`, `country`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Kind(String);

impl Kind {
    /// The municipality layer (areas are municipality codes, e.g. `159`).
    pub const MUNICIPALITY: &'static str = "municipality";
    /// The region layer (areas are region codes, e.g. `1084`).
    pub const REGION: &'static str = "region";
    /// The whole country (one area, `DK`).
    pub const COUNTRY: &'static str = "country";
    /// The layer the national lists are computed for.
    pub const HOUSING_AREA: &'static str = "housing_area";
    /// The municipality's districts.
    pub const DISTRICT: &'static str = "district";
    /// School districts (an area's id is the school's id).
    pub const SCHOOL_DISTRICT: &'static str = "school_district";
    /// The id of the single `country` area.
    pub const COUNTRY_ID: &'static str = "DK";

    /// A layer name: lower-case ASCII letters, digits and `_`.
    pub fn new(kind: impl Into<String>) -> Result<Self, ModelError> {
        let kind = kind.into();
        let ok = !kind.is_empty()
            && kind
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !ok {
            return Err(ModelError::parse("a layer name of a-z, 0-9 and _", kind));
        }
        Ok(Kind(kind))
    }
    /// The layer name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// True for `municipality`, `region` and `country`, which come from the persons table
    /// rather than from geometry.
    pub fn is_administrative(&self) -> bool {
        matches!(
            self.0.as_str(),
            Self::MUNICIPALITY | Self::REGION | Self::COUNTRY
        )
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A data year: persons are counted as of 1 January of the year; annual measures (income,
/// attachment, convictions) describe the preceding calendar year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Year(i32);

impl Year {
    /// The earliest year bydel accepts.
    pub const MIN: i32 = 1980;
    /// The latest year bydel accepts.
    pub const MAX: i32 = 2100;

    /// A year between [`Year::MIN`] and [`Year::MAX`].
    pub fn new(y: i32) -> Result<Self, ModelError> {
        if (Self::MIN..=Self::MAX).contains(&y) {
            Ok(Year(y))
        } else {
            Err(ModelError::Range {
                what: "year",
                expected: format!("{}..={}", Self::MIN, Self::MAX),
                found: y.to_string(),
            })
        }
    }
    /// The year as a number.
    pub fn get(self) -> i32 {
        self.0
    }
    /// The year `n` years later (negative for earlier); saturates at the allowed range.
    pub fn offset(self, n: i32) -> Year {
        Year((self.0 + n).clamp(Self::MIN, Self::MAX))
    }
}

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_validate() {
        assert!(AreaId::new("").is_err());
        assert!(AreaId::new("a\nb").is_err());
        assert_eq!(AreaId::new("159").unwrap().as_str(), "159");
        assert!(Kind::new("Housing").is_err());
        assert!(Kind::new("municipality").unwrap().is_administrative());
        assert!(Year::new(1979).is_err());
        assert_eq!(Year::new(2021).unwrap().offset(-1).get(), 2020);
    }
}
