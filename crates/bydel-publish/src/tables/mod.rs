//! Every published table besides the atoms: each built from exact results, with every value a
//! computed cell whose inputs are the atoms its column's meaning names.
//!
//! - [`criteria`]: the criteria of the current rule set, per area and year, with numerators,
//!   denominators and the regional and national references.
//! - [`classification`]: the national lists as the rules compute them, with margins and
//!   explanations (housing areas).
//! - [`analysis`]: every catalogue indicator, each area against the rest of the municipality,
//!   trends, warnings, goals and school and daycare composition.
//! - [`context`]: segregation and the composite index.
//! - [`flows`]: flows in and out of the areas of one layer, the decomposition of change and life
//!   chances (`[flows]` in the config).
//! - [`flow_trends`]: the flow indicators' trends and warnings, with the catalogue's methods.
//! - [`evaluation`]: the interventions' estimated effects with intervals and verdicts.
//! - [`scenarios`]: lettings and physical-change scenarios year by year against the baseline.

pub mod analysis;
pub mod classification;
pub mod context;
pub mod criteria;
pub mod evaluation;
pub mod flow_trends;
pub mod flows;
pub mod scenarios;

use bydel_privacy::{Cell, ResultTable, Titles};

use crate::cells::Col;
use crate::error::PublishError;

/// A table under construction: name, titles, keys and columns.
#[derive(Debug)]
pub struct Builder {
    table: ResultTable,
    /// The columns, in order.
    pub cols: Vec<Col>,
}

impl Builder {
    /// A new table.
    pub fn new(
        name: &str,
        (da, en): (&str, &str),
        keys: &[&str],
        year_column: Option<&str>,
        cols: Vec<Col>,
    ) -> Result<Builder, PublishError> {
        let titles = Titles {
            da: da.into(),
            en: en.into(),
            year_column: year_column.map(String::from),
        };
        let table = ResultTable::new(name, keys, cols.iter().map(Col::column).collect())
            .map_err(|e| PublishError::step("release", e))?
            .with_titles(titles);
        Ok(Builder { table, cols })
    }

    /// The column named `name`.
    pub fn col(&self, name: &str) -> &Col {
        self.cols
            .iter()
            .find(|c| c.name == name)
            .expect("a column of this table")
    }

    /// Adds a row.
    pub fn push(
        &mut self,
        key: Vec<String>,
        population: Option<i64>,
        cells: Vec<Cell>,
    ) -> Result<(), PublishError> {
        self.table
            .push_row(key, population, cells)
            .map_err(|e| PublishError::step("release", e))
    }

    /// The finished table.
    pub fn finish(self) -> ResultTable {
        self.table
    }
}
