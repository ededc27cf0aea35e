//! Issue 14, validation at streaming speed: Parquet text columns are checked once per distinct
//! dictionary value (and look-ups against other tables once per distinct identifier), so the
//! same dataset as CSV (checked cell by cell) and as dictionary-encoded Parquet must give the
//! same problems, row for row.

use std::collections::HashSet;
use std::path::Path;

use bydel_io::read::read_source;
use bydel_io::{Dataset, FileFormat, Problem, TableWriter, dst};
use bydel_model::schema;

/// Problems as (table, data row, column, expected, found): CSV line 2 and Parquet row 1 are
/// data row 1.
type Key = (String, Option<u64>, Option<String>, String, String);

fn problems(dir: &Path) -> Vec<Key> {
    let ds = Dataset::open(dir).unwrap();
    let ids = dst::area_ids(&ds.areas_path()).unwrap();
    let report = bydel_io::validate::validate(&ds, &ids, &mut |_| {}).unwrap();
    let mut out: Vec<Key> = report.problems.sorted().into_iter().map(key).collect();
    out.sort();
    out
}

fn key(p: Problem) -> Key {
    let file = Path::new(&p.file);
    let stem = file.file_stem().unwrap().to_string_lossy().into_owned();
    let csv = file.extension().is_some_and(|e| e == "csv");
    let row = p.line.map(|l| if csv { l - 1 } else { l });
    (stem, row, p.column, p.expected, p.found)
}

/// Replaces field `col` of data row `row` (1 = first row after the header).
fn set_cell(path: &Path, row: usize, col: &str, value: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let c = lines[0].split(',').position(|h| h == col).unwrap();
    let mut cells: Vec<String> = lines[row].split(',').map(str::to_string).collect();
    cells[c] = value.into();
    lines[row] = cells.join(",");
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

fn append(path: &Path, line: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    std::fs::write(path, format!("{text}{line}\n")).unwrap();
}

/// A CSV dataset with one problem of every kind the dictionary path checks.
fn broken_csv(dir: &Path) {
    dst::import(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dst/registers"),
        dir,
        FileFormat::Csv,
    )
    .unwrap();
    let persons = dir.join("persons.csv");
    set_cell(&persons, 1, "address_id", "no-such-address");
    set_cell(&persons, 2, "sex", "x");
    set_cell(&persons, 3, "origin", "immigrant");
    set_cell(&persons, 3, "origin_country", "");
    set_cell(&persons, 4, "education", "doctorate");
    set_cell(&persons, 5, "origin_country", "Tyrkiet");
    set_cell(&persons, 6, "moved_in", "2024-06-01");
    set_cell(&persons, 6, "year", "2023");
    let first = std::fs::read_to_string(&persons).unwrap();
    append(&persons, first.lines().nth(7).unwrap());
    let address = first.lines().nth(8).unwrap().split(',').nth(2).unwrap();
    std::fs::write(
        dir.join("schools.csv"),
        format!("school_id,name,kind,municipality,address_id\ns1,Skolen,public,159,{address}\n"),
    )
    .unwrap();
    std::fs::write(
        dir.join("pupils.csv"),
        "person_id,year,school_id,grade,absence_pct\nx1,2023,s1,3,4.5\nx2,2023,s9,3,4.5\n\
         x3,2023,s1,3,4.5\nx4,2023,s9,2,1.0\n",
    )
    .unwrap();
}

/// The same dataset with every table as Parquet (written by bydel, dictionary-encoded).
fn as_parquet(csv: &Path, out: &Path) {
    std::fs::create_dir_all(out).unwrap();
    std::fs::copy(csv.join("areas.geojson"), out.join("areas.geojson")).unwrap();
    let ds = Dataset::open(csv).unwrap();
    for table in schema::TABLES {
        let Some(source) = ds.source(table).unwrap() else {
            continue;
        };
        let mut w = TableWriter::create(out, table, FileFormat::Parquet).unwrap();
        read_source(&source, table, None, &mut |b| w.write_batch(&b.batch)).unwrap();
        w.finish().unwrap();
    }
}

#[test]
fn issue_14_parquet_dictionaries_give_the_same_problems_as_csv_cells() {
    let tmp = tempfile::tempdir().unwrap();
    let (csv, parquet) = (tmp.path().join("csv"), tmp.path().join("parquet"));
    broken_csv(&csv);
    as_parquet(&csv, &parquet);
    let from_csv = problems(&csv);
    let found: HashSet<(&str, Option<&str>)> = from_csv
        .iter()
        .map(|k| (k.0.as_str(), k.2.as_deref()))
        .collect();
    for expected in [
        ("persons", Some("address_id")),
        ("persons", Some("sex")),
        ("persons", Some("origin_country")),
        ("persons", Some("education")),
        ("persons", Some("moved_in")),
        ("persons", Some("person_id")),
        ("pupils", Some("school_id")),
    ] {
        assert!(found.contains(&expected), "{expected:?} in {from_csv:#?}");
    }
    assert_eq!(from_csv, problems(&parquet));
}
