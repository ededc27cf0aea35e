//! The privacy manifest: a small JSON file the release writes beside its CSV files, describing
//! the tables (key columns, what each value column publishes) and the relations between their
//! numbers, so that `bydel audit` can attack exactly what was published.
//!
//! The manifest holds structure only, never a number about persons. It says nothing about
//! which cells were suppressed by which rule (that would itself disclose small counts).

use serde::{Deserialize, Serialize};

use crate::cell::Column;
use crate::error::PrivacyError;
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
        if m.format != FORMAT {
            let msg = format!("expected format {FORMAT:?}, found {:?}", m.format);
            return Err(PrivacyError::input(file, 0, msg));
        }
        m.policy
            .validate()
            .map_err(|e| PrivacyError::input(file, 0, e.to_string()))?;
        for t in &m.tables {
            let plain = !t.file.is_empty() && !t.file.contains(['/', '\\']) && t.file != "..";
            if !plain || !t.file.ends_with(".csv") {
                return Err(PrivacyError::input(
                    file,
                    0,
                    format!("table file {:?} is not a CSV file name", t.file),
                ));
            }
        }
        Ok(m)
    }

    /// The manifest as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }
}
