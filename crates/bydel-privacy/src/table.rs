//! The unreleased result table: what every analysis produces and nothing can publish.
//!
//! [`ResultTable`] has no `Serialize`, no `Display` and no accessor for its cells: the only way
//! to get its numbers out is [`crate::release`], which applies a [`crate::Policy`] and returns
//! [`crate::Released`] tables. Besides rows it carries the [`Relation`]s an attacker could use
//! (area hierarchies, overlapping layers, years or categories that add up), which secondary
//! suppression and the audit need.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::cell::{Cell, Column};
use crate::error::PrivacyError;

/// A table of results before disclosure control. Build it with [`ResultTable::new`],
/// [`ResultTable::push_row`] and [`ResultTable::add_relation`]; publish it with
/// [`crate::release`]. Its `Debug` output shows the structure only, never a cell.
#[derive(Clone)]
pub struct ResultTable {
    pub(crate) name: String,
    pub(crate) key_columns: Vec<String>,
    pub(crate) columns: Vec<Column>,
    pub(crate) rows: Vec<Row>,
    pub(crate) relations: Vec<Relation>,
    pub(crate) titles: Titles,
    pub(crate) statements: Option<Statements>,
    keys: HashSet<Vec<String>>,
}

/// How a table whose rows are statements renumbers its rows (see [`ResultTable::statements`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Statements {
    /// The key column that numbers the rows 1, 2, …, if any.
    pub(crate) rank: Option<usize>,
    /// The key columns within whose values the numbering starts again at 1.
    pub(crate) groups: Vec<usize>,
}

/// A table's titles and the key column holding its year.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Titles {
    /// Danish title.
    pub da: String,
    /// English title.
    pub en: String,
    /// The key column holding the row's year, when it is not `year`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_column: Option<String>,
}

/// One row: its key values, the population of its area (for the minimum-population rule) and
/// one cell per value column.
#[derive(Clone)]
pub(crate) struct Row {
    pub(crate) key: Vec<String>,
    pub(crate) population: Option<i64>,
    pub(crate) cells: Vec<Cell>,
}

/// An additive relation between numbers that an attacker can subtract along.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Relation {
    /// Every quantity of row `total` is the sum of the same quantity over rows `parts` (plus an
    /// unpublished remainder when coverage is partial): a district and its housing areas, a
    /// school district and a housing area inside it, a multi-year total and its years.
    Rows {
        /// The key of the enclosing row.
        total: Vec<String>,
        /// The keys of the enclosed rows (disjoint from each other).
        parts: Vec<Vec<String>>,
        /// Whether the parts cover the total.
        coverage: Coverage,
    },
    /// In every row, quantity `total` is the sum of quantities `parts` (plus a remainder when
    /// coverage is partial): residents = Danish + immigrants + descendants.
    Quantities {
        /// The total quantity.
        total: String,
        /// The (disjoint) part quantities.
        parts: Vec<String>,
        /// Whether the parts cover the total.
        coverage: Coverage,
    },
}

/// Whether the parts of a relation make up the whole total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// The parts add up to the total exactly.
    Complete,
    /// The parts leave a remainder (a sliver of a school district outside a housing area). The
    /// remainder is never published and is protected like a suppressed count.
    Partial,
}

impl std::fmt::Debug for ResultTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResultTable")
            .field("name", &self.name)
            .field("key_columns", &self.key_columns)
            .field("columns", &self.columns)
            .field("rows", &self.rows.len())
            .field("relations", &self.relations.len())
            .finish_non_exhaustive()
    }
}

impl ResultTable {
    /// An empty table. `key_columns` identify rows (for area tables: `kind`, `area_id`,
    /// `year`); tables with the same key columns share quantities and relations.
    pub fn new(
        name: &str,
        key_columns: &[&str],
        columns: Vec<Column>,
    ) -> Result<Self, PrivacyError> {
        let mut seen = HashSet::new();
        let headers = key_columns
            .iter()
            .map(|s| s.to_string())
            .chain(columns.iter().flat_map(Column::headers));
        for h in headers {
            if h.is_empty() || !seen.insert(h.clone()) {
                return Err(PrivacyError::table(
                    name,
                    format!("empty or duplicate column {h:?}"),
                ));
            }
        }
        if name.is_empty() || name.contains(['/', '\\', '.']) {
            return Err(PrivacyError::table(
                name,
                "a table name must be a plain file stem",
            ));
        }
        Ok(ResultTable {
            name: name.into(),
            key_columns: key_columns.iter().map(|s| s.to_string()).collect(),
            columns,
            rows: Vec::new(),
            relations: Vec::new(),
            titles: Titles::default(),
            statements: None,
            keys: HashSet::new(),
        })
    }

    /// Adds a row. `population` is the number of residents of the row's area (for the
    /// minimum-population rule); `None` when the row is not an area.
    pub fn push_row(
        &mut self,
        key: Vec<String>,
        population: Option<i64>,
        cells: Vec<Cell>,
    ) -> Result<(), PrivacyError> {
        if key.len() != self.key_columns.len() || cells.len() != self.columns.len() {
            return Err(PrivacyError::table(
                &self.name,
                "row width differs from the header",
            ));
        }
        if key.iter().any(|k| k == crate::release::SUPPRESSED) {
            return Err(PrivacyError::table(
                &self.name,
                "a key value may not be \"..\"",
            ));
        }
        for (col, cell) in self.columns.iter().zip(&cells) {
            if !col.accepts(cell) || !cell.is_sane() {
                let msg = format!(
                    "column {}: a cell does not fit the column's kind or is not sane",
                    col.name
                );
                return Err(PrivacyError::table(&self.name, msg));
            }
        }
        if !self.keys.insert(key.clone()) {
            return Err(PrivacyError::table(
                &self.name,
                format!("duplicate row key {key:?}"),
            ));
        }
        self.rows.push(Row {
            key,
            population,
            cells,
        });
        Ok(())
    }

    /// Declares a relation between rows or quantities.
    pub fn add_relation(&mut self, relation: Relation) -> Result<(), PrivacyError> {
        if let Relation::Rows { total, parts, .. } = &relation {
            let width = self.key_columns.len();
            if total.len() != width || parts.iter().any(|p| p.len() != width) {
                return Err(PrivacyError::table(
                    &self.name,
                    "relation keys differ from the key columns",
                ));
            }
        }
        self.relations.push(relation);
        Ok(())
    }

    /// Sets the table's titles (Danish, English) and the key column holding its year.
    pub fn with_titles(mut self, titles: Titles) -> Self {
        self.titles = titles;
        self
    }

    /// Declares that each row is itself a statement about the quantities its cells rest on.
    ///
    /// A warning "markedly worse than the rest of the municipality" says something about a share
    /// even when the share is withheld: its row's existence is the statement. The release
    /// therefore leaves out every row of such a table in which a cell is withheld, rather than
    /// publishing the row with `..`. When `rank` names a key column that numbers the rows
    /// (1, 2, … within the values of the key columns `groups`), the rows left are numbered
    /// again in their order, so no gap tells that a row was left out.
    ///
    /// Such a table may not publish quantities of its own (its cells are computed from other
    /// tables' quantities), so leaving rows out cannot change what secondary suppression
    /// protects.
    pub fn statements(mut self, rank: Option<(&str, &[&str])>) -> Result<Self, PrivacyError> {
        if self.columns.iter().any(|c| !c.quantities().is_empty()) {
            return Err(PrivacyError::table(
                &self.name,
                "a table of statements may not publish quantities of its own",
            ));
        }
        let index = |col: &str| {
            self.key_columns
                .iter()
                .position(|k| k == col)
                .ok_or_else(|| PrivacyError::table(&self.name, format!("no key column {col:?}")))
        };
        let statements = match rank {
            None => Statements {
                rank: None,
                groups: Vec::new(),
            },
            Some((rank, groups)) => Statements {
                rank: Some(index(rank)?),
                groups: groups.iter().map(|g| index(g)).collect::<Result<_, _>>()?,
            },
        };
        self.statements = Some(statements);
        Ok(self)
    }

    /// The table's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Independent parts of a set of tables: groups of rows that no relation connects to rows of
/// another group. Rows are nodes `(key columns, key)` (tables with the same key columns share
/// them); a `Rows` relation joins its total and parts. Secondary suppression of one part cannot
/// change what an attacker learns about another, so each part is protected on its own.
pub(crate) fn components(tables: &[ResultTable]) -> Vec<Vec<ResultTable>> {
    use std::collections::HashMap;
    let mut ids: HashMap<(Vec<String>, Vec<String>), usize> = HashMap::new();
    let mut parent: Vec<usize> = Vec::new();
    let mut node = |schema: &[String], key: &[String], parent: &mut Vec<usize>| -> usize {
        *ids.entry((schema.to_vec(), key.to_vec()))
            .or_insert_with(|| {
                parent.push(parent.len());
                parent.len() - 1
            })
    };
    fn find(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let row_nodes: Vec<Vec<usize>> = tables
        .iter()
        .map(|t| {
            t.rows
                .iter()
                .map(|r| node(&t.key_columns, &r.key, &mut parent))
                .collect()
        })
        .collect();
    let mut relation_nodes: Vec<Vec<Option<usize>>> = Vec::new();
    for t in tables {
        let mut of_table = Vec::new();
        for rel in &t.relations {
            let first = match rel {
                Relation::Rows { total, parts, .. } => {
                    let a = node(&t.key_columns, total, &mut parent);
                    for p in parts {
                        let b = node(&t.key_columns, p, &mut parent);
                        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
                        parent[ra] = rb;
                    }
                    Some(a)
                }
                Relation::Quantities { .. } => None,
            };
            of_table.push(first);
        }
        relation_nodes.push(of_table);
    }
    let mut groups: HashMap<usize, usize> = HashMap::new();
    let mut rows_of: Vec<Vec<Vec<usize>>> = Vec::new();
    let mut rels_of: Vec<Vec<Vec<usize>>> = Vec::new();
    let mut size: Vec<usize> = Vec::new();
    let mut group = |root: usize,
                     rows_of: &mut Vec<Vec<Vec<usize>>>,
                     rels_of: &mut Vec<Vec<Vec<usize>>>,
                     size: &mut Vec<usize>|
     -> usize {
        *groups.entry(root).or_insert_with(|| {
            rows_of.push(vec![Vec::new(); tables.len()]);
            rels_of.push(vec![Vec::new(); tables.len()]);
            size.push(0);
            rows_of.len() - 1
        })
    };
    for (ti, nodes) in row_nodes.iter().enumerate() {
        for (ri, &n) in nodes.iter().enumerate() {
            let root = find(&mut parent, n);
            let g = group(root, &mut rows_of, &mut rels_of, &mut size);
            rows_of[g][ti].push(ri);
            size[g] += 1;
        }
    }
    for (ti, rels) in relation_nodes.iter().enumerate() {
        for (qi, n) in rels.iter().enumerate() {
            if let Some(n) = n {
                let root = find(&mut parent, *n);
                let g = group(root, &mut rows_of, &mut rels_of, &mut size);
                rels_of[g][ti].push(qi);
            }
        }
    }
    // a relation between quantities holds in every row: every part gets it
    let quantity_rels: Vec<Vec<usize>> = tables
        .iter()
        .map(|t| {
            t.relations
                .iter()
                .enumerate()
                .filter(|(_, r)| matches!(r, Relation::Quantities { .. }))
                .map(|(i, _)| i)
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    let mut singles: Vec<Vec<usize>> = vec![Vec::new(); tables.len()];
    for g in 0..rows_of.len() {
        // rows that no relation joins to another are batched into one part
        if size[g] <= 1 && rels_of[g].iter().all(Vec::is_empty) {
            for (ti, rows) in rows_of[g].iter().enumerate() {
                singles[ti].extend(rows);
            }
            continue;
        }
        out.push(subset(tables, &rows_of[g], &rels_of[g], &quantity_rels));
    }
    if singles.iter().any(|r| !r.is_empty()) {
        let none = vec![Vec::new(); tables.len()];
        out.push(subset(tables, &singles, &none, &quantity_rels));
    }
    out
}

fn subset(
    tables: &[ResultTable],
    rows: &[Vec<usize>],
    rels: &[Vec<usize>],
    quantity_rels: &[Vec<usize>],
) -> Vec<ResultTable> {
    tables
        .iter()
        .enumerate()
        .map(|(ti, t)| {
            let mut idx: Vec<usize> = rels[ti].clone();
            idx.extend(quantity_rels[ti].iter().copied());
            idx.sort_unstable();
            idx.dedup();
            ResultTable {
                name: t.name.clone(),
                key_columns: t.key_columns.clone(),
                columns: t.columns.clone(),
                rows: rows[ti].iter().map(|&r| t.rows[r].clone()).collect(),
                relations: idx.iter().map(|&i| t.relations[i].clone()).collect(),
                titles: t.titles.clone(),
                statements: t.statements.clone(),
                keys: HashSet::new(),
            }
        })
        .collect()
}
