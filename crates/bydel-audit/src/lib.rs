//! An outsider's disclosure audit of a run's `published/` folder.
//!
//! # The attacker
//!
//! The audit plays a reader who has every file in `published/` and the documentation of its
//! format (`docs/published-format.md`), and nothing else: no confidential counts, no knowledge of
//! which suppressions were primary, no trust in anything the release says about itself. It
//! shares no code with the release (it depends on no other `bydel` crate) and uses its own
//! solver, [`microlp`], so a blind spot of the release's reasoning is not repeated here.
//!
//! The attacker knows:
//!
//! - every released number, and what it means, from the manifest's column meanings: a `sum` is
//!   a linear equation over atoms, a `ratio` `r = s·N/D` with a positive denominator is the
//!   pair of linear inequalities `lo·D ≤ s·N ≤ hi·D`, a `mean_ratio` is linear once its
//!   denominators are known (and otherwise bounded by McCormick envelopes of each part's
//!   `N = r·D` over the denominator's bounds);
//! - the rounding: a value shown to `n` decimals stands for an interval of half a unit either
//!   side; `ceil` and `floor` for an interval of one;
//! - the geography in `areas.geojson`: children that partition a parent add up to it exactly,
//!   other children add up to at most the parent;
//! - that the same atom in two tables, the workbook or the report is the same number;
//! - that atoms are non-negative integers.
//!
//! It does not use the relations the release declares: it infers them from the meaning of each
//! column, so a relation the release forgot is still used.
//!
//! # What the audit tries
//!
//! 1. **Differencing, exactly.** Bound propagation over every constraint pins each atom that
//!    subtraction recovers (one suppressed child of a published partition, a rate beside its
//!    published denominator, a two-year mean beside one published year).
//! 2. **Differencing, optimally.** For every atom of a suppressed cell that no released cell
//!    shows directly, two LPs (minimise, maximise) over the connected component of the
//!    still-unknown atoms; the bounds are rounded inwards (atoms are integers), and components
//!    of at most [`Options::max_ilp_vars`] unknowns are solved again as ILPs, which can only
//!    narrow them. A suppressed `sum` cell of several atoms is also bounded as a whole.
//! 3. **The protection rule.** A suppressed person count is *protected* when its feasible
//!    interval `[L, H]` holds at least `min_count` integers and `H ≥ min_count`: the reader can
//!    neither narrow the count to fewer than `min_count` values nor prove that it is a small
//!    count. A suppressed magnitude (kroner, micro-FTE) is protected when `H − L ≥ p % · H`.
//!    An exactly known value is never protected and is reported separately
//!    ([`FindingKind::ExactlyRecoverable`]).
//! 4. **Values resting on few persons.** A released count, or one that propagation derives, in
//!    `1..min_count`; a released ratio whose numerator, denominator or complement is.
//! 5. **Derived values** (trends, interval bounds, index scores) released although one of
//!    their `from` atoms sits in a suppressed cell.
//! 6. **Sentences.** Every number in a `text` cell must be a released value of its row (in a
//!    `numbers_from` column, or a key), as formatted (rounded, or in percent); years pass.
//! 7. **The workbook.** Every cell of every sheet, through the map sheet `Kolonner`, against its
//!    CSV cell: a number where the CSV is suppressed, any other difference, an unmapped column.
//! 8. **The report.** Every `<data value data-ref>` against its CSV cell (suppressed, different
//!    value, different shown number), and every number in visible text outside `<data>` that
//!    is not a year, a count of areas or a public constant.
//! 9. **The flow tables' identities** (docs/flows.md), which no column meaning states: residents
//!    = stayers + movers, area + rest = municipality, the municipality as the sum of the areas
//!    that cover it, the destination list as parts of the out-movers and the moves between
//!    areas as a table (module `flows`); every count a reader can form from them (a remainder,
//!    the withheld areas pooled, a hidden move) must not lie in `1..min_count`
//!    ([`FindingKind::SmallComputedCount`]).
//! 10. **Completeness.** Files the contract does not describe, CSV columns the manifest does
//!     not document, components too large to solve and solver failures are findings too: what
//!     the audit cannot read, it does not call clean.
//!
//! ```no_run
//! let report = bydel_audit::audit_dir("run/published".as_ref(), &bydel_audit::Options::default())?;
//! print!("{}", report.to_text());
//! assert!(report.is_clean());
//! # Ok::<(), bydel_audit::AuditError>(())
//! ```

#![deny(missing_docs)]

mod attack;
mod error;
mod flows;
mod geo;
mod html;
pub mod manifest;
pub mod numbers;
mod report;
mod solve;
mod system;
mod tables;
mod text;
mod workbook;

use std::collections::BTreeSet;
use std::path::Path;

pub use attack::Protection;
pub use error::AuditError;
pub use report::{AtomInterval, AtomName, AuditReport, Finding, FindingKind, Location};

use geo::Hierarchy;
use manifest::{Manifest, TableSpec};
use tables::CsvTable;

/// The files the contract describes besides the tables.
const MANIFEST: &str = "manifest.json";
const AREAS: &str = "areas.geojson";
const REPORT: &str = "report.html";
const BOOK: &str = "book.xlsx";

/// Limits and overrides of an audit.
#[derive(Debug, Clone)]
pub struct Options {
    /// A connected component with more unknown atoms than this is not solved (reported as
    /// [`FindingKind::ComponentTooLarge`]; its atoms get bounds from propagation only).
    pub max_component_vars: usize,
    /// Components with at most this many unknowns are solved again as ILPs.
    pub max_ilp_vars: usize,
    /// Overrides the manifest's minimum count.
    pub min_count: Option<u32>,
    /// Overrides the manifest's p %.
    pub p_percent: Option<f64>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            max_component_vars: 2000,
            max_ilp_vars: 60,
            min_count: None,
            p_percent: None,
        }
    }
}

/// Everything in `published/` that the contract describes, read.
#[derive(Debug)]
pub(crate) struct Published {
    /// The manifest.
    pub manifest: Manifest,
    /// Each table's description and its CSV.
    pub tables: Vec<(TableSpec, CsvTable)>,
    /// The geography (empty when there is no `areas.geojson`).
    pub hierarchy: Hierarchy,
}

/// Audits a `published/` folder as an outsider would.
///
/// Errors only when a file the contract describes cannot be read or parsed at all; every
/// problem it can point at is a [`Finding`] in the report.
pub fn audit_dir(dir: &Path, options: &Options) -> Result<AuditReport, AuditError> {
    let manifest = read_manifest(dir)?;
    let mut report = AuditReport {
        min_count: options.min_count.unwrap_or(manifest.policy.min_count),
        p_percent: options.p_percent.unwrap_or(manifest.policy.p_percent),
        ..AuditReport::default()
    };
    let mut tables = Vec::new();
    for spec in &manifest.tables {
        let table = CsvTable::read(dir, &spec.file)?;
        undocumented_columns(spec, &table, &mut report.findings);
        withheld_statements(spec, &table, &manifest.suppressed, &mut report.findings);
        tables.push((spec.clone(), table));
    }
    let hierarchy = if dir.join(AREAS).is_file() {
        Hierarchy::read(dir, AREAS)?
    } else {
        Hierarchy::default()
    };
    let published = Published {
        manifest,
        tables,
        hierarchy,
    };
    report.files_read = files(dir, &published, &mut report.findings)?;

    let mut system = system::System::default();
    for (spec, table) in &published.tables {
        system.add_table(&published.manifest, spec, table);
    }
    system.add_hierarchy(&published.hierarchy);
    flows::add(&mut system, &published);
    report.findings.append(&mut system.findings);
    let protection = Protection {
        min_count: report.min_count,
        p_percent: report.p_percent,
    };
    attack::run(
        system,
        &published.manifest,
        protection,
        options,
        &mut report,
    );

    text::check(&published, &mut report.findings);
    if dir.join(REPORT).is_file() {
        let html = std::fs::read_to_string(dir.join(REPORT)).map_err(|source| AuditError::Io {
            path: dir.join(REPORT),
            source,
        })?;
        html::check(&published, REPORT, &html, &mut report.findings);
    }
    if dir.join(BOOK).is_file() {
        workbook::check(&published, dir, BOOK, &mut report.findings)?;
    }
    report
        .findings
        .sort_by(|a, b| (a.kind, &a.location).cmp(&(b.kind, &b.location)));
    report.intervals.sort_by(|a, b| a.atom.cmp(&b.atom));
    Ok(report)
}

fn read_manifest(dir: &Path) -> Result<Manifest, AuditError> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).map_err(|source| AuditError::Io { path, source })?;
    serde_json::from_str(&text).map_err(|e| AuditError::Format {
        file: MANIFEST.into(),
        line: e.line() as u64,
        column: e.column() as u64,
        message: e.to_string(),
    })
}

fn undocumented_columns(spec: &TableSpec, table: &CsvTable, findings: &mut Vec<Finding>) {
    let documented: BTreeSet<&str> = spec
        .columns
        .iter()
        .map(|c| c.name.as_str())
        .chain(spec.key_columns.iter().map(String::as_str))
        .chain([spec.year_column.as_str(), "kind", "area_id"])
        .collect();
    for name in &table.header {
        if !documented.contains(name.as_str()) {
            findings.push(Finding {
                kind: FindingKind::UnauditedColumn,
                location: Location::cell(&table.file, 1, name),
                message: format!("column {name} has no documented meaning"),
            });
        }
    }
}

/// A row of a table of statements with a withheld cell: publishing the row says what the
/// withheld numbers are, so it should have been left out.
fn withheld_statements(
    spec: &TableSpec,
    table: &CsvTable,
    marker: &str,
    findings: &mut Vec<Finding>,
) {
    if !spec.statements {
        return;
    }
    for row in &table.rows {
        if let Some(i) = row.cells.iter().position(|c| c == marker) {
            findings.push(Finding {
                kind: FindingKind::WithheldStatement,
                location: Location::cell(&table.file, row.line, &table.header[i]),
                message:
                    "a statement (warning) is published while a number it rests on is withheld: \
                          its existence tells what the number is"
                        .into(),
            });
        }
    }
}

/// Lists every file under `dir`; those the contract does not describe are findings.
fn files(
    dir: &Path,
    published: &Published,
    findings: &mut Vec<Finding>,
) -> Result<Vec<String>, AuditError> {
    let mut known: BTreeSet<String> = [MANIFEST, AREAS, REPORT, BOOK]
        .iter()
        .map(|s| s.to_string())
        .collect();
    known.extend(published.tables.iter().map(|(_, t)| t.file.clone()));
    let mut read = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|source| AuditError::Io {
            path: folder.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| AuditError::Io {
                path: folder.clone(),
                source,
            })?;
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let relative = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            if known.contains(&relative) {
                read.push(relative);
            } else {
                findings.push(Finding {
                    kind: FindingKind::UnauditedFile,
                    location: Location::file(&relative),
                    message: "the contract does not describe this file, so nothing in it is \
                              audited"
                        .into(),
                });
            }
        }
    }
    read.sort();
    Ok(read)
}
