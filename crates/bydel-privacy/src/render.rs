//! Rendering released tables: display cells with suppression markers, CSV and JSON.

use std::io::Write;

use bydel_model::Missing;

use crate::cell::{Cell, Column, ColumnKind, Computed};
use crate::release::{Released, SUPPRESSED};
use crate::view::CellState;

/// One displayed cell of a released table.
#[derive(Debug, Clone, PartialEq)]
pub enum DisplayCell {
    /// A key or a text.
    Text(String),
    /// A whole number (count, numerator, denominator, DKK).
    Integer(i64),
    /// A share in `[0, 1]`, shown with four decimals.
    Share(f64),
    /// Another number (an index, a threshold).
    Number(f64),
    /// A number shown with a fixed number of decimals.
    Decimal {
        /// The exact value.
        value: f64,
        /// Decimals shown.
        decimals: u8,
    },
    /// No value, with the reason (no data, zero denominator).
    Empty(Missing),
    /// Withheld by disclosure control.
    Suppressed(SuppressionReason),
}

/// Why a cell is withheld, as the public may know it. Primary and secondary suppressions are
/// deliberately indistinguishable: telling them apart would reveal which counts are small.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SuppressionReason {
    /// Confidential (diskretioneret): a small number, or one that would reveal one.
    Confidential,
    /// The area has too few residents for any figure to be shown.
    SmallArea,
}

impl SuppressionReason {
    /// A short explanation in Danish and English.
    pub fn explain(self) -> &'static str {
        match self {
            SuppressionReason::Confidential => "diskretioneret / confidential",
            SuppressionReason::SmallArea => "for få beboere / too few residents",
        }
    }
}

impl DisplayCell {
    /// The cell as text: numbers plainly, suppressed cells as `..`, missing cells empty.
    pub fn text(&self) -> String {
        match self {
            DisplayCell::Text(s) => s.clone(),
            DisplayCell::Integer(n) => n.to_string(),
            DisplayCell::Share(x) => format!("{x:.4}"),
            DisplayCell::Number(x) => format!("{x}"),
            DisplayCell::Decimal { value, decimals } => round_half_away(*value, *decimals),
            DisplayCell::Empty(_) => String::new(),
            DisplayCell::Suppressed(_) => SUPPRESSED.to_owned(),
        }
    }

    fn json(&self) -> serde_json::Value {
        match self {
            DisplayCell::Text(s) => s.clone().into(),
            DisplayCell::Integer(n) => (*n).into(),
            DisplayCell::Share(x) | DisplayCell::Number(x) => serde_json::json!(x),
            DisplayCell::Decimal { .. } => self
                .text()
                .parse::<f64>()
                .map_or(serde_json::Value::Null, |x| serde_json::json!(x)),
            DisplayCell::Empty(_) => serde_json::Value::Null,
            DisplayCell::Suppressed(_) => SUPPRESSED.into(),
        }
    }
}

impl Released {
    /// The table's name.
    pub fn name(&self) -> &str {
        &self.manifest.name
    }
    /// The number of key columns (the first cells of every row).
    pub fn key_count(&self) -> usize {
        self.manifest.key_columns.len()
    }
    /// The column headers (keys, then each value column and its components).
    pub fn header(&self) -> &[String] {
        &self.header
    }
    /// The rows of display cells.
    pub fn rows(&self) -> &[Vec<DisplayCell>] {
        &self.rows
    }
    /// Writes the table as CSV (header row, `..` for suppressed cells).
    pub fn write_csv(&self, out: impl Write) -> std::io::Result<()> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(&self.header)?;
        for row in &self.rows {
            w.write_record(row.iter().map(DisplayCell::text))?;
        }
        w.flush()
    }
    /// The table as CSV text.
    pub fn to_csv(&self) -> String {
        let mut buf = Vec::new();
        let _ = self.write_csv(&mut buf);
        String::from_utf8(buf).unwrap_or_default()
    }
    /// The table as a JSON array of objects (suppressed cells are the string `".."`).
    pub fn to_json(&self) -> serde_json::Value {
        let rows = self.rows.iter().map(|r| {
            let obj: serde_json::Map<String, serde_json::Value> = self
                .header
                .iter()
                .cloned()
                .zip(r.iter().map(DisplayCell::json))
                .collect();
            serde_json::Value::Object(obj)
        });
        serde_json::Value::Array(rows.collect())
    }
}

/// The display cells of one value cell (as many as the column's headers).
pub(crate) fn display(
    col: &Column,
    cell: &Cell,
    state: &CellState,
    reason: SuppressionReason,
) -> Vec<DisplayCell> {
    let width = col.headers().len();
    let values = match state {
        CellState::Suppressed => return vec![DisplayCell::Suppressed(reason); width],
        CellState::Missing => {
            let why = match cell {
                Cell::Missing(m) => m.clone(),
                _ => Missing::NoData,
            };
            return vec![DisplayCell::Empty(why); width];
        }
        CellState::Shown(v) => v,
    };
    match (&col.kind, cell, values.as_slice()) {
        (ColumnKind::Count { .. }, _, [n]) => vec![DisplayCell::Integer(*n)],
        (ColumnKind::Share { .. }, _, [n, d]) => vec![
            ratio(*n, *d),
            DisplayCell::Integer(*n),
            DisplayCell::Integer(*d),
        ],
        (ColumnKind::Mean { .. }, Cell::Magnitude(c), [s, n]) => {
            let mean = if c.contributors == 0 {
                DisplayCell::Empty(Missing::ZeroDenominator)
            } else {
                DisplayCell::Integer((c.total as f64 / c.contributors as f64).round() as i64)
            };
            vec![mean, DisplayCell::Integer(*s), DisplayCell::Integer(*n)]
        }
        (ColumnKind::Sum { .. }, _, [s, n]) => {
            vec![DisplayCell::Integer(*s), DisplayCell::Integer(*n)]
        }
        (ColumnKind::Computed { decimals, .. }, Cell::Computed { value, .. }, _) => {
            vec![match (value, decimals) {
                (Computed::Number(x), Some(d)) => DisplayCell::Decimal {
                    value: *x,
                    decimals: *d,
                },
                (Computed::Number(x), None) => DisplayCell::Number(*x),
                (Computed::Text(t), _) => DisplayCell::Text(t.clone()),
            }]
        }
        (_, Cell::Number(x), _) => vec![DisplayCell::Number(*x)],
        (_, Cell::Text(t), _) => vec![DisplayCell::Text(t.clone())],
        _ => vec![DisplayCell::Empty(Missing::NoData); width],
    }
}

fn ratio(n: i64, d: i64) -> DisplayCell {
    if d == 0 {
        DisplayCell::Empty(Missing::ZeroDenominator)
    } else {
        DisplayCell::Share(n as f64 / d as f64)
    }
}

/// `value` rounded half away from zero to `decimals` decimals, as text (the documented rounding
/// of published values; `format!` alone rounds half to even on the binary value).
pub fn round_half_away(value: f64, decimals: u8) -> String {
    let scale = 10f64.powi(i32::from(decimals));
    let rounded = (value * scale).round() / scale;
    let text = format!("{rounded:.prec$}", prec = usize::from(decimals));
    if text
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        text.trim_start_matches('-').to_string()
    } else {
        text
    }
}
