//! The attacker's problem: every published quantity as a variable, what the public knows about
//! it (exact, or an interval when counts are rounded), the equations the relations give
//! (total − Σ parts − remainder = 0), and the *secrets* that must stay protected: a suppressed
//! count, a suppressed share's numerator and complement, a suppressed sum and its
//! contributors, the unpublished remainder of a partial relation.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::cell::{ColumnKind, Unit};
use crate::error::PrivacyError;
use crate::policy::Rounding;
use crate::table::{Coverage, Relation};
use crate::view::{CellState, View};

/// The identity of a variable: a quantity of a row (rows are identified by their key columns
/// and key values), or the remainder of one relation.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum VarKey {
    /// A quantity of a row.
    Cell {
        schema: Vec<String>,
        key: Vec<String>,
        quantity: String,
    },
    /// The unpublished remainder of relation `relation` (for a row key and quantity).
    Remainder {
        relation: usize,
        key: Vec<String>,
        quantity: String,
    },
    /// The complement (denominator − numerator ≥ 0) of a share: what the attacker knows from
    /// a share's numerator never exceeding its denominator.
    Complement {
        numerator: usize,
        denominator: usize,
    },
}

/// One equation before indexing: total, parts, unit, row key and quantity (for the remainder).
type Equation = (VarKey, Vec<VarKey>, Unit, Vec<String>, String);

/// What the public knows about a variable.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Known {
    Exact(i64),
    Range(i64, i64),
}

/// How much protection a secret needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Criterion {
    /// A suppressed number of this unit.
    Suppressed(Unit),
    /// An unpublished remainder: must not be narrowed into `1..min_count`.
    SmallGroup,
}

#[derive(Debug, Clone)]
pub(crate) struct Secret {
    pub(crate) form: Vec<(usize, i64)>,
    pub(crate) criterion: Criterion,
    pub(crate) label: String,
}

/// The attacker's equations and unknowns.
#[derive(Debug, Clone, Default)]
pub(crate) struct Problem {
    keys: Vec<VarKey>,
    index: HashMap<VarKey, usize>,
    pub(crate) units: Vec<Unit>,
    shown: Vec<Option<i64>>,
    pub(crate) known: Vec<Option<Known>>,
    /// Σ coef·x = 0, and whether the relation that produced it is complete.
    pub(crate) constraints: Vec<(Vec<(usize, i64)>, Coverage)>,
    pub(crate) secrets: Vec<Secret>,
}

impl Problem {
    /// Builds the attacker's problem from a view.
    pub(crate) fn build(view: &View) -> Result<Problem, PrivacyError> {
        let mut p = Problem::default();
        let mut suppressed = Vec::new();
        let mut shares = Vec::new();
        let mut quantities: BTreeMap<Vec<String>, BTreeMap<String, Unit>> = BTreeMap::new();
        let mut row_keys: BTreeMap<Vec<String>, Vec<Vec<String>>> = BTreeMap::new();
        for (tm, tv) in view.manifest.tables.iter().zip(&view.tables) {
            let qs = quantities.entry(tm.key_columns.clone()).or_default();
            for col in &tm.columns {
                for (q, u) in col.quantities() {
                    qs.insert(q.to_owned(), u);
                }
            }
            let keys = row_keys.entry(tm.key_columns.clone()).or_default();
            for row in &tv.rows {
                keys.push(row.key.clone());
                for (col, state) in tm.columns.iter().zip(&row.cells) {
                    let vars: Vec<usize> = col
                        .quantities()
                        .iter()
                        .map(|(q, u)| {
                            p.var(
                                VarKey::Cell {
                                    schema: tm.key_columns.clone(),
                                    key: row.key.clone(),
                                    quantity: q.to_string(),
                                },
                                *u,
                            )
                        })
                        .collect();
                    if let (ColumnKind::Share { .. }, [n, d]) = (&col.kind, vars.as_slice()) {
                        shares.push((*n, *d));
                    }
                    match state {
                        CellState::Shown(values) => p.show(&tm.name, &vars, values)?,
                        CellState::Suppressed => suppressed.push((col.kind.clone(), vars)),
                        CellState::Missing => {}
                    }
                }
            }
        }
        for (i, rm) in view.manifest.relations.iter().enumerate() {
            let qs = quantities.get(&rm.key_columns).cloned().unwrap_or_default();
            let keys = row_keys.get(&rm.key_columns).cloned().unwrap_or_default();
            p.relate(i, &rm.key_columns, &rm.relation, &qs, &keys);
        }
        p.bound_shares(shares);
        p.known = p.shown.iter().map(|s| s.map(Known::Exact)).collect();
        if let Rounding::NearestMultiple(base) = view.manifest.policy.rounding {
            p.apply_rounding(i64::from(base));
        }
        for (kind, vars) in suppressed {
            p.add_cell_secrets(&kind, &vars);
        }
        p.drop_known_secrets();
        Ok(p)
    }

    /// The key of variable `v`.
    pub(crate) fn key(&self, v: usize) -> &VarKey {
        &self.keys[v]
    }

    /// Whether variable `v` is published exactly.
    pub(crate) fn is_shown(&self, v: usize) -> bool {
        self.shown[v].is_some()
    }

    /// Whether variable `v` is the total of some relation.
    pub(crate) fn is_total(&self, v: usize) -> bool {
        self.constraints
            .iter()
            .any(|(c, _)| c.first().is_some_and(|&(t, _)| t == v))
    }

    /// The variables sharing an equation with any variable of finding number `i`'s secret.
    pub(crate) fn neighbours(&self, finding_vars: &[usize]) -> Vec<usize> {
        let set: HashSet<usize> = finding_vars.iter().copied().collect();
        let mut out: Vec<usize> = self
            .constraints
            .iter()
            .filter(|(c, _)| c.iter().any(|(v, _)| set.contains(v)))
            .flat_map(|(c, _)| c.iter().map(|(v, _)| *v))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// Published person counts.
    pub(crate) fn shown_persons(&self) -> Vec<usize> {
        (0..self.keys.len())
            .filter(|&v| self.shown[v].is_some() && self.units[v] == Unit::Persons)
            .collect()
    }

    /// For each total of a complete relation whose parts are all published, its parts (the
    /// first such relation wins).
    pub(crate) fn complete_sums(&self) -> HashMap<usize, Vec<usize>> {
        let mut out = HashMap::new();
        for (c, cov) in &self.constraints {
            if *cov == Coverage::Complete && c[1..].iter().all(|(v, _)| self.shown[*v].is_some()) {
                out.entry(c[0].0)
                    .or_insert_with(|| c[1..].iter().map(|(v, _)| *v).collect());
            }
        }
        out
    }

    fn var(&mut self, key: VarKey, unit: Unit) -> usize {
        if let Some(&v) = self.index.get(&key) {
            return v;
        }
        self.keys.push(key.clone());
        self.index.insert(key, self.keys.len() - 1);
        self.units.push(unit);
        self.shown.push(None);
        self.keys.len() - 1
    }

    fn show(&mut self, table: &str, vars: &[usize], values: &[i64]) -> Result<(), PrivacyError> {
        if vars.len() != values.len() {
            return Err(PrivacyError::Internal(format!(
                "{table}: cell width mismatch"
            )));
        }
        for (&v, &x) in vars.iter().zip(values) {
            match self.shown[v] {
                Some(old) if old != x => {
                    let msg = format!("{} is published as both {old} and {x}", self.describe(v));
                    return Err(PrivacyError::input(format!("{table}.csv"), 0, msg));
                }
                _ => self.shown[v] = Some(x),
            }
        }
        Ok(())
    }

    fn relate(
        &mut self,
        i: usize,
        schema: &[String],
        rel: &Relation,
        qs: &BTreeMap<String, Unit>,
        keys: &[Vec<String>],
    ) {
        let cell = |key: &[String], q: &str| VarKey::Cell {
            schema: schema.to_vec(),
            key: key.to_vec(),
            quantity: q.to_owned(),
        };
        let mut equations: Vec<Equation> = Vec::new();
        match rel {
            Relation::Rows { total, parts, .. } => {
                for (q, u) in qs {
                    let ps = parts.iter().map(|k| cell(k, q)).collect();
                    equations.push((cell(total, q), ps, *u, total.clone(), q.clone()));
                }
            }
            Relation::Quantities { total, parts, .. } => {
                let u = qs.get(total).copied().unwrap_or(Unit::Persons);
                for k in keys {
                    let ps = parts.iter().map(|q| cell(k, q)).collect();
                    equations.push((cell(k, total), ps, u, k.clone(), total.clone()));
                }
            }
        }
        let coverage = match rel {
            Relation::Rows { coverage, .. } | Relation::Quantities { coverage, .. } => *coverage,
        };
        for (t, ps, u, key, q) in equations {
            let mut eq = vec![(self.var(t, u), 1)];
            eq.extend(ps.into_iter().map(|pk| (self.var(pk, u), -1)));
            if coverage == Coverage::Partial {
                let r = self.var(
                    VarKey::Remainder {
                        relation: i,
                        key,
                        quantity: q,
                    },
                    u,
                );
                eq.push((r, -1));
                if u == Unit::Persons {
                    let label = format!("{} (unpublished remainder)", self.describe(r));
                    self.secrets.push(Secret {
                        form: vec![(r, 1)],
                        criterion: Criterion::SmallGroup,
                        label,
                    });
                }
            }
            self.constraints.push((eq, coverage));
        }
    }

    /// With rounding, shown person counts are known only to within the rounding interval,
    /// except totals that the release computed as the sum of their (all shown) rounded parts.
    fn apply_rounding(&mut self, base: i64) {
        let derived: HashSet<usize> = self.complete_sums().into_keys().collect();
        for v in 0..self.keys.len() {
            let (Some(x), Unit::Persons) = (self.shown[v], self.units[v]) else {
                continue;
            };
            self.known[v] = if derived.contains(&v) {
                None
            } else {
                Some(Known::Range((x - base / 2).max(0), x + (base + 1) / 2 - 1))
            };
        }
    }

    fn add_cell_secrets(&mut self, kind: &ColumnKind, vars: &[usize]) {
        let push = |form: Vec<(usize, i64)>, criterion, role: &str, p: &mut Problem| {
            let label = format!("{} ({role})", p.describe(form[0].0));
            p.secrets.push(Secret {
                form,
                criterion,
                label,
            });
        };
        match (kind, vars) {
            (ColumnKind::Count { .. }, [c]) => push(
                vec![(*c, 1)],
                Criterion::Suppressed(Unit::Persons),
                "count",
                self,
            ),
            (ColumnKind::Share { .. }, [n, d]) => {
                push(
                    vec![(*n, 1)],
                    Criterion::Suppressed(Unit::Persons),
                    "share numerator",
                    self,
                );
                push(
                    vec![(*d, 1), (*n, -1)],
                    Criterion::Suppressed(Unit::Persons),
                    "share complement",
                    self,
                );
            }
            (ColumnKind::Mean { .. } | ColumnKind::Sum { .. }, [s, c]) => {
                push(
                    vec![(*s, 1)],
                    Criterion::Suppressed(Unit::Money),
                    "sum",
                    self,
                );
                push(
                    vec![(*c, 1)],
                    Criterion::Suppressed(Unit::Persons),
                    "contributors",
                    self,
                );
            }
            _ => {}
        }
    }

    /// A secret all of whose variables are published exactly is published information.
    fn drop_known_secrets(&mut self) {
        let known = &self.known;
        let mut seen = HashSet::new();
        self.secrets.retain(|s| {
            let hidden = s
                .form
                .iter()
                .any(|(v, _)| !matches!(known[*v], Some(Known::Exact(_))));
            hidden && seen.insert(s.form.clone())
        });
    }

    /// numerator + complement = denominator, complement ≥ 0, for every share.
    fn bound_shares(&mut self, mut shares: Vec<(usize, usize)>) {
        shares.sort_unstable();
        shares.dedup();
        for (n, d) in shares {
            let slack = self.var(
                VarKey::Complement {
                    numerator: n,
                    denominator: d,
                },
                Unit::Persons,
            );
            self.constraints
                .push((vec![(d, 1), (n, -1), (slack, -1)], Coverage::Partial));
        }
    }

    fn describe(&self, v: usize) -> String {
        match &self.keys[v] {
            VarKey::Complement { numerator, .. } => {
                format!("{} complement", self.describe(*numerator))
            }
            VarKey::Cell { key, quantity, .. } => format!("{} {quantity}", key.join("/")),
            VarKey::Remainder { key, quantity, .. } => {
                format!("{} {quantity} remainder", key.join("/"))
            }
        }
    }
}
