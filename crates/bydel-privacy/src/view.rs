//! The attacker's view of a publication: for every published table, each row's key and, per
//! value column, whether the cell was shown (with the numbers it publishes) or suppressed.
//!
//! The release builds this view from its own tables while it decides what to suppress; the
//! audit builds the same view by reading the published CSV files back. Both then attack it with
//! the same code ([`crate::attack`]), so "released" and "audited" mean the same thing.

use crate::manifest::Manifest;

/// Everything published in one release.
#[derive(Debug, Clone)]
pub(crate) struct View {
    /// The structure: tables, columns, relations, policy.
    pub manifest: Manifest,
    /// One entry per manifest table, in the same order.
    pub tables: Vec<TableView>,
}

/// The rows of one published table.
#[derive(Debug, Clone, Default)]
pub(crate) struct TableView {
    /// The rows.
    pub rows: Vec<RowView>,
}

/// One published row.
#[derive(Debug, Clone)]
pub(crate) struct RowView {
    /// Key values.
    pub key: Vec<String>,
    /// One state per value column.
    pub cells: Vec<CellState>,
}

/// What the public sees of one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CellState {
    /// Shown, publishing these values of the column's quantities (as published, i.e. after
    /// rounding).
    Shown(Vec<i64>),
    /// Suppressed (`..`).
    Suppressed,
    /// No data (empty).
    Missing,
}
