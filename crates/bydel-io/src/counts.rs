//! The aggregation output on disk: `counts.parquet` (kind, area_id, year, measure, value) and
//! `areas.csv` (kind, area_id, name, parent_id, municipality, region). These are working data
//! inside the secure environment (exact, unsuppressed counts), not published tables.

use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{Int64Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::Int64Type;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use bydel_model::{AreaId, AreaInfo, CountKey, CountsTable, Kind, Year};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use crate::IoError;
use crate::write::{FileFormat, TableWriter, write_atomic};

/// File name of the counts table.
pub const COUNTS_FILE: &str = "counts.parquet";
/// File name of the area descriptions.
pub const AREAS_FILE: &str = "areas.csv";

/// The schema of `counts.parquet`.
pub fn counts_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("kind", DataType::Utf8, false),
        Field::new("area_id", DataType::Utf8, false),
        Field::new("year", DataType::Int64, false),
        Field::new("measure", DataType::Utf8, false),
        Field::new("value", DataType::Int64, false),
    ]))
}

/// Writes `counts.parquet` and `areas.csv` into `dir` (created if needed), each atomically.
pub fn write_counts(dir: &Path, table: &CountsTable) -> Result<(), IoError> {
    std::fs::create_dir_all(dir).map_err(|e| IoError::file(dir, e))?;
    let path = dir.join(COUNTS_FILE);
    let mut w = TableWriter::create_at(&path, counts_schema(), FileFormat::Parquet)?;
    let (mut k, mut a, mut y, mut m, mut v) = (
        StringBuilder::new(),
        StringBuilder::new(),
        Int64Builder::new(),
        StringBuilder::new(),
        Int64Builder::new(),
    );
    let mut n = 0;
    for (key, measure, value) in table.rows() {
        k.append_value(key.kind.as_str());
        a.append_value(key.area_id.as_str());
        y.append_value(i64::from(key.year.get()));
        m.append_value(measure);
        v.append_value(value);
        n += 1;
        if n % 65_536 == 0 {
            flush(
                &mut w,
                &mut [&mut k, &mut a, &mut m],
                &mut [&mut y, &mut v],
                &path,
            )?;
        }
    }
    flush(
        &mut w,
        &mut [&mut k, &mut a, &mut m],
        &mut [&mut y, &mut v],
        &path,
    )?;
    w.finish()?;
    write_atomic(&dir.join(AREAS_FILE), areas_csv(table).as_bytes())
}

fn flush(
    w: &mut TableWriter,
    s: &mut [&mut StringBuilder; 3],
    i: &mut [&mut Int64Builder; 2],
    path: &Path,
) -> Result<(), IoError> {
    let cols: Vec<ArrayRef> = vec![
        Arc::new(s[0].finish()),
        Arc::new(s[1].finish()),
        Arc::new(i[0].finish()),
        Arc::new(s[2].finish()),
        Arc::new(i[1].finish()),
    ];
    let batch = RecordBatch::try_new(counts_schema(), cols).map_err(|source| IoError::Arrow {
        path: path.into(),
        source,
    })?;
    w.write_batch(&batch)
}

fn areas_csv(table: &CountsTable) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "kind",
        "area_id",
        "name",
        "parent_id",
        "municipality",
        "region",
    ]);
    for a in table.areas() {
        let opt = |x: Option<u16>| x.map(|v| v.to_string()).unwrap_or_default();
        let _ = w.write_record([
            a.kind.as_str(),
            a.area_id.as_str(),
            &a.name,
            a.parent_id.as_ref().map(|p| p.as_str()).unwrap_or(""),
            &opt(a.municipality),
            &opt(a.region),
        ]);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// Reads a run folder's `counts.parquet` and `areas.csv`.
pub fn read_counts(dir: &Path) -> Result<CountsTable, IoError> {
    let path = dir.join(COUNTS_FILE);
    let file = std::fs::File::open(&path).map_err(|e| IoError::file(&path, e))?;
    let perr = |source| IoError::Parquet {
        path: path.clone(),
        source,
    };
    let reader = ParquetRecordBatchReaderBuilder::try_new(file)
        .map_err(perr)?
        .build()
        .map_err(perr)?;
    let mut table = CountsTable::default();
    let bad = |what: String| {
        IoError::Invalid({
            let mut p = crate::Problems::default();
            p.at(
                &path.display().to_string(),
                None,
                None,
                "a counts table written by bydel aggregate",
                what,
            );
            p
        })
    };
    for batch in reader {
        let batch = batch.map_err(|source| IoError::Arrow {
            path: path.clone(),
            source,
        })?;
        // Columns written by other tools may be large strings (pandas) or 32-bit integers:
        // cast to the canonical types before reading, never panic on a type.
        let col = |n: &str, ty: &DataType| {
            let c = batch
                .column_by_name(n)
                .ok_or_else(|| bad(format!("no column {n}")))?;
            arrow_cast::cast(c, ty)
                .map_err(|e| bad(format!("column {n} of type {}: {e}", c.data_type())))
        };
        let (k, a, m) = (
            col("kind", &DataType::Utf8)?,
            col("area_id", &DataType::Utf8)?,
            col("measure", &DataType::Utf8)?,
        );
        let (y, v) = (
            col("year", &DataType::Int64)?,
            col("value", &DataType::Int64)?,
        );
        let (k, a, m) = (
            k.as_string::<i32>(),
            a.as_string::<i32>(),
            m.as_string::<i32>(),
        );
        let (y, v) = (y.as_primitive::<Int64Type>(), v.as_primitive::<Int64Type>());
        for r in 0..batch.num_rows() {
            let key = CountKey {
                kind: Kind::new(k.value(r)).map_err(|e| bad(e.to_string()))?,
                area_id: AreaId::new(a.value(r)).map_err(|e| bad(e.to_string()))?,
                year: Year::new(i32::try_from(y.value(r)).unwrap_or(i32::MIN))
                    .map_err(|e| bad(e.to_string()))?,
            };
            table.set(key, m.value(r), v.value(r));
        }
    }
    read_areas(&dir.join(AREAS_FILE), &mut table)?;
    Ok(table)
}

/// One row of a counts table in the long format, as read from a file produced elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongRow {
    /// The line (CSV, counting the header as line 1) or row number + 1 (Parquet).
    pub line: u64,
    /// The layer.
    pub kind: String,
    /// The area.
    pub area_id: String,
    /// The data year.
    pub year: i64,
    /// The measure.
    pub measure: String,
    /// The exact integer value.
    pub value: i64,
}

/// The columns of the long format, in order.
pub const LONG_COLUMNS: [&str; 5] = ["kind", "area_id", "year", "measure", "value"];

/// Reads a counts table in the long format (`kind, area_id, year, measure, value`) written by
/// another engine: a CSV file with a header row (comma-separated), or a Parquet file (any
/// string and integer types). Cells that are not readable (a missing column, a year or value
/// that is not a whole number) are problems naming the file, the line and the column; the
/// rows that are readable are returned with them.
pub fn read_long(path: &Path) -> Result<(Vec<LongRow>, crate::Problems), IoError> {
    let mut problems = crate::Problems::default();
    let file = path.display().to_string();
    let mut rows = Vec::new();
    let mut push = |line: u64, cells: [&str; 5], problems: &mut crate::Problems| {
        let int = |i: usize, problems: &mut crate::Problems| {
            let t = cells[i].trim();
            t.parse::<i64>().map_err(|_| {
                problems.at(
                    &file,
                    Some(line),
                    Some(LONG_COLUMNS[i]),
                    "a whole number",
                    format!("{t:?}"),
                )
            })
        };
        let (year, value) = (int(2, problems), int(4, problems));
        if let (Ok(year), Ok(value)) = (year, value) {
            rows.push(LongRow {
                line,
                kind: cells[0].to_string(),
                area_id: cells[1].to_string(),
                year,
                measure: cells[3].to_string(),
                value,
            });
        }
    };
    if path.extension().is_some_and(|e| e == "parquet") {
        let f = std::fs::File::open(path).map_err(|e| IoError::file(path, e))?;
        let perr = |source| IoError::Parquet {
            path: path.into(),
            source,
        };
        let reader = ParquetRecordBatchReaderBuilder::try_new(f)
            .map_err(perr)?
            .build()
            .map_err(perr)?;
        let mut line = 1u64;
        for batch in reader {
            let batch = batch.map_err(|source| IoError::Arrow {
                path: path.into(),
                source,
            })?;
            let mut cols = Vec::with_capacity(5);
            for name in LONG_COLUMNS {
                let Some(c) = batch.column_by_name(name) else {
                    problems.at(
                        &file,
                        None,
                        Some(name),
                        "a column of the long format",
                        "none",
                    );
                    return Ok((rows, problems));
                };
                let c = arrow_cast::cast(c, &DataType::Utf8).map_err(|source| IoError::Arrow {
                    path: path.into(),
                    source,
                })?;
                cols.push(c);
            }
            let text: Vec<_> = cols.iter().map(|c| c.as_string::<i32>()).collect();
            for r in 0..batch.num_rows() {
                line += 1;
                let cell = |i: usize| {
                    if arrow_array::Array::is_null(text[i], r) {
                        ""
                    } else {
                        text[i].value(r)
                    }
                };
                push(
                    line,
                    [cell(0), cell(1), cell(2), cell(3), cell(4)],
                    &mut problems,
                );
            }
        }
        return Ok((rows, problems));
    }
    let cerr = |source| IoError::Csv {
        path: path.into(),
        source,
    };
    let mut rdr = csv::Reader::from_path(path).map_err(cerr)?;
    let header = rdr.headers().map_err(cerr)?.clone();
    let mut at = [0usize; 5];
    for (i, name) in LONG_COLUMNS.iter().enumerate() {
        match header
            .iter()
            .position(|h| h.trim().trim_start_matches('\u{feff}') == *name)
        {
            Some(j) => at[i] = j,
            None => {
                problems.at(
                    &file,
                    Some(1),
                    Some(name),
                    "a column of the long format",
                    "none",
                );
            }
        }
    }
    if !problems.is_empty() {
        return Ok((rows, problems));
    }
    for rec in rdr.records() {
        let rec = rec.map_err(cerr)?;
        let line = rec.position().map_or(0, |p| p.line());
        let cell = |i: usize| rec.get(at[i]).unwrap_or("");
        push(
            line,
            [cell(0), cell(1), cell(2), cell(3), cell(4)],
            &mut problems,
        );
    }
    Ok((rows, problems))
}

fn read_areas(path: &Path, table: &mut CountsTable) -> Result<(), IoError> {
    let cerr = |source| IoError::Csv {
        path: path.into(),
        source,
    };
    let mut rdr = csv::Reader::from_path(path).map_err(cerr)?;
    for rec in rdr.records() {
        let rec = rec.map_err(cerr)?;
        let get = |i: usize| rec.get(i).unwrap_or("").to_string();
        let opt_u16 = |i: usize| get(i).parse::<u16>().ok();
        let (Ok(kind), Ok(area_id)) = (Kind::new(get(0)), AreaId::new(get(1))) else {
            continue;
        };
        table.add_area(AreaInfo {
            kind,
            area_id,
            name: get(2),
            parent_id: AreaId::new(get(3)).ok(),
            municipality: opt_u16(4),
            region: opt_u16(5),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_round_trip() {
        let dir = tempfile::tempdir().unwrap();
        let mut t = CountsTable::new(["residents".to_string()]);
        let kind = Kind::new("district").unwrap();
        let id = AreaId::new("d1").unwrap();
        t.add_area(AreaInfo {
            kind: kind.clone(),
            area_id: id.clone(),
            name: "Bagsværd".into(),
            parent_id: None,
            municipality: Some(159),
            region: Some(1084),
        });
        t.set(
            CountKey {
                kind: kind.clone(),
                area_id: id.clone(),
                year: Year::new(2020).unwrap(),
            },
            "residents",
            11_021,
        );
        write_counts(dir.path(), &t).unwrap();
        let back = read_counts(dir.path()).unwrap();
        assert_eq!(
            back.get(&kind, &id, Year::new(2020).unwrap(), "residents"),
            Some(11_021)
        );
        assert_eq!(back.area(&kind, &id).unwrap().name, "Bagsværd");
    }
}
