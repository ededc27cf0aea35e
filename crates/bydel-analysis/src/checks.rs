//! The counts an analysis refuses: an empty table, a negative denominator, and a share whose
//! numerator exceeds its denominator (or is negative). Checked before any work starts, so that
//! no table is computed from counts that cannot be right; every error names the area, year and
//! measures.

use bydel_model::CountsTable;

use crate::catalogue::Catalogue;
use crate::error::AnalysisError;
use crate::indicator::IndicatorKind;

/// Checks the counts table against the catalogue's indicators; `source_name` names the table
/// (its file) in errors.
pub fn check_counts(
    t: &CountsTable,
    cat: &Catalogue,
    source_name: &str,
) -> Result<(), AnalysisError> {
    let err = |message: String| AnalysisError::Data {
        source_name: source_name.to_string(),
        message,
    };
    if t.key_count() == 0 || t.areas().next().is_none() {
        return Err(err(
            "the counts table is empty (no area has a count); nothing to analyse".into(),
        ));
    }
    for ind in cat.indicators() {
        for (key, measure, value) in t.rows().filter(|(_, m, _)| *m == ind.denominator) {
            let place = format!("{} {} in {}", key.kind, key.area_id, key.year);
            if value < 0 {
                return Err(err(format!(
                    "{place}: the denominator {measure} of {} is negative ({value})",
                    ind.id
                )));
            }
            if ind.kind != IndicatorKind::Share {
                continue;
            }
            let Some(num) = t.get(&key.kind, &key.area_id, key.year, &ind.numerator) else {
                continue;
            };
            let too_big = i128::from(num) > i128::from(value) * i128::from(ind.scale);
            if num < 0 || too_big {
                return Err(err(format!(
                    "{place}: the share {} has numerator {} = {num} {} its denominator {measure} = {value}{}",
                    ind.id,
                    ind.numerator,
                    if num < 0 { "below 0, with" } else { "above" },
                    if ind.scale == 1 {
                        String::new()
                    } else {
                        format!(" (× scale {})", ind.scale)
                    }
                )));
            }
        }
    }
    Ok(())
}
