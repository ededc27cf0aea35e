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
            .chain(DASHBOARD)
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

// ---------------------------------------------------------------------------------------------
// The dashboard (bydel-server): its texts, the names of layers and of the catalogue's
// indicators. `Lang::t` looks here after the report's labels, so a key is defined once.
// ---------------------------------------------------------------------------------------------

impl Lang {
    /// Parses a language code (`da` or `en`).
    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "da" => Some(Lang::Da),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language (the dashboard's language toggle).
    pub fn other(self) -> Lang {
        match self {
            Lang::Da => Lang::En,
            Lang::En => Lang::Da,
        }
    }

    /// The name of one area of a layer (`district` → Bydel; the code itself when unknown).
    pub fn layer(self, kind: &str) -> String {
        LAYERS.iter().find(|(k, _, _)| *k == kind).map_or_else(
            || kind.replace('_', " "),
            |(_, da, en)| (if self == Lang::Da { *da } else { *en }).to_owned(),
        )
    }

    /// The name of an indicator: the catalogue's name for its id, else the column's label.
    pub fn indicator(self, id: &str) -> String {
        static NAMES: std::sync::OnceLock<Vec<(String, String, String)>> =
            std::sync::OnceLock::new();
        let names = NAMES.get_or_init(|| {
            bydel_analysis::catalogue::Catalogue::builtin()
                .map(|c| {
                    c.indicators()
                        .map(|i| (i.id.clone(), i.name_da.clone(), i.name_en.clone()))
                        .collect()
                })
                .unwrap_or_default()
        });
        match names.iter().find(|(k, _, _)| k == id) {
            Some((_, da, en)) => (if self == Lang::Da { da } else { en }).clone(),
            None => self.column(id),
        }
    }
}

/// Layers: (kind, one area in Danish, in English).
const LAYERS: &[(&str, &str, &str)] = &[
    ("municipality", "Kommune", "Municipality"),
    ("district", "Bydel", "District"),
    ("housing_area", "Boligområde", "Housing area"),
    ("school_district", "Skoledistrikt", "School district"),
    ("school", "Skole", "School"),
    ("daycare", "Dagtilbud", "Daycare"),
    ("parish", "Sogn", "Parish"),
    ("region", "Region", "Region"),
    ("country", "Hele landet", "Country"),
];

/// The dashboard's texts: (key, Danish, English).
const DASHBOARD: &[(&str, &str, &str)] = &[
    (
        "dashboard_title",
        "Social balance i kommunens områder",
        "Social balance in the municipality's areas",
    ),
    ("overview", "Overblik", "Overview"),
    ("indicators", "Indikatorer", "Indicators"),
    ("indicator", "Indikator", "Indicator"),
    ("compare", "Sammenlign", "Compare"),
    ("areas", "Områder", "Areas"),
    ("kind", "Lag", "Layer"),
    ("layer", "Lag", "Layer"),
    ("rank", "Placering", "Rank"),
    ("map", "Kort", "Map"),
    ("filter", "Filtrer områder", "Filter areas"),
    ("show", "Vis", "Show"),
    ("download_csv", "Hent CSV", "Download CSV"),
    ("api", "API (JSON)", "API (JSON)"),
    ("profile", "Udvikling over tid", "Profile over time"),
    (
        "comparison",
        "Sammenligning med resten af kommunen",
        "Comparison with the rest of the municipality",
    ),
    ("rest", "Resten af kommunen", "Rest of the municipality"),
    ("difference", "Forskel", "Difference"),
    ("ratio", "Forhold (95 %-interval)", "Ratio (95 % interval)"),
    ("markedly_worse", "Markant dårligere", "Markedly worse"),
    ("percentage_points", "procentpoint", "percentage points"),
    ("kroner", "kr.", "DKK"),
    ("warnings", "Advarsler", "Warnings"),
    (
        "no_warnings",
        "Ingen advarsler for dette område.",
        "No warnings for this area.",
    ),
    (
        "warn_suppressed",
        "Nogle tal er diskretioneret (..) for at beskytte personer.",
        "Some figures are withheld (..) to protect individuals.",
    ),
    ("focus_areas", "Fokusområder", "Focus areas"),
    ("impact_goals", "Effektmål", "Impact goals"),
    ("goal", "Mål", "Goal"),
    ("baseline", "Udgangspunkt", "Baseline"),
    ("current", "Seneste", "Latest"),
    (
        "projected",
        "Fremskrevet til målåret",
        "Projected to the target year",
    ),
    ("target_year", "Målår", "Target year"),
    ("goal_achieved", "nået", "achieved"),
    ("goal_on_track", "på rette vej", "on track"),
    ("goal_behind", "bagud", "behind"),
    ("goal_no_data", "for få data", "not enough data"),
    ("latest_list", "Seneste liste", "Latest list"),
    ("category", "Kategori", "Category"),
    ("criteria_met", "Opfyldte kriterier", "Criteria met"),
    ("explanation", "Forklaring", "Explanation"),
    ("distribution", "Fordeling", "Distribution"),
    ("ranking", "Rangliste", "Ranking"),
    ("count", "Antal områder", "Number of areas"),
    ("login", "Log ind", "Log in"),
    ("logout", "Log ud", "Log out"),
    ("user", "Bruger", "User"),
    ("password", "Adgangskode eller token", "Password or token"),
    (
        "login_failed",
        "Forkert bruger eller adgangskode.",
        "Wrong user or password.",
    ),
    ("analyst", "Analytiker", "Analyst"),
    (
        "work_files",
        "Arbejdsfiler (ikke offentliggjort, fortrolige)",
        "Working files (unpublished, confidential)",
    ),
    ("audit", "Revisionslog", "Audit log"),
    ("file", "Fil", "File"),
    ("size", "Størrelse", "Size"),
    ("language", "English", "Dansk"),
    ("choose_two", "Vælg to områder", "Choose two areas"),
    ("skip", "Spring til indhold", "Skip to content"),
    (
        "no_data",
        "Ingen offentliggjorte tal.",
        "No published figures.",
    ),
    (
        "map_alt",
        "Kort over områderne farvet efter",
        "Map of the areas coloured by",
    ),
    ("error", "Fejl", "Error"),
    ("page", "Side", "Page"),
    ("asset", "Ressource", "Asset"),
    ("err_400", "forkert forespørgsel", "bad request"),
    ("err_401", "log ind for at se siden", "login required"),
    (
        "err_403",
        "din rolle giver ikke adgang til dette",
        "your role does not allow this",
    ),
    ("err_404", "ikke fundet", "not found"),
    (
        "err_405",
        "metoden er ikke tilladt her",
        "method not allowed",
    ),
    (
        "err_408",
        "forespørgslen tog for lang tid",
        "the request took too long",
    ),
    (
        "err_413",
        "forespørgslen er for stor",
        "the request is too large",
    ),
    (
        "err_414",
        "adressen er for lang",
        "the address (URL) is too long",
    ),
    ("err_415", "forkert indholdstype", "unsupported media type"),
    (
        "err_429",
        "for mange forsøg; prøv igen senere",
        "too many attempts; try again later",
    ),
    (
        "err_431",
        "forespørgslens headere er for store",
        "the request headers are too large",
    ),
    ("err_500", "intern fejl", "internal error"),
    ("back", "Tilbage til overblikket", "Back to the overview"),
];

#[cfg(test)]
mod dashboard_tests {
    use super::*;

    #[test]
    fn dashboard_keys_are_not_report_keys_and_are_unique() {
        let mut keys: Vec<&str> = LABELS.iter().chain(DASHBOARD).map(|(k, _, _)| *k).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "a key is defined twice");
    }

    #[test]
    fn layers_and_indicators_have_danish_names() {
        assert_eq!(Lang::Da.layer("housing_area"), "Boligområde");
        assert_eq!(
            Lang::Da.indicator("e_non_western"),
            "Indvandrere og efterkommere fra ikke-vestlige lande"
        );
        assert_eq!(Lang::Da.indicator("residents"), "Beboere");
        assert_eq!(Lang::parse("en").map(Lang::other), Some(Lang::Da));
        assert_eq!(Lang::Da.t("rest"), "Resten af kommunen");
    }
}
