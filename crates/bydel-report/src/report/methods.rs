//! Methods and data sources: the disclosure-control policy, the published tables with their
//! suppressed cells, the interval method, the law, and tables this report does not know (shown
//! as plain tables so nothing published is hidden).

use std::fmt::Write as _;

use super::Section;
use super::context::Ctx;
use super::table::{self, HCell};
use crate::format::esc;
use crate::i18n::{Labels, Lang};

/// Tables the report has sections for.
const KNOWN: &[&str] = &[
    "criteria",
    "warnings",
    "composition",
    "goals",
    "area_figures",
    "classification",
    "segregation",
    "index_mss",
    "comparisons",
];

/// Published tables without a section of their own.
pub fn others(ctx: &Ctx) -> Section {
    let lang = ctx.lang;
    let title = if lang == Lang::Da {
        "Øvrige offentliggjorte tabeller"
    } else {
        "Other published tables"
    }
    .to_owned();
    let mut body = String::new();
    let others: Vec<_> = ctx
        .p
        .tables
        .values()
        .filter(|t| {
            !KNOWN.contains(&t.name.as_str())
                && !t.name.starts_with("school")
                && !t.name.starts_with("daycare")
        })
        .collect();
    if !others.is_empty() {
        let intro = if lang == Lang::Da {
            "Disse tabeller er offentliggjort som CSV-filer og i regnearket (book.xlsx):"
        } else {
            "These tables are published as CSV files and in the workbook (book.xlsx):"
        };
        let _ = write!(body, "<p>{intro}</p><ul>");
        for t in others {
            let title = ctx
                .p
                .manifest
                .as_ref()
                .and_then(|m| m.table(&t.name))
                .map(|m| {
                    if lang == Lang::Da {
                        m.title_da.clone()
                    } else {
                        m.title_en.clone()
                    }
                })
                .unwrap_or_else(|| t.name.clone());
            let _ = write!(
                body,
                "<li>{} <code>{}</code></li>",
                esc(&title),
                esc(&t.file)
            );
        }
        body.push_str("</ul>");
    }
    Section {
        id: "other",
        title,
        body,
    }
}

/// The methods section.
pub fn section(ctx: &Ctx) -> Section {
    let lang = ctx.lang;
    let mut body = policy(ctx);
    body.push_str(&tables(ctx));
    body.push_str(if lang == Lang::Da {
        METHODS_DA
    } else {
        METHODS_EN
    });
    if !ctx.p.ignored.is_empty() {
        let _ = write!(
            body,
            "<p class=\"note\">{}: {}</p>",
            lang.t("ignored"),
            esc(&ctx.p.ignored.join(", "))
        );
    }
    Section {
        id: "methods",
        title: lang.t("methods").into(),
        body,
    }
}

fn policy(ctx: &Ctx) -> String {
    let lang = ctx.lang;
    let Some(p) = &ctx.p.policy else {
        return String::new();
    };
    let rows = vec![
        vec![
            HCell::Text(lang.t("min_count").into()),
            HCell::Num(p.min_count.to_string()),
        ],
        vec![
            HCell::Text(lang.t("min_area").into()),
            HCell::Num(p.min_area_population.to_string()),
        ],
        vec![
            HCell::Text(lang.t("p_percent").into()),
            HCell::Num(format!("{} %", p.p_percent)),
        ],
    ];
    let headers = vec![
        format!("{} ({})", lang.t("policy"), lang.value(&p.name)),
        lang.t("value").into(),
    ];
    format!(
        "<h3>{}</h3><p>{}</p>{}",
        lang.t("policy"),
        lang.t("suppression_note"),
        table::html(lang, &headers, &rows)
    )
}

fn tables(ctx: &Ctx) -> String {
    let lang = ctx.lang;
    let headers = vec![lang.t("table").into(), "CSV".into()];
    let mut rows: Vec<Vec<HCell>> = ctx
        .p
        .tables
        .values()
        .map(|t| {
            vec![
                HCell::Text(title_of(ctx, &t.name)),
                HCell::Text(t.file.clone()),
            ]
        })
        .collect();
    for missing in KNOWN.iter().filter(|k| !ctx.p.tables.contains_key(**k)) {
        let not = if lang == Lang::Da {
            "ikke offentliggjort"
        } else {
            "not published"
        };
        rows.push(vec![
            HCell::Text((*missing).into()),
            HCell::Text(not.into()),
        ]);
    }
    format!(
        "<h3>{}</h3>{}",
        lang.t("tables"),
        table::html(lang, &headers, &rows)
    )
}

/// A published table's title in the report's language (from the manifest), else its name.
fn title_of(ctx: &Ctx, name: &str) -> String {
    ctx.p
        .manifest
        .as_ref()
        .and_then(|m| m.table(name))
        .map(|m| {
            if ctx.lang == Lang::Da {
                m.title_da.clone()
            } else {
                m.title_en.clone()
            }
        })
        .unwrap_or_else(|| name.to_owned())
}

const METHODS_DA: &str = "<h3>Metode</h3><ul>\
<li>Alle tal kommer fra tabeller, der er frigivet gennem diskretioneringslaget (primær og sekundær diskretionering); rapporten læser intet andet, og hvert tal i rapporten er knyttet til sin celle i tabellerne.</li>\
<li>Beboere opgøres pr. 1. januar; årlige mål (indkomst, tilknytning, domme) beskriver det foregående kalenderår.</li>\
<li>Usikkerhed: sikkerhedsinterval efter Wilson for hver andel; forholdet til resten af kommunen med sit eget sikkerhedsinterval.</li>\
<li>Resten af kommunen: kommunen uden området selv.</li>\
<li>Kriterierne A-E og kategorierne følger almenboligloven (udsatte boligområder, parallelsamfund, omdannelses- og forebyggelsesområder) for det pågældende listeår. Kun almene boligafdelinger kan komme på listerne.</li>\
<li>Kort: områdernes polygoner i UTM-projektion; farveklasser efter afrundede kvantiler (ColorBrewer YlGnBu); skraveret = diskretioneret.</li>\
</ul><h3>Kilder</h3><ul><li>Registerdata via Danmarks Statistik.</li><li>Almenboligloven; Social- og Boligministeriets lister pr. 1. december.</li><li>Kommunens egne effektmål (kørslens målfil).</li></ul>\n";

const METHODS_EN: &str = "<h3>Methods</h3><ul>\
<li>Every number comes from tables released through the disclosure-control layer (primary and secondary suppression); the report reads nothing else, and every number in it is linked to its cell in the tables.</li>\
<li>Residents are counted on 1 January; annual measures (income, attachment, convictions) describe the preceding calendar year.</li>\
<li>Uncertainty: Wilson interval for every share; the ratio to the rest of the municipality with its own interval.</li>\
<li>Rest of the municipality: the municipality without the area itself.</li>\
<li>Criteria A-E and the categories follow the Social Housing Act (vulnerable housing areas, parallel societies, transformation and prevention areas) for each list year. Only public housing estates can be listed.</li>\
<li>Maps: area polygons in UTM projection; colour classes at rounded quantiles (ColorBrewer YlGnBu); hatched = suppressed.</li>\
</ul><h3>Sources</h3><ul><li>Register data via Statistics Denmark.</li><li>Social Housing Act (lov om almene boliger); the ministry's lists of 1 December.</li><li>The municipality's own impact goals (the run's goals file).</li></ul>\n";
