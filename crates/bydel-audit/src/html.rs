//! The report, `report.html`: a small tokenizer that walks tags and visible text (skipping
//! comments, `<script>` and `<style>`), collects every `<data value data-ref>` element, and
//! every number in visible text outside them.
//!
//! Each `<data>` element must refer to a released CSV cell, carry that cell's value, and show
//! it (rounded as it likes); a reference to a suppressed cell is a leak whatever it shows.
//! Numbers outside `<data>` may only be years, counts up to the number of areas, numeric area
//! ids (the municipality's code), or values of the tables' `constant` columns.

use crate::Published;
use crate::manifest::Meaning;
use crate::numbers::extract;
use crate::report::{Finding, FindingKind, Location};
use crate::tables::{Value, parse_number, value};

/// A `<data>` element.
#[derive(Debug, Clone, PartialEq)]
pub struct DataElement {
    /// Its line in the file.
    pub line: u64,
    /// The `value` attribute.
    pub value: Option<String>,
    /// The `data-ref` attribute.
    pub data_ref: Option<String>,
    /// Its visible text.
    pub text: String,
}

/// Visible text outside `<data>` elements, with its line.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// The line it starts on.
    pub line: u64,
    /// The text, entities decoded.
    pub text: String,
}

/// What the tokenizer found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Parsed {
    /// Every `<data>` element.
    pub data: Vec<DataElement>,
    /// Every run of visible text outside them.
    pub text: Vec<TextRun>,
}

/// Tokenizes an HTML document.
pub fn parse(html: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut pos = 0;
    let mut open_data: Option<DataElement> = None;
    while pos < html.len() {
        let rest = &html[pos..];
        let Some(lt) = rest.find('<') else {
            push_text(&mut parsed, &mut open_data, html, pos, rest);
            break;
        };
        push_text(&mut parsed, &mut open_data, html, pos, &rest[..lt]);
        let tag_start = pos + lt;
        let tag = &html[tag_start..];
        if tag.starts_with("<!--") {
            pos = tag_start + tag.find("-->").map_or(tag.len(), |e| e + 3);
            continue;
        }
        let end = tag_end(tag);
        let inner = &tag[1..end.saturating_sub(1).max(1)];
        let name = tag_name(inner);
        pos = tag_start + end;
        match name.as_str() {
            "script" | "style" => {
                let close = format!("</{name}");
                let lower = html[pos..].to_ascii_lowercase();
                pos += lower.find(&close).unwrap_or(lower.len());
            }
            "data" => {
                open_data = Some(DataElement {
                    line: line_of(html, tag_start),
                    value: attribute(inner, "value"),
                    data_ref: attribute(inner, "data-ref"),
                    text: String::new(),
                });
            }
            "/data" => parsed.data.extend(open_data.take()),
            _ => {}
        }
    }
    parsed.data.extend(open_data.take());
    parsed
}

/// Checks the report against the tables.
pub fn check(published: &Published, file: &str, html: &str, findings: &mut Vec<Finding>) {
    let parsed = parse(html);
    for element in &parsed.data {
        check_data(published, file, element, findings);
    }
    let constants = constants(published);
    let n_areas = published.hierarchy.areas.len() as f64;
    // Numeric area ids (a municipality's code) are public labels.
    let area_codes: Vec<f64> = published
        .hierarchy
        .areas
        .iter()
        .filter_map(|(_, id)| parse_number(id))
        .collect();
    for run in &parsed.text {
        for number in extract(&run.text) {
            let allowed = number.is_year()
                || number
                    .readings
                    .iter()
                    .any(|&(v, d)| d == 0 && v.fract() == 0.0 && (0.0..=n_areas).contains(&v))
                || constants.iter().any(|&c| number.shows(c))
                || area_codes.iter().any(|&c| number.equals(c));
            if !allowed {
                findings.push(Finding {
                    kind: FindingKind::UnmarkedNumber,
                    location: Location {
                        file: file.into(),
                        line: Some(run.line),
                        column: None,
                    },
                    message: format!(
                        "{} outside any <data> element is not a year, a count of areas or a \
                         public constant",
                        number.raw
                    ),
                });
            }
        }
    }
}

fn check_data(published: &Published, file: &str, e: &DataElement, findings: &mut Vec<Finding>) {
    let location = Location {
        file: file.into(),
        line: Some(e.line),
        column: e.data_ref.clone(),
    };
    let mut report = |kind, message: String| {
        findings.push(Finding {
            kind,
            location: location.clone(),
            message,
        });
    };
    let Some(data_ref) = &e.data_ref else {
        report(
            FindingKind::ReportDiffers,
            "a <data> element without data-ref".into(),
        );
        return;
    };
    let Some(raw) = resolve(published, data_ref) else {
        report(
            FindingKind::ReportDiffers,
            format!("data-ref {data_ref} names no cell of a released table"),
        );
        return;
    };
    let marker = &published.manifest.suppressed;
    match value(&raw, marker) {
        Value::Suppressed => report(
            FindingKind::ReportRevealsSuppressed,
            format!(
                "refers to a suppressed cell, showing value {:?} and text {:?}",
                e.value.as_deref().unwrap_or(""),
                e.text.trim()
            ),
        ),
        Value::Number(v) => {
            let attr = e.value.as_deref().map(str::trim).unwrap_or("");
            if parse_number(attr) != Some(v) {
                report(
                    FindingKind::ReportDiffers,
                    format!("value {attr:?} differs from the table's {raw}"),
                );
            }
            for number in extract(&e.text) {
                if !number.shows(v) {
                    report(
                        FindingKind::ReportDiffers,
                        format!("shows {} where the table has {raw}", number.raw),
                    );
                }
            }
        }
        Value::Empty | Value::Text(_) => {
            if e.value.as_deref().is_some_and(|v| v.trim() != raw.trim())
                || !extract(&e.text).is_empty()
            {
                report(
                    FindingKind::ReportDiffers,
                    format!("shows a value where the table has {raw:?}"),
                );
            }
        }
    }
}

/// The raw CSV cell a `FILE#COLUMN@KEY` reference names.
fn resolve(published: &Published, data_ref: &str) -> Option<String> {
    let (file, rest) = data_ref.split_once('#')?;
    let (column, key) = rest.split_once('@')?;
    let (spec, table) = published.tables.iter().find(|(_, t)| t.file == file)?;
    let key_idx: Vec<usize> = spec
        .key_columns
        .iter()
        .map(|k| table.column(k))
        .collect::<Option<_>>()?;
    let col = table.column(column)?;
    table
        .rows
        .iter()
        .find(|row| {
            let joined: Vec<&str> = key_idx.iter().map(|&i| row.cells[i].as_str()).collect();
            joined.join("|") == key
        })
        .map(|row| row.cells[col].clone())
}

/// Every value of a `constant` column.
fn constants(published: &Published) -> Vec<f64> {
    let mut out = Vec::new();
    for (spec, table) in &published.tables {
        for column in &spec.columns {
            if !matches!(column.meaning, Meaning::Constant) {
                continue;
            }
            for row in &table.rows {
                if let Some(v) = table.raw(row, &column.name).and_then(parse_number) {
                    out.push(v);
                }
            }
        }
    }
    out
}

fn push_text(
    parsed: &mut Parsed,
    open_data: &mut Option<DataElement>,
    html: &str,
    start: usize,
    text: &str,
) {
    if text.trim().is_empty() {
        return;
    }
    let decoded = decode_entities(text);
    match open_data {
        Some(element) => element.text.push_str(&decoded),
        None => parsed.text.push(TextRun {
            line: line_of(html, start),
            text: decoded,
        }),
    }
}

/// The byte length of the tag starting at `tag[0] == '<'`, quotes respected.
fn tag_end(tag: &str) -> usize {
    let mut quote = None;
    for (i, c) in tag.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    tag.len()
}

fn tag_name(inner: &str) -> String {
    let name: String = inner
        .trim_start()
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let name = if name.len() > 1 {
        name.trim_end_matches('/')
    } else {
        &name
    };
    name.to_ascii_lowercase()
}

/// An attribute's value (quoted or bare), entities decoded.
fn attribute(inner: &str, name: &str) -> Option<String> {
    let bytes = inner.as_bytes();
    let lower = inner.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before_ok = at > 0 && bytes[at - 1].is_ascii_whitespace();
        let after = lower[from..].trim_start();
        if !before_ok || !after.starts_with('=') {
            continue;
        }
        let value = inner[inner.len() - after.len() + 1..].trim_start();
        let parsed = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_whitespace() || c == '>')
                .next()
                .unwrap_or(""),
        };
        return Some(decode_entities(parsed));
    }
    None
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let Some(semi) = tail.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let entity = &tail[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            "minus" => Some('−'),
            _ => numeric_entity(entity),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn numeric_entity(entity: &str) -> Option<char> {
    let code = entity.strip_prefix('#')?;
    let n = match code.strip_prefix(['x', 'X']) {
        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
        None => code.parse().ok()?,
    };
    char::from_u32(n).map(|c| if c == '\u{a0}' { ' ' } else { c })
}

fn line_of(html: &str, byte: usize) -> u64 {
    html[..byte].bytes().filter(|&b| b == b'\n').count() as u64 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_elements_and_visible_text() {
        let html = "<html><head><style>p{width:300px}</style><script>var x = 42;</script>\
            </head><body><!-- 99 --><p>I 2024 var andelen \
            <data value=\"0.4312\" data-ref=\"criteria.csv#A_share@housing_area|0159-03|2024\">\
            43,1&nbsp;%</data> og 17 andet.</p></body></html>";
        let parsed = parse(html);
        assert_eq!(parsed.data.len(), 1);
        let e = &parsed.data[0];
        assert_eq!(e.value.as_deref(), Some("0.4312"));
        assert_eq!(
            e.data_ref.as_deref(),
            Some("criteria.csv#A_share@housing_area|0159-03|2024")
        );
        assert_eq!(e.text, "43,1 %");
        let numbers: Vec<String> = parsed
            .text
            .iter()
            .flat_map(|t| extract(&t.text))
            .map(|n| n.raw)
            .collect();
        assert_eq!(numbers, ["2024", "17"]);
        assert!(extract("2024")[0].is_year());
    }
}
