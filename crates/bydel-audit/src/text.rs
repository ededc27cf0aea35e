//! `text` cells: every number in a sentence must be a released value of its row, in one of
//! the columns the manifest lists in `numbers_from`, as the sentence formats it. Years and the
//! row's own key values are allowed too (they identify the row, they count nobody).

use crate::Published;
use crate::manifest::Meaning;
use crate::numbers::extract;
use crate::report::{Finding, FindingKind, Location};
use crate::tables::{Value, value};

/// Checks every `text` cell of every table.
pub fn check(published: &Published, findings: &mut Vec<Finding>) {
    for (spec, table) in &published.tables {
        for column in &spec.columns {
            let Meaning::Text { numbers_from } = &column.meaning else {
                continue;
            };
            for missing in numbers_from.iter().filter(|c| table.column(c).is_none()) {
                findings.push(Finding {
                    kind: FindingKind::UnauditedColumn,
                    location: Location::file(&table.file),
                    message: format!(
                        "{}: numbers_from names {missing}, not in the file",
                        column.name
                    ),
                });
            }
            for row in &table.rows {
                let text = table.raw(row, &column.name).unwrap_or("");
                let mut released = Vec::new();
                let mut suppressed = Vec::new();
                for source in numbers_from {
                    let raw = table.raw(row, source).unwrap_or("");
                    match value(raw, &published.manifest.suppressed) {
                        Value::Number(v) => released.push(v),
                        Value::Suppressed => suppressed.push(source.as_str()),
                        Value::Empty | Value::Text(_) => {}
                    }
                }
                for key in &spec.key_columns {
                    if let Some(Value::Number(v)) = table
                        .raw(row, key)
                        .map(|raw| value(raw, &published.manifest.suppressed))
                    {
                        released.push(v);
                    }
                }
                for number in extract(text) {
                    if number.is_year() || released.iter().any(|&v| number.shows(v)) {
                        continue;
                    }
                    let (kind, why) = if suppressed.is_empty() {
                        (FindingKind::TextUnreleasedNumber, String::new())
                    } else {
                        (
                            FindingKind::TextCarriesSuppressed,
                            format!(" while {} is suppressed", suppressed.join(", ")),
                        )
                    };
                    findings.push(Finding {
                        kind,
                        location: Location::cell(&table.file, row.line, &column.name),
                        message: format!(
                            "the text shows {} which is no released value of its row{why}",
                            number.raw
                        ),
                    });
                }
            }
        }
    }
}
