//! Reading an area table from CSV text (the caller opens the file: only bydel-io and the CLI
//! touch the file system).
//!
//! Columns: the id column (`area_id` by default), an optional population column (`population`),
//! an optional `parent_id`, and per indicator `X` either
//! - `X`: a value taken as exact, or
//! - `X.numerator` and `X.denominator`: a share from counts, valued `100 × numerator / denominator`
//!   (percent), or
//! - those two plus `X.base_numerator` and `X.base_denominator`: the change of the share since a
//!   base period, valued `100 × (now − base)` (percentage points).
//!
//! Empty cells and `NA` are missing values.

use std::collections::BTreeMap;

use bydel_model::{AreaId, Missing};

use crate::error::IndexError;
use crate::table::{AreaRow, AreaTable, Observation, Share};

/// Which columns hold the area id and the population.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvColumns {
    /// The id column.
    pub id: String,
    /// The population column (optional in the file).
    pub population: String,
}

impl Default for CsvColumns {
    fn default() -> Self {
        CsvColumns {
            id: "area_id".into(),
            population: "population".into(),
        }
    }
}

/// The column that holds an area's parent (for higher-level summaries).
pub const PARENT_COLUMN: &str = "parent_id";

const SUFFIXES: [&str; 4] = [
    ".numerator",
    ".denominator",
    ".base_numerator",
    ".base_denominator",
];

/// How one indicator is laid out in the header.
#[derive(Debug, Clone)]
enum Layout {
    Value(usize),
    Share([usize; 2]),
    Change([usize; 4]),
}

/// Reads an area table from CSV; `source_name` names the file in error messages.
pub fn read_area_csv(
    input: impl std::io::Read,
    source_name: &str,
    columns: &CsvColumns,
) -> Result<AreaTable, IndexError> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(input);
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| IndexError::table(source_name, e.to_string()))?
        .iter()
        .map(str::to_string)
        .collect();
    let plan = Plan::new(&header, source_name, columns)?;
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| IndexError::table(source_name, e.to_string()))?;
        let line = record.position().map_or(i as u64 + 2, |p| p.line());
        rows.push(plan.row(&record, line, source_name)?);
    }
    if rows.is_empty() {
        return Err(IndexError::table(
            source_name,
            "no areas: the file has a header but no rows",
        ));
    }
    AreaTable::new(plan.names, rows).map_err(|e| match e {
        IndexError::Table { message, .. } => IndexError::table(source_name, message),
        other => other,
    })
}

/// The header, understood.
struct Plan {
    header: Vec<String>,
    id: usize,
    population: Option<usize>,
    parent: Option<usize>,
    names: Vec<String>,
    layouts: Vec<Layout>,
}

impl Plan {
    fn new(header: &[String], source: &str, columns: &CsvColumns) -> Result<Plan, IndexError> {
        let find = |name: &str| header.iter().position(|h| h == name);
        let id = find(&columns.id).ok_or_else(|| {
            IndexError::table(source, format!("no {:?} column (the area id)", columns.id))
        })?;
        let population = find(&columns.population);
        let parent = find(PARENT_COLUMN);
        let reserved = [Some(id), population, parent];
        let mut groups: BTreeMap<String, [Option<usize>; 5]> = BTreeMap::new();
        let mut order = Vec::new();
        for (i, h) in header
            .iter()
            .enumerate()
            .filter(|(i, _)| !reserved.contains(&Some(*i)))
        {
            let (base, slot) = split_suffix(h);
            let entry = groups.entry(base.to_string()).or_insert_with(|| {
                order.push(base.to_string());
                [None; 5]
            });
            if entry[slot].replace(i).is_some() {
                return Err(IndexError::table(source, format!("column {h:?} twice")));
            }
        }
        let mut layouts = Vec::new();
        for name in &order {
            layouts.push(layout(name, &groups[name], source)?);
        }
        let header = header.to_vec();
        Ok(Plan {
            header,
            id,
            population,
            parent,
            names: order,
            layouts,
        })
    }

    fn row(&self, rec: &csv::StringRecord, line: u64, src: &str) -> Result<AreaRow, IndexError> {
        let cell = |i: usize| rec.get(i).unwrap_or("");
        let bad = |i: usize, expected: &str| IndexError::Cell {
            source_name: src.to_string(),
            line,
            column: self.header[i].clone(),
            expected: expected.to_string(),
            found: cell(i).to_string(),
        };
        let area_id = AreaId::new(cell(self.id)).map_err(|_| bad(self.id, "an area id"))?;
        let population = match self.population {
            Some(i) if !is_missing(cell(i)) => Some(
                cell(i)
                    .parse::<u64>()
                    .map_err(|_| bad(i, "a whole number of residents"))?,
            ),
            _ => None,
        };
        let parent_id = match self.parent {
            Some(i) if !is_missing(cell(i)) => {
                Some(AreaId::new(cell(i)).map_err(|_| bad(i, "an id"))?)
            }
            _ => None,
        };
        let observations = self
            .layouts
            .iter()
            .map(|l| observation(l, &cell).map_err(|(i, what)| bad(i, &what)))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(AreaRow {
            area_id,
            population,
            parent_id,
            observations,
        })
    }
}

fn split_suffix(header: &str) -> (&str, usize) {
    for (slot, suffix) in SUFFIXES.iter().enumerate() {
        if let Some(base) = header.strip_suffix(suffix) {
            return (base, slot + 1);
        }
    }
    (header, 0)
}

fn layout(name: &str, slots: &[Option<usize>; 5], source: &str) -> Result<Layout, IndexError> {
    let err = |what: &str| {
        IndexError::table(
            source,
            format!("indicator {name:?}: {what} (see docs/indices.md)"),
        )
    };
    match *slots {
        [Some(v), None, None, None, None] => Ok(Layout::Value(v)),
        [Some(_), ..] => Err(err("give either the value column or its counts, not both")),
        [None, Some(n), Some(d), None, None] => Ok(Layout::Share([n, d])),
        [None, Some(n), Some(d), Some(bn), Some(bd)] => Ok(Layout::Change([n, d, bn, bd])),
        _ => Err(err(
            "counts need .numerator and .denominator (and both or neither .base_ column)",
        )),
    }
}

type CellError = (usize, String);

fn observation<'a>(
    layout: &Layout,
    cell: &impl Fn(usize) -> &'a str,
) -> Result<Observation, CellError> {
    Ok(match *layout {
        Layout::Value(i) => value(cell(i)).map_err(|_| (i, "a number (decimal point)".into()))?,
        Layout::Share([n, d]) => match share(n, d, cell)? {
            Ok(s) => Observation::Share(s),
            Err(missing) => Observation::Missing(missing),
        },
        Layout::Change([n, d, bn, bd]) => match (share(n, d, cell)?, share(bn, bd, cell)?) {
            (Ok(now), Ok(base)) => Observation::Change { now, base },
            (Err(missing), _) | (_, Err(missing)) => Observation::Missing(missing),
        },
    })
}

/// A share from two count cells: an error for bad text, else the share or why it is missing.
fn share<'a>(
    n: usize,
    d: usize,
    cell: &impl Fn(usize) -> &'a str,
) -> Result<Result<Share, Missing>, CellError> {
    if is_missing(cell(n)) || is_missing(cell(d)) {
        return Ok(Err(Missing::NoData));
    }
    let count = |i: usize| {
        cell(i)
            .parse::<u64>()
            .map_err(|_| (i, "a whole-number count".into()))
    };
    let (num, den) = (count(n)?, count(d)?);
    if den == 0 {
        return Ok(Err(Missing::ZeroDenominator));
    }
    Share::new(num, den).map(Ok).map_err(|what| (n, what))
}

fn value(text: &str) -> Result<Observation, ()> {
    if is_missing(text) {
        return Ok(Observation::Missing(Missing::NoData));
    }
    match text.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(Observation::Value(x)),
        _ => Err(()),
    }
}

fn is_missing(text: &str) -> bool {
    text.is_empty() || text.eq_ignore_ascii_case("na")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<AreaTable, IndexError> {
        read_area_csv(text.as_bytes(), "t.csv", &CsvColumns::default())
    }

    #[test]
    fn values_shares_and_changes() {
        let t = read(
            "area_id,population,a,b.numerator,b.denominator,c.numerator,c.denominator,\
             c.base_numerator,c.base_denominator\nx,10,1.5,1,4,2,10,1,10\ny,,NA,0,0,,,,\n",
        )
        .unwrap();
        assert_eq!(t.indicators(), ["a", "b", "c"]);
        let x = &t.rows()[0];
        assert_eq!(x.population, Some(10));
        assert_eq!(x.observations[0].value(), Some(1.5));
        assert_eq!(x.observations[1].value(), Some(25.0));
        assert!((x.observations[2].value().unwrap() - 10.0).abs() < 1e-12);
        let y = &t.rows()[1];
        assert_eq!(y.observations[0], Observation::Missing(Missing::NoData));
        assert_eq!(
            y.observations[1],
            Observation::Missing(Missing::ZeroDenominator)
        );
        assert_eq!(y.observations[2], Observation::Missing(Missing::NoData));
    }

    #[test]
    fn errors_name_line_and_column() {
        let err = read("area_id,a\nx,1\ny,one\n").unwrap_err().to_string();
        assert!(err.contains("t.csv, line 3, column \"a\""), "{err}");
        assert!(err.contains("\"one\""), "{err}");
        let err = read("area_id,b.numerator,b.denominator\nx,5,4\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("b.numerator"), "{err}");
        let err = read("id,a\nx,1\n").unwrap_err().to_string();
        assert!(err.contains("area_id"), "{err}");
        let err = read("area_id,a,a.numerator,a.denominator\nx,1,1,2\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("not both"), "{err}");
    }
}
