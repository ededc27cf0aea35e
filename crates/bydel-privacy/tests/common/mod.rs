//! Helpers shared by the integration tests: small area tables with a hierarchy.
#![allow(dead_code)]

use bydel_privacy::hierarchy::AREA_KEY;
use bydel_privacy::{Cell, Column, Coverage, Relation, ResultTable};

pub fn key(kind: &str, id: &str) -> Vec<String> {
    vec![kind.into(), id.into(), "2024".into()]
}

/// A residents table: municipality `m` = Σ districts (complete); each district ⊇ its housing
/// areas (partial). `districts[i]` = (district count, housing-area counts).
pub fn residents_table(name: &str, districts: &[(i64, Vec<i64>)]) -> ResultTable {
    let mut t = ResultTable::new(name, &AREA_KEY, vec![Column::count("residents")]).unwrap();
    let total: i64 = districts.iter().map(|d| d.0).sum();
    t.push_row(key("municipality", "m"), None, vec![Cell::Count(total)])
        .unwrap();
    let mut dkeys = Vec::new();
    for (i, (d, has)) in districts.iter().enumerate() {
        let dk = key("district", &format!("d{i}"));
        t.push_row(dk.clone(), None, vec![Cell::Count(*d)]).unwrap();
        let mut parts = Vec::new();
        for (j, h) in has.iter().enumerate() {
            let hk = key("housing_area", &format!("h{i}_{j}"));
            t.push_row(hk.clone(), None, vec![Cell::Count(*h)]).unwrap();
            parts.push(hk);
        }
        if !parts.is_empty() {
            t.add_relation(Relation::Rows {
                total: dk.clone(),
                parts,
                coverage: Coverage::Partial,
            })
            .unwrap();
        }
        dkeys.push(dk);
    }
    t.add_relation(Relation::Rows {
        total: key("municipality", "m"),
        parts: dkeys,
        coverage: Coverage::Complete,
    })
    .unwrap();
    t
}

/// The text cells of a released table's rows, by the row's area id.
pub fn cells_by_area(
    r: &bydel_privacy::Released,
) -> std::collections::BTreeMap<String, Vec<String>> {
    r.rows()
        .iter()
        .map(|row| (row[1].text(), row[3..].iter().map(|c| c.text()).collect()))
        .collect()
}
