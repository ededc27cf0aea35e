//! Issue 13, input side: each class of bad input that used to lose data, panic or pass
//! silently, with the exact behaviour now expected. Every case starts from a valid dataset (the
//! Danmarks Statistik fixture imported as CSV) and breaks one thing.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{ArrayRef, Int32Array, Int64Array, LargeStringArray, RecordBatch};
use arrow_schema::{DataType, Field, Schema};
use bydel_io::read::{Batch, read_source};
use bydel_io::{Dataset, FileFormat, IoError, Problem, dst};
use bydel_model::schema;
use parquet::arrow::ArrowWriter;

fn registers() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dst/registers")
}

/// A valid CSV dataset in a temporary folder.
fn dataset() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dataset");
    dst::import(&registers(), &out, FileFormat::Csv).unwrap();
    (tmp, out)
}

/// The problems in one file (a skipped row also makes its dependants fail elsewhere).
fn problems_in(dir: &Path, file: &str) -> Vec<Problem> {
    let mut p = problems(dir);
    p.retain(|p| p.file.ends_with(file));
    p
}

fn problems(dir: &Path) -> Vec<Problem> {
    let ds = Dataset::open(dir).unwrap();
    let ids: HashSet<(String, String)> = dst::area_ids(&ds.areas_path()).unwrap();
    let report = bydel_io::validate::validate(&ds, &ids, &mut |_| {}).unwrap();
    report.problems.sorted()
}

fn edit(path: &Path, f: impl FnOnce(String) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, f(text)).unwrap();
}

/// Replaces field `col` of line `line` (1 = header) of a comma-separated file.
fn set_cell(path: &Path, line: usize, col: &str, value: &str) {
    edit(path, |text| {
        let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        let c = header.iter().position(|h| *h == col).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let mut cells: Vec<String> = lines[line - 1].split(',').map(str::to_string).collect();
        cells[c] = value.into();
        lines[line - 1] = cells.join(",");
        lines.join("\n") + "\n"
    });
}

#[test]
fn issue_13_import_never_replaces_the_input_a_file_or_the_users_files() {
    let tmp = tempfile::tempdir().unwrap();
    // The input itself (a copy, so the fixture is safe if this fails).
    let from = tmp.path().join("registers");
    std::fs::create_dir(&from).unwrap();
    for e in std::fs::read_dir(registers()).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), from.join(e.file_name())).unwrap();
    }
    let err = dst::import(&from, &from, FileFormat::Csv)
        .unwrap_err()
        .to_string();
    assert!(err.contains("is the input"), "{err}");
    assert!(from.join("bef.csv").is_file());
    // A folder with the user's own files.
    let mine = tmp.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("budget.xlsx"), "x").unwrap();
    let err = dst::import(&from, &mine, FileFormat::Csv)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("holds files bydel did not write (`budget.xlsx`)"),
        "{err}"
    );
    assert!(mine.join("budget.xlsx").is_file());
    // A file.
    let file = tmp.path().join("notes.txt");
    std::fs::write(&file, "mine").unwrap();
    let err = dst::import(&from, &file, FileFormat::Csv)
        .unwrap_err()
        .to_string();
    assert!(err.contains("is a file, not a folder"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    // An earlier import is replaced.
    let out = tmp.path().join("dataset");
    dst::import(&from, &out, FileFormat::Csv).unwrap();
    dst::import(&from, &out, FileFormat::Parquet).unwrap();
    assert!(out.join("persons.parquet").is_file() && !out.join("persons.csv").exists());
}

#[test]
fn issue_13_crlf_line_numbers_are_the_editors() {
    let (_tmp, dir) = dataset();
    let persons = dir.join("persons.csv");
    set_cell(&persons, 5, "age", "old");
    edit(&persons, |t| t.replace('\n', "\r\n"));
    let p = problems_in(&dir, "persons.csv");
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!((p[0].line, p[0].column.as_deref()), (Some(5), Some("age")));
}

#[test]
fn issue_13_semicolon_csv_with_decimal_commas_is_read() {
    let (_tmp, dir) = dataset();
    let persons = dir.join("persons.csv");
    set_cell(&persons, 3, "outside_fte", "0.25");
    edit(&persons, |t| t.replace(',', ";").replace("0.25", "0,25"));
    assert!(problems(&dir).is_empty(), "{:?}", problems(&dir));
    let ds = Dataset::open(&dir).unwrap();
    let mut fte = Vec::new();
    read_source(
        &ds.require(&schema::PERSONS).unwrap(),
        &schema::PERSONS,
        Some(&["outside_fte"]),
        &mut |b: Batch| {
            use arrow_array::cast::AsArray;
            let c = b
                .batch
                .column(0)
                .as_primitive::<arrow_array::types::Float64Type>();
            fte.extend(c.iter().flatten());
            Ok(())
        },
    )
    .unwrap();
    assert_eq!(fte[1], 0.25);
}

#[test]
fn issue_13_non_utf8_names_file_line_and_column() {
    let (_tmp, dir) = dataset();
    let persons = dir.join("persons.csv");
    set_cell(&persons, 4, "origin_country", "TRxx");
    let mut bytes = std::fs::read(&persons).unwrap();
    let at = bytes.windows(4).position(|w| w == b"TRxx").unwrap();
    bytes[at + 2] = 0xE6; // æ in Windows-1252
    std::fs::write(&persons, bytes).unwrap();
    let p = problems_in(&dir, "persons.csv");
    assert_eq!(p.len(), 1, "{p:?}");
    assert!(p[0].file.ends_with("persons.csv"));
    assert_eq!(
        (p[0].line, p[0].column.as_deref()),
        (Some(4), Some("origin_country"))
    );
    assert!(
        p[0].found.contains("0xE6") && p[0].expected.contains("UTF-8"),
        "{}",
        p[0]
    );
}

#[test]
fn issue_13_duplicated_column_names_are_refused() {
    let (_tmp, dir) = dataset();
    edit(&dir.join("addresses.csv"), |t| {
        t.replacen("address_id,lon,lat", "address_id,lon,lon", 1)
    });
    let p = problems(&dir);
    let dup = p.iter().find(|p| p.expected == "each column name once");
    let dup = dup.unwrap_or_else(|| panic!("{p:?}"));
    assert_eq!(dup.found, "`lon` in columns 2 and 3");
    assert_eq!(dup.line, Some(1));
}

#[test]
fn issue_13_zero_persons_is_a_problem() {
    let (_tmp, dir) = dataset();
    edit(&dir.join("persons.csv"), |t| {
        t.lines().next().unwrap().to_string() + "\n"
    });
    let p = problems(&dir);
    assert!(
        p.iter()
            .any(|p| p.found == "no rows" && p.file.ends_with("persons.csv")),
        "{p:?}"
    );
}

#[test]
fn issue_13_cpr_numbers_in_any_identifier_column_are_refused() {
    let (_tmp, dir) = dataset();
    set_cell(&dir.join("persons.csv"), 2, "family_id", "0101901234");
    set_cell(&dir.join("addresses.csv"), 2, "address_id", "010190-1234");
    let p = problems(&dir);
    for (file, col) in [
        ("persons.csv", "family_id"),
        ("addresses.csv", "address_id"),
    ] {
        let hit = p.iter().find(|p| {
            p.file.ends_with(file) && p.line == Some(2) && p.column.as_deref() == Some(col)
        });
        let hit = hit.unwrap_or_else(|| panic!("{file} {col}: {p:?}"));
        assert!(hit.expected.contains("pseudonymised identifier"), "{hit}");
        assert!(
            !hit.to_string().contains("1234"),
            "the value is never shown"
        );
    }
}

/// pandas writes `large_string` columns and often an int32 year.
#[test]
fn issue_13_parquet_with_large_strings_and_int32_year_is_read() {
    let (_tmp, dir) = dataset();
    let ds = Dataset::open(&dir).unwrap();
    let mut batches = Vec::new();
    read_source(
        &ds.require(&schema::PERSONS).unwrap(),
        &schema::PERSONS,
        None,
        &mut |b| {
            batches.push(b.batch);
            Ok(())
        },
    )
    .unwrap();
    let fields: Vec<Field> = batches[0]
        .schema()
        .fields()
        .iter()
        .map(|f| match (f.name().as_str(), f.data_type()) {
            ("year", _) => Field::new("year", DataType::Int32, false),
            (_, DataType::Utf8) => Field::new(f.name(), DataType::LargeUtf8, true),
            _ => f.as_ref().clone(),
        })
        .collect();
    let schema = Arc::new(Schema::new(fields));
    let file = std::fs::File::create(dir.join("persons.parquet")).unwrap();
    let mut w = ArrowWriter::try_new(file, schema.clone(), None).unwrap();
    for batch in &batches {
        let cols: Vec<ArrayRef> = batch
            .columns()
            .iter()
            .zip(schema.fields())
            .map(|(c, f)| arrow_cast::cast(c, f.data_type()).unwrap())
            .collect();
        w.write(&RecordBatch::try_new(schema.clone(), cols).unwrap())
            .unwrap();
    }
    w.close().unwrap();
    std::fs::remove_file(dir.join("persons.csv")).unwrap();
    assert!(problems(&dir).is_empty(), "{:?}", problems(&dir));
}

/// `analyse` reads the counts table through bydel-io: other tools' types must not panic it.
#[test]
fn issue_13_counts_with_large_strings_and_int32_year_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let schema = Arc::new(Schema::new(vec![
        Field::new("kind", DataType::LargeUtf8, false),
        Field::new("area_id", DataType::LargeUtf8, false),
        Field::new("year", DataType::Int32, false),
        Field::new("measure", DataType::LargeUtf8, false),
        Field::new("value", DataType::Int64, false),
    ]));
    let text = |v: &str| Arc::new(LargeStringArray::from(vec![v])) as ArrayRef;
    let cols = vec![
        text("district"),
        text("d1"),
        Arc::new(Int32Array::from(vec![2024])) as ArrayRef,
        text("residents"),
        Arc::new(Int64Array::from(vec![1234])) as ArrayRef,
    ];
    let file = std::fs::File::create(dir.path().join(bydel_io::counts::COUNTS_FILE)).unwrap();
    let mut w = ArrowWriter::try_new(file, schema.clone(), None).unwrap();
    w.write(&RecordBatch::try_new(schema, cols).unwrap())
        .unwrap();
    w.close().unwrap();
    std::fs::write(
        dir.path().join(bydel_io::counts::AREAS_FILE),
        "kind,area_id,name,parent_id,municipality,region\ndistrict,d1,D1,,159,1084\n",
    )
    .unwrap();
    let counts = bydel_io::counts::read_counts(dir.path());
    assert!(
        counts.is_ok(),
        "{:?}",
        counts.err().map(|e: IoError| e.to_string())
    );
}
