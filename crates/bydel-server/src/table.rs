//! One published table as the server holds it: the manifest entry, the CSV text exactly as
//! written by the disclosure-control layer, its parsed rows, and an index from area-year keys
//! to rows.

use std::collections::HashMap;

use bydel_privacy::manifest::PublicTable;
use bydel_privacy::{PublicColumn, Role};

use crate::error::ServerError;

/// The suppression marker of published CSV files.
pub const SUPPRESSED: &str = "..";

/// A published table.
#[derive(Debug, Clone)]
pub struct PublishedTable {
    /// Its manifest entry (name, file, key columns, value columns).
    pub manifest: PublicTable,
    /// The CSV header.
    pub header: Vec<String>,
    /// The rows, as published text.
    pub rows: Vec<Vec<String>>,
    /// The CSV file's text, served as is.
    pub csv: String,
    index: HashMap<AreaYear, Vec<usize>>,
}

/// The key of an area-year row.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AreaYear {
    /// The layer (empty when the table has no `kind` column).
    pub kind: String,
    /// The area id.
    pub area_id: String,
    /// The year.
    pub year: i32,
}

/// One published cell, read back.
#[derive(Debug, Clone, PartialEq)]
pub enum Shown {
    /// A number.
    Number(f64),
    /// Withheld by disclosure control (`..`).
    Suppressed,
    /// No value (no data, zero denominator).
    Empty,
    /// A text.
    Text(String),
}

impl Shown {
    /// Reads a published cell.
    pub fn parse(s: &str) -> Shown {
        match s {
            SUPPRESSED => Shown::Suppressed,
            "" => Shown::Empty,
            _ => match s.parse::<f64>() {
                Ok(x) if x.is_finite() => Shown::Number(x),
                _ => Shown::Text(s.into()),
            },
        }
    }

    /// The number, if any.
    pub fn number(&self) -> Option<f64> {
        match self {
            Shown::Number(x) => Some(*x),
            _ => None,
        }
    }
}

impl PublishedTable {
    /// Parses a table's CSV text against its manifest entry.
    pub fn parse(manifest: PublicTable, csv_text: String) -> Result<Self, ServerError> {
        let file = manifest.file.clone();
        let mut r = csv::ReaderBuilder::new().from_reader(csv_text.as_bytes());
        let header: Vec<String> = r
            .headers()
            .map_err(|e| ServerError::config(&file, e))?
            .iter()
            .map(str::to_owned)
            .collect();
        let mut rows = Vec::new();
        for rec in r.records() {
            let rec = rec.map_err(|e| ServerError::config(&file, e))?;
            rows.push(rec.iter().map(str::to_owned).collect());
        }
        let mut t = PublishedTable {
            manifest,
            header,
            rows,
            csv: csv_text,
            index: HashMap::new(),
        };
        t.index = t.build_index();
        Ok(t)
    }

    /// The table's name.
    pub fn name(&self) -> &str {
        &self.manifest.name
    }

    /// The position of a header.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// The year column (`year`, or `list_year` for the lists).
    pub fn year_col(&self) -> Option<usize> {
        self.col("year").or_else(|| self.col("list_year"))
    }

    /// Whether rows are keyed by area and year.
    pub fn is_area_table(&self) -> bool {
        self.col("area_id").is_some() && self.year_col().is_some()
    }

    /// Whether each area-year has one row (the keys are only layer, area and year), so its
    /// columns are indicators.
    pub fn is_indicator_table(&self) -> bool {
        self.is_area_table()
            && self
                .manifest
                .key_columns
                .iter()
                .all(|k| matches!(k.as_str(), "kind" | "area_id" | "year" | "list_year"))
    }

    /// The rows of an area-year, trying the exact layer and then a table without layers.
    pub fn rows_of(&self, kind: &str, area_id: &str, year: i32) -> Vec<&[String]> {
        let mut key = AreaYear {
            kind: kind.into(),
            area_id: area_id.into(),
            year,
        };
        let found = self.index.get(&key).or_else(|| {
            key.kind.clear();
            self.index.get(&key)
        });
        found
            .map(|is| is.iter().map(|i| self.rows[*i].as_slice()).collect())
            .unwrap_or_default()
    }

    /// The (first) row of an area-year.
    pub fn row(&self, kind: &str, area_id: &str, year: i32) -> Option<&[String]> {
        self.rows_of(kind, area_id, year).into_iter().next()
    }

    /// The published cell of an area-year in column `col`.
    pub fn cell(&self, kind: &str, area_id: &str, year: i32, col: usize) -> Shown {
        self.row(kind, area_id, year)
            .and_then(|r| r.get(col))
            .map_or(Shown::Empty, |s| Shown::parse(s))
    }

    /// The keys of every area-year row.
    pub fn keys(&self) -> impl Iterator<Item = &AreaYear> {
        self.index.keys()
    }

    /// The value columns shown as indicators: counts, shares and amounts (not the numerators,
    /// denominators and contributors beside them, nor computed numbers and texts).
    pub fn indicator_columns(&self) -> impl Iterator<Item = &PublicColumn> {
        self.manifest.columns.iter().filter(|c| {
            self.col(&c.name).is_some()
                && matches!(c.role, Role::Count | Role::Share | Role::Amount)
        })
    }

    fn build_index(&self) -> HashMap<AreaYear, Vec<usize>> {
        let (Some(a), Some(y)) = (self.col("area_id"), self.year_col()) else {
            return HashMap::new();
        };
        let k = self.col("kind");
        let mut index = HashMap::with_capacity(self.rows.len());
        for (i, row) in self.rows.iter().enumerate() {
            let Some(year) = row.get(y).and_then(|s| s.parse().ok()) else {
                continue;
            };
            let key = AreaYear {
                kind: k.and_then(|k| row.get(k)).cloned().unwrap_or_default(),
                area_id: row.get(a).cloned().unwrap_or_default(),
                year,
            };
            index.entry(key).or_insert_with(Vec::new).push(i);
        }
        index
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_read_back() {
        assert_eq!(Shown::parse(".."), Shown::Suppressed);
        assert_eq!(Shown::parse(""), Shown::Empty);
        assert_eq!(Shown::parse("0.2500"), Shown::Number(0.25));
        assert_eq!(Shown::parse("NaN"), Shown::Text("NaN".into()));
        assert_eq!(Shown::parse("ja"), Shown::Text("ja".into()));
    }
}
