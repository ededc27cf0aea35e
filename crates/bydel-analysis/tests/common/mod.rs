//! Small in-memory counts tables for the tests.
#![allow(dead_code)]

use bydel_model::{AreaId, AreaInfo, CountKey, CountsTable, Kind, Year};

/// The test municipality code.
pub const MUNI: u16 = 159;

/// A year.
pub fn year(y: i32) -> Year {
    Year::new(y).unwrap()
}

/// A housing area key.
pub fn area(id: &str) -> (&'static Kind, &'static AreaId) {
    let k: &'static Kind = Box::leak(Box::new(Kind::new("housing_area").unwrap()));
    let a: &'static AreaId = Box::leak(Box::new(AreaId::new(id).unwrap()));
    (k, a)
}

/// The municipality key.
pub fn muni() -> (&'static Kind, &'static AreaId) {
    let k: &'static Kind = Box::leak(Box::new(Kind::new("municipality").unwrap()));
    let a: &'static AreaId = Box::leak(Box::new(AreaId::new(MUNI.to_string()).unwrap()));
    (k, a)
}

/// Sets one value.
pub fn set(t: &mut CountsTable, kind: &str, id: &str, y: i32, measure: &str, v: i64) {
    let key = CountKey {
        kind: Kind::new(kind).unwrap(),
        area_id: AreaId::new(id).unwrap(),
        year: year(y),
    };
    t.set(key, measure, v);
}

/// Registers an area in municipality 159, region 1084.
pub fn info(t: &mut CountsTable, kind: &str, id: &str, parent: Option<&str>) {
    t.add_area(AreaInfo {
        kind: Kind::new(kind).unwrap(),
        area_id: AreaId::new(id).unwrap(),
        name: id.to_string(),
        parent_id: parent.map(|p| AreaId::new(p).unwrap()),
        municipality: Some(MUNI),
        region: Some(1084),
    });
}

/// Housing areas `(id, year, residents, non_western)` and the municipality `(year, residents,
/// non_western)`.
pub fn table(areas: &[(&str, i32, i64, i64)], m: (i32, i64, i64)) -> CountsTable {
    let mut t = CountsTable::default();
    for (id, y, r, nw) in areas {
        info(&mut t, "housing_area", id, None);
        set(&mut t, "housing_area", id, *y, "residents", *r);
        set(&mut t, "housing_area", id, *y, "non_western", *nw);
    }
    info(&mut t, "municipality", &MUNI.to_string(), None);
    set(
        &mut t,
        "municipality",
        &MUNI.to_string(),
        m.0,
        "residents",
        m.1,
    );
    set(
        &mut t,
        "municipality",
        &MUNI.to_string(),
        m.0,
        "non_western",
        m.2,
    );
    t
}
