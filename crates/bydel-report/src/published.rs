//! The published tables of a run, parsed from the text of `published/`: each CSV with the
//! description its privacy manifest gives (which header is a count, a share, a numerator…),
//! suppressed cells (`..`) as explicit values, the disclosure policy, and the area polygons.
//!
//! Only tables named in a manifest are read: a CSV without one did not pass disclosure control
//! and is listed as ignored.

use std::collections::BTreeMap;

use crate::i18n::Labels;

use bydel_geo::AreaSet;
use bydel_privacy::manifest::{PUBLIC_FILE, PublicManifest, PublicTable};
use bydel_privacy::{Policy, Role as PublicRole};

use crate::error::ReportError;

/// One cell of a published table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A key or a text.
    Text(String),
    /// A number.
    Number(f64),
    /// Withheld by disclosure control (`..` in the CSV).
    Suppressed,
    /// No value (no data or a zero denominator).
    Empty,
}

/// What a header of a published table holds (from the manifest).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A key column (kind, area_id, year…).
    Key,
    /// A count of persons.
    Count,
    /// A share in `[0, 1]`.
    Share,
    /// A share's numerator (persons).
    Numerator,
    /// A share's denominator (persons).
    Denominator,
    /// A mean or a sum (DKK).
    Amount,
    /// The number of contributors to a mean or sum.
    Contributors,
    /// A value derived from the row's quantities (an index, a status, a text).
    Derived,
    /// A public value (a threshold, a constant).
    Public,
}

/// One published table.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Table name.
    pub name: String,
    /// CSV file name.
    pub file: String,
    /// Headers, in CSV order.
    pub header: Vec<String>,
    /// What each header holds.
    pub roles: Vec<Role>,
    /// Rows of cells (as many as headers).
    pub rows: Vec<Vec<Cell>>,
}

/// Everything the report may show.
#[derive(Debug, Clone, Default)]
pub struct Published {
    /// Tables by name.
    pub tables: BTreeMap<String, Table>,
    /// The disclosure policy of the first manifest (all demo releases share one).
    pub policy: Option<Policy>,
    /// The area polygons, if `areas.geojson` was published.
    pub areas: Option<AreaSet>,
    /// CSV files that no manifest describes (not shown).
    pub ignored: Vec<String>,
    /// The public manifest (municipality, titles, meanings).
    pub manifest: Option<PublicManifest>,
    /// Area names by (kind, id): the polygons' names, then the names the tables publish for
    /// areas without polygons (schools and daycare institutions).
    pub names: BTreeMap<(String, String), String>,
}

/// The raw text of a published folder: file name → contents.
pub type Files = BTreeMap<String, String>;

impl Published {
    /// Parses a published folder's files (manifests, CSVs, `areas.geojson`).
    pub fn parse(files: &Files) -> Result<Published, ReportError> {
        let mut out = Published::default();
        if let Some(text) = files.get(PUBLIC_FILE) {
            let m = PublicManifest::parse(PUBLIC_FILE, text)
                .map_err(|e| ReportError::input(PUBLIC_FILE, 0, e.to_string()))?;
            out.policy = Some(m.policy.clone());
            for tm in &m.tables {
                let csv = files.get(&tm.file).ok_or_else(|| {
                    ReportError::input(PUBLIC_FILE, 0, format!("names {} which is absent", tm.file))
                })?;
                out.tables.insert(tm.name.clone(), parse_table(tm, csv)?);
            }
            out.manifest = Some(m);
        }
        let described: Vec<&str> = out.tables.values().map(|t| t.file.as_str()).collect();
        out.ignored = files
            .keys()
            .filter(|n| n.ends_with(".csv") && !described.contains(&n.as_str()))
            .cloned()
            .collect();
        if let Some(text) = files.get("areas.geojson") {
            let set = AreaSet::parse(text)
                .map_err(|e| ReportError::input("areas.geojson", 0, e.to_string()))?;
            out.areas = Some(set);
        }
        out.names = names(&out);
        Ok(out)
    }

    /// A table by name.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.get(name)
    }

    /// The display name of an area (from the polygons, else from a table's `name` column), or
    /// its id.
    pub fn area_name(&self, kind: &str, id: &str) -> String {
        self.names
            .get(&(kind.to_owned(), id.to_owned()))
            .cloned()
            .unwrap_or_else(|| id.to_owned())
    }

    /// The name a reader knows an area by: a municipality by its official name (the run's
    /// own and its peers from the manifest, any other from the embedded list of
    /// municipalities), a region by its name, the country as "Hele landet", every other area
    /// by its name in the polygons or in a table's `name` column. `None` where no name is
    /// published, so nothing is made up.
    pub fn known_name(&self, kind: &str, id: &str, lang: crate::i18n::Lang) -> Option<String> {
        let code = id.parse::<u16>().ok();
        match kind {
            "municipality" => self
                .manifest
                .as_ref()
                .and_then(|m| {
                    m.municipality
                        .iter()
                        .chain(&m.peers)
                        .find(|x| Some(x.code) == code)
                        .map(|x| x.name.clone())
                })
                .or_else(|| {
                    let code = code?;
                    bydel_model::names::municipalities()
                        .any(|(c, _, _)| c == code)
                        .then(|| bydel_model::names::municipality(code))
                }),
            "region" => code.and_then(|c| {
                bydel_model::names::REGIONS
                    .iter()
                    .find(|r| r.0 == c)
                    .map(|r| r.1.to_owned())
            }),
            "country" => Some(lang.layer("country")),
            _ => None,
        }
        .or_else(|| self.names.get(&(kind.to_owned(), id.to_owned())).cloned())
    }

    /// [`Published::known_name`], or the id itself where no name is published.
    pub fn display_name(&self, kind: &str, id: &str, lang: crate::i18n::Lang) -> String {
        self.known_name(kind, id, lang)
            .unwrap_or_else(|| id.to_owned())
    }
}

/// Area names: the polygons' first, then any table's `name` column for areas without polygons.
fn names(p: &Published) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for a in p.areas.iter().flat_map(|s| &s.areas) {
        out.insert(
            (a.kind.as_str().to_owned(), a.area_id.as_str().to_owned()),
            a.name.clone(),
        );
    }
    for t in p.tables.values() {
        let (Some(k), Some(i), Some(n)) = (t.col("kind"), t.col("area_id"), t.col("name")) else {
            continue;
        };
        for row in &t.rows {
            if let (Cell::Text(kind), Cell::Text(id), Cell::Text(name)) =
                (&row[k], &row[i], &row[n])
            {
                out.entry((kind.clone(), id.clone()))
                    .or_insert_with(|| name.clone());
            }
        }
    }
    out
}

impl Table {
    /// The index of a header.
    pub fn col(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
    /// The cell of `row` under header `name`.
    pub fn get<'a>(&self, row: &'a [Cell], name: &str) -> Option<&'a Cell> {
        self.col(name).and_then(|i| row.get(i))
    }
    /// The text of a key or text cell (numbers formatted plainly).
    pub fn text(&self, row: &[Cell], name: &str) -> String {
        match self.get(row, name) {
            Some(Cell::Text(s)) => s.clone(),
            Some(Cell::Number(x)) => format!("{x}"),
            _ => String::new(),
        }
    }
    /// The number of a cell, if it has one.
    pub fn number(&self, row: &[Cell], name: &str) -> Option<f64> {
        match self.get(row, name) {
            Some(Cell::Number(x)) => Some(*x),
            _ => None,
        }
    }
    /// The headers holding shares (the value columns shown as percentages).
    pub fn share_columns(&self) -> Vec<&str> {
        const REFERENCES: [&str; 5] = ["_region", "_country", "_rest", "_lower", "_upper"];
        self.with_role(Role::Share)
            .into_iter()
            .filter(|c| !REFERENCES.iter().any(|r| c.ends_with(r)))
            .collect()
    }
    /// The headers with one role.
    pub fn with_role(&self, role: Role) -> Vec<&str> {
        self.header
            .iter()
            .zip(&self.roles)
            .filter(|(_, r)| **r == role)
            .map(|(h, _)| h.as_str())
            .collect()
    }
    /// The rows of one area (`kind`, `area_id`), in the table's order.
    pub fn area_rows<'t>(&'t self, kind: &str, id: &str) -> impl Iterator<Item = &'t Vec<Cell>> {
        let (kind, id) = (kind.to_owned(), id.to_owned());
        self.rows
            .iter()
            .filter(move |r| self.text(r, "kind") == kind && self.text(r, "area_id") == id)
    }
    /// The distinct values of a key column, sorted (numbers numerically).
    pub fn distinct(&self, name: &str) -> Vec<String> {
        let mut v: Vec<String> = self.rows.iter().map(|r| self.text(r, name)).collect();
        v.sort_by(|a, b| cmp_keys(a, b));
        v.dedup();
        v.retain(|s| !s.is_empty());
        v
    }
    /// The number of suppressed cells.
    pub fn suppressed_count(&self) -> usize {
        self.rows
            .iter()
            .flatten()
            .filter(|c| **c == Cell::Suppressed)
            .count()
    }
}

/// Orders keys numerically when both are numbers, else as text.
pub fn cmp_keys(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.total_cmp(&y),
        _ => a.cmp(b),
    }
}

fn roles(tm: &PublicTable) -> BTreeMap<String, Role> {
    let mut map: BTreeMap<String, Role> = tm
        .key_columns
        .iter()
        .map(|k| (k.clone(), Role::Key))
        .collect();
    for col in &tm.columns {
        let role = match col.role {
            PublicRole::Count => Role::Count,
            PublicRole::Share => Role::Share,
            PublicRole::Numerator => Role::Numerator,
            PublicRole::Denominator => Role::Denominator,
            PublicRole::Amount => Role::Amount,
            PublicRole::Contributors => Role::Contributors,
            PublicRole::Number => Role::Derived,
            PublicRole::Text => Role::Public,
        };
        map.insert(col.name.clone(), role);
    }
    map
}

fn parse_table(tm: &PublicTable, text: &str) -> Result<Table, ReportError> {
    let file = tm.file.as_str();
    let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| ReportError::input(file, 1, e.to_string()))?
        .iter()
        .map(str::to_owned)
        .collect();
    let known = roles(tm);
    let mut role_list = Vec::with_capacity(header.len());
    for h in &header {
        let r = known.get(h).copied().ok_or_else(|| {
            ReportError::input(file, 1, format!("column {h:?} is not in the manifest"))
        })?;
        role_list.push(r);
    }
    let mut rows = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| ReportError::input(file, i as u64 + 2, e.to_string()))?;
        let row = rec
            .iter()
            .zip(&role_list)
            .map(|(s, r)| cell(s, *r))
            .collect();
        rows.push(row);
    }
    Ok(Table {
        name: tm.name.clone(),
        file: tm.file.clone(),
        header,
        roles: role_list,
        rows,
    })
}

fn cell(s: &str, role: Role) -> Cell {
    match s {
        ".." => Cell::Suppressed,
        "" => Cell::Empty,
        _ if role == Role::Key => Cell::Text(s.to_owned()),
        _ => match s.parse::<f64>() {
            Ok(x) if x.is_finite() => Cell::Number(x),
            _ => Cell::Text(s.to_owned()),
        },
    }
}
