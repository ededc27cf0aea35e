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
pub fn publish_area_figures(
    counts: &CountsTable,
    work: &Path,
    areas_geojson: &Path,
    out: &Path,
) -> Result<String, CliError> {
    let mut tables = vec![area_table(counts)?];
    tables.extend(further_tables(counts, work)?);
    let release =
        bydel_privacy::release(tables, &Policy::danmarks_statistik()).map_err(CliError::lib)?;
    // Area boundaries are public geography, not person data.
    std::fs::copy(areas_geojson, out.join("areas.geojson")).map_err(|source| CliError::Io {
        path: areas_geojson.display().to_string(),
        source,
    })?;
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

/// The further tables the demo publishes, read from the analysis outputs in `work/`: the national
/// classification of housing areas, the watch-list, segregation and the MSS index. Each is a
/// `ResultTable` released with the same policy.
pub fn further_tables(counts: &CountsTable, work: &Path) -> Result<Vec<ResultTable>, CliError> {
    let mut out = Vec::new();
    out.push(classification(counts, &work.join("classification.csv"))?);
    out.push(watchlist(counts, &work.join("analysis/watchlist.csv"))?);
    out.push(public_table(
        "segregation",
        &work.join("segregation.csv"),
        4,
    )?);
    if let Some(path) = first_with_prefix(work, "index_mss_district_")? {
        out.push(public_table("index_mss", &path, 1)?);
    }
    Ok(out)
}

fn read_csv(path: &Path) -> Result<(Vec<String>, Vec<Vec<String>>), CliError> {
    let mut r = csv::Reader::from_path(path).map_err(CliError::lib)?;
    let header = r
        .headers()
        .map_err(CliError::lib)?
        .iter()
        .map(String::from)
        .collect();
    let rows = r
        .records()
        .map(|rec| rec.map(|r| r.iter().map(String::from).collect()))
        .collect::<Result<_, _>>()
        .map_err(CliError::lib)?;
    Ok((header, rows))
}

fn first_with_prefix(dir: &Path, prefix: &str) -> Result<Option<std::path::PathBuf>, CliError> {
    let entries = std::fs::read_dir(dir).map_err(|source| CliError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut found: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(prefix))
        })
        .collect();
    found.sort();
    Ok(found.pop())
}

/// Columns of the classification that are published, besides the key.
const CLASSIFICATION_COLUMNS: &[&str] = &[
    "name",
    "rule_set",
    "eligible",
    "criteria_met",
    "udsat",
    "parallelsamfund",
    "omdannelse",
    "forebyggelse",
    "category",
    "A_value",
    "B_value",
    "C_value",
    "D_value",
    "E_value",
    "explanation_da",
    "explanation_en",
];

/// Housing areas' criteria and categories: values are derived from the area's residents (shown
/// only when the area's figures are published at all, i.e. it passes the minimum-population rule).
fn classification(counts: &CountsTable, path: &Path) -> Result<ResultTable, CliError> {
    let (header, rows) = read_csv(path)?;
    let col = |n: &str| {
        header
            .iter()
            .position(|h| h == n)
            .ok_or_else(|| CliError::Usage(format!("{}: no column {n}", path.display())))
    };
    let (kind_i, id_i, year_i, res_i) = (
        col("kind")?,
        col("area_id")?,
        col("list_year")?,
        col("residents")?,
    );
    let picked: Vec<usize> = CLASSIFICATION_COLUMNS
        .iter()
        .map(|c| col(c))
        .collect::<Result<_, _>>()?;
    let mut columns = vec![Column::count("residents")];
    columns.extend(CLASSIFICATION_COLUMNS.iter().map(|c| {
        if *c == "name" {
            Column::public(c)
        } else {
            Column::derived(c, &["residents"])
        }
    }));
    let mut t = ResultTable::new("classification", &["kind", "area_id", "list_year"], columns)
        .map_err(CliError::lib)?;
    let housing = Kind::HOUSING_AREA;
    for r in rows.iter().filter(|r| r[kind_i] == housing) {
        let in_scope = counts
            .area(
                &Kind::new(&r[kind_i]).expect("valid"),
                &AreaId::new(&r[id_i]).map_err(|e| CliError::Usage(e.to_string()))?,
            )
            .is_some();
        let Ok(residents) = r[res_i].parse::<i64>() else {
            continue;
        };
        if !in_scope {
            continue;
        }
        let mut cells = vec![Cell::Count(residents)];
        cells.extend(picked.iter().map(|&i| text_or_number(&r[i])));
        t.push_row(
            vec![r[kind_i].clone(), r[id_i].clone(), r[year_i].clone()],
            Some(residents),
            cells,
        )
        .map_err(CliError::lib)?;
    }
    Ok(t)
}

/// The watch-list: warnings in words, shown for areas whose figures are published.
fn watchlist(counts: &CountsTable, path: &Path) -> Result<ResultTable, CliError> {
    let (header, rows) = read_csv(path)?;
    let texts = [
        "name",
        "rule",
        "indicator",
        "category",
        "sentence_da",
        "sentence_en",
    ];
    let idx = |n: &str| {
        header
            .iter()
            .position(|h| h == n)
            .ok_or_else(|| CliError::Usage(format!("{}: no column {n}", path.display())))
    };
    let (kind_i, id_i, year_i) = (idx("kind")?, idx("area_id")?, idx("year")?);
    let picked: Vec<usize> = texts.iter().map(|c| idx(c)).collect::<Result<_, _>>()?;
    let mut columns = vec![Column::count("residents")];
    columns.extend(texts.iter().map(|c| Column::derived(c, &["residents"])));
    let mut t = ResultTable::new(
        "watchlist",
        &["kind", "area_id", "year", "warning"],
        columns,
    )
    .map_err(CliError::lib)?;
    for (n, r) in rows.iter().enumerate() {
        let (Ok(kind), Ok(id), Ok(year)) = (
            Kind::new(&r[kind_i]),
            AreaId::new(&r[id_i]),
            r[year_i].parse::<i32>(),
        ) else {
            continue;
        };
        let Some(residents) = Year::new(year)
            .ok()
            .and_then(|y| counts.get(&kind, &id, y, m::RESIDENTS))
        else {
            continue;
        };
        let mut cells = vec![Cell::Count(residents)];
        cells.extend(picked.iter().map(|&i| Cell::Text(r[i].clone())));
        let key = vec![
            r[kind_i].clone(),
            r[id_i].clone(),
            r[year_i].clone(),
            (n + 1).to_string(),
        ];
        t.push_row(key, Some(residents), cells)
            .map_err(CliError::lib)?;
    }
    Ok(t)
}

/// A table about no single person (city-wide indices, district classes): the first `keys`
/// columns identify rows, the rest are public numbers or texts.
fn public_table(name: &str, path: &Path, keys: usize) -> Result<ResultTable, CliError> {
    let (header, rows) = read_csv(path)?;
    let key_names: Vec<&str> = header[..keys].iter().map(String::as_str).collect();
    let columns = header[keys..].iter().map(|h| Column::public(h)).collect();
    let mut t = ResultTable::new(name, &key_names, columns).map_err(CliError::lib)?;
    for r in rows {
        let cells = r[keys..].iter().map(|c| text_or_number(c)).collect();
        t.push_row(r[..keys].to_vec(), None, cells)
            .map_err(CliError::lib)?;
    }
    Ok(t)
}

fn text_or_number(c: &str) -> Cell {
    match c.parse::<f64>() {
        Ok(x) if x.is_finite() => Cell::Number(x),
        _ => Cell::Text(c.to_string()),
    }
}
