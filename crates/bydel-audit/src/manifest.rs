//! `manifest.json` as the contract describes it: tables, key columns and the meaning of every
//! column. Read with serde; anything the audit cannot interpret is an error naming the line
//! and column of the JSON.

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer};

/// The parsed manifest.
#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    /// The format tag (`bydel-published/…`).
    pub format: String,
    /// The disclosure policy the release claims to follow.
    pub policy: Policy,
    /// The marker of suppressed cells (`..` by default).
    #[serde(default = "default_marker")]
    pub suppressed: String,
    /// Every released table.
    pub tables: Vec<TableSpec>,
    /// Optional unit of each measure (`persons`, `dkk`, `micro_fte`, …). Not in the contract
    /// yet; when absent the audit guesses magnitudes from the measure's name.
    #[serde(default)]
    pub measure_units: BTreeMap<String, String>,
}

/// The parameters of the policy the audit needs (other fields are ignored).
#[derive(Debug, Clone, Deserialize)]
pub struct Policy {
    /// Preset name.
    #[serde(default)]
    pub name: String,
    /// The minimum count: no suppressed person count may be narrowed to fewer values, and no
    /// released value may rest on a count in `1..min_count`.
    pub min_count: u32,
    /// The p % rule's p: a suppressed magnitude (kroner, FTE) must stay uncertain by p % of
    /// its upper bound. Defaults to 10 when the manifest does not give it.
    #[serde(default = "default_p")]
    pub p_percent: f64,
}

/// One released table.
#[derive(Debug, Clone, Deserialize)]
pub struct TableSpec {
    /// The table's name.
    pub name: String,
    /// The CSV file inside `published/`.
    pub file: String,
    /// The columns that identify a row.
    #[serde(default)]
    pub key_columns: Vec<String>,
    /// The column holding the row's year (default `year`).
    #[serde(default = "default_year_column")]
    pub year_column: String,
    /// The documented columns.
    pub columns: Vec<ColumnSpec>,
    /// Whether each row is a statement whose existence says something (a warning): such a
    /// row may not be published with a withheld cell.
    #[serde(default)]
    pub statements: bool,
}

/// One documented column.
#[derive(Debug, Clone, Deserialize)]
pub struct ColumnSpec {
    /// The CSV header.
    pub name: String,
    /// Rounding to this many decimals, half away from zero.
    #[serde(default)]
    pub decimals: Option<u32>,
    /// `ceil` or `floor` rounding to an integer.
    #[serde(default)]
    pub rounding: Option<Rounding>,
    /// What the column's values mean.
    pub meaning: Meaning,
}

/// Rounding to an integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Rounded up.
    Ceil,
    /// Rounded down.
    Floor,
}

/// The documented meaning of a column (`"op"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Meaning {
    /// Σ terms.
    Sum {
        /// The terms.
        terms: Vec<Term>,
    },
    /// `scale · sum(num) / sum(den)`.
    Ratio {
        /// Numerator terms.
        num: Vec<Term>,
        /// Denominator terms.
        den: Vec<Term>,
        /// Scale (default 1).
        #[serde(default = "one")]
        scale: f64,
    },
    /// Mean over parts of `scale · sum(num) / sum(den)`.
    MeanRatio {
        /// The parts.
        parts: Vec<Part>,
        /// Scale (default 1).
        #[serde(default = "one")]
        scale: f64,
    },
    /// A non-linear function of the atoms in `from`.
    Derived {
        /// The atoms it is computed from.
        #[serde(default)]
        from: Vec<Term>,
    },
    /// Text whose numbers are released values of the listed columns.
    Text {
        /// The columns whose values the text may carry.
        #[serde(default)]
        numbers_from: Vec<String>,
    },
    /// A public label or code.
    Label,
    /// A public constant.
    Constant,
}

/// One part of a `mean_ratio`.
#[derive(Debug, Clone, Deserialize)]
pub struct Part {
    /// Numerator terms.
    pub num: Vec<Term>,
    /// Denominator terms.
    pub den: Vec<Term>,
}

/// One atom times a coefficient.
#[derive(Debug, Clone, Deserialize)]
pub struct Term {
    /// The atom's measure.
    pub measure: String,
    /// Added to the row's year.
    #[serde(default)]
    pub year_offset: i32,
    /// Which area's atom.
    #[serde(default)]
    pub area: AreaRef,
    /// The coefficient.
    #[serde(default = "one")]
    pub coef: f64,
}

/// The area of a term: the row's own, or a fixed one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum AreaRef {
    /// The row's area (`"self"`).
    #[default]
    Row,
    /// A fixed area.
    Fixed {
        /// Its kind.
        kind: String,
        /// Its id.
        area_id: String,
    },
}

impl<'de> Deserialize<'de> for AreaRef {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Word(String),
            Fixed { kind: String, area_id: String },
        }
        match Raw::deserialize(deserializer)? {
            Raw::Word(w) if w == "self" => Ok(AreaRef::Row),
            Raw::Word(w) => Err(serde::de::Error::custom(format!(
                "area must be \"self\" or {{\"kind\", \"area_id\"}}, found \"{w}\""
            ))),
            Raw::Fixed { kind, area_id } => Ok(AreaRef::Fixed { kind, area_id }),
        }
    }
}

impl Meaning {
    /// Whether the column's cells are numbers (every op but `text` and `label`).
    pub fn is_numeric(&self) -> bool {
        !matches!(self, Meaning::Text { .. } | Meaning::Label)
    }

    /// Every term of the meaning, numerators and denominators alike.
    pub fn terms(&self) -> Vec<&Term> {
        match self {
            Meaning::Sum { terms } => terms.iter().collect(),
            Meaning::Ratio { num, den, .. } => num.iter().chain(den).collect(),
            Meaning::MeanRatio { parts, .. } => parts
                .iter()
                .flat_map(|p| p.num.iter().chain(&p.den))
                .collect(),
            Meaning::Derived { from } => from.iter().collect(),
            Meaning::Text { .. } | Meaning::Label | Meaning::Constant => Vec::new(),
        }
    }
}

fn one() -> f64 {
    1.0
}

fn default_p() -> f64 {
    10.0
}

fn default_marker() -> String {
    "..".into()
}

fn default_year_column() -> String {
    "year".into()
}
