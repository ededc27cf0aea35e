//! The report's two languages: Danish (default) and English, as one table of labels.

pub use bydel_model::Lang;

/// The labels of every text bydel writes for people, in a [`Lang`]: one table per kind of
/// text (report labels, column names, codes, measures, layers, indicators, the dashboard).
/// The language type itself and the number formats are bydel-model's (shared with the rules
/// and the analysis); this trait is the one place their words are looked up.
pub trait Labels: Copy {
    /// The label for `key` (the key itself if the table lacks it, so nothing is lost).
    fn t(self, key: &'static str) -> &'static str;
    /// The display label of a published column (Danish term first, like the law).
    fn column(self, name: &str) -> String;
    /// A published code shown in words (`true` → Ja, `none` → ingen); other texts as they are.
    fn value(self, code: &str) -> String;
    /// The name of a measure of the counts table (`age_18_64` → 18-64-årige); the measure
    /// itself when it is not one of bydel's.
    fn measure(self, name: &str) -> String;
    /// A text cell of a published table as a reader reads it, given its column: codes in words
    /// (`true` → Ja), indicator and measure ids by their names, thresholds and margins with
    /// the language's decimal mark and "procentpoint", a list history in words. Numbers are
    /// never added or removed: the digits of the result are the digits of the cell (the audit
    /// holds the workbook to that).
    fn cell(self, column: &str, text: &str) -> String;
    /// The name of one area of a layer (`district` → Bydel; the code itself when unknown).
    fn layer(self, kind: &str) -> String;
    /// The name of an indicator: the catalogue's name for its id, else the column's label.
    fn indicator(self, id: &str) -> String;
    /// The name of a life-chance outcome (`youth_education_by_25` → "ungdomsuddannelse som
    /// 25-årig"), if it is one.
    fn outcome(self, code: &str) -> Option<String>;
}

impl Labels for Lang {
    fn outcome(self, code: &str) -> Option<String> {
        FLOW_PARTS
            .iter()
            .find(|(k, _, _)| *k == code)
            .map(|(_, da, en)| (if self == Lang::Da { *da } else { *en }).to_owned())
    }

    fn t(self, key: &'static str) -> &'static str {
        LABELS
            .iter()
            .chain(DASHBOARD)
            .chain(DASHBOARD_PAGES)
            .find(|(k, _, _)| *k == key)
            .map(|(_, da, en)| if self == Lang::Da { *da } else { *en })
            .unwrap_or(key)
    }

    fn column(self, name: &str) -> String {
        for (k, da, en) in COLUMNS.iter().chain(SCENARIO_COLUMNS) {
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
        if let Some(i) = crate::law::catalogue().indicator(name) {
            return (if self == Lang::Da {
                &i.name_da
            } else {
                &i.name_en
            })
            .clone();
        }
        if MEASURES.iter().any(|(k, _, _)| *k == name) {
            return self.measure(name);
        }
        if let Some(label) = self.flow_column(name) {
            return label;
        }
        for (suffix, key) in SUFFIXES {
            if let Some(base) = name.strip_suffix(suffix) {
                return format!("{}: {}", self.column(base), self.t(key));
            }
        }
        name.replace('_', " ")
    }

    fn value(self, code: &str) -> String {
        CODES
            .iter()
            .chain(SCENARIO_CODES)
            .chain(PAGE_CODES)
            .find(|(k, _, _)| *k == code)
            .map_or_else(
                || code.to_owned(),
                |(_, da, en)| (if self == Lang::Da { *da } else { *en }).to_owned(),
            )
    }

    fn measure(self, name: &str) -> String {
        MEASURES.iter().find(|(k, _, _)| *k == name).map_or_else(
            || name.to_owned(),
            |(_, da, en)| (if self == Lang::Da { *da } else { *en }).to_owned(),
        )
    }

    fn cell(self, column: &str, text: &str) -> String {
        let da = self == Lang::Da;
        let decimal = |s: &str| {
            if da {
                s.replace('.', ",")
            } else {
                s.to_owned()
            }
        };
        if CODES
            .iter()
            .chain(SCENARIO_CODES)
            .chain(PAGE_CODES)
            .any(|(k, _, _)| *k == text)
        {
            return self.value(text);
        }
        if matches!(column, "indicator" | "outcome" | "surroundings_indicator")
            && crate::law::catalogue().indicator(text).is_some()
        {
            return self.indicator(text);
        }
        // a flow indicator or flow atom named in a long table (the flow warnings' `indicator`
        // and measures, `retention_work_edu`, `flow_rest_out_work_edu`): by its column label
        if (column == "indicator" || column.ends_with("_measure"))
            && !MEASURES.iter().any(|(k, _, _)| *k == text)
            && let Some(label) = self.flow_column(text)
        {
            return label;
        }
        if column.ends_with("_measure") {
            return self.measure(text);
        }
        if column.ends_with("_threshold") {
            return decimal(text);
        }
        if column.ends_with("_history") {
            fn yes_no(s: &str, da: bool) -> &str {
                match (s, da) {
                    ("yes", true) => "ja",
                    ("no", true) => "nej",
                    (other, _) => other,
                }
            }
            return text
                .split(' ')
                .map(|entry| match entry.split_once(':') {
                    Some((y, s)) => format!("{y}: {}", yes_no(s, da)),
                    None => entry.to_owned(),
                })
                .collect::<Vec<_>>()
                .join(", ");
        }
        if column.ends_with("_change") {
            if let Some(year) = text.strip_prefix("not before ") {
                return format!("{} {year}", if da { "tidligst" } else { "not before" });
            }
            // "A+2.3pp; D-1.2": the criteria that must move, and by how much
            return text
                .split("; ")
                .map(|part| {
                    let mut chars = part.chars();
                    let letter: String = chars.next().into_iter().collect();
                    let rest = chars.as_str();
                    match rest.strip_suffix("pp") {
                        Some(n) => format!("{letter} {} {}", decimal(n), self.t("pp_unit")),
                        None => format!("{letter} {}", decimal(rest)),
                    }
                })
                .collect::<Vec<_>>()
                .join("; ");
        }
        text.to_owned()
    }

    fn layer(self, kind: &str) -> String {
        LAYERS.iter().find(|(k, _, _)| *k == kind).map_or_else(
            || kind.replace('_', " "),
            |(_, da, en)| (if self == Lang::Da { *da } else { *en }).to_owned(),
        )
    }

    fn indicator(self, id: &str) -> String {
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

/// The columns of the flow tables, built from their parts (a private part of [`Labels`]).
trait FlowColumns {
    /// The label of a flow, decomposition, life-chance, evaluation or official-list column.
    fn flow_column(self, name: &str) -> Option<String>;
}

impl FlowColumns for Lang {
    fn flow_column(self, name: &str) -> Option<String> {
        let pick = |table: &[(&str, &str, &str)], code: &str| {
            table
                .iter()
                .find(|(k, _, _)| *k == code)
                .map(|(_, da, en)| (if self == Lang::Da { *da } else { *en }).to_owned())
        };
        if let Some(label) = pick(FLOW_WHOLE, name) {
            return Some(label);
        }
        for (prefix, da, en) in FLOW_PREFIXES {
            if let Some(rest) = name.strip_prefix(prefix) {
                let part = pick(FLOW_PARTS, rest)?;
                let head = if self == Lang::Da { *da } else { *en };
                return Some(format!("{head}: {part}"));
            }
        }
        for (suffix, da, en) in FLOW_SUFFIXES {
            if let Some(base) = name.strip_suffix(suffix) {
                let base = pick(FLOW_PARTS, base).or_else(|| {
                    // a criterion's letter (A_in_situ): the law's label
                    let mut c = base.chars();
                    let (Some(l), None) = (c.next(), c.next()) else {
                        return None;
                    };
                    crate::law::CRITERIA
                        .iter()
                        .find(|(x, _, _)| *x == l)
                        .map(|(_, da, en)| (if self == Lang::Da { *da } else { *en }).to_owned())
                })?;
                let tail = if self == Lang::Da { *da } else { *en };
                return Some(format!("{base}: {tail}"));
            }
        }
        None
    }
}

/// The measures of the counts table: (measure, Danish, English).
const MEASURES: &[(&str, &str, &str)] = &[
    ("residents", "Beboere", "Residents"),
    ("age_18_64", "18-64-årige", "Aged 18-64"),
    (
        "outside_fte_micro_18_64",
        "Helårspersoner uden for arbejde og uddannelse, 18-64 år (milliontedele)",
        "Full-time persons outside work and education, 18-64 (millionths)",
    ),
    ("age_30_59", "30-59-årige", "Aged 30-59"),
    (
        "basic_or_unknown_edu_30_59",
        "30-59-årige med grundskole eller ukendt uddannelse",
        "Aged 30-59 with basic or unknown education",
    ),
    (
        "unknown_edu_30_59",
        "30-59-årige med ukendt uddannelse",
        "Aged 30-59 with unknown education",
    ),
    (
        "income_n_15_64",
        "Skattepligtige 15-64-årige uden for uddannelse",
        "Taxable 15-64-year-olds not in education",
    ),
    (
        "income_sum_15_64",
        "Bruttoindkomst i alt, skattepligtige 15-64-årige uden for uddannelse (kr.)",
        "Total gross income, taxable 15-64-year-olds not in education (DKK)",
    ),
    (
        "non_western",
        "Indvandrere og efterkommere fra ikke-vestlige lande",
        "Immigrants and descendants from non-Western countries",
    ),
    (
        "immigrants_descendants",
        "Indvandrere og efterkommere",
        "Immigrants and descendants",
    ),
    (
        "age_18plus",
        "Beboere på 18 år og derover",
        "Aged 18 and over",
    ),
    (
        "convicted_18plus",
        "Dømte beboere på 18 år og derover",
        "Convicted residents aged 18 and over",
    ),
    (
        "absence_over_10",
        "Elever med over 10 % fravær",
        "Pupils with over 10 % absence",
    ),
    (
        "absence_pct_sum_milli",
        "Fraværsprocent, sum over elever (tusindedele)",
        "Absence percentage, sum over pupils (thousandths)",
    ),
    (
        "absence_pct_sq_sum_milli2",
        "Fraværsprocent i anden, sum over elever (milliontedele)",
        "Absence percentage squared, sum over pupils (millionths)",
    ),
    ("age_25", "25-årige", "Aged 25"),
    (
        "age_25_youth_education",
        "25-årige med en afsluttet ungdomsuddannelse",
        "Aged 25 with a completed youth education",
    ),
    ("children", "Børn i dagtilbud", "Children in daycare"),
    ("children_0_17", "Børn 0-17 år", "Children aged 0-17"),
    ("children_0_5", "Børn 0-5 år", "Children aged 0-5"),
    (
        "children_0_5_non_western",
        "Børn 0-5 år af ikke-vestlig oprindelse",
        "Children aged 0-5 of non-Western origin",
    ),
    ("children_6_16", "Børn 6-16 år", "Children aged 6-16"),
    (
        "children_6_16_non_western",
        "Børn 6-16 år af ikke-vestlig oprindelse",
        "Children aged 6-16 of non-Western origin",
    ),
    (
        "children_low_income_family",
        "Børn i familier med lav indkomst",
        "Children in low-income families",
    ),
    (
        "children_non_western",
        "Børn i dagtilbud af ikke-vestlig oprindelse",
        "Children in daycare of non-Western origin",
    ),
    (
        "children_parents_outside_work",
        "Børn, hvis forældre er uden for arbejdsmarkedet",
        "Children whose parents are outside work",
    ),
    (
        "exam_n",
        "Elever med afgangsprøve",
        "Pupils with a leaving exam",
    ),
    (
        "exam_sum_centi",
        "Karaktergennemsnit, sum over elever (hundrededele)",
        "Exam average, sum over pupils (hundredths)",
    ),
    (
        "exam_sq_sum_centi2",
        "Karaktergennemsnit i anden, sum over elever (titusindedele)",
        "Exam average squared, sum over pupils (ten-thousandths)",
    ),
    (
        "families_with_children",
        "Familier med børn",
        "Families with children",
    ),
    (
        "lang_assessed_3y",
        "Sprogvurderede treårige",
        "Three-year-olds assessed",
    ),
    (
        "lang_focused_or_special_3y",
        "Treårige med behov for fokuseret eller særlig sprogindsats",
        "Three-year-olds needing focused or special language support",
    ),
    (
        "moved_last_year",
        "Flyttet til området det seneste år",
        "Moved in during the last year",
    ),
    ("pupils", "Elever", "Pupils"),
    (
        "pupils_non_western",
        "Elever af ikke-vestlig oprindelse",
        "Pupils of non-Western origin",
    ),
    (
        "pupils_parents_outside_work",
        "Elever, hvis forældre er uden for arbejdsmarkedet",
        "Pupils whose parents are outside work",
    ),
    (
        "single_parent_families",
        "Familier med én forsørger",
        "Single-parent families",
    ),
];

/// Column suffixes of the published tables and their label keys (longest first).
const SUFFIXES: &[(&str, &str)] = &[
    ("_contributors", "contributors"),
    ("_markedly_worse", "markedly_worse"),
    ("_ratio_lower", "ratio_lower"),
    ("_ratio_upper", "ratio_upper"),
    ("_slope_lower", "slope_lower"),
    ("_slope_upper", "slope_upper"),
    ("_margin_persons", "margin_persons"),
    ("_persons_to_change", "persons_to_change"),
    ("_margin_dkk", "margin_dkk"),
    ("_numerator", "numerator"),
    ("_denominator", "denominator"),
    ("_lower", "lower"),
    ("_upper", "upper"),
    ("_rest", "rest"),
    ("_ratio", "ratio"),
    ("_difference", "difference"),
    ("_p_value", "p_value"),
    ("_slope", "slope"),
    ("_verdict", "verdict"),
    ("_threshold", "threshold"),
    ("_margin", "distance"),
    ("_met", "met"),
    ("_change", "change_to"),
    ("_history", "history"),
    ("_value", "value"),
    ("_region", "region"),
    ("_country", "country"),
    ("_mean", "mean"),
];

/// Codes of the published tables and their words: (code, Danish, English).
const CODES: &[(&str, &str, &str)] = &[
    ("true", "Ja", "Yes"),
    ("false", "Nej", "No"),
    ("none", "ingen", "none"),
    ("eligible", "omfattet af listerne", "covered by the lists"),
    ("n/a", "ikke relevant", "not applicable"),
    ("municipality", "kommune", "municipality"),
    ("district", "bydel", "district"),
    ("housing_area", "boligområde", "housing area"),
    ("school", "skole", "school"),
    ("school_district", "skoledistrikt", "school district"),
    ("daycare", "dagtilbud", "daycare"),
    ("region", "region", "region"),
    ("country", "hele landet", "the country"),
    (
        "toward_next_criterion",
        "nærmer sig et kriterium mere",
        "approaching one more criterion",
    ),
    (
        "near_threshold",
        "mangler ét kriterium til en liste",
        "one criterion from a list",
    ),
    (
        "near_1000_residents",
        "nærmer sig lovens mindste antal beboere",
        "approaching the law's minimum number of residents",
    ),
    (
        "turned_markedly_worse",
        "er blevet markant dårligere end resten af kommunen",
        "turned markedly worse than the rest of the municipality",
    ),
    (
        "category_likely_next_year",
        "kommer sandsynligvis på en liste næste år",
        "likely on a list next year",
    ),
    // flows (issue 15): where out-movers go (`flow_destinations.destination_kind`)
    ("dest_area", "område i kommunen", "area in the municipality"),
    ("dest_municipality", "anden kommune", "another municipality"),
    (
        "dest_own_municipality",
        "andre steder i kommunen",
        "elsewhere in the municipality",
    ),
    // the disclosure-control presets (bydel-privacy `Policy::preset`), by their names
    (
        "danmarks-statistik",
        "Danmarks Statistik",
        "Statistics Denmark",
    ),
    (
        "municipal",
        "kommunal offentliggørelse",
        "municipal publication",
    ),
    // not in the data the year after and not dead: the same words as the in-movers' origin
    (
        "dest_abroad",
        "udlandet eller uden for data",
        "abroad or outside the data",
    ),
    (
        "dest_other_areas",
        "øvrige steder i kommunen",
        "the rest of the municipality",
    ),
    (
        "dest_other_municipalities",
        "øvrige kommuner",
        "other municipalities",
    ),
    ("achieved", "nået", "achieved"),
    ("on_track", "på vej", "on track"),
    ("behind", "bagud", "behind"),
    ("no_data", "ingen data", "no data"),
    (
        "direction",
        "udvikling i den rigtige retning",
        "development in the right direction",
    ),
    (
        "gap_narrowing",
        "forskellen til resten mindskes",
        "the gap to the rest narrows",
    ),
    (
        "dissimilarity",
        "Ulighedsindeks (dissimilaritet)",
        "Dissimilarity index",
    ),
    ("gini", "Gini-indeks", "Gini index"),
    ("entropy", "Entropiindeks", "Entropy index"),
    ("atkinson", "Atkinsons indeks", "Atkinson index"),
    (
        "correlation_ratio",
        "Korrelationsforhold",
        "Correlation ratio",
    ),
    ("interaction", "Interaktionsindeks", "Interaction index"),
    ("isolation", "Isolationsindeks", "Isolation index"),
    (
        "not_list_layer",
        "ikke et boligområde på listerne",
        "not a list area",
    ),
    (
        "not_public_housing",
        "ikke omfattet (ikke almen bolig)",
        "not covered (not public housing)",
    ),
    (
        "too_few_residents",
        "ikke omfattet (under 1.000 beboere)",
        "not covered (under 1,000 residents)",
    ),
    ("residents_unknown", "beboertal ukendt", "residents unknown"),
    // flow indicators (issue 15 item 4, flowind4): the flow warnings' rules and a trend
    // with too few years
    (
        "flow_turned_markedly_worse",
        "beholder markant færre beboere med ressourcer end resten af kommunen",
        "keeps markedly fewer residents with resources than the rest of the municipality",
    ),
    (
        "flow_retention_worsening",
        "færre beboere med ressourcer bliver boende år for år",
        "fewer residents with resources stay year by year",
    ),
    ("too_few_years", "for få år", "too few years"),
    ("no_clear_trend", "ingen klar udvikling", "no clear trend"),
    ("improving", "i bedring", "improving"),
    ("worsening", "forværres", "worsening"),
    ("unreachable", "kan ikke nås", "unreachable"),
    ("unknown", "ukendt", "unknown"),
];

/// Whole column names of the flow, evaluation and official-list tables.
const FLOW_WHOLE: &[(&str, &str, &str)] = &[
    ("in_movers", "Tilflyttere", "In-movers"),
    ("out_movers", "Fraflyttere", "Out-movers"),
    ("net_movers", "Nettotilflytning", "Net in-movers"),
    ("turnover", "Udskiftning", "Turnover"),
    ("from_year", "Fra år", "From year"),
    ("description", "Beskrivelse", "Description"),
    ("intervention_kind", "Indsatstype", "Kind of intervention"),
    ("estimate", "Skøn over effekten", "Estimated effect"),
    ("low", "Nedre grænse", "Lower bound"),
    ("high", "Øvre grænse", "Upper bound"),
    ("p_value", "p-værdi", "p-value"),
    (
        "pre_period_ok",
        "Ens udvikling før start",
        "Parallel before the start",
    ),
    ("verdict", "Vurdering", "Verdict"),
    ("official", "Officiel liste", "Official list"),
    ("bydel", "bydels beregning", "bydel's calculation"),
    ("agrees", "Stemmer overens", "Agrees"),
    ("criterion", "Kriterium", "Criterion"),
    ("persons_margin", "Personer til skift", "Persons to tip"),
    // flows (issue 15): the long decomposition table
    ("change", "Ændring i alt", "Total change"),
    ("level_from", "Niveau første år", "Level, first year"),
    ("level_to", "Niveau sidste år", "Level, last year"),
    ("in_situ", "Ændring blandt de boende", "Change in situ"),
    (
        "in_situ_lo",
        "Blandt de boende, nedre grænse",
        "In situ, lower bound",
    ),
    (
        "in_situ_hi",
        "Blandt de boende, øvre grænse",
        "In situ, upper bound",
    ),
    (
        "out_migration",
        "Selektiv fraflytning",
        "Selective out-migration",
    ),
    (
        "out_migration_lo",
        "Selektiv fraflytning, nedre grænse",
        "Out-migration, lower bound",
    ),
    (
        "out_migration_hi",
        "Selektiv fraflytning, øvre grænse",
        "Out-migration, upper bound",
    ),
    (
        "in_migration",
        "Selektiv tilflytning",
        "Selective in-migration",
    ),
    (
        "in_migration_lo",
        "Selektiv tilflytning, nedre grænse",
        "In-migration, lower bound",
    ),
    (
        "in_migration_hi",
        "Selektiv tilflytning, øvre grænse",
        "In-migration, upper bound",
    ),
    ("destination_kind", "Hvortil", "Where to"),
    ("destination_name", "Destination", "Destination"),
    (
        "flow_destination_persons",
        "Fraflyttere i perioden",
        "Out-movers in the period",
    ),
    ("demography", "Demografi", "Demography"),
    (
        "demography_lo",
        "Demografi, nedre grænse",
        "Demography, lower bound",
    ),
    (
        "demography_hi",
        "Demografi, øvre grænse",
        "Demography, upper bound",
    ),
];

/// Prefixes of flow columns: (prefix, Danish, English); the rest of the name is a part.
const FLOW_PREFIXES: &[(&str, &str, &str)] = &[
    // flows3 (issue 15): the rest of the municipality (`flows_rest`), before the area's prefixes
    (
        "flow_rest_stayers_",
        "Resten af kommunen, blev boende",
        "Rest of the municipality, stayers",
    ),
    (
        "flow_rest_out_",
        "Resten af kommunen, fraflyttere",
        "Rest of the municipality, out-movers",
    ),
    (
        "flow_rest_in_",
        "Resten af kommunen, tilflyttere",
        "Rest of the municipality, in-movers",
    ),
    (
        "retention_rest_",
        "Fastholdelse i resten af kommunen",
        "Retention in the rest of the municipality",
    ),
    (
        "retention_gap_",
        "Fastholdelse i området minus i resten af kommunen",
        "Retention in the area minus in the rest of the municipality",
    ),
    (
        "net_rest_",
        "Netto i resten af kommunen",
        "Net in the rest of the municipality",
    ),
    (
        "share_in_rest_",
        "Andel blandt tilflyttere til resten af kommunen",
        "Share among in-movers to the rest of the municipality",
    ),
    (
        "share_out_rest_",
        "Andel blandt fraflyttere fra resten af kommunen",
        "Share among out-movers from the rest of the municipality",
    ),
    (
        "flow_stayers_after_",
        "Blev boende året efter",
        "Stayed a year later",
    ),
    ("flow_stayers_", "Blev boende", "Stayers"),
    ("flow_in_", "Tilflyttere", "In-movers"),
    ("flow_out_", "Fraflyttere", "Out-movers"),
    ("retention_", "Fastholdelse", "Retention"),
    ("net_", "Netto", "Net"),
    (
        "share_in_",
        "Andel blandt tilflyttere",
        "Share among in-movers",
    ),
    (
        "share_out_",
        "Andel blandt fraflyttere",
        "Share among out-movers",
    ),
    ("life_", "Børn", "Children"),
];

/// Suffixes of decomposition and life-chance columns: (suffix, Danish, English).
const FLOW_SUFFIXES: &[(&str, &str, &str)] = &[
    // flows3 (issue 15): life chances against the rest of the country
    (
        "_adjusted_country_lo",
        "justeret forskel til resten af landet, nedre grænse",
        "adjusted gap to the rest of the country, lower bound",
    ),
    (
        "_adjusted_country_hi",
        "justeret forskel til resten af landet, øvre grænse",
        "adjusted gap to the rest of the country, upper bound",
    ),
    (
        "_adjusted_country",
        "forskel til resten af landet justeret for familiebaggrund",
        "gap to the rest of the country adjusted for family background",
    ),
    (
        "_gap_country_lo",
        "rå forskel til resten af landet, nedre grænse",
        "raw gap to the rest of the country, lower bound",
    ),
    (
        "_gap_country_hi",
        "rå forskel til resten af landet, øvre grænse",
        "raw gap to the rest of the country, upper bound",
    ),
    (
        "_gap_country",
        "rå forskel til resten af landet",
        "raw gap to the rest of the country",
    ),
    (
        "_country",
        "børn i resten af landet",
        "children in the rest of the country",
    ),
    (
        "_in_situ_lo",
        "blandt de boende, nedre grænse",
        "in situ, lower bound",
    ),
    (
        "_in_situ_hi",
        "blandt de boende, øvre grænse",
        "in situ, upper bound",
    ),
    ("_in_situ", "ændring blandt de boende", "change in situ"),
    (
        "_out_migration_lo",
        "selektiv fraflytning, nedre grænse",
        "out-migration, lower bound",
    ),
    (
        "_out_migration_hi",
        "selektiv fraflytning, øvre grænse",
        "out-migration, upper bound",
    ),
    (
        "_out_migration",
        "selektiv fraflytning",
        "selective out-migration",
    ),
    (
        "_in_migration_lo",
        "selektiv tilflytning, nedre grænse",
        "in-migration, lower bound",
    ),
    (
        "_in_migration_hi",
        "selektiv tilflytning, øvre grænse",
        "in-migration, upper bound",
    ),
    (
        "_in_migration",
        "selektiv tilflytning",
        "selective in-migration",
    ),
    (
        "_turnover_lo",
        "demografisk udskiftning, nedre grænse",
        "turnover, lower bound",
    ),
    (
        "_turnover_hi",
        "demografisk udskiftning, øvre grænse",
        "turnover, upper bound",
    ),
    (
        "_turnover",
        "demografisk udskiftning",
        "demographic turnover",
    ),
    ("_change", "samlet ændring", "total change"),
    (
        "_adjusted_lo",
        "justeret forskel, nedre grænse",
        "adjusted gap, lower bound",
    ),
    (
        "_adjusted_hi",
        "justeret forskel, øvre grænse",
        "adjusted gap, upper bound",
    ),
    (
        "_adjusted",
        "forskel justeret for familiebaggrund",
        "gap adjusted for family background",
    ),
    (
        "_gap_lo",
        "rå forskel, nedre grænse",
        "raw gap, lower bound",
    ),
    ("_gap_hi", "rå forskel, øvre grænse", "raw gap, upper bound"),
    ("_gap", "rå forskel", "raw gap"),
    ("_area", "børn fra området", "children from the area"),
    (
        "_comparison",
        "børn andre steder i kommunen",
        "children elsewhere in the municipality",
    ),
];

/// The parts the flow and life-chance columns are built from.
const FLOW_PARTS: &[(&str, &str, &str)] = &[
    ("all", "alle", "all"),
    (
        "within_all",
        "resten af kommunen",
        "elsewhere in the municipality",
    ),
    (
        "other_municipality_all",
        "en anden kommune",
        "another municipality",
    ),
    // in-movers not in the data the year before and not born; out-movers not in the data the
    // year after and not dead
    (
        "abroad_all",
        "udlandet eller uden for data",
        "abroad or outside the data",
    ),
    ("born_all", "født", "born"),
    ("deceased_all", "døde", "deceased"),
    (
        "work_edu",
        "i arbejde eller uddannelse",
        "in work or education",
    ),
    (
        "outside_work",
        "uden for arbejde og uddannelse",
        "outside work and education",
    ),
    (
        "edu_higher",
        "med videregående uddannelse",
        "with higher education",
    ),
    (
        "income_q1",
        "laveste indkomstfemtedel i regionen",
        "lowest income fifth in the region",
    ),
    (
        "income_q5",
        "højeste indkomstfemtedel i regionen",
        "highest income fifth in the region",
    ),
    (
        "origin_non_western",
        "ikke-vestlig oprindelse",
        "non-Western origin",
    ),
    (
        "youth_education_by_25",
        "ungdomsuddannelse som 25-årig",
        "youth education by 25",
    ),
    (
        "work_or_education_at_25",
        "i arbejde eller uddannelse som 25-årig",
        "in work or education at 25",
    ),
    (
        "work_or_education_at_30",
        "i arbejde eller uddannelse som 30-årig",
        "in work or education at 30",
    ),
    ("convicted_by_21", "dømt inden 21 år", "convicted by 21"),
    (
        "exam_average_9th_grade",
        "karaktergennemsnit i 9. klasse",
        "9th-grade exam average",
    ),
    (
        "youth_education_by_25_children",
        "ungdomsuddannelse som 25-årig: antal",
        "youth education by 25: number",
    ),
    (
        "youth_education_by_25_yes",
        "ungdomsuddannelse som 25-årig: med udfaldet",
        "youth education by 25: with the outcome",
    ),
    (
        "work_or_education_at_25_children",
        "i arbejde eller uddannelse som 25-årig: antal",
        "in work or education at 25: number",
    ),
    (
        "work_or_education_at_25_yes",
        "i arbejde eller uddannelse som 25-årig: med udfaldet",
        "in work or education at 25: with the outcome",
    ),
    (
        "work_or_education_at_30_children",
        "i arbejde eller uddannelse som 30-årig: antal",
        "in work or education at 30: number",
    ),
    (
        "work_or_education_at_30_yes",
        "i arbejde eller uddannelse som 30-årig: med udfaldet",
        "in work or education at 30: with the outcome",
    ),
    (
        "convicted_by_21_children",
        "dømt inden 21 år: antal",
        "convicted by 21: number",
    ),
    (
        "convicted_by_21_yes",
        "dømt inden 21 år: med udfaldet",
        "convicted by 21: with the outcome",
    ),
    (
        "exam_average_9th_grade_children",
        "karaktergennemsnit i 9. klasse: antal",
        "9th-grade exam average: number",
    ),
];

/// (key, Danish, English).
const LABELS: &[(&str, &str, &str)] = &[
    ("area_name", "Områdenavn", "Area name"),
    ("pp_unit", "procentpoint", "percentage points"),
    (
        "contributors",
        "antal bidragydere (dominansreglen)",
        "number of contributors (dominance rule)",
    ),
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
        "De fem kriterier over tid",
        "The five criteria over time",
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
    ("goals", "Effektmål", "Impact goals"),
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
        "sikkerhedsinterval (Wilson)",
        "confidence interval (Wilson)",
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
    (
        "status_title",
        "Listestatus og afstand til grænserne",
        "List status and distance to the thresholds",
    ),
    (
        "status_intro",
        "For hvert boligområde: værdien af kriterierne A-E i seneste listeår, om grænsen for udsat boligområde og for forebyggelsesområde er nået, afstanden til grænsen i kriteriets enhed (procentpoint; for D point af regionens gennemsnit) og hvor mange personer der skal til, før status skifter (positivt: flere, negativt: færre; for D personer, der tjener et gennemsnit mere eller mindre).",
        "For each housing area: the value of the criteria A-E in the latest list year, whether the line of the udsat and of the forebyggelse list is reached, the distance to the line in the criterion's unit (percentage points; for D points of the regional average) and how many persons it takes to change the status.",
    ),
    ("list_year", "listeår", "list year"),
    ("list_status", "Status", "Status"),
    (
        "not_covered",
        "ikke omfattet (ikke almen bolig)",
        "not covered (not public housing)",
    ),
    ("criterion", "Kriterium", "Criterion"),
    ("met", "opfyldt", "met"),
    ("distance", "afstand", "distance"),
    (
        "persons_to_change",
        "personer til skift",
        "persons to change",
    ),
    (
        "margin_persons",
        "afstand i personer",
        "distance in persons",
    ),
    ("margin_dkk", "afstand i kroner", "distance in DKK"),
    ("markedly_worse", "markant dårligere", "markedly worse"),
    ("ratio_lower", "forhold, nedre grænse", "ratio, lower bound"),
    ("ratio_upper", "forhold, øvre grænse", "ratio, upper bound"),
    (
        "slope_lower",
        "hældning, nedre grænse",
        "slope, lower bound",
    ),
    ("slope_upper", "hældning, øvre grænse", "slope, upper bound"),
    ("lower", "nedre grænse", "lower bound"),
    ("upper", "øvre grænse", "upper bound"),
    ("rest", "resten af kommunen", "rest of the municipality"),
    ("ratio", "forhold til resten", "ratio to the rest"),
    ("difference", "forskel", "difference"),
    ("p_value", "p-værdi", "p-value"),
    ("slope", "hældning pr. år", "slope per year"),
    ("verdict", "udvikling", "development"),
    ("region", "regionen", "the region"),
    ("country", "hele landet", "the country"),
    ("mean", "gennemsnit", "mean"),
    ("against", "mod", "against"),
    (
        "change_to",
        "ændring, der skifter status",
        "change that alters the status",
    ),
    ("history", "historik", "history"),
    (
        "criteria_intro",
        "De fem kriterier år for år for hver bydel og hvert boligområde (fuld linje, bånd: sikkerhedsinterval) mod resten af kommunen (stiplet). Tallene står i tabellen under hvert område.",
        "The five criteria year by year for every district and housing area (solid line, band: confidence interval) against the rest of the municipality (dashed). The numbers are in the table under each area.",
    ),
    ("districts_plural", "Bydele", "Districts"),
    ("housing_areas_plural", "Boligområder", "Housing areas"),
    ("indicators", "Egne indikatorer", "Own indicators"),
    (
        "indicators_intro",
        "Kommunens egne indikatorer i seneste år for fokusområderne og kommunen, med sikkerhedsinterval og resten af kommunen.",
        "The municipality's own indicators in the latest year for the focus areas and the municipality, with confidence intervals and the rest of the municipality.",
    ),
    (
        "markedly",
        "Markant dårligere end resten af kommunen",
        "Markedly worse than the rest of the municipality",
    ),
    (
        "markedly_intro",
        "Områder og indikatorer, hvor området i seneste år ligger markant dårligere end resten af kommunen (hele intervallet for forholdet ligger på den dårlige side).",
        "Areas and indicators where the area is markedly worse than the rest of the municipality in the latest year (the whole interval of the ratio lies on the bad side).",
    ),
    (
        "nothing_marked",
        "Intet område ligger markant dårligere end resten af kommunen.",
        "No area is markedly worse than the rest of the municipality.",
    ),
    ("peers", "Sammenligningskommuner", "Peer municipalities"),
    (
        "peers_intro",
        "Kørslen sammenligner med disse kommuner:",
        "The run compares with these municipalities:",
    ),
    (
        "no_peers",
        "Kørslen har ingen sammenligningskommuner.",
        "The run names no peer municipalities.",
    ),
    ("indicator", "Indikator", "Indicator"),
    ("focus_areas", "Fokusområder", "Focus areas"),
    ("surroundings", "Omgivelser", "Surroundings"),
    (
        "schools_intro",
        "Elevernes og børnenes sammensætning i seneste år mod deres omgivelser (skoledistriktet eller kommunen), med forholdet og om institutionen ligger markant dårligere.",
        "The composition of pupils and children in the latest year against their surroundings (the school district or the municipality), with the ratio and whether the institution is markedly worse.",
    ),
    (
        "own_district_attendance",
        "går i distriktets skole",
        "attend the district's school",
    ),
    ("goal", "Mål", "Goal"),
    ("baseline_year", "Basisår", "Baseline year"),
    ("target_year", "Målår", "Target year"),
    ("target", "Mål", "Target"),
    ("baseline", "Basis", "Baseline"),
    ("current", "Nu", "Now"),
    (
        "projected",
        "Fremskrevet til målåret",
        "Projected to the target year",
    ),
    ("goal_status", "Status", "Status"),
    (
        "goals_intro",
        "Effektmålene fra kørslens målfil: basisår, målår og hvor langt hvert mål er nået.",
        "The impact goals from the run's goals file: baseline year, target year and how far each goal has come.",
    ),
    (
        "warnings_intro",
        "Advarsler for kommunens egne områder i seneste år, med tallene bag. Områder, der mangler ét kriterium til en liste, står først, ordnet efter hvor få personer der skal til (værdien er antallet af personer; for D personer, der tjener et gennemsnit mindre).",
        "Warnings for the municipality's own areas in the latest year, with the numbers behind them. Areas one criterion from a list come first, ordered by how few persons it takes (the value is that number of persons; for D, persons each earning a mean less).",
    ),
    ("no_warnings", "Ingen advarsler.", "No warnings."),
    ("rule", "Regel", "Rule"),
    (
        "flows",
        "Flytninger, livschancer og evaluering",
        "Flows, life chances and evaluation",
    ),
];

/// Column labels: (column, Danish, English).
const COLUMNS: &[(&str, &str, &str)] = &[
    ("kind", "Niveau", "Layer"),
    ("index", "Indeks", "Index"),
    ("rule_set", "Regelsæt", "Rule set"),
    ("eligible", "Omfattet af listerne", "Covered by the lists"),
    ("eligibility", "Omfattet (begrundelse)", "Coverage (reason)"),
    ("criteria_met", "Opfyldte kriterier", "Criteria met"),
    ("category", "Kategori", "Category"),
    (
        "udsat",
        "Udsat boligområde",
        "Vulnerable housing area (udsat)",
    ),
    (
        "parallelsamfund",
        "Parallelsamfund",
        "Parallel society (parallelsamfund)",
    ),
    (
        "omdannelse",
        "Omdannelsesområde",
        "Transformation area (omdannelse)",
    ),
    (
        "forebyggelse",
        "Forebyggelsesområde",
        "Prevention area (forebyggelse)",
    ),
    (
        "omdannelse_history",
        "Omdannelse: historik",
        "Transformation: history",
    ),
    ("B_reference", "B: landsgennemsnit", "B: national average"),
    ("explanation_da", "Forklaring", "Explanation (Danish)"),
    ("explanation_en", "Forklaring på engelsk", "Explanation"),
    ("warning", "Varsel nr.", "Warning no."),
    ("rule", "Regel", "Rule"),
    ("sentence_da", "Varsel", "Warning (Danish)"),
    ("sentence_en", "Varsel på engelsk", "Warning"),
    ("numerator_measure", "Tællerens mål", "Numerator measure"),
    (
        "denominator_measure",
        "Nævnerens mål",
        "Denominator measure",
    ),
    (
        "surroundings_kind",
        "Omgivelser: niveau",
        "Surroundings: layer",
    ),
    (
        "surroundings_id",
        "Omgivelser: område",
        "Surroundings: area",
    ),
    (
        "surroundings_indicator",
        "Omgivelser: indikator",
        "Surroundings: indicator",
    ),
    (
        "surroundings_numerator_measure",
        "Omgivelser: tællerens mål",
        "Surroundings: numerator measure",
    ),
    (
        "surroundings_denominator_measure",
        "Omgivelser: nævnerens mål",
        "Surroundings: denominator measure",
    ),
    ("lower", "Nedre grænse", "Lower bound"),
    ("upper", "Øvre grænse", "Upper bound"),
    (
        "reference_value",
        "Omgivelsernes værdi",
        "Value of the surroundings",
    ),
    ("ratio", "Forhold", "Ratio"),
    ("difference", "Forskel", "Difference"),
    ("p_value", "p-værdi", "p-value"),
    ("markedly_worse", "Markant dårligere", "Markedly worse"),
    (
        "own_district_attendance",
        "Går i distriktets skole",
        "Attend the district's school",
    ),
    ("goal", "Målets id", "Goal id"),
    ("name_da", "Mål", "Goal (Danish)"),
    ("name_en", "Mål på engelsk", "Goal"),
    ("indicator", "Indikator", "Indicator"),
    ("type", "Type", "Type"),
    ("baseline_year", "Basisår", "Baseline year"),
    ("target_year", "Målår", "Target year"),
    ("target", "Målværdi", "Target"),
    ("baseline", "Basis", "Baseline"),
    ("current", "Nu", "Now"),
    (
        "projected_at_target_year",
        "Fremskrevet til målåret",
        "Projected to the target year",
    ),
    ("by_how_much", "Ændring pr. år", "Change per year"),
    ("years_narrowed", "År med mindre forskel", "Years narrowed"),
    ("years_compared", "År sammenlignet", "Years compared"),
    ("status", "Status", "Status"),
    ("value", "Værdi", "Value"),
    ("ci_low", "Sikkerhedsinterval, nedre", "Interval, lower"),
    ("ci_high", "Sikkerhedsinterval, øvre", "Interval, upper"),
    (
        "expected_random",
        "Ved tilfældig fordeling",
        "Under random allocation",
    ),
    ("status_score", "Statusscore", "Status score"),
    ("status_class", "Statusklasse", "Status class"),
    ("dynamics_score", "Dynamikscore", "Dynamics score"),
    ("dynamics_class", "Dynamikklasse", "Dynamics class"),
    ("group", "Gruppe", "Group"),
    (
        "status_stability",
        "Stabilitet af status",
        "Status stability",
    ),
    (
        "dynamics_stability",
        "Stabilitet af dynamik",
        "Dynamics stability",
    ),
    ("note", "Note", "Note"),
    ("area_id", "Område-id", "Area id"),
    ("name", "Navn", "Name"),
    ("year", "År", "Year"),
    ("list_year", "Listeår", "List year"),
    ("residents", "Beboere", "Residents"),
    (
        "A",
        "A: uden for arbejde og uddannelse (18-64 år)",
        "A: outside work and education (aged 18-64)",
    ),
    (
        "B",
        "B: dømte (18 år og derover)",
        "B: convicted (aged 18 and over)",
    ),
    (
        "C",
        "C: kun grundskole (30-59 år)",
        "C: basic education only (aged 30-59)",
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
        "Kun grundskole (30-59 år)",
        "Basic education only (aged 30-59)",
    ),
    (
        "convicted_18plus",
        "Dømte (18 år og derover)",
        "Convicted (aged 18 and over)",
    ),
    (
        "outside_work_education",
        "Uden for arbejde og uddannelse (18-64 år)",
        "Outside work and education (aged 18-64)",
    ),
    (
        "income",
        "Gennemsnitlig bruttoindkomst (15-64 år)",
        "Mean gross income (aged 15-64)",
    ),
];

// ---------------------------------------------------------------------------------------------
// Scenarios (`scenarios` table, docs/evaluation.md): its columns and codes.
// ---------------------------------------------------------------------------------------------

/// Columns of the `scenarios` table: (column, Danish, English).
const SCENARIO_COLUMNS: &[(&str, &str, &str)] = &[
    ("scenario", "Scenarie", "Scenario"),
    ("variant", "Forløb", "Projection"),
    ("projected_year", "Fremskrevet år", "Projected year"),
    (
        "in_mover_profile",
        "Tilflytternes profil",
        "In-movers' profile",
    ),
    (
        "a",
        "A: uden for arbejde og uddannelse, skøn (%)",
        "A: outside work and education, estimate (%)",
    ),
    ("a_low", "A: nedre grænse (%)", "A: lower bound (%)"),
    ("a_high", "A: øvre grænse (%)", "A: upper bound (%)"),
    (
        "c",
        "C: kun grundskole, skøn (%)",
        "C: basic education only, estimate (%)",
    ),
    ("c_low", "C: nedre grænse (%)", "C: lower bound (%)"),
    ("c_high", "C: øvre grænse (%)", "C: upper bound (%)"),
    (
        "e",
        "E: ikke-vestlig oprindelse, skøn (%)",
        "E: non-Western origin, estimate (%)",
    ),
    ("e_low", "E: nedre grænse (%)", "E: lower bound (%)"),
    ("e_high", "E: øvre grænse (%)", "E: upper bound (%)"),
    (
        "b_met",
        "B: grænsen for udsat boligområde nået (holdes fast)",
        "B: the udsat line reached (held fixed)",
    ),
    (
        "d_met",
        "D: grænsen for udsat boligområde nået (holdes fast)",
        "D: the udsat line reached (held fixed)",
    ),
    (
        "residents_low",
        "Beboere: nedre grænse",
        "Residents: lower bound",
    ),
    (
        "residents_high",
        "Beboere: øvre grænse",
        "Residents: upper bound",
    ),
    (
        "family_share",
        "Almene familieboliger, andel af alle boliger (%)",
        "Public family dwellings, share of all dwellings (%)",
    ),
    (
        "p_a_over_40",
        "Sandsynlighed for A over grænsen for udsat (%)",
        "Probability of A over the udsat line (%)",
    ),
    (
        "p_udsat",
        "Sandsynlighed for udsat boligområde (%)",
        "Probability of a vulnerable housing area (%)",
    ),
    (
        "p_parallelsamfund",
        "Sandsynlighed for parallelsamfund (%)",
        "Probability of a parallel society (%)",
    ),
    (
        "p_omdannelse",
        "Sandsynlighed for omdannelsesområde (%)",
        "Probability of a transformation area (%)",
    ),
    (
        "p_forebyggelse",
        "Sandsynlighed for forebyggelsesområde (%)",
        "Probability of a prevention area (%)",
    ),
];

/// Codes of the `scenarios` table: (code, Danish, English).
const SCENARIO_CODES: &[(&str, &str, &str)] = &[
    ("baseline", "grundforløb", "baseline"),
    ("scenario", "med planen", "with the plan"),
    (
        "observed_in_movers",
        "skønnet ud fra de faktiske tilflyttere til området og sammenlignelige områder",
        "estimated from the actual in-movers to the area and comparable areas",
    ),
    (
        "defaults",
        "dokumenterede standardantagelser (for få tilflyttere i data)",
        "documented defaults (too few in-movers in the data)",
    ),
];

// ---------------------------------------------------------------------------------------------
// The dashboard (bydel-server): its texts, the names of layers and of the catalogue's
// indicators. `Lang::t` looks here after the report's labels, so a key is defined once.
// ---------------------------------------------------------------------------------------------

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
    ("dash_indicators", "Indikatorer", "Indicators"),
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
    (
        "dash_rest",
        "Resten af kommunen",
        "Rest of the municipality",
    ),
    ("dash_difference", "Forskel", "Difference"),
    (
        "dash_ratio",
        "Forhold (95 %-interval)",
        "Ratio (95 % interval)",
    ),
    ("dash_markedly_worse", "Markant dårligere", "Markedly worse"),
    ("percentage_points", "procentpoint", "percentage points"),
    ("kroner", "kr.", "DKK"),
    ("warnings", "Advarsler", "Warnings"),
    (
        "dash_no_warnings",
        "Ingen advarsler for dette område.",
        "No warnings for this area.",
    ),
    (
        "warn_suppressed",
        "Nogle tal er diskretioneret (..) for at beskytte personer.",
        "Some figures are withheld (..) to protect individuals.",
    ),
    ("impact_goals", "Effektmål", "Impact goals"),
    ("dash_baseline", "Udgangspunkt", "Baseline"),
    ("dash_current", "Seneste", "Latest"),
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

// ---------------------------------------------------------------------------------------------
// The dashboard's pages of flows, life chances, evaluation, scenarios and the official lists
// (bydel-server `pages/{flows,evaluation,lists}.rs`).
// ---------------------------------------------------------------------------------------------

/// Codes of the evaluation and scenario tables in words: (code, Danish, English).
const PAGE_CODES: &[(&str, &str, &str)] = &[
    ("did", "forskel-i-forskelle", "difference-in-differences"),
    (
        "stayers",
        "de boende fulgt over tid, forskel-i-forskelle",
        "the residents followed over time, difference-in-differences",
    ),
    (
        "synthetic_control",
        "syntetisk kontrol",
        "synthetic control",
    ),
    ("social", "social", "social"),
    ("physical", "fysisk", "physical"),
    ("organisational", "organisatorisk", "organisational"),
];

/// The texts of the dashboard's pages of flows, life chances, evaluation, scenarios and lists.
const DASHBOARD_PAGES: &[(&str, &str, &str)] = &[
    ("flows_page", "Flytninger", "Flows"),
    ("life_page", "Livschancer", "Life chances"),
    ("evaluation_page", "Evaluering", "Evaluation"),
    ("scenarios_page", "Scenarier", "Scenarios"),
    ("lists_page", "Lister", "Lists"),
    (
        "lists_title",
        "Officielle lister og sammenligningskommuner",
        "Official lists and peer municipalities",
    ),
    ("outcome", "Udfald", "Outcome"),
    ("method", "Metode", "Method"),
    ("grade_points", "karakterpoint", "grade points"),
    ("indicator_col", "Indikator", "Indicator"),
    (
        "interval_note",
        "Tal i skarpe parenteser er 95 %-intervaller.",
        "Figures in square brackets are 95 % intervals.",
    ),
    (
        "flows_intro",
        "Hvem flytter ind og ud af områderne, og bliver beboere med ressourcer boende? Tallene følger personer fra år til år: året er året efter flytningen. Et område vises kun med alle sine flyttetal, når ingen af dem er under diskretionsgrænsen; ellers vises “..”.",
        "Who moves in and out of the areas, and do residents with resources stay? The figures follow persons from year to year: the year is the year after the move. An area is shown with all its flows only when none of them is below the disclosure limit; otherwise it shows “..”.",
    ),
    (
        "no_flows",
        "Denne kørsel har ikke offentliggjort tal for til- og fraflytning.",
        "This run has published no flows.",
    ),
    (
        "decomposition_intro",
        "Ændringen i et kriterium fra første til sidste år, delt i fire dele, der tilsammen giver hele ændringen: ændring blandt dem, der blev boende, selektiv fraflytning, selektiv tilflytning og demografisk udskiftning (fødsler, dødsfald og aldring ind i og ud af aldersgruppen).",
        "The change of a criterion from the first to the last year, split into four parts that add up to the whole change: change among those who stayed, selective out-migration, selective in-migration and demographic turnover (births, deaths and ageing into and out of the age band).",
    ),
    (
        "no_decomposition",
        "Denne kørsel har ikke offentliggjort en opdeling af ændringerne.",
        "This run has published no decomposition of change.",
    ),
    (
        "life_intro",
        "Børn efter det område, de voksede op i, sammenlignet med børn andre steder i kommunen: den rå forskel og forskellen til børn med samme familiebaggrund (forældrenes uddannelse og indkomst, herkomst). Den justerede forskel er ikke i sig selv en virkning af området.",
        "Children by the area they grew up in, against children elsewhere in the municipality: the raw gap and the gap to children of the same family background (parents' education and income, origin). The adjusted gap is not in itself an effect of the area.",
    ),
    (
        "no_life",
        "Denne kørsel har ikke offentliggjort tal for børns livschancer.",
        "This run has published no life chances.",
    ),
    // flow indicators' trends and the life-chance cohorts (issue 15 item 4, flowind4)
    (
        "flow_trends_intro",
        "Udviklingen i flyttetallene over de seneste år med samme metode som indikatorernes udvikling (Theil–Sen-hældning og Mann–Kendall-test, ét tal pr. år): ændringen pr. år og vurderingen. Fastholdelse, andel blandt tilflyttere og forskellen til resten af kommunen er bedre, jo højere de er; udskiftning er bedre, jo lavere den er. En udvikling vises kun, når alle årenes flyttetal kan vises.",
        "The trend of the flows over the latest years, with the same method as the indicators' trends (Theil–Sen slope and Mann–Kendall test, one value a year): the change a year and the verdict. Retention, the share among in-movers and the gap to the rest of the municipality are better higher; turnover is better lower. A trend is shown only when every year's flows can be shown.",
    ),
    (
        "cohorts_intro",
        "Forskellen efter fødselsårgang (tre fødselsår) til børn af samme årgang med samme familiebaggrund andre steder i kommunen og i resten af landet. Kun årgange, hvis tal kan vises.",
        "The gap by birth cohort (three birth years) to children of the same cohort with the same family background elsewhere in the municipality and in the rest of the country. Only cohorts whose figures can be shown.",
    ),
    (
        "cohort_trends_intro",
        "Mindskes forskellen fra årgang til årgang? Ændringen i den justerede forskel pr. fødselsår med samme metode som indikatorernes udvikling. »I bedring« betyder, at forskellen udvikler sig i områdets favør.",
        "Is the gap narrowing from cohort to cohort? The change of the adjusted gap per birth year, with the same method as the indicators' trends. »Improving« means the gap moves in the area's favour.",
    ),
    (
        "evaluation_intro",
        "Hver indsats er sammenlignet med sammenlignelige områder i hele landet, med forskel-i-forskelle og syntetisk kontrol. Skønnet er den ændring i procentpoint, som indsatsen ser ud til at have givet. »Ingen påviselig effekt« er et gyldigt svar.",
        "Each intervention is compared with comparable areas across the country, by difference-in-differences and synthetic control. The estimate is the change in percentage points the intervention appears to have made. \"No detectable effect\" is a valid answer.",
    ),
    (
        "no_evaluation",
        "Denne kørsel har ikke evalueret nogen indsatser.",
        "This run has evaluated no interventions.",
    ),
    (
        "scenarios_intro",
        "Fremskrivninger år for år af kriterierne og af sandsynligheden for hver liste, med en ændret udlejning eller fysiske ændringer ved siden af fremskrivningen uden ændringer.",
        "Year-by-year projections of the criteria and of the probability of each list, under a changed letting policy or physical change, beside the projection without changes.",
    ),
    (
        "no_scenarios",
        "Denne kørsel har ingen scenarier. Når scenarier for udlejning og fysiske ændringer er beregnet og offentliggjort, vises de her.",
        "This run has no scenarios. When scenarios of letting and physical change are computed and published, they are shown here.",
    ),
    (
        "official_intro",
        "De officielle lister pr. 1. december sammenlignet med bydels egen beregning på de offentliggjorte tal, for kommunens almene boligområder.",
        "The official 1 December lists against bydel's own calculation on the published figures, for the municipality's public housing areas.",
    ),
    (
        "no_official",
        "Denne kørsel har ikke fået de officielle lister og kan ikke sammenligne med dem.",
        "This run was given no official lists and cannot compare with them.",
    ),
    (
        "peers_values",
        "Kommunen og sammenligningskommunerne",
        "The municipality and its peers",
    ),
    ("life_children", "Børn", "Children"),
    ("life_yes", "Heraf med udfaldet", "Of whom with the outcome"),
    ("life_area", "Børn fra området", "Children from the area"),
    (
        "life_comparison",
        "Børn andre steder i kommunen",
        "Children elsewhere in the municipality",
    ),
    ("life_gap", "Rå forskel", "Raw gap"),
    (
        "life_adjusted",
        "Forskel ved samme familiebaggrund",
        "Gap at the same family background",
    ),
    ("start", "Start", "Start"),
    (
        "not_evaluated",
        "ikke vurderet: for få personer i et eller flere år, eller ingen sammenligning.",
        "not evaluated: too few persons in some year, or no comparison.",
    ),
    ("verdicts", "Vurderinger", "Verdicts"),
    ("all_areas", "Alle områder", "All areas"),
];

#[cfg(test)]
mod dashboard_tests {
    use super::*;

    #[test]
    fn dashboard_keys_are_not_report_keys_and_are_unique() {
        let mut keys: Vec<&str> = LABELS
            .iter()
            .chain(DASHBOARD)
            .chain(DASHBOARD_PAGES)
            .map(|(k, _, _)| *k)
            .collect();
        keys.sort_unstable();
        let n = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), n, "a key is defined twice");
    }

    #[test]
    fn every_code_is_worded_once() {
        let all: Vec<&str> = CODES
            .iter()
            .chain(SCENARIO_CODES)
            .chain(PAGE_CODES)
            .map(|(k, _, _)| *k)
            .collect();
        for k in &all {
            assert_eq!(
                all.iter().filter(|x| *x == k).count(),
                1,
                "{k} worded twice"
            );
        }
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
        assert_eq!(Lang::Da.t("dash_rest"), "Resten af kommunen");
    }
}

/// English words and program codes that must never appear in Danish output (checked by the
/// tests of the report, the workbook and the dashboard).
pub const NOT_DANISH: &[&str] = &[
    "eligible",
    "ineligible",
    "none",
    "true",
    "false",
    "atkinson",
    "daycare",
    "rule set",
    "criteria met",
    "share",
    "suppressed",
    "threshold",
    "warning",
    "residents",
    "district",
    "housing area",
    "layer",
    "ratio",
    "Some",
    "None",
    "on_track",
    "n/a",
];

/// The English words, program codes, raw column names (`codes`, for example every column of the
/// manifest with an underscore) and bare municipality codes (`numbers`) found as whole words in
/// `text`; empty when the text is Danish throughout.
pub fn foreign_words(text: &str, codes: &[String], numbers: &[String]) -> Vec<String> {
    let words = tokens(text);
    let words: Vec<&str> = words.iter().map(String::as_str).collect();
    let mut found: Vec<String> = Vec::new();
    let mut note = |w: &str| {
        if !found.iter().any(|f| f == w) {
            found.push(w.to_owned());
        }
    };
    for needle in NOT_DANISH {
        let parts: Vec<&str> = needle.split(' ').collect();
        let hit = words.windows(parts.len()).any(|win| {
            win.iter().zip(&parts).all(|(w, p)| {
                // a lowercase entry also catches the capitalised word (True, Eligible)
                *w == *p || (p.chars().all(|c| !c.is_uppercase()) && w.to_lowercase() == *p)
            })
        });
        if hit {
            note(needle);
        }
    }
    for w in &words {
        if codes.iter().any(|c| c == w) || numbers.iter().any(|n| n == w) {
            note(w);
        }
    }
    found
}

/// The words of a text; a number keeps its separators (`421.101` is one token, not `101`).
fn tokens(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let inside_number = matches!(c, '.' | ',')
            && i > 0
            && chars[i - 1].is_ascii_digit()
            && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_alphanumeric() || c == '_' || c == '/' || inside_number {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_15_flow_warnings_name_their_indicator_and_atoms_in_danish() {
        let da = Lang::Da;
        assert_eq!(
            da.cell("indicator", "retention_work_edu"),
            da.column("retention_work_edu")
        );
        for (column, code) in [
            ("indicator", "retention_income_q5"),
            ("numerator_measure", "flow_stayers_income_q5"),
            ("denominator_measure", "flow_out_income_q5"),
            ("reference_numerator_measure", "flow_rest_stayers_income_q5"),
            ("reference_denominator_measure", "flow_rest_out_income_q5"),
        ] {
            let shown = da.cell(column, code);
            assert_ne!(shown, code, "{column}");
            assert!(!shown.contains('_'), "{shown}");
        }
        // a catalogue measure keeps its own name
        assert_eq!(
            da.cell("numerator_measure", "residents"),
            da.measure("residents")
        );
    }

    #[test]
    fn flow_and_life_chance_columns_have_danish_labels() {
        for name in [
            "flow_stayers_after_work_edu",
            "flow_in_other_municipality_all",
            "share_out_income_q5",
            "A_out_migration_lo",
            "life_convicted_by_21_yes",
            "exam_average_9th_grade_adjusted_hi",
            "persons_margin",
            "flow_rest_in_born_all",
            "retention_rest_work_edu",
            "retention_gap_income_q5",
            "share_out_rest_edu_higher",
            "youth_education_by_25_adjusted_country_lo",
            "exam_average_9th_grade_country",
        ] {
            let label = Lang::Da.column(name);
            assert!(!label.contains('_'), "{name} → {label}");
            assert!(
                foreign_words(&label, &[], &[]).is_empty(),
                "{name} → {label}"
            );
        }
        assert_eq!(
            Lang::Da.column("share_in_work_edu"),
            "Andel blandt tilflyttere: i arbejde eller uddannelse"
        );
        // issue 15: in_abroad is "not in the data the year before and not born"
        assert_eq!(
            Lang::Da.column("flow_in_abroad_all"),
            "Tilflyttere: udlandet eller uden for data"
        );
        assert_eq!(
            Lang::Da.column("flow_out_abroad_all"),
            "Fraflyttere: udlandet eller uden for data"
        );
        // a preset by its name, never its code («Diskretioneringsregler (danmarks-statistik)»)
        assert_eq!(Lang::Da.value("danmarks-statistik"), "Danmarks Statistik");
        assert_eq!(
            Lang::Da.value("dest_abroad"),
            "udlandet eller uden for data"
        );
        assert_eq!(
            Lang::Da.column("retention_rest_work_edu"),
            "Fastholdelse i resten af kommunen: i arbejde eller uddannelse"
        );
    }

    #[test]
    fn finds_english_words_codes_and_bare_municipality_codes() {
        let codes = vec!["expected_random".to_owned()];
        let numbers = vec!["159".to_owned()];
        assert!(
            foreign_words("Værebro Park er omfattet; 1 dømt mere.", &codes, &numbers).is_empty()
        );
        assert_eq!(
            foreign_words(
                "Eligible: true; rule set 2021; expected_random i 159",
                &codes,
                &numbers
            ),
            ["eligible", "true", "rule set", "expected_random", "159"]
        );
        assert!(foreign_words("Kommune 1590 og 159-vaerebro", &codes, &numbers).len() == 1);
        assert!(foreign_words("421.101 kr. og 3,159", &codes, &numbers).is_empty());
    }
}
