//! The list of Western countries, as versioned data (a CSV table), not code.
//!
//! The default list ships in `data/western_countries.csv`; a user can supply their own table in
//! the same format. A country not on the list is non-Western.

use std::collections::HashMap;

use crate::ModelError;

/// The default table, embedded at compile time.
pub const DEFAULT_TABLE: &str = include_str!("../data/western_countries.csv");

/// Which countries count as Western, for which data years.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WesternList {
    spans: HashMap<[u8; 2], Vec<(i32, i32)>>,
}

impl WesternList {
    /// The default list (Danmarks Statistik's definition; the UK kept Western).
    pub fn default_list() -> Self {
        Self::parse(DEFAULT_TABLE).expect("the embedded Western list is valid")
    }

    /// Parses a table with columns `country,first_year,last_year[,note]`; `#` lines are comments.
    pub fn parse(text: &str) -> Result<Self, ModelError> {
        let mut spans: HashMap<[u8; 2], Vec<(i32, i32)>> = HashMap::new();
        let mut header_seen = false;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.splitn(4, ',').map(str::trim).collect();
            if !header_seen {
                if fields.first() != Some(&"country") {
                    return Err(ModelError::parse(
                        "header country,first_year,last_year,note",
                        line,
                    ));
                }
                header_seen = true;
                continue;
            }
            let code = country_code(fields[0])
                .map_err(|e| ModelError::parse(format!("line {}: {e}", i + 1), line))?;
            let year = |k: usize, open: i32| -> Result<i32, ModelError> {
                match fields.get(k).copied().unwrap_or("") {
                    "" => Ok(open),
                    t => t
                        .parse()
                        .map_err(|_| ModelError::parse("a year or empty", t)),
                }
            };
            spans
                .entry(code)
                .or_default()
                .push((year(1, i32::MIN)?, year(2, i32::MAX)?));
        }
        if !header_seen {
            return Err(ModelError::parse(
                "a Western-countries table",
                "an empty file",
            ));
        }
        Ok(WesternList { spans })
    }

    /// True when `country` (ISO alpha-2) counts as Western in data year `year`.
    pub fn is_western(&self, country: &str, year: i32) -> bool {
        let Ok(code) = country_code(country) else {
            return false;
        };
        self.spans
            .get(&code)
            .is_some_and(|s| s.iter().any(|&(a, b)| (a..=b).contains(&year)))
    }

    /// Like [`WesternList::is_western`], for a code already checked by [`country_code`].
    pub fn is_western_code(&self, code: [u8; 2], year: i32) -> bool {
        self.spans
            .get(&code)
            .is_some_and(|s| s.iter().any(|&(a, b)| (a..=b).contains(&year)))
    }

    /// The number of countries on the list (any year).
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// True when the list has no country.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }
}

/// Checks an ISO 3166-1 alpha-2 code (two upper-case ASCII letters).
pub fn country_code(text: &str) -> Result<[u8; 2], ModelError> {
    let b = text.as_bytes();
    if b.len() == 2 && b.iter().all(u8::is_ascii_uppercase) {
        Ok([b[0], b[1]])
    } else {
        Err(ModelError::parse(
            "an ISO 3166-1 alpha-2 country code such as TR",
            text,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_list_matches_the_definition() {
        let w = WesternList::default_list();
        assert_eq!(w.len(), 27 + 1 + 12);
        for c in ["DK", "DE", "NO", "US", "NZ", "VA", "GB"] {
            assert!(w.is_western(c, 2020), "{c}");
        }
        for c in ["TR", "SY", "PK", "UA", "RS", "JP"] {
            assert!(!w.is_western(c, 2020), "{c}");
        }
    }

    #[test]
    fn spans_limit_years() {
        let w = WesternList::parse("country,first_year,last_year\nGB,,2020\n").unwrap();
        assert!(w.is_western("GB", 2020));
        assert!(!w.is_western("GB", 2021));
        assert!(WesternList::parse("").is_err());
        assert!(WesternList::parse("country,first_year,last_year\ngbr,,\n").is_err());
    }
}
