//! Criterion A's source: each person's share of the preceding year outside work and education,
//! in full-time equivalents, as the law measures it (three months on kontanthjælp = 0.25).
//!
//! In order of preference:
//! 1. [`AMR`] (`amr`): the labour-market account (arbejdsmarkedsregnskabet), which carries each
//!    person's year by status; the extract gives the full-time equivalents outside work and
//!    education directly (`UDENFOR_FTE`, 0–1).
//! 2. [`DREAM`] (`dream`): the weekly benefit register; the extract gives the weeks of the
//!    calendar year on a benefit outside work and education (`UGER`, 0–53), and bydel takes
//!    `UGER / 52`, at most 1.
//! 3. SOCIO13 (in `bef`), the documented fallback: one status for the whole year, so a person
//!    counts 0 or 1 and A comes out in whole persons.
//!
//! With `amr` or `dream`, every person-year of `bef` must have a row there (a missing row is an
//! input error, never a silent fallback). The source used is written to `import.json` and
//! printed by `bydel import`.

use std::collections::HashMap;
use std::hash::BuildHasher;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type};
use bydel_model::schema::{ColumnType, Table};
use foldhash::fast::FixedState;

use super::req;
use crate::IoError;
use crate::check::looks_like_cpr;
use crate::dataset::Dataset;
use crate::problem::Problems;
use crate::read::read_source;

/// The labour-market account extract: full-time equivalents outside work and education.
pub const AMR: Table = Table {
    name: "amr",
    required: false,
    columns: &[
        req("PNR", ColumnType::Text),
        req("AAR", ColumnType::Integer),
        req("UDENFOR_FTE", ColumnType::Decimal),
    ],
};

/// The weekly benefit register extract: weeks outside work and education.
pub const DREAM: Table = Table {
    name: "dream",
    required: false,
    columns: &[
        req("PNR", ColumnType::Text),
        req("AAR", ColumnType::Integer),
        req("UGER", ColumnType::Integer),
    ],
};

/// Which register criterion A's full-time equivalents come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Source {
    /// The labour-market account (AMR): full-time equivalents.
    Amr,
    /// The weekly benefit register (DREAM): weeks / 52.
    Dream,
    /// SOCIO13, one status a year: whole persons (the fallback).
    #[default]
    Socio13,
}

impl Source {
    /// The name written to `import.json`: `amr`, `dream` or `socio13`.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Amr => "amr",
            Source::Dream => "dream",
            Source::Socio13 => "socio13",
        }
    }

    /// A sentence for people: what criterion A measures with this source.
    pub fn describe(self) -> &'static str {
        match self {
            Source::Amr => {
                "criterion A in full-time equivalents from the labour-market account (amr)"
            }
            Source::Dream => {
                "criterion A in full-time equivalents from weekly benefits (dream, weeks / 52)"
            }
            Source::Socio13 => {
                "criterion A in whole persons from SOCIO13 (fallback: add an amr or dream table \
                 for full-time equivalents as the law measures them)"
            }
        }
    }
}

/// The full-time equivalents outside work and education per person-year, and their source.
#[derive(Debug)]
pub(crate) struct OutsideFte {
    /// The register used.
    pub source: Source,
    by_person_year: HashMap<u64, f64>,
}

impl OutsideFte {
    /// The share for a person-year: `Some` from amr/dream, `None` when that table has no row.
    /// With [`Source::Socio13`] this is never called.
    pub fn get(&self, pnr: &str, year: i64) -> Option<f64> {
        self.by_person_year.get(&key(pnr, year)).copied()
    }
}

/// Loads `amr` or `dream` when present; problems (bad values, duplicates, CPR numbers) are added.
pub(crate) fn load(input: &Dataset, problems: &mut Problems) -> Result<OutsideFte, IoError> {
    let (table, source) = if let Some(s) = input.source(&AMR)? {
        (&AMR, (Source::Amr, s))
    } else if let Some(s) = input.source(&DREAM)? {
        (&DREAM, (Source::Dream, s))
    } else {
        return Ok(OutsideFte {
            source: Source::Socio13,
            by_person_year: HashMap::new(),
        });
    };
    let (kind, src) = source;
    let mut map = HashMap::new();
    let res = read_source(&src, table, None, &mut |b| {
        problems.extend(b.problems.clone());
        let batch = &b.batch;
        let pnr = batch.column(0).as_string::<i32>();
        let year = batch.column(1).as_primitive::<Int64Type>();
        for r in 0..batch.num_rows() {
            let mut bad = |col: &str, expected: &str, found: String| {
                problems.at(&b.file, Some(b.lines.line(r)), Some(col), expected, found)
            };
            let id = pnr.value(r);
            if looks_like_cpr(id) {
                bad(
                    "PNR",
                    "a pseudonymised identifier (run `bydel pseudonymise` first; bydel refuses CPR numbers)",
                    "a value shaped like a CPR number (not shown)".into(),
                );
                continue;
            }
            let fte = match kind {
                Source::Amr => {
                    let x = batch.column(2).as_primitive::<Float64Type>().value(r);
                    if !(0.0..=1.0).contains(&x) {
                        bad(
                            "UDENFOR_FTE",
                            "a share of the year from 0 to 1",
                            x.to_string(),
                        );
                        continue;
                    }
                    x
                }
                _ => {
                    let w = batch.column(2).as_primitive::<Int64Type>().value(r);
                    if !(0..=53).contains(&w) {
                        bad("UGER", "a number of weeks from 0 to 53", w.to_string());
                        continue;
                    }
                    (w as f64 / 52.0).min(1.0)
                }
            };
            if map.insert(key(id, year.value(r)), fte).is_some() {
                bad("PNR", "one row per person and year", "a second row".into());
            }
        }
        Ok(())
    });
    match res {
        Ok(()) => {}
        Err(IoError::Invalid(p)) => problems.extend(p),
        Err(e) => return Err(e),
    }
    Ok(OutsideFte {
        source: kind,
        by_person_year: map,
    })
}

fn key(pnr: &str, year: i64) -> u64 {
    FixedState::with_seed(0x00a4_7e11).hash_one((pnr, year))
}
