//! Reading a counts table: `area_id` plus one column of persons per group (and maybe a total).
//!
//! With one group and a total column the result is a single-group design (the group against the
//! rest); with several groups, a multigroup design, where the groups must partition the
//! population (when a total column is also named, each line's groups must add up to it). Every
//! fault names the line (the header is line 1) and the column.

use std::io::Read;

use crate::counts::AreaCounts;
use crate::counts::MAX_POPULATION;
use crate::error::SegregationError;

/// The id column every counts table must have.
pub const AREA_ID: &str = "area_id";

/// Which columns to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountsRequest {
    /// The group columns.
    pub groups: Vec<String>,
    /// The total column, if any.
    pub total: Option<String>,
}

/// Reads counts from CSV text.
pub fn read_counts_csv(
    reader: impl Read,
    request: &CountsRequest,
) -> Result<AreaCounts, SegregationError> {
    check_request(request)?;
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(reader);
    let header = rdr.headers().map_err(csv_error)?.clone();
    let find = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| SegregationError::MissingColumn {
                column: name.to_string(),
                available: header.iter().collect::<Vec<_>>().join(", "),
            })
    };
    let id_col = find(AREA_ID)?;
    let group_cols = request
        .groups
        .iter()
        .map(|g| find(g))
        .collect::<Result<Vec<_>, _>>()?;
    let total_col = request.total.as_deref().map(find).transpose()?;
    let (mut ids, mut rows, mut totals) = (Vec::new(), Vec::new(), Vec::new());
    for record in rdr.records() {
        let record = record.map_err(csv_error)?;
        let line = record.position().map_or(0, |p| p.line());
        let cell = |col: usize| record.get(col).unwrap_or("");
        let id = cell(id_col);
        if id.is_empty() {
            return Err(cell_error(line, AREA_ID, "a non-empty area id", id));
        }
        ids.push(id.to_string());
        let row = group_cols
            .iter()
            .zip(&request.groups)
            .map(|(&c, name)| count(line, name, cell(c)))
            .collect::<Result<Vec<u64>, _>>()?;
        if let (Some(c), Some(name)) = (total_col, request.total.as_deref()) {
            totals.push(check_total(
                line,
                name,
                cell(c),
                &row,
                request.groups.len(),
            )?);
        }
        rows.push(row);
    }
    if ids.is_empty() {
        return Err(SegregationError::Usage(
            "the table has a header but no areas (rows); nothing to compute".into(),
        ));
    }
    build(request, ids, rows, totals)
}

fn build(
    request: &CountsRequest,
    ids: Vec<String>,
    rows: Vec<Vec<u64>>,
    totals: Vec<u64>,
) -> Result<AreaCounts, SegregationError> {
    if request.groups.len() == 1 {
        let group: Vec<u64> = rows.iter().map(|r| r[0]).collect();
        AreaCounts::single_group(&request.groups[0], ids, &group, &totals)
    } else {
        AreaCounts::multi_group(request.groups.clone(), ids, &rows)
    }
}

fn check_request(request: &CountsRequest) -> Result<(), SegregationError> {
    match (request.groups.len(), &request.total) {
        (0, _) => Err(SegregationError::Usage(
            "name at least one group column".into(),
        )),
        (1, None) => Err(SegregationError::Usage(
            "one group needs a total column (the group is compared with the rest)".into(),
        )),
        _ => Ok(()),
    }
}

/// The total of one line; with one group it must be at least the group, with several it must
/// equal their sum.
fn check_total(
    line: u64,
    column: &str,
    text: &str,
    row: &[u64],
    groups: usize,
) -> Result<u64, SegregationError> {
    let total = count(line, column, text)?;
    let sum = row.iter().fold(0u64, |a, b| a.saturating_add(*b));
    if groups == 1 && total < sum {
        let expected = format!("a total of at least the group's {sum}");
        return Err(cell_error(line, column, &expected, text));
    }
    if groups > 1 && total != sum {
        let expected = format!("the sum of the groups ({sum}): groups must partition the total");
        return Err(cell_error(line, column, &expected, text));
    }
    Ok(total)
}

fn count(line: u64, column: &str, text: &str) -> Result<u64, SegregationError> {
    text.parse::<u64>()
        .ok()
        .filter(|n| *n <= MAX_POPULATION)
        .ok_or_else(|| {
            let expected = format!("a whole number of persons from 0 to {MAX_POPULATION}");
            cell_error(line, column, &expected, text)
        })
}

fn cell_error(line: u64, column: &str, expected: &str, found: &str) -> SegregationError {
    SegregationError::Cell {
        line,
        column: column.to_string(),
        expected: expected.to_string(),
        found: found.to_string(),
    }
}

fn csv_error(e: csv::Error) -> SegregationError {
    let line = e.position().map_or(0, |p| p.line());
    SegregationError::Csv {
        line,
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(groups: &[&str], total: Option<&str>) -> CountsRequest {
        CountsRequest {
            groups: groups.iter().map(|s| s.to_string()).collect(),
            total: total.map(str::to_string),
        }
    }

    #[test]
    fn reads_single_and_multi_group() {
        let text = "area_id,a,b,total\nx,1,3,4\ny,2,2,4\n";
        let s = read_counts_csv(text.as_bytes(), &req(&["a"], Some("total"))).unwrap();
        assert_eq!(s.row(0), &[1, 3]);
        let m = read_counts_csv(text.as_bytes(), &req(&["a", "b"], Some("total"))).unwrap();
        assert_eq!(m.row(1), &[2, 2]);
    }

    #[test]
    fn bad_cell_names_line_and_column() {
        let text = "area_id,a,total\nx,1,4\ny,-2,4\n";
        let e = read_counts_csv(text.as_bytes(), &req(&["a"], Some("total"))).unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 3, column \"a\": expected a whole number of persons from 0 to 9007199254740992, found \"-2\""
        );
    }

    #[test]
    fn groups_must_sum_to_total() {
        let text = "area_id,a,b,total\nx,1,3,5\n";
        let e = read_counts_csv(text.as_bytes(), &req(&["a", "b"], Some("total"))).unwrap_err();
        assert!(matches!(e, SegregationError::Cell { line: 2, .. }), "{e}");
    }

    #[test]
    fn missing_column_lists_the_header() {
        let text = "area_id,a\nx,1\n";
        let e = read_counts_csv(text.as_bytes(), &req(&["a", "c"], None)).unwrap_err();
        assert!(e.to_string().contains("\"c\" not found"), "{e}");
    }
}
