//! Relations from the area hierarchy: the [`Relation`]s that say a parent area's numbers are
//! the sums of its children's, for tables keyed by `kind`, `area_id`, `year`.

use bydel_model::{AreaInfo, Kind, Year};

use crate::table::{Coverage, Relation};

/// The key columns of area tables.
pub const AREA_KEY: [&str; 3] = ["kind", "area_id", "year"];

/// The key of an area row.
pub fn area_key(kind: &Kind, area_id: &str, year: Year) -> Vec<String> {
    vec![kind.to_string(), area_id.to_owned(), year.to_string()]
}

/// One relation per parent area and year: the parent (of layer `parent`) contains its children
/// (areas of layer `child` whose `parent_id` is the parent, or whose `municipality` is the
/// parent when `parent` is the municipality layer). `coverage` says whether the children cover
/// the parent completely (districts cover a municipality; housing areas do not cover a
/// district, so their remainder is protected too).
pub fn nesting(
    areas: &[AreaInfo],
    child: &Kind,
    parent: &Kind,
    years: &[Year],
    coverage: Coverage,
) -> Vec<Relation> {
    let mut by_parent: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for a in areas.iter().filter(|a| &a.kind == child) {
        let pid = if parent.as_str() == Kind::MUNICIPALITY {
            a.municipality.map(|m| m.to_string())
        } else {
            a.parent_id.as_ref().map(|p| p.to_string())
        };
        if let Some(pid) = pid {
            by_parent
                .entry(pid)
                .or_default()
                .push(a.area_id.to_string());
        }
    }
    let mut out = Vec::new();
    for (pid, children) in &by_parent {
        for &y in years {
            out.push(Relation::Rows {
                total: area_key(parent, pid, y),
                parts: children.iter().map(|c| area_key(child, c, y)).collect(),
                coverage,
            });
        }
    }
    out
}

/// One relation per area: the multi-year total row (keyed by `total_year`, for example the
/// first year of a period) is the sum of the rows of `years`.
pub fn period(kind: &Kind, area_ids: &[String], total_year: Year, years: &[Year]) -> Vec<Relation> {
    area_ids
        .iter()
        .map(|a| Relation::Rows {
            total: area_key(kind, a, total_year),
            parts: years.iter().map(|&y| area_key(kind, a, y)).collect(),
            coverage: Coverage::Complete,
        })
        .collect()
}
