//! The mapping tables of the DST preset: register codes → canonical codes, as data.
//!
//! Each table is a small CSV file embedded at compile time (`src/dst/data/*.csv`, `#` lines are
//! comments). A file of the same name in `FROM/mappings/` replaces the embedded table, so a user
//! can adapt a mapping (a fuller country list, their own decision types) without a code change.

use std::collections::HashMap;
use std::path::Path;

use bydel_model::{Education, Law, Origin, Sex};

use crate::IoError;
use crate::problem::Problems;

/// Sex and origin codes (KOEN, IE_TYPE).
pub const CODES: &str = include_str!("data/codes.csv");
/// HFAUDD ranges → education.
pub const HFAUDD: &str = include_str!("data/hfaudd.csv");
/// SOCIO13 → attachment and education.
pub const SOCIO13: &str = include_str!("data/socio13.csv");
/// Numeric country codes → ISO alpha-2.
pub const COUNTRIES: &str = include_str!("data/countries.csv");
/// Offence-code prefixes → law.
pub const OFFENCES: &str = include_str!("data/offences.csv");
/// Decision types → guilty.
pub const DECISION_TYPES: &str = include_str!("data/decision_types.csv");

/// What a SOCIO13 status means for the canonical columns.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Attachment {
    /// Share of the year outside work and education (0 or 1 from SOCIO13).
    pub outside_fte: f64,
    /// In education (SOCIO13 310).
    pub in_education: bool,
}

/// Every mapping of the preset.
#[derive(Debug, Clone, PartialEq)]
pub struct Mappings {
    sex: HashMap<String, Sex>,
    origin: HashMap<String, Origin>,
    hfaudd: Vec<(u32, u32, Education)>,
    socio13: HashMap<i64, Attachment>,
    countries: HashMap<String, String>,
    offences: Vec<(String, Law)>,
    decisions: HashMap<String, bool>,
}

impl Mappings {
    /// The embedded tables.
    pub fn embedded() -> Self {
        Self::load(None).expect("bug: the embedded DST mapping tables are valid")
    }

    /// The embedded tables, each replaced by `dir/<name>.csv` when that file exists.
    pub fn load(dir: Option<&Path>) -> Result<Self, IoError> {
        let mut p = Problems::default();
        let codes = Table::read(dir, "codes.csv", CODES, &mut p)?;
        let m = Mappings {
            sex: codes.code_map("KOEN", Sex::parse, &mut p),
            origin: codes.code_map("IE_TYPE", Origin::parse, &mut p),
            hfaudd: parse_hfaudd(&Table::read(dir, "hfaudd.csv", HFAUDD, &mut p)?, &mut p),
            socio13: parse_socio13(&Table::read(dir, "socio13.csv", SOCIO13, &mut p)?, &mut p),
            countries: parse_countries(
                &Table::read(dir, "countries.csv", COUNTRIES, &mut p)?,
                &mut p,
            ),
            offences: parse_offences(&Table::read(dir, "offences.csv", OFFENCES, &mut p)?, &mut p),
            decisions: parse_decisions(
                &Table::read(dir, "decision_types.csv", DECISION_TYPES, &mut p)?,
                &mut p,
            ),
        };
        if p.is_empty() {
            Ok(m)
        } else {
            Err(IoError::Invalid(p))
        }
    }

    /// KOEN → sex.
    pub fn sex(&self, code: i64) -> Option<Sex> {
        self.sex.get(&code.to_string()).copied()
    }

    /// IE_TYPE → origin.
    pub fn origin(&self, code: i64) -> Option<Origin> {
        self.origin.get(&code.to_string()).copied()
    }

    /// HFAUDD → education; an empty code (no record) is `unknown`.
    pub fn education(&self, hfaudd: Option<&str>) -> Option<Education> {
        let Some(code) = hfaudd.map(str::trim).filter(|c| !c.is_empty()) else {
            return Some(Education::Unknown);
        };
        let n: u32 = code.parse().ok()?;
        self.hfaudd
            .iter()
            .find(|(lo, hi, _)| (*lo..=*hi).contains(&n))
            .map(|r| r.2)
    }

    /// SOCIO13 → attachment.
    pub fn attachment(&self, socio13: i64) -> Option<Attachment> {
        self.socio13.get(&socio13).copied()
    }

    /// OPR_LAND → ISO alpha-2: ISO codes pass through, numeric codes go through the table.
    pub fn country(&self, opr_land: &str) -> Option<String> {
        let t = opr_land.trim();
        if bydel_model::western::country_code(t).is_ok() {
            return Some(t.to_string());
        }
        self.countries.get(t).cloned()
    }

    /// Offence code → law (longest matching prefix).
    pub fn law(&self, offence_code: &str) -> Option<Law> {
        let t = offence_code.trim();
        if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        self.offences
            .iter()
            .filter(|(prefix, _)| t.starts_with(prefix.as_str()))
            .max_by_key(|(prefix, _)| prefix.len())
            .map(|r| r.1)
    }

    /// Decision type → guilty.
    pub fn guilty(&self, decision_type: &str) -> Option<bool> {
        self.decisions.get(decision_type.trim()).copied()
    }
}

/// A parsed mapping file: its name for messages and its rows with line numbers.
struct Table {
    file: String,
    rows: Vec<(u64, csv::StringRecord)>,
}

impl Table {
    fn read(
        dir: Option<&Path>,
        name: &str,
        embedded: &str,
        p: &mut Problems,
    ) -> Result<Self, IoError> {
        let user = dir.map(|d| d.join(name)).filter(|f| f.is_file());
        let (file, text) = match &user {
            Some(f) => (
                f.display().to_string(),
                std::fs::read_to_string(f).map_err(|e| IoError::file(f, e))?,
            ),
            None => (format!("(embedded) {name}"), embedded.to_string()),
        };
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .trim(csv::Trim::All)
            .flexible(true)
            .from_reader(text.as_bytes());
        let mut rows = Vec::new();
        for rec in reader.records() {
            match rec {
                Ok(r) => rows.push((r.position().map_or(0, |q| q.line()), r)),
                Err(e) => p.at(&file, None, None, "a CSV mapping table", e.to_string()),
            }
        }
        Ok(Table { file, rows })
    }

    fn bad(&self, p: &mut Problems, line: u64, expected: &str, found: &str) {
        p.at(&self.file, Some(line), None, expected, format!("{found:?}"));
    }

    fn code_map<T, E>(
        &self,
        variable: &str,
        parse: fn(&str) -> Result<T, E>,
        p: &mut Problems,
    ) -> HashMap<String, T> {
        let mut map = HashMap::new();
        for (line, r) in self.rows.iter().filter(|(_, r)| &r[0] == variable) {
            match parse(r.get(2).unwrap_or("")) {
                Ok(v) => {
                    map.insert(r.get(1).unwrap_or("").to_string(), v);
                }
                Err(_) => self.bad(p, *line, "a canonical code", r.get(2).unwrap_or("")),
            }
        }
        map
    }
}

/// A mapping row as it was written (for messages).
fn row_text(r: &csv::StringRecord) -> String {
    r.iter().collect::<Vec<_>>().join(",")
}

fn parse_hfaudd(t: &Table, p: &mut Problems) -> Vec<(u32, u32, Education)> {
    let mut out = Vec::new();
    for (line, r) in &t.rows {
        let lo = r.get(0).and_then(|x| x.parse::<u32>().ok());
        let hi = r.get(1).and_then(|x| x.parse::<u32>().ok());
        let edu = r.get(2).map(Education::parse);
        match (lo, hi, edu) {
            (Some(lo), Some(hi), Some(Ok(e))) if lo <= hi => out.push((lo, hi, e)),
            _ => t.bad(p, *line, "from,to,education with from <= to", &row_text(r)),
        }
    }
    out
}

fn parse_socio13(t: &Table, p: &mut Problems) -> HashMap<i64, Attachment> {
    let mut out = HashMap::new();
    for (line, r) in &t.rows {
        let code = r.get(0).and_then(|x| x.parse::<i64>().ok());
        let fte = r
            .get(1)
            .and_then(|x| x.parse::<f64>().ok())
            .filter(|x| (0.0..=1.0).contains(x));
        let edu = r.get(2).and_then(|x| x.parse::<bool>().ok());
        match (code, fte, edu) {
            (Some(c), Some(outside_fte), Some(in_education)) => {
                out.insert(
                    c,
                    Attachment {
                        outside_fte,
                        in_education,
                    },
                );
            }
            _ => t.bad(
                p,
                *line,
                "code,outside_fte (0-1),in_education (true/false)",
                &row_text(r),
            ),
        }
    }
    out
}

fn parse_countries(t: &Table, p: &mut Problems) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for (line, r) in &t.rows {
        let (code, iso) = (r.get(0).unwrap_or(""), r.get(1).unwrap_or(""));
        if code.is_empty() || bydel_model::western::country_code(iso).is_err() {
            t.bad(
                p,
                *line,
                "code,iso with an ISO 3166-1 alpha-2 code",
                &row_text(r),
            );
        } else {
            out.insert(code.to_string(), iso.to_string());
        }
    }
    out
}

fn parse_offences(t: &Table, p: &mut Problems) -> Vec<(String, Law)> {
    let mut out = Vec::new();
    for (line, r) in &t.rows {
        let prefix = r.get(0).unwrap_or("");
        match r.get(1).map(Law::parse) {
            Some(Ok(law)) if prefix.bytes().all(|b| b.is_ascii_digit()) => {
                out.push((prefix.to_string(), law))
            }
            _ => t.bad(p, *line, "prefix (digits or empty),law", &row_text(r)),
        }
    }
    out
}

fn parse_decisions(t: &Table, p: &mut Problems) -> HashMap<String, bool> {
    let mut out = HashMap::new();
    for (line, r) in &t.rows {
        match (
            r.get(0).filter(|c| !c.is_empty()),
            r.get(1).map(str::parse::<bool>),
        ) {
            (Some(code), Some(Ok(g))) => {
                out.insert(code.to_string(), g);
            }
            _ => t.bad(p, *line, "code,guilty (true/false)", &row_text(r)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_parse_and_cover_the_rules() {
        let m = Mappings::embedded();
        assert_eq!(m.education(Some("1005")), Some(Education::Basic));
        assert_eq!(m.education(Some("1001")), Some(Education::Unknown));
        assert_eq!(m.education(None), Some(Education::Unknown));
        assert_eq!(
            m.education(Some("1500")),
            None,
            "no rule: an error, not a guess"
        );
        assert_eq!(m.law("1234567"), Some(Law::Straffeloven));
        assert_eq!(m.law("3210000"), Some(Law::EuforiserendeStoffer));
        assert_eq!(m.law("2100000"), Some(Law::Other));
        assert_eq!(m.law("x1"), None);
        assert_eq!(m.country("5172").as_deref(), Some("TR"));
        assert_eq!(m.country("SY").as_deref(), Some("SY"));
        assert_eq!(m.country("9999"), None);
        assert_eq!(m.attachment(330).map(|a| a.outside_fte), Some(1.0));
        assert_eq!(m.guilty("6"), Some(false));
    }
}
