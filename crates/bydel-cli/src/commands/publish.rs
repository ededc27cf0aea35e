//! Publishing the demo's area figures through the disclosure-control layer: Gladsaxe's housing
//! areas, districts and the municipality, every year, as counts and shares with the hierarchy
//! (housing area ⊂ district ⊂ municipality) declared, so that secondary suppression protects every
//! suppressed cell against differencing. Only [`bydel_privacy::release`] can produce what is
//! written here.

use std::fmt::Write as _;
use std::path::Path;

use bydel_model::measure as m;
use bydel_model::{AreaId, CountsTable, Kind, Year};
use bydel_privacy::{Cell, Column, Coverage, Policy, Relation, ResultTable};

use crate::commands::pipeline::GLADSAXE;
use crate::error::CliError;

/// The shares published per area: (column, numerator measure, denominator measure).
const SHARES: &[(&str, &str, &str)] = &[
    ("non_western", m::NON_WESTERN, m::RESIDENTS),
    ("basic_education_30_59", m::BASIC_EDU_30_59, m::AGE_30_59),
    ("convicted_18plus", m::CONVICTED_18_PLUS, m::AGE_18_PLUS),
];

/// Releases the area figures with the Danmarks Statistik preset and writes them to `out`.
/// Returns a one-paragraph summary (cells, primary and secondary suppressions).
pub fn publish_area_figures(counts: &CountsTable, out: &Path) -> Result<String, CliError> {
    let table = area_table(counts)?;
    let release = bydel_privacy::release(vec![table], &Policy::danmarks_statistik())
        .map_err(CliError::lib)?;
    bydel_privacy::publish::write_release(out, "area_figures", &release).map_err(CliError::lib)?;
    let s = release.summary();
    let mut text = String::new();
    let _ = write!(
        text,
        "Published through disclosure control (Danmarks Statistik preset): {} cells, {} suppressed by primary rules, {} by secondary suppression",
        s.cells,
        s.primary_total(),
        s.secondary
    );
    Ok(text)
}

fn key(kind: &Kind, id: &AreaId, year: Year) -> Vec<String> {
    vec![kind.as_str().into(), id.as_str().into(), year.to_string()]
}

fn area_table(counts: &CountsTable) -> Result<ResultTable, CliError> {
    let mut columns = vec![Column::count("residents")];
    columns.extend(
        SHARES
            .iter()
            .map(|(name, _, den)| Column::share(name, &format!("{name}_persons"), den)),
    );
    let mut t = ResultTable::new("area_figures", &["kind", "area_id", "year"], columns)
        .map_err(CliError::lib)?;
    let muni = Kind::new(Kind::MUNICIPALITY).expect("valid");
    let district = Kind::new(Kind::DISTRICT).expect("valid");
    let housing = Kind::new(Kind::HOUSING_AREA).expect("valid");
    let gladsaxe = AreaId::new(GLADSAXE.to_string()).expect("valid");
    let in_gladsaxe = |k: &Kind| -> Vec<AreaId> {
        counts
            .areas_of(k)
            .filter(|a| a.municipality == Some(GLADSAXE))
            .map(|a| a.area_id.clone())
            .collect()
    };
    let (districts, housing_areas) = (in_gladsaxe(&district), in_gladsaxe(&housing));
    for year in counts.years() {
        let mut add = |kind: &Kind, id: &AreaId| -> Result<bool, CliError> {
            let get = |measure: &str| counts.get(kind, id, year, measure);
            let Some(residents) = get(m::RESIDENTS) else {
                return Ok(false);
            };
            let mut cells = vec![Cell::Count(residents)];
            for (_, num, den) in SHARES {
                cells.push(Cell::Share {
                    numerator: get(num).unwrap_or(0),
                    denominator: get(den).unwrap_or(0),
                });
            }
            t.push_row(key(kind, id, year), Some(residents), cells)
                .map_err(CliError::lib)?;
            Ok(true)
        };
        if !add(&muni, &gladsaxe)? {
            continue;
        }
        let ds: Vec<AreaId> = districts
            .iter()
            .filter(|d| add(&district, d).unwrap_or(false))
            .cloned()
            .collect();
        let hs: Vec<AreaId> = housing_areas
            .iter()
            .filter(|h| add(&housing, h).unwrap_or(false))
            .cloned()
            .collect();
        relate(&mut t, counts, year, (&muni, &gladsaxe), (&district, &ds))?;
        for d in &ds {
            let inside: Vec<AreaId> = hs
                .iter()
                .filter(|h| counts.area(&housing, h).and_then(|a| a.parent_id.as_ref()) == Some(d))
                .cloned()
                .collect();
            if !inside.is_empty() {
                relate(&mut t, counts, year, (&district, d), (&housing, &inside))?;
            }
        }
    }
    Ok(t)
}

/// Declares that the parts' rows add up to the total's row (completely when their residents do).
fn relate(
    t: &mut ResultTable,
    counts: &CountsTable,
    year: Year,
    total: (&Kind, &AreaId),
    parts: (&Kind, &[AreaId]),
) -> Result<(), CliError> {
    let residents = |k: &Kind, id: &AreaId| counts.get(k, id, year, m::RESIDENTS).unwrap_or(0);
    let sum: i64 = parts.1.iter().map(|p| residents(parts.0, p)).sum();
    let coverage = if sum == residents(total.0, total.1) {
        Coverage::Complete
    } else {
        Coverage::Partial
    };
    let relation = Relation::Rows {
        total: key(total.0, total.1, year),
        parts: parts.1.iter().map(|p| key(parts.0, p, year)).collect(),
        coverage,
    };
    t.add_relation(relation).map_err(CliError::lib)
}
