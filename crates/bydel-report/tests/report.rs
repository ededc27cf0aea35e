//! The report, the SVG renderers and the workbook on a hand-made published folder
//! (tests/fixtures/run/published: two districts, two housing areas, two years, suppressed cells,
//! area names with markup, a CSV without a manifest).

use std::path::{Path, PathBuf};

use bydel_report::published::{Cell, Published};
use bydel_report::svg::ValueFormat;
use bydel_report::svg::chart::{ChartOptions, ChartPoint, Emphasis, Series, Threshold, YRange};
use bydel_report::svg::map::{Classes, Labels, MapArea, MapOptions, MapValue};
use bydel_report::{Lang, fs, report, svg, workbook};

fn run_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/run")
}

fn published() -> Published {
    fs::read_published(&run_dir()).expect("fixture parses")
}

#[test]
fn reads_only_manifest_tables_and_marks_suppressed_cells() {
    let p = published();
    assert_eq!(
        p.tables.keys().collect::<Vec<_>>(),
        ["area_figures", "warnings"]
    );
    assert_eq!(p.ignored, ["unreleased.csv"]);
    let t = p.table("area_figures").unwrap();
    assert_eq!(t.suppressed_count(), 10);
    let lunden = t
        .rows
        .iter()
        .find(|r| t.text(r, "area_id") == "159-lunden")
        .unwrap();
    assert_eq!(t.get(lunden, "non_western"), Some(&Cell::Suppressed));
    assert_eq!(t.get(lunden, "residents"), Some(&Cell::Number(40.0)));
}

fn map_areas(p: &Published) -> Vec<MapArea> {
    let set = p.areas.as_ref().unwrap();
    let values = [
        MapValue::Value(0.31),
        MapValue::Value(0.05),
        MapValue::Value(0.55),
        MapValue::Suppressed,
    ];
    set.areas
        .iter()
        .zip(values)
        .map(|(a, value)| MapArea {
            id: a.area_id.to_string(),
            name: a.name.clone(),
            geometry: a.geometry.clone(),
            value,
        })
        .collect()
}

#[test]
fn choropleth_snapshot() {
    let p = published();
    let opts = MapOptions {
        id: "m".into(),
        title: "Ikke-vestlige <andel>".into(),
        width: 300.0,
        classes: Classes::Breaks(vec![0.1, 0.5]),
        format: ValueFormat::Percent,
        labels: Labels::Names,
        lang: Lang::Da,
    };
    let svg = svg::map::choropleth(&map_areas(&p), &opts);
    assert!(!svg.contains("<script>"), "area names are escaped");
    insta::assert_snapshot!("choropleth", svg);
}

#[test]
fn time_series_snapshot() {
    let pt = |year, v: Option<f64>| ChartPoint {
        year,
        value: v,
        interval: v.map(|v| (v - 0.02, v + 0.02)),
    };
    let series = [
        Series {
            label: "Parken".into(),
            points: vec![
                pt(2021, Some(0.52)),
                pt(2022, None),
                pt(2023, Some(0.55)),
                pt(2024, Some(0.58)),
            ],
            emphasis: Emphasis::Primary,
        },
        Series {
            label: "Kommunen".into(),
            points: vec![
                pt(2021, Some(0.2)),
                pt(2022, Some(0.21)),
                pt(2023, Some(0.21)),
                pt(2024, Some(0.22)),
            ],
            emphasis: Emphasis::Reference,
        },
    ];
    let opts = ChartOptions {
        id: "c".into(),
        title: "E & andel".into(),
        size: (400.0, 240.0),
        format: ValueFormat::Percent,
        thresholds: vec![Threshold {
            value: 0.5,
            label: "grænse 50 %".into(),
        }],
        y_range: YRange::FromZero,
        lang: Lang::Da,
    };
    insta::assert_snapshot!("time_series", svg::chart::time_series(&series, &opts));
}

#[test]
fn report_html_snapshot_danish() {
    let html = report::render(&published(), Lang::Da);
    insta::assert_snapshot!("report_da", html);
}

#[test]
fn report_in_english_has_english_labels() {
    let html = report::render(&published(), Lang::En);
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("The five criteria over time"));
    assert!(html.contains("Markedly worse than the rest of the municipality"));
}

#[test]
fn report_makes_no_external_requests() {
    for lang in [Lang::Da, Lang::En] {
        let html = report::render(&published(), lang);
        let without_ns = html
            .replace("xmlns=\"http://www.w3.org/2000/svg\"", "")
            .replace("xmlns=&quot;http://www.w3.org/2000/svg&quot;", "");
        assert!(!without_ns.contains("http://") && !without_ns.contains("https://"));
        for needle in ["<script", "<link", "<iframe", "@import", "url(http"] {
            assert!(!without_ns.contains(needle), "found {needle}");
        }
        // figures are images inlined as data URIs, never fetched
        for img in without_ns.split("<img").skip(1) {
            let src = img.split("src=\"").nth(1).unwrap_or("");
            assert!(
                src.starts_with("data:image/svg+xml"),
                "external image {src:.40}"
            );
        }
    }
}

#[test]
fn report_escapes_area_names_and_says_what_is_absent() {
    let html = report::render(&published(), Lang::Da);
    assert!(!html.contains("<script>alert"));
    assert!(html.contains("Nord &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        html.contains("<code>classification</code>"),
        "absent classification is reported"
    );
    assert!(html.contains("<code>segregation</code>"));
    assert!(
        html.contains("class=\"sup\""),
        "suppressed cells are marked"
    );
}

#[test]
fn report_degrades_without_any_table() {
    let html = report::render(&Published::default(), Lang::Da);
    assert!(html.contains("<code>criteria</code>"));
    assert!(html.contains("<code>classification</code>"));
    assert!(html.contains("areas.geojson"));
}

#[test]
fn writes_report_and_workbook_atomically_and_the_workbook_opens() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    bydel_report::write_report(&run_dir(), &html, Lang::Da).unwrap();
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .starts_with("<!DOCTYPE html>")
    );
    let book = dir.path().join("book.xlsx");
    bydel_report::write_workbook(&run_dir(), &book, bydel_report::Lang::Da).unwrap();
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 2, "no temporary files left: {names:?}");
    let mut wb: Xlsx<_> = open_workbook(&book).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            workbook::DEFINITIONS,
            "Grundtal",
            "Varsler",
            workbook::COLUMNS,
            workbook::AREAS
        ]
    );
    let r = wb.worksheet_range("Grundtal").unwrap();
    // the area's name follows its id on every sheet
    assert_eq!(
        r.get_value((0, 2)),
        Some(&Data::String("Områdenavn".into()))
    );
    assert_ne!(r.get_value((1, 2)).unwrap().to_string(), "");
    assert_eq!(r.get_value((1, 4)), Some(&Data::Float(3000.0)));
    assert_eq!(r.get_value((1, 5)), Some(&Data::Float(0.2)));
    assert_eq!(r.get_value((5, 5)), Some(&Data::String("..".into())));
    let defs = wb.worksheet_range(workbook::DEFINITIONS).unwrap();
    assert!(
        defs.rows()
            .any(|row| row.iter().any(|c| c.to_string().contains("Diskretioneret")))
    );
}

#[test]
fn a_bad_manifest_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("published")).unwrap();
    std::fs::write(dir.path().join("published/manifest.json"), "{").unwrap();
    let err = fs::read_published(dir.path()).unwrap_err().to_string();
    assert!(err.starts_with("manifest.json"), "{err}");
    assert!(fs::read_published(&dir.path().join("nothing")).is_err());
}
