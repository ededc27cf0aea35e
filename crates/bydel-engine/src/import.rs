//! Counts computed by another engine (the generated SQL on Spark, Trino or DuckDB), checked and
//! turned into the same [`CountsTable`] `bydel aggregate` writes, so that rules, analysis,
//! release and report run on them unchanged.
//!
//! The file is the long format of the generated SQL (`kind, area_id, year, measure, value`; CSV
//! or Parquet, [`bydel_io::counts::read_long`]). Every row is checked against the dataset's
//! small tables (no person data is needed on the machine that imports):
//! - the layer is a layer of `areas.geojson`, `municipality`, `region`, `country`, `school` or
//!   `daycare`, and the area is one of that layer (a municipality code 1–999, a region code
//!   1000–1999, the country `DK`, a school of `schools`, an institution of `daycare`);
//! - the year is one bydel counts, the measure is one the query computes, the value of a count
//!   is not negative, and no cell comes twice;
//! - every measure the query computes has cells (a query that lost a measure is refused).
//!
//! A problem names the file, the line and the column. The area descriptions come from the
//! areas file (name, parent, municipality), the schools and daycare tables, and the official
//! names of municipalities and regions.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use bydel_geo::AreaSet;
use bydel_io::counts::read_long;
use bydel_io::{Dataset, IoError};
use bydel_model::measure::{MeasureSpec, Quantity};
use bydel_model::schema;
use bydel_model::{AreaId, AreaInfo, CountKey, CountsTable, Kind, Year};

use crate::EngineError;
use crate::institutions::{MEASURES as INST_MEASURES, institution_infos};

/// Reads and checks the counts in `path` (computed elsewhere for the dataset `ds` with its
/// areas `areas` and the measures `measures`, plus the institution and family measures when
/// `institutions` is true) and returns them as a counts table with area descriptions.
/// Any problem refuses the whole file ([`IoError::Invalid`], every problem listed).
pub fn import_counts(
    ds: &Dataset,
    areas: &AreaSet,
    measures: &[MeasureSpec],
    institutions: bool,
    path: &Path,
) -> Result<CountsTable, EngineError> {
    let (rows, mut problems) = read_long(path)?;
    let file = path.display().to_string();
    let mut expected: Vec<String> = measures.iter().map(|m| m.name.clone()).collect();
    if institutions {
        expected.extend(INST_MEASURES.iter().map(|m| m.to_string()));
    }
    let counts: HashSet<&str> = measures
        .iter()
        .filter(|m| m.quantity == Quantity::Count)
        .map(|m| m.name.as_str())
        .chain(
            INST_MEASURES
                .iter()
                .copied()
                .filter(|m| !m.contains("_sum")),
        )
        .collect();
    let mut infos: HashMap<(String, String), AreaInfo> = HashMap::new();
    for a in &areas.areas {
        infos.insert(
            (a.kind.as_str().into(), a.area_id.as_str().into()),
            AreaInfo {
                kind: a.kind.clone(),
                area_id: a.area_id.clone(),
                name: a.name.clone(),
                parent_id: a.parent_id.clone(),
                municipality: a.municipality,
                region: a.municipality.and_then(region_of),
            },
        );
    }
    for (t, kind) in [(&schema::SCHOOLS, "school"), (&schema::DAYCARE, "daycare")] {
        for info in institution_infos(ds, t, kind)? {
            infos.insert((kind.into(), info.area_id.as_str().into()), info);
        }
    }
    let mut table = CountsTable::new(expected.iter().cloned());
    let mut cells: HashSet<(String, String, i64, String)> = HashSet::new();
    let mut measures_seen: HashSet<String> = HashSet::new();
    let mut used: HashSet<(String, String)> = HashSet::new();
    for r in rows {
        let mut bad = |col: &str, want: &str, found: String| {
            problems.at(&file, Some(r.line), Some(col), want, found);
        };
        let area = (r.kind.clone(), r.area_id.clone());
        let info = infos
            .get(&area)
            .cloned()
            .or_else(|| admin_info(&r.kind, &r.area_id));
        let Some(info) = info else {
            bad(
                "area_id",
                "an area of areas.geojson, a municipality (1–999), a region (1000–1999), DK, \
                 a school of schools or an institution of daycare",
                format!("{:?} of layer {:?}", r.area_id, r.kind),
            );
            continue;
        };
        let Ok(year) = i32::try_from(r.year)
            .map_err(|_| ())
            .and_then(|y| Year::new(y).map_err(|_| ()))
        else {
            bad(
                "year",
                &format!("a year from {} to {}", Year::MIN, Year::MAX),
                r.year.to_string(),
            );
            continue;
        };
        if !expected.contains(&r.measure) {
            bad(
                "measure",
                "a measure the generated query computes",
                format!("{:?}", r.measure),
            );
            continue;
        }
        if r.value < 0 && counts.contains(r.measure.as_str()) {
            bad("value", "a count of 0 or more", r.value.to_string());
            continue;
        }
        if !cells.insert((r.kind.clone(), r.area_id.clone(), r.year, r.measure.clone())) {
            bad(
                "measure",
                "one row per layer, area, year and measure",
                format!(
                    "a second row for {} {} {} {}",
                    r.kind, r.area_id, r.year, r.measure
                ),
            );
            continue;
        }
        measures_seen.insert(r.measure.clone());
        if used.insert(area) {
            table.add_area(info.clone());
        }
        table.set(
            CountKey {
                kind: info.kind.clone(),
                area_id: info.area_id.clone(),
                year,
            },
            &r.measure,
            r.value,
        );
    }
    for m in expected.iter().filter(|m| !measures_seen.contains(*m)) {
        problems.at(
            &file,
            None,
            Some("measure"),
            "cells for every measure the generated query computes",
            format!("no cell for {m}"),
        );
    }
    if problems.is_empty() {
        Ok(table)
    } else {
        Err(IoError::Invalid(problems).into())
    }
}

/// The region of a municipality, from the official names table.
fn region_of(municipality: u16) -> Option<u16> {
    bydel_model::names::municipalities()
        .find(|m| m.0 == municipality)
        .map(|m| m.2)
}

/// A municipality, region or the country, described as the native pass describes it.
fn admin_info(kind: &str, area_id: &str) -> Option<AreaInfo> {
    let info = |k: &str, name: String, municipality, region| {
        Some(AreaInfo {
            kind: Kind::new(k).ok()?,
            area_id: AreaId::new(area_id).ok()?,
            name,
            parent_id: None,
            municipality,
            region,
        })
    };
    let code = area_id.parse::<u16>().ok();
    match (kind, code) {
        (Kind::MUNICIPALITY, Some(c)) if (1..1000).contains(&c) => info(
            kind,
            bydel_model::names::municipality(c),
            Some(c),
            region_of(c),
        ),
        (Kind::REGION, Some(c)) if (1000..2000).contains(&c) => {
            info(kind, bydel_model::names::region(c), None, Some(c))
        }
        (Kind::COUNTRY, _) if area_id == Kind::COUNTRY_ID => {
            info(kind, "Danmark".into(), None, None)
        }
        _ => None,
    }
}
