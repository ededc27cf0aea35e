//! Planted leaks in the flow tables (docs/flows.md, "Publication"): hand-written `published/`
//! folders of one municipality of three housing areas and one step 2023 → 2024, in which the
//! documented identities (area + rest = municipality, residents = stayers + movers, the
//! destination list as parts of the out-movers) recover a withheld or small count.
//!
//! The numbers come from one consistent population:
//!
//! | | h1 | h2 | h3 |
//! |---|---|---|---|
//! | stayers | 100 | 80 | 50 |
//! | in: within, other municipality, abroad, born | 10, 20, 5, 4 | 8, 9, 4, 3 | 6, 7, 3, 3 |
//! | out: within, other municipality, abroad, deaths | 12, 15, 3, 5 | 8, 6, 5, 4 | 4, 8, 3, 2 |
//! | residents 2023, 2024 | 135, 139 | 103, 104 | 67, 69 |
//!
//! Moves within: h1 → h2 7, h1 → h3 5, h2 → h1 7, h2 → h3 1, h3 → h1 3, h3 → h2 1. The
//! municipality: 305 and 312 residents, 254 stayers, 11 deaths, 10 births. h3's 2 deaths make
//! its row unpublishable.

mod common;

use bydel_audit::{AuditReport, FindingKind};
use common::{Fixture, count, label};
use serde_json::{Value, json};

const KEYS: &[&str] = &["kind", "area_id", "year"];
const FLOW_ATOMS: [&str; 9] = [
    "flow_stayers_all",
    "flow_in_within_all",
    "flow_in_other_municipality_all",
    "flow_in_abroad_all",
    "flow_in_born_all",
    "flow_out_within_all",
    "flow_out_other_municipality_all",
    "flow_out_abroad_all",
    "flow_out_deceased_all",
];
const REST_ATOMS: [&str; 5] = [
    "flow_rest_stayers_all",
    "flow_rest_out_all",
    "flow_rest_out_deceased_all",
    "flow_rest_in_all",
    "flow_rest_in_born_all",
];

/// Each area's flow atoms in the order of [`FLOW_ATOMS`].
fn flows_of(area: &str) -> [u32; 9] {
    match area {
        "h1" => [100, 10, 20, 5, 4, 12, 15, 3, 5],
        "h2" => [80, 8, 9, 4, 3, 8, 6, 5, 4],
        _ => [50, 6, 7, 3, 3, 4, 8, 3, 2],
    }
}

/// Each area's rest of the municipality in the order of [`REST_ATOMS`].
fn rest_of(area: &str) -> [u32; 5] {
    match area {
        "h1" => [132, 38, 6, 41, 6],
        "h2" => [158, 44, 7, 50, 7],
        _ => [194, 44, 9, 49, 7],
    }
}

/// The municipality and its three housing areas; `partition`: the areas cover it.
fn geography(f: &mut Fixture, partition: bool) {
    f.area("municipality", "159", None);
    for h in ["h1", "h2", "h3"] {
        f.area("housing_area", h, Some(("municipality", "159")));
    }
    if partition {
        f.partition("housing_area", "municipality");
    }
}

/// Residents of 2023 and 2024 (area figures).
fn residents(f: &mut Fixture) {
    let mut csv = String::from("kind,area_id,year,residents\n");
    for (kind, id, y0, y1) in [
        ("municipality", "159", 305, 312),
        ("housing_area", "h1", 135, 139),
        ("housing_area", "h2", 103, 104),
        ("housing_area", "h3", 67, 69),
    ] {
        csv.push_str(&format!("{kind},{id},2023,{y0}\n{kind},{id},2024,{y1}\n"));
    }
    f.table(
        "area_figures",
        KEYS,
        json!([count("residents", "residents")]),
        &csv,
    );
}

/// The `flows` table, the listed areas withheld (`..`).
fn flows(f: &mut Fixture, withheld: &[&str]) {
    let columns: Vec<Value> = FLOW_ATOMS.iter().map(|m| count(m, m)).collect();
    let mut csv = format!("kind,area_id,year,{}\n", FLOW_ATOMS.join(","));
    for h in ["h1", "h2", "h3"] {
        let cells: Vec<String> = flows_of(h)
            .iter()
            .map(|v| cell(*v, withheld.contains(&h)))
            .collect();
        csv.push_str(&format!("housing_area,{h},2024,{}\n", cells.join(",")));
    }
    f.table("flows", KEYS, Value::Array(columns), &csv);
}

/// The `flows_rest` table with rows for the listed areas.
fn flows_rest(f: &mut Fixture, shown: &[&str]) {
    let columns: Vec<Value> = REST_ATOMS.iter().map(|m| count(m, m)).collect();
    let mut csv = format!("kind,area_id,year,{}\n", REST_ATOMS.join(","));
    for h in shown {
        let cells: Vec<String> = rest_of(h).iter().map(|v| cell(*v, false)).collect();
        csv.push_str(&format!("housing_area,{h},2024,{}\n", cells.join(",")));
    }
    f.table("flows_rest", KEYS, Value::Array(columns), &csv);
}

/// h1's destination list over 2023 → 2024: `(destination, kind, persons)`.
fn destinations(f: &mut Fixture, rows: &[(&str, &str, u32)]) {
    let from: Vec<Value> = [
        "flow_out_within_all",
        "flow_out_other_municipality_all",
        "flow_out_abroad_all",
    ]
    .iter()
    .map(|m| json!({ "measure": m }))
    .collect();
    let columns = json!([
        label("destination_kind"),
        label("destination_name"),
        { "name": "from_year", "meaning": { "op": "constant" } },
        { "name": "flow_destination_persons", "meaning": { "op": "derived", "from": from } },
    ]);
    let mut csv = String::from(
        "kind,area_id,year,destination,destination_kind,destination_name,from_year,\
         flow_destination_persons\n",
    );
    for (to, kind, n) in rows {
        csv.push_str(&format!("housing_area,h1,2024,{to},{kind},,2023,{n}\n"));
    }
    f.table(
        "flow_destinations",
        &["kind", "area_id", "year", "destination"],
        columns,
        &csv,
    );
}

fn cell(v: u32, withheld: bool) -> String {
    if withheld { "..".into() } else { v.to_string() }
}

/// The findings of one kind at `file`, line `line`, column `column`.
fn at(report: &AuditReport, kind: FindingKind, line: u64, column: &str) -> Vec<String> {
    report
        .findings
        .iter()
        .filter(|f| {
            f.kind == kind
                && f.location.line == Some(line)
                && f.location.column.as_deref() == Some(column)
        })
        .map(|f| f.message.clone())
        .collect()
}

#[test]
fn a_consistent_publication_of_every_flow_table_is_clean() {
    // h3's 2 deaths may be shown under a minimum of 2
    let mut f = Fixture::new();
    f.min_count(2);
    geography(&mut f, true);
    residents(&mut f);
    flows(&mut f, &[]);
    flows_rest(&mut f, &["h1", "h2", "h3"]);
    // h1's movers within go to h2 (7) and h3 (5): both hidden in the rest; no remainder of
    // any area's in-movers is small
    destinations(
        &mut f,
        &[
            ("kommune 101", "dest_municipality", 15),
            ("udlandet/ukendt", "dest_abroad", 3),
            ("dest_other_areas", "dest_other_areas", 12),
        ],
    );
    let report = f.audit();
    assert!(report.is_clean(), "{}", report.to_text());
    assert!(
        report.constraints >= 100,
        "the flow identities are in the system (66 constraints without them): {}",
        report.constraints
    );
}

#[test]
fn a_withheld_area_s_deaths_follow_from_its_rest_row_beside_another_area() {
    // h3 is withheld, but its rest row is shown; with h1's row and rest row, the
    // municipality's deaths are 5 + 6 = 11, so h3's are 11 − 9 = 2
    let mut f = Fixture::new();
    geography(&mut f, false);
    flows(&mut f, &["h3"]);
    flows_rest(&mut f, &["h1", "h3"]);
    let report = f.audit();
    let found = at(
        &report,
        FindingKind::ExactlyRecoverable,
        4,
        "flow_out_deceased_all",
    );
    assert_eq!(found.len(), 1, "{}", report.to_text());
    assert!(found[0].contains("exactly 2"), "{}", found[0]);
    assert!(
        found[0].contains("municipality deaths = area + rest (housing_area/h3, 2023→2024)"),
        "the finding names the equations: {}",
        found[0]
    );
    // and the births, 10 − 7 = 3, from the municipality's births
    let born = at(
        &report,
        FindingKind::ExactlyRecoverable,
        4,
        "flow_in_born_all",
    );
    assert!(
        born.iter().any(|m| m.contains("exactly 3")),
        "{}",
        report.to_text()
    );
}

#[test]
fn the_pooled_flows_of_the_withheld_areas_follow_from_a_rest_row_where_the_areas_cover_the_municipality()
 {
    // h2 and h3 withheld, h1's rest row shown: the areas cover the municipality, so the
    // municipality's deaths (5 + 6) less h1's are h2's and h3's pooled: 6; their births 6; and
    // their stayers and within out-movers together 254 − 112 = 142
    let mut f = Fixture::new();
    geography(&mut f, true);
    flows(&mut f, &["h2", "h3"]);
    flows_rest(&mut f, &["h1"]);
    let mut report = f.audit();
    assert!(
        report.intervals.iter().all(|i| i.protected),
        "each withheld count alone is protected: {}",
        report.to_text()
    );
    // with a minimum of 7, the pooled 6 deaths are a small count
    f.min_count(7);
    report = f.audit();
    let pooled: Vec<&str> = report
        .findings
        .iter()
        .filter(|x| x.kind == FindingKind::SmallComputedCount)
        .map(|x| x.message.as_str())
        .filter(|m| m.starts_with("flow_out_deceased_all, pooled over the 2 withheld areas"))
        .collect();
    assert_eq!(pooled.len(), 1, "{}", report.to_text());
    assert!(pooled[0].contains("exactly 6"), "{}", pooled[0]);
}

#[test]
fn a_shown_destination_that_leaves_a_small_remainder_of_an_area_s_in_movers_is_caught() {
    // h1 → h2 (7 persons) is shown; h2 has 8 in-movers from within: the other 1 came from h3
    let mut f = Fixture::new();
    geography(&mut f, true);
    flows(&mut f, &[]);
    destinations(
        &mut f,
        &[
            ("h2", "dest_area", 7),
            ("kommune 101", "dest_municipality", 15),
            ("udlandet/ukendt", "dest_abroad", 3),
            ("dest_other_areas", "dest_other_areas", 5),
        ],
    );
    let report = f.audit();
    let small: Vec<&str> = report
        .findings
        .iter()
        .filter(|x| x.kind == FindingKind::SmallComputedCount)
        .map(|x| x.message.as_str())
        .collect();
    assert!(
        small.iter().any(|m| m
            .starts_with("in-movers from within into h2 not in a shown destination")
            && m.contains("exactly 1")),
        "{}",
        report.to_text()
    );
}

#[test]
fn a_destination_list_whose_class_rest_is_small_is_caught_by_subtraction() {
    // h1's 12 movers within: h2 (7) and h3 (5) are not shown, the rest row is left out, but
    // 10 of its 15 movers to other municipalities go to kommune 101 and the other 5 are shown
    // as the rest; the abroad count is left out too. Only the within class is complete: shown
    // 10 of 12, so the hidden rest within is 2
    let mut f = Fixture::new();
    geography(&mut f, false);
    flows(&mut f, &[]);
    destinations(
        &mut f,
        &[
            ("h2", "dest_area", 7),
            ("h3", "dest_area", 3),
            ("kommune 101", "dest_municipality", 15),
        ],
    );
    let report = f.audit();
    let small: Vec<&str> = report
        .findings
        .iter()
        .filter(|x| x.kind == FindingKind::SmallComputedCount)
        .map(|x| x.message.as_str())
        .collect();
    assert!(
        small.iter().any(|m| m
            .starts_with("movers of class dest_other_areas not to a shown destination")
            && m.contains("exactly 2")),
        "{}",
        report.to_text()
    );
}

#[test]
fn a_hidden_move_pinned_by_the_table_of_moves_between_areas_is_caught() {
    // Four areas covering the municipality, one step; moves within: h1 → h2 2, h1 → h3 3,
    // h1 → h4 4, h2 → h1 4, h3 → h1 3, h4 → h1 5, h4 → h2 3, h4 → h3 4. Every list shows its
    // counts of at least 3 except h1 → h2, h1 → h3 (h1's rest 5) and h4 → h2 (h4's rest 3).
    // Each rest and each area's in-movers not in a shown destination (5, 3, 0) is 0 or at
    // least 3, but the table of moves pins h1 → h2: h2's 5 in-movers came from h1 or h4, and
    // h4's rest of 3 can only have gone to h2
    let mut f = Fixture::new();
    f.area("municipality", "159", None);
    for h in ["h1", "h2", "h3", "h4"] {
        f.area("housing_area", h, Some(("municipality", "159")));
    }
    f.partition("housing_area", "municipality");
    let measures = [
        "flow_stayers_all",
        "flow_out_within_all",
        "flow_in_within_all",
        "flow_out_other_municipality_all",
        "flow_out_abroad_all",
    ];
    let mut csv = format!("kind,area_id,year,{}\n", measures.join(","));
    for (h, out, into) in [("h1", 9, 12), ("h2", 4, 5), ("h3", 3, 7), ("h4", 12, 4)] {
        csv.push_str(&format!("housing_area,{h},2024,100,{out},{into},0,0\n"));
    }
    let columns: Vec<Value> = measures.iter().map(|m| count(m, m)).collect();
    f.table("flows", KEYS, Value::Array(columns), &csv);
    let from: Vec<Value> = [
        "flow_out_within_all",
        "flow_out_other_municipality_all",
        "flow_out_abroad_all",
    ]
    .iter()
    .map(|m| json!({ "measure": m }))
    .collect();
    let columns = json!([
        label("destination_kind"),
        label("destination_name"),
        { "name": "from_year", "meaning": { "op": "constant" } },
        { "name": "flow_destination_persons", "meaning": { "op": "derived", "from": from } },
    ]);
    let mut csv = String::from(
        "kind,area_id,year,destination,destination_kind,destination_name,from_year,\
         flow_destination_persons\n",
    );
    for (area, to, n) in [
        ("h1", "h4", 4),
        ("h1", "dest_other_areas", 5),
        ("h2", "h1", 4),
        ("h2", "dest_other_areas", 0),
        ("h3", "h1", 3),
        ("h3", "dest_other_areas", 0),
        ("h4", "h1", 5),
        ("h4", "h3", 4),
        ("h4", "dest_other_areas", 3),
    ] {
        let kind = if to == "dest_other_areas" {
            to
        } else {
            "dest_area"
        };
        csv.push_str(&format!("housing_area,{area},2024,{to},{kind},,2023,{n}\n"));
    }
    f.table(
        "flow_destinations",
        &["kind", "area_id", "year", "destination"],
        columns,
        &csv,
    );
    let report = f.audit();
    let small: Vec<&str> = report
        .findings
        .iter()
        .filter(|x| x.kind == FindingKind::SmallComputedCount)
        .map(|x| x.message.as_str())
        .collect();
    assert_eq!(small.len(), 1, "{}", report.to_text());
    assert!(
        small[0].starts_with("hidden movers h1 → h2") && small[0].contains("exactly 2"),
        "{}",
        small[0]
    );
}
