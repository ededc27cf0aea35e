//! Pseudonymisation of a dataset folder: CSV and Parquet tables get the same pseudonyms.

use std::fs::{self, File};
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema};
use bydel_privacy::pseudonymise::{Key, pseudonym, pseudonymise_csv, pseudonymise_dir};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

fn key() -> Key {
    Key::from_bytes(b"an example key of at least thirty-two bytes\n").unwrap()
}

fn write_parquet(path: &std::path::Path, ids: &[&str], note: &[&str]) {
    let schema = Arc::new(Schema::new(vec![
        Field::new("person_id", DataType::Utf8, true),
        Field::new("year", DataType::Int64, false),
        Field::new("note", DataType::Utf8, true),
    ]));
    let cols: Vec<ArrayRef> = vec![
        Arc::new(StringArray::from(ids.to_vec())),
        Arc::new(Int64Array::from(vec![2024; ids.len()])),
        Arc::new(StringArray::from(note.to_vec())),
    ];
    let batch = RecordBatch::try_new(schema.clone(), cols).unwrap();
    let mut w = ArrowWriter::try_new(File::create(path).unwrap(), schema, None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
}

#[test]
fn csv_and_parquet_tables_share_pseudonyms() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(
        input.join("convictions.csv"),
        "person_id,law\n010190-1234,penal\n",
    )
    .unwrap();
    write_parquet(
        &input.join("persons.parquet"),
        &["0101901234", "020285-4321"],
        &["a", "b"],
    );
    let out = dir.path().join("out");
    let reports = pseudonymise_dir(&key(), &input, &out).unwrap();
    assert_eq!(reports.len(), 2);
    let reader =
        ParquetRecordBatchReaderBuilder::try_new(File::open(out.join("persons.parquet")).unwrap())
            .unwrap()
            .build()
            .unwrap();
    let batch = reader.into_iter().next().unwrap().unwrap();
    let ids: Vec<&str> = batch
        .column(0)
        .as_string::<i32>()
        .iter()
        .flatten()
        .collect();
    let csv = fs::read_to_string(out.join("convictions.csv")).unwrap();
    assert_eq!(ids[0], pseudonym(&key(), "010190-1234"));
    assert!(csv.contains(ids[0]), "{csv}");
    assert_eq!(batch.column(1).len(), 2, "other columns kept");
}

#[test]
fn cpr_in_parquet_free_text_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    write_parquet(
        &input.join("persons.parquet"),
        &["x1"],
        &["ring til 010190-1234"],
    );
    let out = dir.path().join("out");
    let err = pseudonymise_dir(&key(), &input, &out)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("free text") && !err.contains("010190"),
        "{err}"
    );
    assert!(!out.exists());
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary folder left"
    );
}

#[test]
fn cpr_like_values_in_any_column_are_pseudonymised() {
    let (out, report) = pseudonymise_csv(&key(), "t.csv", b"id,x\n0101901234,1\n,2\n").unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(report.columns, ["id"]);
    assert!(
        !text.contains("0101901234") && text.contains("\n,2\n"),
        "{text}"
    );
}

#[test]
fn keys_are_checked_and_never_shown() {
    assert!(Key::from_bytes(b"short").is_err());
    let k = key();
    assert_eq!(format!("{k:?}"), "Key(<redacted>)");
    assert_ne!(
        pseudonym(&k, "x"),
        pseudonym(&Key::from_bytes(&[1u8; 32]).unwrap(), "x")
    );
}

/// Issue 13: a workbook or a gzipped CSV holding CPR numbers used to be copied byte for byte.
#[test]
fn issue_13_workbooks_compressed_and_unknown_files_are_refused() {
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "persons.xlsx",
            b"PK\x03\x04 binary workbook",
            "is a workbook",
        ),
        (
            "persons.csv.gz",
            b"\x1f\x8b\x08 compressed",
            "is a compressed file",
        ),
        ("persons.zip", b"PK\x03\x04", "is a compressed file"),
        (
            "notes.docx",
            b"PK\x03\x04",
            "is not a table bydel can pseudonymise",
        ),
    ];
    for (name, bytes, why) in cases {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in");
        fs::create_dir(&input).unwrap();
        fs::write(input.join("convictions.csv"), "person_id\n010190-1234\n").unwrap();
        fs::write(input.join(name), bytes).unwrap();
        let out = dir.path().join("out");
        let err = pseudonymise_dir(&key(), &input, &out)
            .unwrap_err()
            .to_string();
        assert!(err.contains(name) && err.contains(why), "{name}: {err}");
        assert!(!out.exists(), "{name}: nothing written");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temp left");
    }
}

/// Issue 13: Danish Excel writes `;`-separated CSV; its identifiers are pseudonymised too.
#[test]
fn issue_13_semicolon_csv_is_pseudonymised() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    fs::write(
        input.join("persons.csv"),
        "person_id;family_id;year\r\n010190-1234;0202851234;2024\r\n",
    )
    .unwrap();
    fs::write(
        input.join("areas.geojson"),
        "{\"type\":\"FeatureCollection\",\"features\":[]}",
    )
    .unwrap();
    fs::write(input.join(".bydel-synth"), "seed=1\n").unwrap();
    let out = dir.path().join("out");
    let reports = pseudonymise_dir(&key(), &input, &out).unwrap();
    assert_eq!(reports[0].columns, ["person_id", "family_id"]);
    let text = fs::read_to_string(out.join("persons.csv")).unwrap();
    let first = pseudonym(&key(), "0101901234");
    assert!(text.starts_with("person_id;family_id;year\n"), "{text}");
    assert!(text.contains(&format!("{first};")), "{text}");
    assert!(!text.contains("1234;"), "{text}");
    assert!(out.join("areas.geojson").exists(), "text files are copied");
    assert!(
        !out.join(".bydel-synth").exists(),
        "bydel's markers are not copied"
    );
}

/// Issue 13: pandas writes text as `large_string`; such columns used to be skipped by the CPR
/// scan (and copied unchanged) or refused as "not text".
#[test]
fn issue_13_large_string_and_dictionary_columns_are_checked_and_pseudonymised() {
    use arrow_array::{DictionaryArray, LargeStringArray, types::Int32Type};
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    fs::create_dir(&input).unwrap();
    let schema = Arc::new(Schema::new(vec![
        Field::new("person_id", DataType::LargeUtf8, true),
        Field::new("kopi", DataType::LargeUtf8, true),
        Field::new(
            "kategori",
            DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
            true,
        ),
    ]));
    let cols: Vec<ArrayRef> = vec![
        Arc::new(LargeStringArray::from(vec!["0101901234"])),
        Arc::new(LargeStringArray::from(vec!["010190-1234"])),
        Arc::new(DictionaryArray::<Int32Type>::from_iter(["0202851234"])),
    ];
    let batch = RecordBatch::try_new(schema.clone(), cols).unwrap();
    let path = input.join("persons.parquet");
    let mut w = ArrowWriter::try_new(File::create(&path).unwrap(), schema, None).unwrap();
    w.write(&batch).unwrap();
    w.close().unwrap();
    let out = dir.path().join("out");
    let reports = pseudonymise_dir(&key(), &input, &out).unwrap();
    assert_eq!(reports[0].columns, ["person_id", "kopi", "kategori"]);
    let reader =
        ParquetRecordBatchReaderBuilder::try_new(File::open(out.join("persons.parquet")).unwrap())
            .unwrap()
            .build()
            .unwrap();
    let batch = reader.into_iter().next().unwrap().unwrap();
    let expected = pseudonym(&key(), "0101901234");
    for c in 0..3 {
        let v = batch.column(c).as_string::<i32>().value(0).to_string();
        assert!(
            !bydel_privacy::looks_like_cpr(&v),
            "column {c} still holds a CPR number"
        );
        if c < 2 {
            assert_eq!(v, expected);
        }
    }
}
