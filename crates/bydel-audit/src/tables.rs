//! The released CSV tables, read as plain text grids: one header row, then rows whose cells are
//! a number, the suppression marker, empty (no value) or text.

use std::path::Path;

use crate::error::AuditError;

/// One CSV file.
#[derive(Debug, Clone)]
pub struct CsvTable {
    /// The file, relative to `published/`.
    pub file: String,
    /// The header row.
    pub header: Vec<String>,
    /// The data rows in file order.
    pub rows: Vec<CsvRow>,
}

/// One data row.
#[derive(Debug, Clone)]
pub struct CsvRow {
    /// The 1-based line the row starts on (the header is line 1).
    pub line: u64,
    /// The raw cells.
    pub cells: Vec<String>,
}

/// A cell as the contract reads it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    /// The suppression marker.
    Suppressed,
    /// No value.
    Empty,
    /// A number.
    Number(f64),
    /// Anything else (text, labels, codes).
    Text(&'a str),
}

impl CsvTable {
    /// Reads a CSV file.
    pub fn read(dir: &Path, file: &str) -> Result<CsvTable, AuditError> {
        let path = dir.join(file);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_path(&path)
            .map_err(|e| csv_error(file, e))?;
        let header = reader
            .headers()
            .map_err(|e| csv_error(file, e))?
            .iter()
            .map(str::to_string)
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(|e| csv_error(file, e))?;
            let line = record.position().map_or(0, |p| p.line());
            rows.push(CsvRow {
                line,
                cells: record.iter().map(str::to_string).collect(),
            });
        }
        Ok(CsvTable {
            file: file.into(),
            header,
            rows,
        })
    }

    /// The index of a column.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// The raw cell of a row in a named column.
    pub fn raw<'a>(&'a self, row: &'a CsvRow, name: &str) -> Option<&'a str> {
        self.column(name)
            .and_then(|c| row.cells.get(c))
            .map(String::as_str)
    }
}

/// Classifies a raw cell.
pub fn value<'a>(raw: &'a str, marker: &str) -> Value<'a> {
    let trimmed = raw.trim();
    if trimmed == marker {
        Value::Suppressed
    } else if trimmed.is_empty() {
        Value::Empty
    } else if let Some(n) = parse_number(trimmed) {
        Value::Number(n)
    } else {
        Value::Text(raw)
    }
}

/// A CSV number: `.` as decimal point, optional sign and exponent, finite.
pub fn parse_number(s: &str) -> Option<f64> {
    let ok = s
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    if !ok || !s.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn csv_error(file: &str, e: csv::Error) -> AuditError {
    let line = e.position().map_or(0, |p| p.line());
    AuditError::Format {
        file: file.into(),
        line,
        column: 0,
        message: e.to_string(),
    }
}
