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
    wb.save_to_buffer().map_err(xlsx)
}

/// The name of the sheet that maps every column of every sheet to its CSV file and field.
pub const COLUMNS: &str = "Kolonner";

/// The label of a column in a table sheet's header row.
fn column_label(h: &str) -> String {
    format!("{} ({h})", Lang::Da.column(h))
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
        for h in &t.header {
            let cells = [
                sheet_name(&t.name),
                column_label(h),
                t.file.clone(),
                h.clone(),
            ];
            for (j, c) in cells.iter().enumerate() {
                ws.write_string(r, j as u16, c)?;
            }
            r += 1;
        }
    }
    ws.set_column_width(1, 50)?;
    Ok(())
}

fn xlsx(e: XlsxError) -> ReportError {
    ReportError::Xlsx(e.to_string())
}

/// An Excel sheet name: at most 31 characters, none of `[]:*?/\`.
pub fn sheet_name(name: &str) -> String {
    let clean: String = name
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
    let num = Format::new().set_num_format("#,##0.####");
    let sup = Format::new()
        .set_background_color(Color::RGB(0xFBF1E8))
        .set_font_color(Color::RGB(0x8A3B00))
        .set_align(FormatAlign::Right);
    for (j, h) in t.header.iter().enumerate() {
        let col = j as u16;
        ws.write_string_with_format(0, col, column_label(h), &head)?;
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
                (Cell::Number(x), _) => ws.write_number_with_format(r, col, *x, &num)?,
                (Cell::Text(s), _) => ws.write_string(r, col, s)?,
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

const SUPPRESSED_NOTE: &str = "Diskretioneret: tallet bygger på for få personer eller ville afsløre et andet skjult tal. / Suppressed: the number rests on too few persons or would reveal another withheld number.";

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
        "Tabeller frigivet gennem diskretioneringslaget (bydel-privacy). / Tables released through disclosure control.",
        &wrap,
    )?;
    line(ws, "..", SUPPRESSED_NOTE, &wrap)?;
    line(
        ws,
        "Tomt felt / empty cell",
        "Ingen data eller nævner nul. / No data or a zero denominator.",
        &wrap,
    )?;
    if let Some(pol) = &p.policy {
        let text = format!(
            "{}: mindst {} personer pr. celle; områder under {} beboere uden tal; p = {} %; dominans {:?}. / minimum {} persons per cell; areas under {} residents without figures.",
            pol.name,
            pol.min_count,
            pol.min_area_population,
            pol.p_percent,
            pol.dominance.map(|d| (d.n, d.k_percent)),
            pol.min_count,
            pol.min_area_population
        );
        line(ws, "Diskretionering / disclosure control", &text, &wrap)?;
    }
    for (k, da, en) in DEFS {
        line(ws, k, &format!("{da} / {en}"), &wrap)?;
    }
    for t in p.tables.values() {
        let text = format!(
            "ark «{}», fil {}: {} rækker, {} diskretionerede celler / sheet, file, rows, suppressed cells",
            sheet_name(&t.name),
            t.file,
            t.rows.len(),
            t.suppressed_count()
        );
        line(ws, &format!("Tabel / table {}", t.name), &text, &wrap)?;
    }
    for (k, v) in SOURCES {
        line(ws, k, v, &wrap)?;
    }
    Ok(())
}

/// Column definitions: (column, Danish, English).
const DEFS: &[(&str, &str, &str)] = &[
    (
        "year",
        "Opgørelsesår: beboere pr. 1. januar; årlige mål beskriver året før",
        "Data year: residents on 1 January; annual measures describe the year before",
    ),
    (
        "list_year",
        "Listeår: listen pr. 1. december",
        "List year: the list of 1 December",
    ),
    (
        "*_numerator / *_denominator",
        "Andelens tæller og nævner (personer)",
        "The share's numerator and denominator (persons)",
    ),
    (
        "non_western",
        "Andel indvandrere og efterkommere fra ikke-vestlige lande (kriterium E)",
        "Share of non-Western immigrants and descendants (criterion E)",
    ),
    (
        "basic_education_30_59",
        "Andel 30–59-årige med alene grundskole (kriterium C)",
        "Share aged 30–59 with basic education only (criterion C)",
    ),
    (
        "convicted_18plus",
        "Andel 18+ dømt efter straffeloven, våbenloven eller lov om euforiserende stoffer (kriterium B)",
        "Share 18+ convicted under the criminal code, weapons or drugs acts (criterion B)",
    ),
    (
        "A_value … E_value",
        "Kriteriernes værdier i procent (D: indkomst i procent af regionens)",
        "The criteria's values in percent (D: income as a percentage of the region's)",
    ),
    ("ci_low / ci_high", "95 %-interval", "95 % interval"),
];

const SOURCES: &[(&str, &str)] = &[
    (
        "Kilde / source",
        "Registerdata via Danmarks Statistik (demo: syntetisk befolkning). / Register data via Statistics Denmark (demo: synthetic population).",
    ),
    (
        "Lov / law",
        "Lov om almene boliger m.v. § 61 a (udsatte boligområder, parallelsamfund, omdannelses- og forebyggelsesområder).",
    ),
];
