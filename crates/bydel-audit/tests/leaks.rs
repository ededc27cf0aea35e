//! Planted leaks, each in a hand-written `published/` folder, and the clean folder they are
//! planted in. Every leak must be found; the clean folder must pass.

mod common;

use bydel_audit::FindingKind;
use common::{Fixture, count, districts, kinds, label};
use serde_json::json;

const KEYS: &[&str] = &["kind", "area_id", "year"];

/// Residents and non-western residents of a municipality of three districts, 2024.
fn population(fixture: &mut Fixture, rows: &[(&str, &str, &str, &str)]) {
    districts(fixture, 3);
    let mut csv = String::from("kind,area_id,year,name,residents,non_western\n");
    for (kind, id, residents, non_western) in rows {
        csv.push_str(&format!(
            "{kind},{id},2024,{id},{residents},{non_western}\n"
        ));
    }
    fixture.table(
        "population",
        KEYS,
        json!([
            label("name"),
            count("residents", "residents"),
            count("non_western", "non_western")
        ]),
        &csv,
    );
}

#[test]
fn a_fully_released_table_is_clean() {
    let mut f = Fixture::new();
    population(
        &mut f,
        &[
            ("municipality", "159", "100", "30"),
            ("district", "d1", "40", "10"),
            ("district", "d2", "30", "8"),
            ("district", "d3", "30", "12"),
        ],
    );
    let report = f.audit();
    assert!(report.is_clean(), "{}", report.to_text());
    assert_eq!(report.suppressed_cells, 0);
    assert_eq!(report.released_cells, 8);
}

#[test]
fn one_suppressed_child_is_recovered_by_subtraction() {
    let mut f = Fixture::new();
    population(
        &mut f,
        &[
            ("municipality", "159", "100", "30"),
            ("district", "d1", "40", "10"),
            ("district", "d2", "30", ".."),
            ("district", "d3", "30", "18"),
        ],
    );
    let report = f.audit();
    assert_eq!(
        kinds(&report),
        [FindingKind::ExactlyRecoverable],
        "{}",
        report.to_text()
    );
    let finding = &report.findings[0];
    assert_eq!(finding.location.file, "population.csv");
    assert_eq!(finding.location.line, Some(4));
    assert_eq!(finding.location.column.as_deref(), Some("non_western"));
    let interval = &report.intervals[0];
    assert_eq!((interval.min, interval.max), (2.0, Some(2.0)));
    assert!(!interval.protected);
}

#[test]
fn two_suppressed_children_are_not_recoverable() {
    let mut f = Fixture::new();
    population(
        &mut f,
        &[
            ("municipality", "159", "100", "30"),
            ("district", "d1", "40", "10"),
            ("district", "d2", "30", ".."),
            ("district", "d3", "30", ".."),
        ],
    );
    let report = f.audit();
    assert!(report.is_clean(), "{}", report.to_text());
    assert_eq!(report.intervals.len(), 2);
    for i in &report.intervals {
        assert_eq!((i.min, i.max), (0.0, Some(20.0)), "{i:?}");
        assert!(i.protected);
    }
    assert!(report.lps_solved >= 2, "the two unknowns need the solver");
}

#[test]
fn two_suppressed_children_that_add_up_to_a_small_count_are_recoverable() {
    // d2 + d3 = 2: each lies in [0, 2], so the reader knows both are small.
    let mut f = Fixture::new();
    population(
        &mut f,
        &[
            ("municipality", "159", "100", "30"),
            ("district", "d1", "40", "28"),
            ("district", "d2", "30", ".."),
            ("district", "d3", "30", ".."),
        ],
    );
    let report = f.audit();
    assert_eq!(
        report.count(FindingKind::Recoverable),
        2,
        "{}",
        report.to_text()
    );
}

#[test]
fn a_rate_beside_its_suppressed_count_recovers_it() {
    let mut f = Fixture::new();
    population(
        &mut f,
        &[
            ("municipality", "159", "100", ".."),
            ("district", "d1", "40", ".."),
            ("district", "d2", "30", ".."),
            ("district", "d3", "30", ".."),
        ],
    );
    f.table(
        "shares",
        KEYS,
        json!([{ "name": "non_western_share", "decimals": 4, "meaning": {
            "op": "ratio", "num": [ { "measure": "non_western" } ],
            "den": [ { "measure": "residents" } ] } }]),
        "kind,area_id,year,non_western_share\ndistrict,d1,2024,0.0500\n",
    );
    let report = f.audit();
    assert!(
        report.count(FindingKind::ExactlyRecoverable) >= 1,
        "{}",
        report.to_text()
    );
    let d1 = report
        .intervals
        .iter()
        .find(|i| i.atom.area_id == "d1")
        .unwrap();
    assert_eq!((d1.min, d1.max), (2.0, Some(2.0)));
    assert!(
        report.count(FindingKind::SmallRatioInput) >= 1,
        "{}",
        report.to_text()
    );
}

#[test]
fn a_two_year_mean_that_spans_a_suppressed_year_recovers_it() {
    let mut f = Fixture::new();
    districts(&mut f, 1);
    f.table(
        "population",
        KEYS,
        json!([
            count("residents", "residents"),
            count("non_western", "non_western")
        ]),
        "kind,area_id,year,residents,non_western\n\
         district,d1,2023,50,10\n\
         district,d1,2024,40,..\n",
    );
    let part = |offset: i32| {
        json!({ "num": [ { "measure": "non_western", "year_offset": offset } ],
                "den": [ { "measure": "residents", "year_offset": offset } ] })
    };
    f.table(
        "criteria",
        KEYS,
        json!([{ "name": "mean_share", "decimals": 4,
                 "meaning": { "op": "mean_ratio", "parts": [part(-1), part(0)] } }]),
        "kind,area_id,year,mean_share\ndistrict,d1,2024,0.1250\n",
    );
    let report = f.audit();
    let hit = report
        .intervals
        .iter()
        .find(|i| i.atom.year == 2024 && i.atom.measure == "non_western")
        .expect("the 2024 count is examined");
    assert_eq!((hit.min, hit.max), (2.0, Some(2.0)), "{}", report.to_text());
    assert!(report.count(FindingKind::ExactlyRecoverable) >= 1);
}

#[test]
fn a_mean_over_unknown_denominators_still_bounds_by_envelopes() {
    // Both years' counts and denominators are suppressed; only the municipality's totals and a
    // mean are released. The envelopes must keep the system feasible (no false alarm).
    let mut f = Fixture::new();
    districts(&mut f, 2);
    f.table(
        "population",
        KEYS,
        json!([
            count("residents", "residents"),
            count("non_western", "non_western")
        ]),
        "kind,area_id,year,residents,non_western\n\
         municipality,159,2023,100,20\n\
         municipality,159,2024,100,20\n\
         district,d1,2023,..,..\n\
         district,d1,2024,..,..\n\
         district,d2,2023,..,..\n\
         district,d2,2024,..,..\n",
    );
    let part = |offset: i32| {
        json!({ "num": [ { "measure": "non_western", "year_offset": offset } ],
                "den": [ { "measure": "residents", "year_offset": offset } ] })
    };
    f.table(
        "criteria",
        KEYS,
        json!([{ "name": "mean_share", "decimals": 2,
                 "meaning": { "op": "mean_ratio", "parts": [part(-1), part(0)] } }]),
        "kind,area_id,year,mean_share\ndistrict,d1,2024,0.20\n",
    );
    let report = f.audit();
    assert_eq!(
        report.count(FindingKind::Inconsistent),
        0,
        "{}",
        report.to_text()
    );
    assert_eq!(
        report.count(FindingKind::ExactlyRecoverable),
        0,
        "{}",
        report.to_text()
    );
}

#[test]
fn a_sentence_that_carries_a_suppressed_percentage_is_caught() {
    let mut f = Fixture::new();
    districts(&mut f, 1);
    let columns = json!([
        { "name": "share", "decimals": 3, "meaning": { "op": "ratio",
            "num": [ { "measure": "non_western" } ], "den": [ { "measure": "residents" } ] } },
        { "name": "residents", "meaning": { "op": "sum", "terms": [ { "measure": "residents" } ] } },
        { "name": "warning", "meaning": { "op": "text", "numbers_from": ["share", "residents"] } }
    ]);
    f.table(
        "warnings",
        KEYS,
        columns,
        "kind,area_id,year,share,residents,warning\n\
         district,d1,2024,..,40,\"Andelen steg til 5,0 % af 40 beboere i 2024\"\n\
         municipality,159,2024,0.300,40,\"Andelen er 30,0 % af 40 beboere\"\n",
    );
    let report = f.audit();
    assert_eq!(
        report.count(FindingKind::TextCarriesSuppressed),
        1,
        "{}",
        report.to_text()
    );
    let finding = report
        .findings
        .iter()
        .find(|x| x.kind == FindingKind::TextCarriesSuppressed)
        .unwrap();
    assert_eq!(finding.location.line, Some(2));
    assert!(finding.message.contains("5,0"), "{}", finding.message);
    assert_eq!(report.count(FindingKind::TextUnreleasedNumber), 0);
}

#[test]
fn a_warning_published_with_its_number_withheld_is_caught() {
    let mut f = Fixture::new();
    districts(&mut f, 2);
    let columns = json!([
        { "name": "share", "decimals": 3, "meaning": { "op": "ratio",
            "num": [ { "measure": "non_western" } ], "den": [ { "measure": "residents" } ] } },
        { "name": "warning", "meaning": { "op": "text", "numbers_from": ["share"] } }
    ]);
    let csv = "kind,area_id,year,share,warning\n\
               district,d1,2024,0.300,\"Andelen er markant højere\"\n\
               district,d2,2024,..,..\n";
    f.table("warnings", KEYS, columns, csv);
    let plain = f.audit();
    assert_eq!(plain.count(FindingKind::WithheldStatement), 0);
    f.statements("warnings");
    let report = f.audit();
    assert_eq!(
        report.count(FindingKind::WithheldStatement),
        1,
        "{}",
        report.to_text()
    );
    assert!(
        report
            .findings
            .iter()
            .filter(|x| x.kind == FindingKind::WithheldStatement)
            .all(|x| x.location.line == Some(3))
    );
}

#[test]
fn a_workbook_cell_that_the_csv_hides_is_caught() {
    let mut f = Fixture::new();
    population(
        &mut f,
        &[
            ("municipality", "159", "100", "30"),
            ("district", "d1", "40", "10"),
            ("district", "d2", "30", ".."),
            ("district", "d3", "30", ".."),
        ],
    );
    let cells: &[&[&str]] = &[
        &["municipality", "159", "2024", "159", "100", "30"],
        &["district", "d1", "2024", "d1", "40", "10"],
        &["district", "d2", "2024", "d2", "30", "9"],
        &["district", "d3", "2024", "d3", "30", ".."],
    ];
    write_book(&f, cells);
    let report = f.audit();
    assert_eq!(
        kinds(&report),
        [FindingKind::WorkbookRevealsSuppressed],
        "{}",
        report.to_text()
    );
    let loc = &report.findings[0].location;
    assert_eq!(loc.file, "book.xlsx");
    assert_eq!(loc.line, Some(4));
    assert_eq!(loc.column.as_deref(), Some("Befolkning!Ikke-vestlige"));
}

#[test]
fn a_faithful_workbook_and_report_are_clean() {
    let mut f = Fixture::new();
    population(
        &mut f,
        &[
            ("municipality", "159", "100", "30"),
            ("district", "d1", "40", "10"),
            ("district", "d2", "30", ".."),
            ("district", "d3", "30", ".."),
        ],
    );
    let cells: &[&[&str]] = &[
        &["municipality", "159", "2024", "159", "100", "30"],
        &["district", "d1", "2024", "d1", "40", "10"],
        &["district", "d2", "2024", "d2", "30", ".."],
        &["district", "d3", "2024", "d3", "30", ".."],
    ];
    write_book(&f, cells);
    f.file(
        "report.html",
        "<!doctype html><html><head><title>Status 2024</title><style>td{padding:4px}</style>\
         </head><body><h1>Status 2024</h1><p>Kommune 159 har 3 bydele og \
         <data value=\"100\" data-ref=\"population.csv#residents@municipality|159|2024\">100\
         </data> beboere, heraf <data value=\"10\" \
         data-ref=\"population.csv#non_western@district|d1|2024\">10</data> i d1.</p>\
         </body></html>",
    );
    let report = f.audit();
    assert!(report.is_clean(), "{}", report.to_text());
    assert_eq!(
        report.files_read,
        [
            "areas.geojson",
            "book.xlsx",
            "manifest.json",
            "population.csv",
            "report.html"
        ]
    );
}

#[test]
fn a_report_that_shows_a_suppressed_or_different_value_is_caught() {
    let mut f = Fixture::new();
    population(
        &mut f,
        &[
            ("municipality", "159", "100", "30"),
            ("district", "d1", "40", "10"),
            ("district", "d2", "30", ".."),
            ("district", "d3", "30", ".."),
        ],
    );
    f.file(
        "report.html",
        "<p>I d2 bor <data value=\"9\" data-ref=\"population.csv#non_western@district|d2|2024\">\
         9</data> og i d1 <data value=\"10\" data-ref=\"population.csv#non_western@district|d1|2024\">\
         11</data>; i alt 1234 personer.</p>",
    );
    let report = f.audit();
    assert_eq!(
        kinds(&report),
        [
            FindingKind::ReportRevealsSuppressed,
            FindingKind::ReportDiffers,
            FindingKind::UnmarkedNumber
        ],
        "{}",
        report.to_text()
    );
}

#[test]
fn a_derived_value_over_a_suppressed_atom_is_caught() {
    let mut f = Fixture::new();
    population(
        &mut f,
        &[
            ("municipality", "159", "100", "30"),
            ("district", "d1", "40", "10"),
            ("district", "d2", "30", ".."),
            ("district", "d3", "30", ".."),
        ],
    );
    f.table(
        "trends",
        KEYS,
        json!([{ "name": "slope", "meaning": { "op": "derived", "from": [
            { "measure": "non_western" }, { "measure": "residents" } ] } }]),
        "kind,area_id,year,slope\ndistrict,d1,2024,0.4\ndistrict,d2,2024,-0.7\n",
    );
    let report = f.audit();
    assert_eq!(
        kinds(&report),
        [FindingKind::DerivedFromSuppressed],
        "{}",
        report.to_text()
    );
    assert_eq!(report.findings[0].location.line, Some(3));
}

#[test]
fn released_small_counts_and_unknown_files_are_findings() {
    let mut f = Fixture::new();
    population(
        &mut f,
        &[
            ("municipality", "159", "100", "30"),
            ("district", "d1", "40", "2"),
            ("district", "d2", "30", "14"),
            ("district", "d3", "30", "14"),
        ],
    );
    f.file("notes.txt", "interne noter");
    let report = f.audit();
    assert_eq!(
        kinds(&report),
        [FindingKind::SmallCount, FindingKind::UnauditedFile],
        "{}",
        report.to_text()
    );
}

#[test]
fn a_suppressed_cell_released_in_another_table_is_caught() {
    let mut f = Fixture::new();
    population(
        &mut f,
        &[
            ("municipality", "159", "100", "30"),
            ("district", "d1", "40", "10"),
            ("district", "d2", "30", ".."),
            ("district", "d3", "30", ".."),
        ],
    );
    f.table(
        "other",
        KEYS,
        json!([count("nw", "non_western")]),
        "kind,area_id,year,nw\ndistrict,d2,2024,9\n",
    );
    let report = f.audit();
    assert!(
        report.count(FindingKind::SuppressedCellComputable) == 1,
        "{}",
        report.to_text()
    );
    assert!(
        report.count(FindingKind::ExactlyRecoverable) == 1,
        "{}",
        report.to_text()
    );
}

#[test]
fn text_and_json_renderings_name_the_findings() {
    let mut f = Fixture::new();
    population(
        &mut f,
        &[
            ("municipality", "159", "100", "30"),
            ("district", "d1", "40", "10"),
            ("district", "d2", "30", ".."),
            ("district", "d3", "30", "18"),
        ],
    );
    let report = f.audit();
    let text = report.to_text();
    assert!(text.contains("exactly_recoverable (1):"), "{text}");
    assert!(text.contains("population.csv:4 [non_western]"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["findings"][0]["kind"], "exactly_recoverable");
    assert_eq!(json["intervals"][0]["atom"]["area_id"], "d2");
}

/// Writes `book.xlsx`: one sheet `Befolkning` with Danish labels, and the map `Kolonner`.
fn write_book(f: &Fixture, rows: &[&[&str]]) {
    use rust_xlsxwriter::Workbook;
    let labels = [
        "kind",
        "area_id",
        "year",
        "Navn",
        "Beboere",
        "Ikke-vestlige",
    ];
    let fields = [
        "kind",
        "area_id",
        "year",
        "name",
        "residents",
        "non_western",
    ];
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("Befolkning").unwrap();
    for (c, l) in labels.iter().enumerate() {
        sheet.write_string(0, c as u16, *l).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            match cell.parse::<f64>() {
                Ok(n) if c >= 2 => sheet.write_number(r, c, n).unwrap(),
                _ => sheet.write_string(r, c, *cell).unwrap(),
            };
        }
    }
    let map = book.add_worksheet().set_name("Kolonner").unwrap();
    for (c, h) in ["Ark", "Kolonne", "Fil", "Felt"].iter().enumerate() {
        map.write_string(0, c as u16, *h).unwrap();
    }
    for (r, (l, field)) in labels.iter().zip(fields).enumerate().skip(3) {
        let r = r as u32 - 2;
        for (c, v) in ["Befolkning", l, "population.csv", field]
            .iter()
            .enumerate()
        {
            map.write_string(r, c as u16, *v).unwrap();
        }
    }
    book.save(f.path().join("book.xlsx")).unwrap();
}
