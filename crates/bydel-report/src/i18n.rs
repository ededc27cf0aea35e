//! The report's two languages: Danish (default) and English, as one table of labels.

/// The language of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Danish (the default: the city council's language).
    #[default]
    Da,
    /// English.
    En,
}

impl Lang {
    /// The HTML `lang` code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }
    /// The label for `key` (the key itself if the table lacks it, so nothing is lost).
    pub fn t(self, key: &'static str) -> &'static str {
        LABELS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, da, en)| if self == Lang::Da { *da } else { *en })
            .unwrap_or(key)
    }
    /// The display label of a published column (Danish term first, like the law).
    pub fn column(self, name: &str) -> String {
        for (k, da, en) in COLUMNS {
            if *k == name {
                return (if self == Lang::Da { *da } else { *en }).to_owned();
            }
        }
        // a criterion column of the `criteria` table is named by its letter (the law's labels)
        let mut letter = name.chars();
        if let (Some(c), None) = (letter.next(), letter.next())
            && let Some((_, da, en)) = crate::law::CRITERIA.iter().find(|(l, _, _)| *l == c)
        {
            return (if self == Lang::Da { *da } else { *en }).to_owned();
        }
        for (suffix, key) in [("_numerator", "numerator"), ("_denominator", "denominator")] {
            if let Some(base) = name.strip_suffix(suffix) {
                return format!("{}: {}", self.column(base), self.t(key));
            }
        }
        name.replace('_', " ")
    }
}

impl Lang {
    /// A published code shown in words (`true` → Ja, `none` → ingen); other texts as they are.
    pub fn value(self, code: &str) -> String {
        CODES.iter().find(|(k, _, _)| *k == code).map_or_else(
            || code.to_owned(),
            |(_, da, en)| (if self == Lang::Da { *da } else { *en }).to_owned(),
        )
    }
}

/// Codes of the published tables and their words: (code, Danish, English).
const CODES: &[(&str, &str, &str)] = &[
    ("true", "Ja", "Yes"),
    ("false", "Nej", "No"),
    ("none", "ingen", "none"),
    ("eligible", "omfattet af listerne", "eligible"),
    (
        "not_list_layer",
        "ikke et boligområde på listerne",
        "not a list area",
    ),
    ("no_clear_trend", "ingen klar udvikling", "no clear trend"),
    ("improving", "i bedring", "improving"),
    ("worsening", "forværres", "worsening"),
];

/// (key, Danish, English).
const LABELS: &[(&str, &str, &str)] = &[
    (
        "title",
        "Status for social balance",
        "Status of social balance",
    ),
    (
        "subtitle",
        "Bydele og boligområder, år for år",
        "Districts and housing areas, year by year",
    ),
    ("contents", "Indhold", "Contents"),
    ("summary", "Resumé", "Summary"),
    (
        "criteria",
        "De nationale kriterier",
        "The national criteria",
    ),
    (
        "districts",
        "Bydele mod resten af kommunen",
        "Districts against the rest of the municipality",
    ),
    (
        "trends",
        "Udvikling med usikkerhed",
        "Trends with intervals",
    ),
    ("maps", "Kort", "Maps"),
    ("segregation", "Segregation", "Segregation"),
    (
        "mss",
        "Sammensat indeks (MSS): status og dynamik",
        "Composite index (MSS): status and dynamics",
    ),
    ("watchlist", "Opmærksomhedsliste", "Watch-list"),
    ("schools", "Skoler og dagtilbud", "Schools and daycare"),
    (
        "goals",
        "Effektmål: forskellen til kommunen",
        "Impact goals: the gap to the municipality",
    ),
    (
        "methods",
        "Metode og datakilder",
        "Methods and data sources",
    ),
    (
        "table_behind",
        "Tabellen bag figuren",
        "The table behind the chart",
    ),
    (
        "absent",
        "Tabellen er ikke offentliggjort i denne kørsel, så afsnittet er tomt.",
        "This table was not published in this run, so the section is empty.",
    ),
    ("suppressed", "diskretioneret", "suppressed"),
    ("missing", "ingen data", "no data"),
    ("numerator", "tæller", "numerator"),
    ("denominator", "nævner", "denominator"),
    ("year", "År", "Year"),
    ("area", "Område", "Area"),
    ("municipality", "Kommunen", "The municipality"),
    ("threshold", "grænse", "threshold"),
    (
        "interval",
        "95 %-interval (Wilson)",
        "95 % interval (Wilson)",
    ),
    ("residents", "Beboere", "Residents"),
    ("change", "Ændring", "Change"),
    ("latest", "Seneste år", "Latest year"),
    ("previous", "Året før", "Previous year"),
    ("gap", "Forskel (procentpoint)", "Gap (percentage points)"),
    ("rows", "rækker", "rows"),
    (
        "legend_na",
        "diskretioneret eller ingen data",
        "suppressed or no data",
    ),
    ("status", "Status", "Status"),
    ("dynamics", "Dynamik", "Dynamics"),
    ("value", "Værdi", "Value"),
    (
        "ignored",
        "Filer uden privatlivsmanifest blev ikke vist",
        "Files without a privacy manifest were not shown",
    ),
    ("housing_area", "Boligområder", "Housing areas"),
    ("district", "Bydele", "Districts"),
    (
        "no_map",
        "Områdernes polygoner (areas.geojson) er ikke offentliggjort, så der er ingen kort.",
        "The area polygons (areas.geojson) were not published, so there are no maps.",
    ),
    (
        "suppression_note",
        "“..” betyder diskretioneret: tallet er skjult, fordi det bygger på for få personer eller ville afsløre et andet skjult tal. Områder med meget få beboere vises helt uden tal.",
        "“..” means suppressed: the number is withheld because it rests on too few persons or would reveal another withheld number. Areas with very few residents are shown without any figures.",
    ),
    (
        "printed_note",
        "Udskrevet rapport: tabellerne bag figurerne står i afsnittet ‘Tabeller’.",
        "Printed report: the tables behind the charts are in each section's details.",
    ),
    ("tables", "Offentliggjorte tabeller", "Published tables"),
    ("table", "Tabel", "Table"),
    (
        "cells_suppressed",
        "diskretionerede celler",
        "suppressed cells",
    ),
    (
        "policy",
        "Diskretioneringsregler",
        "Disclosure-control policy",
    ),
    (
        "min_count",
        "Mindste antal personer i en celle",
        "Minimum number of persons in a cell",
    ),
    (
        "min_area",
        "Områder med færre beboere vises uden tal",
        "Areas with fewer residents are shown without figures",
    ),
    ("dominance", "Dominansregel (n, k)", "Dominance rule (n, k)"),
    ("p_percent", "p %-regel", "p % rule"),
    ("sources", "Kilder", "Sources"),
];

/// Column labels: (column, Danish, English).
const COLUMNS: &[(&str, &str, &str)] = &[
    ("kind", "Niveau", "Layer"),
    ("area_id", "Område-id", "Area id"),
    ("name", "Navn", "Name"),
    ("year", "År", "Year"),
    ("list_year", "Listeår", "List year"),
    ("residents", "Beboere", "Residents"),
    (
        "A",
        "A: uden for arbejde og uddannelse (18–64 år)",
        "A: outside work and education (aged 18–64)",
    ),
    (
        "B",
        "B: dømte (18 år og derover)",
        "B: convicted (aged 18 and over)",
    ),
    (
        "C",
        "C: kun grundskole (30–59 år)",
        "C: basic education only (aged 30–59)",
    ),
    (
        "D",
        "D: indkomst i procent af regionens",
        "D: income as a percentage of the region's",
    ),
    (
        "E",
        "E: ikke-vestlige indvandrere og efterkommere",
        "E: non-Western immigrants and descendants",
    ),
    (
        "non_western",
        "Ikke-vestlige indvandrere og efterkommere",
        "Non-Western immigrants and descendants",
    ),
    (
        "basic_education_30_59",
        "Kun grundskole (30–59 år)",
        "Basic education only (aged 30–59)",
    ),
    (
        "convicted_18plus",
        "Dømte (18 år og derover)",
        "Convicted (aged 18 and over)",
    ),
    (
        "outside_work_education",
        "Uden for arbejde og uddannelse (18–64 år)",
        "Outside work and education (aged 18–64)",
    ),
    (
        "income",
        "Gennemsnitlig bruttoindkomst (15–64 år)",
        "Mean gross income (aged 15–64)",
    ),
];
