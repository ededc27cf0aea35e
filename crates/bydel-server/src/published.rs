//! The published view of a run folder: every table of every privacy manifest in
//! `RUN_DIR/published/` and the area polygons of `published/areas.geojson`. Nothing else of
//! the run folder is read for the public view.

use std::collections::BTreeSet;
use std::path::Path;

use bydel_geo::AreaSet;
use bydel_privacy::ColumnKind;
use bydel_privacy::manifest::{Manifest, SUFFIX};

use crate::error::ServerError;
use crate::table::{PublishedTable, Shown};

/// The file of the area polygons inside `published/`.
pub const AREAS_FILE: &str = "areas.geojson";

/// Everything the public may see.
#[derive(Debug, Clone, Default)]
pub struct Published {
    /// The tables, sorted by name.
    pub tables: Vec<PublishedTable>,
    /// The area polygons (empty when the file is absent).
    pub areas: AreaSet,
    /// The polygons' GeoJSON text (served by the API), if present.
    pub geojson: Option<String>,
}

/// A dashboard indicator: a value column of an area table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    /// The table's position in [`Published::tables`].
    pub table: usize,
    /// The column (its header is the indicator's name).
    pub column: String,
    /// Whether values are shares in `[0, 1]` (shown as percentages).
    pub scale: Scale,
}

/// How an indicator's numbers are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// A share, shown as a percentage.
    Share,
    /// A whole number or another number, shown as is.
    Plain,
}

impl Published {
    /// Reads `dir` (the run folder's `published/`).
    pub fn load(dir: &Path) -> Result<Published, ServerError> {
        let entries = std::fs::read_dir(dir).map_err(|e| ServerError::config(dir.display(), e))?;
        let mut manifests: Vec<_> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(SUFFIX))
            .collect();
        manifests.sort();
        let mut tables = Vec::new();
        for path in manifests {
            let text = read(&path)?;
            let m = Manifest::parse(&path.display().to_string(), &text)
                .map_err(|e| ServerError::config(path.display(), e))?;
            for t in m.tables {
                let csv = read(&dir.join(&t.file))?;
                tables.push(PublishedTable::parse(t, csv)?);
            }
        }
        tables.sort_by(|a, b| a.name().cmp(b.name()));
        let geo_path = dir.join(AREAS_FILE);
        let geojson = geo_path.exists().then(|| read(&geo_path)).transpose()?;
        let areas = match &geojson {
            Some(text) => {
                AreaSet::parse(text).map_err(|e| ServerError::config(geo_path.display(), e))?
            }
            None => AreaSet::default(),
        };
        Ok(Published {
            tables,
            areas,
            geojson,
        })
    }

    /// The table with this name.
    pub fn table(&self, name: &str) -> Option<&PublishedTable> {
        self.tables.iter().find(|t| t.name() == name)
    }

    /// The table published in this CSV file.
    pub fn table_by_file(&self, file: &str) -> Option<&PublishedTable> {
        self.tables.iter().find(|t| t.manifest.file == file)
    }

    /// Every indicator, table by table in column order. A count of a quantity that an earlier
    /// table already counts (residents) is not repeated.
    pub fn indicators(&self) -> Vec<Indicator> {
        let mut out = Vec::new();
        let mut counted = BTreeSet::new();
        for (i, t) in self.tables.iter().enumerate() {
            if !t.is_indicator_table() {
                continue;
            }
            for c in t.indicator_columns() {
                let scale = match &c.kind {
                    ColumnKind::Share { .. } => Scale::Share,
                    ColumnKind::Count { quantity } if !counted.insert(quantity.clone()) => {
                        continue;
                    }
                    _ => Scale::Plain,
                };
                out.push(Indicator {
                    table: i,
                    column: c.name.clone(),
                    scale,
                });
            }
        }
        out
    }

    /// The indicator with this id (`table.column`).
    pub fn indicator(&self, id: &str) -> Option<Indicator> {
        self.indicators()
            .into_iter()
            .find(|i| self.indicator_id(i) == id)
    }

    /// The indicator's id in URLs: `table.column`.
    pub fn indicator_id(&self, ind: &Indicator) -> String {
        format!("{}.{}", self.tables[ind.table].name(), ind.column)
    }

    /// The indicator's published cell for an area-year.
    pub fn value(&self, ind: &Indicator, kind: &str, id: &str, year: i32) -> Shown {
        let t = &self.tables[ind.table];
        match t.col(&ind.column) {
            Some(c) => t.cell(kind, id, year, c),
            None => Shown::Empty,
        }
    }

    /// Every year of any area table, ascending.
    pub fn years(&self) -> Vec<i32> {
        let set: BTreeSet<i32> = self
            .tables
            .iter()
            .flat_map(|t| t.keys().map(|k| k.year))
            .collect();
        set.into_iter().collect()
    }

    /// The published (kind, area_id) pairs, sorted.
    pub fn area_keys(&self) -> Vec<(String, String)> {
        let set: BTreeSet<(String, String)> = self
            .tables
            .iter()
            .flat_map(|t| t.keys().map(|k| (k.kind.clone(), k.area_id.clone())))
            .collect();
        set.into_iter().collect()
    }

    /// An area's display name (its id when the polygons do not name it).
    pub fn area_name(&self, kind: &str, id: &str) -> String {
        self.areas
            .areas
            .iter()
            .find(|a| a.kind.as_str() == kind && a.area_id.as_str() == id)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| id.to_owned())
    }

    /// An area's parent (kind, id): from the polygons, else the municipality of the tables.
    pub fn parent(&self, kind: &str, id: &str) -> Option<(String, String)> {
        let a = self
            .areas
            .areas
            .iter()
            .find(|a| a.kind.as_str() == kind && a.area_id.as_str() == id)?;
        let pid = a.parent_id.as_ref()?;
        self.areas
            .areas
            .iter()
            .find(|p| &p.area_id == pid && p.kind != a.kind)
            .map(|p| (p.kind.as_str().to_owned(), pid.as_str().to_owned()))
    }
}

fn read(path: &Path) -> Result<String, ServerError> {
    std::fs::read_to_string(path).map_err(|e| ServerError::config(path.display(), e))
}
