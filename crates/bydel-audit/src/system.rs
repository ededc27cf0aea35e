//! The attacker's system over the atoms, built from the documented meaning of every column:
//! each released number becomes a linear constraint (an interval when it is rounded), the
//! hierarchy adds its sums, and every atom is a non-negative integer.
//!
//! Ratios are exact linear constraints: a shown ratio `r` with rounding interval `[lo, hi]`
//! and a positive denominator gives `lo·D ≤ scale·N ≤ hi·D`. A mean of ratios is linear once
//! its denominators are known; otherwise each part gets an auxiliary ratio variable tied to its
//! numerator and denominator by McCormick envelopes over the denominator's bounds — an outer
//! approximation, so the audit never claims more than an attacker can know.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::geo::Hierarchy;
use crate::manifest::{AreaRef, ColumnSpec, Manifest, Meaning, Rounding, TableSpec, Term};
use crate::report::{AtomName, Finding, FindingKind, Location};
use crate::tables::{CsvRow, CsvTable, Value};

/// A linear combination: `(variable, coefficient)`.
pub type Lin = Vec<(usize, f64)>;

/// `lo ≤ Σ coef·var ≤ hi`.
#[derive(Debug, Clone)]
pub struct Constraint {
    /// The terms (each variable once).
    pub terms: Lin,
    /// Lower bound (may be −∞).
    pub lo: f64,
    /// Upper bound (may be +∞).
    pub hi: f64,
}

/// The variables of the system: atoms, and auxiliary ratio variables of means.
#[derive(Debug, Clone, Default)]
pub struct Vars {
    /// The atom each variable stands for (`None` for an auxiliary variable).
    pub atom: Vec<Option<AtomName>>,
    index: HashMap<AtomName, usize>,
}

impl Vars {
    /// The variable of an atom, created on first use.
    pub fn atom(&mut self, name: AtomName) -> usize {
        if let Some(&i) = self.index.get(&name) {
            return i;
        }
        self.atom.push(Some(name.clone()));
        self.index.insert(name, self.atom.len() - 1);
        self.atom.len() - 1
    }

    /// The variable of an atom, if it exists.
    pub fn find(&self, name: &AtomName) -> Option<usize> {
        self.index.get(name).copied()
    }

    /// A new auxiliary (real, non-negative) variable.
    pub fn aux(&mut self) -> usize {
        self.atom.push(None);
        self.atom.len() - 1
    }

    /// How many variables.
    pub fn len(&self) -> usize {
        self.atom.len()
    }
}

/// A suppressed cell and the atoms it is computed from.
#[derive(Debug, Clone)]
pub struct SuppressedCell {
    /// Where it is.
    pub location: Location,
    /// Its atoms.
    pub atoms: Vec<usize>,
    /// For a `sum` column with more than one atom: the sum itself, whose interval also counts.
    pub sum: Option<Lin>,
}

/// A released ratio or mean of ratios: its numerators and denominators, for the small-count
/// check.
#[derive(Debug, Clone)]
pub struct ReleasedRatio {
    /// Where it is.
    pub location: Location,
    /// `(numerator, denominator)` of each part, without the scale.
    pub parts: Vec<(Lin, Lin)>,
}

/// A released `derived` value and its `from` atoms.
#[derive(Debug, Clone)]
pub struct ReleasedDerived {
    /// Where it is.
    pub location: Location,
    /// Its atoms.
    pub atoms: Vec<usize>,
}

/// A mean of ratios waiting for its denominators' bounds (only means whose scale and
/// coefficients are non-negative: each part's ratio is then non-negative, which the
/// envelopes need; others are left out, which only loosens the attacker's system).
#[derive(Debug, Clone)]
pub struct MeanRatio {
    /// `(numerator, denominator)` of each part, scale already in the numerator.
    pub parts: Vec<(Lin, Lin)>,
    /// Lower bound of the mean.
    pub lo: f64,
    /// Upper bound of the mean.
    pub hi: f64,
}

/// Everything read from the tables.
#[derive(Debug, Default)]
pub struct System {
    /// The variables.
    pub vars: Vars,
    /// The linear constraints.
    pub constraints: Vec<Constraint>,
    /// Means of ratios (turned into constraints by [`System::linearise_means`]).
    pub means: Vec<MeanRatio>,
    /// Suppressed cells.
    pub suppressed: Vec<SuppressedCell>,
    /// Released ratios and means.
    pub ratios: Vec<ReleasedRatio>,
    /// Released derived values.
    pub derived: Vec<ReleasedDerived>,
    /// Atoms released directly (a `sum` cell of that atom alone).
    pub direct: BTreeSet<usize>,
    /// The first cells each atom is released in directly, with their shown values.
    pub direct_cells: BTreeMap<usize, (Location, f64)>,
    /// Released numeric cells.
    pub released_cells: usize,
    /// Problems met while reading.
    pub findings: Vec<Finding>,
    /// Counts of persons computable from documented identities (`0` or at least the minimum).
    pub checks: Vec<crate::flows::CountCheck>,
    /// The documented identities among the constraints, named (for findings).
    pub identities: Vec<crate::flows::Identity>,
}

impl System {
    /// Adds every numeric cell of one table.
    pub fn add_table(&mut self, manifest: &Manifest, spec: &TableSpec, table: &CsvTable) {
        for column in &spec.columns {
            if !column.meaning.is_numeric() || matches!(column.meaning, Meaning::Constant) {
                continue;
            }
            if table.column(&column.name).is_none() {
                self.findings.push(Finding {
                    kind: FindingKind::UnauditedColumn,
                    location: Location::file(&table.file),
                    message: format!("documented column {} is not in the file", column.name),
                });
                continue;
            }
            for row in &table.rows {
                self.add_cell(manifest, spec, table, row, column);
            }
        }
    }

    /// Adds the hierarchy's sums for every measure and year that has atoms: `=` where the
    /// children partition the parent, `≤` otherwise.
    pub fn add_hierarchy(&mut self, hierarchy: &Hierarchy) {
        let measure_years: BTreeSet<(String, i32)> = self
            .vars
            .atom
            .iter()
            .flatten()
            .map(|a| (a.measure.clone(), a.year))
            .collect();
        for ((parent_kind, parent_id), by_kind) in &hierarchy.children {
            for (kind, ids) in by_kind {
                let partition = hierarchy.is_partition(kind, parent_kind);
                for (measure, year) in &measure_years {
                    let name = |k: &str, id: &str| AtomName {
                        measure: measure.clone(),
                        kind: k.into(),
                        area_id: id.into(),
                        year: *year,
                    };
                    let known = std::iter::once(name(parent_kind, parent_id))
                        .chain(ids.iter().map(|id| name(kind, id)))
                        .any(|a| self.vars.find(&a).is_some());
                    if !known {
                        continue;
                    }
                    let parent = self.vars.atom(name(parent_kind, parent_id));
                    let mut terms = vec![(parent, -1.0)];
                    terms.extend(ids.iter().map(|id| (self.vars.atom(name(kind, id)), 1.0)));
                    let lo = if partition { 0.0 } else { f64::NEG_INFINITY };
                    self.constraints.push(Constraint {
                        terms: merge(terms),
                        lo,
                        hi: 0.0,
                    });
                }
            }
        }
    }

    fn add_cell(
        &mut self,
        manifest: &Manifest,
        spec: &TableSpec,
        table: &CsvTable,
        row: &CsvRow,
        column: &ColumnSpec,
    ) {
        let raw = table.raw(row, &column.name).unwrap_or("");
        let location = Location::cell(&table.file, row.line, &column.name);
        let value = crate::tables::value(raw, &manifest.suppressed);
        if matches!(value, Value::Empty) {
            return;
        }
        let resolved = match Resolver::new(spec, table, row) {
            Ok(resolver) => resolver.meaning(&column.meaning, &mut self.vars),
            Err(message) => Err(message),
        };
        let meaning = match resolved {
            Ok(meaning) => meaning,
            Err(message) => {
                self.findings.push(Finding {
                    kind: FindingKind::UnauditedColumn,
                    location,
                    message,
                });
                return;
            }
        };
        match value {
            Value::Suppressed => self.add_suppressed(location, meaning),
            Value::Number(v) => {
                self.released_cells += 1;
                let (lo, hi) = shown_interval(v, column);
                self.add_released(location, meaning, v, lo, hi);
            }
            // a text computed from atoms (a category, a verdict, a sentence): released only
            // when its inputs are, like a derived number
            Value::Text(_) if matches!(meaning, Resolved::Derived(_)) => {
                self.released_cells += 1;
                if let Resolved::Derived(atoms) = meaning {
                    self.derived.push(ReleasedDerived { location, atoms });
                }
            }
            Value::Text(_) => self.findings.push(Finding {
                kind: FindingKind::UnauditedColumn,
                location,
                message: format!("expected a number, `..` or empty, found {raw:?}"),
            }),
            Value::Empty => {}
        }
    }

    fn add_suppressed(&mut self, location: Location, meaning: Resolved) {
        let atoms = meaning.atoms();
        let sum = match &meaning {
            Resolved::Sum(lin) if lin.len() > 1 => Some(lin.clone()),
            _ => None,
        };
        self.suppressed.push(SuppressedCell {
            location,
            atoms,
            sum,
        });
    }

    fn add_released(&mut self, location: Location, meaning: Resolved, v: f64, lo: f64, hi: f64) {
        match meaning {
            Resolved::Sum(lin) => {
                if let [(atom, coef)] = lin[..] {
                    self.direct.insert(atom);
                    self.direct_cells
                        .entry(atom)
                        .or_insert((location, v / coef));
                }
                self.constraints.push(Constraint { terms: lin, lo, hi });
            }
            Resolved::Ratio(num, den, scale) => {
                self.add_ratio(&scaled(&num, scale), &den, lo, hi);
                self.ratios.push(ReleasedRatio {
                    location,
                    parts: vec![(num, den)],
                });
            }
            Resolved::Mean(parts, scale) => {
                let k = parts.len() as f64;
                let monotone = scale >= 0.0
                    && parts
                        .iter()
                        .all(|(n, d)| n.iter().chain(d).all(|&(_, c)| c >= 0.0));
                if monotone {
                    self.means.push(MeanRatio {
                        parts: parts
                            .iter()
                            .map(|(n, d)| (scaled(n, scale), d.clone()))
                            .collect(),
                        lo: lo * k,
                        hi: hi * k,
                    });
                }
                self.ratios.push(ReleasedRatio { location, parts });
            }
            Resolved::Derived(atoms) => self.derived.push(ReleasedDerived { location, atoms }),
        }
    }

    /// `lo·D ≤ N ≤ hi·D` with `D > 0` (the ratio is shown, so its denominator is not zero).
    fn add_ratio(&mut self, num: &Lin, den: &Lin, lo: f64, hi: f64) {
        let combine = |bound: f64| {
            let mut terms = num.clone();
            terms.extend(den.iter().map(|&(v, c)| (v, -bound * c)));
            merge(terms)
        };
        self.constraints.push(Constraint {
            terms: combine(lo),
            lo: 0.0,
            hi: f64::INFINITY,
        });
        self.constraints.push(Constraint {
            terms: combine(hi),
            lo: f64::NEG_INFINITY,
            hi: 0.0,
        });
        if den.iter().all(|&(_, c)| c > 0.0) {
            let least = den.iter().map(|&(_, c)| c).fold(f64::INFINITY, f64::min);
            self.constraints.push(Constraint {
                terms: den.clone(),
                lo: least,
                hi: f64::INFINITY,
            });
        }
    }

    /// Turns every mean of ratios into linear constraints, given bounds on every variable:
    /// a part whose denominator is known exactly is linear in its numerator; any other part
    /// gets an auxiliary ratio variable `r` with McCormick envelopes of `N = r·D`.
    pub fn linearise_means(&mut self, bounds: &[(f64, f64)]) {
        let means = std::mem::take(&mut self.means);
        for mean in means {
            let mut total: Lin = Vec::new();
            for (num, den) in &mean.parts {
                let (dl, du) = lin_bounds(den, bounds);
                if dl == du && dl > 0.0 {
                    total.extend(num.iter().map(|&(v, c)| (v, c / dl)));
                    continue;
                }
                let r = self.vars.aux();
                total.push((r, 1.0));
                self.mccormick(num, den, r, dl.max(0.0), du, mean.hi);
            }
            self.constraints.push(Constraint {
                terms: merge(total),
                lo: mean.lo,
                hi: mean.hi,
            });
        }
    }

    /// Envelopes of `N = r·D` for `r ∈ [0, ru]`, `D ∈ [dl, du]`.
    fn mccormick(&mut self, num: &Lin, den: &Lin, r: usize, dl: f64, du: f64, ru: f64) {
        let with = |extra: Vec<(usize, f64)>| {
            let mut terms = num.clone();
            terms.extend(extra);
            merge(terms)
        };
        // N ≥ dl·r
        self.push(with(vec![(r, -dl)]), 0.0, f64::INFINITY);
        // N ≤ ru·D + dl·r − ru·dl
        if ru.is_finite() {
            let mut extra: Lin = den.iter().map(|&(v, c)| (v, -ru * c)).collect();
            extra.push((r, -dl));
            self.push(with(extra), f64::NEG_INFINITY, -ru * dl);
        }
        if du.is_finite() {
            // N ≤ du·r
            self.push(with(vec![(r, -du)]), f64::NEG_INFINITY, 0.0);
            // N ≥ ru·D + du·r − ru·du
            if ru.is_finite() {
                let mut extra: Lin = den.iter().map(|&(v, c)| (v, -ru * c)).collect();
                extra.push((r, -du));
                self.push(with(extra), -ru * du, f64::INFINITY);
            }
        }
    }

    fn push(&mut self, terms: Lin, lo: f64, hi: f64) {
        self.constraints.push(Constraint { terms, lo, hi });
    }
}

/// A meaning with its terms resolved to variables.
#[derive(Debug, Clone)]
enum Resolved {
    Sum(Lin),
    /// Unscaled numerator, denominator, scale.
    Ratio(Lin, Lin, f64),
    /// Unscaled parts, scale.
    Mean(Vec<(Lin, Lin)>, f64),
    Derived(Vec<usize>),
}

impl Resolved {
    fn atoms(&self) -> Vec<usize> {
        let mut out: Vec<usize> = match self {
            Resolved::Sum(lin) => lin.iter().map(|t| t.0).collect(),
            Resolved::Ratio(n, d, _) => n.iter().chain(d).map(|t| t.0).collect(),
            Resolved::Mean(parts, _) => parts
                .iter()
                .flat_map(|(n, d)| n.iter().chain(d).map(|t| t.0))
                .collect(),
            Resolved::Derived(atoms) => atoms.clone(),
        };
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Resolves the terms of one row: its area and year come from the key columns.
struct Resolver {
    area: Option<(String, String)>,
    year: Option<i32>,
    /// The row's raw cells by column, for `$column` references.
    cells: std::collections::BTreeMap<String, String>,
}

impl Resolver {
    fn new(spec: &TableSpec, table: &CsvTable, row: &CsvRow) -> Result<Resolver, String> {
        let kind = table.raw(row, "kind").map(str::trim);
        let id = table.raw(row, "area_id").map(str::trim);
        let area = match (kind, id) {
            (Some(k), Some(i)) if !k.is_empty() && !i.is_empty() => Some((k.into(), i.into())),
            _ => None,
        };
        let year =
            match table.raw(row, &spec.year_column).map(str::trim) {
                None | Some("") => None,
                Some(y) => Some(y.parse::<i32>().map_err(|_| {
                    format!("year column {}: {y:?} is not a year", spec.year_column)
                })?),
            };
        let cells = table
            .header
            .iter()
            .filter_map(|h| Some((h.clone(), table.raw(row, h)?.trim().to_string())))
            .collect();
        Ok(Resolver { area, year, cells })
    }

    /// `s`, or the row's value of column `c` when `s` is `$c` (docs/published-format.md).
    fn var(&self, s: &str) -> Result<String, String> {
        match s.strip_prefix('$') {
            None => Ok(s.to_string()),
            Some(c) => match self.cells.get(c) {
                Some(v) if !v.is_empty() && v != ".." => Ok(v.clone()),
                _ => Err(format!("a term names ${c}, but the row has no value there")),
            },
        }
    }

    fn meaning(&self, meaning: &Meaning, vars: &mut Vars) -> Result<Resolved, String> {
        Ok(match meaning {
            Meaning::Sum { terms } => Resolved::Sum(self.lin(terms, 1.0, vars)?),
            Meaning::Ratio { num, den, scale } => {
                Resolved::Ratio(self.lin(num, 1.0, vars)?, self.lin(den, 1.0, vars)?, *scale)
            }
            Meaning::MeanRatio { parts, scale } => {
                if parts.is_empty() {
                    return Err("mean_ratio without parts".into());
                }
                let mut out = Vec::new();
                for p in parts {
                    out.push((self.lin(&p.num, 1.0, vars)?, self.lin(&p.den, 1.0, vars)?));
                }
                Resolved::Mean(out, *scale)
            }
            Meaning::Derived { from } => {
                Resolved::Derived(self.lin(from, 1.0, vars)?.iter().map(|t| t.0).collect())
            }
            Meaning::Text { .. } | Meaning::Label | Meaning::Constant => {
                return Err("not a numeric meaning".into());
            }
        })
    }

    fn lin(&self, terms: &[Term], scale: f64, vars: &mut Vars) -> Result<Lin, String> {
        let mut out = Vec::with_capacity(terms.len());
        for t in terms {
            let (kind, area_id) = match &t.area {
                AreaRef::Row => self
                    .area
                    .clone()
                    .ok_or("a term of the row's area, but the row has no kind/area_id")?,
                AreaRef::Fixed { kind, area_id } => (self.var(kind)?, self.var(area_id)?),
            };
            let year = self
                .year
                .ok_or("a term needs the row's year, but it has none")?;
            if !t.coef.is_finite() || !scale.is_finite() {
                return Err("a coefficient or scale is not finite".into());
            }
            let atom = vars.atom(AtomName {
                measure: self.var(&t.measure)?,
                kind,
                area_id,
                year: year + t.year_offset,
            });
            out.push((atom, t.coef * scale));
        }
        Ok(merge(out))
    }
}

/// The exact values a shown number can stand for, given the column's rounding.
pub fn shown_interval(v: f64, column: &ColumnSpec) -> (f64, f64) {
    match (column.rounding, column.decimals) {
        (Some(Rounding::Ceil), _) => (v - 1.0, v),
        (Some(Rounding::Floor), _) => (v, v + 1.0),
        (None, Some(d)) => {
            let half = 0.5 * 10f64.powi(-(d as i32));
            (v - half, v + half)
        }
        (None, None) => (v, v),
    }
}

fn scaled(lin: &Lin, scale: f64) -> Lin {
    lin.iter().map(|&(v, c)| (v, c * scale)).collect()
}

/// Sums duplicate variables and drops zero coefficients.
pub fn merge(terms: Lin) -> Lin {
    let mut by_var: BTreeMap<usize, f64> = BTreeMap::new();
    for (v, c) in terms {
        *by_var.entry(v).or_default() += c;
    }
    by_var.into_iter().filter(|&(_, c)| c != 0.0).collect()
}

/// Bounds of a linear combination from bounds of its variables.
pub fn lin_bounds(lin: &Lin, bounds: &[(f64, f64)]) -> (f64, f64) {
    let (mut lo, mut hi) = (0.0, 0.0);
    for &(v, c) in lin {
        let (l, u) = bounds.get(v).copied().unwrap_or((0.0, f64::INFINITY));
        if c >= 0.0 {
            lo += c * l;
            hi += c * u;
        } else {
            lo += c * u;
            hi += c * l;
        }
    }
    (lo, hi)
}
