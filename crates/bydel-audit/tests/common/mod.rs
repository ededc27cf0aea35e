//! Hand-written `published/` folders for the audit's tests, written straight to a temporary
//! folder as the contract describes them (no release code involved).

#![allow(dead_code)]

use std::path::Path;

use bydel_audit::{AuditReport, FindingKind, Options, audit_dir};
use serde_json::{Value, json};

/// A `published/` folder under construction.
pub struct Fixture {
    pub dir: tempfile::TempDir,
    min_count: u32,
    tables: Vec<Value>,
    features: Vec<Value>,
    partitions: Vec<Value>,
}

impl Fixture {
    pub fn new() -> Fixture {
        Fixture {
            dir: tempfile::tempdir().unwrap(),
            min_count: 3,
            tables: Vec::new(),
            features: Vec::new(),
            partitions: Vec::new(),
        }
    }

    /// Sets the policy's minimum count (default 3).
    pub fn min_count(&mut self, n: u32) {
        self.min_count = n;
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A table: its columns' JSON descriptions and its CSV text.
    pub fn table(&mut self, name: &str, key_columns: &[&str], columns: Value, csv: &str) {
        self.tables.push(json!({
            "name": name,
            "file": format!("{name}.csv"),
            "title_da": name, "title_en": name,
            "key_columns": key_columns,
            "columns": columns,
        }));
        self.file(&format!("{name}.csv"), csv);
    }

    /// Marks the table `name` as one of statements (each row's existence says something).
    pub fn statements(&mut self, name: &str) {
        for t in &mut self.tables {
            if t["name"] == name {
                t["statements"] = Value::Bool(true);
            }
        }
    }

    /// An area of the geography.
    pub fn area(&mut self, kind: &str, id: &str, parent: Option<(&str, &str)>) {
        let (pk, pid) = parent.unwrap_or(("", ""));
        self.features.push(json!({
            "type": "Feature",
            "geometry": null,
            "properties": {
                "kind": kind, "area_id": id, "name": id,
                "parent_kind": pk, "parent_id": pid, "municipality": 159
            }
        }));
    }

    /// Children of `kind` partition parents of `parent_kind`.
    pub fn partition(&mut self, kind: &str, parent_kind: &str) {
        self.partitions
            .push(json!({ "kind": kind, "parent_kind": parent_kind }));
    }

    pub fn file(&self, name: &str, contents: &str) {
        std::fs::write(self.path().join(name), contents).unwrap();
    }

    /// Writes the manifest and the geography, then audits.
    pub fn audit(&self) -> AuditReport {
        let manifest = json!({
            "format": "bydel-published/2",
            "municipality": { "code": 159, "name": "Testby" },
            "policy": { "name": "test", "min_count": self.min_count,
                        "min_area_population": 20, "p_percent": 10 },
            "suppressed": "..",
            "tables": self.tables,
        });
        self.file(
            "manifest.json",
            &serde_json::to_string_pretty(&manifest).unwrap(),
        );
        if !self.features.is_empty() {
            let geo = json!({
                "type": "FeatureCollection",
                "features": self.features,
                "partitions": self.partitions,
            });
            self.file("areas.geojson", &serde_json::to_string(&geo).unwrap());
        }
        audit_dir(self.path(), &Options::default()).unwrap()
    }
}

/// A `sum` column of one measure of the row's area and year.
pub fn count(name: &str, measure: &str) -> Value {
    json!({ "name": name, "meaning": { "op": "sum", "terms": [ { "measure": measure } ] } })
}

/// A label column.
pub fn label(name: &str) -> Value {
    json!({ "name": name, "meaning": { "op": "label" } })
}

/// The kinds of the findings, for messages.
pub fn kinds(report: &AuditReport) -> Vec<FindingKind> {
    report.findings.iter().map(|f| f.kind).collect()
}

/// A municipality 159 partitioned into districts `d1..dn`.
pub fn districts(fixture: &mut Fixture, n: usize) {
    fixture.area("municipality", "159", None);
    for i in 1..=n {
        fixture.area("district", &format!("d{i}"), Some(("municipality", "159")));
    }
    fixture.partition("district", "municipality");
}
