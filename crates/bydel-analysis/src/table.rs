//! Flat result tables: a name, named columns and rows of cells, in the long spirit of the counts
//! table (one row per area, year, indicator and reference). Missing numbers are empty cells; the
//! row's `status` column says why.

use bydel_model::{Missing, Value};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// An integer.
    Int(i64),
    /// A finite number.
    Num(f64),
    /// A yes/no.
    Bool(bool),
    /// No value.
    Empty,
}

impl Cell {
    /// Text rendering for CSV and text tables (numbers with up to 6 decimals, no trailing zeros).
    pub fn render(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(i) => i.to_string(),
            Cell::Num(x) => format_number(*x),
            Cell::Bool(b) => b.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_owned())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}
impl From<i64> for Cell {
    fn from(i: i64) -> Self {
        Cell::Int(i)
    }
}
impl From<i32> for Cell {
    fn from(i: i32) -> Self {
        Cell::Int(i64::from(i))
    }
}
impl From<bool> for Cell {
    fn from(b: bool) -> Self {
        Cell::Bool(b)
    }
}
impl From<f64> for Cell {
    fn from(x: f64) -> Self {
        if x.is_finite() {
            Cell::Num(x)
        } else {
            Cell::Empty
        }
    }
}
impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(o: Option<T>) -> Self {
        o.map_or(Cell::Empty, Into::into)
    }
}
impl From<&Value> for Cell {
    fn from(v: &Value) -> Self {
        v.number().into()
    }
}

/// The status text of a value: `ok` or the reason it is missing.
pub fn status(v: &Value) -> String {
    match v {
        Value::Number(_) => "ok".into(),
        Value::Missing(Missing::ZeroDenominator) => "zero_denominator".into(),
        Value::Missing(Missing::NoData) => "no_data".into(),
        Value::Missing(Missing::Suppressed(r)) => format!("suppressed: {r}"),
    }
}

/// A named table.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Table name (the file stem when written).
    pub name: String,
    /// Column names.
    pub columns: Vec<String>,
    /// Rows, each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// An empty table.
    pub fn new(name: &str, columns: &[&str]) -> Self {
        Table {
            name: name.into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: vec![],
        }
    }

    /// Appends a row; it must have one cell per column.
    pub fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(
            row.len(),
            self.columns.len(),
            "row width of table {}",
            self.name
        );
        self.rows.push(row);
    }

    /// The index of a column.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == name)
    }

    /// Writes the table as CSV with a header row.
    pub fn write_csv(&self, out: impl std::io::Write) -> Result<(), csv::Error> {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(&self.columns)?;
        for r in &self.rows {
            w.write_record(r.iter().map(Cell::render))?;
        }
        w.flush()?;
        Ok(())
    }
}

fn format_number(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}
