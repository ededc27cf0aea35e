//! The dashboard's view of a run's published figures. The tables, the manifest and the area
//! polygons are read and parsed by the one reader of `published/`,
//! [`bydel_report::fs::read_published`] (the report and the workbook use it too); this module
//! only indexes them for the pages (rows by area and year, the indicators, the areas' names)
//! and keeps the published files' text to serve them unchanged. Nothing else of the run folder
//! is read for the public view.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use bydel_analysis::indicator::Unit as CatalogueUnit;
use bydel_report::published::{Cell, Published as Release, Role, Table};
use bydel_report::{Labels, Lang};

use crate::error::ServerError;

/// The file of the area polygons inside `published/`.
pub const AREAS_FILE: &str = "areas.geojson";

/// Everything the public may see, indexed for the pages.
#[derive(Debug, Clone, Default)]
pub struct Published {
    /// The release as the one reader parsed it.
    pub release: Release,
    /// The published files' text by file name (each manifest-listed CSV and the polygons),
    /// served as written.
    files: BTreeMap<String, String>,
    index: HashMap<String, HashMap<AreaYear, Vec<usize>>>,
    indicators: Vec<Indicator>,
    years: Vec<i32>,
    area_keys: Vec<(String, String)>,
}

/// The key of an area-year row.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AreaYear {
    /// The layer (empty when the table has no `kind` column).
    pub kind: String,
    /// The area id.
    pub area_id: String,
    /// The year (or list year).
    pub year: i32,
}

/// A dashboard indicator: a value column of a published area table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indicator {
    /// The table's name.
    pub table: String,
    /// The column (the indicator's id in the catalogue, when it is one).
    pub column: String,
    /// How its numbers are shown.
    pub unit: Unit,
}

/// How an indicator's numbers are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// A share in `[0, 1]`, shown as a percentage; differences in percentage points.
    Share,
    /// A number that is itself a percentage (mean absence); differences in percentage points.
    Percent,
    /// Danish kroner.
    Dkk,
    /// A grade (two decimals).
    Grade,
    /// A count of persons.
    Count,
}

impl Published {
    /// Reads `run_dir/published/` through [`bydel_report::fs::read_published`].
    pub fn load(run_dir: &Path) -> Result<Published, ServerError> {
        let dir = run_dir.join("published");
        std::fs::read_dir(&dir).map_err(|e| ServerError::config(dir.display(), e))?;
        let release = bydel_report::fs::read_published(run_dir)
            .map_err(|e| ServerError::config(dir.display(), e))?;
        let mut files = BTreeMap::new();
        let served = release.tables.values().map(|t| t.file.clone());
        let polygons = release.areas.as_ref().map(|_| AREAS_FILE.to_owned());
        for file in served.chain(polygons) {
            let path = dir.join(&file);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| ServerError::config(path.display(), e))?;
            files.insert(file, text);
        }
        let mut p = Published {
            release,
            files,
            ..Published::default()
        };
        p.index = p
            .release
            .tables
            .values()
            .map(|t| (t.name.clone(), index(t)))
            .collect();
        p.indicators = p.find_indicators();
        let keys = p.index.values().flat_map(HashMap::keys);
        p.years = keys
            .clone()
            .map(|k| k.year)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        p.area_keys = keys
            .filter(|k| !k.kind.is_empty())
            .map(|k| (k.kind.clone(), k.area_id.clone()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        Ok(p)
    }

    /// The tables in the manifest's order.
    pub fn tables(&self) -> Vec<&Table> {
        match &self.release.manifest {
            Some(m) => m
                .tables
                .iter()
                .filter_map(|t| self.release.table(&t.name))
                .collect(),
            None => self.release.tables.values().collect(),
        }
    }

    /// The table with this name.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.release.table(name)
    }

    /// A table's title in `lang` (from the manifest; the name when it has none).
    pub fn table_title(&self, lang: Lang, name: &str) -> String {
        let entry = self
            .release
            .manifest
            .as_ref()
            .and_then(|m| m.tables.iter().find(|t| t.name == name));
        match (entry, lang) {
            (Some(t), Lang::Da) if !t.title_da.is_empty() => t.title_da.clone(),
            (Some(t), Lang::En) if !t.title_en.is_empty() => t.title_en.clone(),
            _ => name.replace('_', " "),
        }
    }

    /// The decimals a computed column is rounded to (the manifest's `decimals`), if it says.
    pub fn decimals(&self, table: &str, column: &str) -> Option<u8> {
        let m = self.release.manifest.as_ref()?;
        let t = m.tables.iter().find(|t| t.name == table)?;
        t.columns.iter().find(|c| c.name == column)?.decimals
    }

    /// Whether a column is a sum of atoms (a count, or a net count, whatever its role).
    pub fn is_sum(&self, table: &str, column: &str) -> bool {
        let Some(m) = &self.release.manifest else {
            return false;
        };
        m.tables
            .iter()
            .find(|t| t.name == table)
            .and_then(|t| t.columns.iter().find(|c| c.name == column))
            .is_some_and(|c| matches!(c.meaning, bydel_privacy::Meaning::Sum { .. }))
    }

    /// The peer municipalities the manifest names (code and official name), in its order.
    pub fn peers(&self) -> Vec<(String, String)> {
        let Some(m) = &self.release.manifest else {
            return Vec::new();
        };
        m.peers
            .iter()
            .map(|p| (p.code.to_string(), p.name.clone()))
            .collect()
    }

    /// The text of a published file (a manifest-listed CSV or the polygons), as written.
    pub fn file(&self, name: &str) -> Option<&str> {
        self.files.get(name).map(String::as_str)
    }

    /// Every indicator: the share columns of the area tables (each column once, from the first
    /// table in the manifest that has it), then the count of residents.
    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }

    /// The indicators of tables keyed by data year (`year`), for profiles over time.
    pub fn yearly_indicators(&self) -> Vec<&Indicator> {
        self.indicators
            .iter()
            .filter(|i| self.table(&i.table).and_then(|t| t.col("year")).is_some())
            .collect()
    }

    /// Every year of any area table, ascending.
    pub fn years(&self) -> &[i32] {
        &self.years
    }

    /// The published (kind, area_id) pairs, sorted.
    pub fn area_keys(&self) -> &[(String, String)] {
        &self.area_keys
    }

    /// Whether an area has published rows.
    pub fn has_area(&self, kind: &str, id: &str) -> bool {
        self.area_keys
            .binary_search_by(|(k, i)| (k.as_str(), i.as_str()).cmp(&(kind, id)))
            .is_ok()
    }

    /// The indicator with this id (`table.column`).
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id() == id)
    }

    /// The keys of a table's area-year rows.
    pub fn keys(&self, table: &str) -> Vec<&AreaYear> {
        self.index
            .get(table)
            .map(|m| m.keys().collect())
            .unwrap_or_default()
    }

    /// The rows of an area-year in a table (the exact layer, else a table without layers).
    pub fn rows_of(&self, table: &str, kind: &str, id: &str, year: i32) -> Vec<&[Cell]> {
        let (Some(t), Some(index)) = (self.table(table), self.index.get(table)) else {
            return Vec::new();
        };
        let mut key = AreaYear {
            kind: kind.into(),
            area_id: id.into(),
            year,
        };
        let found = index.get(&key).or_else(|| {
            key.kind.clear();
            index.get(&key)
        });
        found
            .map(|is| is.iter().map(|i| t.rows[*i].as_slice()).collect())
            .unwrap_or_default()
    }

    /// The published cell of an area-year in `column` of `table` (empty when there is none).
    pub fn cell(&self, table: &str, column: &str, area: (&str, &str), year: i32) -> Cell {
        let Some(t) = self.table(table) else {
            return Cell::Empty;
        };
        self.rows_of(table, area.0, area.1, year)
            .first()
            .and_then(|r| t.get(r, column))
            .cloned()
            .unwrap_or(Cell::Empty)
    }

    /// The indicator's published cell for an area-year.
    pub fn value(&self, ind: &Indicator, kind: &str, id: &str, year: i32) -> Cell {
        self.cell(&ind.table, &ind.column, (kind, id), year)
    }

    /// Whether the `comparisons` table compares the indicator with the rest of the
    /// municipality (has `<indicator>_rest`).
    pub fn is_compared(&self, ind: &Indicator) -> bool {
        self.table(COMPARISONS)
            .is_some_and(|t| t.col(&format!("{}_rest", ind.column)).is_some())
    }

    /// The published value of the rest of the municipality beside an area (the `comparisons`
    /// table's `<indicator>_rest`), if the indicator is compared there.
    pub fn rest(&self, ind: &Indicator, kind: &str, id: &str, year: i32) -> Option<Cell> {
        let t = self.table(COMPARISONS)?;
        let col = format!("{}_rest", ind.column);
        t.col(&col)?;
        Some(self.cell(COMPARISONS, &col, (kind, id), year))
    }

    /// The municipality of the run (code and name), from the manifest.
    pub fn municipality(&self) -> Option<(String, String)> {
        let m = self.release.manifest.as_ref()?.municipality.as_ref()?;
        Some((m.code.to_string(), m.name.clone()))
    }

    /// The focus areas the manifest names that have published rows, in its order.
    pub fn focus_areas(&self) -> Vec<(String, String)> {
        let Some(m) = &self.release.manifest else {
            return Vec::new();
        };
        m.focus_areas
            .iter()
            .map(|a| (a.kind.clone(), a.area_id.clone()))
            .filter(|(k, id)| self.has_area(k, id))
            .collect()
    }

    /// An area's polygon entry.
    pub fn polygon(&self, kind: &str, id: &str) -> Option<&bydel_geo::Area> {
        self.release
            .areas
            .as_ref()?
            .areas
            .iter()
            .find(|a| a.kind.as_str() == kind && a.area_id.as_str() == id)
    }

    /// The polygons of one layer.
    pub fn polygons_of(&self, kind: &str) -> Vec<&bydel_geo::Area> {
        self.release
            .areas
            .iter()
            .flat_map(|s| &s.areas)
            .filter(|a| a.kind.as_str() == kind)
            .collect()
    }

    /// An area's display name: the polygons' name, a municipality's or region's official
    /// name, the country's name, a list's area name, else its id.
    pub fn area_name(&self, lang: Lang, kind: &str, id: &str) -> String {
        if let Some(a) = self.polygon(kind, id) {
            return a.name.clone();
        }
        let code = id.parse::<u16>().ok();
        match (kind, code) {
            ("municipality", Some(c)) => return bydel_model::names::municipality(c),
            ("region", Some(c)) => return bydel_model::names::region(c),
            ("country", _) => return lang.layer("country"),
            _ => {}
        }
        self.named_in_a_table(kind, id)
            .unwrap_or_else(|| id.to_owned())
    }

    /// An area's parent (kind, id): the enclosing area of another layer named by the polygon's
    /// `parent_id`, else its municipality when that has published rows.
    pub fn parent(&self, kind: &str, id: &str) -> Option<(String, String)> {
        let a = self.polygon(kind, id)?;
        let areas = self.release.areas.as_ref()?;
        let by_parent = a.parent_id.as_ref().and_then(|pid| {
            areas
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

    /// The layers with polygons, districts first (they tile the municipality, so the map reads
    /// best), then housing areas.
    pub fn map_layers(&self) -> Vec<String> {
        let mut kinds: Vec<String> = self
            .release
            .areas
            .iter()
            .flat_map(|s| s.kinds())
            .map(|k| k.as_str().to_owned())
            .collect();
        kinds.sort_by_key(|k| (k != "district", k != "housing_area", k.clone()));
        kinds.dedup();
        kinds
    }

    /// The years in which the indicator's table has rows for the layer.
    pub fn years_of(&self, ind: &Indicator, kind: &str) -> Vec<i32> {
        let ys: BTreeSet<i32> = self
            .keys(&ind.table)
            .into_iter()
            .filter(|k| k.kind == kind || k.kind.is_empty())
            .map(|k| k.year)
            .collect();
        ys.into_iter().collect()
    }

    fn named_in_a_table(&self, kind: &str, id: &str) -> Option<String> {
        self.tables().into_iter().find_map(|t| {
            t.col("name")?;
            t.rows
                .iter()
                .find(|r| t.text(r, "kind") == kind && t.text(r, "area_id") == id)
                .map(|r| t.text(r, "name"))
                .filter(|n| !n.is_empty())
        })
    }

    fn find_indicators(&self) -> Vec<Indicator> {
        let mut out: Vec<Indicator> = Vec::new();
        for t in self.tables().into_iter().filter(|t| is_indicator_table(t)) {
            for c in t.share_columns() {
                if !out.iter().any(|i| i.column == c) {
                    out.push(Indicator {
                        table: t.name.clone(),
                        column: c.to_owned(),
                        unit: unit_of(c),
                    });
                }
            }
        }
        let residents = self.tables().into_iter().find(|t| {
            is_indicator_table(t)
                && t.col(RESIDENTS)
                    .is_some_and(|i| t.roles.get(i) == Some(&Role::Count))
        });
        if let Some(t) = residents {
            out.push(Indicator {
                table: t.name.clone(),
                column: RESIDENTS.to_owned(),
                unit: Unit::Count,
            });
        }
        out
    }
}

impl Indicator {
    /// The indicator's id in URLs: `table.column`.
    pub fn id(&self) -> String {
        format!("{}.{}", self.table, self.column)
    }

    /// Its name in `lang` (the catalogue's name, the law's label, or the column's label).
    pub fn label(&self, lang: Lang) -> String {
        lang.indicator(&self.column)
    }
}

/// The table of the comparisons with the rest of the municipality.
pub const COMPARISONS: &str = "comparisons";
const RESIDENTS: &str = "residents";

/// Whether each area-year of a table has one row (its keys are only layer, area and year).
fn is_indicator_table(t: &Table) -> bool {
    let keys = t.with_role(Role::Key);
    t.col("area_id").is_some()
        && t.col("year").is_some()
        && keys
            .iter()
            .all(|k| matches!(*k, "kind" | "area_id" | "year"))
}

/// The unit of a column: the catalogue's, else a share (the columns offered are shares).
fn unit_of(column: &str) -> Unit {
    static UNITS: std::sync::OnceLock<Vec<(String, CatalogueUnit)>> = std::sync::OnceLock::new();
    let units = UNITS.get_or_init(|| {
        bydel_analysis::catalogue::Catalogue::builtin()
            .map(|c| c.indicators().map(|i| (i.id.clone(), i.unit)).collect())
            .unwrap_or_default()
    });
    match units.iter().find(|(id, _)| id == column).map(|u| u.1) {
        Some(CatalogueUnit::Dkk) => Unit::Dkk,
        Some(CatalogueUnit::Grade) => Unit::Grade,
        Some(CatalogueUnit::Percent) => Unit::Percent,
        Some(CatalogueUnit::Share) | None => Unit::Share,
    }
}

fn index(t: &Table) -> HashMap<AreaYear, Vec<usize>> {
    let year_col = ["year", "list_year"]
        .into_iter()
        .find(|c| t.col(c).is_some());
    let (Some(_), Some(yc)) = (t.col("area_id"), year_col) else {
        return HashMap::new();
    };
    let mut index: HashMap<AreaYear, Vec<usize>> = HashMap::with_capacity(t.rows.len());
    for (i, row) in t.rows.iter().enumerate() {
        let Ok(year) = t.text(row, yc).parse() else {
            continue;
        };
        let key = AreaYear {
            kind: t.text(row, "kind"),
            area_id: t.text(row, "area_id"),
            year,
        };
        index.entry(key).or_default().push(i);
    }
    index
}
