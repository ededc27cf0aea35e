//! Interventions as data: which area, from which data year to which, what kind, and what it was.
//!
//! The file is CSV with a header row and the columns
//!
//! | column | meaning |
//! |---|---|
//! | `area_kind` | the layer of the area (`housing_area`, `district`, …) |
//! | `area_id` | the area's id in that layer (as in the counts table) |
//! | `start` | the first data year the intervention can affect (persons as of 1 January) |
//! | `end` | the last data year it runs, or empty while it runs |
//! | `kind` | `social`, `physical` or `organisational` (Danish `social`, `fysisk`, `organisatorisk` also accepted) |
//! | `description` | free text, e.g. "Mentorordning for unge" |
//!
//! Extra columns are ignored; `#` starts a comment line. The crate parses text it is given;
//! reading the file is the caller's job.

use std::collections::BTreeSet;
use std::fmt;

use bydel_model::{AreaId, Kind, Year};
use serde::{Deserialize, Serialize};

use crate::EvaluateError;

/// What kind of intervention it is, in the strategy's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InterventionKind {
    /// Social: mentor schemes, multilingual daycare staff, homework cafés.
    Social,
    /// Physical: demolition, conversion, new building, infrastructure.
    Physical,
    /// Organisational: letting rules (fleksibel udlejning), management, partnerships.
    Organisational,
}

impl InterventionKind {
    /// Parses the English or Danish name (case-insensitive).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_lowercase().as_str() {
            "social" => Some(InterventionKind::Social),
            "physical" | "fysisk" => Some(InterventionKind::Physical),
            "organisational" | "organizational" | "organisatorisk" => {
                Some(InterventionKind::Organisational)
            }
            _ => None,
        }
    }

    /// The Danish name.
    pub fn danish(self) -> &'static str {
        match self {
            InterventionKind::Social => "social",
            InterventionKind::Physical => "fysisk",
            InterventionKind::Organisational => "organisatorisk",
        }
    }
}

impl fmt::Display for InterventionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            InterventionKind::Social => "social",
            InterventionKind::Physical => "physical",
            InterventionKind::Organisational => "organisational",
        })
    }
}

/// One intervention in one area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intervention {
    /// The layer of the area.
    pub area_kind: Kind,
    /// The area.
    pub area_id: AreaId,
    /// The first data year it can affect.
    pub start: Year,
    /// The last data year it runs (`None`: still running).
    pub end: Option<Year>,
    /// Social, physical or organisational.
    pub kind: InterventionKind,
    /// What it is, in words.
    pub description: String,
}

/// The required header columns, in the documented order.
pub const COLUMNS: [&str; 6] = [
    "area_kind",
    "area_id",
    "start",
    "end",
    "kind",
    "description",
];

/// Parses an interventions CSV text; `file` names it in errors. Every cell is checked; the first
/// fault is returned with its file, line and column.
pub fn parse_interventions(text: &str, file: &str) -> Result<Vec<Intervention>, EvaluateError> {
    let mut rdr = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .comment(Some(b'#'))
        .flexible(false)
        .from_reader(text.as_bytes());
    let header = rdr.headers().map_err(|e| csv_error(e, file))?.clone();
    let mut index = [0usize; 6];
    for (slot, name) in index.iter_mut().zip(COLUMNS) {
        *slot = header.iter().position(|h| h == name).ok_or_else(|| {
            fault(
                file,
                1,
                header.len() as u64 + 1,
                format!(
                    "missing column {name:?}: expected the columns {} (found {:?})",
                    COLUMNS.join(","),
                    header.iter().collect::<Vec<_>>()
                ),
            )
        })?;
    }
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for record in rdr.records() {
        let record = record.map_err(|e| csv_error(e, file))?;
        let line = record.position().map_or(0, |p| p.line());
        let iv = parse_row(&record, &index, file, line)?;
        let key = (
            iv.area_kind.clone(),
            iv.area_id.clone(),
            iv.start,
            iv.description.clone(),
        );
        if !seen.insert(key) {
            return Err(fault(
                file,
                line,
                1,
                format!(
                    "duplicate intervention: {} {} from {} ({:?}) is listed twice",
                    iv.area_kind, iv.area_id, iv.start, iv.description
                ),
            ));
        }
        out.push(iv);
    }
    Ok(out)
}

/// The first data year any intervention touches each area, per (layer, area): the area's
/// treatment cohort for difference-in-differences.
pub fn first_start(
    interventions: &[Intervention],
    area_kind: &Kind,
) -> std::collections::BTreeMap<AreaId, Year> {
    let mut out = std::collections::BTreeMap::new();
    for iv in interventions.iter().filter(|iv| &iv.area_kind == area_kind) {
        out.entry(iv.area_id.clone())
            .and_modify(|y: &mut Year| *y = (*y).min(iv.start))
            .or_insert(iv.start);
    }
    out
}

fn parse_row(
    record: &csv::StringRecord,
    index: &[usize; 6],
    file: &str,
    line: u64,
) -> Result<Intervention, EvaluateError> {
    let cell = |i: usize| (record.get(index[i]).unwrap_or(""), index[i] as u64 + 1);
    let (text, col) = cell(0);
    let area_kind =
        Kind::new(text).map_err(|e| fault(file, line, col, format!("area_kind: {e}")))?;
    let (text, col) = cell(1);
    let area_id = AreaId::new(text).map_err(|e| fault(file, line, col, format!("area_id: {e}")))?;
    let start = year(cell(2), file, line, "start")?;
    let end = match cell(3) {
        ("", _) => None,
        c => Some(year(c, file, line, "end")?),
    };
    if let Some(e) = end
        && e < start
    {
        return Err(fault(
            file,
            line,
            cell(3).1,
            format!("end: expected a year not before start {start}, found {e}"),
        ));
    }
    let (text, col) = cell(4);
    let kind = InterventionKind::parse(text).ok_or_else(|| {
        fault(file, line, col, format!(
            "kind: expected one of social, physical, organisational (social, fysisk, organisatorisk), found {text:?}"
        ))
    })?;
    let (text, col) = cell(5);
    if text.is_empty() {
        return Err(fault(
            file,
            line,
            col,
            "description: expected a text, found an empty cell".into(),
        ));
    }
    Ok(Intervention {
        area_kind,
        area_id,
        start,
        end,
        kind,
        description: text.to_owned(),
    })
}

fn year(
    (text, col): (&str, u64),
    file: &str,
    line: u64,
    what: &str,
) -> Result<Year, EvaluateError> {
    let n: i32 = text.parse().map_err(|_| {
        fault(
            file,
            line,
            col,
            format!("{what}: expected a year such as 2019, found {text:?}"),
        )
    })?;
    Year::new(n).map_err(|e| fault(file, line, col, format!("{what}: {e}")))
}

fn fault(file: &str, line: u64, column: u64, message: String) -> EvaluateError {
    EvaluateError::Parse {
        file: file.to_owned(),
        line,
        column,
        message,
    }
}

fn csv_error(e: csv::Error, file: &str) -> EvaluateError {
    let line = e.position().map_or(0, |p| p.line());
    let column = match e.kind() {
        csv::ErrorKind::UnequalLengths { len, .. } => *len + 1,
        _ => 1,
    };
    fault(file, line, column, format!("not a valid CSV row: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: &str = "area_kind,area_id,start,end,kind,description\n\
        # a comment\n\
        housing_area,159-vaerebro-park,2019,,social,Mentorordning for unge\n\
        housing_area,159-vaerebro-park,2021,2024,organisatorisk,Fleksibel udlejning\n";

    #[test]
    fn parses_rows_and_first_start() {
        let ivs = parse_interventions(OK, "iv.csv").unwrap();
        assert_eq!(ivs.len(), 2);
        assert_eq!(ivs[0].kind, InterventionKind::Social);
        assert_eq!(ivs[0].end, None);
        assert_eq!(ivs[1].kind, InterventionKind::Organisational);
        let k = Kind::new("housing_area").unwrap();
        let first = first_start(&ivs, &k);
        assert_eq!(first.values().next().unwrap().get(), 2019);
    }

    fn err(text: &str) -> String {
        parse_interventions(text, "iv.csv").unwrap_err().to_string()
    }

    #[test]
    fn errors_name_file_line_and_column() {
        let h = "area_kind,area_id,start,end,kind,description\n";
        assert!(
            err(&format!("{h}housing_area,a,20x9,,social,x\n")).starts_with("iv.csv:2:3: start")
        );
        assert!(
            err(&format!("{h}housing_area,a,2019,2018,social,x\n")).starts_with("iv.csv:2:4: end")
        );
        assert!(
            err(&format!("{h}housing_area,a,2019,,mental,x\n")).starts_with("iv.csv:2:5: kind")
        );
        assert!(
            err(&format!("{h}housing_area,a,2019,,social,\n"))
                .starts_with("iv.csv:2:6: description")
        );
        assert!(err(&format!("{h}housing_area,a,2019,,social\n")).starts_with("iv.csv:2:"));
        assert!(
            err("area_kind,area_id,start,kind,description\n").contains("missing column \"end\"")
        );
        let dup = format!("{h}housing_area,a,2019,,social,x\nhousing_area,a,2019,,social,x\n");
        assert!(err(&dup).starts_with("iv.csv:3:1: duplicate"));
    }
}
