//! The counts table: the output of the aggregation and the input of every analysis.
//!
//! Long format, one row per (layer, area, year, measure) with an exact integer value, plus one
//! [`AreaInfo`] per area (name, parent, municipality and region). Stored on disk as
//! `counts.parquet` and `areas.csv` (see `docs/data-format.md`); held in memory indexed by
//! (layer, area, year) with a dense vector of measures.

use serde::{Deserialize, Serialize};
use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::ids::{AreaId, Kind, Year};

/// One area of one layer, with its place in the hierarchy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AreaInfo {
    /// The layer.
    pub kind: Kind,
    /// The id within the layer.
    pub area_id: AreaId,
    /// Display name.
    pub name: String,
    /// The enclosing area's id (e.g. a housing area's district), if given.
    pub parent_id: Option<AreaId>,
    /// The municipality code the area belongs to (the one most of its residents live in).
    pub municipality: Option<u16>,
    /// The region code the area belongs to.
    pub region: Option<u16>,
}

/// The key of one cell row: layer, area and year.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CountKey {
    /// The layer.
    pub kind: Kind,
    /// The area.
    pub area_id: AreaId,
    /// The data year.
    pub year: Year,
}

/// One long-format row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountRow {
    /// The layer.
    pub kind: Kind,
    /// The area.
    pub area_id: AreaId,
    /// The data year.
    pub year: Year,
    /// The measure's name.
    pub measure: String,
    /// The exact value (persons, DKK or micro-FTE).
    pub value: i64,
}

/// All counts, indexed for lookup.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CountsTable {
    measures: Vec<String>,
    measure_index: HashMap<String, usize>,
    cells: BTreeMap<CountKey, Vec<Option<i64>>>,
    areas: BTreeMap<(Kind, AreaId), AreaInfo>,
}

impl CountsTable {
    /// An empty table with the given measures (in this column order).
    pub fn new(measures: impl IntoIterator<Item = String>) -> Self {
        let mut t = CountsTable::default();
        for m in measures {
            t.measure_id(&m);
        }
        t
    }

    /// Records an area's description (replacing an earlier one).
    pub fn add_area(&mut self, info: AreaInfo) {
        self.areas
            .insert((info.kind.clone(), info.area_id.clone()), info);
    }

    /// Sets one value, adding the measure if it is new.
    pub fn set(&mut self, key: CountKey, measure: &str, value: i64) {
        let m = self.measure_id(measure);
        self.set_row(key, &[(m, value)]);
    }

    /// The column of a measure, adding the measure if it is new (for [`CountsTable::set_row`]).
    pub fn measure_column(&mut self, measure: &str) -> usize {
        self.measure_id(measure)
    }

    /// Sets several values of one key at once: (measure column, value) pairs, columns from
    /// [`CountsTable::measure_column`]. One key, one map lookup, however many measures.
    pub fn set_row(&mut self, key: CountKey, values: &[(usize, i64)]) {
        let width = self.measures.len();
        let row = self.cells.entry(key).or_insert_with(|| vec![None; width]);
        row.resize(width, None);
        for &(m, v) in values {
            row[m] = Some(v);
        }
    }

    /// Adds one long-format row.
    pub fn insert(&mut self, row: CountRow) {
        let key = CountKey {
            kind: row.kind,
            area_id: row.area_id,
            year: row.year,
        };
        self.set(key, &row.measure, row.value);
    }

    /// The value of a measure for an area and year; `None` when absent.
    pub fn get(&self, kind: &Kind, area_id: &AreaId, year: Year, measure: &str) -> Option<i64> {
        let m = *self.measure_index.get(measure)?;
        let key: &dyn KeyView = &(kind.as_str(), area_id.as_str(), year);
        self.cells.get(key)?.get(m).copied().flatten()
    }

    /// Every value of an area and year, in measure column order; `None` when the key is absent.
    /// Does not allocate.
    pub fn values(&self, kind: &Kind, area_id: &AreaId, year: Year) -> Option<&[Option<i64>]> {
        let key: &dyn KeyView = &(kind.as_str(), area_id.as_str(), year);
        self.cells.get(key).map(Vec::as_slice)
    }

    /// The measure names, in column order.
    pub fn measures(&self) -> &[String] {
        &self.measures
    }

    /// Every year that has at least one cell.
    pub fn years(&self) -> BTreeSet<Year> {
        self.cells.keys().map(|k| k.year).collect()
    }

    /// Every layer that has at least one area.
    pub fn kinds(&self) -> BTreeSet<Kind> {
        self.cells.keys().map(|k| k.kind.clone()).collect()
    }

    /// The areas of a layer, in id order.
    pub fn areas_of<'a>(&'a self, kind: &'a Kind) -> impl Iterator<Item = &'a AreaInfo> + 'a {
        self.areas.values().filter(move |a| &a.kind == kind)
    }

    /// Every area description.
    pub fn areas(&self) -> impl Iterator<Item = &AreaInfo> {
        self.areas.values()
    }

    /// One area's description.
    pub fn area(&self, kind: &Kind, area_id: &AreaId) -> Option<&AreaInfo> {
        let key: &dyn AreaView = &(kind.as_str(), area_id.as_str());
        self.areas.get(key)
    }

    /// Every (key, measure, value) in key order then measure order.
    pub fn rows(&self) -> impl Iterator<Item = (&CountKey, &str, i64)> {
        self.cells.iter().flat_map(move |(k, vals)| {
            vals.iter()
                .enumerate()
                .filter_map(move |(m, v)| v.map(|v| (k, self.measures[m].as_str(), v)))
        })
    }

    /// Number of (layer, area, year) keys.
    pub fn key_count(&self) -> usize {
        self.cells.len()
    }

    fn measure_id(&mut self, name: &str) -> usize {
        if let Some(&i) = self.measure_index.get(name) {
            return i;
        }
        self.measures.push(name.to_owned());
        self.measure_index
            .insert(name.to_owned(), self.measures.len() - 1);
        self.measures.len() - 1
    }
}

/// A borrowed view of a [`CountKey`], so that lookups by `(&Kind, &AreaId, Year)` need no owned
/// key (no allocation). Ordered exactly as `CountKey`'s derived order: layer, area, year.
trait KeyView {
    fn parts(&self) -> (&str, &str, Year);
}

impl KeyView for CountKey {
    fn parts(&self) -> (&str, &str, Year) {
        (self.kind.as_str(), self.area_id.as_str(), self.year)
    }
}

impl KeyView for (&str, &str, Year) {
    fn parts(&self) -> (&str, &str, Year) {
        *self
    }
}

impl<'a> Borrow<dyn KeyView + 'a> for CountKey {
    fn borrow(&self) -> &(dyn KeyView + 'a) {
        self
    }
}

impl PartialEq for dyn KeyView + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.parts() == other.parts()
    }
}
impl Eq for dyn KeyView + '_ {}
impl PartialOrd for dyn KeyView + '_ {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for dyn KeyView + '_ {
    fn cmp(&self, other: &Self) -> Ordering {
        self.parts().cmp(&other.parts())
    }
}

/// A borrowed view of an area key `(Kind, AreaId)`, ordered as the owned tuple.
trait AreaView {
    fn parts(&self) -> (&str, &str);
}

impl AreaView for (Kind, AreaId) {
    fn parts(&self) -> (&str, &str) {
        (self.0.as_str(), self.1.as_str())
    }
}

impl AreaView for (&str, &str) {
    fn parts(&self) -> (&str, &str) {
        *self
    }
}

impl<'a> Borrow<dyn AreaView + 'a> for (Kind, AreaId) {
    fn borrow(&self) -> &(dyn AreaView + 'a) {
        self
    }
}

impl PartialEq for dyn AreaView + '_ {
    fn eq(&self, other: &Self) -> bool {
        self.parts() == other.parts()
    }
}
impl Eq for dyn AreaView + '_ {}
impl PartialOrd for dyn AreaView + '_ {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for dyn AreaView + '_ {
    fn cmp(&self, other: &Self) -> Ordering {
        self.parts().cmp(&other.parts())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_get_and_iterate() {
        let mut t = CountsTable::new(["residents".to_string()]);
        let k = Kind::new("district").unwrap();
        let a = AreaId::new("d1").unwrap();
        let y = Year::new(2020).unwrap();
        t.set(
            CountKey {
                kind: k.clone(),
                area_id: a.clone(),
                year: y,
            },
            "residents",
            10,
        );
        t.set(
            CountKey {
                kind: k.clone(),
                area_id: a.clone(),
                year: y,
            },
            "non_western",
            3,
        );
        assert_eq!(t.get(&k, &a, y, "residents"), Some(10));
        assert_eq!(t.get(&k, &a, y, "non_western"), Some(3));
        assert_eq!(t.get(&k, &a, y, "missing"), None);
        assert_eq!(t.rows().count(), 2);
        assert_eq!(t.years().len(), 1);
        let other = Kind::new("e").unwrap();
        assert_eq!(t.get(&other, &a, y, "residents"), None, "a later layer");
        assert_eq!(t.get(&Kind::new("a").unwrap(), &a, y, "residents"), None);
        assert_eq!(t.values(&k, &a, y), Some(&[Some(10), Some(3)][..]));
    }
}
