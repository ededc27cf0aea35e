//! Golden tests of the Danmarks Statistik import preset (`bydel_io::dst`).
//!
//! `fixtures/dst/registers/` is a hand-made register extract with one case per mapping rule
//! (every HFAUDD range, every SOCIO13 code, KOEN, IE_TYPE, OPR_LAND as ISO, numeric and "not
//! stated", REG given and derived from KOM, income rounding, every offence-code prefix and every
//! decision type). `fixtures/dst/expected/` holds the canonical tables it must become;
//! `fixtures/dst/invalid/` holds one bad cell per kind of input error and `problems.txt` the exact
//! messages. `UPDATE_EXPECT=1` re-approves (read the diff before committing).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use bydel_io::dst::{self, mapping::Mappings};
use bydel_io::{Dataset, FileFormat, IoError};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/dst")
        .join(name)
}

fn golden(path: &Path, actual: &str) {
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    assert_eq!(
        expected,
        actual,
        "{} differs (UPDATE_EXPECT=1 re-approves)",
        path.display()
    );
}

#[test]
fn every_mapping_rule_gives_the_expected_canonical_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dataset");
    let summary = dst::import(&fixture("registers"), &out, FileFormat::Csv).unwrap();
    assert_eq!(summary.rows["persons"], 22);
    assert_eq!(summary.rows["convictions"], 8);
    for table in ["persons", "convictions", "addresses", "address_areas"] {
        let text = std::fs::read_to_string(out.join(format!("{table}.csv"))).unwrap();
        golden(&fixture("expected").join(format!("{table}.csv")), &text);
    }
    assert!(out.join("areas.geojson").is_file());
}

#[test]
fn the_imported_dataset_passes_validation() {
    let tmp = tempfile::tempdir().unwrap();
    for format in [FileFormat::Csv, FileFormat::Parquet] {
        let out = tmp.path().join(format.extension());
        dst::import(&fixture("registers"), &out, format).unwrap();
        let ds = Dataset::open(&out).unwrap();
        let ids: HashSet<(String, String)> = dst::area_ids(&ds.areas_path()).unwrap();
        assert!(ids.contains(&("housing_area".into(), "h1".into())));
        let report = bydel_io::validate::validate(&ds, &ids, &mut |_| {}).unwrap();
        assert!(report.problems.is_empty(), "{:?}", report.problems.sorted());
        assert_eq!(report.rows["persons"], 22, "{format:?}");
        assert_eq!(report.rows["convictions"], 8, "{format:?}");
    }
}

#[test]
fn every_kind_of_register_error_is_named_and_nothing_is_written() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dataset");
    let err = dst::import(&fixture("invalid"), &out, FileFormat::Csv).unwrap_err();
    let IoError::Invalid(problems) = err else {
        panic!("expected input problems, got {err}");
    };
    let root = fixture("invalid").display().to_string();
    let text: String = problems
        .sorted()
        .iter()
        .map(|p| format!("{}\n", p.to_string().replace(&root, "FROM")))
        .collect();
    assert!(
        !text.contains("0101901234") && !text.contains("010190-1234"),
        "CPR shown"
    );
    golden(&fixture("invalid/problems.txt"), &text);
    assert!(!out.exists(), "a failed import must leave no output");
}

#[test]
fn a_failed_import_keeps_the_previous_output() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dataset");
    dst::import(&fixture("registers"), &out, FileFormat::Csv).unwrap();
    let before = std::fs::read_to_string(out.join("persons.csv")).unwrap();
    assert!(dst::import(&fixture("invalid"), &out, FileFormat::Csv).is_err());
    assert_eq!(
        std::fs::read_to_string(out.join("persons.csv")).unwrap(),
        before
    );
}

#[test]
fn a_mapping_file_in_from_mappings_replaces_the_embedded_table() {
    let tmp = tempfile::tempdir().unwrap();
    let from = tmp.path().join("from");
    std::fs::create_dir_all(from.join("mappings")).unwrap();
    for e in std::fs::read_dir(fixture("registers")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, from.join(p.file_name().unwrap())).unwrap();
    }
    let socio = mapping_text(dst::mapping::SOCIO13).replace("210,1,false", "210,0,false");
    std::fs::write(from.join("mappings/socio13.csv"), socio).unwrap();
    let m = Mappings::load(Some(&from.join("mappings"))).unwrap();
    assert_eq!(m.attachment(210).unwrap().outside_fte, 0.0);
    assert_eq!(
        Mappings::embedded().attachment(210).unwrap().outside_fte,
        1.0
    );

    std::fs::write(
        from.join("mappings/hfaudd.csv"),
        "from,to,education\n1,2,primary\n",
    )
    .unwrap();
    let Err(IoError::Invalid(p)) = Mappings::load(Some(&from.join("mappings"))) else {
        panic!("a bad mapping table must be refused");
    };
    let msg = p.first().unwrap().to_string();
    assert!(
        msg.contains("hfaudd.csv:2") && msg.contains("primary"),
        "{msg}"
    );
}

#[test]
fn cpr_numbers_are_refused_in_any_shape() {
    let tmp = tempfile::tempdir().unwrap();
    let from = tmp.path().join("from");
    std::fs::create_dir_all(&from).unwrap();
    for e in std::fs::read_dir(fixture("registers")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, from.join(p.file_name().unwrap())).unwrap();
    }
    let bef = std::fs::read_to_string(from.join("bef.csv")).unwrap();
    std::fs::write(from.join("bef.csv"), bef.replace("q05,", "290200-1234,")).unwrap();
    let Err(IoError::Invalid(p)) = dst::import(&from, &tmp.path().join("out"), FileFormat::Csv)
    else {
        panic!("CPR numbers must be refused");
    };
    let msg = p.sorted()[0].to_string();
    assert!(
        msg.contains("bef.csv:6 column `PNR`") && msg.contains("CPR"),
        "{msg}"
    );
}

fn mapping_text(embedded: &str) -> String {
    embedded.to_string()
}

/// Copies the register fixture and adds `extra` (name, text) files.
fn registers_with(extra: &[(&str, String)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let from = tmp.path().join("registers");
    std::fs::create_dir(&from).unwrap();
    for e in std::fs::read_dir(fixture("registers")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), from.join(e.file_name())).unwrap();
    }
    for (name, text) in extra {
        std::fs::write(from.join(name), text).unwrap();
    }
    (tmp, from)
}

/// The (PNR, AAR) pairs of the fixture's bef.csv.
fn person_years() -> Vec<(String, String)> {
    let bef = std::fs::read_to_string(fixture("registers/bef.csv")).unwrap();
    bef.lines()
        .skip(1)
        .map(|l| {
            let mut f = l.split(',');
            (f.next().unwrap().into(), f.next().unwrap().into())
        })
        .collect()
}

fn outside_fte(dataset: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dataset.join("persons.csv")).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let c = header.iter().position(|h| *h == "outside_fte").unwrap();
    text.lines()
        .skip(1)
        .map(|l| l.split(',').nth(c).unwrap().to_string())
        .collect()
}

/// Issue 13: the law measures criterion A in full-time equivalents (three months on
/// kontanthjælp = 0.25); SOCIO13 gives whole persons. AMR and DREAM give the year by status.
#[test]
fn issue_13_criterion_a_comes_from_amr_or_dream_and_the_source_is_recorded() {
    let years = person_years();
    let amr: String = std::iter::once("PNR,AAR,UDENFOR_FTE\n".to_string())
        .chain(years.iter().map(|(p, y)| format!("{p},{y},0.25\n")))
        .collect();
    let dream: String = std::iter::once("PNR,AAR,UGER\n".to_string())
        .chain(years.iter().map(|(p, y)| format!("{p},{y},13\n")))
        .collect();
    for (table, text, source) in [("amr.csv", &amr, "amr"), ("dream.csv", &dream, "dream")] {
        let (tmp, from) = registers_with(&[(table, text.clone())]);
        let out = tmp.path().join("dataset");
        let summary = dst::import(&from, &out, FileFormat::Csv).unwrap();
        assert_eq!(summary.outside_fte.as_str(), source);
        assert!(outside_fte(&out).iter().all(|x| x == "0.25"), "{table}");
        let record = std::fs::read_to_string(out.join(dst::IMPORT_RECORD)).unwrap();
        assert!(
            record.contains(&format!("\"outside_fte_source\": \"{source}\"")),
            "{record}"
        );
    }
    // Without either: SOCIO13, whole persons, and the record says so.
    let (tmp, from) = registers_with(&[]);
    let out = tmp.path().join("dataset");
    let summary = dst::import(&from, &out, FileFormat::Csv).unwrap();
    assert_eq!(summary.outside_fte, dst::outside::Source::Socio13);
    assert!(outside_fte(&out).iter().all(|x| x == "0" || x == "1"));
    let record = std::fs::read_to_string(out.join(dst::IMPORT_RECORD)).unwrap();
    assert!(
        record.contains("\"outside_fte_source\": \"socio13\""),
        "{record}"
    );
    // A person-year missing from amr is an error, not a silent fallback.
    let partial: String = amr.lines().take(3).map(|l| format!("{l}\n")).collect();
    let (tmp, from) = registers_with(&[("amr.csv", partial)]);
    let err = dst::import(&from, &tmp.path().join("d"), FileFormat::Csv).unwrap_err();
    let IoError::Invalid(problems) = err else {
        panic!("{err}");
    };
    let first = problems.sorted()[0].to_string();
    assert!(
        first.contains("bef.csv:4 column `PNR`") && first.contains("`amr`"),
        "{first}"
    );
}
