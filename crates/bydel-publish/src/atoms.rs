//! The atoms of a run and their release: every integer of the counts table that any published
//! value is computed from, for the municipality's areas, its region, the country and the peer
//! municipalities, every year — released once, in the table `area_figures`, with the area
//! hierarchy declared so that secondary suppression protects every suppressed atom against
//! subtraction along it.
//!
//! Every other published value is computed from atoms and names them ([`Scope::refs`]); the
//! release shows it only when all of them are shown here. A published number is therefore always
//! a function of published atoms, and the only relations a reader can exploit are those between
//! atoms — which the release's secondary suppression covers.

use std::collections::{BTreeMap, BTreeSet};

use bydel_model::measure::{self as m, Quantity, builtin_measures};
use bydel_model::{AreaId, AreaInfo, CountsTable, Kind, Missing, Year};
use bydel_privacy::{
    Cell, Column, Contributions, Coverage, QuantityRef, Relation, ResultTable, Titles,
};

use crate::config::RunConfig;
use crate::error::PublishError;

/// The key columns of every area-year table.
pub const AREA_KEYS: [&str; 3] = ["kind", "area_id", "year"];
/// The atom table's name.
pub const ATOMS: &str = "area_figures";

/// What a run publishes about: the areas in scope, the measures, and which measures are amounts.
#[derive(Debug)]
pub struct Scope<'a> {
    /// The counts.
    pub counts: &'a CountsTable,
    /// The municipality's code.
    pub municipality: u16,
    /// The municipality as an area.
    pub municipality_area: (Kind, AreaId),
    /// The municipality's region as an area, when known.
    pub region_area: Option<(Kind, AreaId)>,
    /// The country.
    pub country_area: (Kind, AreaId),
    /// The analysed areas of the municipality (configured layers), layer by layer.
    pub areas: Vec<AreaInfo>,
    /// The municipality's institutions (configured institution layers).
    pub institutions: Vec<AreaInfo>,
    /// Peer municipalities present in the counts.
    pub peers: Vec<(Kind, AreaId)>,
    /// The measures published as atoms.
    pub measures: Vec<String>,
    /// Amount measures (sums of DKK, micro-FTE, grades) and the measure counting contributors.
    pub amounts: BTreeMap<String, String>,
    /// Person-count measures nested in another (numerator, denominator): the remainder
    /// (denominator − numerator) is protected like a suppressed count.
    pub nested: Vec<(String, String)>,
    /// The years of the counts.
    pub years: Vec<Year>,
}

impl<'a> Scope<'a> {
    /// The scope of `config` in `counts`; `used` are the measures some published value needs,
    /// `amounts` the amount measures with their contributor measures.
    pub fn new(
        counts: &'a CountsTable,
        config: &RunConfig,
        used: &BTreeSet<String>,
        amounts: BTreeMap<String, String>,
        nested: Vec<(String, String)>,
    ) -> Result<Scope<'a>, PublishError> {
        let kind = |k: &str| Kind::new(k).expect("a valid layer name");
        let code = config.municipality;
        let municipality_area = (kind(Kind::MUNICIPALITY), area_id(code.to_string())?);
        if counts
            .area(&municipality_area.0, &municipality_area.1)
            .is_none()
        {
            return Err(PublishError::Input(format!(
                "the counts hold no municipality {code} ({}); check municipality.code in the config",
                config.municipality_name()
            )));
        }
        let region_area = bydel_model::names::municipalities()
            .find(|(c, _, _)| *c == code)
            .map(|(_, _, r)| area_id(r.to_string()).map(|id| (kind(Kind::REGION), id)))
            .transpose()?
            .filter(|(k, id)| counts.area(k, id).is_some());
        let country_area = (kind(Kind::COUNTRY), area_id(Kind::COUNTRY_ID.to_string())?);
        let of_layers = |layers: &[Kind]| -> Vec<AreaInfo> {
            layers
                .iter()
                .flat_map(|l| counts.areas_of(l))
                .filter(|a| a.municipality == Some(code))
                .cloned()
                .collect()
        };
        let areas = of_layers(&config.layers);
        for l in &config.layers {
            if !areas.iter().any(|a| &a.kind == l) {
                return Err(PublishError::Input(format!(
                    "layers.areas: the counts hold no area of layer {l:?} in municipality {code}"
                )));
            }
        }
        let peers = config
            .peers
            .iter()
            .map(|p| Ok((kind(Kind::MUNICIPALITY), area_id(p.to_string())?)))
            .collect::<Result<Vec<_>, PublishError>>()?
            .into_iter()
            .filter(|(k, id)| counts.area(k, id).is_some())
            .collect();
        // The model's order of measures (then by name), whatever order the counts came in: the
        // same counts publish the same files, aggregated here or by another engine.
        let canonical: Vec<String> = builtin_measures().into_iter().map(|m| m.name).collect();
        let mut measures: Vec<String> = counts
            .measures()
            .iter()
            .filter(|m| used.contains(*m))
            .cloned()
            .collect();
        measures.sort_by_key(|m| {
            let at = canonical.iter().position(|c| c == m).unwrap_or(usize::MAX);
            (at, m.clone())
        });
        let nested = nested
            .into_iter()
            .filter(|(n, d)| {
                n != d
                    && measures.contains(n)
                    && measures.contains(d)
                    && !amounts.contains_key(n)
                    && !amounts.contains_key(d)
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        Ok(Scope {
            counts,
            municipality: code,
            municipality_area,
            region_area,
            country_area,
            areas,
            institutions: of_layers(&config.institutions),
            peers,
            measures,
            amounts,
            nested,
            years: counts.years().into_iter().collect(),
        })
    }

    /// Every area with atoms: the municipality, its areas and institutions, then the country,
    /// every region and every municipality (the context of references, peers and national
    /// segregation).
    pub fn atom_areas(&self) -> Vec<(Kind, AreaId)> {
        let mut out = vec![self.municipality_area.clone()];
        out.extend(
            self.areas
                .iter()
                .chain(&self.institutions)
                .map(|a| (a.kind.clone(), a.area_id.clone())),
        );
        out.push(self.country_area.clone());
        for layer in [Kind::REGION, Kind::MUNICIPALITY] {
            let layer = Kind::new(layer).expect("a valid layer name");
            for a in self.counts.areas_of(&layer) {
                let k = (a.kind.clone(), a.area_id.clone());
                if !out.contains(&k) {
                    out.push(k);
                }
            }
        }
        out
    }

    /// The references to the atoms of `measures` of area `(kind, id)` in `years`.
    pub fn refs<'m>(
        &self,
        (kind, id): (&Kind, &AreaId),
        years: impl IntoIterator<Item = Year>,
        measures: impl IntoIterator<Item = &'m str> + Clone,
    ) -> Vec<QuantityRef> {
        let mut out = Vec::new();
        for y in years {
            for m in measures.clone() {
                out.push(QuantityRef {
                    key_columns: AREA_KEYS.iter().map(|s| s.to_string()).collect(),
                    key: key(kind, id, y),
                    quantity: m.to_string(),
                });
            }
        }
        out
    }

    /// The residents of an area in a year (the minimum-population rule's population).
    pub fn residents(&self, kind: &Kind, id: &AreaId, year: Year) -> Option<i64> {
        if kind.as_str() == "school" || kind.as_str() == "daycare" {
            return None;
        }
        self.counts.get(kind, id, year, m::RESIDENTS)
    }

    /// The area's name.
    pub fn name(&self, kind: &Kind, id: &AreaId) -> String {
        self.counts
            .area(kind, id)
            .map_or_else(|| id.to_string(), |a| a.name.clone())
    }

    /// Whether `(kind, id)` is one of the municipality's analysed areas or the municipality.
    pub fn is_own(&self, kind: &Kind, id: &AreaId) -> bool {
        (kind, id) == (&self.municipality_area.0, &self.municipality_area.1)
            || self
                .areas
                .iter()
                .any(|a| &a.kind == kind && &a.area_id == id)
    }

    /// The year `offset` years from `year`, when it is in the counts.
    pub fn year_at(&self, year: Year, offset: i32) -> Option<Year> {
        Year::new(year.get() + offset)
            .ok()
            .filter(|y| self.years.contains(y))
    }
}

/// The row key of an area-year.
pub fn key(kind: &Kind, id: &AreaId, year: Year) -> Vec<String> {
    vec![kind.as_str().into(), id.as_str().into(), year.to_string()]
}

/// The amount measures of the builtin measures and of every share/mean definition given as
/// `(numerator, denominator, is_amount)`: the numerator of a mean is an amount counted by its
/// denominator; micro-FTE and DKK measures are amounts.
pub fn amounts<'x>(
    definitions: impl IntoIterator<Item = (&'x str, &'x str, bool)>,
) -> BTreeMap<String, String> {
    let builtin: BTreeMap<String, Quantity> = builtin_measures()
        .into_iter()
        .map(|s| (s.name, s.quantity))
        .collect();
    let mut out = BTreeMap::new();
    for (num, den, mean) in definitions {
        let money = builtin
            .get(num)
            .is_some_and(|q| !matches!(q, Quantity::Count));
        if mean || money {
            out.entry(num.to_string())
                .or_insert_with(|| den.to_string());
        }
    }
    out
}

/// The atom table with the hierarchy declared, ready for release.
pub fn atom_table(scope: &Scope) -> Result<ResultTable, PublishError> {
    let columns = scope
        .measures
        .iter()
        .map(|m| match scope.amounts.get(m) {
            Some(n) => Column::sum(m, m, n),
            None => Column::count(m),
        })
        .collect();
    let titles = Titles {
        da: "Tal for områderne (grundtal, som alle andre tal er beregnet af)".into(),
        en: "Area figures (the counts every other figure is computed from)".into(),
        year_column: None,
    };
    let mut t = ResultTable::new(ATOMS, &AREA_KEYS, columns)
        .map_err(|e| PublishError::step("release", e))?
        .with_titles(titles);
    for (part, whole) in &scope.nested {
        t.add_relation(Relation::Quantities {
            total: whole.clone(),
            parts: vec![part.clone()],
            coverage: Coverage::Partial,
        })
        .map_err(|e| PublishError::step("release", e))?;
    }
    let areas = scope.atom_areas();
    for &year in &scope.years {
        for (kind, id) in &areas {
            if scope
                .counts
                .get(kind, id, year, &scope.measures[0])
                .is_none()
                && scope
                    .measures
                    .iter()
                    .all(|m| scope.counts.get(kind, id, year, m).is_none())
            {
                continue;
            }
            let cells = scope
                .measures
                .iter()
                .map(|m| atom_cell(scope, kind, id, year, m))
                .collect();
            t.push_row(key(kind, id, year), scope.residents(kind, id, year), cells)
                .map_err(|e| PublishError::step("release", e))?;
        }
        relate_layers(&mut t, scope, year)?;
        relate_country(&mut t, scope, year)?;
    }
    Ok(t)
}

/// Declares, for one year, that the municipalities of each region add up to the region and the
/// regions to the country (complete when their residents do).
fn relate_country(t: &mut ResultTable, scope: &Scope, year: Year) -> Result<(), PublishError> {
    let region = Kind::new(Kind::REGION).expect("valid");
    let muni = Kind::new(Kind::MUNICIPALITY).expect("valid");
    let mut groups: Vec<((Kind, AreaId), Kind, Vec<AreaId>)> = Vec::new();
    for r in scope.counts.areas_of(&region) {
        let parts = scope
            .counts
            .areas_of(&muni)
            .filter(|m| m.region == r.area_id.as_str().parse::<u16>().ok())
            .map(|m| m.area_id.clone())
            .collect();
        groups.push(((region.clone(), r.area_id.clone()), muni.clone(), parts));
    }
    let regions = scope
        .counts
        .areas_of(&region)
        .map(|r| r.area_id.clone())
        .collect();
    groups.push((scope.country_area.clone(), region, regions));
    for ((pk, pid), kind, parts) in groups {
        let residents = |k: &Kind, id: &AreaId| scope.counts.get(k, id, year, m::RESIDENTS);
        let Some(total) = residents(&pk, &pid) else {
            continue;
        };
        let parts: Vec<AreaId> = parts
            .into_iter()
            .filter(|p| residents(&kind, p).is_some())
            .collect();
        if parts.is_empty() {
            continue;
        }
        let sum: i64 = parts.iter().filter_map(|p| residents(&kind, p)).sum();
        let coverage = if sum == total {
            Coverage::Complete
        } else {
            Coverage::Partial
        };
        t.add_relation(Relation::Rows {
            total: key(&pk, &pid, year),
            parts: parts.iter().map(|p| key(&kind, p, year)).collect(),
            coverage,
        })
        .map_err(|e| PublishError::step("release", e))?;
    }
    Ok(())
}

fn atom_cell(scope: &Scope, kind: &Kind, id: &AreaId, year: Year, measure: &str) -> Cell {
    let get = |m: &str| scope.counts.get(kind, id, year, m);
    let Some(value) = get(measure) else {
        return Cell::Missing(Missing::NoData);
    };
    match scope.amounts.get(measure) {
        None => Cell::Count(value),
        Some(n) => {
            let Some(contributors) = get(n) else {
                return Cell::Missing(Missing::NoData);
            };
            // micro-FTE: no person contributes more than one full-time equivalent, so the two
            // largest contributions are bounded; other amounts carry no top contributions in
            // the counts table (docs/privacy.md).
            let (largest, second) = if measure == m::OUTSIDE_FTE_18_64 {
                let first = value.min(m::MICRO);
                (first, (value - first).clamp(0, m::MICRO))
            } else {
                (0, 0)
            };
            Cell::Magnitude(Contributions {
                total: value,
                contributors,
                largest,
                second,
            })
        }
    }
}

/// Declares, for one year, that each layer's areas add up to their parent: districts (and any
/// layer whose areas name no parent) to the municipality, the others to their parent area;
/// complete when the parts' residents add up to the parent's.
fn relate_layers(t: &mut ResultTable, scope: &Scope, year: Year) -> Result<(), PublishError> {
    let present =
        |kind: &Kind, id: &AreaId| scope.counts.get(kind, id, year, m::RESIDENTS).is_some();
    let mut groups: BTreeMap<(Kind, (Kind, AreaId)), Vec<AreaId>> = BTreeMap::new();
    for a in &scope.areas {
        if !present(&a.kind, &a.area_id) {
            continue;
        }
        let parent = parent_of(scope, a);
        groups
            .entry((a.kind.clone(), parent))
            .or_default()
            .push(a.area_id.clone());
    }
    for ((kind, (pk, pid)), parts) in groups {
        if !present(&pk, &pid) {
            continue;
        }
        let residents = |k: &Kind, id: &AreaId| {
            scope
                .counts
                .get(k, id, year, m::RESIDENTS)
                .unwrap_or_default()
        };
        let sum: i64 = parts.iter().map(|p| residents(&kind, p)).sum();
        let coverage = if sum == residents(&pk, &pid) {
            Coverage::Complete
        } else {
            Coverage::Partial
        };
        t.add_relation(Relation::Rows {
            total: key(&pk, &pid, year),
            parts: parts.iter().map(|p| key(&kind, p, year)).collect(),
            coverage,
        })
        .map_err(|e| PublishError::step("release", e))?;
    }
    Ok(())
}

/// An area's parent in the hierarchy: its parent area when that is one of the analysed areas,
/// otherwise the municipality.
pub fn parent_of(scope: &Scope, a: &AreaInfo) -> (Kind, AreaId) {
    a.parent_id
        .as_ref()
        .and_then(|pid| {
            scope
                .areas
                .iter()
                .find(|p| &p.area_id == pid && p.kind != a.kind)
                .map(|p| (p.kind.clone(), p.area_id.clone()))
        })
        .unwrap_or_else(|| scope.municipality_area.clone())
}

fn area_id(s: String) -> Result<AreaId, PublishError> {
    AreaId::new(s).map_err(|e| PublishError::Input(e.to_string()))
}
