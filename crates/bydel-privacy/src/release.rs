//! Releasing: the only way from a [`ResultTable`] to numbers that can be shown or written.
//!
//! [`release`] applies the primary rules, adds secondary suppression until the differencing
//! attack fails on every secret, rounds if the policy says so, attacks the final publication
//! once more as a proof, and returns [`Released`] tables. A `Released` can only be made here
//! (its fields are private and it has no public constructor), and it is what every writer,
//! the report and the server accept.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::attack::{Problem, VarKey, attack};
use crate::cell::{Cell, Column, ColumnKind, QuantityRef};
use crate::error::PrivacyError;
use crate::manifest::{FORMAT, Manifest, RelationManifest, TableManifest};
use crate::policy::{Policy, Rounding};
use crate::primary::{PrimaryRule, is_small_area, primary_rule};
use crate::render::{DisplayCell, SuppressionReason};
use crate::rounding::round_values;
use crate::secondary::protect;
use crate::table::{ResultTable, components};
use crate::view::{CellState, RowView, TableView, View};

/// The text of a suppressed cell in every rendering (Danmarks Statistik's convention).
pub const SUPPRESSED: &str = "..";

/// One table after disclosure control: display cells only.
#[derive(Debug, Clone)]
pub struct Released {
    pub(crate) manifest: TableManifest,
    pub(crate) header: Vec<String>,
    pub(crate) rows: Vec<Vec<DisplayCell>>,
}

/// The outcome of one release: the released tables, the manifest describing them, and a
/// summary of what was suppressed.
#[derive(Debug, Clone)]
pub struct Release {
    pub(crate) tables: Vec<Released>,
    pub(crate) manifest: Manifest,
    summary: ReleaseSummary,
}

/// How many cells were suppressed, and why (for the analyst's log, not for publication).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReleaseSummary {
    /// Value cells in all tables (excluding missing cells).
    pub cells: usize,
    /// Cells suppressed by each primary rule.
    pub primary: BTreeMap<&'static str, usize>,
    /// Cells suppressed only to protect others (secondary suppression).
    pub secondary: usize,
}

impl ReleaseSummary {
    /// All primary suppressions.
    pub fn primary_total(&self) -> usize {
        self.primary.values().sum()
    }
}

impl Release {
    /// The released tables.
    pub fn tables(&self) -> &[Released] {
        &self.tables
    }
    /// The manifest to publish beside the tables.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }
    /// The suppression summary.
    pub fn summary(&self) -> &ReleaseSummary {
        &self.summary
    }
}

/// Releases tables together under `policy` (tables released together are protected against
/// each other; tables with the same key columns share quantities and relations).
pub fn release(tables: Vec<ResultTable>, policy: &Policy) -> Result<Release, PrivacyError> {
    policy.validate()?;
    let mut names = HashSet::new();
    if let Some(t) = tables.iter().find(|t| !names.insert(t.name.clone())) {
        return Err(PrivacyError::table(
            &t.name,
            "two tables with the same name",
        ));
    }
    let values = true_values(&tables)?;
    let (mut hidden, primary) = primary_suppression(&tables, policy);
    let manifest = manifest_of(&tables, policy);
    // Secondary suppression and the proof work on the tables that publish quantities; computed
    // cells publish none (they are shown only when every quantity they name is), so they add
    // nothing an attacker could use and are decided once, at the end.
    let core: Vec<ResultTable> = tables
        .iter()
        .filter(|t| t.columns.iter().any(|c| !c.quantities().is_empty()))
        .cloned()
        .collect();
    // Parts that no relation connects are protected one by one: the attack on a part only
    // needs that part, which keeps every round small (a year of a municipality's hierarchy).
    let mut rounded: HashMap<VarKey, i64> = HashMap::new();
    for part in components(&core) {
        let part_manifest = manifest_of(&part, policy);
        let rounded_for = |h: &HashSet<VarKey>| -> Result<HashMap<VarKey, i64>, PrivacyError> {
            if policy.rounding == Rounding::None {
                return Ok(HashMap::new());
            }
            let exact = view_of(&part, &part_manifest, h, &HashMap::new());
            Ok(round_values(&Problem::build(&exact)?, &values, policy))
        };
        // what would be published with `h` hidden: rounded when the policy rounds
        let published = |h: &HashSet<VarKey>| -> Result<View, PrivacyError> {
            Ok(view_of(&part, &part_manifest, h, &rounded_for(h)?))
        };
        protect(&mut hidden, &values, policy, published)?;
        let proof = attack(
            &Problem::build(&published(&hidden)?)?,
            policy,
            &HashSet::new(),
        )?;
        if let Some((f, _, _)) = proof.findings.first() {
            return Err(PrivacyError::Internal(format!(
                "released publication is attackable: {}",
                f.label
            )));
        }
        rounded.extend(rounded_for(&hidden)?);
    }
    let final_view = view_of(&tables, &manifest, &hidden, &rounded);
    let summary = summarise(&final_view, &primary);
    let released = render_all(&tables, &manifest, &final_view);
    Ok(Release {
        tables: released,
        manifest,
        summary,
    })
}

/// The primary rule of each suppressed cell, by (table, row, column).
type PrimaryRules = HashMap<(usize, usize, usize), PrimaryRule>;

/// The quantity a cell publishes, as a variable key.
pub(crate) fn var_key(t: &ResultTable, key: &[String], quantity: &str) -> VarKey {
    VarKey::Cell {
        schema: t.key_columns.clone(),
        key: key.to_vec(),
        quantity: quantity.to_owned(),
    }
}

/// Every quantity's true value; a quantity given two different values is an error.
fn true_values(tables: &[ResultTable]) -> Result<HashMap<VarKey, i64>, PrivacyError> {
    let mut values = HashMap::new();
    for t in tables {
        for row in &t.rows {
            for (col, cell) in t.columns.iter().zip(&row.cells) {
                for ((q, _), x) in col.quantities().iter().zip(cell.components()) {
                    if let Some(old) = values.insert(var_key(t, &row.key, q), x)
                        && old != x
                    {
                        let msg =
                            format!("quantity {q} of row {:?} has two different values", row.key);
                        return Err(PrivacyError::table(&t.name, msg));
                    }
                }
            }
        }
    }
    Ok(values)
}

/// The quantities hidden by the primary rules, and the primary rule of each suppressed cell
/// (by table, row, column).
fn primary_suppression(tables: &[ResultTable], policy: &Policy) -> (HashSet<VarKey>, PrimaryRules) {
    let mut hidden = HashSet::new();
    let mut rules = HashMap::new();
    for (ti, t) in tables.iter().enumerate() {
        for (ri, row) in t.rows.iter().enumerate() {
            let small = is_small_area(row.population, policy);
            for (ci, (col, cell)) in t.columns.iter().zip(&row.cells).enumerate() {
                let rule = if small {
                    Some(PrimaryRule::SmallArea)
                } else {
                    primary_rule(cell, policy)
                };
                let Some(rule) = rule else { continue };
                if small || !matches!(cell, Cell::Missing(_)) {
                    rules.insert((ti, ri, ci), rule);
                }
                let qs = col.quantities();
                let sensitive: Vec<&str> = match rule {
                    PrimaryRule::ShareNumerator | PrimaryRule::ShareComplement => vec![qs[0].0],
                    PrimaryRule::Dominance | PrimaryRule::PPercent => vec![qs[0].0],
                    _ => qs.iter().map(|(q, _)| *q).collect(),
                };
                hidden.extend(sensitive.into_iter().map(|q| var_key(t, &row.key, q)));
            }
        }
    }
    (hidden, rules)
}

fn manifest_of(tables: &[ResultTable], policy: &Policy) -> Manifest {
    let table_manifest = |t: &ResultTable| TableManifest {
        name: t.name.clone(),
        file: format!("{}.csv", t.name),
        key_columns: t.key_columns.clone(),
        columns: t.columns.clone(),
        titles: t.titles.clone(),
        statements: t.statements.is_some(),
    };
    let relations = tables
        .iter()
        .flat_map(|t| {
            t.relations.iter().map(|r| RelationManifest {
                key_columns: t.key_columns.clone(),
                relation: r.clone(),
            })
        })
        .collect();
    Manifest {
        format: FORMAT.into(),
        policy: policy.clone(),
        tables: tables.iter().map(table_manifest).collect(),
        relations,
    }
}

/// What the public would see with `hidden` suppressed and `rounded` values replacing true ones.
fn view_of(
    tables: &[ResultTable],
    manifest: &Manifest,
    hidden: &HashSet<VarKey>,
    rounded: &HashMap<VarKey, i64>,
) -> View {
    let small = |pop| is_small_area(pop, &manifest.policy);
    let tables_view = tables
        .iter()
        .map(|t| TableView {
            rows: t
                .rows
                .iter()
                .map(|row| RowView {
                    key: row.key.clone(),
                    cells: t
                        .columns
                        .iter()
                        .zip(&row.cells)
                        .map(|(col, cell)| {
                            cell_state(
                                t,
                                &row.key,
                                col,
                                cell,
                                small(row.population),
                                hidden,
                                rounded,
                            )
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    let mut view = View {
        manifest: manifest.clone(),
        tables: tables_view,
    };
    hide_derived(tables, &mut view);
    view
}

fn cell_state(
    t: &ResultTable,
    key: &[String],
    col: &Column,
    cell: &Cell,
    small: bool,
    hidden: &HashSet<VarKey>,
    rounded: &HashMap<VarKey, i64>,
) -> CellState {
    if small {
        return CellState::Suppressed;
    }
    if matches!(cell, Cell::Missing(_)) {
        return CellState::Missing;
    }
    let keys: Vec<VarKey> = col
        .quantities()
        .iter()
        .map(|(q, _)| var_key(t, key, q))
        .collect();
    if keys.iter().any(|k| hidden.contains(k)) {
        return CellState::Suppressed;
    }
    let values = keys
        .iter()
        .zip(cell.components())
        .map(|(k, x)| rounded.get(k).copied().unwrap_or(x))
        .collect();
    CellState::Shown(values)
}

/// The variable of a quantity a computed cell refers to.
fn ref_key(r: &QuantityRef) -> VarKey {
    VarKey::Cell {
        schema: r.key_columns.clone(),
        key: r.key.clone(),
        quantity: r.quantity.clone(),
    }
}

/// Derived cells are shown only when every quantity they come from is published in their row;
/// computed cells only when every quantity they name, in any row of any table, is published.
fn hide_derived(tables: &[ResultTable], view: &mut View) {
    let mut published: HashSet<VarKey> = HashSet::new();
    for (t, tv) in tables.iter().zip(&view.tables) {
        for row in &tv.rows {
            for (col, state) in t.columns.iter().zip(&row.cells) {
                if matches!(state, CellState::Shown(_)) {
                    published.extend(
                        col.quantities()
                            .iter()
                            .map(|(q, _)| var_key(t, &row.key, q)),
                    );
                }
            }
        }
    }
    for (t, tv) in tables.iter().zip(view.tables.iter_mut()) {
        for (row, rv) in t.rows.iter().zip(tv.rows.iter_mut()) {
            for (cell, state) in row.cells.iter().zip(rv.cells.iter_mut()) {
                if let Cell::Computed { from, .. } = cell
                    && from.iter().any(|r| !published.contains(&ref_key(r)))
                    && *state != CellState::Missing
                {
                    *state = CellState::Suppressed;
                }
            }
        }
        for row in tv.rows.iter_mut() {
            for (col, state) in t.columns.iter().zip(row.cells.iter_mut()) {
                if let ColumnKind::Derived { from } = &col.kind
                    && from
                        .iter()
                        .any(|q| !published.contains(&var_key(t, &row.key, q)))
                    && *state != CellState::Missing
                {
                    *state = CellState::Suppressed;
                }
            }
        }
    }
}

fn summarise(view: &View, primary: &PrimaryRules) -> ReleaseSummary {
    let mut s = ReleaseSummary::default();
    for (ti, tv) in view.tables.iter().enumerate() {
        for (ri, row) in tv.rows.iter().enumerate() {
            for (ci, state) in row.cells.iter().enumerate() {
                if *state == CellState::Missing {
                    continue;
                }
                s.cells += 1;
                match (state, primary.get(&(ti, ri, ci))) {
                    (CellState::Suppressed, Some(rule)) => {
                        *s.primary.entry(rule.name()).or_default() += 1
                    }
                    (CellState::Suppressed, None) => s.secondary += 1,
                    _ => {}
                }
            }
        }
    }
    s
}

/// Numbers the rows of a table of statements again, 1, 2, … within each group, in row order.
fn renumber(
    mut rows: Vec<Vec<DisplayCell>>,
    st: &crate::table::Statements,
) -> Vec<Vec<DisplayCell>> {
    let Some(rank) = st.rank else { return rows };
    let mut next: HashMap<Vec<String>, usize> = HashMap::new();
    for row in &mut rows {
        let group: Vec<String> = st.groups.iter().map(|&g| row[g].text()).collect();
        let n = next.entry(group).or_default();
        *n += 1;
        row[rank] = DisplayCell::Text(n.to_string());
    }
    rows
}

fn render_all(tables: &[ResultTable], manifest: &Manifest, view: &View) -> Vec<Released> {
    let policy = &manifest.policy;
    tables
        .iter()
        .zip(&manifest.tables)
        .zip(&view.tables)
        .map(|((t, tm), tv)| {
            let header = t
                .key_columns
                .iter()
                .cloned()
                .chain(t.columns.iter().flat_map(Column::headers))
                .collect();
            let withheld = |rv: &RowView| rv.cells.contains(&CellState::Suppressed);
            let rows = t
                .rows
                .iter()
                .zip(&tv.rows)
                .filter(|(_, rv)| t.statements.is_none() || !withheld(rv))
                .map(|(row, rv)| {
                    let small = is_small_area(row.population, policy);
                    let reason = if small {
                        SuppressionReason::SmallArea
                    } else {
                        SuppressionReason::Confidential
                    };
                    let mut out: Vec<DisplayCell> = row
                        .key
                        .iter()
                        .map(|k| DisplayCell::Text(k.clone()))
                        .collect();
                    for ((col, cell), state) in t.columns.iter().zip(&row.cells).zip(&rv.cells) {
                        out.extend(crate::render::display(col, cell, state, reason));
                    }
                    out
                })
                .collect();
            let rows = match &t.statements {
                Some(st) => renumber(rows, st),
                None => rows,
            };
            Released {
                manifest: tm.clone(),
                header,
                rows,
            }
        })
        .collect()
}
