//! The public geography in `areas.geojson`: which areas lie inside which, and which kinds of
//! areas partition their parents. Only the properties are read; geometry carries no counts.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value as Json;

use crate::error::AuditError;

/// An area as `(kind, area_id)`.
pub type AreaKey = (String, String);

/// The area hierarchy.
#[derive(Debug, Clone, Default)]
pub struct Hierarchy {
    /// Every area, in file order.
    pub areas: Vec<AreaKey>,
    /// For a parent area and a child kind, the children of that kind.
    pub children: BTreeMap<AreaKey, BTreeMap<String, Vec<String>>>,
    /// `(kind, parent_kind)` pairs whose children cover each parent exactly.
    pub partitions: BTreeSet<(String, String)>,
    /// Each area's `name` property, where it has one.
    pub names: BTreeMap<AreaKey, String>,
}

impl Hierarchy {
    /// Reads `areas.geojson`.
    pub fn read(dir: &Path, file: &str) -> Result<Hierarchy, AuditError> {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path).map_err(|source| AuditError::Io {
            path: path.clone(),
            source,
        })?;
        let json: Json = serde_json::from_str(&text).map_err(|e| AuditError::Format {
            file: file.into(),
            line: e.line() as u64,
            column: e.column() as u64,
            message: e.to_string(),
        })?;
        let mut hierarchy = Hierarchy::default();
        let features = json
            .get("features")
            .and_then(Json::as_array)
            .ok_or_else(|| AuditError::file(file, "expected a FeatureCollection with features"))?;
        for (i, feature) in features.iter().enumerate() {
            hierarchy.add_feature(file, i, feature)?;
        }
        if let Some(partitions) = json.get("partitions").and_then(Json::as_array) {
            for p in partitions {
                let kind = string(p, "kind");
                let parent = string(p, "parent_kind");
                match (kind, parent) {
                    (Some(k), Some(pk)) => hierarchy.partitions.insert((k, pk)),
                    _ => {
                        return Err(AuditError::file(
                            file,
                            "each partition needs \"kind\" and \"parent_kind\"",
                        ));
                    }
                };
            }
        }
        Ok(hierarchy)
    }

    /// Whether children of `kind` partition parents of `parent_kind`.
    pub fn is_partition(&self, kind: &str, parent_kind: &str) -> bool {
        self.partitions
            .contains(&(kind.to_string(), parent_kind.to_string()))
    }

    fn add_feature(&mut self, file: &str, i: usize, feature: &Json) -> Result<(), AuditError> {
        let props = feature.get("properties").unwrap_or(&Json::Null);
        let (Some(kind), Some(id)) = (string(props, "kind"), string(props, "area_id")) else {
            return Err(AuditError::file(
                file,
                format!("feature {i}: properties need \"kind\" and \"area_id\""),
            ));
        };
        let parent_kind = string(props, "parent_kind").unwrap_or_default();
        let parent_id = string(props, "parent_id").unwrap_or_default();
        if !parent_id.is_empty() {
            self.children
                .entry((parent_kind, parent_id))
                .or_default()
                .entry(kind.clone())
                .or_default()
                .push(id.clone());
        }
        if let Some(name) = string(props, "name") {
            self.names.insert((kind.clone(), id.clone()), name);
        }
        self.areas.push((kind, id));
        Ok(())
    }
}

/// A property as a string (numbers are accepted and printed, so codes like 159 work).
fn string(obj: &Json, key: &str) -> Option<String> {
    match obj.get(key)? {
        Json::String(s) => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
}
