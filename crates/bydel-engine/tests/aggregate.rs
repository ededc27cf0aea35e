//! Aggregation on a hand-checked fixture, and its properties: areas sum to their parent, and
//! results do not depend on row order or file format.

use std::path::{Path, PathBuf};

use bydel_engine::pass::Quiet;
use bydel_geo::AreaSet;
use bydel_io::Dataset;
use bydel_model::measure::{self as m, builtin_measures};
use bydel_model::{AreaId, CountsTable, Kind, WesternList, Year};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny")
}

fn run(dir: &Path) -> CountsTable {
    let ds = Dataset::open(dir).unwrap();
    let areas = AreaSet::parse(&std::fs::read_to_string(ds.areas_path()).unwrap()).unwrap();
    bydel_engine::aggregate(
        &ds,
        &areas,
        &builtin_measures(),
        &WesternList::default_list(),
        &Quiet,
    )
    .unwrap()
}

fn get(t: &CountsTable, kind: &str, area: &str, year: i32, measure: &str) -> Option<i64> {
    t.get(
        &Kind::new(kind).unwrap(),
        &AreaId::new(area).unwrap(),
        Year::new(year).unwrap(),
        measure,
    )
}

#[test]
fn hand_checked_housing_area() {
    let t = run(&fixture());
    let h = |y, measure| get(&t, "housing_area", "h1", y, measure);
    assert_eq!(
        h(2020, m::RESIDENTS),
        Some(4),
        "a1 by geometry, a4 by address_areas"
    );
    assert_eq!(h(2020, m::AGE_18_64), Some(3));
    assert_eq!(h(2020, m::OUTSIDE_FTE_18_64), Some(1_750_000));
    assert_eq!(h(2020, m::AGE_30_59), Some(3));
    assert_eq!(
        h(2020, m::BASIC_EDU_30_59),
        Some(2),
        "unknown counts as basic"
    );
    assert_eq!(h(2020, m::UNKNOWN_EDU_30_59), Some(1));
    assert_eq!(h(2020, m::INCOME_N_15_64), Some(3));
    assert_eq!(h(2020, m::INCOME_SUM_15_64), Some(670_000));
    assert_eq!(h(2020, m::NON_WESTERN), Some(3), "DE is Western");
    assert_eq!(h(2020, m::IMMIGRANTS_DESCENDANTS), Some(4));
    assert_eq!(h(2020, m::AGE_18_PLUS), Some(3));
    assert_eq!(
        h(2020, m::CONVICTED_18_PLUS),
        Some(1),
        "2019 straffeloven; not 'other', not acquittals"
    );
    assert_eq!(h(2021, m::RESIDENTS), Some(3));
    assert_eq!(h(2021, m::CONVICTED_18_PLUS), Some(0));
    assert_eq!(
        get(&t, "district", "d2", 2021, m::CONVICTED_18_PLUS),
        Some(1),
        "decided 2020, counted in data year 2021"
    );
    let info = t
        .area(
            &Kind::new("housing_area").unwrap(),
            &AreaId::new("h1").unwrap(),
        )
        .unwrap();
    assert_eq!((info.municipality, info.region), (Some(159), Some(1084)));
    assert_eq!(info.parent_id.as_ref().map(|p| p.as_str()), Some("d1"));
}

#[test]
fn areas_sum_to_their_parents() {
    let t = run(&fixture());
    for year in [2020, 2021] {
        for measure in t.measures() {
            let d: i64 = ["d1", "d2"]
                .iter()
                .map(|d| get(&t, "district", d, year, measure).unwrap_or(0))
                .sum();
            assert_eq!(
                Some(d),
                get(&t, "municipality", "159", year, measure),
                "{measure} {year}"
            );
            let munis: i64 = ["159", "751"]
                .iter()
                .map(|c| get(&t, "municipality", c, year, measure).unwrap_or(0))
                .sum();
            assert_eq!(
                Some(munis),
                get(&t, "country", "DK", year, measure),
                "{measure} {year}"
            );
            let regions: i64 = ["1084", "1082"]
                .iter()
                .map(|c| get(&t, "region", c, year, measure).unwrap_or(0))
                .sum();
            assert_eq!(Some(regions), get(&t, "country", "DK", year, measure));
        }
    }
}

/// Copies the fixture with persons reversed, as CSV or as Parquet.
fn variant(parquet: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in [
        "areas.geojson",
        "addresses.csv",
        "address_areas.csv",
        "convictions.csv",
    ] {
        std::fs::copy(fixture().join(f), dir.path().join(f)).unwrap();
    }
    let text = std::fs::read_to_string(fixture().join("persons.csv")).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    lines.reverse();
    let reversed = format!("{header}\n{}\n", lines.join("\n"));
    if !parquet {
        std::fs::write(dir.path().join("persons.csv"), reversed).unwrap();
        return dir;
    }
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("persons.csv"), reversed).unwrap();
    let schema = &bydel_model::schema::PERSONS;
    let mut w =
        bydel_io::TableWriter::create(dir.path(), schema, bydel_io::FileFormat::Parquet).unwrap();
    bydel_io::read::read_source(
        &bydel_io::Source::Csv(tmp.path().join("persons.csv")),
        schema,
        None,
        &mut |b| w.write_batch(&b.batch),
    )
    .unwrap();
    w.finish().unwrap();
    dir
}

#[test]
fn independent_of_row_order_and_format() {
    let base = run(&fixture());
    for parquet in [false, true] {
        let v = variant(parquet);
        let t = run(v.path());
        let a: Vec<_> = base
            .rows()
            .map(|(k, m, v)| (k.clone(), m.to_string(), v))
            .collect();
        let b: Vec<_> = t
            .rows()
            .map(|(k, m, v)| (k.clone(), m.to_string(), v))
            .collect();
        assert_eq!(a, b, "parquet={parquet}");
    }
}

#[test]
fn institution_pass_joins_pupils_to_their_homes_and_families() {
    let dir = variant(false);
    std::fs::write(
        dir.path().join("schools.csv"),
        "school_id,name,kind,municipality,address_id\ns1,Skolen,public,159,a2\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("pupils.csv"),
        "person_id,year,school_id,grade,absence_pct,exam_avg\np03,2020,s1,4,12.5,\np03,2021,s1,5,3.0,\n",
    )
    .unwrap();
    let t = run(dir.path());
    let s = |y, m| get(&t, "school", "s1", y, m);
    assert_eq!(s(2020, "pupils"), Some(1));
    assert_eq!(s(2020, "pupils_non_western"), Some(1), "descendant from TR");
    assert_eq!(
        s(2020, "pupils_parents_outside_work"),
        Some(0),
        "one of two adults works"
    );
    assert_eq!(s(2020, "absence_pct_sum_milli"), Some(12_500));
    assert_eq!(s(2020, "absence_over_10"), Some(1));
    assert_eq!(s(2021, "absence_over_10"), Some(0));
    assert_eq!(
        get(&t, "housing_area", "h1", 2020, "pupils"),
        Some(1),
        "counted at the pupil's home too"
    );
    assert_eq!(
        get(&t, "district", "d2", 2020, "pupils"),
        None,
        "and not elsewhere"
    );
    let info = t
        .area(&Kind::new("school").unwrap(), &AreaId::new("s1").unwrap())
        .unwrap();
    assert_eq!(
        (info.name.as_str(), info.municipality),
        ("Skolen", Some(159))
    );
}
