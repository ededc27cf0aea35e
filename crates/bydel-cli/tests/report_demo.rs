//! The demo's report and workbook as a council member gets them (issue 17): every number in
//! `report.html` is a marked-up published cell (`bydel audit` finds nothing at all), the Danish
//! report and every workbook sheet name, header and text cell are Danish (no English word, raw column
//! name or bare municipality code), and `bydel report --pdf` prints an A4 PDF with several
//! pages when headless Chromium is present.

use std::path::Path;

use bydel_report::i18n::Labels;
use std::process::Command;

use bydel_report::i18n::foreign_words;

fn bydel() -> Command {
    Command::new(env!("CARGO_BIN_EXE_bydel"))
}

#[test]
fn demo_report_is_traceable_danish_and_prints_to_a4() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("demo");
    let run = bydel().arg("demo").arg("--out").arg(&out).output().unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let run_dir = out.join("run");
    let published = run_dir.join("published");

    // 1. every number in the report traceable: the independent audit finds nothing
    let audit = bydel()
        .args(["audit", "--format", "json"])
        .arg(&run_dir)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&audit.stdout).unwrap();
    let findings = report["findings"].as_array().unwrap();
    assert!(findings.is_empty(), "{findings:#?}");
    assert!(audit.status.success());

    // 2. Danish throughout
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(published.join("manifest.json")).unwrap())
            .unwrap();
    let (codes, numbers) = codes_and_numbers(&manifest);
    let html = std::fs::read_to_string(published.join("report.html")).unwrap();
    let text = visible_text(&html);
    let found = foreign_words(&text, &codes, &[]);
    assert!(found.is_empty(), "not Danish in report.html: {found:?}");
    // a municipality code where a name belongs: outside the published numbers (a count of 163
    // persons in a <data> element is a number, not Herlev's code)
    let found = foreign_words(&visible_text(&without_data(&html)), &[], &numbers);
    assert!(found.is_empty(), "a code where a name belongs: {found:?}");
    for wrong in ["1 flere", "-0,0", "−0,0", "eligible"] {
        // a whole number or word: "−0,06" is a value, "−0,0" alone is a rounding artefact
        let whole = text.match_indices(wrong).any(|(at, _)| {
            let after = text[at + wrong.len()..].chars().next();
            let before = text[..at].chars().next_back();
            !after.is_some_and(|c| c.is_alphanumeric())
                && !before.is_some_and(|c| c.is_alphanumeric() || c == '.')
        });
        assert!(!whole, "report.html says {wrong:?}");
    }
    assert!(text.contains("procentpoint") || !text.contains(" pp "));
    let muni = manifest["municipality"]["name"].as_str().unwrap();
    assert!(text.contains(muni), "the municipality by its name");
    for peer in manifest["peers"].as_array().unwrap() {
        assert!(text.contains(peer["name"].as_str().unwrap()), "peer {peer}");
    }
    let (sheets, names) = workbook_labels(&published.join("book.xlsx"));
    let found = foreign_words(&sheets, &codes, &[]);
    assert!(found.is_empty(), "not Danish in the workbook: {found:?}");
    // a code where a name belongs: in sheet names, headers and area names (a cell such as
    // "B +51; D -157" is a count, not Gentofte's code)
    let found = foreign_words(&names, &[], &numbers);
    assert!(found.is_empty(), "a code where a name belongs: {found:?}");
    // every table's sheet has a Danish name, not the table's file name
    for t in manifest["tables"].as_array().unwrap() {
        let table = t["name"].as_str().unwrap();
        assert!(
            !sheets.lines().any(|l| l == table),
            "sheet named by its table, {table}"
        );
    }

    // 3. print: an A4 PDF of several pages with text
    if bydel_report::print::chromium().is_none() {
        eprintln!("skipped the PDF check: no headless Chromium (set BYDEL_CHROMIUM)");
        return;
    }
    let html_out = dir.path().join("rapport.html");
    let print = bydel()
        .arg("report")
        .arg(&run_dir)
        .arg("--out")
        .arg(&html_out)
        .arg("--pdf")
        .output()
        .unwrap();
    assert!(
        print.status.success(),
        "{}",
        String::from_utf8_lossy(&print.stderr)
    );
    let pdf = std::fs::read(dir.path().join("rapport.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let raw = String::from_utf8_lossy(&pdf);
    let pages = pdf_pages(&raw);
    assert!(pages > 1, "{pages} pages");
    for (w, h) in media_boxes(&raw) {
        assert!(
            (w - 595.0).abs() < 1.0 && (h - 842.0).abs() < 1.0,
            "A4 pages, found {w}x{h}"
        );
    }
    assert!(!media_boxes(&raw).is_empty(), "pages have a MediaBox");
    assert!(raw.contains("/Font"), "the PDF carries text");
}

/// The number of page objects (`/Type /Page`, not `/Pages`).
fn pdf_pages(raw: &str) -> usize {
    let squeezed = raw.replace("/Type /Page", "/Type/Page");
    squeezed.matches("/Type/Page").count() - squeezed.matches("/Type/Pages").count()
}

/// Width and height of every `/MediaBox [x0 y0 x1 y1]`, in points.
fn media_boxes(raw: &str) -> Vec<(f64, f64)> {
    raw.split("/MediaBox")
        .skip(1)
        .filter_map(|rest| {
            let inner = rest.trim_start().strip_prefix('[')?.split(']').next()?;
            let v: Vec<f64> = inner
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            (v.len() == 4).then(|| (v[2] - v[0], v[3] - v[1]))
        })
        .collect()
}

/// The manifest's raw column names with an underscore (codes that must not show) and the bare
/// codes of the municipality and its peers (names belong there).
fn codes_and_numbers(manifest: &serde_json::Value) -> (Vec<String>, Vec<String>) {
    let mut codes = Vec::new();
    for t in manifest["tables"].as_array().unwrap() {
        for c in t["columns"].as_array().unwrap() {
            let name = c["name"].as_str().unwrap();
            if name.contains('_') {
                codes.push(name.to_owned());
            }
        }
    }
    let mut numbers = vec![manifest["municipality"]["code"].to_string()];
    for p in manifest["peers"].as_array().unwrap() {
        numbers.push(p["code"].to_string());
    }
    (codes, numbers)
}

/// The HTML without the contents of its `<data>` elements (the published numbers).
fn without_data(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<data ") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("</data>")
            .map_or("", |end| &rest[start + end + "</data>".len()..]);
    }
    out.push_str(rest);
    out
}

/// The text a reader sees: no style, no tags, no attribute values.
fn visible_text(html: &str) -> String {
    let body = html.split("</style>").last().unwrap_or(html);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&").replace("&quot;", "\"")
}

/// Every text a reader sees in the workbook: sheet names, headers, the definitions, and every
/// text cell of every sheet except identifiers (area and goal ids, and the `Kolonner` sheet's
/// CSV file and field names, which are there to match the CSV files); and, second, only the
/// sheet names, headers and area names.
fn workbook_labels(path: &Path) -> (String, String) {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(path).unwrap();
    // (sheet, label) → CSV field, from the map sheet
    let mut fields = std::collections::BTreeMap::new();
    let map = book
        .worksheet_range(bydel_report::workbook::COLUMNS)
        .unwrap();
    for row in map.rows().skip(1) {
        fields.insert((row[0].to_string(), row[1].to_string()), row[3].to_string());
    }
    let ids = ["area_id", "surroundings_id", "goal"];
    let area_name = bydel_report::Lang::Da.t("area_name");
    let mut out = String::new();
    let mut names = String::new();
    for name in book.sheet_names() {
        out.push_str(&name);
        out.push('\n');
        names.push_str(&name);
        names.push('\n');
        let range = book.worksheet_range(&name).unwrap();
        let mut rows = range.rows();
        let Some(header) = rows.next() else { continue };
        let skip: Vec<bool> = header
            .iter()
            .enumerate()
            .map(|(j, h)| {
                let field = fields.get(&(name.clone(), h.to_string()));
                field.is_some_and(|f| ids.contains(&f.as_str()))
                    || (name == bydel_report::workbook::COLUMNS && j >= 2)
                    || (name == bydel_report::workbook::DEFINITIONS && j == 0)
                    || (name == bydel_report::workbook::AREAS && j == 1)
            })
            .collect();
        for cell in header {
            out.push_str(&cell.to_string());
            out.push('\t');
            names.push_str(&cell.to_string());
            names.push('\t');
        }
        out.push('\n');
        names.push('\n');
        for row in rows {
            for (j, cell) in row.iter().enumerate() {
                if let calamine::Data::String(text) = cell
                    && !skip.get(j).copied().unwrap_or(false)
                {
                    out.push_str(text);
                    out.push('\t');
                    if header.get(j).is_some_and(|h| *h == area_name) {
                        names.push_str(text);
                        names.push('\n');
                    }
                }
            }
            out.push('\n');
        }
    }
    (out, names)
}
