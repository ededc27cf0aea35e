//! An end-to-end scenario on a small hand-built municipality: one housing area whose
//! outside-work share rises toward the 40 % limit while it already meets the income criterion,
//! one area near 1,000 residents, a school markedly more segregated than its district, a goal
//! file and a survey. Checks the tables' key cells.

mod common;

use bydel_analysis::goals::parse_goals;
use bydel_analysis::survey::add_survey;
use bydel_analysis::table::{Cell, Table};
use bydel_analysis::{Catalogue, Settings, analyse};
use bydel_model::measure::*;
use common::*;

const M: &str = "159";

fn build() -> bydel_model::CountsTable {
    let mut t = bydel_model::CountsTable::default();
    info(&mut t, "municipality", M, None);
    info(&mut t, "region", "1084", None);
    info(&mut t, "country", "DK", None);
    info(&mut t, "housing_area", "rising", Some("d1"));
    info(&mut t, "housing_area", "small", Some("d1"));
    info(&mut t, "school", "s1", None);
    info(&mut t, "school_district", "s1", None);
    for (i, y) in (2015..=2022).enumerate() {
        let i = i as i64;
        // rising: 2,000 residents 18-64, outside share 0.28 + 0.015 a year (0.385 in 2022).
        area(
            &mut t,
            "housing_area",
            "rising",
            y,
            3000,
            2000,
            2000 * (280 + 15 * i) * 1000,
            1500,
            150_000,
        );
        area(
            &mut t,
            "housing_area",
            "small",
            y,
            990 - 5 * i,
            600,
            600 * 150_000,
            500,
            300_000,
        );
        area(
            &mut t,
            "municipality",
            M,
            y,
            70_000,
            45_000,
            45_000 * 150_000,
            40_000,
            320_000,
        );
        area(
            &mut t,
            "region",
            "1084",
            y,
            1_900_000,
            1_200_000,
            1_200_000 * 140_000,
            1_000_000,
            330_000,
        );
        area(
            &mut t,
            "country",
            "DK",
            y,
            5_900_000,
            3_600_000,
            3_600_000 * 150_000,
            3_000_000,
            300_000,
        );
        set(&mut t, "school", "s1", y, "pupils", 400);
        set(&mut t, "school", "s1", y, "pupils_non_western", 240);
        set(&mut t, "school_district", "s1", y, "children_6_16", 800);
        set(
            &mut t,
            "school_district",
            "s1",
            y,
            "children_6_16_non_western",
            200,
        );
    }
    t
}

/// Sets the criterion measures of one area-year: residents, 18-64 and their outside micro-FTE,
/// income earners and their mean income; 10 % non-Western, 1 % convicted, 30 % basic education.
#[allow(clippy::too_many_arguments)]
fn area(
    t: &mut bydel_model::CountsTable,
    k: &str,
    id: &str,
    y: i32,
    res: i64,
    a1864: i64,
    fte: i64,
    inc_n: i64,
    inc_mean: i64,
) {
    set(t, k, id, y, RESIDENTS, res);
    set(t, k, id, y, AGE_18_64, a1864);
    set(t, k, id, y, OUTSIDE_FTE_18_64, fte);
    set(t, k, id, y, INCOME_N_15_64, inc_n);
    set(t, k, id, y, INCOME_SUM_15_64, inc_n * inc_mean);
    set(t, k, id, y, NON_WESTERN, res / 10);
    set(t, k, id, y, AGE_18_PLUS, a1864 + res / 10);
    set(t, k, id, y, CONVICTED_18_PLUS, (a1864 + res / 10) / 100);
    set(t, k, id, y, AGE_30_59, a1864 / 2);
    set(t, k, id, y, BASIC_EDU_30_59, a1864 / 2 * 3 / 10);
}

fn col<'a>(t: &'a Table, row: &'a [Cell], name: &str) -> &'a Cell {
    &row[t
        .column(name)
        .unwrap_or_else(|| panic!("no column {name} in {}", t.name))]
}

fn text(c: &Cell) -> String {
    c.render()
}

fn find<'a>(tables: &'a [Table], name: &str) -> &'a Table {
    tables.iter().find(|t| t.name == name).unwrap()
}

#[test]
fn scenario_tables() {
    let mut t = build();
    let cat = Catalogue::builtin().unwrap();
    let survey = "kind,area_id,year,indicator,respondents,share_pct\nhousing_area,rising,2016,safety,250,68.8\nhousing_area,rising,2017,safety,250,79.6\n";
    assert_eq!(add_survey(&mut t, "survey.csv", survey).unwrap(), 2);
    let goals = parse_goals(
        "goals.toml",
        r#"
[[goal]]
id = "gap_a"
name_da = "Forskellen til resten af kommunen mindskes år for år"
name_en = "The gap to the rest of the municipality narrows year by year"
indicator = "a_outside_work"
kind = "housing_area"
area_id = "rising"
type = "gap_narrowing"
baseline_year = 2016
target_year = 2030

[[goal]]
id = "level_a"
name_da = "Højst 30 % uden for arbejde i 2030"
name_en = "At most 30 % outside work by 2030"
indicator = "a_outside_work"
kind = "housing_area"
area_id = "rising"
type = "level"
target = "0.30"
baseline_year = 2016
target_year = 2030
"#,
        &cat,
    )
    .unwrap();
    let s = Settings {
        draws: 300,
        ..Settings::default()
    };
    let tables = analyse(&t, &cat, &goals, &s);
    let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "indicator_values",
            "comparisons",
            "trends",
            "projections",
            "probabilities",
            "watchlist",
            "composition",
            "goals"
        ]
    );

    // Watch-list: "rising" meets D (income 150k < 55 % of the region's 330k) and trends toward A.
    let w = find(&tables, "watchlist");
    let rules: Vec<(String, String, String)> = w
        .rows
        .iter()
        .map(|r| {
            (
                text(col(w, r, "area_id")),
                text(col(w, r, "rule")),
                text(col(w, r, "indicator")),
            )
        })
        .collect();
    assert!(
        rules.contains(&(
            "rising".into(),
            "toward_next_criterion".into(),
            "a_outside_work".into()
        )),
        "{rules:?}"
    );
    assert!(
        rules.contains(&("small".into(), "near_1000_residents".into(), String::new())),
        "{rules:?}"
    );
    let sentence = w
        .rows
        .iter()
        .find(|r| text(col(w, r, "rule")) == "toward_next_criterion")
        .map(|r| text(col(w, r, "sentence_da")))
        .unwrap();
    assert!(
        sentence.contains("rising opfylder 1 af de 2 kriterier"),
        "{sentence}"
    );

    // Projection: A crosses 40 % in 2024 (fitted 0.385 in 2022, +0.015 a year: 0.40 in 2023 is
    // not > 0.40; 0.415 in 2024).
    let p = find(&tables, "projections");
    let row = p
        .rows
        .iter()
        .find(|r| {
            text(col(p, r, "area_id")) == "rising"
                && text(col(p, r, "indicator")) == "a_outside_work"
                && text(col(p, r, "threshold")) == "udsat"
        })
        .unwrap();
    assert_eq!(text(col(p, row, "crossing_year")), "2024");

    // Composition: school 60 % non-Western against 25 % of the district's children: markedly.
    let c = find(&tables, "composition");
    let row = c
        .rows
        .iter()
        .find(|r| {
            text(col(c, r, "indicator")) == "pupils_non_western"
                && text(col(c, r, "year")) == "2022"
        })
        .unwrap();
    assert_eq!(text(col(c, row, "ratio")), "2.4");
    assert_eq!(text(col(c, row, "markedly_worse")), "true");

    // Goals: the gap widens every year (behind); the level goal is behind.
    let g = find(&tables, "goals");
    let status: Vec<(String, String)> = g
        .rows
        .iter()
        .map(|r| (text(col(g, r, "goal")), text(col(g, r, "status"))))
        .collect();
    assert_eq!(
        status,
        [
            ("gap_a".into(), "behind".into()),
            ("level_a".into(), "behind".into())
        ]
    );

    // Survey values carry Wilson intervals: 199/250 in 2017.
    let v = find(&tables, "indicator_values");
    let row = v
        .rows
        .iter()
        .find(|r| {
            text(col(v, r, "indicator")) == "survey_safety" && text(col(v, r, "year")) == "2017"
        })
        .unwrap();
    assert_eq!(text(col(v, row, "value")), "0.796");
    assert_eq!(text(col(v, row, "interval")), "wilson");

    // Probabilities are in [0, 1] and reproducible.
    let pr = find(&tables, "probabilities");
    let again = analyse(&t, &cat, &goals, &s);
    assert_eq!(pr, find(&again, "probabilities"));
}
