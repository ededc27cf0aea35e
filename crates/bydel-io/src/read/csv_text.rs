//! CSV and other text rows → typed Arrow batches, with a problem per bad cell.
//!
//! CSV files may be comma- or semicolon-separated (Danish Excel writes `;` and decimal commas):
//! the header line decides, see [`delimiter`]. Windows line endings (CRLF) are read as `\n`,
//! so line numbers are those an editor shows. Text must be UTF-8; a cell that is not names its
//! line and column and says how to convert the file.

use std::io::Read;
use std::path::Path;

use arrow_array::RecordBatch;
use bydel_model::schema::{Column, ColumnType};

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
    /// Decimal numbers may use a comma (`0,25`), as in semicolon-separated files.
    decimal_comma: bool,
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
        let names: Vec<&str> = header
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}'))
            .collect();
        for (i, name) in names.iter().enumerate() {
            if let Some(j) = names[..i].iter().position(|n| n == name) {
                problems.at(
                    &file,
                    Some(1),
                    Some(name),
                    "each column name once",
                    format!("`{name}` in columns {} and {}", j + 1, i + 1),
                );
            }
        }
        let hint = if header.len() == 1 && header[0].contains(['\t', '|']) {
            " (the separator looks like a tab or `|`; bydel reads CSV separated by `,` or `;`)"
        } else {
            ""
        };
        let mut positions = Vec::new();
        for c in cols {
            let pos = names.iter().position(|h| *h == c.name);
            if pos.is_none() && c.required {
                problems.at(
                    &file,
                    Some(1),
                    Some(c.name),
                    format!("a column named `{}`", c.name),
                    format!("header {}{hint}", header.join(",")),
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
            decimal_comma: false,
            _marker: std::marker::PhantomData,
        })
    }

    /// Adds one row (cells by source position); a row with a bad cell is reported and left out.
    pub(crate) fn push_row(&mut self, line: u64, cell: &dyn Fn(usize) -> Option<String>) {
        let texts: Vec<String> = self
            .positions
            .iter()
            .zip(&self.cols)
            .map(|(p, c)| {
                let t = p.and_then(cell).unwrap_or_default();
                if self.decimal_comma && c.ty == ColumnType::Decimal {
                    t.replace(',', ".")
                } else {
                    t
                }
            })
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
    let file_name = path.display().to_string();
    let open = || std::fs::File::open(path).map_err(|e| IoError::file(path, e));
    let sep = delimiter(&first_line(open()?).map_err(|e| IoError::file(path, e))?);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(sep)
        .from_reader(CrlfToLf::new(open()?));
    let cerr = |source| IoError::Csv {
        path: path.into(),
        source,
    };
    let raw = rdr.byte_headers().map_err(cerr)?.clone();
    let header = match utf8_fields(&raw, None) {
        Ok(h) => h,
        Err((_, found)) => {
            let mut p = Problems::default();
            p.at(&file_name, Some(1), None, UTF8, found);
            return Err(IoError::Invalid(p));
        }
    };
    let mut sink = RowSink::new(file_name, cols, &header)?;
    sink.decimal_comma = sep == b';';
    let mut record = csv::ByteRecord::new();
    loop {
        match rdr.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                let file = sink.file.clone();
                sink.problems
                    .at(&file, Some(line), None, "well-formed CSV", e.to_string());
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
        let cells = match utf8_fields(&record, Some(&header)) {
            Ok(cells) => cells,
            Err((column, found)) => {
                let file = sink.file.clone();
                sink.problems
                    .at(&file, Some(line), column.as_deref(), UTF8, found);
                continue;
            }
        };
        sink.push_row(line, &|i| cells.get(i).cloned());
        if sink.full() {
            sink.flush(f)?;
        }
    }
    sink.flush(f)
}

/// The field separator of a CSV file from its header line: `;` when the line has semicolons
/// and no commas (what Danish Excel writes), otherwise `,`.
pub fn delimiter(header_line: &[u8]) -> u8 {
    if header_line.contains(&b';') && !header_line.contains(&b',') {
        b';'
    } else {
        b','
    }
}

const UTF8: &str =
    "UTF-8 text (in Excel: save as “CSV UTF-8”; or convert with `iconv -f cp1252 -t utf-8`)";

/// The first line of a file (at most 64 KiB of it).
fn first_line(file: std::fs::File) -> std::io::Result<Vec<u8>> {
    let mut head = Vec::new();
    file.take(64 * 1024).read_to_end(&mut head)?;
    let end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
    head.truncate(end);
    Ok(head)
}

/// The fields of a record as text; `Err` names the column (from `header`) and the bad bytes.
fn utf8_fields(
    record: &csv::ByteRecord,
    header: Option<&[String]>,
) -> Result<Vec<String>, (Option<String>, String)> {
    record
        .iter()
        .enumerate()
        .map(|(i, field)| match std::str::from_utf8(field) {
            Ok(t) => Ok(t.to_string()),
            Err(e) => {
                let byte = field[e.valid_up_to()];
                let column = header.and_then(|h| h.get(i)).cloned();
                let found = format!(
                    "byte 0x{byte:02X} at character {} of field {}, which is not UTF-8 (the file is \
                     probably Windows-1252 or Latin-1)",
                    e.valid_up_to() + 1,
                    i + 1
                );
                Err((column, found))
            }
        })
        .collect()
}

/// Reads `\r\n` as `\n` (a lone `\r` is kept), so the CSV reader counts lines as editors do.
struct CrlfToLf<R> {
    inner: R,
    buf: Box<[u8]>,
    start: usize,
    end: usize,
    eof: bool,
}

impl<R: Read> CrlfToLf<R> {
    fn new(inner: R) -> Self {
        CrlfToLf {
            inner,
            buf: vec![0; 64 * 1024].into_boxed_slice(),
            start: 0,
            end: 0,
            eof: false,
        }
    }

    /// Keeps at least two bytes buffered (one of look-ahead after a `\r`) until the end.
    fn refill(&mut self) -> std::io::Result<()> {
        while self.end - self.start < 2 && !self.eof {
            self.buf.copy_within(self.start..self.end, 0);
            self.end -= self.start;
            self.start = 0;
            let n = self.inner.read(&mut self.buf[self.end..])?;
            self.eof = n == 0;
            self.end += n;
        }
        Ok(())
    }
}

impl<R: Read> Read for CrlfToLf<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        loop {
            self.refill()?;
            if self.start == self.end || out.is_empty() {
                return Ok(0);
            }
            let mut written = 0;
            while written < out.len() && self.start < self.end {
                let b = self.buf[self.start];
                if b == b'\r' {
                    if self.start + 1 == self.end && !self.eof {
                        break; // the next byte decides
                    }
                    if self.start + 1 < self.end && self.buf[self.start + 1] == b'\n' {
                        self.start += 1;
                        continue;
                    }
                }
                out[written] = b;
                written += 1;
                self.start += 1;
            }
            if written > 0 {
                return Ok(written);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(input: &[u8], chunk: usize) -> Vec<u8> {
        /// Hands out at most `chunk` bytes per read, to split `\r\n` across reads.
        struct Chunks<'a>(&'a [u8], usize);
        impl Read for Chunks<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let n = self.1.min(out.len()).min(self.0.len());
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut out = Vec::new();
        CrlfToLf::new(Chunks(input, chunk))
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn crlf_becomes_lf_across_read_boundaries() {
        let input = b"a,b\r\n1,2\r\n\"x\ry\",3\r\r\n\r";
        for chunk in 1..8 {
            assert_eq!(
                strip(input, chunk),
                b"a,b\n1,2\n\"x\ry\",3\r\n\r",
                "chunk {chunk}"
            );
        }
    }

    #[test]
    fn the_header_line_decides_the_separator() {
        assert_eq!(delimiter(b"person_id;year;gross_income"), b';');
        assert_eq!(delimiter(b"person_id,year"), b',');
        assert_eq!(delimiter(b"name,note;x"), b',');
    }
}
