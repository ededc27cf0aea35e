//! Issue 13 (rules side): impossible or empty input is refused with the file, line and column.

use bydel_rules::{History, ListYear, RuleSets, classify_table};

const HEADER: &str = "area_id,residents,no_attachment_pct,convicted_pct,national_convicted_pct,\
basic_education_pct,income_pct_of_region,non_western_pct,residents_18_64";

fn classify(values: &str) -> Result<usize, String> {
    classify_table(
        &RuleSets::danish(),
        ListYear::new(2021).unwrap(),
        "values.csv",
        values,
        &History::new(),
    )
    .map(|r| r.len())
    .map_err(|e| e.to_string())
}

#[test]
fn issue_13_residents_18_64_above_residents_is_refused() {
    let ok = format!("{HEADER}\na,2000,45,3,0.8,20,90,60,1500\n");
    assert_eq!(classify(&ok), Ok(1));
    let bad = format!("{HEADER}\na,2000,45,3,0.8,20,90,60,1500\nb,1000,45,3,0.8,20,90,60,1200\n");
    let e = classify(&bad).unwrap_err();
    assert!(
        e.contains("values.csv") && e.contains("line 3") && e.contains("residents_18_64"),
        "{e}"
    );
    assert!(
        e.contains("from 0 to residents (1000)") && e.contains("\"1200\""),
        "{e}"
    );
}

#[test]
fn issue_13_empty_values_table_is_refused() {
    let e = classify(&format!("{HEADER}\n")).unwrap_err();
    assert!(e.contains("values.csv") && e.contains("no areas"), "{e}");
}

#[test]
fn issue_13_contradictory_history_rows_are_refused() {
    let text = "area_id,list_year,parallelsamfund\nx,2020,true\ny,2020,false\nx,2020,false\n";
    let e = History::parse_csv("history.csv", text)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("history.csv") && e.contains("line 4") && e.contains("line 2"),
        "{e}"
    );
    // The same fact twice is not a contradiction.
    let twice = "area_id,list_year,parallelsamfund\nx,2020,true\nx,2020,true\n";
    assert_eq!(History::parse_csv("history.csv", twice).unwrap().len(), 1);
}

#[test]
fn issue_13_a_listed_year_defines_every_area() {
    let text = "area_id,list_year,parallelsamfund,udsat\nx,2020,true,\n";
    let h = History::parse_csv("history.csv", text).unwrap();
    let kind = bydel_model::Kind::new("housing_area").unwrap();
    let other = bydel_model::AreaId::new("never_named").unwrap();
    let y2020 = ListYear::new(2020).unwrap();
    assert_eq!(h.get(&kind, &other, y2020, "parallelsamfund"), Some(false));
    // A year or a category the file does not give stays unknown.
    assert_eq!(
        h.get(
            &kind,
            &other,
            ListYear::new(2019).unwrap(),
            "parallelsamfund"
        ),
        None
    );
    assert_eq!(h.get(&kind, &other, y2020, "udsat"), None);
}
