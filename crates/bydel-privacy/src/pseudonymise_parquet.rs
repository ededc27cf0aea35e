//! Pseudonymising Parquet tables: the same pseudonyms as for CSV, column by column.
//!
//! Two passes over the file: the first finds the columns to pseudonymise (identifier names, or
//! any text value that looks like a CPR number) and refuses CPR numbers in free text; the second
//! writes the table with those columns replaced. Identifier columns must be text (a CPR number
//! stored as an integer has lost its leading zero: convert it to text first). Text columns of
//! any encoding (large strings as pandas writes them, string views, categorical dictionaries)
//! are read as text and checked; columns that cannot be checked (binary, nested) are refused.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{ArrayRef, RecordBatch, RecordBatchReader, StringArray};
use arrow_schema::DataType;
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::cpr::{contains_cpr, looks_like_cpr};
use crate::error::PrivacyError;
use crate::pseudonymise::{IDENTIFIER_COLUMNS, Key, TableReport, pseudonym};

/// Pseudonymises the Parquet table `input` into `output`; `file` names it in messages.
pub fn pseudonymise_parquet(
    key: &Key,
    file: &str,
    input: &Path,
    output: &Path,
) -> Result<TableReport, PrivacyError> {
    let columns = identifier_columns(file, input)?;
    let mut rows = 0;
    let reader = open(file, input)?;
    let schema = reader.schema.clone();
    let (target, out) = bydel_fs::AtomicFile::create(output)?;
    let perr = |e: parquet::errors::ParquetError| PrivacyError::input(file, 0, e.to_string());
    let mut writer = ArrowWriter::try_new(out, schema.clone(), None).map_err(perr)?;
    for batch in reader {
        let batch = batch?;
        rows += batch.num_rows();
        let cols: Vec<ArrayRef> = (0..batch.num_columns())
            .map(|c| {
                if columns.contains(&c) {
                    replace(key, &batch, c)
                } else {
                    batch.column(c).clone()
                }
            })
            .collect();
        let new = RecordBatch::try_new(schema.clone(), cols)
            .map_err(|e| PrivacyError::Internal(e.to_string()))?;
        writer.write(&new).map_err(perr)?;
    }
    target.commit(writer.into_inner().map_err(perr)?)?;
    let names = columns
        .iter()
        .map(|&c| schema.field(c).name().clone())
        .collect();
    Ok(TableReport {
        file: file.into(),
        rows,
        columns: names,
    })
}

/// A Parquet table read with every text column as `Utf8`: large strings (what pandas writes),
/// string views and dictionary-encoded (categorical) text are cast, so that every text value is
/// checked for CPR numbers. Columns that cannot be checked (binary, lists, structs) are refused.
struct Normalised {
    reader: parquet::arrow::arrow_reader::ParquetRecordBatchReader,
    schema: arrow_schema::SchemaRef,
    file: String,
}

impl Iterator for Normalised {
    type Item = Result<RecordBatch, PrivacyError>;

    fn next(&mut self) -> Option<Self::Item> {
        let batch = self.reader.next()?;
        let file = &self.file;
        Some(
            batch
                .map_err(|e| PrivacyError::input(file, 0, e.to_string()))
                .and_then(|b| {
                    let cols = b
                        .columns()
                        .iter()
                        .zip(self.schema.fields())
                        .map(|(c, f)| arrow_cast::cast(c, f.data_type()))
                        .collect::<Result<Vec<_>, _>>()
                        .map_err(|e| PrivacyError::input(file, 0, e.to_string()))?;
                    RecordBatch::try_new(self.schema.clone(), cols)
                        .map_err(|e| PrivacyError::Internal(e.to_string()))
                }),
        )
    }
}

fn open(file: &str, path: &Path) -> Result<Normalised, PrivacyError> {
    let f = File::open(path).map_err(|e| PrivacyError::io(path, e))?;
    let perr = |e: parquet::errors::ParquetError| {
        PrivacyError::input(file, 0, format!("not a readable Parquet file ({e})"))
    };
    let reader = ParquetRecordBatchReaderBuilder::try_new(f)
        .map_err(perr)?
        .build()
        .map_err(perr)?;
    let mut fields = Vec::new();
    for f in reader.schema().fields() {
        let t = f.data_type();
        if is_text(t) {
            fields.push(arrow_schema::Field::new(
                f.name(),
                DataType::Utf8,
                f.is_nullable(),
            ));
        } else if t.is_primitive() || matches!(t, DataType::Boolean | DataType::Null) {
            fields.push(f.as_ref().clone());
        } else {
            let msg = format!(
                "column {}: values of type {t} cannot be checked for CPR numbers; convert the \
                 column to text or numbers first",
                f.name()
            );
            return Err(PrivacyError::input(file, 0, msg));
        }
    }
    Ok(Normalised {
        reader,
        schema: Arc::new(arrow_schema::Schema::new(fields)),
        file: file.to_string(),
    })
}

fn is_text(t: &DataType) -> bool {
    match t {
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => true,
        DataType::Dictionary(_, v) => is_text(v),
        _ => false,
    }
}

/// The columns to pseudonymise; refuses identifiers that are not text and CPR numbers in
/// free text.
fn identifier_columns(file: &str, path: &Path) -> Result<Vec<usize>, PrivacyError> {
    let reader = open(file, path)?;
    let schema = reader.schema.clone();
    let named = |c: usize| {
        IDENTIFIER_COLUMNS.contains(&schema.field(c).name().to_ascii_lowercase().as_str())
    };
    for c in (0..schema.fields().len()).filter(|&c| named(c)) {
        if schema.field(c).data_type() != &DataType::Utf8 {
            let msg = format!(
                "column {}: an identifier column must be text (Utf8)",
                schema.field(c).name()
            );
            return Err(PrivacyError::input(file, 0, msg));
        }
    }
    let mut found: Vec<usize> = (0..schema.fields().len()).filter(|&c| named(c)).collect();
    for batch in reader {
        let batch = batch?;
        for c in
            (0..batch.num_columns()).filter(|&c| batch.column(c).data_type() == &DataType::Utf8)
        {
            if found.contains(&c) {
                continue;
            }
            let values = batch.column(c).as_string::<i32>();
            if values.iter().flatten().any(looks_like_cpr) {
                found.push(c);
            } else if values.iter().flatten().any(contains_cpr) {
                let msg = format!(
                    "column {}: a CPR number inside free text",
                    schema.field(c).name()
                );
                return Err(PrivacyError::input(file, 0, msg));
            }
        }
    }
    found.sort_unstable();
    Ok(found)
}

fn replace(key: &Key, batch: &RecordBatch, c: usize) -> ArrayRef {
    let values = batch.column(c).as_string::<i32>();
    let out: StringArray = values
        .iter()
        .map(|v| {
            v.map(|v| {
                if v.trim().is_empty() {
                    v.to_owned()
                } else {
                    pseudonym(key, v)
                }
            })
        })
        .collect();
    Arc::new(out)
}
