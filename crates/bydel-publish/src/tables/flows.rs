//! Flows, the decomposition of change and life chances of one layer's areas (`[flows]` in the
//! config), released like every other table:
//!
//! - `flows`: per area and year *t* (the step from *t−1* to *t*), the **atoms** of the flows —
//!   stayers, in-movers by origin, out-movers by destination (deaths included), and stayers,
//!   in-movers and out-movers by resources — and computed cells whose meanings name them:
//!   in- and out-movers, net, turnover, retention, the share with resources among in- and
//!   out-movers.
//! - `flow_decomposition`: the change of every criterion A–E and every register indicator of
//!   persons between two years split into in situ, selective out-migration, selective
//!   in-migration and demographic turnover, with intervals (one row per area and indicator).
//! - `life_chances`: children by the area they grew up in, their later outcomes against children
//!   elsewhere in the municipality, raw and adjusted for family background, with intervals.
//!
//! Disclosure (docs/flows.md, "Publication"):
//!
//! - The flow atoms are released by bydel-privacy like `area_figures`, but a flow row is shown
//!   **all or nothing**: when any of its counts, or any remainder a reader can compute from them
//!   (everyone minus a resource group), is between 1 and the policy's minimum count, the whole
//!   row is withheld (its population is given as 0, so the release shows it without figures).
//!   The flows of a step are tied to the residents of *two* years (stayers + out-movers =
//!   residents at *t−1*, stayers + in-movers = residents at *t*), a relation across rows that
//!   secondary suppression cannot express; with every shown row complete and no small
//!   remainder, no hidden count can be recovered from it.
//! - Flow atoms are published for **one layer** and named `flow_…`: flows do not add up across
//!   nested layers (a move between two housing areas of one district is no move for the
//!   district), so no other layer carries atoms of these names.
//! - The decomposition and the life-chance gaps are model outputs: `derived` cells naming every
//!   flow or cohort atom they rest on, shown only when all of those are; rounded to 0.1
//!   percentage point (0.01 grade points).

use std::collections::BTreeMap;

use bydel_analysis::catalogue::Catalogue;
use bydel_flows::decompose::Part;
use bydel_flows::flows::measure_name;
use bydel_flows::life::{self, Comparison, LifeConfig, Outcome};
use bydel_flows::rest::{RestGroup, rest_measure_name};
use bydel_flows::{Flows, Group, Panel, Split};
use bydel_model::{AreaInfo, Missing, Year};
use bydel_privacy::{Cell, Column, Coverage, Meaning, Relation, ResultTable, Term, Titles};

use crate::atoms::{AREA_KEYS, Scope, key};
use crate::cells::{Col, RowCtx};
use crate::config::{FlowsConfig, RunConfig};
use crate::error::PublishError;

/// The flow table's name.
pub const FLOWS: &str = "flows";
/// The decomposition table's name.
pub const DECOMPOSITION: &str = "flow_decomposition";
/// The life-chance table's name.
pub const LIFE: &str = "life_chances";

/// The groups published for everyone, by origin and destination.
const GROUPS: [Group; 9] = [
    Group::Stayers,
    Group::InWithin,
    Group::InOtherMunicipality,
    Group::InAbroad,
    Group::InBorn,
    Group::OutWithin,
    Group::OutOtherMunicipality,
    Group::OutAbroad,
    Group::OutDeceased,
];

/// The resource splits published (stayers, stayers after, in-movers and out-movers of each).
pub const SPLITS: [Split; 6] = [
    Split::WorkOrEducation,
    Split::OutsideWork,
    Split::EducationHigher,
    Split::IncomeQuintile(1),
    Split::IncomeQuintile(5),
    Split::OriginNonWestern,
];

/// The splits with retention, net and shares among movers.
pub const RESOURCES: [Split; 3] = [
    Split::WorkOrEducation,
    Split::EducationHigher,
    Split::IncomeQuintile(5),
];

/// The atom name of a split's stayers, stayers after, in-movers or out-movers.
pub fn split_atom(what: &str, s: Split) -> String {
    format!("flow_{what}_{}", s.as_str())
}

/// The tables of the `[flows]` section and the flow indicators' warnings (for the one
/// `warnings` table).
#[derive(Debug)]
pub struct FlowTables {
    /// The tables, in publication order.
    pub tables: Vec<ResultTable>,
    /// The warnings of the flow indicators (`tables::flow_trends::flow_warnings`).
    pub warnings: Vec<crate::tables::analysis::FlowWarning>,
}

/// Every table of the `[flows]` section, and the flow indicators' warnings.
pub fn tables(
    scope: &Scope,
    cat: &Catalogue,
    config: &RunConfig,
    f: &FlowsConfig,
    panel: &Panel,
    settings: &bydel_analysis::Settings,
) -> Result<FlowTables, PublishError> {
    use crate::tables::flow_trends::{flow_trends, flow_warnings};
    let flows = bydel_flows::compute(panel);
    let areas: Vec<&AreaInfo> = scope.areas.iter().filter(|a| a.kind == f.layer).collect();
    let min = i64::from(config.policy.min_count);
    let mut out = Vec::new();
    for family in &FAMILIES {
        out.push(flow_table(scope, &flows, &areas, min, family)?);
    }
    out.push(rest_table(scope, &flows, &areas, min)?);
    out.push(flow_trends(scope, &flows, &areas, settings)?);
    out.push(destinations(scope, f, panel, &flows, &areas, min)?);
    out.push(decomposition(scope, cat, f, panel, &areas)?);
    out.push(life_chances(scope, f, panel, &areas)?);
    let (cohorts, cohort_trends) = life_cohorts(scope, f, panel, &areas, min, settings)?;
    out.push(cohorts);
    out.push(cohort_trends);
    let warnings = flow_warnings(scope, &flows, &areas, settings, min);
    Ok(FlowTables {
        tables: out,
        warnings,
    })
}

fn sum_of(names: &[String]) -> Vec<Term> {
    names.iter().map(|n| Term::own(n)).collect()
}

fn all(g: Group) -> String {
    measure_name(g, Split::All)
}

fn in_all() -> Vec<String> {
    GROUPS
        .iter()
        .filter(|g| g.is_in())
        .map(|&g| all(g))
        .collect()
}

fn out_all() -> Vec<String> {
    GROUPS
        .iter()
        .filter(|g| g.is_out())
        .map(|&g| all(g))
        .collect()
}

/// A family of flow atoms, published in one table and shown or withheld whole per row: everyone
/// (`flows`: stayers, in-movers by origin, out-movers by destination) or one family of resource
/// groups (stayers, stayers after, in-movers and out-movers of each group).
#[derive(Debug, Clone, Copy)]
pub struct Family {
    /// The table's name.
    pub table: &'static str,
    /// Its Danish and English titles.
    pub titles: (&'static str, &'static str),
    /// The resource groups (none: everyone, by origin and destination).
    pub splits: &'static [Split],
}

/// The flow tables.
pub const FAMILIES: [Family; 5] = [
    Family {
        table: FLOWS,
        titles: (
            "Til- og fraflytning: tilflyttere efter hvorfra, fraflyttere efter hvortil, og dem der blev boende",
            "Flows: in-movers by origin, out-movers by destination, and stayers",
        ),
        splits: &[],
    },
    Family {
        table: "flows_work",
        titles: (
            "Til- og fraflytning af 18-64-årige i og uden for arbejde og uddannelse",
            "Flows of 18–64-year-olds in and outside work and education",
        ),
        splits: &[Split::WorkOrEducation, Split::OutsideWork],
    },
    Family {
        table: "flows_education",
        titles: (
            "Til- og fraflytning af 25-64-årige med en videregående uddannelse",
            "Flows of 25–64-year-olds with a higher education",
        ),
        splits: &[Split::EducationHigher],
    },
    Family {
        table: "flows_income",
        titles: (
            "Til- og fraflytning af 18-64-årige i regionens laveste og højeste indkomstfemtedel",
            "Flows of 18–64-year-olds in the region's lowest and highest income quintile",
        ),
        splits: &[Split::IncomeQuintile(1), Split::IncomeQuintile(5)],
    },
    Family {
        table: "flows_origin",
        titles: (
            "Til- og fraflytning af indvandrere og efterkommere fra ikke-vestlige lande",
            "Flows of immigrants and descendants from non-Western countries",
        ),
        splits: &[Split::OriginNonWestern],
    },
];

impl Family {
    /// The atom names of the family, in column order.
    pub fn atoms(&self) -> Vec<String> {
        if self.splits.is_empty() {
            return GROUPS.iter().map(|&g| all(g)).collect();
        }
        self.splits
            .iter()
            .flat_map(|&s| WHATS.iter().map(move |w| split_atom(w, s)))
            .collect()
    }

    /// The computed columns of the family's table.
    fn columns(&self) -> Vec<Col> {
        if self.splits.is_empty() {
            let ins = sum_of(&in_all());
            let outs = sum_of(&out_all());
            let stay = [Term::own(&all(Group::Stayers))];
            let neg = |ts: &[Term]| ts.iter().map(|t| t.clone().times(-1.0)).collect::<Vec<_>>();
            return vec![
                Col::new("in_movers", Meaning::Sum { terms: ins.clone() }, None),
                Col::new(
                    "out_movers",
                    Meaning::Sum {
                        terms: outs.clone(),
                    },
                    None,
                ),
                Col::new(
                    "net_movers",
                    Meaning::Sum {
                        terms: ins.iter().cloned().chain(neg(&outs)).collect(),
                    },
                    None,
                ),
                Col::new(
                    "turnover",
                    Meaning::Ratio {
                        num: ins.iter().chain(&outs).cloned().collect(),
                        den: stay.iter().chain(&outs).cloned().collect(),
                        scale: 1.0,
                    },
                    Some(4),
                ),
            ];
        }
        let moved = |groups: [Group; 3]| sum_of(&groups.map(all));
        let mut cols = Vec::new();
        for &s in self.splits.iter().filter(|s| RESOURCES.contains(s)) {
            let st = Term::own(&split_atom("stayers", s));
            let i = Term::own(&split_atom("in", s));
            let o = Term::own(&split_atom("out", s));
            let name = s.as_str();
            cols.extend(rate_columns(
                name,
                [st, i, o],
                moved([Group::InWithin, Group::InOtherMunicipality, Group::InAbroad]),
                moved([
                    Group::OutWithin,
                    Group::OutOtherMunicipality,
                    Group::OutAbroad,
                ]),
            ));
        }
        cols
    }

    /// Whether the family's row can be shown whole: every atom, and every remainder a reader can
    /// compute from it and the other flow tables (everyone minus a resource group, everyone
    /// minus the family's groups together, the movers without births and deaths), is 0 or at
    /// least `min`. `values` are every flow atom of the area and step.
    pub fn is_safe(&self, values: &[(String, i64)], min: i64) -> bool {
        let v = |n: &str| values.iter().find(|(k, _)| k == n).map_or(0, |(_, x)| *x);
        let ok = |x: i64| x == 0 || x >= min;
        if !self.atoms().iter().all(|n| ok(v(n))) {
            return false;
        }
        if self.splits.is_empty() {
            let moved = |groups: [Group; 3]| groups.iter().map(|&g| v(&all(g))).sum::<i64>();
            return ok(moved([
                Group::InWithin,
                Group::InOtherMunicipality,
                Group::InAbroad,
            ])) && ok(moved([
                Group::OutWithin,
                Group::OutOtherMunicipality,
                Group::OutAbroad,
            ]));
        }
        WHATS.iter().all(|what| {
            let total: i64 = match *what {
                "stayers" | "stayers_after" => v(&all(Group::Stayers)),
                "in" => in_all().iter().map(|n| v(n)).sum(),
                _ => out_all().iter().map(|n| v(n)).sum(),
            };
            let parts: Vec<i64> = self
                .splits
                .iter()
                .map(|&s| v(&split_atom(what, s)))
                .collect();
            ok(total - parts.iter().sum::<i64>()) && parts.iter().all(|p| ok(total - p))
        })
    }
}

/// The four atoms of a resource group.
const WHATS: [&str; 4] = ["stayers", "stayers_after", "in", "out"];

/// Every flow atom name (all tables), in order.
pub fn flow_atoms() -> Vec<String> {
    FAMILIES.iter().flat_map(|f| f.atoms()).collect()
}

/// The exact atoms of one area and step, by name (`None` without flows that year).
pub(crate) fn atom_values(flows: &Flows, a: &AreaInfo, year: Year) -> Option<Vec<(String, i64)>> {
    let get = |g: Group, s: Split| {
        flows
            .counts
            .get(&a.kind, &a.area_id, year, &measure_name(g, s))
    };
    get(Group::Residents, Split::All)?;
    let mut out: Vec<(String, i64)> = GROUPS
        .iter()
        .map(|&g| (all(g), get(g, Split::All).unwrap_or(0)))
        .collect();
    for s in SPLITS {
        let sum = |pred: fn(Group) -> bool| -> i64 {
            Group::ALL
                .iter()
                .filter(|&&g| pred(g))
                .map(|&g| get(g, s).unwrap_or(0))
                .sum()
        };
        out.push((
            split_atom("stayers", s),
            get(Group::Stayers, s).unwrap_or(0),
        ));
        out.push((
            split_atom("stayers_after", s),
            get(Group::StayersAfter, s).unwrap_or(0),
        ));
        out.push((split_atom("in", s), sum(Group::is_in)));
        out.push((split_atom("out", s), sum(Group::is_out)));
    }
    Some(out)
}

/// One flow table: the family's atoms and computed cells per area and step.
fn flow_table(
    scope: &Scope,
    flows: &Flows,
    areas: &[&AreaInfo],
    min: i64,
    family: &Family,
) -> Result<ResultTable, PublishError> {
    let atoms = family.atoms();
    let computed = family.columns();
    let columns: Vec<Column> = atoms
        .iter()
        .map(|n| Column::count(n))
        .chain(computed.iter().map(Col::column))
        .collect();
    let titles = Titles {
        da: family.titles.0.into(),
        en: family.titles.1.into(),
        year_column: None,
    };
    let mut t = ResultTable::new(family.table, &AREA_KEYS, columns)
        .map_err(|e| PublishError::step("release", e))?
        .with_titles(titles);
    // no relations: a shown row has no hidden cell and no small remainder (`Family::is_safe`),
    // and a withheld row is withheld whole, so there is nothing for secondary suppression to
    // protect
    for &year in scope.years.iter().skip(1) {
        for a in areas {
            let Some(values) = atom_values(flows, a, year) else {
                continue;
            };
            let before = scope
                .year_at(year, -1)
                .and_then(|y| scope.residents(&a.kind, &a.area_id, y));
            let now = scope.residents(&a.kind, &a.area_id, year);
            let population = if family.is_safe(&values, min) {
                match (before, now) {
                    (Some(b), Some(n)) => Some(b.min(n)),
                    (b, n) => b.or(n),
                }
            } else {
                Some(0)
            };
            let row = RowCtx::new(&a.kind, &a.area_id, year, &scope.years);
            let value = |n: &str| values.iter().find(|(k, _)| k == n).map(|(_, x)| *x as f64);
            let mut cells: Vec<Cell> = atoms
                .iter()
                .map(|n| Cell::Count(value(n).unwrap_or(0.0) as i64))
                .collect();
            for c in &computed {
                cells.push(row.number(evaluate(&c.meaning, &value), c));
            }
            t.push_row(key(&a.kind, &a.area_id, year), population, cells)
                .map_err(|e| PublishError::step("release", e))?;
        }
    }
    Ok(t)
}

/// The table of the rest of the municipality's flows.
pub const FLOWS_REST: &str = "flows_rest";

/// The atoms of `flows_rest`, in column order: the rest of the municipality's stayers,
/// out-movers (deaths included) and in-movers (births included) of everyone and of each
/// resource group in [`RESOURCES`], and everyone's deaths and births.
pub fn rest_atoms() -> Vec<String> {
    let mut out: Vec<String> = [
        RestGroup::Stayers,
        RestGroup::Out,
        RestGroup::OutDeceased,
        RestGroup::In,
        RestGroup::InBorn,
    ]
    .iter()
    .map(|&g| rest_measure_name(g, Split::All))
    .collect();
    for s in RESOURCES {
        for g in [RestGroup::Stayers, RestGroup::Out, RestGroup::In] {
            out.push(rest_measure_name(g, s));
        }
    }
    out
}

/// The computed columns of `flows_rest`: per resource group the rest of the municipality's
/// retention, net, and share among in- and out-movers (the same formulas as the area's in
/// `flows_work`, `flows_education` and `flows_income`), and the area's retention minus the
/// rest's (`retention_gap_<g>`, derived from both rows' atoms).
fn rest_columns() -> Vec<Col> {
    let own = |g: RestGroup, s: Split| Term::own(&rest_measure_name(g, s));
    let movers = |g: RestGroup, births_or_deaths: RestGroup| {
        vec![
            own(g, Split::All),
            own(births_or_deaths, Split::All).times(-1.0),
        ]
    };
    let mut cols = Vec::new();
    for s in RESOURCES {
        let (st, o, i) = (
            own(RestGroup::Stayers, s),
            own(RestGroup::Out, s),
            own(RestGroup::In, s),
        );
        let name = s.as_str();
        cols.extend(rate_columns(
            &format!("rest_{name}"),
            [st.clone(), i, o.clone()],
            movers(RestGroup::In, RestGroup::InBorn),
            movers(RestGroup::Out, RestGroup::OutDeceased),
        ));
        cols.push(Col::new(
            format!("retention_gap_{name}"),
            Meaning::Derived {
                from: vec![
                    Term::own(&split_atom("stayers", s)),
                    Term::own(&split_atom("out", s)),
                    st,
                    o,
                ],
            },
            Some(4),
        ));
    }
    cols
}

/// A resource group's rates from its stayers, in-movers and out-movers (`[st, i, o]`):
/// `retention_<suffix>` = stayers / (stayers + out-movers), `net_<suffix>` = in − out, and
/// `share_in_<suffix>` / `share_out_<suffix>`, the group's share among the movers `movers_in` /
/// `movers_out` (births and deaths left out). One definition for the area and the rest.
fn rate_columns(
    suffix: &str,
    [st, i, o]: [Term; 3],
    movers_in: Vec<Term>,
    movers_out: Vec<Term>,
) -> [Col; 4] {
    [
        Col::new(
            format!("retention_{suffix}"),
            Meaning::Ratio {
                num: vec![st.clone()],
                den: vec![st, o.clone()],
                scale: 1.0,
            },
            Some(4),
        ),
        Col::new(
            format!("net_{suffix}"),
            Meaning::Sum {
                terms: vec![i.clone(), o.clone().times(-1.0)],
            },
            None,
        ),
        Col::new(
            format!("share_in_{suffix}"),
            Meaning::Ratio {
                num: vec![i],
                den: movers_in,
                scale: 1.0,
            },
            Some(4),
        ),
        Col::new(
            format!("share_out_{suffix}"),
            Meaning::Ratio {
                num: vec![o],
                den: movers_out,
                scale: 1.0,
            },
            Some(4),
        ),
    ]
}

/// Whether a `flows_rest` row can be shown whole: every atom, and every remainder a reader can
/// compute from it (everyone minus a resource group, the movers without births and deaths), is
/// 0 or at least `min`. `values` are the row's atoms ([`rest_atoms`]).
pub fn rest_is_safe(values: &[(String, i64)], min: i64) -> bool {
    let v = |n: &str| values.iter().find(|(k, _)| k == n).map_or(0, |(_, x)| *x);
    let ok = |x: i64| x == 0 || x >= min;
    let all = |g: RestGroup| v(&rest_measure_name(g, Split::All));
    values.iter().all(|(_, x)| ok(*x))
        && ok(all(RestGroup::In) - all(RestGroup::InBorn))
        && ok(all(RestGroup::Out) - all(RestGroup::OutDeceased))
        && RESOURCES.iter().all(|&s| {
            [RestGroup::Stayers, RestGroup::Out, RestGroup::In]
                .iter()
                .all(|&g| ok(all(g) - v(&rest_measure_name(g, s))))
        })
}

/// The `flows_rest` table: per area and step, the flows of the rest of the area's municipality
/// (the municipality minus the area, [`bydel_flows::rest`]) and its retention and attraction of
/// residents with resources, beside the area's.
///
/// A row is shown whole or not at all, like the area's own flow rows, and only when the area's
/// own flow rows of the step are all shown: the rest is the municipality minus the area, so a
/// shown rest beside a withheld area would tell a reader about the withheld area. Where the
/// layer's areas cover the municipality (the year's residents add up), the municipality's
/// stayers are the sum of every area's stayers and within-municipality out-movers, so a rest
/// row is shown only when every area's flow rows of the step are, or when at least two are
/// withheld and their flows pooled are safe ([`withheld_pooled_is_safe`]; one withheld area's
/// pool is the area itself). A row not shown is left out of the table.
fn rest_table(
    scope: &Scope,
    flows: &Flows,
    areas: &[&AreaInfo],
    min: i64,
) -> Result<ResultTable, PublishError> {
    let atoms = rest_atoms();
    let computed = rest_columns();
    let columns: Vec<Column> = atoms
        .iter()
        .map(|n| Column::count(n))
        .chain(computed.iter().map(Col::column))
        .collect();
    let titles = Titles {
        da: "Til- og fraflytning i resten af kommunen (kommunen uden området), til sammenligning med området".into(),
        en: "Flows of the rest of the municipality (the municipality without the area), to compare with the area".into(),
        year_column: None,
    };
    let mut t = ResultTable::new(FLOWS_REST, &AREA_KEYS, columns)
        .map_err(|e| PublishError::step("release", e))?
        .with_titles(titles);
    let (mk, mid) = (&scope.municipality_area.0, &scope.municipality_area.1);
    for &year in scope.years.iter().skip(1) {
        let own_safe = |a: &AreaInfo| {
            atom_values(flows, a, year).is_none_or(|v| FAMILIES.iter().all(|f| f.is_safe(&v, min)))
        };
        let covered = scope.year_at(year, -1).is_some_and(|y0| {
            let sum: i64 = areas
                .iter()
                .filter_map(|a| scope.residents(&a.kind, &a.area_id, y0))
                .sum();
            scope.residents(mk, mid, y0) == Some(sum)
        });
        let family_safe = |f: &Family, a: &AreaInfo| {
            atom_values(flows, a, year).is_none_or(|v| f.is_safe(&v, min))
        };
        // the withheld areas' flows of everyone pooled, as a reader gets them from the rest
        // rows when the layer covers the municipality: only the areas whose row of everyone is
        // withheld (an area withheld in a resource table alone shows its flows of everyone)
        let withheld: Vec<Vec<(String, i64)>> = areas
            .iter()
            .filter(|a| !family_safe(&FAMILIES[0], a))
            .filter_map(|a| atom_values(flows, a, year))
            .collect();
        // a pool of one withheld area is that area: its deaths and births would follow exactly
        let pooled_safe =
            withheld.is_empty() || (withheld.len() > 1 && withheld_pooled_is_safe(&withheld, min));
        let every_area_safe =
            !covered || (pooled_safe && groups_pooled_safe(flows, areas, year, min));
        for a in areas {
            let get = |n: &str| flows.counts.get(&a.kind, &a.area_id, year, n);
            if get(&rest_measure_name(RestGroup::ResidentsBefore, Split::All)).is_none() {
                continue;
            }
            let Some(own) = atom_values(flows, a, year) else {
                continue;
            };
            let values: Vec<(String, i64)> = atoms
                .iter()
                .map(|n| (n.clone(), get(n).unwrap_or(0)))
                .collect();
            // a row not shown is left out, not published as `..`: its counts of everyone are the
            // municipality's minus the area's, which a reader may know from the other rows, so
            // a withheld row would claim to hide what is not hidden
            if !(rest_is_safe(&values, min) && own_safe(a) && every_area_safe) {
                continue;
            }
            let population = scope.residents(&a.kind, &a.area_id, year);
            let row = RowCtx::new(&a.kind, &a.area_id, year, &scope.years);
            let value = |n: &str| {
                values
                    .iter()
                    .chain(&own)
                    .find(|(k, _)| k == n)
                    .map(|(_, x)| *x as f64)
            };
            let mut cells: Vec<Cell> = values.iter().map(|(_, x)| Cell::Count(*x)).collect();
            for c in &computed {
                let x = match &c.meaning {
                    Meaning::Derived { from } => retention_gap(from, &value),
                    m => evaluate(m, &value),
                };
                cells.push(row.number(x, c));
            }
            t.push_row(key(&a.kind, &a.area_id, year), population, cells)
                .map_err(|e| PublishError::step("release", e))?;
        }
    }
    Ok(t)
}

/// Whether, for each resource group of the rest rows, the group's members at *t−1* (stayers +
/// out-movers) pooled over the areas whose row of the group is withheld are 0 or at least
/// `min`: where the layer covers the municipality, a shown rest row and its area's row give
/// the municipality's members, and the shown areas' rows give all but that pool.
fn groups_pooled_safe(flows: &Flows, areas: &[&AreaInfo], year: Year, min: i64) -> bool {
    RESOURCES.iter().all(|&s| {
        let Some(family) = FAMILIES.iter().find(|f| f.splits.contains(&s)) else {
            return true;
        };
        let pooled: i64 = areas
            .iter()
            .filter_map(|a| atom_values(flows, a, year))
            .filter(|v| !family.is_safe(v, min))
            .map(|v| {
                let x = |n: String| v.iter().find(|(k, _)| *k == n).map_or(0, |(_, x)| *x);
                x(split_atom("stayers", s)) + x(split_atom("out", s))
            })
            .sum();
        pooled == 0 || pooled >= min
    })
}

/// Whether the withheld flow rows of a step, pooled, are safe to be known: where the layer's
/// areas cover the municipality, a shown rest row and its area's row give the municipality's
/// stayers, deaths and births, which are the sums over every area of (stayers + out-movers
/// within), (stayers + in-movers from within), deaths and births; with the shown areas'
/// values and the residents (public), a reader gets these pooled over the withheld areas, and
/// from them the withheld out-movers to other municipalities or outside the data (with and
/// without deaths) and the in-movers from there (with and without births). Each pooled value
/// must be 0 or at least `min` (as for the cohorts, [`cohorts_shown`]). `withheld` holds each
/// withheld row's atoms ([`flow_atoms`] names).
pub fn withheld_pooled_is_safe(withheld: &[Vec<(String, i64)>], min: i64) -> bool {
    let ok = |x: i64| x == 0 || x >= min;
    let pooled = |groups: &[Group]| -> i64 {
        withheld
            .iter()
            .map(|v| {
                groups
                    .iter()
                    .map(|&g| {
                        let n = all(g);
                        v.iter().find(|(k, _)| *k == n).map_or(0, |(_, x)| *x)
                    })
                    .sum::<i64>()
            })
            .sum()
    };
    use Group::*;
    [
        &[Stayers, OutWithin][..],
        &[Stayers, InWithin],
        &[OutDeceased],
        &[InBorn],
        &[OutOtherMunicipality, OutAbroad, OutDeceased],
        &[OutOtherMunicipality, OutAbroad],
        &[InOtherMunicipality, InAbroad, InBorn],
        &[InOtherMunicipality, InAbroad],
    ]
    .iter()
    .all(|g| ok(pooled(g)))
}

/// The area's retention minus the rest's, from the four atoms named in `from` (the area's
/// stayers and out-movers, then the rest's).
fn retention_gap(from: &[Term], value: &dyn Fn(&str) -> Option<f64>) -> Option<f64> {
    let [st, o, rst, ro] = from else { return None };
    let rate = |a: &Term, b: &Term| -> Option<f64> {
        let (x, y) = (value(&a.measure)?, value(&b.measure)?);
        (x + y > 0.0).then(|| x / (x + y))
    };
    Some(rate(st, o)? - rate(rst, ro)?)
}

/// The exact value of a sum or ratio of the row's own atoms.
fn evaluate(meaning: &Meaning, value: &dyn Fn(&str) -> Option<f64>) -> Option<f64> {
    let sum = |ts: &[Term]| -> Option<f64> {
        ts.iter()
            .try_fold(0.0, |acc, t| Some(acc + t.coef * value(&t.measure)?))
    };
    match meaning {
        Meaning::Sum { terms } => sum(terms),
        Meaning::Ratio { num, den, scale } => {
            let d = sum(den)?;
            (d != 0.0)
                .then_some(scale * sum(num)? / d)
                .filter(|x| x.is_finite())
        }
        _ => None,
    }
}

/// The columns of `flow_decomposition` after its keys: the indicator's measures (labels), the
/// first year (a constant), the levels, the change and the four parts with their intervals.
const DECOMPOSITION_VALUES: [&str; 3] = ["level_from", "level_to", "change"];

/// The atoms a decomposition between `from` and `to` rests on, in the row of year `to`: every
/// step's flows of everyone, and the indicator's numerator and denominator (the row's
/// `$numerator_measure` and `$denominator_measure`) in every year from `from` to `to`.
fn decomposition_terms(steps: i32) -> Vec<Term> {
    let flows: Vec<String> = GROUPS.iter().map(|&g| all(g)).collect();
    let of_steps = (0..steps).flat_map(|k| flows.iter().map(move |n| Term::own(n).years_back(-k)));
    let of_indicator = (0..=steps).flat_map(|k| {
        ["$numerator_measure", "$denominator_measure"].map(|m| Term::own(m).years_back(-k))
    });
    of_steps.chain(of_indicator).collect()
}

/// The `flow_decomposition` table: one row per area and decomposed indicator (every criterion
/// A–E and every register indicator of persons in the catalogue,
/// [`bydel_flows::catalogue_indicators`]), in the row of the last year.
fn decomposition(
    scope: &Scope,
    cat: &Catalogue,
    f: &FlowsConfig,
    panel: &Panel,
    areas: &[&AreaInfo],
) -> Result<ResultTable, PublishError> {
    let first = scope.years.first().map(|y| y.get());
    let last = scope.years.last().map(|y| y.get());
    let (Some(from), Some(to)) = (f.from.or(first), f.to.or(last)) else {
        return Err(PublishError::Input("the counts have no years".into()));
    };
    let to_year = Year::new(to).map_err(|e| PublishError::Input(e.to_string()))?;
    let derived = Meaning::Derived {
        from: decomposition_terms(to - from),
    };
    let mut cols = vec![
        Col::label("numerator_measure"),
        Col::label("denominator_measure"),
        Col::new("from_year", Meaning::Constant, None),
    ];
    let mut names: Vec<String> = DECOMPOSITION_VALUES.map(String::from).to_vec();
    for p in Part::ALL {
        for suffix in ["", "_lo", "_hi"] {
            names.push(format!("{}{suffix}", part_column(p)));
        }
    }
    cols.extend(
        names
            .iter()
            .map(|n| Col::new(n.as_str(), derived.clone(), Some(3))),
    );
    let mut b = super::Builder::new(
        DECOMPOSITION,
        (
            "Hvorfor ændrede kriterierne og indikatorerne sig: ændringen delt i dem der blev boende, fraflytning, tilflytning og demografi",
            "Why the criteria and indicators changed: the change split into stayers, out-migration, in-migration and demography",
        ),
        &DECOMPOSITION_KEYS,
        None,
        cols,
    )?;
    let indicators = bydel_flows::catalogue_indicators(cat);
    for a in areas {
        let Some(idx) = panel.places.find(a.kind.as_str(), a.area_id.as_str()) else {
            continue;
        };
        for ind in &indicators {
            let d = bydel_flows::decompose(panel, idx, ind, from, to, f.replicates)
                .map_err(|e| PublishError::step("flows", e))?;
            let Some(d) = d else { continue };
            let row = RowCtx {
                kind: &a.kind,
                id: &a.area_id,
                year: to_year,
                vars: [
                    ("numerator_measure".to_string(), ind.numerator.name.clone()),
                    (
                        "denominator_measure".to_string(),
                        ind.denominator.name.clone(),
                    ),
                ]
                .into_iter()
                .collect(),
                years: &scope.years,
            };
            let mut values = vec![Some(d.share_from), Some(d.share_to), Some(d.total())];
            for i in 0..Part::ALL.len() {
                let iv = d.intervals.map(|iv| iv[i]);
                values.extend([Some(d.parts[i]), iv.map(|x| x.0), iv.map(|x| x.1)]);
            }
            // a mean (D) in whole kroner; shares to 0.1 percentage point by the column
            let values = values
                .into_iter()
                .map(|x| x.map(|x| if ind.share { x } else { x.round() }));
            let mut cells = vec![
                crate::cells::label(Some(ind.numerator.name.clone())),
                crate::cells::label(Some(ind.denominator.name.clone())),
                crate::cells::constant(Some(f64::from(from))),
            ];
            cells.extend(
                b.cols[3..]
                    .iter()
                    .zip(values)
                    .map(|(c, x)| row.number(x, c)),
            );
            let mut key = key(&a.kind, &a.area_id, to_year);
            key.push(ind.code.clone());
            let pop = scope.residents(&a.kind, &a.area_id, to_year);
            b.push(key, pop, cells)?;
        }
    }
    Ok(b.finish())
}

/// The column of a part in `flow_decomposition` (`demography` for demographic turnover, apart
/// from the flows' `turnover` rate).
pub fn part_column(p: Part) -> &'static str {
    match p {
        Part::Turnover => "demography",
        p => p.as_str(),
    }
}

/// The keys of `flow_decomposition`: the area, the last year and the indicator's catalogue id.
pub const DECOMPOSITION_KEYS: [&str; 4] = ["kind", "area_id", "year", "indicator"];

/// The destination table's name.
pub const DESTINATIONS: &str = "flow_destinations";

/// The keys of `flow_destinations`: the area, the last year and the destination.
pub const DESTINATION_KEYS: [&str; 4] = ["kind", "area_id", "year", "destination"];

/// The atom of a destination row: out-movers to the destination over the period.
pub const DESTINATION_ATOM: &str = "flow_destination_persons";

/// How many destinations an area shows at most.
const TOP_DESTINATIONS: usize = 5;

/// The `flow_destinations` table: per area, its main destinations over the steps of
/// `flows.from`..`flows.to` (at most five, each of at least the policy's minimum count), and the
/// rest within the municipality and to other municipalities, chosen by
/// [`bydel_flows::destinations::release_all`] so that no hidden count can be recovered by
/// subtraction from the flow tables. Each count is an atom.
fn destinations(
    scope: &Scope,
    f: &FlowsConfig,
    panel: &Panel,
    flows: &Flows,
    areas: &[&AreaInfo],
    min: i64,
) -> Result<ResultTable, PublishError> {
    use bydel_flows::destinations::{Class, release_all};
    let first = scope.years.first().map(|y| y.get());
    let last = scope.years.last().map(|y| y.get());
    let (Some(from), Some(to)) = (f.from.or(first), f.to.or(last)) else {
        return Err(PublishError::Input("the counts have no years".into()));
    };
    let to_year = Year::new(to).map_err(|e| PublishError::Input(e.to_string()))?;
    let cols = [
        Col::label("destination_kind"),
        Col::label("destination_name"),
        Col::new("from_year", Meaning::Constant, None),
    ];
    // the count is shown as a derived value resting on the area's out-mover atoms of every
    // step: an atom of this name would be keyed by area and year only, and an area has several
    // destinations
    let persons = Col::new(
        DESTINATION_ATOM,
        Meaning::Derived {
            from: (0..to - from)
                .flat_map(|k| {
                    [
                        Group::OutWithin,
                        Group::OutOtherMunicipality,
                        Group::OutAbroad,
                    ]
                    .map(|g| Term::own(&all(g)).years_back(-k))
                })
                .collect(),
        },
        Some(0),
    );
    let mut columns: Vec<Column> = cols.iter().map(Col::column).collect();
    columns.push(persons.column());
    let titles = Titles {
        da: "Hvor flytter fraflytterne hen? De vigtigste destinationer i perioden".into(),
        en: "Where do the out-movers go? The main destinations over the period".into(),
        year_column: None,
    };
    let mut t = ResultTable::new(DESTINATIONS, &DESTINATION_KEYS, columns)
        .map_err(|e| PublishError::step("release", e))?
        .with_titles(titles);
    let indices: Vec<(u32, &AreaInfo)> = areas
        .iter()
        .filter_map(|a| {
            let i = panel.places.find(a.kind.as_str(), a.area_id.as_str())?;
            Some((i, *a))
        })
        .collect();
    let years: Vec<i32> = (from + 1..=to).collect();
    let idx: Vec<u32> = indices.iter().map(|(i, _)| *i).collect();
    let mut released = release_all(panel, flows, &idx, &years, TOP_DESTINATIONS, min);
    close_pinned_moves(scope, flows, &indices, &years, &mut released, min);
    let municipality = |to: &str| -> Option<u16> { to.strip_prefix("kommune ")?.parse().ok() };
    for (r, (_, a)) in released.iter().zip(&indices) {
        let mut rows: Vec<(String, &str, String, i64)> = Vec::new();
        for d in &r.shown {
            let (kind, name) = match (d.class, municipality(&d.to)) {
                (Class::Abroad, _) => ("dest_abroad", String::new()),
                (Class::Within, Some(_)) => ("dest_own_municipality", String::new()),
                (_, Some(code)) => ("dest_municipality", municipality_name(code)),
                (_, None) => ("dest_area", area_name(scope, &a.kind, &d.to)),
            };
            rows.push((d.to.clone(), kind, name, d.persons));
        }
        for (rest, code) in [
            (r.rest_within, "dest_other_areas"),
            (r.rest_other, "dest_other_municipalities"),
        ] {
            if let Some(n) = rest {
                rows.push((code.to_string(), code, String::new(), n));
            }
        }
        let pop = scope.residents(&a.kind, &a.area_id, to_year);
        let row = RowCtx::new(&a.kind, &a.area_id, to_year, &scope.years);
        for (dest, kind, name, n) in rows {
            let cells = vec![
                crate::cells::label(Some(kind.to_string())),
                crate::cells::label(Some(name)),
                crate::cells::constant(Some(f64::from(from))),
                row.number(Some(n as f64), &persons),
            ];
            let mut k = key(&a.kind, &a.area_id, to_year);
            k.push(dest);
            t.push_row(k, pop, cells)
                .map_err(|e| PublishError::step("release", e))?;
        }
    }
    Ok(t)
}

/// Hides every within-municipality destination of an area whose hidden moves a reader could
/// pin to a small count from the table of moves between the areas: each area's hidden moves
/// add up to its rest within, and each area's within in-movers of the period (the flows) to
/// the shown and hidden moves into it. `release_all`'s rules bound each rest and each
/// remainder, not the cells of that table ([`pinned_small_origin`]). Moving shown counts (each
/// at least `min`) into the rest only widens every remainder, so the rules still hold.
fn close_pinned_moves(
    scope: &Scope,
    flows: &Flows,
    indices: &[(u32, &AreaInfo)],
    years: &[i32],
    released: &mut [bydel_flows::destinations::Released],
    min: i64,
) {
    use bydel_flows::destinations::Class;
    let ids: Vec<String> = indices.iter().map(|(_, a)| a.area_id.to_string()).collect();
    let into: BTreeMap<String, i64> = indices
        .iter()
        .map(|(_, a)| {
            let n = years
                .iter()
                .filter_map(|&y| Year::new(y).ok())
                .filter_map(|y| {
                    flows
                        .counts
                        .get(&a.kind, &a.area_id, y, &all(Group::InWithin))
                })
                .sum();
            (a.area_id.to_string(), n)
        })
        .collect();
    // the layer covers the municipality: the residents of the year before the period add up
    let (mk, mid) = (&scope.municipality_area.0, &scope.municipality_area.1);
    let covered = years
        .first()
        .and_then(|&y| Year::new(y - 1).ok())
        .is_some_and(|y0| {
            let sum: i64 = indices
                .iter()
                .filter_map(|(_, a)| scope.residents(&a.kind, &a.area_id, y0))
                .sum();
            scope.residents(mk, mid, y0) == Some(sum)
        });
    let mut rows: Vec<MoveRow> = released
        .iter()
        .zip(&ids)
        .map(|(r, id)| MoveRow {
            origin: id.clone(),
            shown: r
                .shown
                .iter()
                .filter(|d| d.class == Class::Within)
                .map(|d| (d.to.clone(), d.persons))
                .collect(),
            rest: r.rest_within,
        })
        .collect();
    close_pinned_rows(&mut rows, &into, covered, min);
    for (r, row) in released.iter_mut().zip(&rows) {
        r.shown
            .retain(|d| d.class != Class::Within || row.shown.iter().any(|(to, _)| *to == d.to));
        r.rest_within = row.rest;
    }
}

/// Moves shown destinations into the rest until no hidden move of the table is pinned into
/// `1..min` ([`pinned_small_origin`]): first the list of the area, among those with a hidden
/// move into the pinned cell's destination, whose rest is smallest (the most determined row);
/// where no such area shows a destination within, the pinned row's rest is withheld. Each
/// round hides at least one shown count or one rest, so it ends.
pub fn close_pinned_rows(
    rows: &mut [MoveRow],
    into: &BTreeMap<String, i64>,
    covered: bool,
    min: i64,
) {
    while let Some((i, b)) = pinned_small_origin(rows, into, covered, min) {
        let hidden_into_b = |r: &MoveRow| {
            r.rest.is_some() && r.origin != b && !r.shown.iter().any(|(to, _)| *to == b)
        };
        let candidate = (0..rows.len())
            .filter(|&j| hidden_into_b(&rows[j]) && !rows[j].shown.is_empty())
            .min_by_key(|&j| (rows[j].rest, j));
        match candidate {
            Some(j) => {
                let moved: i64 = rows[j].shown.iter().map(|(_, n)| n).sum();
                rows[j].shown.clear();
                rows[j].rest = rows[j].rest.map(|r| r + moved);
            }
            None => rows[i].rest = None,
        }
    }
}

/// One origin area's row of the table of moves between areas: its shown destinations within
/// the municipality and its rest within (`None`: not published).
#[derive(Debug, Clone)]
pub struct MoveRow {
    /// The origin area's id.
    pub origin: String,
    /// Shown destinations within the municipality: `(destination, persons)`.
    pub shown: Vec<(String, i64)>,
    /// The published rest within the municipality.
    pub rest: Option<i64>,
}

/// The first hidden move (origin's index into `rows`, destination) a reader pins into `1..min` by
/// bound propagation over the table of moves: each row's hidden cells add up to its rest
/// (exactly where `covered`, else at most), each destination's column of shown and hidden
/// cells to its within in-movers `into` (exactly where `covered` and every area has a published
/// rest, else at most). A sound screen (what it finds is found), not a complete one.
pub fn pinned_small_origin(
    rows: &[MoveRow],
    into: &BTreeMap<String, i64>,
    covered: bool,
    min: i64,
) -> Option<(usize, String)> {
    let areas: Vec<&String> = into.keys().collect();
    // cells: (row, destination) of the hidden moves of rows with a published rest
    let mut cells: Vec<(usize, &String)> = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        if r.rest.is_none() {
            continue;
        }
        for &b in &areas {
            if *b != r.origin && !r.shown.iter().any(|(to, _)| to == b) {
                cells.push((i, b));
            }
        }
    }
    let remainder = |b: &String| -> i64 {
        into[b]
            - rows
                .iter()
                .flat_map(|r| &r.shown)
                .filter(|(to, _)| to == b)
                .map(|(_, n)| n)
                .sum::<i64>()
    };
    let exact_columns = covered && rows.iter().all(|r| r.rest.is_some());
    let mut bounds: Vec<(i64, i64)> = cells
        .iter()
        .map(|&(i, b)| (0, rows[i].rest.unwrap_or(0).min(remainder(b)).max(0)))
        .collect();
    for _ in 0..50 {
        let before = bounds.clone();
        for k in 0..cells.len() {
            let (i, b) = cells[k];
            let others = |same: &dyn Fn(usize) -> bool| -> (i64, i64) {
                (0..cells.len())
                    .filter(|&j| j != k && same(j))
                    .fold((0, 0), |(l, h), j| (l + bounds[j].0, h + bounds[j].1))
            };
            let (row_lo, row_hi) = others(&|j| cells[j].0 == i);
            let (col_lo, col_hi) = others(&|j| cells[j].1 == b);
            let rest = rows[i].rest.unwrap_or(0);
            let (mut lo, mut hi) = bounds[k];
            hi = hi.min(rest - row_lo).min(remainder(b) - col_lo);
            if covered {
                lo = lo.max(rest - row_hi);
            }
            if exact_columns {
                lo = lo.max(remainder(b) - col_hi);
            }
            bounds[k] = (lo, hi.max(lo));
        }
        if bounds == before {
            break;
        }
    }
    cells
        .iter()
        .zip(&bounds)
        .find(|(_, (lo, hi))| *lo >= 1 && *hi < min)
        .map(|(&(i, b), _)| (i, b.clone()))
}

/// The name of an area of `kind` by id (the id when unknown).
fn area_name(scope: &Scope, kind: &bydel_model::Kind, id: &str) -> String {
    bydel_model::AreaId::new(id).map_or_else(|_| id.to_string(), |id| scope.name(kind, &id))
}

/// A municipality's official name («Københavns Kommune») from the model's table.
fn municipality_name(code: u16) -> String {
    bydel_model::names::municipality(code)
}

/// The life-chance outcomes published, with the comparison "the rest of the municipality".
fn life_atom(o: Outcome, what: &str) -> String {
    format!("life_{}_{what}", o.as_str())
}

/// The life-chance columns after `<outcome>_area`, per comparison: against the rest of the
/// municipality, then against the rest of the country (every other child in the data).
const LIFE_VALUES: [&str; 14] = [
    "comparison",
    "gap",
    "gap_lo",
    "gap_hi",
    "adjusted",
    "adjusted_lo",
    "adjusted_hi",
    "country",
    "gap_country",
    "gap_country_lo",
    "gap_country_hi",
    "adjusted_country",
    "adjusted_country_lo",
    "adjusted_country_hi",
];

/// The comparison's mean, raw gap with interval and adjusted gap with interval (the order of
/// [`LIFE_VALUES`] for one comparison).
fn comparison_values(g: Option<&life::Gap>) -> [Option<f64>; 7] {
    match g {
        Some(g) => {
            let (rl, rh) = split(g.raw_interval);
            let (al, ah) = split(g.adjusted_interval);
            [
                Some(g.mean_comparison),
                Some(g.raw),
                rl,
                rh,
                Some(g.adjusted),
                al,
                ah,
            ]
        }
        None => [None; 7],
    }
}

/// The `life_chances` table: one row per area (in the row of the last year), per outcome the
/// area's children and those with the outcome (atoms), the area's share or mean, and against
/// children elsewhere in the municipality and against children in the rest of the country:
/// their share or mean, and the raw and background-adjusted gaps with intervals.
fn life_chances(
    scope: &Scope,
    f: &FlowsConfig,
    panel: &Panel,
    areas: &[&AreaInfo],
) -> Result<ResultTable, PublishError> {
    let Some(&last) = scope.years.last() else {
        return Err(PublishError::Input("the counts have no years".into()));
    };
    let mut columns = Vec::new();
    let mut meanings: Vec<(Outcome, Vec<Col>)> = Vec::new();
    for o in Outcome::ALL {
        let n = life_atom(o, "children");
        columns.push(Column::count(&n));
        let mut from = vec![Term::own(&n)];
        let mut cols = Vec::new();
        if o.is_share() {
            let yes = life_atom(o, "yes");
            columns.push(Column::count(&yes));
            from.push(Term::own(&yes));
            cols.push(Col::new(
                format!("{}_area", o.as_str()),
                Meaning::Ratio {
                    num: vec![Term::own(&yes)],
                    den: vec![Term::own(&n)],
                    scale: 1.0,
                },
                Some(3),
            ));
        } else {
            cols.push(Col::new(
                format!("{}_area", o.as_str()),
                Meaning::Derived { from: from.clone() },
                Some(2),
            ));
        }
        let decimals = if o.is_share() { Some(3) } else { Some(2) };
        for what in LIFE_VALUES {
            cols.push(Col::new(
                format!("{}_{what}", o.as_str()),
                Meaning::Derived { from: from.clone() },
                decimals,
            ));
        }
        columns.extend(cols.iter().map(Col::column));
        meanings.push((o, cols));
    }
    let titles = Titles {
        da: "Livschancer: børn efter det område, de voksede op i, mod børn andre steder i kommunen og i resten af landet"
            .into(),
        en: "Life chances: children by the area they grew up in, against children elsewhere in the municipality and in the rest of the country".into(),
        year_column: None,
    };
    let mut t = ResultTable::new(LIFE, &AREA_KEYS, columns)
        .map_err(|e| PublishError::step("release", e))?
        .with_titles(titles);
    for o in Outcome::ALL.iter().filter(|o| o.is_share()) {
        t.add_relation(Relation::Quantities {
            total: life_atom(*o, "children"),
            parts: vec![life_atom(*o, "yes")],
            coverage: Coverage::Partial,
        })
        .map_err(|e| PublishError::step("release", e))?;
    }
    let cfg = LifeConfig {
        ref_ages: f.reference_age,
        replicates: f.replicates,
        seed: 15,
    };
    let children = life::children(panel, &cfg);
    for a in areas {
        let Some(idx) = panel.places.find(a.kind.as_str(), a.area_id.as_str()) else {
            continue;
        };
        let row = RowCtx::new(&a.kind, &a.area_id, last, &scope.years);
        let mut cells = Vec::new();
        let mut any = false;
        for (o, cols) in &meanings {
            let gap = |c: Comparison| life::gap(panel, &children, idx, *o, c, &cfg);
            let g = gap(Comparison::RestOfMunicipality);
            let country = gap(Comparison::RestOfCountry);
            let n = g.as_ref().map(|g| g.n_area as i64);
            cells.push(n.map_or(Cell::Missing(Missing::NoData), Cell::Count));
            if o.is_share() {
                let yes = g
                    .as_ref()
                    .map(|g| (g.mean_area * g.n_area as f64).round() as i64);
                cells.push(yes.map_or(Cell::Missing(Missing::NoData), Cell::Count));
            }
            any |= g.is_some();
            let area = [g.as_ref().map(|g| g.mean_area)];
            let values = area
                .into_iter()
                .chain(comparison_values(g.as_ref()))
                .chain(comparison_values(country.as_ref()));
            for (c, x) in cols.iter().zip(values) {
                cells.push(row.number(x, c));
            }
        }
        if !any {
            continue;
        }
        let pop = scope.residents(&a.kind, &a.area_id, last);
        t.push_row(key(&a.kind, &a.area_id, last), pop, cells)
            .map_err(|e| PublishError::step("release", e))?;
    }
    Ok(t)
}

/// The cohort table's name.
pub const LIFE_COHORTS: &str = "life_chances_cohorts";

/// The keys of `life_chances_cohorts`: the area, the last year and the birth cohort.
pub const LIFE_COHORT_KEYS: [&str; 4] = ["kind", "area_id", "year", "cohort"];

/// Birth years per cohort of the trend.
pub const COHORT_YEARS: i32 = 3;

/// Which cohort rows of an area are shown, from each row's counts (in one order per row): a row
/// whose counts are all 0 or at least `min`, provided the hidden rows' counts, pooled per count,
/// are each 0 or at least `min` — the cohorts add up to the area's children in `life_chances`,
/// so the hidden rows together are known by subtraction. Otherwise no row is shown.
pub fn cohorts_shown(counts: &[Vec<i64>], min: i64) -> Vec<bool> {
    let ok = |x: i64| x == 0 || x >= min;
    let safe: Vec<bool> = counts.iter().map(|c| c.iter().all(|&x| ok(x))).collect();
    let width = counts.first().map_or(0, Vec::len);
    let pooled_ok = (0..width).all(|i| {
        ok(counts
            .iter()
            .zip(&safe)
            .filter(|(_, s)| !**s)
            .map(|(c, _)| c[i])
            .sum())
    });
    if pooled_ok {
        safe
    } else {
        vec![false; counts.len()]
    }
}

/// The first birth year of the cohort of `birth_year` (1998–2000, 2001–2003, …).
pub fn cohort_start(birth_year: i32) -> i32 {
    birth_year - birth_year.rem_euclid(COHORT_YEARS)
}

/// The atom of a cohort count (`life_cohort_<outcome>_children` / `_yes`).
fn cohort_atom(o: Outcome, what: &str) -> String {
    format!("life_cohort_{}_{what}", o.as_str())
}

/// The cohort gap columns after an outcome's counts: against the rest of the municipality, then
/// against the rest of the country (every other child in the data, "Denmark").
const COHORT_VALUES: [&str; 8] = [
    "gap",
    "adjusted",
    "adjusted_lo",
    "adjusted_hi",
    "gap_country",
    "adjusted_country",
    "adjusted_country_lo",
    "adjusted_country_hi",
];

/// The comparisons of the cohort trend, with the suffix of their columns.
const COHORT_COMPARISONS: [(Comparison, &str); 2] = [
    (Comparison::RestOfMunicipality, ""),
    (Comparison::RestOfCountry, "_country"),
];

/// The cohort trend table's name.
pub const LIFE_COHORT_TRENDS: &str = "life_chances_cohort_trends";

/// Which way is bad for an outcome's gap (area − comparison): a lower gap, except for
/// convictions, where a higher gap is worse.
pub fn outcome_direction(o: Outcome) -> bydel_analysis::indicator::Direction {
    use bydel_analysis::indicator::Direction;
    if o == Outcome::ConvictedBy21 {
        Direction::HigherIsWorse
    } else {
        Direction::HigherIsBetter
    }
}

/// One cohort's adjusted gap: its first birth year, the gap and its 95 % bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CohortGap {
    /// The cohort's first birth year.
    pub start: i32,
    /// The adjusted gap (area − comparison).
    pub gap: f64,
    /// Its 95 % interval, when there is one.
    pub interval: Option<(f64, f64)>,
}

/// The trend of an adjusted gap over birth cohorts: one point per shown cohort (its first birth
/// year, the adjusted gap, and the standard error read from the 95 % bootstrap interval,
/// (hi − lo) / (2 · 1.96)), fitted by the catalogue trends' method (Theil–Sen slope per birth
/// year, Mann–Kendall test, verdict). `None` with fewer than two cohorts.
pub fn cohort_trend(
    points: &[CohortGap],
    o: Outcome,
    s: &bydel_analysis::Settings,
    seed: u64,
) -> Option<bydel_analysis::trend::Trend> {
    let z = bydel_analysis::interval::z_quantile(0.95);
    let pts: Vec<bydel_analysis::trend::Point> = points
        .iter()
        .map(|c| bydel_analysis::trend::Point {
            year: c.start,
            value: c.gap,
            se: c
                .interval
                .map_or(0.0, |(lo, hi)| ((hi - lo) / (2.0 * z)).max(0.0)),
        })
        .collect();
    bydel_analysis::rates::rate_trend(&pts, outcome_direction(o), s, seed)
}

/// One cohort row before it is shown: its first birth year, cells, counts, and per outcome and
/// comparison the adjusted gap with its interval (for the trend).
struct CohortRow {
    start: i32,
    cells: Vec<Cell>,
    counts: Vec<i64>,
    adjusted: Vec<Option<CohortGap>>,
}

/// The `life_chances_cohorts` table: the life-chance gaps by birth cohort (three birth years),
/// for the trend. Per cohort and outcome: the area's children and those with the outcome
/// (atoms), the raw and background-adjusted gaps to the same cohort elsewhere in the
/// municipality and in the rest of the country, the adjusted with intervals (derived from the
/// cohort's atoms). A cohort row is shown only when every count and every "without the
/// outcome" remainder is 0 or at least the policy's minimum, and the hidden rows pooled are too
/// ([`cohorts_shown`]).
///
/// And `life_chances_cohort_trends`: per area (in the row of the last year), outcome and
/// comparison, the trend of the adjusted gap over the **shown** cohorts ([`cohort_trend`]):
/// slope per birth year with its interval, p-value and verdict.
fn life_cohorts(
    scope: &Scope,
    f: &FlowsConfig,
    panel: &Panel,
    areas: &[&AreaInfo],
    min: i64,
    settings: &bydel_analysis::Settings,
) -> Result<(ResultTable, ResultTable), PublishError> {
    let Some(&last) = scope.years.last() else {
        return Err(PublishError::Input("the counts have no years".into()));
    };
    let mut columns = Vec::new();
    let mut derived: Vec<(Outcome, Vec<Col>)> = Vec::new();
    let mut count_cols: Vec<(Outcome, Col, Option<Col>)> = Vec::new();
    let mut trend_cols: Vec<Col> = Vec::new();
    for o in Outcome::ALL {
        // every value rests on the area's cohort atoms in `life_chances` (the cohorts add up
        // to them); the cohort counts are derived values, since an atom is keyed by area and
        // year only and an area has several cohorts
        let mut from = vec![Term::own(&life_atom(o, "children"))];
        if o.is_share() {
            from.push(Term::own(&life_atom(o, "yes")));
        }
        let count = |what: &str| {
            Col::new(
                cohort_atom(o, what),
                Meaning::Derived { from: from.clone() },
                Some(0),
            )
        };
        let n = count("children");
        columns.push(n.column());
        let yes = o.is_share().then(|| count("yes"));
        if let Some(y) = &yes {
            columns.push(y.column());
        }
        count_cols.push((o, n, yes));
        let decimals = if o.is_share() { Some(3) } else { Some(2) };
        let cols: Vec<Col> = COHORT_VALUES
            .iter()
            .map(|w| {
                Col::new(
                    format!("{}_{w}", o.as_str()),
                    Meaning::Derived { from: from.clone() },
                    decimals,
                )
            })
            .collect();
        columns.extend(cols.iter().map(Col::column));
        derived.push((o, cols));
        for (_, c) in COHORT_COMPARISONS {
            for field in crate::tables::flow_trends::TREND_FIELDS {
                let dec = match field {
                    "_verdict" => None,
                    "_p_value" => Some(4),
                    _ => Some(4),
                };
                trend_cols.push(Col::new(
                    format!("{}_adjusted{c}{field}", o.as_str()),
                    Meaning::Derived { from: from.clone() },
                    dec,
                ));
            }
        }
    }
    let titles = Titles {
        da: "Livschancer efter fødselsårgang: forskellen til børn af samme årgang andre steder i kommunen og i resten af landet".into(),
        en: "Life chances by birth cohort: the gap to children of the same cohort elsewhere in the municipality and in the rest of the country".into(),
        year_column: None,
    };
    let mut t = ResultTable::new(LIFE_COHORTS, &LIFE_COHORT_KEYS, columns)
        .map_err(|e| PublishError::step("release", e))?
        .with_titles(titles);
    let mut trends = crate::tables::Builder::new(
        LIFE_COHORT_TRENDS,
        (
            "Livschancer: udviklingen i den justerede forskel fra fødselsårgang til fødselsårgang",
            "Life chances: the trend of the adjusted gap from birth cohort to birth cohort",
        ),
        &AREA_KEYS,
        None,
        trend_cols,
    )?;
    let cfg = LifeConfig {
        ref_ages: f.reference_age,
        replicates: f.replicates,
        seed: 15,
    };
    let children = life::children(panel, &cfg);
    let mut starts: Vec<i32> = children
        .iter()
        .map(|c| cohort_start(c.birth_year))
        .collect();
    starts.sort_unstable();
    starts.dedup();
    for a in areas {
        let Some(idx) = panel.places.find(a.kind.as_str(), a.area_id.as_str()) else {
            continue;
        };
        let row = RowCtx::new(&a.kind, &a.area_id, last, &scope.years);
        let mut rows: Vec<CohortRow> = Vec::new();
        for &start in &starts {
            let cohort: Vec<life::Child> = children
                .iter()
                .filter(|c| cohort_start(c.birth_year) == start)
                .cloned()
                .collect();
            let (mut cells, mut counts, mut adjusted, mut any) =
                (Vec::new(), Vec::new(), Vec::new(), false);
            for ((o, cols), (_, n_col, yes_col)) in derived.iter().zip(&count_cols) {
                let gap = |c: Comparison| life::gap(panel, &cohort, idx, *o, c, &cfg);
                let g = gap(Comparison::RestOfMunicipality);
                let country = gap(Comparison::RestOfCountry);
                let n = g.as_ref().map_or(0, |g| g.n_area as i64);
                cells.push(row.number(Some(n as f64), n_col));
                counts.push(n);
                if let Some(yes_col) = yes_col {
                    let yes = g
                        .as_ref()
                        .map_or(0, |g| (g.mean_area * g.n_area as f64).round() as i64);
                    cells.push(row.number(Some(yes as f64), yes_col));
                    counts.extend([yes, n - yes]);
                }
                any |= g.is_some();
                let mut values = Vec::new();
                for g in [g.as_ref(), country.as_ref()] {
                    let (lo, hi) = split(g.and_then(|g| g.adjusted_interval));
                    values.extend([g.map(|g| g.raw), g.map(|g| g.adjusted), lo, hi]);
                    adjusted.push(g.map(|g| CohortGap {
                        start,
                        gap: g.adjusted,
                        interval: lo.zip(hi),
                    }));
                }
                cells.extend(cols.iter().zip(values).map(|(c, x)| row.number(x, c)));
            }
            if any {
                rows.push(CohortRow {
                    start,
                    cells,
                    counts,
                    adjusted,
                });
            }
        }
        let shown = cohorts_shown(
            &rows.iter().map(|r| r.counts.clone()).collect::<Vec<_>>(),
            min,
        );
        let residents = scope.residents(&a.kind, &a.area_id, last);
        let shown_rows: Vec<&CohortRow> = rows
            .iter()
            .zip(&shown)
            .filter(|(_, s)| **s)
            .map(|(r, _)| r)
            .collect();
        if let Some(cells) = cohort_trend_cells(&row, &trends, &shown_rows, a, settings) {
            trends.push(key(&a.kind, &a.area_id, last), residents, cells)?;
        }
        for (r, show) in rows.into_iter().zip(shown) {
            let mut k = key(&a.kind, &a.area_id, last);
            k.push(format!("{}-{}", r.start, r.start + COHORT_YEARS - 1));
            // a hidden cohort is left out (its values do not follow from released atoms alone,
            // so a withheld row would tell a reader nothing the omission does not)
            if !show {
                continue;
            }
            t.push_row(k, residents, r.cells)
                .map_err(|e| PublishError::step("release", e))?;
        }
    }
    Ok((t, trends.finish()))
}

/// The cells of an area's row of `life_chances_cohort_trends` from its shown cohort rows
/// (`None` when no outcome has a trend).
fn cohort_trend_cells(
    row: &RowCtx,
    b: &crate::tables::Builder,
    shown: &[&CohortRow],
    a: &AreaInfo,
    settings: &bydel_analysis::Settings,
) -> Option<Vec<Cell>> {
    let mut cells = Vec::new();
    let mut any = false;
    let per = crate::tables::flow_trends::TREND_FIELDS.len();
    for (i, o) in Outcome::ALL.iter().enumerate() {
        for (j, (_, suffix)) in COHORT_COMPARISONS.iter().enumerate() {
            let points: Vec<CohortGap> = shown
                .iter()
                .filter_map(|r| r.adjusted[i * COHORT_COMPARISONS.len() + j])
                .filter(|c| c.gap.is_finite())
                .collect();
            let seed = bydel_analysis::series::seed_for(
                settings.seed,
                &[a.kind.as_str(), a.area_id.as_str(), o.as_str(), suffix],
            );
            let tr = cohort_trend(&points, *o, settings, seed);
            any |= tr.is_some();
            let iv = tr.as_ref().and_then(|t| t.slope_interval);
            let nums = [
                tr.as_ref().map(|t| t.slope),
                iv.map(|i| i.lower),
                iv.map(|i| i.upper),
                tr.as_ref().map(|t| t.p_value),
            ];
            let base = (i * COHORT_COMPARISONS.len() + j) * per;
            for (k, x) in nums.into_iter().enumerate() {
                cells.push(row.number(x, &b.cols[base + k]));
            }
            let verdict = tr.as_ref().map(|t| t.verdict.as_str().to_string());
            cells.push(row.text(verdict, &b.cols[base + per - 1]));
        }
    }
    any.then_some(cells)
}

fn split(iv: Option<(f64, f64)>) -> (Option<f64>, Option<f64>) {
    match iv {
        Some((lo, hi)) if lo.is_finite() && hi.is_finite() => (Some(lo), Some(hi)),
        _ => (None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(overrides: &[(&str, i64)]) -> Vec<(String, i64)> {
        let mut v: Vec<(String, i64)> = flow_atoms().into_iter().map(|n| (n, 0)).collect();
        for (n, x) in overrides {
            v.iter_mut().find(|(k, _)| k == n).expect("an atom").1 = *x;
        }
        v
    }

    fn rest_row(overrides: &[(&str, i64)]) -> Vec<(String, i64)> {
        let mut v: Vec<(String, i64)> = rest_atoms().into_iter().map(|n| (n, 0)).collect();
        for (n, x) in overrides {
            v.iter_mut().find(|(k, _)| k == n).expect("a rest atom").1 = *x;
        }
        v
    }

    #[test]
    fn issue_15_a_rest_row_with_a_small_count_or_remainder_is_withheld_whole() {
        let base = [
            ("flow_rest_stayers_all", 60_000),
            ("flow_rest_out_all", 6_000),
            ("flow_rest_out_deceased_all", 500),
            ("flow_rest_in_all", 6_500),
            ("flow_rest_in_born_all", 700),
            ("flow_rest_stayers_work_edu", 30_000),
            ("flow_rest_out_work_edu", 3_000),
            ("flow_rest_in_work_edu", 3_500),
            ("flow_rest_stayers_edu_higher", 12_000),
            ("flow_rest_out_edu_higher", 1_200),
            ("flow_rest_in_edu_higher", 1_300),
            ("flow_rest_stayers_income_q5", 9_000),
            ("flow_rest_out_income_q5", 800),
            ("flow_rest_in_income_q5", 900),
        ];
        assert!(rest_is_safe(&rest_row(&base), 3));
        let with = |n: &str, x: i64| {
            let mut v = rest_row(&base);
            v.iter_mut().find(|(k, _)| k == n).expect("an atom").1 = x;
            v
        };
        // a small atom
        assert!(!rest_is_safe(&with("flow_rest_out_deceased_all", 2), 3));
        // movers without deaths: 6,000 − 5,998
        assert!(!rest_is_safe(&with("flow_rest_out_deceased_all", 5_998), 3));
        // everyone minus a group: 6,500 − 6,499 in-movers outside the group
        assert!(!rest_is_safe(&with("flow_rest_in_work_edu", 6_499), 3));
        assert!(rest_is_safe(&with("flow_rest_in_work_edu", 6_500), 3));
    }

    #[test]
    fn issue_15_withheld_areas_pooled_must_not_be_small_where_the_rest_tells_them() {
        // one withheld area with a single death: the rest rows would tell it
        let one = row(&[
            ("flow_stayers_all", 100),
            ("flow_out_within_all", 10),
            ("flow_out_deceased_all", 1),
        ]);
        assert!(!withheld_pooled_is_safe(std::slice::from_ref(&one), 3));
        // with a second withheld area every pooled value is 0 or at least 3 (deaths 1 + 4)
        let two = row(&[
            ("flow_stayers_all", 80),
            ("flow_in_within_all", 7),
            ("flow_out_other_municipality_all", 6),
            ("flow_in_abroad_all", 5),
            ("flow_out_deceased_all", 4),
        ]);
        assert!(withheld_pooled_is_safe(&[one.clone(), two.clone()], 3));
        // a third with a single birth: the pooled births are 1
        let three = row(&[("flow_in_born_all", 1), ("flow_stayers_all", 50)]);
        assert!(!withheld_pooled_is_safe(&[one, two, three], 3));
        // nothing withheld: nothing to tell
        assert!(withheld_pooled_is_safe(&[], 3));
    }

    #[test]
    fn issue_15_the_rest_columns_name_their_atoms_and_compare_with_the_area() {
        let rest = rest_atoms();
        let own = flow_atoms();
        for c in rest_columns() {
            let terms: Vec<Term> = match &c.meaning {
                Meaning::Sum { terms } => terms.clone(),
                Meaning::Ratio { num, den, .. } => num.iter().chain(den).cloned().collect(),
                Meaning::Derived { from } => from.clone(),
                m => panic!("{}: {m:?}", c.name),
            };
            for t in terms {
                let atom = &t.measure;
                let published = rest.contains(atom) || own.contains(atom);
                assert!(
                    published,
                    "{} names {atom}, which no flow table publishes",
                    c.name
                );
                assert!(
                    c.name.starts_with("retention_gap") || rest.contains(atom),
                    "{} names the area's {atom}",
                    c.name
                );
            }
        }
        // the area kept 78 of 100, the rest 840 of 1,000: 6 points less
        let values = [
            ("flow_stayers_work_edu", 78.0),
            ("flow_out_work_edu", 22.0),
            ("flow_rest_stayers_work_edu", 840.0),
            ("flow_rest_out_work_edu", 160.0),
        ];
        let value = |n: &str| values.iter().find(|(k, _)| *k == n).map(|(_, x)| *x);
        let gap = rest_columns()
            .into_iter()
            .find(|c| c.name == "retention_gap_work_edu")
            .expect("the column");
        let Meaning::Derived { from } = &gap.meaning else {
            panic!("derived")
        };
        let x = retention_gap(from, &value).expect("a value");
        assert!((x - (-0.06)).abs() < 1e-12, "{x}");
        let rest = rest_columns()
            .into_iter()
            .find(|c| c.name == "retention_rest_work_edu")
            .expect("the column");
        assert_eq!(evaluate(&rest.meaning, &value), Some(0.84));
    }

    #[test]
    fn issue_15_a_hidden_cohort_cannot_be_recovered_from_the_area_total() {
        // one small cohort alone: total − shown = its count, so nothing is shown
        assert_eq!(
            cohorts_shown(&[vec![20, 10], vec![2, 1], vec![30, 12]], 5),
            [false, false, false]
        );
        // two hidden cohorts whose pooled counts are not small: the safe ones are shown
        assert_eq!(
            cohorts_shown(&[vec![20, 10], vec![2, 1], vec![30, 12], vec![6, 4]], 5),
            [true, false, true, false]
        );
        // every cohort safe: all shown
        assert_eq!(cohorts_shown(&[vec![20, 0], vec![7, 5]], 5), [true, true]);
    }

    #[test]
    fn issue_15_a_narrowing_gap_over_cohorts_is_improving_and_rising_convictions_worsening() {
        let s = bydel_analysis::Settings::default();
        // the adjusted gap −10, −7, −4, −1, +2 points over five cohorts, intervals ±2 points
        let points: Vec<CohortGap> = (0..5)
            .map(|k| {
                let g = -0.10 + 0.03 * f64::from(k);
                CohortGap {
                    start: 1995 + 3 * k,
                    gap: g,
                    interval: Some((g - 0.02, g + 0.02)),
                }
            })
            .collect();
        let t = cohort_trend(&points, Outcome::YouthEducationBy25, &s, 1).unwrap();
        assert_eq!(t.verdict, bydel_analysis::trend::Verdict::Improving);
        // per birth year: 3 points per three birth years
        assert!((t.slope - 0.01).abs() < 1e-9, "{}", t.slope);
        let t = cohort_trend(&points, Outcome::ConvictedBy21, &s, 1).unwrap();
        assert_eq!(t.verdict, bydel_analysis::trend::Verdict::Worsening);
        // two cohorts are too few for a verdict
        let t = cohort_trend(&points[..2], Outcome::YouthEducationBy25, &s, 1).unwrap();
        assert_eq!(t.verdict, bydel_analysis::trend::Verdict::TooFewYears);
        assert!(cohort_trend(&points[..1], Outcome::YouthEducationBy25, &s, 1).is_none());
    }

    #[test]
    fn a_row_with_a_small_count_or_a_small_remainder_is_withheld_whole() {
        let everyone = &FAMILIES[0];
        let work = &FAMILIES[1];
        let base = [
            ("flow_stayers_all", 100),
            ("flow_in_within_all", 10),
            ("flow_out_abroad_all", 12),
            ("flow_stayers_work_edu", 60),
            ("flow_stayers_outside_work", 20),
            ("flow_stayers_after_work_edu", 58),
            ("flow_stayers_after_outside_work", 22),
            ("flow_in_work_edu", 5),
            ("flow_in_outside_work", 5),
            ("flow_out_work_edu", 6),
            ("flow_out_outside_work", 3),
        ];
        let with = |extra: &[(&str, i64)]| {
            let mut v = row(&base);
            for (n, x) in extra {
                v.iter_mut().find(|(k, _)| k == n).expect("an atom").1 = *x;
            }
            v
        };
        assert!(everyone.is_safe(&with(&[]), 3));
        assert!(work.is_safe(&with(&[]), 3));
        // a single birth: the everyone row is withheld, the work row is not
        let birth = with(&[("flow_in_born_all", 1)]);
        assert!(!everyone.is_safe(&birth, 3));
        // 2 stayers outside 18–64 (100 − 60 − 38): the work row is withheld
        let rem = with(&[("flow_stayers_outside_work", 38)]);
        assert!(!work.is_safe(&rem, 3));
        assert!(everyone.is_safe(&rem, 3));
        // 2 out-movers of 18–64 in work: a small atom
        assert!(!work.is_safe(&with(&[("flow_out_work_edu", 2)]), 3));
        // every in-mover in work or education but 1 (10 − 5 − 4 = 1 in-mover outside 18–64)
        assert!(!work.is_safe(&with(&[("flow_in_outside_work", 4)]), 3));
    }

    #[test]
    fn issue_15_a_hidden_move_pinned_by_the_table_of_moves_hides_the_origin_s_list() {
        // four areas covering the municipality (the audit's planted case,
        // crates/bydel-audit/tests/flows.rs): h2's 5 in-movers from within came from h1 or h4,
        // h4's rest of 3 can only have gone to h2, so h1 → h2 is 2
        let row = |origin: &str, shown: &[(&str, i64)], rest: i64| MoveRow {
            origin: origin.into(),
            shown: shown.iter().map(|(t, n)| (t.to_string(), *n)).collect(),
            rest: Some(rest),
        };
        let rows = [
            row("h1", &[("h4", 4)], 5),
            row("h2", &[("h1", 4)], 0),
            row("h3", &[("h1", 3)], 0),
            row("h4", &[("h1", 5), ("h3", 4)], 3),
        ];
        let into: BTreeMap<String, i64> = [("h1", 12), ("h2", 5), ("h3", 7), ("h4", 4)]
            .iter()
            .map(|(a, n)| (a.to_string(), *n))
            .collect();
        assert_eq!(
            pinned_small_origin(&rows, &into, true, 3),
            Some((0, "h2".to_string()))
        );
        // hiding h1's own list does not help (h4's row still pins the column): the lists of h3
        // (rest 0) and then h4 (rest 3) go into their rests; h1 keeps its list
        let mut closed = rows.clone();
        close_pinned_rows(&mut closed, &into, true, 3);
        assert_eq!(pinned_small_origin(&closed, &into, true, 3), None);
        assert_eq!(closed[0].shown, [("h4".to_string(), 4)]);
        assert!(closed[2].shown.is_empty() && closed[3].shown.is_empty());
        assert_eq!((closed[2].rest, closed[3].rest), (Some(3), Some(12)));
        // where the areas do not cover the municipality the table's sums are bounds only
        assert_eq!(pinned_small_origin(&rows, &into, false, 3), None);
    }
}
