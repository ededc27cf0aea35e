//! Computed cells whose inputs are their documented meaning: a column's [`Meaning`] names the
//! atoms its values are computed from, relative to the row, and [`RowCtx::cell`] turns it into the
//! exact [`QuantityRef`]s the release checks. The provenance the release enforces and the meaning
//! the manifest documents are therefore one and the same.

use std::collections::BTreeMap;

use bydel_model::{AreaId, Kind, Missing, Year};
use bydel_privacy::{AreaRef, Cell, Column, Computed, Meaning, QuantityRef, Term};

use crate::atoms::{AREA_KEYS, key};

/// A column: its name, meaning and decimals.
#[derive(Debug, Clone)]
pub struct Col {
    /// The CSV header.
    pub name: String,
    /// What it means.
    pub meaning: Meaning,
    /// Decimals shown.
    pub decimals: Option<u8>,
}

impl Col {
    /// A column.
    pub fn new(name: impl Into<String>, meaning: Meaning, decimals: Option<u8>) -> Col {
        Col {
            name: name.into(),
            meaning,
            decimals,
        }
    }
    /// A public label column (names, ids, codes of definitions).
    pub fn label(name: impl Into<String>) -> Col {
        Col::new(name, Meaning::Label, None)
    }
    /// The privacy column.
    pub fn column(&self) -> Column {
        Column::computed(&self.name, self.meaning.clone(), self.decimals)
    }
}

/// The row a cell belongs to: its area, its year, and the measures named by its `$` columns.
#[derive(Debug, Clone)]
pub struct RowCtx<'a> {
    /// The row's area.
    pub kind: &'a Kind,
    /// The row's area id.
    pub id: &'a AreaId,
    /// The row's year.
    pub year: Year,
    /// Values of the row's columns that terms may name as `$column`.
    pub vars: BTreeMap<String, String>,
    /// The years of the counts: a term in another year names no atom (there is none to protect).
    pub years: &'a [Year],
}

impl<'a> RowCtx<'a> {
    /// The context of an area-year row whose meanings name no `$column`.
    pub fn new(kind: &'a Kind, id: &'a AreaId, year: Year, years: &'a [Year]) -> RowCtx<'a> {
        RowCtx {
            kind,
            id,
            year,
            vars: BTreeMap::new(),
            years,
        }
    }
    /// A computed number; `None` is a missing value (no data), never 0.
    pub fn number(&self, value: Option<f64>, col: &Col) -> Cell {
        match value.filter(|x| x.is_finite()) {
            Some(x) => Cell::Computed {
                value: Computed::Number(x),
                from: self.refs(&col.meaning),
            },
            None => Cell::Missing(Missing::NoData),
        }
    }
    /// A computed text (a label derived from data, or a sentence) resting on `col`'s atoms.
    pub fn text(&self, value: Option<String>, col: &Col) -> Cell {
        match value.filter(|s| !s.is_empty()) {
            Some(s) => Cell::Computed {
                value: Computed::Text(s),
                from: self.refs(&col.meaning),
            },
            None => Cell::Missing(Missing::NoData),
        }
    }
    /// A sentence resting on the atoms of the columns it carries numbers from.
    pub fn sentence(&self, value: Option<String>, from: &[&Col]) -> Cell {
        match value.filter(|s| !s.is_empty()) {
            Some(s) => Cell::Computed {
                value: Computed::Text(s),
                from: from.iter().flat_map(|c| self.refs(&c.meaning)).collect(),
            },
            None => Cell::Missing(Missing::NoData),
        }
    }

    /// The atoms a meaning names for this row (none for labels and constants).
    pub fn refs(&self, meaning: &Meaning) -> Vec<QuantityRef> {
        let terms: Vec<&Term> = match meaning {
            Meaning::Sum { terms } => terms.iter().collect(),
            Meaning::Ratio { num, den, .. } => num.iter().chain(den).collect(),
            Meaning::MeanRatio { parts, .. } => parts
                .iter()
                .flat_map(|p| p.num.iter().chain(&p.den))
                .collect(),
            Meaning::Derived { from } => from.iter().collect(),
            Meaning::Text { .. } | Meaning::Label | Meaning::Constant => Vec::new(),
        };
        terms
            .into_iter()
            .filter(|t| {
                let y = self.year.get() + t.year_offset;
                self.years.iter().any(|k| k.get() == y)
            })
            .map(|t| self.resolve(t))
            .collect()
    }

    /// `s`, or the row's value of column `c` when `s` is `$c`.
    fn var(&self, s: &str) -> String {
        match s.strip_prefix('$') {
            Some(c) => self.vars.get(c).cloned().unwrap_or_default(),
            None => s.to_string(),
        }
    }

    fn resolve(&self, t: &Term) -> QuantityRef {
        let (kind, id) = match &t.area {
            AreaRef::Own => (self.kind.as_str().to_string(), self.id.as_str().to_string()),
            AreaRef::Named { kind, area_id } => (self.var(kind), self.var(area_id)),
        };
        let measure = self.var(&t.measure);
        let year = self.year.get() + t.year_offset;
        QuantityRef {
            key_columns: AREA_KEYS.iter().map(|s| s.to_string()).collect(),
            key: vec![kind, id, year.to_string()],
            quantity: measure,
        }
    }
}

/// The row key of an area-year (re-exported for tables).
pub fn area_key(kind: &Kind, id: &AreaId, year: Year) -> Vec<String> {
    key(kind, id, year)
}

/// Terms of `measure` summed over `window` years ending in the row's year, times `coef`.
pub fn window_terms(measure: &str, window: u32, coef: f64) -> Vec<Term> {
    (0..window.max(1) as i32)
        .map(|k| Term::own(measure).years_back(-k).times(coef))
        .collect()
}

/// The same terms in another area, with the sign flipped (for "the rest" = total − own).
pub fn rest_terms(terms: &[Term], kind: &str, id: &str) -> Vec<Term> {
    terms
        .iter()
        .map(|t| t.clone().in_area(kind, id))
        .chain(terms.iter().map(|t| {
            let c = t.coef;
            t.clone().times(-c)
        }))
        .collect()
}

/// Every term of several meanings, for a derived value computed from all of them.
pub fn all_terms(meanings: &[&Meaning]) -> Vec<Term> {
    let mut out: Vec<Term> = Vec::new();
    for m in meanings {
        let ts: Vec<&Term> = match m {
            Meaning::Sum { terms } => terms.iter().collect(),
            Meaning::Ratio { num, den, .. } => num.iter().chain(den).collect(),
            Meaning::MeanRatio { parts, .. } => parts
                .iter()
                .flat_map(|p| p.num.iter().chain(&p.den))
                .collect(),
            Meaning::Derived { from } => from.iter().collect(),
            _ => Vec::new(),
        };
        for t in ts {
            let mut t = t.clone();
            t.coef = 1.0;
            if !out.contains(&t) {
                out.push(t);
            }
        }
    }
    out
}

/// A public label (a name, an id, a definition's code): computed from no atom.
pub fn label(value: Option<String>) -> Cell {
    match value.filter(|s| !s.is_empty()) {
        Some(s) => Cell::Computed {
            value: Computed::Text(s),
            from: Vec::new(),
        },
        None => Cell::Missing(Missing::NoData),
    }
}

/// A public constant (a target the council set, a law threshold): computed from no atom.
pub fn constant(value: Option<f64>) -> Cell {
    match value.filter(|x| x.is_finite()) {
        Some(x) => Cell::Computed {
            value: Computed::Number(x),
            from: Vec::new(),
        },
        None => Cell::Missing(Missing::NoData),
    }
}
