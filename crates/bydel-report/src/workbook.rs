//! The Excel workbook: a sheet of definitions and sources, then one sheet per published table
//! with frozen headers, filters, number formats that Excel shows the Danish way (`67.214`,
//! `14,6 %`), and suppressed cells (`..`) shaded with a note explaining why.

use rust_xlsxwriter::{Color, Format, FormatAlign, Note, Workbook, Worksheet, XlsxError};

use crate::error::ReportError;
use crate::i18n::{Labels, Lang};
use crate::published::{Cell, Published, Role, Table};

/// The name of the definitions sheet.
pub const DEFINITIONS: &str = "Definitioner";

/// Builds the workbook in `lang` and returns its bytes.
pub fn build(p: &Published, lang: Lang) -> Result<Vec<u8>, ReportError> {
    let mut wb = Workbook::new();
    definitions(wb.add_worksheet(), p).map_err(xlsx)?;
    for t in p.tables.values() {
        table_sheet(wb.add_worksheet(), p, t, lang).map_err(xlsx)?;
    }
    columns_sheet(wb.add_worksheet(), p, lang).map_err(xlsx)?;
    areas_sheet(wb.add_worksheet(), p).map_err(xlsx)?;
    wb.save_to_buffer().map_err(xlsx)
}

/// The file and field the `Kolonner` sheet names for an area-name column: the names come from
/// the published polygons (and, for municipalities and regions, their official names).
pub const NAME_SOURCE: (&str, &str) = ("areas.geojson", "name");

/// One column of a table sheet.
enum SheetColumn {
    /// The table's column at this index, under its label.
    Field(usize, String),
    /// The name of the row's area (after `area_id`), under its label.
    AreaName(String),
}

/// The columns of a table's sheet in `lang`: every column in `lang`'s labels except those
/// written for the other language (`sentence_en` in a Danish workbook), and after `area_id`
/// the area's name, so every sheet reads by name. A label two columns would share gets the
/// column's CSV name after it, so every label is unique on its sheet.
fn sheet_columns(t: &Table, lang: Lang) -> Vec<SheetColumn> {
    let other = match lang {
        Lang::Da => "_en",
        Lang::En => "_da",
    };
    let named = t.col("kind").is_some() && t.col("name").is_none();
    let mut out = Vec::new();
    for (j, h) in t.header.iter().enumerate() {
        if h.ends_with(other) {
            continue;
        }
        out.push(SheetColumn::Field(j, lang.column(h)));
        if named && h == "area_id" {
            out.push(SheetColumn::AreaName(lang.t("area_name").to_owned()));
        }
    }
    let labels: Vec<String> = out
        .iter()
        .map(|c| match c {
            SheetColumn::Field(_, l) | SheetColumn::AreaName(l) => l.clone(),
        })
        .collect();
    for c in &mut out {
        if let SheetColumn::Field(j, l) = c
            && labels.iter().filter(|x| *x == l).count() > 1
        {
            *l = format!("{l} ({})", t.header[*j]);
        }
    }
    out
}

/// The name of the sheet that maps every column of every sheet to its CSV file and field.
pub const COLUMNS: &str = "Kolonner";

/// `Kolonner`: Ark, Kolonne, Fil, Felt — where each sheet column comes from
/// (docs/published-format.md), so a reader can match the workbook with the CSV files.
fn columns_sheet(ws: &mut Worksheet, p: &Published, lang: Lang) -> Result<(), XlsxError> {
    ws.set_name(COLUMNS)?;
    let head = Format::new().set_bold();
    for (j, h) in ["Ark", "Kolonne", "Fil", "Felt"].iter().enumerate() {
        ws.write_string_with_format(0, j as u16, *h, &head)?;
    }
    let mut r = 1;
    for t in p.tables.values() {
        for c in sheet_columns(t, lang) {
            let (label, file, field) = match c {
                SheetColumn::Field(j, label) => (label, t.file.clone(), t.header[j].clone()),
                SheetColumn::AreaName(label) => {
                    (label, NAME_SOURCE.0.to_owned(), NAME_SOURCE.1.to_owned())
                }
            };
            for (j, c) in [sheet_name(&t.name), label, file, field].iter().enumerate() {
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
    ("official_lists", "Officielle lister"),
    ("flows", "Flytninger"),
    ("flows_work", "Flytninger, beskæftigelse"),
    ("flows_education", "Flytninger, uddannelse"),
    ("flows_income", "Flytninger, indkomst"),
    ("flows_origin", "Flytninger, oprindelse"),
    ("flows_rest", "Flytninger, resten af kommunen"),
    ("flow_trends", "Flytninger, udvikling"),
    ("flow_destinations", "Fraflytteres destinationer"),
    ("flow_decomposition", "Ændringens kilder"),
    ("life_chances", "Livschancer"),
    ("life_chances_cohorts", "Livschancer efter årgang"),
    (
        "life_chances_cohort_trends",
        "Livschancer, årgangsudvikling",
    ),
    ("evaluation", "Evaluering"),
    ("scenarios", "Scenarier"),
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

fn table_sheet(ws: &mut Worksheet, p: &Published, t: &Table, lang: Lang) -> Result<(), XlsxError> {
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
    let columns = sheet_columns(t, lang);
    for (col, c) in columns.iter().enumerate() {
        let col = col as u16;
        let (label, width) = match c {
            SheetColumn::Field(j, label) => {
                let h = &t.header[*j];
                let wide = h.starts_with("explanation") || h.starts_with("sentence");
                (label, if wide { 60 } else { 16 })
            }
            SheetColumn::AreaName(label) => (label, 30),
        };
        ws.write_string_with_format(0, col, label, &head)?;
        ws.set_column_width(col, width)?;
    }
    for (i, row) in t.rows.iter().enumerate() {
        let r = i as u32 + 1;
        for (col, c) in columns.iter().enumerate() {
            let col = col as u16;
            let j = match c {
                SheetColumn::Field(j, _) => *j,
                // empty where no name is published (an institution known only by its id,
                // which stands in the column before)
                SheetColumn::AreaName(_) => {
                    if let Some(name) =
                        p.known_name(&t.text(row, "kind"), &t.text(row, "area_id"), lang)
                    {
                        ws.write_string(r, col, name)?;
                    }
                    continue;
                }
            };
            match (&row[j], t.roles[j]) {
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
                // codes in words (true → Ja, none → ingen, on_track → på vej), ids of
                // indicators and measures by their names; other texts as published
                (Cell::Text(s), _) => ws.write_string(r, col, lang.cell(&t.header[j], s))?,
                (Cell::Suppressed, _) => {
                    ws.write_string_with_format(r, col, "..", &sup)?;
                    ws.insert_note(r, col, &Note::new(SUPPRESSED_NOTE).set_author("bydel"))?
                }
                (Cell::Empty, _) => ws,
            };
        }
    }
    ws.set_freeze_panes(1, 0)?;
    if !columns.is_empty() {
        ws.autofilter(0, 0, t.rows.len() as u32, columns.len() as u16 - 1)?;
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
        "Ja / Nej",
        "Om noget gælder (for eksempel om et kriterium er opfyldt).",
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
            Lang::Da.value(&pol.name),
            pol.min_count,
            pol.min_area_population,
            pol.p_percent,
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
