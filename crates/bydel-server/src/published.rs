//! The published view of a run folder: every table of every privacy manifest in
//! `RUN_DIR/published/` and the area polygons of `published/areas.geojson`. Nothing else of
//! the run folder is read for the public view.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use bydel_geo::AreaSet;
use bydel_privacy::Role;
use bydel_privacy::manifest::{PUBLIC_FILE, PublicManifest};

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
    cache: Cache,
}

/// What is worked out once at load rather than per request.
#[derive(Debug, Clone, Default)]
struct Cache {
    indicators: Vec<Indicator>,
    years: Vec<i32>,
    area_keys: Vec<(String, String)>,
    area_set: HashSet<(String, String)>,
    polygons: HashMap<(String, String), usize>,
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
        std::fs::read_dir(dir).map_err(|e| ServerError::config(dir.display(), e))?;
        let path = dir.join(PUBLIC_FILE);
        let mut tables = Vec::new();
        if path.exists() {
            let text = read(&path)?;
            let m = PublicManifest::parse(&path.display().to_string(), &text)
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
        let mut p = Published {
            tables,
            areas,
            geojson,
            cache: Cache::default(),
        };
        p.cache = Cache {
            indicators: p.find_indicators(),
            years: p.find_years(),
            area_keys: p.find_area_keys(),
            area_set: p.find_area_keys().into_iter().collect(),
            polygons: p
                .areas
                .areas
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    (
                        (a.kind.as_str().to_owned(), a.area_id.as_str().to_owned()),
                        i,
                    )
                })
                .collect(),
        };
        Ok(p)
    }

    /// Every indicator, table by table in column order.
    pub fn indicators(&self) -> Vec<Indicator> {
        self.cache.indicators.clone()
    }

    /// The indicators of tables keyed by data year (`year`), for profiles over time; the
    /// lists' tables (keyed by `list_year`) are shown in their own section.
    pub fn yearly_indicators(&self) -> Vec<Indicator> {
        self.cache
            .indicators
            .iter()
            .filter(|i| self.tables[i.table].col("year").is_some())
            .cloned()
            .collect()
    }

    /// Every year of any area table, ascending.
    pub fn years(&self) -> Vec<i32> {
        self.cache.years.clone()
    }

    /// The published (kind, area_id) pairs, sorted.
    pub fn area_keys(&self) -> Vec<(String, String)> {
        self.cache.area_keys.clone()
    }

    /// Whether an area has published rows.
    pub fn has_area(&self, kind: &str, id: &str) -> bool {
        self.cache
            .area_set
            .contains(&(kind.to_owned(), id.to_owned()))
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
    fn find_indicators(&self) -> Vec<Indicator> {
        let mut out = Vec::new();
        let mut counted = BTreeSet::new();
        for (i, t) in self.tables.iter().enumerate() {
            if !t.is_indicator_table() {
                continue;
            }
            for c in t.indicator_columns() {
                let scale = match c.role {
                    Role::Share => Scale::Share,
                    Role::Count if !counted.insert(c.name.clone()) => continue,
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

    fn find_years(&self) -> Vec<i32> {
        let set: BTreeSet<i32> = self
            .tables
            .iter()
            .flat_map(|t| t.keys().map(|k| k.year))
            .collect();
        set.into_iter().collect()
    }

    fn find_area_keys(&self) -> Vec<(String, String)> {
        let set: BTreeSet<(String, String)> = self
            .tables
            .iter()
            .flat_map(|t| t.keys().map(|k| (k.kind.clone(), k.area_id.clone())))
            .collect();
        set.into_iter().collect()
    }

    /// An area's polygon entry.
    pub fn polygon(&self, kind: &str, id: &str) -> Option<&bydel_geo::Area> {
        let i = self.cache.polygons.get(&(kind.to_owned(), id.to_owned()))?;
        self.areas.areas.get(*i)
    }

    /// An area's display name (its id when the polygons do not name it).
    pub fn area_name(&self, kind: &str, id: &str) -> String {
        self.polygon(kind, id)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| id.to_owned())
    }

    /// An area's parent (kind, id): the enclosing area of another layer named by the polygon's
    /// `parent_id`, else its municipality when that has published rows.
    pub fn parent(&self, kind: &str, id: &str) -> Option<(String, String)> {
        let a = self.polygon(kind, id)?;
        let by_parent = a.parent_id.as_ref().and_then(|pid| {
            self.areas
                .areas
                .iter()
                .find(|p| &p.area_id == pid && p.kind != a.kind)
                .map(|p| (p.kind.as_str().to_owned(), pid.as_str().to_owned()))
        });
        by_parent.or_else(|| {
            let m = ("municipality".to_owned(), a.municipality?.to_string());
            (kind != m.0 && self.has_area(&m.0, &m.1)).then_some(m)
        })
    }
}

fn read(path: &Path) -> Result<String, ServerError> {
    std::fs::read_to_string(path).map_err(|e| ServerError::config(path.display(), e))
}
