//! Counts computed elsewhere, imported: the native counts written in the long format come back
//! cell for cell with the same area descriptions, and a file with wrong rows is refused with
//! every problem at its line and column.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use bydel_engine::import::import_counts;
use bydel_engine::pass::Quiet;
use bydel_engine::{EngineError, sql};
use bydel_geo::AreaSet;
use bydel_io::{Dataset, IoError};
use bydel_model::measure::builtin_measures;
use bydel_model::{CountsTable, WesternList};
use common::generate;

fn open(dir: &Path) -> (Dataset, AreaSet) {
    let ds = Dataset::open(dir).unwrap();
    let areas = AreaSet::parse(&std::fs::read_to_string(ds.areas_path()).unwrap()).unwrap();
    (ds, areas)
}

fn long_csv(t: &CountsTable) -> String {
    let mut out = String::from("kind,area_id,year,measure,value\n");
    for (k, m, v) in t.rows() {
        let _ = writeln!(
            out,
            "{},{},{},{m},{v}",
            k.kind.as_str(),
            k.area_id.as_str(),
            k.year.get()
        );
    }
    out
}

#[test]
fn native_counts_come_back_cell_for_cell() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 7);
    let (ds, areas) = open(dir.path());
    let measures = builtin_measures();
    let native =
        bydel_engine::aggregate(&ds, &areas, &measures, &WesternList::default_list(), &Quiet)
            .unwrap();
    let file = dir.path().join("counts_from_spark.csv");
    std::fs::write(&file, long_csv(&native)).unwrap();
    let tables = sql::Tables::named_for(&ds, &areas).unwrap();
    let back = import_counts(&ds, &areas, &measures, tables.institutions.is_some(), &file).unwrap();
    let cells = |t: &CountsTable| {
        let mut v: Vec<_> = t
            .rows()
            .map(|(k, m, v)| (k.clone(), m.to_string(), v))
            .collect();
        v.sort();
        v
    };
    assert_eq!(cells(&back), cells(&native));
    assert!(cells(&back).len() > 4000, "{} cells", cells(&back).len());
    for a in native.areas() {
        let b = back
            .area(&a.kind, &a.area_id)
            .expect("every area described");
        assert_eq!(b.name, a.name, "{:?}", a.area_id);
        if !["district", "housing_area"].contains(&a.kind.as_str()) {
            assert_eq!(
                (b.municipality, b.region),
                (a.municipality, a.region),
                "{a:?}"
            );
        }
    }
}

#[test]
fn wrong_rows_are_refused_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 7);
    let (ds, areas) = open(dir.path());
    let measures = builtin_measures();
    let native =
        bydel_engine::aggregate(&ds, &areas, &measures, &WesternList::default_list(), &Quiet)
            .unwrap();
    let mut text = long_csv(&native);
    let lines = text.lines().count() as u64;
    text.push_str("district,d0_0,2019,residents,5\n"); // a second row for a cell
    text.push_str("district,nowhere,2019,residents,5\n");
    text.push_str("school,s9,2019,pupils,5\n");
    text.push_str("municipality,159,1900,residents,5\n");
    text.push_str("municipality,159,2019,no_such_measure,5\n");
    text.push_str("municipality,159,2018,residents,-1\n");
    text.push_str("municipality,159,2018,residents,1.5\n");
    let file = dir.path().join("counts.csv");
    std::fs::write(&file, text).unwrap();
    // one more measure promised than the file has
    let mut promised = measures.clone();
    promised.push(common::extra_measures().remove(0));
    let Err(EngineError::Io(IoError::Invalid(p))) =
        import_counts(&ds, &areas, &promised, true, &file)
    else {
        panic!("a file with wrong rows is refused");
    };
    let found: Vec<(Option<u64>, Option<String>)> =
        p.sorted().into_iter().map(|p| (p.line, p.column)).collect();
    for (i, col) in [
        "measure", "area_id", "area_id", "year", "measure", "value", "value",
    ]
    .iter()
    .enumerate()
    {
        let at = (Some(lines + 1 + i as u64), Some(col.to_string()));
        assert!(found.contains(&at), "{at:?} in {found:?}");
    }
    assert!(
        p.sorted()
            .iter()
            .any(|p| p.found == "no cell for women_western_or_danish"),
        "{:?}",
        p.sorted()
    );
}
