//! The dashboard over a real release (tests/fixtures/demo: the demo's `published/` cut down by
//! tests/fixtures/trim_demo.py), read as a Danish council member would (issue 17):
//!
//! - every page reachable from the overview, in Danish, has no English word, no raw column
//!   name and no bare municipality code where a name belongs;
//! - an area is compared with the rest of the municipality (the published `comparisons`
//!   table), never with an enclosing area that includes it, and differences of shares are in
//!   "procentpoint";
//! - a suppressed value is shown as `..` with the explanation, never as 0;
//! - the manifest's focus areas come first on the overview;
//! - the pages of flows, life chances, evaluation, scenarios and the official lists show their
//!   published tables with Danish labels (differences in procentpoint, areas and peer
//!   municipalities by name), a `scenarios` table from its manifest alone, and say in Danish
//!   when a run has no such table.

use std::collections::{BTreeSet, VecDeque};
use std::path::PathBuf;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use bydel_report::published::Cell;
use bydel_server::{AppState, Options, app};
use tower::ServiceExt;

/// English words that must not appear in a Danish page (as whole words, case-insensitive).
const ENGLISH: &[&str] = &[
    "eligible",
    "eligibility",
    "none",
    "true",
    "false",
    "atkinson",
    "expected_random",
    "did",
    "synthetic",
    "daycare",
    "share",
    "rule set",
    "criteria met",
    "not_list_layer",
    "no_clear_trend",
    "improving",
    "worsening",
    "markedly",
    "rest of",
    "municipality",
    "district",
    "housing area",
    "layer",
    "ratio",
    "difference",
    "warnings",
    "confidential",
    "suppressed",
    "percentage",
    "indicator",
    "overview",
    "ranking",
    "value",
    "year",
    "the",
    "and",
    "of",
];

/// The pages of flows, life chances, evaluation, scenarios and the lists (issues 15–17).
const PAGES: &[&str] = &[
    "/flows",
    "/life-chances",
    "/evaluation",
    "/scenarios",
    "/lists",
];

/// The demo fixture, or the run folder `BYDEL_DANISH_RUN` (a whole `bydel demo` run), with its
/// `published/` copied to a temporary run folder (the server writes its audit log there).
fn state() -> (tempfile::TempDir, AppState) {
    state_with(|_| {})
}

/// [`state`] after `edit` changed the copied `published/` folder.
fn state_with(edit: impl FnOnce(&std::path::Path)) -> (tempfile::TempDir, AppState) {
    let run = std::env::var_os("BYDEL_DANISH_RUN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/demo"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("published")).unwrap();
    for e in std::fs::read_dir(run.join("published")).unwrap() {
        let e = e.unwrap();
        std::fs::copy(e.path(), dir.path().join("published").join(e.file_name())).unwrap();
    }
    edit(&dir.path().join("published"));
    let state = AppState::load(dir.path(), Options::default()).unwrap();
    (dir, state)
}

/// Edits `published/manifest.json` as JSON.
fn edit_manifest(published: &std::path::Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let path = published.join("manifest.json");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut m);
    std::fs::write(&path, m.to_string()).unwrap();
}

async fn get(app: &Router, uri: &str) -> (StatusCode, String) {
    let res = app
        .clone()
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX)
        .await
        .unwrap();
    (status, String::from_utf8(bytes.to_vec()).unwrap())
}

/// The text a reader sees: element content and the `title`/`alt`/`aria-label` attributes
/// (tooltips and text alternatives), without tags, scripts and styles.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        out.push(' ');
        let Some(j) = rest[i..].find('>') else { break };
        let tag = &rest[i..i + j];
        for attr in ["title=\"", "alt=\"", "aria-label=\""] {
            if let Some(a) = tag.find(attr) {
                let v = &tag[a + attr.len()..];
                out.push_str(&v[..v.find('"').unwrap_or(v.len())]);
                out.push(' ');
            }
        }
        rest = &rest[i + j + 1..];
        for block in ["<script", "<style"] {
            if tag.starts_with(block) {
                let close = format!("</{}>", &block[1..]);
                rest = rest.find(&close).map_or("", |k| &rest[k..]);
            }
        }
    }
    out.push_str(rest);
    out.replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// The page without the content of its number cells (`<td class="num">`).
fn without_number_cells(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find("<td class=\"num\">") {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        rest = rest.find("</td>").map_or("", |j| &rest[j..]);
    }
    out.push_str(rest);
    out
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// What is wrong with a Danish page's text: English words, raw column names (an identifier
/// with an underscore) and bare municipality codes (a three-digit code standing alone, as in
/// "Kommune: 159").
fn problems(text: &str, codes: &BTreeSet<String>) -> Vec<String> {
    let ws = words(text);
    let mut out = Vec::new();
    for e in ENGLISH {
        let phrase: Vec<&str> = e.split(' ').collect();
        if ws
            .windows(phrase.len())
            .any(|w| w.iter().zip(&phrase).all(|(a, b)| a == b))
        {
            out.push(format!("English word {e:?}"));
        }
    }
    for w in &ws {
        if w.contains('_') {
            out.push(format!("raw column name {w:?}"));
        }
    }
    for code in codes {
        for (i, _) in text.match_indices(code.as_str()) {
            let before = text[..i].chars().next_back();
            let mut after = text[i + code.len()..].chars();
            let (next, next2) = (after.next(), after.next());
            let part_of_a_name = |c: char| c.is_alphanumeric() || c == '-';
            // 1.999 and 999,5 are numbers, not codes
            let in_a_number = |c: Option<char>, beyond: Option<char>| {
                matches!(c, Some('.' | ',')) && beyond.is_some_and(|d| d.is_ascii_digit())
            };
            let before2 = text[..i].chars().rev().nth(1);
            if !before.is_some_and(part_of_a_name)
                && !next.is_some_and(part_of_a_name)
                && !in_a_number(before, before2)
                && !in_a_number(next, next2)
            {
                out.push(format!("bare municipality code {code}"));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The dashboard's own links in a page (HTML pages only, not the API, downloads or assets).
fn links(html: &str) -> Vec<String> {
    html.match_indices("href=\"")
        .map(|(i, m)| {
            let v = &html[i + m.len()..];
            v[..v.find('"').unwrap_or(0)].replace("&amp;", "&")
        })
        .filter(|h| h.starts_with('/'))
        .filter(|h| {
            ![
                "/api",
                "/download",
                "/assets",
                "/login",
                "/analyst",
                "/admin",
            ]
            .iter()
            .any(|p| h.starts_with(p))
        })
        .filter(|h| !h.contains("lang=en"))
        .collect()
}

#[tokio::test]
async fn every_danish_page_is_danish() {
    let (_dir, state) = state();
    let codes: BTreeSet<String> = state
        .published
        .area_keys()
        .iter()
        .filter(|(k, _)| k == "municipality")
        .map(|(_, id)| id.clone())
        .collect();
    let own = state
        .published
        .municipality()
        .expect("the manifest names the municipality");
    assert!(codes.contains(&own.0), "the fixture has its municipality");
    let app = app(state.clone());
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<String> = ["/", "/indicators", "/compare", "/?kind=housing_area"]
        .map(String::from)
        .into();
    for i in state.published.indicators() {
        queue.push_back(format!("/indicator/{}?kind=housing_area", i.id()));
    }
    // every year of the flows page (chosen with a select, not a link)
    if let Some(t) = state.published.table("flows") {
        for y in t.distinct("year") {
            queue.push_back(format!("/flows?year={y}"));
        }
    }
    let mut failures = Vec::new();
    while let Some(uri) = queue.pop_front() {
        if !seen.insert(uri.clone()) || seen.len() > 400 {
            continue;
        }
        let (status, body) = get(&app, &uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert!(body.contains("<html lang=\"da\""), "{uri} is Danish");
        // words everywhere; codes outside number cells (a count of 159 in-movers is a number)
        let mut found = problems(&visible_text(&body), &BTreeSet::new());
        found.extend(problems(
            &visible_text(&without_number_cells(&body)),
            &codes,
        ));
        found.sort();
        found.dedup();
        for p in found {
            failures.push(format!("{uri}: {p}"));
        }
        queue.extend(links(&body));
    }
    eprintln!("crawled {} Danish pages", seen.len());
    assert!(seen.len() > 40, "crawled {} pages", seen.len());
    assert!(
        seen.iter().any(|u| u.starts_with("/area/housing_area/")),
        "area pages crawled"
    );
    for page in PAGES {
        assert!(
            seen.contains(*page),
            "{page} is reached from the navigation"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_word_list_catches_english_codes_and_column_names() {
    let codes = BTreeSet::from(["999".to_owned()]);
    assert_eq!(
        problems("Kategori: none. Markant dårligere: false", &codes),
        ["English word \"false\"", "English word \"none\""]
    );
    assert_eq!(
        problems("Kommune: 999 · a_outside_work", &codes),
        [
            "bare municipality code 999",
            "raw column name \"a_outside_work\""
        ]
    );
    assert!(problems("Testby Kommune · 999-nord · 1.999", &codes).is_empty());
    assert_eq!(
        visible_text("<p title=\"suppressed\">a<script>x()</script>b</p>"),
        " suppressed a  b "
    );
    assert_eq!(
        without_number_cells("<tr><td>Kommune 999</td><td class=\"num\">999</td></tr>"),
        "<tr><td>Kommune 999</td></td></tr>"
    );
}

#[tokio::test]
async fn an_area_is_compared_with_the_rest_of_the_municipality_in_percentage_points() {
    let (_dir, state) = state();
    let p = &state.published;
    let (kind, id) = p.focus_areas()[0].clone();
    let t = p.table("comparisons").unwrap();
    let year = *p.years().last().unwrap();
    let row = p.rows_of("comparisons", &kind, &id, year)[0];
    let Some(&Cell::Number(rest)) = t.get(row, "e_non_western_rest") else {
        panic!("the fixture compares E in {year}");
    };
    let Some(&Cell::Number(diff)) = t.get(row, "e_non_western_difference") else {
        panic!("published difference");
    };
    let app = app(state.clone());
    let (_, body) = get(&app, &format!("/area/{kind}/{id}")).await;
    let table = &body[body.find("id=\"comparison-table\"").expect("comparison")..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(table.contains("Resten af kommunen"), "{table}");
    if p.keys("goals")
        .iter()
        .any(|k| k.kind == kind && k.area_id == id)
    {
        let goals = &body[body.find("id=\"goals-table\"").expect("the area's goals")..];
        assert!(goals[..goals.find("</table>").unwrap()].contains("procentpoint"));
    }
    let line = table
        .split("<tr>")
        .find(|r| r.contains("Indvandrere og efterkommere fra ikke-vestlige lande"))
        .expect("E in the comparison");
    let rest_shown = bydel_report::format::pct(bydel_report::Lang::Da, rest);
    let diff_shown = format!(
        "{} procentpoint",
        bydel_report::format::pp(bydel_report::Lang::Da, diff)
    );
    assert!(line.contains(&rest_shown), "{rest_shown} in {line}");
    assert!(line.contains(&diff_shown), "{diff_shown} in {line}");
    // the enclosing area's own value (which includes the area) is not the reference
    if let Some((pk, pid)) = p.parent(&kind, &id)
        && let Cell::Number(parent) = p.cell("indicators", "e_non_western", (&pk, &pid), year)
        && (parent - rest).abs() > 0.0005
    {
        let shown = bydel_report::format::pct(bydel_report::Lang::Da, parent);
        assert!(!line.contains(&shown), "the parent's {shown} in {line}");
    }
}

#[tokio::test]
async fn suppressed_values_are_shown_as_dots_with_the_explanation_never_as_zero() {
    let (_dir, state) = state();
    let p = &state.published;
    let ind = p
        .indicators()
        .iter()
        .find(|i| i.column == "youth_education_25")
        .unwrap()
        .clone();
    let (kind, id, year) = p
        .area_keys()
        .iter()
        .filter(|(k, _)| k == "housing_area")
        .find_map(|(k, id)| {
            p.years()
                .iter()
                .find(|y| p.value(&ind, k, id, **y) == Cell::Suppressed)
                .map(|y| (k.clone(), id.clone(), *y))
        })
        .expect("the fixture has a suppressed share of a housing area");
    let app = app(state.clone());
    let (_, body) = get(&app, &format!("/?ind={}&kind={kind}&year={year}", ind.id())).await;
    let row = &body[body
        .find(&format!("<tr data-area=\"{id}\""))
        .expect("the area's row")..];
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(
        row.contains("<abbr class=\"supp\" title=\"“..” betyder diskretioneret"),
        "{row}"
    );
    assert!(!row.contains("0,0 %"), "{row}");
}

#[tokio::test]
async fn the_focus_areas_come_first_on_the_overview() {
    let (_dir, state) = state();
    let p = &state.published;
    let focus = p.focus_areas();
    assert_eq!(focus.len(), 3, "the demo names three focus areas");
    let app = app(state.clone());
    let (_, body) = get(&app, "/").await;
    let section = body.find("id=\"focus-h\"").expect("focus areas");
    assert!(
        section < body.find("id=\"map-h\"").unwrap(),
        "before the map"
    );
    let mut at = section;
    for (k, id) in &focus {
        let name = p.area_name(bydel_report::Lang::Da, k, id);
        let i = body[at..].find(&name).expect(&name) + at;
        at = i;
    }
    let (_, name) = p.municipality().unwrap();
    assert!(body.contains(&format!("Social balance i kommunens områder · {name}")));
}

#[tokio::test]
async fn the_compare_view_shows_published_values_and_computes_no_difference() {
    let (_dir, state) = state();
    let app = app(state.clone());
    let (_, body) = get(&app, "/compare").await;
    let table = &body[body.find("id=\"compare-table\"").expect("compare table")..];
    let head = &table[..table.find("</thead>").unwrap()];
    assert_eq!(
        head.matches("<th scope").count(),
        3,
        "indicator and the two areas: {head}"
    );
    assert!(!table[..table.find("</table>").unwrap()].contains("procentpoint"));
}

#[tokio::test]
async fn the_flow_evaluation_and_list_pages_show_the_published_tables_in_danish() {
    let (_dir, state) = state();
    let p = &state.published;
    let app = app(state.clone());
    let flows = p.table("flows").expect("the fixture has the flows");
    let year = flows.distinct("year").last().cloned().unwrap();
    let (status, body) = get(&app, &format!("/flows?year={year}")).await;
    assert_eq!(status, StatusCode::OK);
    let table = &body[body.find("id=\"flows-table\"").expect("the flows table")..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(
        table.contains("Tilflyttere"),
        "Danish column labels: {table}"
    );
    let row = &flows.rows[flows
        .rows
        .iter()
        .position(|r| flows.text(r, "year") == year)
        .unwrap()];
    let name = p.area_name(
        bydel_report::Lang::Da,
        "housing_area",
        &flows.text(row, "area_id"),
    );
    assert!(table.contains(&name), "areas by name: {name}");
    // the decomposition is in procentpoint, with its interval
    let (_, body) = get(&app, "/flows").await;
    let dec = &body[body
        .find("id=\"flow-decomposition-table\"")
        .expect("decomposition")..];
    let dec = &dec[..dec.find("</table>").unwrap()];
    assert!(
        dec.contains("procentpoint <span class=\"interval\">["),
        "{dec}"
    );
    // levels are shares, their changes and parts are not: no part in per cent, and income
    // (criterion D) in kroner
    assert!(
        !dec.contains("% <span class=\"interval\">"),
        "differences are not in per cent: {dec}"
    );
    assert!(
        dec.contains(" kr. <span class=\"interval\">"),
        "income in kroner"
    );
    // the flow indicators' trends, with Danish verdicts
    assert!(
        p.table("flow_trends").is_some(),
        "the fixture has flow_trends"
    );
    assert!(
        body.contains("Udvikling i til- og fraflytning"),
        "the flow trends' section"
    );
    assert!(body.contains("ingen klar udvikling"), "Danish verdicts");
    assert!(!body.contains("no_clear_trend"), "no raw verdict codes");
    // life chances: one table per outcome, gaps in procentpoint; the cohorts against the
    // municipality and the country
    let (_, body) = get(&app, "/life-chances").await;
    assert!(
        body.contains("id=\"life-youth-education-by-25\""),
        "an outcome's table"
    );
    assert!(body.contains("procentpoint"));
    assert!(p.table("life_chances_cohorts").is_some());
    assert!(
        body.contains("Livschancer efter fødselsårgang"),
        "the cohorts' section"
    );
    assert!(body.contains("resten af landet"), "the country comparison");
    // evaluation: the method in words, the estimate in procentpoint
    let (_, body) = get(&app, "/evaluation").await;
    let table = &body[body
        .find("id=\"intervention-1-table\"")
        .expect("an intervention")..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(table.contains(">forskel-i-forskelle<"), "{table}");
    assert!(table.contains(">syntetisk kontrol<"), "{table}");
    assert!(table.contains("procentpoint"), "{table}");
    // the official lists and the peers by their official names
    let (_, body) = get(&app, "/lists").await;
    assert!(
        body.contains("id=\"official-lists-table\""),
        "official lists"
    );
    let peers = p.peers();
    assert!(!peers.is_empty(), "the demo names peers");
    let list = &body[body.find("id=\"peer-list\"").expect("the peers")..];
    for (code, name) in &peers {
        assert!(list.contains(name.as_str()), "{name}");
        assert!(!list[..list.find("</ul>").unwrap()].contains(code.as_str()));
    }
    let table = &body[body.find("id=\"peer-table\"").expect("the peers' values")..];
    assert!(table[..table.find("</thead>").unwrap()].contains(&peers[0].1));
}

#[tokio::test]
async fn a_run_without_flows_evaluation_scenarios_or_lists_says_so_in_danish() {
    let (_dir, state) = state_with(|published| {
        edit_manifest(published, |m| {
            let tables = m["tables"].as_array_mut().unwrap();
            tables.retain(|t| {
                let name = t["name"].as_str().unwrap();
                !(name.starts_with("flow")
                    || ["life_chances", "evaluation", "scenarios", "official_lists"]
                        .contains(&name))
            });
            m["peers"] = serde_json::json!([]);
        })
    });
    let app = app(state);
    for (page, says) in [
        (
            "/flows",
            "Denne kørsel har ikke offentliggjort tal for til- og fraflytning.",
        ),
        (
            "/flows",
            "Denne kørsel har ikke offentliggjort en opdeling af ændringerne.",
        ),
        (
            "/life-chances",
            "Denne kørsel har ikke offentliggjort tal for børns livschancer.",
        ),
        (
            "/evaluation",
            "Denne kørsel har ikke evalueret nogen indsatser.",
        ),
        ("/scenarios", "Denne kørsel har ingen scenarier."),
        ("/lists", "Denne kørsel har ikke fået de officielle lister"),
        ("/lists", "Kørslen har ingen sammenligningskommuner."),
    ] {
        let (status, body) = get(&app, page).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(body.contains(says), "{page}: {says}");
        assert!(
            problems(&visible_text(&body), &BTreeSet::new()).is_empty(),
            "{page}"
        );
    }
}

/// A `scenarios` table as the evaluation work may publish it (not in the demo yet): the page
/// shows it from the manifest alone, per area, with Danish labels and shares in per cent.
#[tokio::test]
async fn a_scenarios_table_is_shown_from_its_manifest() {
    // the fixture's `scenarios` table (the demo's scenario for an area), shown from its
    // manifest alone
    let (_dir, state) = state();
    let t = state
        .published
        .release
        .table("scenarios")
        .expect("the demo publishes scenarios")
        .clone();
    let row = &t.rows[0];
    let (kind, id) = (t.text(row, "kind"), t.text(row, "area_id"));
    let name = state
        .published
        .area_name(bydel_report::Lang::Da, &kind, &id);
    let app = app(state);
    let (status, body) = get(&app, "/scenarios").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(&name), "per area, by name");
    assert!(body.contains("grundforløb"), "the baseline in words");
    assert!(body.contains("med planen"), "the plan in words");
    assert!(!body.contains("observed_in_movers"), "codes in words");
    let found = problems(&visible_text(&body), &BTreeSet::new());
    assert!(found.is_empty(), "{found:?}");
}

#[tokio::test]
async fn the_new_pages_speak_english_when_asked() {
    let (_dir, state) = state();
    let app = app(state);
    for (page, title) in [
        ("/flows", "<h1>Flows</h1>"),
        ("/life-chances", "<h1>Life chances</h1>"),
        ("/evaluation", "<h1>Evaluation</h1>"),
        ("/scenarios", "<h1>Scenarios</h1>"),
        ("/lists", "<h1>Official lists and peer municipalities</h1>"),
    ] {
        let (status, body) = get(&app, &format!("{page}?lang=en")).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert!(
            body.contains("<html lang=\"en\"") && body.contains(title),
            "{page}"
        );
        // (the published verdicts are Danish sentences; the numbers the page formats are not)
        assert!(
            !body.contains("procentpoint <span"),
            "{page} in English units"
        );
    }
    let (status, _) = get(&app, "/flows?year=1900").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a year without flows");
}
