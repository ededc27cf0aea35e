//! Writing canonical tables (Parquet or CSV), atomically through [`bydel_fs::AtomicFile`]: data
//! goes to a temporary file in the target folder, which is synced and renamed into place by
//! [`TableWriter::finish`]. A failed or abandoned write leaves the previous file untouched.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bydel_fs::AtomicFile;

use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use bydel_model::schema::{ColumnType, Table};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;

use crate::IoError;

/// The file format of a written table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// Apache Parquet (snappy-compressed).
    Parquet,
    /// CSV with a header row.
    Csv,
}

impl FileFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Parquet => "parquet",
            FileFormat::Csv => "csv",
        }
    }
}

/// The Arrow type bydel uses for a column type.
pub fn arrow_type(ty: ColumnType) -> DataType {
    match ty {
        ColumnType::Text | ColumnType::Code => DataType::Utf8,
        ColumnType::Integer => DataType::Int64,
        ColumnType::Decimal => DataType::Float64,
        ColumnType::Bool => DataType::Boolean,
        ColumnType::Date => DataType::Date32,
    }
}

/// The canonical Arrow schema of a table (all its columns, optional ones included).
pub fn arrow_schema(table: &'static Table) -> SchemaRef {
    let fields: Vec<Field> = table
        .columns
        .iter()
        .map(|c| Field::new(c.name, arrow_type(c.ty), c.nullable))
        .collect();
    Arc::new(Schema::new(fields))
}

/// Writes one table, batch by batch, with bounded memory.
pub struct TableWriter {
    path: PathBuf,
    target: Option<AtomicFile>,
    inner: Option<Inner>,
}

enum Inner {
    Parquet(Box<ArrowWriter<File>>),
    Csv(Box<csv::Writer<BufWriter<File>>>),
}

impl std::fmt::Debug for TableWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableWriter")
            .field("path", &self.path)
            .finish()
    }
}

impl TableWriter {
    /// Starts `DIR/<table>.<ext>` (written to a temporary name until [`finish`](Self::finish)).
    pub fn create(dir: &Path, table: &'static Table, format: FileFormat) -> Result<Self, IoError> {
        let path = dir.join(format!("{}.{}", table.name, format.extension()));
        Self::create_at(&path, arrow_schema(table), format)
    }

    /// Starts any file with any schema (used for outputs such as `counts.parquet`).
    pub fn create_at(path: &Path, schema: SchemaRef, format: FileFormat) -> Result<Self, IoError> {
        let (target, file) = AtomicFile::create(path)?;
        let inner = match format {
            FileFormat::Parquet => {
                // Text columns stay dictionary-encoded across a whole row group (a 16 MiB dictionary
                // page instead of the 1 MiB default), so readers such as the engine decode each
                // distinct address or code once; unique identifiers are not worth a dictionary.
                let mut props = WriterProperties::builder()
                    .set_compression(Compression::SNAPPY)
                    .set_max_row_group_row_count(Some(256 * 1024))
                    .set_dictionary_page_size_limit(16 << 20);
                for unique in ["person_id", "family_id"] {
                    props = props.set_column_dictionary_enabled(ColumnPath::from(unique), false);
                }
                let props = props.build();
                let w = ArrowWriter::try_new(file, schema, Some(props)).map_err(|source| {
                    IoError::Parquet {
                        path: path.into(),
                        source,
                    }
                })?;
                Inner::Parquet(Box::new(w))
            }
            FileFormat::Csv => {
                let mut w = csv::Writer::from_writer(BufWriter::new(file));
                let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
                w.write_record(&names).map_err(|source| IoError::Csv {
                    path: path.into(),
                    source,
                })?;
                Inner::Csv(Box::new(w))
            }
        };
        Ok(TableWriter {
            path: path.to_path_buf(),
            target: Some(target),
            inner: Some(inner),
        })
    }

    /// Appends a batch (its schema must be the table's).
    pub fn write_batch(&mut self, batch: &RecordBatch) -> Result<(), IoError> {
        match self.inner.as_mut().expect("bug: writer used after finish") {
            Inner::Parquet(w) => w.write(batch).map_err(|source| IoError::Parquet {
                path: self.path.clone(),
                source,
            }),
            Inner::Csv(w) => write_csv_batch(w, batch).map_err(|source| IoError::Csv {
                path: self.path.clone(),
                source,
            }),
        }
    }

    /// Completes the file and renames it into place.
    pub fn finish(mut self) -> Result<(), IoError> {
        let file = match self.inner.take().expect("bug: writer finished twice") {
            Inner::Parquet(w) => w.into_inner().map_err(|source| IoError::Parquet {
                path: self.path.clone(),
                source,
            })?,
            Inner::Csv(mut w) => {
                w.flush().map_err(|e| IoError::file(&self.path, e))?;
                let inner = w
                    .into_inner()
                    .map_err(|e| IoError::file(&self.path, e.into_error()))?;
                inner
                    .into_inner()
                    .map_err(|e| IoError::file(&self.path, e.into_error()))?
            }
        };
        let target = self.target.take().expect("bug: writer finished twice");
        Ok(target.commit(file)?)
    }
}

/// Writes bytes to a file atomically (see [`bydel_fs::write_atomic`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), IoError> {
    Ok(bydel_fs::write_atomic(path, bytes)?)
}

fn write_csv_batch(
    w: &mut csv::Writer<BufWriter<File>>,
    batch: &RecordBatch,
) -> Result<(), csv::Error> {
    let cols: Vec<&dyn Array> = batch.columns().iter().map(|c| c.as_ref()).collect();
    let mut record: Vec<String> = Vec::with_capacity(cols.len());
    for row in 0..batch.num_rows() {
        record.clear();
        record.extend(cols.iter().map(|c| cell_text(*c, row)));
        w.write_record(&record)?;
    }
    Ok(())
}

/// The CSV text of one cell (empty for null).
pub fn cell_text(col: &dyn Array, row: usize) -> String {
    use arrow_array::cast::AsArray;
    use arrow_array::types::{Date32Type, Float64Type, Int64Type};
    if col.is_null(row) {
        return String::new();
    }
    match col.data_type() {
        DataType::Utf8 => col.as_string::<i32>().value(row).to_string(),
        DataType::Int64 => col.as_primitive::<Int64Type>().value(row).to_string(),
        DataType::Float64 => format_float(col.as_primitive::<Float64Type>().value(row)),
        DataType::Boolean => col.as_boolean().value(row).to_string(),
        DataType::Date32 => {
            bydel_model::Date::from_days_since_epoch(col.as_primitive::<Date32Type>().value(row))
                .to_string()
        }
        other => format!("<{other}>"),
    }
}

fn format_float(x: f64) -> String {
    let s = format!("{x}");
    if s.contains('e') {
        format!("{x:.12}")
    } else {
        s
    }
}
