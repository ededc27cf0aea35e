//! A table of statements (warnings): a row whose cell is withheld is left out, not published
//! with `..`, and the rows left are numbered again without a gap.

use bydel_privacy::hierarchy::AREA_KEY;
use bydel_privacy::{
    Cell, Column, Computed, Meaning, Policy, QuantityRef, ResultTable, Rounding, Term, release,
};

fn area(id: &str) -> Vec<String> {
    vec!["district".into(), id.into(), "2024".into()]
}

/// Three districts' counts: d1's count of 1 is hidden by the minimum-count rule.
fn counts() -> ResultTable {
    let mut t = ResultTable::new("counts", &AREA_KEY, vec![Column::count("n")]).unwrap();
    for (id, n) in [("d0", 40), ("d1", 1), ("d2", 25)] {
        t.push_row(area(id), Some(500), vec![Cell::Count(n)])
            .unwrap();
    }
    t
}

/// Warnings about d0, d1 and d2 in this order, numbered 1, 2, 3 within 2024.
fn warnings(statements: bool) -> ResultTable {
    let cols = vec![
        Column::public("area_id"),
        Column::computed(
            "sentence",
            Meaning::Derived {
                from: vec![Term::own("n")],
            },
            None,
        ),
    ];
    let mut t = ResultTable::new("warnings", &["year", "warning"], cols).unwrap();
    for (i, id) in ["d0", "d1", "d2"].iter().enumerate() {
        let from = vec![QuantityRef {
            key_columns: AREA_KEY.iter().map(|s| s.to_string()).collect(),
            key: area(id),
            quantity: "n".into(),
        }];
        let sentence = Cell::Computed {
            value: Computed::Text(format!("{id} is markedly worse")),
            from,
        };
        let key = vec!["2024".to_string(), (i + 1).to_string()];
        t.push_row(key, None, vec![Cell::Text(id.to_string()), sentence])
            .unwrap();
    }
    if statements {
        t.statements(Some(("warning", &["year"]))).unwrap()
    } else {
        t
    }
}

fn policy() -> Policy {
    Policy {
        rounding: Rounding::None,
        ..Policy::danmarks_statistik()
    }
}

fn published(statements: bool) -> Vec<Vec<String>> {
    let r = release(vec![counts(), warnings(statements)], &policy()).unwrap();
    let t = r.tables().iter().find(|t| t.name() == "warnings").unwrap();
    t.rows()
        .iter()
        .map(|row| row.iter().map(|c| c.text()).collect())
        .collect()
}

#[test]
fn a_plain_table_shows_the_withheld_warning_with_dots() {
    let rows = published(false);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[1], ["2024", "2", "d1", ".."]);
}

#[test]
fn a_warning_resting_on_a_withheld_count_is_left_out_and_the_rest_renumbered() {
    let rows = published(true);
    assert_eq!(
        rows,
        [
            ["2024", "1", "d0", "d0 is markedly worse"],
            ["2024", "2", "d2", "d2 is markedly worse"],
        ]
    );
    let r = release(vec![counts(), warnings(true)], &policy()).unwrap();
    let m = r.manifest();
    assert!(
        m.tables
            .iter()
            .any(|t| t.name == "warnings" && t.statements)
    );
    assert!(m.tables.iter().any(|t| t.name == "counts" && !t.statements));
}

#[test]
fn a_table_of_statements_may_not_publish_quantities() {
    let t = ResultTable::new("t", &AREA_KEY, vec![Column::count("n")]).unwrap();
    assert!(t.statements(None).is_err());
    let t = warnings(false);
    assert!(
        t.statements(Some(("rank", &["year"]))).is_err(),
        "no such key column"
    );
}
