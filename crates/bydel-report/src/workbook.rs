//! The Excel workbook: a sheet of definitions and sources, then one sheet per published table
//! with frozen headers, filters, number formats that Excel shows the Danish way (`67.214`,
//! `14,6 %`), and suppressed cells (`..`) shaded with a note explaining why.

use rust_xlsxwriter::{Color, Format, FormatAlign, Note, Workbook, Worksheet, XlsxError};

use crate::error::ReportError;
use crate::i18n::Lang;
use crate::published::{Cell, Published, Role, Table};

/// The name of the definitions sheet.
pub const DEFINITIONS: &str = "Definitioner";

/// Builds the workbook and returns its bytes.
pub fn build(p: &Published) -> Result<Vec<u8>, ReportError> {
    let mut wb = Workbook::new();
    definitions(wb.add_worksheet(), p).map_err(xlsx)?;
    for t in p.tables.values() {
        table_sheet(wb.add_worksheet(), t).map_err(xlsx)?;
    }
    columns_sheet(wb.add_worksheet(), p).map_err(xlsx)?;
    areas_sheet(wb.add_worksheet(), p).map_err(xlsx)?;
    wb.save_to_buffer().map_err(xlsx)
}

/// The name of the sheet that maps every column of every sheet to its CSV file and field.
pub const COLUMNS: &str = "Kolonner";

/// The labels of a table sheet's header row: each column in Danish; a label two columns would
/// share gets the column's CSV name after it, so every label is unique on its sheet.
fn column_labels(t: &Table) -> Vec<String> {
    let danish: Vec<String> = t.header.iter().map(|h| Lang::Da.column(h)).collect();
    danish
        .iter()
        .zip(&t.header)
        .map(|(d, h)| {
            if danish.iter().filter(|x| *x == d).count() > 1 {
                format!("{d} ({h})")
            } else {
                d.clone()
            }
        })
        .collect()
}

/// `Kolonner`: Ark, Kolonne, Fil, Felt — where each sheet column comes from
/// (docs/published-format.md), so a reader can match the workbook with the CSV files.
fn columns_sheet(ws: &mut Worksheet, p: &Published) -> Result<(), XlsxError> {
    ws.set_name(COLUMNS)?;
    let head = Format::new().set_bold();
    for (j, h) in ["Ark", "Kolonne", "Fil", "Felt"].iter().enumerate() {
        ws.write_string_with_format(0, j as u16, *h, &head)?;
    }
    let mut r = 1;
    for t in p.tables.values() {
        for (h, label) in t.header.iter().zip(column_labels(t)) {
            let cells = [sheet_name(&t.name), label, t.file.clone(), h.clone()];
            for (j, c) in cells.iter().enumerate() {
                ws.write_string(r, j as u16, c)?;
            }
            r += 1;
        }
    }
    ws.set_column_width(1, 50)?;
    Ok(())
}

/// The name of the sheet that names every area id of the tables.
pub const AREAS: &str = "Områder";

/// `Områder`: Niveau, Område-id, Navn — every area of `areas.geojson`, so each table sheet's
/// `area_id` can be read as a name.
fn areas_sheet(ws: &mut Worksheet, p: &Published) -> Result<(), XlsxError> {
    ws.set_name(AREAS)?;
    let head = Format::new().set_bold();
    for (j, h) in ["Niveau", "Område-id", "Navn"].iter().enumerate() {
        ws.write_string_with_format(0, j as u16, *h, &head)?;
    }
    let Some(set) = &p.areas else {
        return Ok(());
    };
    for (i, a) in set.areas.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, Lang::Da.value(a.kind.as_str()))?;
        ws.write_string(r, 1, a.area_id.as_str())?;
        ws.write_string(r, 2, &a.name)?;
    }
    ws.set_column_width(1, 34)?;
    ws.set_column_width(2, 40)?;
    Ok(())
}

/// Short Danish sheet names of the published tables (docs/published-format.md).
const SHEETS: &[(&str, &str)] = &[
    ("area_figures", "Grundtal"),
    ("criteria", "Kriterier"),
    ("classification", "Lister og afstand"),
    ("indicators", "Indikatorer"),
    ("comparisons", "Mod resten af kommunen"),
    ("trends", "Udvikling"),
    ("warnings", "Varsler"),
    ("goals", "Mål"),
    ("composition", "Skoler og dagtilbud"),
    ("segregation", "Segregation"),
    ("segregation_country", "Segregation i hele landet"),
    ("index_mss", "MSS-indeks"),
];

fn xlsx(e: XlsxError) -> ReportError {
    ReportError::Xlsx(e.to_string())
}

/// A table's sheet name in Danish: the short name of a known table, else the table's name; at
/// most 31 characters, none of `[]:*?/\`.
pub fn sheet_name(name: &str) -> String {
    let short = SHEETS
        .iter()
        .find(|(k, _)| *k == name)
        .map_or(name, |(_, da)| da);
    let clean: String = short
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    clean.chars().take(31).collect()
}

fn table_sheet(ws: &mut Worksheet, t: &Table) -> Result<(), XlsxError> {
    ws.set_name(sheet_name(&t.name))?;
    let head = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xF3F3F3))
        .set_text_wrap();
    let pct = Format::new().set_num_format("0.0%");
    let int = Format::new().set_num_format("#,##0");
    // General: as many decimals as the value has, no trailing decimal separator ("2.013,")
    let num = Format::new();
    let year = Format::new().set_num_format("0");
    let sup = Format::new()
        .set_background_color(Color::RGB(0xFBF1E8))
        .set_font_color(Color::RGB(0x8A3B00))
        .set_align(FormatAlign::Right);
    for (j, (h, label)) in t.header.iter().zip(column_labels(t)).enumerate() {
        let col = j as u16;
        ws.write_string_with_format(0, col, label, &head)?;
        ws.set_column_width(
            col,
            if h.starts_with("explanation") || h.starts_with("sentence") {
                60
            } else {
                16
            },
        )?;
    }
    for (i, row) in t.rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (j, (c, role)) in row.iter().zip(&t.roles).enumerate() {
            let col = j as u16;
            match (c, role) {
                (Cell::Number(x), Role::Share) => ws.write_number_with_format(r, col, *x, &pct)?,
                (
                    Cell::Number(x),
                    Role::Count
                    | Role::Numerator
                    | Role::Denominator
                    | Role::Contributors
                    | Role::Amount,
                ) => ws.write_number_with_format(r, col, *x, &int)?,
                (Cell::Number(x), _) if t.header[j].ends_with("year") => {
                    ws.write_number_with_format(r, col, *x, &year)?
                }
                (Cell::Number(x), _) => ws.write_number_with_format(r, col, *x, &num)?,
                // codes in Danish words (true → Ja, none → ingen, on_track → på vej); a text
                // that is no code is written as published
                (Cell::Text(s), _) => ws.write_string(r, col, Lang::Da.value(s))?,
                (Cell::Suppressed, _) => {
                    ws.write_string_with_format(r, col, "..", &sup)?;
                    ws.insert_note(r, col, &Note::new(SUPPRESSED_NOTE).set_author("bydel"))?
                }
                (Cell::Empty, _) => ws,
            };
        }
    }
    ws.set_freeze_panes(1, 0)?;
    if !t.header.is_empty() {
        ws.autofilter(0, 0, t.rows.len() as u32, t.header.len() as u16 - 1)?;
    }
    Ok(())
}

const SUPPRESSED_NOTE: &str =
    "Diskretioneret: tallet bygger på for få personer eller ville afsløre et andet skjult tal.";

fn definitions(ws: &mut Worksheet, p: &Published) -> Result<(), XlsxError> {
    ws.set_name(DEFINITIONS)?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    ws.set_column_width(0, 34)?;
    ws.set_column_width(1, 100)?;
    let mut r = 0u32;
    let mut line = |ws: &mut Worksheet, a: &str, b: &str, f: &Format| -> Result<(), XlsxError> {
        ws.write_string_with_format(r, 0, a, &bold)?;
        ws.write_string_with_format(r, 1, b, f)?;
        r += 1;
        Ok(())
    };
    line(
        ws,
        "Status for social balance",
        "Tabeller frigivet gennem diskretioneringslaget. Kolonnernes navne i tabellerne står i parentes efter den danske betegnelse; arket «Kolonner» viser, hvilken CSV-fil og kolonne hvert tal kommer fra, og arket «Områder» giver hvert område-id sit navn.",
        &wrap,
    )?;
    line(ws, "..", SUPPRESSED_NOTE, &wrap)?;
    line(ws, "Tomt felt", "Ingen data eller nævner nul.", &wrap)?;
    line(
        ws,
        "SAND / FALSK",
        "Ja / nej (for eksempel om et kriterium er opfyldt).",
        &wrap,
    )?;
    line(
        ws,
        "Andele",
        "Andele står som procent (0,146 vises som 14,6 %); kriteriernes værdier og afstande til grænserne er allerede i procent eller procentpoint.",
        &wrap,
    )?;
    if let Some(pol) = &p.policy {
        let dominance = pol
            .dominance
            .map(|d| {
                format!(
                    "; dominansregel: de {} største bidrag må højst udgøre {} % af summen",
                    d.n, d.k_percent
                )
            })
            .unwrap_or_default();
        let text = format!(
            "{}: mindst {} personer pr. celle; områder under {} beboere vises uden tal; p-regel {} %{dominance}.",
            pol.name, pol.min_count, pol.min_area_population, pol.p_percent,
        );
        line(ws, "Diskretionering", &text, &wrap)?;
    }
    for (k, da) in DEFS {
        line(ws, k, da, &wrap)?;
    }
    for t in p.tables.values() {
        let text = format!(
            "ark «{}», fil {}: {} rækker, {} diskretionerede celler",
            sheet_name(&t.name),
            t.file,
            t.rows.len(),
            t.suppressed_count()
        );
        line(ws, &format!("Tabel {}", t.name), &text, &wrap)?;
    }
    for (k, v) in SOURCES {
        line(ws, k, v, &wrap)?;
    }
    Ok(())
}

/// Column definitions: (column, Danish).
const DEFS: &[(&str, &str)] = &[
    (
        "year",
        "Opgørelsesår: beboere pr. 1. januar; årlige mål beskriver året før",
    ),
    ("list_year", "Listeår: listen pr. 1. december"),
    (
        "*_numerator / *_denominator",
        "Andelens tæller og nævner (personer)",
    ),
    (
        "A_value-E_value",
        "Kriteriernes værdier i procent (D: indkomst i procent af regionens)",
    ),
    (
        "*_lower / *_upper, ci_low / ci_high",
        "Sikkerhedsinterval (Wilson)",
    ),
    (
        "*_margin / *_persons_to_change",
        "Afstand til grænsen i kriteriets enhed og antal personer, før status skifter",
    ),
];

const SOURCES: &[(&str, &str)] = &[
    ("Kilde", "Registerdata via Danmarks Statistik."),
    (
        "Lov",
        "Almenboligloven (udsatte boligområder, parallelsamfund, omdannelses- og forebyggelsesområder).",
    ),
];
