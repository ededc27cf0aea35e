//! XLSX (first sheet, header row first) → typed batches, for small tables people keep in Excel.

use std::path::Path;

use bydel_model::schema::Column;
use calamine::{Data, Reader, Xlsx, open_workbook};

use super::Batch;
use super::csv_text::RowSink;
use crate::IoError;

/// Reads the first sheet of a workbook.
pub fn read_xlsx(
    path: &Path,
    cols: &[&'static Column],
    f: &mut dyn FnMut(Batch) -> Result<(), IoError>,
) -> Result<(), IoError> {
    let xerr = |message: String| IoError::Xlsx {
        path: path.into(),
        message,
    };
    let mut book: Xlsx<_> =
        open_workbook(path).map_err(|e: calamine::XlsxError| xerr(e.to_string()))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| xerr("the workbook has no sheet".into()))?
        .map_err(|e| xerr(e.to_string()))?;
    // The sheet's used range may start below row 1: line numbers are the sheet's row numbers.
    let first = range.start().map_or(0, |(row, _)| u64::from(row));
    let mut rows = range.rows();
    let header: Vec<String> = rows
        .next()
        .map(|r| r.iter().map(cell_text).collect())
        .unwrap_or_default();
    let mut sink = RowSink::new(path.display().to_string(), cols, &header)?;
    for (i, row) in rows.enumerate() {
        sink.push_row(first + i as u64 + 2, &|k| row.get(k).map(cell_text));
        if sink.full() {
            sink.flush(f)?;
        }
    }
    sink.flush(f)
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", *x as i64),
        // Excel serial days count from 1899-12-30; 25,569 of them reach 1970-01-01.
        Data::DateTime(dt) => {
            bydel_model::Date::from_days_since_epoch(dt.as_f64().floor() as i32 - 25_569)
                .to_string()
        }
        other => other.to_string(),
    }
}
