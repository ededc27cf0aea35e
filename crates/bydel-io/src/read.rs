//! Reading a canonical table as Arrow record batches with the canonical column types.
//!
//! Parquet columns are cast to the canonical type when they differ (Int32 → Int64, dictionary or
//! large strings → Utf8, …); CSV and XLSX cells are parsed by type, and every cell that does not
//! parse becomes a [`Problem`](crate::Problem) (the row is skipped). Optional columns that are
//! absent come back as nulls; an absent required column is a problem.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch, new_null_array};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use bydel_model::schema::{Column, ColumnType, Table};
use parquet::arrow::ProjectionMask;
use parquet::arrow::arrow_reader::{
    ArrowReaderOptions, ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder,
};

use crate::IoError;
use crate::dataset::Source;
use crate::problem::Problems;
use crate::write::arrow_type;

/// Rows per batch for CSV and XLSX.
pub const CSV_BATCH_ROWS: usize = 64 * 1024;

/// A batch of rows and where they came from.
#[derive(Debug, Clone)]
pub struct Batch {
    /// The rows, with the requested columns in the requested order.
    pub batch: RecordBatch,
    /// The file the rows came from.
    pub file: String,
    /// The line (CSV/XLSX, header = 1) or row number + 1 (Parquet) of each row.
    pub lines: Lines,
    /// Problems met while parsing this part of the file (rows with problems are left out).
    pub problems: Problems,
}

/// Line numbers of a batch's rows.
#[derive(Debug, Clone)]
pub enum Lines {
    /// Consecutive, starting at this line.
    From(u64),
    /// One per row.
    Each(Vec<u64>),
}

impl Lines {
    /// The line of row `i`.
    pub fn line(&self, i: usize) -> u64 {
        match self {
            Lines::From(first) => first + i as u64,
            Lines::Each(v) => v[i],
        }
    }
}

/// Resolves requested column names against a table; `None` means every column.
pub fn columns_of(table: &'static Table, names: Option<&[&str]>) -> Vec<&'static Column> {
    match names {
        None => table.columns.iter().collect(),
        Some(names) => names
            .iter()
            .map(|n| {
                table
                    .column(n)
                    .unwrap_or_else(|| panic!("bug: no column {n} in {}", table.name))
            })
            .collect(),
    }
}

/// The schema of batches for the requested columns.
pub fn projected_schema(cols: &[&Column]) -> SchemaRef {
    Arc::new(Schema::new(
        cols.iter()
            .map(|c| Field::new(c.name, arrow_type(c.ty), c.nullable))
            .collect::<Vec<_>>(),
    ))
}

/// One independently readable part of a source: a Parquet row group, or a whole CSV/XLSX file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unit {
    /// Row group `group` of a Parquet file; `first_row` counts rows before it in that file.
    RowGroup {
        /// The file.
        path: PathBuf,
        /// The row group's index.
        group: usize,
        /// Rows in the file before this group.
        first_row: u64,
        /// Rows in this group.
        rows: u64,
    },
    /// A whole file read sequentially.
    Whole(Source),
}

/// Splits a source into units that can be read in parallel.
pub fn units(source: &Source) -> Result<Vec<Unit>, IoError> {
    let files = match source {
        Source::Parquet(p) => vec![p.clone()],
        Source::ParquetDir(files) => files.clone(),
        other => return Ok(vec![Unit::Whole(other.clone())]),
    };
    let mut out = Vec::new();
    for path in files {
        let file = File::open(&path).map_err(|e| IoError::file(&path, e))?;
        let builder =
            ParquetRecordBatchReaderBuilder::try_new(file).map_err(|source| IoError::Parquet {
                path: path.clone(),
                source,
            })?;
        let mut first_row = 0;
        for (group, rg) in builder.metadata().row_groups().iter().enumerate() {
            let rows = rg.num_rows() as u64;
            out.push(Unit::RowGroup {
                path: path.clone(),
                group,
                first_row,
                rows,
            });
            first_row += rows;
        }
    }
    Ok(out)
}

/// Total rows of a source when known without reading it (Parquet metadata).
pub fn row_count(units: &[Unit]) -> Option<u64> {
    units
        .iter()
        .map(|u| match u {
            Unit::RowGroup { rows, .. } => Some(*rows),
            Unit::Whole(_) => None,
        })
        .sum()
}

/// Reads a unit, calling `f` with each batch of the requested columns.
pub fn read_unit(
    unit: &Unit,
    table: &'static Table,
    columns: Option<&[&str]>,
    f: &mut dyn FnMut(Batch) -> Result<(), IoError>,
) -> Result<(), IoError> {
    read_unit_dict(unit, table, columns, &[], f)
}

/// Like [`read_unit`], but text columns named in `dictionary` come back dictionary-encoded
/// (`Dictionary(Int32, Utf8)`) from Parquet, so a consumer can decode each distinct value once
/// (the engine's address and code lookups). CSV and XLSX columns stay `Utf8`.
pub fn read_unit_dict(
    unit: &Unit,
    table: &'static Table,
    columns: Option<&[&str]>,
    dictionary: &[&str],
    f: &mut dyn FnMut(Batch) -> Result<(), IoError>,
) -> Result<(), IoError> {
    let cols = columns_of(table, columns);
    match unit {
        Unit::RowGroup {
            path,
            group,
            first_row,
            ..
        } => read_row_group(path, *group, *first_row, &cols, dictionary, f),
        Unit::Whole(Source::Csv(path)) => crate::read::csv_text::read_csv(path, &cols, f),
        Unit::Whole(Source::Xlsx(path)) => crate::read::xlsx::read_xlsx(path, &cols, f),
        Unit::Whole(parquet) => {
            for u in units(parquet)? {
                read_unit_dict(&u, table, columns, dictionary, f)?;
            }
            Ok(())
        }
    }
}

/// Reads a whole source sequentially, calling `f` with each batch.
pub fn read_source(
    source: &Source,
    table: &'static Table,
    columns: Option<&[&str]>,
    f: &mut dyn FnMut(Batch) -> Result<(), IoError>,
) -> Result<(), IoError> {
    for unit in units(source)? {
        read_unit(&unit, table, columns, f)?;
    }
    Ok(())
}

fn read_row_group(
    path: &Path,
    group: usize,
    first_row: u64,
    cols: &[&'static Column],
    dictionary: &[&str],
    f: &mut dyn FnMut(Batch) -> Result<(), IoError>,
) -> Result<(), IoError> {
    let perr = |source| IoError::Parquet {
        path: path.to_path_buf(),
        source,
    };
    let open = || File::open(path).map_err(|e| IoError::file(path, e));
    let mut builder = ParquetRecordBatchReaderBuilder::try_new(open()?).map_err(perr)?;
    let file_schema = builder.schema().clone();
    if file_schema
        .fields()
        .iter()
        .any(|f| dictionary.contains(&f.name().as_str()) && f.data_type() == &DataType::Utf8)
    {
        let hinted: Vec<Field> = file_schema
            .fields()
            .iter()
            .map(|f| match f.data_type() {
                DataType::Utf8 if dictionary.contains(&f.name().as_str()) => Field::new(
                    f.name(),
                    DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
                    f.is_nullable(),
                ),
                _ => f.as_ref().clone(),
            })
            .collect();
        let options = ArrowReaderOptions::new().with_schema(Arc::new(Schema::new(hinted)));
        builder = ParquetRecordBatchReaderBuilder::try_new_with_options(open()?, options)
            .map_err(perr)?;
    }
    let file_name = path.display().to_string();
    let (mut indices, mut problems) = (Vec::new(), Problems::default());
    let fields = file_schema.fields();
    for (i, f) in fields.iter().enumerate() {
        if let Some(j) = fields[..i].iter().position(|g| g.name() == f.name()) {
            problems.at(
                &file_name,
                None,
                Some(f.name()),
                "each column name once",
                format!("`{}` in columns {} and {}", f.name(), j + 1, i + 1),
            );
        }
    }
    for c in cols {
        match file_schema.index_of(c.name) {
            Ok(i) => indices.push(i),
            Err(_) if !c.required => {}
            Err(_) => problems.at(
                &file_name,
                None,
                Some(c.name),
                format!("a column named `{}`", c.name),
                "no such column",
            ),
        }
    }
    if !problems.is_empty() {
        return Err(IoError::Invalid(problems));
    }
    let mask = ProjectionMask::roots(builder.parquet_schema(), indices);
    let reader: ParquetRecordBatchReader = builder
        .with_projection(mask)
        .with_row_groups(vec![group])
        .with_batch_size(CSV_BATCH_ROWS)
        .build()
        .map_err(perr)?;
    let mut line = first_row + 1;
    for batch in reader {
        let batch = batch.map_err(|source| IoError::Arrow {
            path: path.into(),
            source,
        })?;
        let n = batch.num_rows();
        let out = conform(&batch, cols, dictionary, path)?;
        f(Batch {
            batch: out,
            file: file_name.clone(),
            lines: Lines::From(line),
            problems: Problems::default(),
        })?;
        line += n as u64;
    }
    Ok(())
}

/// Casts and orders a Parquet batch's columns to the canonical types; absent optional columns
/// become nulls.
fn conform(
    batch: &RecordBatch,
    cols: &[&'static Column],
    dictionary: &[&str],
    path: &Path,
) -> Result<RecordBatch, IoError> {
    let n = batch.num_rows();
    let mut arrays: Vec<ArrayRef> = Vec::with_capacity(cols.len());
    for c in cols {
        let want = arrow_type(c.ty);
        let array = match batch.column_by_name(c.name) {
            None => new_null_array(&want, n),
            Some(a) if a.data_type() == &want => a.clone(),
            Some(a) if dictionary.contains(&c.name) && is_text_dictionary(a.data_type()) => {
                a.clone()
            }
            Some(a) => arrow_cast::cast(a, &want).map_err(|source| IoError::Arrow {
                path: path.into(),
                source: arrow_schema::ArrowError::CastError(format!(
                    "column `{}`: cannot read {} as {}: {source}",
                    c.name,
                    a.data_type(),
                    want
                )),
            })?,
        };
        arrays.push(array);
    }
    let fields: Vec<Field> = cols
        .iter()
        .zip(&arrays)
        .map(|(c, a)| Field::new(c.name, a.data_type().clone(), c.nullable))
        .collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(|source| IoError::Arrow {
        path: path.into(),
        source,
    })
}

fn is_text_dictionary(t: &DataType) -> bool {
    matches!(t, DataType::Dictionary(k, v) if **k == DataType::Int32 && **v == DataType::Utf8)
}

/// Typed column builders for text sources.
pub(crate) enum Builder {
    Text(StringBuilder),
    Int(Int64Builder),
    Dec(Float64Builder),
    Bool(BooleanBuilder),
    Date(Date32Builder),
}

impl Builder {
    pub(crate) fn new(ty: ColumnType) -> Self {
        match ty {
            ColumnType::Text | ColumnType::Code => Builder::Text(StringBuilder::new()),
            ColumnType::Integer => Builder::Int(Int64Builder::new()),
            ColumnType::Decimal => Builder::Dec(Float64Builder::new()),
            ColumnType::Bool => Builder::Bool(BooleanBuilder::new()),
            ColumnType::Date => Builder::Date(Date32Builder::new()),
        }
    }
    pub(crate) fn finish(&mut self) -> ArrayRef {
        match self {
            Builder::Text(b) => Arc::new(b.finish()),
            Builder::Int(b) => Arc::new(b.finish()),
            Builder::Dec(b) => Arc::new(b.finish()),
            Builder::Bool(b) => Arc::new(b.finish()),
            Builder::Date(b) => Arc::new(b.finish()),
        }
    }
    pub(crate) fn push(&mut self, v: Parsed) {
        match (self, v) {
            (Builder::Text(b), Parsed::Text(s)) => b.append_value(s),
            (Builder::Int(b), Parsed::Int(x)) => b.append_value(x),
            (Builder::Dec(b), Parsed::Dec(x)) => b.append_value(x),
            (Builder::Bool(b), Parsed::Bool(x)) => b.append_value(x),
            (Builder::Date(b), Parsed::Date(x)) => b.append_value(x),
            (Builder::Text(b), Parsed::Null) => b.append_null(),
            (Builder::Int(b), Parsed::Null) => b.append_null(),
            (Builder::Dec(b), Parsed::Null) => b.append_null(),
            (Builder::Bool(b), Parsed::Null) => b.append_null(),
            (Builder::Date(b), Parsed::Null) => b.append_null(),
            _ => unreachable!("bug: parsed value of the wrong type"),
        }
    }
}

/// A parsed text cell.
pub(crate) enum Parsed<'a> {
    Text(&'a str),
    Int(i64),
    Dec(f64),
    Bool(bool),
    Date(i32),
    Null,
}

/// Parses one text cell of a column; `Err` holds what was expected.
pub(crate) fn parse_cell<'a>(c: &Column, text: &'a str) -> Result<Parsed<'a>, String> {
    let t = text.trim();
    if t.is_empty() {
        return if c.nullable {
            Ok(Parsed::Null)
        } else {
            Err("a value (the cell is empty)".into())
        };
    }
    match c.ty {
        ColumnType::Text | ColumnType::Code => Ok(Parsed::Text(t)),
        ColumnType::Integer => t
            .parse()
            .map(Parsed::Int)
            .map_err(|_| "a whole number".into()),
        ColumnType::Decimal => match t.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(Parsed::Dec(x)),
            _ => Err("a decimal number such as 0.25".into()),
        },
        ColumnType::Bool => match t {
            "true" | "TRUE" | "True" | "1" => Ok(Parsed::Bool(true)),
            "false" | "FALSE" | "False" | "0" => Ok(Parsed::Bool(false)),
            _ => Err("true or false".into()),
        },
        ColumnType::Date => bydel_model::Date::parse(t)
            .map(|d| Parsed::Date(d.days_since_epoch()))
            .map_err(|_| "an ISO date YYYY-MM-DD".into()),
    }
}

pub mod csv_text;
pub mod xlsx;
