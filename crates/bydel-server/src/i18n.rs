//! Languages: Danish by default, English on request (`?lang=en`, remembered in a cookie).
//! Every text of the pages is looked up here by a key.

/// The language of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Danish (the default).
    #[default]
    Da,
    /// English.
    En,
}

/// The cookie that remembers the language.
pub const LANG_COOKIE: &str = "bydel_lang";

impl Lang {
    /// Parses `da` or `en`.
    pub fn parse(s: &str) -> Option<Lang> {
        match s {
            "da" => Some(Lang::Da),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Da => "da",
            Lang::En => "en",
        }
    }

    /// The other language (for the toggle).
    pub fn other(self) -> Lang {
        match self {
            Lang::Da => Lang::En,
            Lang::En => Lang::Da,
        }
    }

    /// The text for `key` (the key itself when unknown, so a gap shows rather than breaks).
    pub fn t(self, key: &'static str) -> &'static str {
        TEXTS
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, da, en)| match self {
                Lang::Da => *da,
                Lang::En => *en,
            })
            .unwrap_or(key)
    }

    /// A number in the language's format (decimal comma in Danish).
    pub fn number(self, x: f64, decimals: usize) -> String {
        let s = format!("{x:.decimals$}");
        match self {
            Lang::Da => s.replace('.', ","),
            Lang::En => s,
        }
    }
}

/// (key, Danish, English).
const TEXTS: &[(&str, &str, &str)] = &[
    (
        "title",
        "bydel – social balance i byens områder",
        "bydel – social balance in the city's areas",
    ),
    ("overview", "Overblik", "Overview"),
    ("indicators", "Indikatorer", "Indicators"),
    ("indicator", "Indikator", "Indicator"),
    ("compare", "Sammenlign", "Compare"),
    ("areas", "Områder", "Areas"),
    ("area", "Område", "Area"),
    ("kind", "Lag", "Layer"),
    ("year", "År", "Year"),
    ("value", "Værdi", "Value"),
    ("rank", "Placering", "Rank"),
    ("map", "Kort", "Map"),
    ("table", "Tabel", "Table"),
    ("filter", "Filtrer områder", "Filter areas"),
    ("show", "Vis", "Show"),
    ("download_csv", "Hent CSV", "Download CSV"),
    ("api", "API (JSON)", "API (JSON)"),
    ("profile", "Udvikling over tid", "Profile over time"),
    (
        "comparison",
        "Sammenligning med overordnet område",
        "Comparison with the enclosing area",
    ),
    ("difference", "Forskel", "Difference"),
    ("warnings", "Advarsler", "Warnings"),
    (
        "no_warnings",
        "Ingen advarsler for dette område.",
        "No warnings for this area.",
    ),
    (
        "suppressed_note",
        "Diskretioneret (..): tallet er skjult af hensyn til fortrolighed.",
        "Confidential (..): the figure is withheld to protect privacy.",
    ),
    (
        "warn_suppressed",
        "Nogle tal er diskretioneret (..) for at beskytte personer.",
        "Some figures are withheld (..) to protect individuals.",
    ),
    (
        "warn_rising",
        "steg siden sidste år",
        "rose since last year",
    ),
    (
        "warn_above_parent",
        "ligger over det overordnede område",
        "is above the enclosing area",
    ),
    ("distribution", "Fordeling", "Distribution"),
    ("ranking", "Rangliste", "Ranking"),
    ("count", "Antal", "Count"),
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
    ("no_data", "Ingen publicerede tal.", "No published figures."),
    (
        "published_tables",
        "Publicerede tabeller",
        "Published tables",
    ),
    (
        "map_alt",
        "Kort over områderne farvet efter",
        "Map of the areas coloured by",
    ),
    ("error", "Fejl", "Error"),
    ("page", "Side", "Page"),
    ("layer", "Lag", "Layer"),
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
    ("residents", "Beboere", "Residents"),
    (
        "criteria",
        "Kriterier for listerne",
        "Criteria of the lists",
    ),
    ("list_year", "Listeår", "List year"),
    ("category", "Kategori", "Category"),
    ("criteria_met", "Opfyldte kriterier", "Criteria met"),
    ("explanation_da", "Forklaring", "Explanation"),
    ("explanation_en", "Forklaring", "Explanation"),
    (
        "A_value",
        "A: uden for arbejde/uddannelse (%)",
        "A: outside work/education (%)",
    ),
    (
        "B_value",
        "B: dømte (pr. gennemsnit)",
        "B: convicted (× average)",
    ),
    (
        "C_value",
        "C: kun grundskole (%)",
        "C: basic education only (%)",
    ),
    (
        "D_value",
        "D: indkomst (% af regionen)",
        "D: income (% of the region)",
    ),
    ("E_value", "E: ikke-vestlige (%)", "E: non-western (%)"),
    (
        "non_western",
        "Andel indvandrere og efterkommere fra ikke-vestlige lande",
        "Share of immigrants and descendants from non-western countries",
    ),
    (
        "basic_education_30_59",
        "Andel 30-59-årige med kun grundskole",
        "Share of 30–59-year-olds with basic education only",
    ),
    (
        "convicted_18plus",
        "Andel 18+ dømt for kriminalitet",
        "Share of 18+ convicted of crimes",
    ),
    ("housing_area", "Boligområde", "Housing area"),
    ("district", "Bydel", "District"),
    ("municipality", "Kommune", "Municipality"),
    ("school_district", "Skoledistrikt", "School district"),
    ("parish", "Sogn", "Parish"),
    ("region", "Region", "Region"),
    ("country", "Land", "Country"),
];

/// The label of an indicator or layer name (the name itself when unknown).
pub fn label(lang: Lang, name: &str) -> String {
    TEXTS
        .iter()
        .find(|(k, _, _)| *k == name)
        .map(|(_, da, en)| match lang {
            Lang::Da => (*da).to_owned(),
            Lang::En => (*en).to_owned(),
        })
        .unwrap_or_else(|| name.replace('_', " "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_unique() {
        let mut keys: Vec<_> = TEXTS.iter().map(|(k, _, _)| *k).collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n);
    }

    #[test]
    fn danish_numbers_use_a_decimal_comma() {
        assert_eq!(Lang::Da.number(12.345, 1), "12,3");
        assert_eq!(Lang::En.number(12.345, 1), "12.3");
    }
}
