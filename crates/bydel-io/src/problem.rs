//! Input problems: each names the file, the line (header = line 1; for Parquet, the row number
//! + 1), the column, what was expected and what was found.

use std::fmt;

/// One problem in the input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The file (as given, relative to the dataset folder where possible).
    pub file: String,
    /// The line (1 = header); `None` for whole-file problems.
    pub line: Option<u64>,
    /// The column; `None` for whole-row or whole-file problems.
    pub column: Option<String>,
    /// What was expected.
    pub expected: String,
    /// What was found.
    pub found: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(col) = &self.column {
            write!(f, " column `{col}`")?;
        }
        write!(f, ": expected {}, found {}", self.expected, self.found)
    }
}

/// A bounded list of problems: it keeps the first [`Problems::LIMIT`] and counts the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems {
    items: Vec<Problem>,
    dropped: u64,
}

impl Problems {
    /// How many problems are kept in full.
    pub const LIMIT: usize = 1000;

    /// Records a problem.
    pub fn push(&mut self, p: Problem) {
        if self.items.len() < Self::LIMIT {
            self.items.push(p);
        } else {
            self.dropped += 1;
        }
    }
    /// Shorthand: a problem at a file, line and column.
    pub fn at(
        &mut self,
        file: &str,
        line: Option<u64>,
        column: Option<&str>,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) {
        self.push(Problem {
            file: file.to_string(),
            line,
            column: column.map(str::to_string),
            expected: expected.into(),
            found: found.into(),
        });
    }
    /// Adds all of another list.
    pub fn extend(&mut self, other: Problems) {
        self.dropped += other.dropped;
        for p in other.items {
            self.push(p);
        }
    }
    /// True when there is no problem.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.dropped == 0
    }
    /// Total number of problems, kept or not.
    pub fn len(&self) -> u64 {
        self.items.len() as u64 + self.dropped
    }
    /// The kept problems, sorted by file, line and column.
    pub fn sorted(&self) -> Vec<Problem> {
        let mut v = self.items.clone();
        v.sort();
        v
    }
    /// The first kept problem.
    pub fn first(&self) -> Option<&Problem> {
        self.items.first()
    }
    /// Problems that were counted but not kept.
    pub fn dropped(&self) -> u64 {
        self.dropped
    }
}
