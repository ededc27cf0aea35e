//! The audit: attack everything a folder publishes, as an outsider would.
//!
//! `bydel audit OUTPUT_DIR` reads every `*.privacy.json` manifest in the folder and the CSV
//! files they list, rebuilds what the public sees (shown numbers and `..` cells), and runs the
//! differencing attack ([`crate::attack`]) on all of it together: subtraction along
//! hierarchies, overlapping layers (partial relations), categories and years that add up, and
//! the same number published in several tables. It reports every hidden number it can pin down
//! more narrowly than the policy allows. It needs nothing but the published files.

use std::collections::HashSet;
use std::path::Path;

use crate::attack::{Finding, Problem, attack};
use crate::cell::{Column, ColumnKind, Unit};
use crate::error::PrivacyError;
use crate::manifest::{Manifest, SUFFIX, TableManifest};
use crate::release::SUPPRESSED;
use crate::view::{CellState, RowView, TableView, View};

/// What the audit found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditReport {
    /// Manifests read.
    pub manifests: usize,
    /// Tables read.
    pub tables: usize,
    /// Value cells read (excluding missing ones).
    pub cells: usize,
    /// Suppressed cells among them.
    pub suppressed: usize,
    /// Hidden numbers the attack recovers to within the policy's threshold.
    pub findings: Vec<Finding>,
    /// CSV files in the folder that no manifest lists: published without disclosure control.
    pub unreleased: Vec<String>,
}

impl AuditReport {
    /// Whether the folder is safe: nothing recoverable and nothing unreleased.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty() && self.unreleased.is_empty()
    }
}

/// Audits every release published in `dir`.
pub fn audit_dir(dir: &Path) -> Result<AuditReport, PrivacyError> {
    let entries = std::fs::read_dir(dir).map_err(|e| PrivacyError::io(dir, e))?;
    let mut manifests = Vec::new();
    let mut csv_files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| PrivacyError::io(dir, e))?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.to_ascii_lowercase().ends_with(".csv") {
            csv_files.push(name.clone());
        }
        if name.ends_with(SUFFIX) {
            let text = std::fs::read_to_string(&path).map_err(|e| PrivacyError::io(&path, e))?;
            manifests.push((name, text));
        }
    }
    manifests.sort();
    if manifests.is_empty() {
        let msg =
            format!("no *{SUFFIX} manifest: nothing here was published through bydel's release");
        return Err(PrivacyError::Path {
            path: dir.to_owned(),
            message: msg,
        });
    }
    let mut report = audit_texts(&manifests, |file| {
        std::fs::read_to_string(dir.join(file)).ok()
    })?;
    let listed: Vec<String> = manifests
        .iter()
        .filter_map(|(name, text)| Manifest::parse(name, text).ok())
        .flat_map(|m| m.tables.into_iter().map(|t| t.file))
        .collect();
    csv_files.sort();
    report.unreleased = csv_files
        .into_iter()
        .filter(|f| !listed.contains(f))
        .collect();
    Ok(report)
}

/// Audits manifests given as (file name, text), reading table files through `read`.
pub fn audit_texts(
    manifests: &[(String, String)],
    read: impl Fn(&str) -> Option<String>,
) -> Result<AuditReport, PrivacyError> {
    let mut report = AuditReport {
        manifests: manifests.len(),
        ..AuditReport::default()
    };
    let mut views = Vec::new();
    for (name, text) in manifests {
        let manifest = Manifest::parse(name, text)?;
        let mut tables = Vec::new();
        for tm in &manifest.tables {
            let csv = read(&tm.file).ok_or_else(|| {
                PrivacyError::input(&tm.file, 0, "listed in the manifest but missing")
            })?;
            tables.push(parse_table(tm, &csv)?);
        }
        views.push(View { manifest, tables });
    }
    for view in merge(views) {
        count(&view, &mut report);
        report.findings.extend(small_published(&view));
        let problem = Problem::build(&view)?;
        let result = attack(&problem, &view.manifest.policy, &HashSet::new())?;
        report
            .findings
            .extend(result.findings.into_iter().map(|(f, _, _)| f));
    }
    Ok(report)
}

/// Releases with the same rounding are attacked together (under the strictest thresholds);
/// releases with different rounding separately.
fn merge(views: Vec<View>) -> Vec<View> {
    let mut out: Vec<View> = Vec::new();
    for v in views {
        match out
            .iter_mut()
            .find(|o| o.manifest.policy.rounding == v.manifest.policy.rounding)
        {
            Some(o) => {
                let p = &mut o.manifest.policy;
                p.min_count = p.min_count.max(v.manifest.policy.min_count);
                p.p_percent = p.p_percent.max(v.manifest.policy.p_percent);
                o.manifest.tables.extend(v.manifest.tables);
                o.manifest.relations.extend(v.manifest.relations);
                o.tables.extend(v.tables);
            }
            None => out.push(v),
        }
    }
    out
}

fn count(view: &View, report: &mut AuditReport) {
    report.tables += view.tables.len();
    for cell in view
        .tables
        .iter()
        .flat_map(|t| &t.rows)
        .flat_map(|r| &r.cells)
    {
        match cell {
            CellState::Missing => {}
            CellState::Suppressed => {
                report.cells += 1;
                report.suppressed += 1;
            }
            CellState::Shown(_) => report.cells += 1,
        }
    }
}

/// Published numbers that break a primary rule visible from the publication itself: a count,
/// a share's numerator or complement, or a number of contributors in `1..min_count` (skipped
/// for rounded publications, where small values are already blurred).
fn small_published(view: &View) -> Vec<Finding> {
    let policy = &view.manifest.policy;
    if policy.rounding != crate::policy::Rounding::None {
        return Vec::new();
    }
    let small = |n: i64| n >= 1 && n < i64::from(policy.min_count);
    let mut out = Vec::new();
    for (tm, tv) in view.manifest.tables.iter().zip(&view.tables) {
        for row in &tv.rows {
            for (col, state) in tm.columns.iter().zip(&row.cells) {
                let CellState::Shown(v) = state else { continue };
                let revealed = match (&col.kind, v.as_slice()) {
                    (ColumnKind::Count { .. }, [n]) => Some(*n),
                    (ColumnKind::Share { .. }, [n, d]) => {
                        [*n, d - n].into_iter().find(|&x| small(x))
                    }
                    (ColumnKind::Mean { .. } | ColumnKind::Sum { .. }, [_, c]) => Some(*c),
                    _ => None,
                };
                if let Some(x) = revealed.filter(|&x| small(x)) {
                    let label = format!(
                        "{} {}: published {x}, below the minimum {}",
                        row.key.join("/"),
                        col.name,
                        policy.min_count
                    );
                    out.push(Finding {
                        label,
                        lo: Some(x as f64),
                        hi: Some(x as f64),
                    });
                }
            }
        }
    }
    out
}

/// Parses one published CSV file against its manifest entry.
pub(crate) fn parse_table(tm: &TableManifest, text: &str) -> Result<TableView, PrivacyError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let expected: Vec<String> = tm
        .key_columns
        .iter()
        .cloned()
        .chain(tm.columns.iter().flat_map(Column::headers))
        .collect();
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let line = i as u64 + 1;
        let record = record.map_err(|e| PrivacyError::input(&tm.file, line, e.to_string()))?;
        let fields: Vec<&str> = record.iter().collect();
        if fields.len() != expected.len() {
            let msg = format!("expected {} fields, found {}", expected.len(), fields.len());
            return Err(PrivacyError::input(&tm.file, line, msg));
        }
        if i == 0 {
            if fields != expected {
                return Err(PrivacyError::input(
                    &tm.file,
                    1,
                    format!("expected header {expected:?}"),
                ));
            }
            continue;
        }
        rows.push(parse_row(tm, &fields, line)?);
    }
    Ok(TableView { rows })
}

fn parse_row(tm: &TableManifest, fields: &[&str], line: u64) -> Result<RowView, PrivacyError> {
    let (key, mut rest) = fields.split_at(tm.key_columns.len());
    let mut cells = Vec::new();
    for col in &tm.columns {
        let width = col.headers().len();
        let (mine, tail) = rest.split_at(width);
        rest = tail;
        cells.push(parse_cell(col, mine).map_err(|m| {
            PrivacyError::input(&tm.file, line, format!("column {}: {m}", col.name))
        })?);
    }
    Ok(RowView {
        key: key.iter().map(|s| s.to_string()).collect(),
        cells,
    })
}

/// The state of one cell from its fields (value column, then components).
fn parse_cell(col: &Column, fields: &[&str]) -> Result<CellState, String> {
    if fields[0] == SUPPRESSED {
        return Ok(CellState::Suppressed);
    }
    let components: &[&str] = match &col.kind {
        ColumnKind::Count { .. } => fields,
        ColumnKind::Share { .. } | ColumnKind::Mean { .. } => &fields[1..],
        ColumnKind::Sum { .. } => fields,
        ColumnKind::Derived { .. } | ColumnKind::Public | ColumnKind::Computed { .. } => {
            return Ok(CellState::Shown(Vec::new()));
        }
    };
    if components.iter().all(|f| f.is_empty()) {
        return Ok(CellState::Missing);
    }
    let mut values = Vec::new();
    for ((_, unit), f) in col.quantities().iter().zip(components) {
        let x: i64 = f
            .parse()
            .map_err(|_| format!("expected a whole number or \"..\", found {f:?}"))?;
        if *unit == Unit::Persons && x < 0 {
            return Err(format!("expected a non-negative count, found {x}"));
        }
        values.push(x);
    }
    Ok(CellState::Shown(values))
}
