//! The list year (opgørelsesår): the list of 1 December L.

use serde::{Deserialize, Serialize};
use std::fmt;

use bydel_model::Year;

use crate::error::RulesError;

/// A list year L: the list published on 1 December L. Its data years are given by the rule set
/// as offsets from L (data year L counts residents on 1 January L).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ListYear(i32);

impl ListYear {
    /// A list year in bydel's year range.
    pub fn new(y: i32) -> Result<Self, RulesError> {
        Year::new(y).map_err(|e| RulesError::Usage(format!("list year: {e}")))?;
        Ok(ListYear(y))
    }
    /// The year as a number.
    pub fn get(self) -> i32 {
        self.0
    }
    /// The list year `n` years earlier (`n` > 0), if still in range.
    pub fn back(self, n: i32) -> Option<ListYear> {
        ListYear::new(self.0 - n).ok()
    }
    /// The data year at an offset from this list year, if in range.
    pub fn data_year(self, offset: i32) -> Option<Year> {
        Year::new(self.0 + offset).ok()
    }
}

impl fmt::Display for ListYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}
