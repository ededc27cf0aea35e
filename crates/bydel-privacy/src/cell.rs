//! What a result cell is: a count of persons, a share with its numerator and denominator, a
//! magnitude (sum or mean) with its contributors, or a plain number — and the column kinds that
//! say which quantities a cell publishes.
//!
//! A *quantity* is an additive integer measured per row (persons or DKK), named like the
//! counts table's measures (`residents`, `non_western`, `income_sum`). Cells in different
//! columns or tables that publish the same quantity for the same row key publish the *same*
//! number; disclosure control suppresses quantities, so a suppressed number is hidden
//! everywhere it appears.

use bydel_model::Missing;
use serde::{Deserialize, Serialize};

use crate::meaning::Meaning;

/// One cell of a [`crate::ResultTable`]. The variant must match its column's [`ColumnKind`].
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A number of persons (or households, dwellings: units that must not be singled out).
    Count(i64),
    /// A share: `numerator` of `denominator` persons.
    Share {
        /// Persons with the property.
        numerator: i64,
        /// Persons in the population.
        denominator: i64,
    },
    /// A sum of contributions (for `Sum` and `Mean` columns).
    Magnitude(Contributions),
    /// A number that discloses nothing by itself (an index, a threshold, a rank).
    Number(f64),
    /// A number or text computed from published quantities (for `Computed` columns): shown
    /// only when every quantity in `from` is published by the release.
    Computed {
        /// The value.
        value: Computed,
        /// The quantities it is computed from.
        from: Vec<QuantityRef>,
    },
    /// A text (a category label, a status).
    Text(String),
    /// No value, with the reason (not disclosure control: no data, zero denominator).
    Missing(Missing),
}

/// A sum of individual contributions (income in DKK), with what the dominance and p % rules
/// need: the number of contributors and the two largest absolute contributions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Contributions {
    /// The sum of all contributions.
    pub total: i64,
    /// The number of contributors.
    pub contributors: i64,
    /// The largest absolute contribution.
    pub largest: i64,
    /// The second largest absolute contribution (0 with fewer than two contributors).
    pub second: i64,
}

/// A value column: its name and what its cells publish.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Column name (the CSV header; component columns get suffixes).
    pub name: String,
    /// What the cells are.
    #[serde(flatten)]
    pub kind: ColumnKind,
}

/// What the cells of a column are and which quantities they publish.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ColumnKind {
    /// Counts of persons: publishes `quantity`.
    Count {
        /// The quantity counted.
        quantity: String,
    },
    /// Shares: publishes `numerator` and `denominator` (columns `_numerator`, `_denominator`).
    Share {
        /// The numerator's quantity.
        numerator: String,
        /// The denominator's quantity.
        denominator: String,
    },
    /// Means of contributions: publishes `sum` and `contributors` (`_sum`, `_contributors`).
    Mean {
        /// The quantity summed (DKK).
        sum: String,
        /// The quantity counting contributors (persons).
        contributors: String,
    },
    /// Sums of contributions: publishes `sum` and `contributors` (`_contributors`).
    Sum {
        /// The quantity summed (DKK).
        sum: String,
        /// The quantity counting contributors (persons).
        contributors: String,
    },
    /// Numbers or texts computed from quantities of the same row (a z-score, a status): shown
    /// only when every quantity in `from` is published for that row.
    Derived {
        /// The quantities the value is computed from.
        from: Vec<String>,
    },
    /// Numbers or texts about no person (a law threshold, a national constant).
    Public,
    /// Numbers or texts computed from quantities of any rows released together (a two-year
    /// mean, a comparison with the rest of the municipality, a trend, a sentence): each cell is
    /// a [`Cell::Computed`] naming its inputs, shown only when every input is published.
    Computed {
        /// The documented meaning (docs/published-format.md).
        meaning: Meaning,
        /// Decimals shown (the value is rounded half away from zero); all when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        decimals: Option<u8>,
    },
}

/// A quantity of one row of a table released together with the cell that refers to it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QuantityRef {
    /// The key columns of the row's table.
    pub key_columns: Vec<String>,
    /// The row's key.
    pub key: Vec<String>,
    /// The quantity.
    pub quantity: String,
}

/// The value of a [`Cell::Computed`].
#[derive(Debug, Clone, PartialEq)]
pub enum Computed {
    /// A number.
    Number(f64),
    /// A text (a label or a sentence).
    Text(String),
}

/// The unit of a quantity, which decides how much protection a hidden one needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Persons (non-negative; protected by an interval of at least `min_count`).
    Persons,
    /// Amounts in DKK (any sign; protected by an interval of at least p % of the value).
    Money,
}

impl Column {
    /// A count column publishing the quantity of the same name.
    pub fn count(name: &str) -> Column {
        Column {
            name: name.into(),
            kind: ColumnKind::Count {
                quantity: name.into(),
            },
        }
    }
    /// A share column.
    pub fn share(name: &str, numerator: &str, denominator: &str) -> Column {
        let kind = ColumnKind::Share {
            numerator: numerator.into(),
            denominator: denominator.into(),
        };
        Column {
            name: name.into(),
            kind,
        }
    }
    /// A mean column.
    pub fn mean(name: &str, sum: &str, contributors: &str) -> Column {
        let kind = ColumnKind::Mean {
            sum: sum.into(),
            contributors: contributors.into(),
        };
        Column {
            name: name.into(),
            kind,
        }
    }
    /// A sum column.
    pub fn sum(name: &str, sum: &str, contributors: &str) -> Column {
        let kind = ColumnKind::Sum {
            sum: sum.into(),
            contributors: contributors.into(),
        };
        Column {
            name: name.into(),
            kind,
        }
    }
    /// A column derived from the row's quantities.
    pub fn derived(name: &str, from: &[&str]) -> Column {
        let from = from.iter().map(|s| s.to_string()).collect();
        Column {
            name: name.into(),
            kind: ColumnKind::Derived { from },
        }
    }
    /// A column of values computed from published quantities, with their documented meaning.
    pub fn computed(name: &str, meaning: Meaning, decimals: Option<u8>) -> Column {
        Column {
            name: name.into(),
            kind: ColumnKind::Computed { meaning, decimals },
        }
    }

    /// A column of public numbers.
    pub fn public(name: &str) -> Column {
        Column {
            name: name.into(),
            kind: ColumnKind::Public,
        }
    }

    /// The quantities this column's cells publish, with their units, in component order.
    pub fn quantities(&self) -> Vec<(&str, Unit)> {
        match &self.kind {
            ColumnKind::Count { quantity } => vec![(quantity, Unit::Persons)],
            ColumnKind::Share {
                numerator,
                denominator,
            } => {
                vec![(numerator, Unit::Persons), (denominator, Unit::Persons)]
            }
            ColumnKind::Mean { sum, contributors } | ColumnKind::Sum { sum, contributors } => {
                vec![(sum, Unit::Money), (contributors, Unit::Persons)]
            }
            ColumnKind::Derived { .. } | ColumnKind::Public | ColumnKind::Computed { .. } => {
                Vec::new()
            }
        }
    }

    /// The CSV headers of this column (the value, then its components).
    pub fn headers(&self) -> Vec<String> {
        let n = &self.name;
        match &self.kind {
            ColumnKind::Share { .. } => {
                vec![
                    n.clone(),
                    format!("{n}_numerator"),
                    format!("{n}_denominator"),
                ]
            }
            ColumnKind::Mean { .. } => {
                vec![n.clone(), format!("{n}_sum"), format!("{n}_contributors")]
            }
            ColumnKind::Sum { .. } => vec![n.clone(), format!("{n}_contributors")],
            _ => vec![n.clone()],
        }
    }

    /// Whether `cell` is a valid cell for this column.
    pub fn accepts(&self, cell: &Cell) -> bool {
        matches!(
            (&self.kind, cell),
            (_, Cell::Missing(_))
                | (ColumnKind::Count { .. }, Cell::Count(_))
                | (ColumnKind::Share { .. }, Cell::Share { .. })
                | (
                    ColumnKind::Mean { .. } | ColumnKind::Sum { .. },
                    Cell::Magnitude(_)
                )
                | (
                    ColumnKind::Derived { .. } | ColumnKind::Public,
                    Cell::Number(_) | Cell::Text(_)
                )
                | (ColumnKind::Computed { .. }, Cell::Computed { .. })
        )
    }
}

impl Cell {
    /// The values of the quantities this cell publishes (same order as
    /// [`Column::quantities`]); empty for plain and missing cells.
    pub(crate) fn components(&self) -> Vec<i64> {
        match self {
            Cell::Count(n) => vec![*n],
            Cell::Share {
                numerator,
                denominator,
            } => vec![*numerator, *denominator],
            Cell::Magnitude(c) => vec![c.total, c.contributors],
            Cell::Number(_) | Cell::Text(_) | Cell::Missing(_) | Cell::Computed { .. } => {
                Vec::new()
            }
        }
    }

    /// Whether the cell's numbers are internally sane (non-negative counts, numerator at most
    /// the denominator, contributions consistent).
    pub(crate) fn is_sane(&self) -> bool {
        match self {
            Cell::Count(n) => *n >= 0,
            Cell::Share {
                numerator,
                denominator,
            } => (0..=*denominator).contains(numerator),
            Cell::Magnitude(c) => c.contributors >= 0 && c.largest >= c.second && c.second >= 0,
            Cell::Number(x) => x.is_finite(),
            Cell::Computed {
                value: Computed::Number(x),
                ..
            } => x.is_finite(),
            Cell::Computed { .. } => true,
            Cell::Text(_) | Cell::Missing(_) => true,
        }
    }
}
