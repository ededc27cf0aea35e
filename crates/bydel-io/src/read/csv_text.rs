//! CSV and other text rows → typed Arrow batches, with a problem per bad cell.

use std::path::Path;

use arrow_array::RecordBatch;
use bydel_model::schema::Column;

use super::{Batch, Builder, CSV_BATCH_ROWS, Lines, Parsed, parse_cell, projected_schema};
use crate::IoError;
use crate::problem::Problems;

/// Collects text rows into typed batches of the requested columns.
pub(crate) struct RowSink<'c> {
    file: String,
    cols: Vec<&'static Column>,
    /// Position of each requested column in the source header (`None` = absent optional).
    positions: Vec<Option<usize>>,
    builders: Vec<Builder>,
    lines: Vec<u64>,
    problems: Problems,
    _marker: std::marker::PhantomData<&'c ()>,
}

impl<'c> RowSink<'c> {
    /// Maps the header; an absent required column is an error.
    pub(crate) fn new(
        file: String,
        cols: &[&'static Column],
        header: &[String],
    ) -> Result<Self, IoError> {
        let mut problems = Problems::default();
        let mut positions = Vec::new();
        for c in cols {
            let pos = header
                .iter()
                .position(|h| h.trim().trim_start_matches('\u{feff}') == c.name);
            if pos.is_none() && c.required {
                problems.at(
                    &file,
                    Some(1),
                    Some(c.name),
                    format!("a column named `{}`", c.name),
                    format!("header {}", header.join(",")),
                );
            }
            positions.push(pos);
        }
        if !problems.is_empty() {
            return Err(IoError::Invalid(problems));
        }
        Ok(RowSink {
            builders: cols.iter().map(|c| Builder::new(c.ty)).collect(),
            cols: cols.to_vec(),
            positions,
            file,
            lines: Vec::new(),
            problems: Problems::default(),
            _marker: std::marker::PhantomData,
        })
    }

    /// Adds one row (cells by source position); a row with a bad cell is reported and left out.
    pub(crate) fn push_row(&mut self, line: u64, cell: &dyn Fn(usize) -> Option<String>) {
        let texts: Vec<String> = self
            .positions
            .iter()
            .map(|p| p.and_then(cell).unwrap_or_default())
            .collect();
        let mut parsed = Vec::with_capacity(texts.len());
        let mut ok = true;
        for ((c, t), p) in self.cols.iter().zip(&texts).zip(&self.positions) {
            if p.is_none() {
                parsed.push(Parsed::Null);
                continue;
            }
            match parse_cell(c, t) {
                Ok(v) => parsed.push(v),
                Err(expected) => {
                    self.problems.at(
                        &self.file,
                        Some(line),
                        Some(c.name),
                        expected,
                        format!("{t:?}"),
                    );
                    ok = false;
                }
            }
        }
        if ok {
            for (b, v) in self.builders.iter_mut().zip(parsed) {
                b.push(v);
            }
            self.lines.push(line);
        }
    }

    /// True when a full batch is waiting.
    pub(crate) fn full(&self) -> bool {
        self.lines.len() >= CSV_BATCH_ROWS
    }

    /// Emits the rows collected so far (possibly none, to carry problems).
    pub(crate) fn flush(
        &mut self,
        f: &mut dyn FnMut(Batch) -> Result<(), IoError>,
    ) -> Result<(), IoError> {
        let arrays = self.builders.iter_mut().map(Builder::finish).collect();
        let batch =
            RecordBatch::try_new(projected_schema(&self.cols), arrays).map_err(|source| {
                IoError::Arrow {
                    path: self.file.clone().into(),
                    source,
                }
            })?;
        let lines = Lines::Each(std::mem::take(&mut self.lines));
        let problems = std::mem::take(&mut self.problems);
        f(Batch {
            batch,
            file: self.file.clone(),
            lines,
            problems,
        })
    }
}

/// Reads a CSV file (header row first) into batches.
pub fn read_csv(
    path: &Path,
    cols: &[&'static Column],
    f: &mut dyn FnMut(Batch) -> Result<(), IoError>,
) -> Result<(), IoError> {
    let cerr = |source| IoError::Csv {
        path: path.into(),
        source,
    };
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .map_err(cerr)?;
    let header: Vec<String> = rdr
        .headers()
        .map_err(cerr)?
        .iter()
        .map(str::to_string)
        .collect();
    let mut sink = RowSink::new(path.display().to_string(), cols, &header)?;
    let mut record = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                sink.problems.at(
                    &sink.file.clone(),
                    Some(line),
                    None,
                    "valid UTF-8 CSV",
                    e.to_string(),
                );
                continue;
            }
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        if record.len() != header.len() {
            let file = sink.file.clone();
            sink.problems.at(
                &file,
                Some(line),
                None,
                format!("{} fields", header.len()),
                format!("{} fields", record.len()),
            );
            continue;
        }
        sink.push_row(line, &|i| record.get(i).map(str::to_string));
        if sink.full() {
            sink.flush(f)?;
        }
    }
    sink.flush(f)
}
