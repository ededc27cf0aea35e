//! What every section needs: the published tables, the language, the municipality the report
//! is about, its latest and previous years, and helpers for series of shares.

use crate::i18n::{Labels, Lang};
use crate::published::{Cell, Published, Table, cmp_keys};
use crate::stats::{rest_share, wilson};
use crate::svg::chart::ChartPoint;

/// The report's context.
#[derive(Debug)]
pub struct Ctx<'a> {
    /// The published tables.
    pub p: &'a Published,
    /// The language.
    pub lang: Lang,
    /// The municipality's area id (from the `area_figures` municipality rows).
    pub muni: Option<String>,
    /// The latest year of `area_figures`.
    pub latest: Option<String>,
    /// The year before it.
    pub previous: Option<String>,
}

/// The table of per-area-year shares the report draws: the criteria (a folder published by
/// hand may have only `area_figures` with shares).
const FIGURES: &str = "criteria";

/// A share's numerator and denominator in one area-year, when both are published.
pub type Fraction = (f64, f64);

impl<'a> Ctx<'a> {
    /// Builds the context.
    pub fn new(p: &'a Published, lang: Lang) -> Ctx<'a> {
        let fig = p.table(FIGURES).or_else(|| p.table("area_figures"));
        let muni = p
            .manifest
            .as_ref()
            .and_then(|m| m.municipality.as_ref())
            .map(|m| m.code.to_string())
            .or_else(|| {
                fig.and_then(|t| {
                    t.rows
                        .iter()
                        .find(|r| t.text(r, "kind") == "municipality")
                        .map(|r| t.text(r, "area_id"))
                })
            });
        let years = fig.map(|t| t.distinct("year")).unwrap_or_default();
        let latest = years.last().cloned();
        let previous = years.len().checked_sub(2).map(|i| years[i].clone());
        Ctx {
            p,
            lang,
            muni,
            latest,
            previous,
        }
    }

    /// The municipality's display name: the manifest's name, else the official name of its
    /// code, else the polygons' name.
    pub fn muni_name(&self) -> String {
        if let Some(m) = self
            .p
            .manifest
            .as_ref()
            .and_then(|m| m.municipality.as_ref())
        {
            return m.name.clone();
        }
        match self.muni.as_deref().map(|id| (id, id.parse::<u16>())) {
            Some((_, Ok(code))) => bydel_model::names::municipality(code),
            Some((id, Err(_))) => self.p.area_name("municipality", id),
            None => self.lang.t("municipality").to_owned(),
        }
    }

    /// An area's display name; the municipality by its name, never its code.
    pub fn name(&self, kind: &str, id: &str) -> String {
        if kind == "municipality" && self.muni.as_deref() == Some(id) {
            self.muni_name()
        } else {
            self.p.display_name(kind, id, self.lang)
        }
    }

    /// The run's focus areas (kind, id) in the config's order, from the manifest.
    pub fn focus_areas(&self) -> Vec<(String, String)> {
        self.p
            .manifest
            .as_ref()
            .map(|m| {
                m.focus_areas
                    .iter()
                    .map(|f| (f.kind.clone(), f.area_id.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The row of a table keyed by kind, area and year (`year_col`), if published.
    pub fn row_in(
        &self,
        t: &'a Table,
        kind: &str,
        id: &str,
        year_col: &str,
        year: &str,
    ) -> Option<&'a [Cell]> {
        t.rows
            .iter()
            .find(|r| {
                t.text(r, "kind") == kind
                    && t.text(r, "area_id") == id
                    && t.text(r, year_col) == year
            })
            .map(Vec::as_slice)
    }

    /// The criteria table (shares with their numerators and denominators, per area-year).
    pub fn figures(&self) -> Option<&'a Table> {
        self.p
            .table(FIGURES)
            .or_else(|| self.p.table("area_figures"))
    }

    /// The municipality's area ids of one layer (from the published areas, else the criteria
    /// table), in first-seen order.
    pub fn areas_of(&self, kind: &str) -> Vec<String> {
        if let Some(set) = &self.p.areas {
            let ids: Vec<String> = set
                .areas
                .iter()
                .filter(|a| a.kind.as_str() == kind)
                .map(|a| a.area_id.as_str().to_owned())
                .collect();
            if !ids.is_empty() {
                return ids;
            }
        }
        let Some(t) = self.figures() else {
            return Vec::new();
        };
        let mut out: Vec<String> = Vec::new();
        for r in t.rows.iter().filter(|r| t.text(r, "kind") == kind) {
            let id = t.text(r, "area_id");
            if !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }

    /// The row of `area_figures` for (kind, id, year).
    pub fn row(&self, kind: &str, id: &str, year: &str) -> Option<&'a [Cell]> {
        let t = self.figures()?;
        t.rows
            .iter()
            .find(|r| {
                t.text(r, "kind") == kind && t.text(r, "area_id") == id && t.text(r, "year") == year
            })
            .map(Vec::as_slice)
    }

    /// A share's numerator and denominator, when published.
    pub fn fraction(&self, kind: &str, id: &str, year: &str, col: &str) -> Option<Fraction> {
        let t = self.figures()?;
        let r = self.row(kind, id, year)?;
        let k = t.number(r, &format!("{col}_numerator"))?;
        let n = t.number(r, &format!("{col}_denominator"))?;
        (n > 0.0).then_some((k, n))
    }

    /// The years of `area_figures`, ascending.
    pub fn years(&self) -> Vec<String> {
        self.figures()
            .map(|t| t.distinct("year"))
            .unwrap_or_default()
    }

    /// An area's share series with Wilson intervals (gaps where suppressed).
    pub fn series(&self, kind: &str, id: &str, col: &str) -> Vec<ChartPoint> {
        self.points(|y| self.fraction(kind, id, y, col))
    }

    /// The rest of the municipality's share series (municipality minus the area).
    pub fn rest_series(&self, kind: &str, id: &str, col: &str) -> Vec<ChartPoint> {
        self.points(|y| self.rest(kind, id, y, col))
    }

    /// The rest of the municipality's fraction in one year.
    pub fn rest(&self, kind: &str, id: &str, year: &str, col: &str) -> Option<Fraction> {
        let muni = self.muni.as_deref()?;
        rest_share(
            self.fraction("municipality", muni, year, col)?,
            self.fraction(kind, id, year, col)?,
        )
    }

    fn points(&self, f: impl Fn(&str) -> Option<Fraction>) -> Vec<ChartPoint> {
        self.years()
            .iter()
            .filter_map(|y| {
                let year: i32 = y.parse().ok()?;
                let fr = f(y);
                Some(ChartPoint {
                    year,
                    value: fr.map(|(k, n)| k / n),
                    interval: fr.and_then(|(k, n)| wilson(k, n)),
                })
            })
            .collect()
    }

    /// The local housing areas (those in `area_figures`, else in the polygons).
    pub fn local_housing(&self) -> Vec<String> {
        let mut v = self.areas_of("housing_area");
        if v.is_empty()
            && let Some(s) = &self.p.areas
        {
            v = s
                .areas
                .iter()
                .filter(|a| a.kind.as_str() == "housing_area")
                .map(|a| a.area_id.as_str().to_owned())
                .collect();
        }
        v
    }

    /// The list years of the classification table, ascending.
    pub fn list_years(&self) -> Vec<String> {
        let mut v = self
            .p
            .table("classification")
            .map(|t| t.distinct("list_year"))
            .unwrap_or_default();
        v.sort_by(|a, b| cmp_keys(a, b));
        v
    }
}
