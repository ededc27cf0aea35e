//! Finding a method's indicators in a table, with errors that list what the table has.

use crate::classification::Exclusion;
use crate::error::IndexError;
use crate::table::{AreaRow, AreaTable};

/// The positions of the named indicators; an unknown name is a method error.
pub(crate) fn resolve(
    table: &AreaTable,
    names: &[String],
    source: &str,
) -> Result<Vec<usize>, IndexError> {
    names
        .iter()
        .map(|n| {
            table
                .indicator_index(n)
                .ok_or_else(|| unknown(table, n, source))
        })
        .collect()
}

/// Checks that every name (of a weight or direction) is an indicator of the table.
pub(crate) fn check_known<'a>(
    table: &AreaTable,
    mut names: impl Iterator<Item = &'a String>,
    source: &str,
) -> Result<(), IndexError> {
    match names.find(|n| table.indicator_index(n).is_none()) {
        Some(n) => Err(unknown(table, n, source)),
        None => Ok(()),
    }
}

/// The first of the indicators the row has no value for.
pub(crate) fn missing_indicator(t: &AreaTable, row: &AreaRow, ix: &[usize]) -> Option<Exclusion> {
    let i = *ix
        .iter()
        .find(|&&i| row.observations[i].value().is_none())?;
    Some(Exclusion::MissingIndicator {
        indicator: t.indicators()[i].clone(),
    })
}

fn unknown(table: &AreaTable, name: &str, source: &str) -> IndexError {
    IndexError::method(
        source,
        format!(
            "indicator {name:?} is not in the table; it has: {}",
            table.indicators().join(", ")
        ),
    )
}

/// For each row, why it is left out (a missing indicator) or `None`; and the rows kept. A method
/// needs at least two complete areas to rank or standardise.
pub(crate) fn complete_rows(
    table: &AreaTable,
    used: &[usize],
    method: &str,
) -> Result<(Vec<Option<Exclusion>>, Vec<usize>), IndexError> {
    let exclusions: Vec<Option<Exclusion>> = table
        .rows()
        .iter()
        .map(|r| missing_indicator(table, r, used))
        .collect();
    let members: Vec<usize> = (0..exclusions.len())
        .filter(|&r| exclusions[r].is_none())
        .collect();
    if members.len() < 2 {
        return Err(IndexError::Data(format!(
            "{method}: {} areas with every indicator",
            members.len()
        )));
    }
    Ok((exclusions, members))
}
