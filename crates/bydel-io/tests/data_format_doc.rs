//! Keeps `docs/data-format.md` true: every canonical table and column of
//! `bydel_model::schema`, every built-in measure, every code, the run-folder columns and every
//! input column of the DST preset must appear in it (as `name` in backticks).

use std::path::Path;

use bydel_model::codes::{DaycareKind, LanguageResult, SchoolKind, Tenure};
use bydel_model::measure::builtin_measures;
use bydel_model::schema::{AREAS_FILE, TABLES};
use bydel_model::{Education, Law, Origin, Sex};

fn doc() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/data-format.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn missing<'a>(doc: &str, names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    names
        .into_iter()
        .filter(|n| !doc.contains(&format!("`{n}`")))
        .map(str::to_string)
        .collect()
}

#[test]
fn every_table_and_column_is_documented() {
    let doc = doc();
    let mut gaps = Vec::new();
    for t in TABLES {
        let section = section_of(&doc, t.name);
        if section.is_empty() {
            gaps.push(format!("table {} (a `### ` heading naming it)", t.name));
        }
        for c in missing(section, t.columns.iter().map(|c| c.name)) {
            gaps.push(format!("{}.{c}", t.name));
        }
    }
    gaps.extend(missing(&doc, [AREAS_FILE, "counts.parquet", "areas.csv"]));
    assert!(
        gaps.is_empty(),
        "missing from docs/data-format.md: {gaps:?}"
    );
}

#[test]
fn every_code_and_measure_is_documented() {
    let doc = doc();
    let mut codes: Vec<&str> = Vec::new();
    codes.extend(Sex::ALL.iter().map(|c| c.as_str()));
    codes.extend(Origin::ALL.iter().map(|c| c.as_str()));
    codes.extend(Education::ALL.iter().map(|c| c.as_str()));
    codes.extend(Law::ALL.iter().map(|c| c.as_str()));
    codes.extend(Tenure::ALL.iter().map(|c| c.as_str()));
    codes.extend(LanguageResult::ALL.iter().map(|c| c.as_str()));
    codes.extend(SchoolKind::ALL.iter().map(|c| c.as_str()));
    codes.extend(DaycareKind::ALL.iter().map(|c| c.as_str()));
    let measures = builtin_measures();
    codes.extend(measures.iter().map(|m| m.name.as_str()));
    let gaps = missing(&doc, codes);
    assert!(
        gaps.is_empty(),
        "missing from docs/data-format.md: {gaps:?}"
    );
}

#[test]
fn every_dst_input_column_is_documented() {
    let doc = doc();
    let section = &doc[doc.find("## 3.").expect("a section 3 on the DST import")..];
    let mut gaps = Vec::new();
    for t in [bydel_io::dst::BEF, bydel_io::dst::KRAF] {
        gaps.extend(missing(section, [t.name]));
        gaps.extend(missing(section, t.columns.iter().map(|c| c.name)));
    }
    assert!(
        gaps.is_empty(),
        "missing from docs/data-format.md section 3: {gaps:?}"
    );
}

#[test]
fn the_check_can_fail() {
    assert_eq!(missing("`a` and b", ["a", "b"]), vec!["b".to_string()]);
}

/// The documentation section of a table: from its `### … `name`` heading to the next heading.
fn section_of<'a>(doc: &'a str, table: &str) -> &'a str {
    let needle = format!("`{table}`");
    let start = doc
        .match_indices("\n### ")
        .map(|(i, _)| i + 1)
        .find(|&i| doc[i..].lines().next().is_some_and(|h| h.contains(&needle)));
    match start {
        Some(i) => {
            let end = doc[i + 4..].find("\n### ").map_or(doc.len(), |j| i + 4 + j);
            &doc[i..end]
        }
        None => "",
    }
}
