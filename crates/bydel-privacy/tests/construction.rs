//! Building result tables: bad rows are refused, and nothing but `release` shows a number.

use bydel_privacy::hierarchy::AREA_KEY;
use bydel_privacy::{Cell, Column, Policy, ResultTable, Rounding, release};

fn key(id: &str) -> Vec<String> {
    vec!["district".into(), id.into(), "2024".into()]
}

#[test]
fn debug_output_shows_structure_not_cells() {
    let mut t = ResultTable::new("t", &AREA_KEY, vec![Column::count("residents")]).unwrap();
    t.push_row(key("d0"), None, vec![Cell::Count(123_457)])
        .unwrap();
    let shown = format!("{t:?}");
    assert!(
        shown.contains("rows: 1") && !shown.contains("123457"),
        "{shown}"
    );
}

#[test]
fn bad_rows_and_tables_are_refused() {
    let cols = || {
        vec![
            Column::count("residents"),
            Column::share("s", "nw", "residents"),
        ]
    };
    assert!(
        ResultTable::new("a/b", &AREA_KEY, cols()).is_err(),
        "not a file stem"
    );
    assert!(
        ResultTable::new("t", &["kind", "kind"], cols()).is_err(),
        "duplicate column"
    );
    let mut t = ResultTable::new("t", &AREA_KEY, cols()).unwrap();
    let share = |numerator, denominator| Cell::Share {
        numerator,
        denominator,
    };
    assert!(
        t.push_row(key("d0"), None, vec![Cell::Count(5)]).is_err(),
        "short row"
    );
    assert!(
        t.push_row(key("d0"), None, vec![Cell::Count(5), share(6, 5)])
            .is_err(),
        "numerator > denominator"
    );
    assert!(
        t.push_row(key("d0"), None, vec![Cell::Count(-1), share(0, 5)])
            .is_err(),
        "negative count"
    );
    assert!(
        t.push_row(key("d0"), None, vec![share(1, 5), share(1, 5)])
            .is_err(),
        "wrong cell kind"
    );
    t.push_row(key("d0"), None, vec![Cell::Count(5), share(1, 5)])
        .unwrap();
    assert!(
        t.push_row(key("d0"), None, vec![Cell::Count(5), share(1, 5)])
            .is_err(),
        "duplicate key"
    );
    let dup = ResultTable::new("t", &AREA_KEY, cols()).unwrap();
    assert!(
        release(vec![t, dup], &Policy::danmarks_statistik()).is_err(),
        "two tables named t"
    );
}

#[test]
fn the_same_quantity_with_two_values_is_refused() {
    let mut t = ResultTable::new(
        "t",
        &AREA_KEY,
        vec![
            Column::count("residents"),
            Column::share("s", "nw", "residents"),
        ],
    )
    .unwrap();
    t.push_row(
        key("d0"),
        None,
        vec![
            Cell::Count(50),
            Cell::Share {
                numerator: 5,
                denominator: 40,
            },
        ],
    )
    .unwrap();
    assert!(release(vec![t], &Policy::danmarks_statistik()).is_err());
}

#[test]
fn policies_validate_their_parameters() {
    assert!(Policy::preset("danmarks-statistik").is_ok() && Policy::preset("municipal").is_ok());
    assert!(Policy::preset("lax").is_err());
    let bad = Policy {
        min_count: 0,
        ..Policy::danmarks_statistik()
    };
    assert!(bad.validate().is_err());
    let bad = Policy::danmarks_statistik().with_rounding(Rounding::NearestMultiple(1));
    assert!(bad.validate().is_err());
}

#[test]
fn released_tables_render_csv_and_json_with_markers() {
    let mut t =
        ResultTable::new("t", &AREA_KEY, vec![Column::share("s", "nw", "residents")]).unwrap();
    t.push_row(
        key("d0"),
        None,
        vec![Cell::Share {
            numerator: 1,
            denominator: 50,
        }],
    )
    .unwrap();
    t.push_row(
        key("d1"),
        None,
        vec![Cell::Share {
            numerator: 0,
            denominator: 0,
        }],
    )
    .unwrap();
    t.push_row(
        key("d2"),
        None,
        vec![Cell::Share {
            numerator: 10,
            denominator: 40,
        }],
    )
    .unwrap();
    let rel = release(vec![t], &Policy::danmarks_statistik()).unwrap();
    let r = &rel.tables()[0];
    assert_eq!(
        r.to_csv(),
        "kind,area_id,year,s,s_numerator,s_denominator\n\
         district,d0,2024,..,..,..\n\
         district,d1,2024,,0,0\n\
         district,d2,2024,0.2500,10,40\n"
    );
    let json = r.to_json();
    assert_eq!(json[0]["s"], "..");
    assert!(json[1]["s"].is_null());
    assert_eq!(json[2]["s_numerator"], 10);
}
