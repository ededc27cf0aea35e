//! The audit's result: findings by kind with file, row and column, the feasible interval of
//! every suppressed atom, and the work done. Rendered as text or JSON.

use std::fmt::{self, Write as _};

use serde::Serialize;

/// Where a finding or a cell is: a file inside `published/`, optionally a line and a column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// The file, relative to `published/`.
    pub file: String,
    /// The 1-based line of a CSV (header = 1), row of a sheet, or line of the HTML.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The column name (CSV header, sheet label) or attribute.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
}

impl Location {
    /// A whole file.
    pub fn file(file: &str) -> Location {
        Location {
            file: file.into(),
            line: None,
            column: None,
        }
    }

    /// One cell.
    pub fn cell(file: &str, line: u64, column: &str) -> Location {
        Location {
            file: file.into(),
            line: Some(line),
            column: Some(column.into()),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, " [{column}]")?;
        }
        Ok(())
    }
}

/// What kind of problem a finding is. Every kind makes the report unclean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A suppressed atom's value is determined exactly by what is published.
    ExactlyRecoverable,
    /// A suppressed atom's feasible interval is narrower than the policy's protection.
    Recoverable,
    /// A suppressed cell's value follows exactly from released values (all its atoms are
    /// known).
    SuppressedCellComputable,
    /// A released count, or a count derivable from released values, lies in `1..min_count`.
    SmallCount,
    /// A count of persons that the documented identities let a reader compute (a remainder of
    /// a flow row, the withheld areas' flows pooled, a destination or the movers not in a
    /// shown destination) lies in `1..min_count`.
    SmallComputedCount,
    /// A released ratio whose numerator, denominator or complement lies in `1..min_count`.
    SmallRatioInput,
    /// A `derived` value is released while one of its `from` atoms is suppressed.
    DerivedFromSuppressed,
    /// A `text` cell carries a number that is not a released value of its row, while a
    /// column it may quote is suppressed.
    TextCarriesSuppressed,
    /// A `text` cell carries a number that is not a released value of its row.
    TextUnreleasedNumber,
    /// A row of a table of statements (a warning) is published with a withheld cell: the
    /// row's existence says what the withheld numbers are ("markedly worse").
    WithheldStatement,
    /// A workbook cell holds a number where the CSV has the suppression marker.
    WorkbookRevealsSuppressed,
    /// A workbook cell differs from the CSV.
    WorkbookDiffers,
    /// A report `<data>` element refers to a suppressed cell.
    ReportRevealsSuppressed,
    /// A report `<data>` element's value or text differs from the CSV, or its reference
    /// does not resolve.
    ReportDiffers,
    /// A number in the report's visible text outside any `<data>` element that is not a
    /// year, a count of areas or a public constant.
    UnmarkedNumber,
    /// A file in `published/` that the contract does not describe, so nothing checks it.
    UnauditedFile,
    /// A CSV column or workbook sheet the manifest does not document.
    UnauditedColumn,
    /// The published numbers contradict each other (no atoms satisfy them all).
    Inconsistent,
    /// A connected part of the constraint system exceeded the size cap and was not solved.
    ComponentTooLarge,
    /// The solver failed on a problem; its atoms are unaudited.
    SolverFailed,
}

impl FindingKind {
    /// The kind's name as in the JSON.
    pub fn name(self) -> &'static str {
        match self {
            FindingKind::ExactlyRecoverable => "exactly_recoverable",
            FindingKind::Recoverable => "recoverable",
            FindingKind::SuppressedCellComputable => "suppressed_cell_computable",
            FindingKind::SmallCount => "small_count",
            FindingKind::SmallComputedCount => "small_computed_count",
            FindingKind::SmallRatioInput => "small_ratio_input",
            FindingKind::DerivedFromSuppressed => "derived_from_suppressed",
            FindingKind::TextCarriesSuppressed => "text_carries_suppressed",
            FindingKind::TextUnreleasedNumber => "text_unreleased_number",
            FindingKind::WithheldStatement => "withheld_statement",
            FindingKind::WorkbookRevealsSuppressed => "workbook_reveals_suppressed",
            FindingKind::WorkbookDiffers => "workbook_differs",
            FindingKind::ReportRevealsSuppressed => "report_reveals_suppressed",
            FindingKind::ReportDiffers => "report_differs",
            FindingKind::UnmarkedNumber => "unmarked_number",
            FindingKind::UnauditedFile => "unaudited_file",
            FindingKind::UnauditedColumn => "unaudited_column",
            FindingKind::Inconsistent => "inconsistent",
            FindingKind::ComponentTooLarge => "component_too_large",
            FindingKind::SolverFailed => "solver_failed",
        }
    }
}

/// One problem the audit found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// What kind of problem.
    pub kind: FindingKind,
    /// Where.
    pub location: Location,
    /// What was found, in words.
    pub message: String,
}

/// An atom named as the contract names it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct AtomName {
    /// The measure.
    pub measure: String,
    /// The area's kind.
    pub kind: String,
    /// The area's id.
    pub area_id: String,
    /// The year.
    pub year: i32,
}

impl fmt::Display for AtomName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}({}/{}, {})",
            self.measure, self.kind, self.area_id, self.year
        )
    }
}

/// The attacker's feasible interval of one suppressed atom.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AtomInterval {
    /// The atom.
    pub atom: AtomName,
    /// The smallest value consistent with everything published.
    pub min: f64,
    /// The largest value (`None`: unbounded).
    pub max: Option<f64>,
    /// Whether the interval satisfies the protection rule.
    pub protected: bool,
    /// How the interval was found: `lp`, `ilp` or `propagation`.
    pub method: &'static str,
    /// The suppressed cells the atom appears in (the first few).
    pub cells: Vec<Location>,
}

/// Everything the audit found and did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct AuditReport {
    /// The policy's minimum count the audit applied.
    pub min_count: u32,
    /// The policy's p % the audit applied to magnitudes.
    pub p_percent: f64,
    /// The files read and audited.
    pub files_read: Vec<String>,
    /// Suppressed cells examined.
    pub suppressed_cells: usize,
    /// Released numeric cells turned into constraints.
    pub released_cells: usize,
    /// Atoms in the system.
    pub atoms: usize,
    /// Linear constraints in the system (hierarchy included).
    pub constraints: usize,
    /// Connected components solved.
    pub components: usize,
    /// LP and ILP problems solved.
    pub lps_solved: usize,
    /// The feasible interval of every suppressed atom.
    pub intervals: Vec<AtomInterval>,
    /// The findings, sorted by kind, then location.
    pub findings: Vec<Finding>,
}

impl AuditReport {
    /// True when the audit found nothing.
    pub fn is_clean(&self) -> bool {
        self.findings.is_empty()
    }

    /// How many findings of one kind.
    pub fn count(&self, kind: FindingKind) -> usize {
        self.findings.iter().filter(|f| f.kind == kind).count()
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("the report serialises")
    }

    /// The report as text for a terminal: a summary, then findings grouped by kind.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let unprotected = self.intervals.iter().filter(|i| !i.protected).count();
        let _ = writeln!(
            out,
            "audit: {} files, {} released and {} suppressed cells, {} atoms, {} constraints",
            self.files_read.len(),
            self.released_cells,
            self.suppressed_cells,
            self.atoms,
            self.constraints
        );
        let _ = writeln!(
            out,
            "solved {} LPs over {} components; {} suppressed atoms, {} unprotected \
             (min_count {}, p {} %)",
            self.lps_solved,
            self.components,
            self.intervals.len(),
            unprotected,
            self.min_count,
            self.p_percent
        );
        if self.is_clean() {
            out.push_str("clean: no findings\n");
            return out;
        }
        let _ = writeln!(out, "{} findings:", self.findings.len());
        let mut last = None;
        for f in &self.findings {
            if last != Some(f.kind) {
                let _ = writeln!(out, "{} ({}):", f.kind.name(), self.count(f.kind));
                last = Some(f.kind);
            }
            let _ = writeln!(out, "  {}: {}", f.location, f.message);
        }
        out
    }
}
