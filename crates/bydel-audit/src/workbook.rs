//! The workbook, `book.xlsx`: the sheet `Kolonner` maps every sheet column to a CSV column
//! (`Ark`, `Kolonne`, `Fil`, `Felt`); every mapped cell must equal the CSV cell of the same row,
//! a suppressed CSV cell must hold the marker, and no sheet or column may escape the map.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx, open_workbook};

use crate::Published;
use crate::error::AuditError;
use crate::report::{Finding, FindingKind, Location};
use crate::tables::{CsvTable, Value, value};

/// The name of the map sheet.
const MAP_SHEET: &str = "Kolonner";

/// One row of the map: sheet, label in the sheet, CSV file, CSV column.
#[derive(Debug, Clone)]
struct Mapping {
    sheet: String,
    label: String,
    file: String,
    field: String,
}

/// Checks the workbook against the tables.
pub fn check(
    published: &Published,
    dir: &Path,
    file: &str,
    findings: &mut Vec<Finding>,
) -> Result<(), AuditError> {
    let mut book: Xlsx<_> = open_workbook(dir.join(file)).map_err(|e: calamine::XlsxError| {
        AuditError::file(file, format!("not a readable workbook: {e}"))
    })?;
    let map = read_map(&mut book, file)?;
    let mut by_sheet: BTreeMap<&str, Vec<&Mapping>> = BTreeMap::new();
    for m in &map {
        by_sheet.entry(m.sheet.as_str()).or_default().push(m);
    }
    for sheet in book.sheet_names() {
        if sheet == MAP_SHEET {
            continue;
        }
        let range = book
            .worksheet_range(&sheet)
            .map_err(|e| AuditError::file(file, format!("sheet {sheet}: {e}")))?;
        // a sheet the map does not list is documentation (definitions, sources): it carries no
        // table's cells to match against the CSV files
        let Some(mappings) = by_sheet.get(sheet.as_str()).cloned() else {
            continue;
        };
        check_sheet(published, file, &sheet, &range, &mappings, findings);
    }
    Ok(())
}

fn read_map(
    book: &mut Xlsx<std::io::BufReader<std::fs::File>>,
    file: &str,
) -> Result<Vec<Mapping>, AuditError> {
    let range = book
        .worksheet_range(MAP_SHEET)
        .map_err(|e| AuditError::file(file, format!("sheet {MAP_SHEET}: {e}")))?;
    let header = header(&range);
    let col = |name: &str| {
        header.get(name).copied().ok_or_else(|| {
            AuditError::file(file, format!("sheet {MAP_SHEET} has no column {name}"))
        })
    };
    let (ark, kolonne, fil, felt) = (col("Ark")?, col("Kolonne")?, col("Fil")?, col("Felt")?);
    let (start, end) = bounds(&range);
    let mut out = Vec::new();
    for r in start.0 + 1..=end.0 {
        let get = |c: u32| text(range.get_value((r, c)));
        if get(ark).is_empty() {
            continue;
        }
        out.push(Mapping {
            sheet: get(ark),
            label: get(kolonne),
            file: get(fil),
            field: get(felt),
        });
    }
    Ok(out)
}

fn check_sheet(
    published: &Published,
    file: &str,
    sheet: &str,
    range: &Range<Data>,
    mappings: &[&Mapping],
    findings: &mut Vec<Finding>,
) {
    let header = header(range);
    let mut audited: BTreeSet<u32> = BTreeSet::new();
    // the table the sheet shows: the one its other columns map to
    let shown = mappings
        .iter()
        .find_map(|m| published.tables.iter().find(|(_, t)| t.file == m.file));
    for m in mappings {
        if m.file == GEOJSON && m.field == "name" {
            match (shown, header.get(&m.label)) {
                (Some((_, table)), Some(&col)) => {
                    audited.insert(col);
                    compare_names(published, file, sheet, range, col, table, findings);
                }
                _ => findings.push(unaudited(
                    file,
                    sheet,
                    &m.label,
                    "names areas of no table on its sheet",
                )),
            }
            continue;
        }
        let Some((spec, table)) = published.tables.iter().find(|(_, t)| t.file == m.file) else {
            findings.push(unaudited(
                file,
                sheet,
                &m.label,
                "maps to a file that is no table",
            ));
            continue;
        };
        let Some(&col) = header.get(&m.label) else {
            findings.push(unaudited(
                file,
                sheet,
                &m.label,
                "is mapped but not on the sheet",
            ));
            continue;
        };
        audited.insert(col);
        compare_column(
            published, file, sheet, range, col, table, &m.field, findings,
        );
        // Key columns are on every sheet under their CSV names unless the map labels them.
        for key in &spec.key_columns {
            if let Some(&kc) = header.get(key)
                && audited.insert(kc)
            {
                compare_column(published, file, sheet, range, kc, table, key, findings);
            }
        }
    }
    for (label, col) in &header {
        if !audited.contains(col) {
            findings.push(unaudited(
                file,
                sheet,
                label,
                "is not in the map sheet Kolonner",
            ));
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn compare_column(
    published: &Published,
    file: &str,
    sheet: &str,
    range: &Range<Data>,
    col: u32,
    table: &CsvTable,
    field: &str,
    findings: &mut Vec<Finding>,
) {
    let label = text(range.get_value((bounds(range).0.0, col)));
    let Some(csv_col) = table.column(field) else {
        findings.push(unaudited(
            file,
            sheet,
            &label,
            &format!("maps to {field}, not in {}", table.file),
        ));
        return;
    };
    let first = bounds(range).0.0 + 1;
    let rows = bounds(range).1.0 + 1 - first;
    if rows as usize != table.rows.len() {
        findings.push(Finding {
            kind: FindingKind::WorkbookDiffers,
            location: Location::cell(file, 1, &format!("{sheet}!{label}")),
            message: format!("{rows} rows where {} has {}", table.file, table.rows.len()),
        });
    }
    for (i, row) in table.rows.iter().enumerate() {
        let r = first + i as u32;
        let cell = range.get_value((r, col)).unwrap_or(&Data::Empty);
        let raw = &row.cells[csv_col];
        if let Some((kind, message)) = differ(cell, raw, &published.manifest.suppressed) {
            findings.push(Finding {
                kind,
                location: Location::cell(file, u64::from(r) + 1, &format!("{sheet}!{label}")),
                message: format!("{message} ({} line {}, {field})", table.file, row.line),
            });
        }
    }
}

/// The public polygons, whose `name` property a sheet column may show.
const GEOJSON: &str = "areas.geojson";

/// A column of area names: each row must show the name `areas.geojson` gives the row's area
/// (`kind`, `area_id` of the CSV row), or, for an area the polygons do not name (a municipality,
/// a region, an institution), a name a table publishes for it in a `name` column, a text
/// without digits, or the area's id itself. A name column can
/// therefore carry no number the tables do not.
fn compare_names(
    published: &Published,
    file: &str,
    sheet: &str,
    range: &Range<Data>,
    col: u32,
    table: &CsvTable,
    findings: &mut Vec<Finding>,
) {
    let label = text(range.get_value((bounds(range).0.0, col)));
    let first = bounds(range).0.0 + 1;
    // names a table publishes for areas without polygons (a school, a daycare institution)
    let mut published_names: BTreeMap<(&str, &str), BTreeSet<&str>> = BTreeMap::new();
    for (_, t) in &published.tables {
        for row in &t.rows {
            if let (Some(k), Some(i), Some(n)) = (
                t.raw(row, "kind"),
                t.raw(row, "area_id"),
                t.raw(row, "name"),
            ) {
                published_names.entry((k, i)).or_default().insert(n);
            }
        }
    }
    for (i, row) in table.rows.iter().enumerate() {
        let r = first + i as u32;
        let shown = text(range.get_value((r, col)));
        let kind = table.raw(row, "kind").unwrap_or_default();
        let id = table.raw(row, "area_id").unwrap_or_default();
        let ok = match published
            .hierarchy
            .names
            .get(&(kind.to_string(), id.to_string()))
        {
            Some(name) => shown == *name,
            None => {
                no_digits(&shown)
                    || shown == id
                    || published_names
                        .get(&(kind, id))
                        .is_some_and(|n| n.contains(shown.as_str()))
            }
        };
        if !ok {
            findings.push(Finding {
                kind: FindingKind::WorkbookDiffers,
                location: Location::cell(file, u64::from(r) + 1, &format!("{sheet}!{label}")),
                message: format!(
                    "holds {shown:?}, which is not the name of {kind} {id} ({} line {})",
                    table.file, row.line
                ),
            });
        }
    }
}

/// How a sheet cell differs from its CSV cell, if it does.
fn differ(cell: &Data, raw: &str, marker: &str) -> Option<(FindingKind, String)> {
    let sheet_number = match cell {
        Data::Int(i) => Some(*i as f64),
        Data::Float(f) => Some(*f),
        Data::String(s) => crate::tables::parse_number(s.trim()),
        _ => None,
    };
    let sheet_text = text(Some(cell));
    match value(raw, marker) {
        Value::Suppressed => match sheet_number {
            Some(n) => Some((
                FindingKind::WorkbookRevealsSuppressed,
                format!("holds {n} where the CSV is suppressed"),
            )),
            None if sheet_text.trim() != marker => Some((
                FindingKind::WorkbookDiffers,
                format!("holds {sheet_text:?} where the CSV is suppressed"),
            )),
            None => None,
        },
        Value::Empty => (!sheet_text.trim().is_empty()).then(|| {
            (
                FindingKind::WorkbookDiffers,
                format!("holds {sheet_text:?} where the CSV is empty"),
            )
        }),
        Value::Number(v) => match sheet_number {
            Some(n) if (n - v).abs() <= 1e-12 * v.abs().max(1.0) => None,
            _ => Some((
                FindingKind::WorkbookDiffers,
                format!("holds {sheet_text:?} where the CSV has {raw}"),
            )),
        },
        // A code shown in words ("none" as "ingen", "age_18_64" as "18-64-årige", "> 2.7" as
        // "> 2,7") may differ from its CSV text as long as it carries no number the CSV text
        // does not: every run of digits in the sheet's text is one of the CSV text's.
        Value::Text(t)
            if digit_runs(&sheet_text)
                .iter()
                .all(|d| digit_runs(t).contains(d)) =>
        {
            None
        }
        Value::Text(t) => (sheet_text != t).then(|| {
            (
                FindingKind::WorkbookDiffers,
                format!("holds {sheet_text:?} where the CSV has {t:?}"),
            )
        }),
    }
}

/// The runs of ASCII digits in a text (`"2017: nej, 2,7"` → 2017, 2, 7).
fn digit_runs(s: &str) -> Vec<&str> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|r| !r.is_empty())
        .collect()
}

fn no_digits(s: &str) -> bool {
    !s.chars().any(|c| c.is_ascii_digit())
}

fn unaudited(file: &str, sheet: &str, label: &str, why: &str) -> Finding {
    Finding {
        kind: FindingKind::UnauditedColumn,
        location: Location::cell(file, 1, &format!("{sheet}!{label}")),
        message: format!("column {label:?} of sheet {sheet} {why}"),
    }
}

/// Label → absolute column of the first row.
fn header(range: &Range<Data>) -> BTreeMap<String, u32> {
    let (start, end) = bounds(range);
    (start.1..=end.1)
        .filter_map(|c| {
            let label = text(range.get_value((start.0, c)));
            (!label.is_empty()).then_some((label, c))
        })
        .collect()
}

fn bounds(range: &Range<Data>) -> ((u32, u32), (u32, u32)) {
    match (range.start(), range.end()) {
        (Some(s), Some(e)) => (s, e),
        _ => ((0, 0), (0, 0)),
    }
}

fn text(cell: Option<&Data>) -> String {
    match cell {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(s: &str) -> Data {
        Data::String(s.to_owned())
    }

    #[test]
    fn a_code_in_words_may_carry_only_the_codes_numbers() {
        assert!(differ(&shown("Ja"), "true", "..").is_none());
        assert!(differ(&shown("18-64-årige"), "age_18_64", "..").is_none());
        assert!(differ(&shown("> 2,7"), "> 2.7", "..").is_none());
        assert!(differ(&shown("2017: nej, 2016: nej"), "2017:no 2016:no", "..").is_none());
        // a number the CSV text does not carry is a difference
        assert!(differ(&shown("18-65-årige"), "age_18_64", "..").is_some());
        assert!(differ(&shown("Ja (3)"), "true", "..").is_some());
        assert!(differ(&shown("12"), "..", "..").is_some());
    }
}
