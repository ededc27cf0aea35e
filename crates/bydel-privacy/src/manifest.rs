//! The privacy manifest: a small JSON file the release writes beside its CSV files, describing
//! the tables (key columns, what each value column publishes) and the relations between their
//! numbers, so that `bydel audit` can attack exactly what was published.
//!
//! The manifest holds structure only, never a number about persons. It says nothing about
//! which cells were suppressed by which rule (that would itself disclose small counts).

use serde::{Deserialize, Serialize};

use crate::cell::Column;
use crate::error::PrivacyError;
use crate::meaning::{Meaning, Term};
use crate::policy::Policy;
use crate::table::Relation;

/// The manifest's format tag.
pub const FORMAT: &str = "bydel-privacy-manifest/1";
/// The manifest's file name suffix (`<release>.privacy.json`).
pub const SUFFIX: &str = ".privacy.json";

/// One release's manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// The policy the tables were released under.
    pub policy: Policy,
    /// The tables, in release order.
    pub tables: Vec<TableManifest>,
    /// The relations between their numbers.
    pub relations: Vec<RelationManifest>,
}

/// One published table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableManifest {
    /// Table name.
    pub name: String,
    /// The CSV file name (in the same folder).
    pub file: String,
    /// Key columns.
    pub key_columns: Vec<String>,
    /// Value columns.
    pub columns: Vec<Column>,
    /// Titles and the year column.
    #[serde(default)]
    pub titles: crate::table::Titles,
    /// Whether each row is a statement: a row with a withheld cell is left out, never
    /// published with `..` (see [`crate::ResultTable::statements`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub statements: bool,
}

/// A relation, and the key columns of the rows it relates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RelationManifest {
    /// The key columns of the rows (relations apply to every table with these key columns).
    pub key_columns: Vec<String>,
    /// The relation.
    #[serde(flatten)]
    pub relation: Relation,
}

impl Manifest {
    /// Parses a manifest, checking its format tag and policy.
    pub fn parse(file: &str, text: &str) -> Result<Manifest, PrivacyError> {
        let m: Manifest = serde_json::from_str(text)
            .map_err(|e| PrivacyError::input(file, e.line() as u64, e.to_string()))?;
        check(
            file,
            &m.format,
            FORMAT,
            &m.policy,
            m.tables.iter().map(|t| t.file.as_str()),
        )?;
        Ok(m)
    }

    /// The manifest as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}

/// The public manifest's format tag (docs/published-format.md).
pub const PUBLIC_FORMAT: &str = "bydel-published/2";
/// The public manifest's file name in `published/`.
pub const PUBLIC_FILE: &str = "manifest.json";

/// The public manifest (`published/manifest.json`): every table with the documented meaning of
/// every column, as docs/published-format.md describes it. It holds structure only, never a
/// number about persons, and declares no relations: a reader infers them from the meanings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicManifest {
    /// Always [`PUBLIC_FORMAT`].
    pub format: String,
    /// The municipality the run is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub municipality: Option<Municipality>,
    /// The focus areas the run config names, in its order (the report opens with them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub focus_areas: Vec<FocusArea>,
    /// The peer municipalities the run config names, in its order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub peers: Vec<Municipality>,
    /// The disclosure policy.
    pub policy: Policy,
    /// The marker of a suppressed cell (`..`).
    pub suppressed: String,
    /// The tables.
    pub tables: Vec<PublicTable>,
}

/// The municipality of a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Municipality {
    /// Its code (e.g. 159).
    pub code: u16,
    /// Its name.
    pub name: String,
}

/// A focus area of a run: an area of one layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FocusArea {
    /// The layer (e.g. `housing_area`).
    pub kind: String,
    /// The area's id in `areas.geojson`.
    pub area_id: String,
}

/// What a run is about, written into the public manifest beside the tables: the municipality,
/// its focus areas and its peers. Structure only; no number about persons.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunContext {
    /// The municipality the run is for.
    pub municipality: Option<Municipality>,
    /// The focus areas, in the config's order.
    pub focus_areas: Vec<FocusArea>,
    /// The peer municipalities, in the config's order.
    pub peers: Vec<Municipality>,
}

/// One table of the public manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicTable {
    /// Table name.
    pub name: String,
    /// CSV file name.
    pub file: String,
    /// Danish title.
    pub title_da: String,
    /// English title.
    pub title_en: String,
    /// Key columns.
    pub key_columns: Vec<String>,
    /// The key column holding the row's year, when it is not `year`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_column: Option<String>,
    /// Every non-key CSV column, in order.
    pub columns: Vec<PublicColumn>,
    /// Whether each row is a statement (a warning): rows with a withheld cell are left out,
    /// so no published cell of this table is `..`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub statements: bool,
}

/// One CSV column and what it means.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PublicColumn {
    /// The CSV header.
    pub name: String,
    /// Its role (how a reader shows it).
    pub role: Role,
    /// Its meaning in atoms.
    pub meaning: Meaning,
    /// Decimals shown (rounded half away from zero), when rounded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decimals: Option<u8>,
}

/// How a reader should treat a column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A count of persons.
    Count,
    /// A share in `[0, 1]`.
    Share,
    /// A share's numerator.
    Numerator,
    /// A share's denominator.
    Denominator,
    /// A mean or sum in DKK (or another amount).
    Amount,
    /// The number of contributors to an amount.
    Contributors,
    /// A number computed from published quantities.
    Number,
    /// A text (label or sentence).
    Text,
}

impl TableManifest {
    /// The table as the public manifest describes it.
    pub fn public(&self) -> PublicTable {
        PublicTable {
            name: self.name.clone(),
            file: self.file.clone(),
            title_da: self.titles.da.clone(),
            title_en: self.titles.en.clone(),
            key_columns: self.key_columns.clone(),
            year_column: self.titles.year_column.clone(),
            columns: self.columns.iter().flat_map(public_columns).collect(),
            statements: self.statements,
        }
    }
}

impl Manifest {
    /// The public manifest of these tables for the run `context`.
    pub fn public(&self, context: RunContext) -> PublicManifest {
        PublicManifest {
            format: PUBLIC_FORMAT.into(),
            municipality: context.municipality,
            focus_areas: context.focus_areas,
            peers: context.peers,
            policy: self.policy.clone(),
            suppressed: crate::release::SUPPRESSED.into(),
            tables: self.tables.iter().map(TableManifest::public).collect(),
        }
    }
}

impl PublicManifest {
    /// Parses `manifest.json`, checking the format tag and the policy.
    pub fn parse(file: &str, text: &str) -> Result<PublicManifest, PrivacyError> {
        let m: PublicManifest = serde_json::from_str(text)
            .map_err(|e| PrivacyError::input(file, e.line() as u64, e.to_string()))?;
        let files = m.tables.iter().map(|t| t.file.as_str());
        check(file, &m.format, PUBLIC_FORMAT, &m.policy, files)?;
        Ok(m)
    }

    /// The manifest as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// The table named `name`.
    pub fn table(&self, name: &str) -> Option<&PublicTable> {
        self.tables.iter().find(|t| t.name == name)
    }
}

/// The public columns of one value column: one per CSV header, with its meaning.
pub(crate) fn public_columns(col: &Column) -> Vec<PublicColumn> {
    use crate::cell::ColumnKind as K;
    let c = |name: String, role, meaning, decimals| PublicColumn {
        name,
        role,
        meaning,
        decimals,
    };
    let n = &col.name;
    match &col.kind {
        K::Count { quantity } => vec![c(n.clone(), Role::Count, Meaning::count(quantity), None)],
        K::Share {
            numerator,
            denominator,
        } => vec![
            c(
                n.clone(),
                Role::Share,
                Meaning::share(numerator, denominator),
                Some(4),
            ),
            c(
                format!("{n}_numerator"),
                Role::Numerator,
                Meaning::count(numerator),
                None,
            ),
            c(
                format!("{n}_denominator"),
                Role::Denominator,
                Meaning::count(denominator),
                None,
            ),
        ],
        K::Mean { sum, contributors } => vec![
            c(
                n.clone(),
                Role::Amount,
                Meaning::share(sum, contributors),
                Some(0),
            ),
            c(format!("{n}_sum"), Role::Amount, Meaning::count(sum), None),
            c(
                format!("{n}_contributors"),
                Role::Contributors,
                Meaning::count(contributors),
                None,
            ),
        ],
        K::Sum { sum, contributors } => vec![
            c(n.clone(), Role::Amount, Meaning::count(sum), None),
            c(
                format!("{n}_contributors"),
                Role::Contributors,
                Meaning::count(contributors),
                None,
            ),
        ],
        K::Derived { from } => vec![c(
            n.clone(),
            Role::Number,
            Meaning::Derived {
                from: from.iter().map(|q| Term::own(q)).collect(),
            },
            None,
        )],
        K::Public => vec![c(n.clone(), Role::Text, Meaning::Label, None)],
        K::Computed { meaning, decimals } => {
            let role = match meaning {
                Meaning::Text { .. } | Meaning::Label => Role::Text,
                Meaning::Ratio { .. } | Meaning::MeanRatio { .. } if decimals.unwrap_or(4) >= 2 => {
                    Role::Share
                }
                Meaning::Ratio { .. } | Meaning::MeanRatio { .. } => Role::Amount,
                _ => Role::Number,
            };
            vec![c(n.clone(), role, meaning.clone(), *decimals)]
        }
    }
}

/// What both manifests promise: their format tag, a valid policy, and plain CSV file names.
fn check<'a>(
    file: &str,
    format: &str,
    expected: &str,
    policy: &Policy,
    tables: impl IntoIterator<Item = &'a str>,
) -> Result<(), PrivacyError> {
    if format != expected {
        let msg = format!("expected format {expected:?}, found {format:?}");
        return Err(PrivacyError::input(file, 0, msg));
    }
    policy
        .validate()
        .map_err(|e| PrivacyError::input(file, 0, e.to_string()))?;
    for t in tables {
        let plain = !t.is_empty() && !t.contains(['/', '\\']) && t != "..";
        if !plain || !t.ends_with(".csv") {
            let msg = format!("table file {t:?} is not a CSV file name");
            return Err(PrivacyError::input(file, 0, msg));
        }
    }
    Ok(())
}
