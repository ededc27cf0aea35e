//! Rendering small result tables on stdout as an aligned table, CSV or JSON.

use std::io::Write;

use clap::ValueEnum;

/// The `--format` choice of commands that print tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// An aligned text table for people.
    Table,
    /// CSV with a header row.
    Csv,
    /// A JSON array of objects (values stay strings where the table holds text).
    Json,
}

/// A rectangular table of text cells with a header.
#[derive(Debug, Clone, Default)]
pub struct TextTable {
    /// Column names.
    pub header: Vec<String>,
    /// Rows, each as long as the header.
    pub rows: Vec<Vec<String>>,
}

impl TextTable {
    /// A table with the given header and no rows.
    pub fn new(header: &[&str]) -> Self {
        TextTable {
            header: header.iter().map(|s| s.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Writes the table in the chosen format.
    pub fn write(&self, format: Format, out: &mut impl Write) -> std::io::Result<()> {
        match format {
            Format::Csv => self.write_csv(out),
            Format::Json => self.write_json(out),
            Format::Table => self.write_aligned(out),
        }
    }

    fn write_csv(&self, out: &mut impl Write) -> std::io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(&self.header)?;
        for r in &self.rows {
            w.write_record(r)?;
        }
        w.flush()
    }

    fn write_json(&self, out: &mut impl Write) -> std::io::Result<()> {
        let rows: Vec<serde_json::Map<String, serde_json::Value>> = self
            .rows
            .iter()
            .map(|r| {
                self.header
                    .iter()
                    .cloned()
                    .zip(r.iter().map(|c| json_cell(c)))
                    .collect()
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)
    }

    fn write_aligned(&self, out: &mut impl Write) -> std::io::Result<()> {
        let mut widths: Vec<usize> = self.header.iter().map(|h| h.chars().count()).collect();
        for r in &self.rows {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(c.chars().count());
            }
        }
        let line = |cells: &[String]| {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect();
            padded.join("  ").trim_end().to_string()
        };
        writeln!(out, "{}", line(&self.header))?;
        for r in &self.rows {
            writeln!(out, "{}", line(r))?;
        }
        Ok(())
    }
}

/// Numbers and booleans become JSON numbers and booleans; everything else stays a string.
fn json_cell(c: &str) -> serde_json::Value {
    match c {
        "true" => serde_json::Value::Bool(true),
        "false" => serde_json::Value::Bool(false),
        "" => serde_json::Value::Null,
        _ => match c.parse::<f64>() {
            Ok(x) if x.is_finite() && !c.starts_with('+') => serde_json::json!(x),
            _ => serde_json::Value::String(c.to_string()),
        },
    }
}
