//! Results as rectangular text tables (header + rows) for CSV, JSON and aligned output.
//!
//! Numbers are written with fixed decimals (scores 4, stability 3); a missing value is an empty
//! cell and the `note` column says why.

use crate::classification::Classification;
use crate::imd::{ImdResult, ImdSummary};
use crate::mss::MssResult;
use crate::run::IndexOutput;
use crate::svi::SviResult;

/// A table of text cells.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResultTable {
    /// Column names.
    pub header: Vec<String>,
    /// Rows, each as long as the header.
    pub rows: Vec<Vec<String>>,
}

impl IndexOutput {
    /// One row per area: scores, classes, stability and (for unclassified areas) the reason.
    pub fn areas_table(&self) -> ResultTable {
        match self {
            IndexOutput::Mss(r) => mss_table(r),
            IndexOutput::Imd(r) => imd_table(r),
            IndexOutput::Svi(r) => svi_table(r),
        }
    }

    /// Long format: one row per area, index part and indicator (or domain) with its additive
    /// contribution to the score (SVI: to the overall sum that is ranked).
    pub fn contributions_table(&self) -> ResultTable {
        let mut t = table(&["area_id", "index", "part", "contribution"]);
        let mut add = |id: &str, index: &str, parts: &[String], c: &Classification| {
            for (part, x) in parts.iter().zip(c.contributions().unwrap_or_default()) {
                t.rows.push(vec![
                    id.into(),
                    index.into(),
                    part.clone(),
                    num(Some(*x), 4),
                ]);
            }
        };
        match self {
            IndexOutput::Mss(r) => r.areas.iter().for_each(|a| {
                add(
                    a.area_id.as_str(),
                    "status",
                    &r.status_indicators,
                    &a.status,
                );
                if let Some(d) = &a.dynamics {
                    add(a.area_id.as_str(), "dynamics", &r.dynamics_indicators, d);
                }
            }),
            IndexOutput::Imd(r) => r
                .areas
                .iter()
                .for_each(|a| add(a.area_id.as_str(), "imd", &r.domains, &a.index)),
            IndexOutput::Svi(r) => r
                .areas
                .iter()
                .for_each(|a| add(a.area_id.as_str(), "svi", &r.indicators, &a.index)),
        }
        t
    }
}

/// IMD summaries by parent area.
pub fn summary_table(summaries: &[ImdSummary]) -> ResultTable {
    let mut t = table(&[
        "parent_id",
        "areas",
        "population",
        "average_score",
        "rank",
        "note",
    ]);
    for s in summaries {
        let note = s
            .average_score
            .number()
            .map_or("no population".to_string(), |_| String::new());
        t.rows.push(vec![
            s.parent_id.to_string(),
            s.areas.to_string(),
            s.population.to_string(),
            num(s.average_score.number(), 4),
            s.rank.map(|r| r.to_string()).unwrap_or_default(),
            note,
        ]);
    }
    t
}

fn mss_table(r: &MssResult) -> ResultTable {
    let mut t = table(&[
        "area_id",
        "status_score",
        "status_class",
        "dynamics_score",
        "dynamics_class",
        "group",
        "status_stability",
        "dynamics_stability",
        "note",
    ]);
    for a in &r.areas {
        let d = a.dynamics.as_ref();
        t.rows.push(vec![
            a.area_id.to_string(),
            num(a.status.score(), 4),
            a.status.class().unwrap_or_default().to_string(),
            num(d.and_then(Classification::score), 4),
            d.and_then(Classification::class)
                .unwrap_or_default()
                .to_string(),
            a.group().unwrap_or_default(),
            num(a.status.stability(), 3),
            num(d.and_then(Classification::stability), 3),
            note(&[Some(&a.status), d]),
        ]);
    }
    t
}

fn imd_table(r: &ImdResult) -> ResultTable {
    let mut header = vec!["area_id", "score", "rank", "decile", "stability"];
    let domain_cols: Vec<String> = r.domains.iter().map(|d| format!("{d}_score")).collect();
    header.extend(domain_cols.iter().map(String::as_str));
    header.push("note");
    let mut t = table(&header);
    for a in &r.areas {
        let mut row = vec![
            a.area_id.to_string(),
            num(a.index.score(), 4),
            a.rank.map(|x| x.to_string()).unwrap_or_default(),
            a.index.class().unwrap_or_default().to_string(),
            num(a.index.stability(), 3),
        ];
        row.extend((0..r.domains.len()).map(|k| num(a.domain_scores.get(k).copied(), 4)));
        row.push(note(&[Some(&a.index)]));
        t.rows.push(row);
    }
    t
}

fn svi_table(r: &SviResult) -> ResultTable {
    let mut header = vec!["area_id", "percentile", "class", "flags", "stability"];
    let theme_cols: Vec<String> = r
        .themes
        .iter()
        .map(|th| format!("{th}_percentile"))
        .collect();
    header.extend(theme_cols.iter().map(String::as_str));
    header.push("note");
    let mut t = table(&header);
    for a in &r.areas {
        let classified = a.index.score().is_some();
        let mut row = vec![
            a.area_id.to_string(),
            num(a.index.score(), 4),
            a.index.class().unwrap_or_default().to_string(),
            if classified {
                a.flag_count().to_string()
            } else {
                String::new()
            },
            num(a.index.stability(), 3),
        ];
        row.extend((0..r.themes.len()).map(|k| num(a.theme_percentiles.get(k).copied(), 4)));
        row.push(note(&[Some(&a.index)]));
        t.rows.push(row);
    }
    t
}

fn table(header: &[&str]) -> ResultTable {
    ResultTable {
        header: header.iter().map(|h| h.to_string()).collect(),
        rows: Vec::new(),
    }
}

fn num(x: Option<f64>, decimals: usize) -> String {
    let Some(x) = x else { return String::new() };
    let text = format!("{x:.decimals$}");
    // No cell reads "-0.0000": a value that rounds to zero is written without its sign.
    match text.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        _ => text,
    }
}

/// The first reason an area is not classified, if any.
fn note(parts: &[Option<&Classification>]) -> String {
    parts
        .iter()
        .flatten()
        .find_map(|c| match c {
            Classification::NotClassified(e) => Some(e.to_string()),
            Classification::Classified { .. } => None,
        })
        .unwrap_or_default()
}
