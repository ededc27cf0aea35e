//! Supplied history: which areas were on which list in earlier list years (for the
//! consecutive-years rules), read from a HISTORY.csv or built in code.
//!
//! HISTORY.csv columns: `area_id`, `list_year`, and one `true`/`false` column per category
//! (`parallelsamfund` at least; `udsat`, `omdannelse`, `forebyggelse` optional); an optional
//! `kind` column names the layer (default `housing_area`). A ghetto year before 2021 is a
//! `parallelsamfund` year. An empty cell means "not known".
//!
//! **A file that includes a year's list defines that year for every area**: when any row of
//! list year Y gives a category (a non-empty cell), an area of the same layer that has no row
//! for Y, or an empty cell, was not on that year's list of that category (`false`), as on the
//! official lists, which name only the areas on them. Years and categories the file does not
//! mention stay unknown. Two rows that give the same area, year and category different values
//! are refused, naming both lines.

use std::collections::{BTreeMap, BTreeSet};

use bydel_model::{AreaId, Kind};

use crate::error::RulesError;
use crate::input::{CsvTable, parse_bool};
use crate::list_year::ListYear;

/// Which source wins when both the data and the history table give a past year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Precedence {
    /// Computed from the counts where the data reaches; the table fills the rest (default).
    #[default]
    ComputedFirst,
    /// The table wins (e.g. the official lists); computed values fill the rest.
    SuppliedFirst,
}

/// Past list membership by (layer, area, list year, category).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    entries: BTreeMap<(Kind, AreaId, ListYear, String), bool>,
    /// (layer, list year, category) lists that a file gives in full: absent areas were not on it.
    complete: BTreeSet<(Kind, ListYear, String)>,
    /// Which source wins.
    pub precedence: Precedence,
}

impl History {
    /// An empty history (computed values only).
    pub fn new() -> Self {
        History::default()
    }

    /// Records one fact.
    pub fn insert(
        &mut self,
        kind: Kind,
        area: AreaId,
        year: ListYear,
        category: &str,
        listed: bool,
    ) {
        self.entries
            .insert((kind, area, year, category.to_string()), listed);
    }

    /// Marks a list as given in full: an area without a fact for it was not on it.
    pub fn mark_complete(&mut self, kind: Kind, year: ListYear, category: &str) {
        self.complete.insert((kind, year, category.to_string()));
    }

    /// One fact, if supplied; `false` for an area absent from a list given in full.
    pub fn get(&self, kind: &Kind, area: &AreaId, year: ListYear, category: &str) -> Option<bool> {
        let fact = self
            .entries
            .get(&(kind.clone(), area.clone(), year, category.to_string()))
            .copied();
        fact.or_else(|| {
            self.complete
                .contains(&(kind.clone(), year, category.to_string()))
                .then_some(false)
        })
    }

    /// The list years for which some list of layer `kind` is given in full.
    pub fn complete_years(&self, kind: &Kind) -> BTreeSet<ListYear> {
        self.complete
            .iter()
            .filter(|(k, _, _)| k == kind)
            .map(|(_, y, _)| *y)
            .collect()
    }

    /// The area's category on the supplied lists of a year, in the published view: the first
    /// category of `order` it was on; `Some(None)` when every list of `order` is known and it was
    /// on none; `None` when the supplied lists do not decide it.
    pub fn listed_category(
        &self,
        kind: &Kind,
        area: &AreaId,
        year: ListYear,
        order: &[String],
    ) -> Option<Option<String>> {
        let mut all_known = true;
        for category in order {
            match self.get(kind, area, year, category) {
                Some(true) => return Some(Some(category.clone())),
                Some(false) => {}
                None => all_known = false,
            }
        }
        all_known.then_some(None)
    }

    /// Number of facts.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no facts.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Parses a HISTORY.csv; `file` names it in errors.
    pub fn parse_csv(file: &str, text: &str) -> Result<History, RulesError> {
        let table = CsvTable::read(file, text)?;
        table.require(&["area_id", "list_year", "parallelsamfund"])?;
        let categories: Vec<&String> = table
            .header
            .iter()
            .filter(|h| !["area_id", "list_year", "kind"].contains(&h.as_str()))
            .collect();
        let mut history = History::new();
        let mut first_line = BTreeMap::new();
        for row in 0..table.rows.len() {
            let area = table.parse(row, "area_id", "a non-empty area id", |t| {
                AreaId::new(t).ok()
            })?;
            let year = table.parse(row, "list_year", "a list year such as 2021", |t| {
                t.parse().ok().and_then(|y| ListYear::new(y).ok())
            })?;
            let kind = match table.cell(row, "kind").filter(|t| !t.is_empty()) {
                Some(_) => table.parse(row, "kind", "a layer name", |t| Kind::new(t).ok())?,
                None => Kind::new(Kind::HOUSING_AREA).expect("valid layer"),
            };
            for cat in &categories {
                if table.cell(row, cat).is_some_and(|t| !t.is_empty()) {
                    let listed = table.parse(row, cat, "true or false", parse_bool)?;
                    let key = (kind.clone(), area.clone(), year, cat.to_string());
                    if let Some(&(line, before)) = first_line.get(&key)
                        && before != listed
                    {
                        let text = table.cell(row, cat).unwrap_or("");
                        return Err(table.error(
                            row,
                            cat,
                            &format!(
                                "the same value as line {line} for {area} in {} ({before})",
                                year.get()
                            ),
                            text,
                        ));
                    }
                    first_line.insert(key, (table.lines[row], listed));
                    history.insert(kind.clone(), area.clone(), year, cat, listed);
                    history.mark_complete(kind.clone(), year, cat);
                }
            }
        }
        Ok(history)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_view_of_supplied_lists() {
        let text = "area_id,list_year,udsat,parallelsamfund,omdannelse,forebyggelse\n\
                    on_f,2021,false,false,false,true\n\
                    on_u,2021,true,false,false,false\n";
        let h = History::parse_csv("lists.csv", text).unwrap();
        let kind = Kind::new("housing_area").unwrap();
        let order: Vec<String> = ["omdannelse", "parallelsamfund", "udsat", "forebyggelse"]
            .map(String::from)
            .into();
        let y = ListYear::new(2021).unwrap();
        let cat = |id: &str, y| h.listed_category(&kind, &AreaId::new(id).unwrap(), y, &order);
        assert_eq!(cat("on_f", y), Some(Some("forebyggelse".into())));
        assert_eq!(cat("on_u", y), Some(Some("udsat".into())));
        // a list given in full names only the areas on it
        assert_eq!(cat("elsewhere", y), Some(None));
        // a year the file does not give is not decided
        assert_eq!(cat("on_f", ListYear::new(2022).unwrap()), None);
        assert_eq!(h.complete_years(&kind).into_iter().collect::<Vec<_>>(), [y]);
    }
}
