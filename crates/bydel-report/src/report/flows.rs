//! Flows, why the criteria changed, where out-movers go and life chances: the published tables
//! `flows*`, `flow_trends`, `flow_decomposition`, `flow_destinations`, `life_chances`,
//! `life_chances_cohorts` and `life_chances_cohort_trends` (docs/flows.md), in sentences whose every number is a `<data>` element naming its cell. The
//! interventions' evaluation and the scenarios are in `evaluation.rs`.

use std::fmt::Write as _;

use super::Section;
use super::context::Ctx;
use super::table::{self, HCell};
use crate::format::{self, esc};
use crate::i18n::{Labels, Lang};
use crate::published::{Cell, Table};

/// A number of a published cell as shown by `show`, inside a `<data>` element; `..` when
/// suppressed, `–` when empty.
fn data(t: &Table, row: &[Cell], col: &str, show: impl Fn(f64) -> String) -> String {
    match t.get(row, col) {
        Some(Cell::Number(x)) => format!(
            "<data value=\"{x}\" data-ref=\"{}\">{}</data>",
            esc(&table::reference(t, row, col)),
            esc(&show(*x))
        ),
        Some(Cell::Suppressed) => "..".into(),
        _ => "–".into(),
    }
}

/// A number cell of an HTML table, marked up with its source.
fn hcell(lang: Lang, t: &Table, row: &[Cell], col: &str, show: impl Fn(f64) -> String) -> HCell {
    match t.get(row, col) {
        Some(Cell::Number(x)) => HCell::Data {
            shown: show(*x),
            value: *x,
            reference: table::reference(t, row, col),
        },
        Some(c) => table::cell(lang, c, crate::published::Role::Derived),
        None => HCell::Empty,
    }
}

/// The size of a share difference in percentage points, without its sign (the sign is said in
/// words).
fn points(lang: Lang, x: f64) -> String {
    format::dec(lang, x.abs() * 100.0, 1)
}

/// How a difference is said, in one place for every sentence of the section: shares in
/// procentpoint (`size` without sign, `bound` signed, one decimal), incomes in whole kroner,
/// exam averages in grade points (two decimals).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Diff {
    Points,
    Kroner,
    Grades,
}

impl Diff {
    /// The size of a difference without its sign (the sign is said in words).
    fn size(self, lang: Lang, x: f64) -> String {
        match self {
            Diff::Points => points(lang, x),
            Diff::Kroner => format::int(lang, x.abs()),
            Diff::Grades => format::dec(lang, x.abs(), 2),
        }
    }
    /// A bound of an interval, signed.
    fn bound(self, lang: Lang, x: f64) -> String {
        match self {
            Diff::Points => format::pp(lang, x),
            Diff::Kroner => {
                let s = format::int(lang, x.abs());
                if x < 0.0 { format!("−{s}") } else { s }
            }
            Diff::Grades => format::dec(lang, x, 2),
        }
    }
    /// The unit's word.
    fn unit(self, lang: Lang) -> &'static str {
        match (self, lang == Lang::Da) {
            (Diff::Points, true) => "procentpoint",
            (Diff::Points, false) => "percentage points",
            (Diff::Kroner, true) => "kr.",
            (Diff::Kroner, false) => "DKK",
            (Diff::Grades, true) => "karakterpoint",
            (Diff::Grades, false) => "grade points",
        }
    }
}

/// The flows section.
pub fn section(ctx: &Ctx) -> Section {
    let lang = ctx.lang;
    let da = lang == Lang::Da;
    let title = if da {
        "Flytninger, forklaring af ændringer og livschancer"
    } else {
        "Flows, why the criteria changed, and life chances"
    }
    .to_string();
    let mut body = String::new();
    let Some(flows) = ctx.p.table("flows") else {
        return Section {
            id: "flows",
            title,
            body: String::new(),
        };
    };
    body.push_str(if da {
        "<p>Hvem flytter ind og ud, og bliver beboere med ressourcer boende? Tallene følger \
         personer fra år til år. Et område vises kun med alle sine flyttetal, når ingen af dem \
         (og ingen rest, der kan regnes ud af dem) er under diskretionsgrænsen; ellers vises \
         området med <code>..</code>.</p>"
    } else {
        "<p>Who moves in and out, and do residents with resources stay? The figures follow \
         persons from year to year. An area is shown with all its flows only when none of them \
         (and no remainder computable from them) is below the disclosure limit; otherwise it is \
         shown as <code>..</code>.</p>"
    });
    body.push_str(&flow_table(ctx, flows));
    if let (Some(work), Some(rest)) = (ctx.p.table("flows_work"), ctx.p.table("flows_rest")) {
        body.push_str(&against_rest(ctx, work, rest));
    }
    if let Some(t) = ctx.p.table("flow_trends") {
        body.push_str(&flow_trends(ctx, t));
    }
    if let Some(t) = ctx.p.table("flow_destinations") {
        body.push_str(&destinations(ctx, t));
    }
    if let Some(t) = ctx.p.table("flow_decomposition") {
        body.push_str(&decomposition(ctx, t));
    }
    if let Some(t) = ctx.p.table("life_chances") {
        body.push_str(&life(ctx, t));
    }
    if let Some(t) = ctx.p.table("life_chances_cohorts") {
        body.push_str(&cohorts(ctx, t));
    }
    if let Some(t) = ctx.p.table("life_chances_cohort_trends") {
        body.push_str(&cohort_trends(ctx, t));
    }
    Section {
        id: "flows",
        title,
        body,
    }
}

/// The latest year's flows per area.
fn flow_table(ctx: &Ctx, t: &Table) -> String {
    let lang = ctx.lang;
    let da = lang == Lang::Da;
    let latest = t.distinct("year").last().cloned().unwrap_or_default();
    let headers: Vec<String> = if da {
        [
            "Område",
            "Blev boende",
            "Tilflyttere",
            "Fraflyttere",
            "Netto",
            "Udskiftning",
            "Fastholdelse, i arbejde el. uddannelse",
            "… i resten af kommunen",
            "Andel i arbejde el. uddannelse blandt tilflyttere",
            "… blandt tilflyttere til resten af kommunen",
            "… blandt fraflyttere",
        ]
        .map(String::from)
        .to_vec()
    } else {
        [
            "Area",
            "Stayed",
            "In-movers",
            "Out-movers",
            "Net",
            "Turnover",
            "Retention, in work or education",
            "… in the rest of the municipality",
            "Share in work or education among in-movers",
            "… among in-movers to the rest of the municipality",
            "… among out-movers",
        ]
        .map(String::from)
        .to_vec()
    };
    let int = |x: f64| format::int(lang, x);
    let pct = |x: f64| format::pct(lang, x);
    // the same area and year in the table of 18–64-year-olds by work and education, and in
    // the rest of the municipality's
    let from = |name: &str, r: &[Cell], col: &str| match same_row(ctx.p.table(name), t, r) {
        Some((w, x)) => hcell(lang, w, x, col, pct),
        None => HCell::Empty,
    };
    let from_work = |r: &[Cell], col: &str| from("flows_work", r, col);
    let from_rest = |r: &[Cell], col: &str| from("flows_rest", r, col);
    let rows: Vec<Vec<HCell>> = t
        .rows
        .iter()
        .filter(|r| t.text(r, "year") == latest)
        .map(|r| {
            let name = ctx.p.area_name(&t.text(r, "kind"), &t.text(r, "area_id"));
            let net = |x: f64| {
                let s = format::int(lang, x.abs());
                if x < 0.0 { format!("−{s}") } else { s }
            };
            vec![
                HCell::Text(name),
                hcell(lang, t, r, "flow_stayers_all", int),
                hcell(lang, t, r, "in_movers", int),
                hcell(lang, t, r, "out_movers", int),
                hcell(lang, t, r, "net_movers", net),
                hcell(lang, t, r, "turnover", pct),
                from_work(r, "retention_work_edu"),
                from_rest(r, "retention_rest_work_edu"),
                from_work(r, "share_in_work_edu"),
                from_rest(r, "share_in_rest_work_edu"),
                from_work(r, "share_out_work_edu"),
            ]
        })
        .collect();
    let caption = if da {
        format!(
            "<h3>Til- og fraflytning {latest}</h3><p>Udskiftning: til- og fraflyttere i forhold til \
             beboerne året før. Fastholdelse: andelen af de 18-64-årige i arbejde eller uddannelse, \
             der stadig bor i området et år efter (dødsfald tæller som fraflytning). Resten af \
             kommunen er kommunen uden området, fulgt på samme måde.</p>"
        )
    } else {
        format!(
            "<h3>Flows {latest}</h3><p>Turnover: in- and out-movers relative to the residents the \
             year before. Retention: the share of 18–64-year-olds in work or education still \
             living in the area a year later (deaths count as leaving). The rest of the \
             municipality is the municipality without the area, followed the same way.</p>"
        )
    };
    format!("{caption}{}", table::html(lang, &headers, &rows))
}

/// The row of `other` with the same area and year as row `r` of `t`.
fn same_row<'a>(
    other: Option<&'a Table>,
    t: &Table,
    r: &[Cell],
) -> Option<(&'a Table, &'a [Cell])> {
    let o = other?;
    o.rows
        .iter()
        .find(|x| {
            ["kind", "area_id", "year"]
                .iter()
                .all(|k| o.text(x, k) == t.text(r, k))
        })
        .map(|x| (o, x.as_slice()))
}

/// Retention and attraction of residents in work or education in the focus areas (every area
/// of the flow tables when the run has none) against the rest of the municipality, in the
/// latest year both are shown: one Danish sentence per area.
fn against_rest(ctx: &Ctx, work: &Table, rest: &Table) -> String {
    let lang = ctx.lang;
    let da = lang == Lang::Da;
    let mut items = Vec::new();
    for (kind, id) in &areas_of_table(ctx, rest) {
        // the latest year whose area and rest rows are both shown
        let latest = rest
            .area_rows(kind, id)
            .filter(|r| rest.number(r, "retention_gap_work_edu").is_some())
            .filter_map(|r| same_row(Some(work), rest, r).map(|(_, w)| (r, w)))
            .filter(|(_, w)| work.number(w, "retention_work_edu").is_some())
            .max_by_key(|(r, _)| rest.text(r, "year"));
        let Some((r, w)) = latest else { continue };
        items.push(rest_sentence(ctx, (work, w), (rest, r)));
    }
    if items.is_empty() {
        return String::new();
    }
    let head = if da {
        "<h3>Fastholdelse og tiltrækning mod resten af kommunen</h3><p>Resten af kommunen er \
         kommunen uden området. En beboer, der flytter fra resten af kommunen ind i området, \
         forlader resten af kommunen, ligesom en beboer, der flytter fra området til resten af \
         kommunen, forlader området. Tal for det seneste år, hvor begge kan vises.</p>"
    } else {
        "<h3>Retention and attraction against the rest of the municipality</h3><p>The rest of \
         the municipality is the municipality without the area. A resident who moves from the \
         rest of the municipality into the area leaves the rest, as one who moves from the area \
         to the rest leaves the area. Figures for the latest year in which both can be \
         shown.</p>"
    };
    format!("{head}<ul>{}</ul>", items.concat())
}

/// "Område X beholdt 78 % … mod 84 % i resten af kommunen (6,0 procentpoint lavere) …"
fn rest_sentence(ctx: &Ctx, (work, w): (&Table, &[Cell]), (rest, r): (&Table, &[Cell])) -> String {
    let lang = ctx.lang;
    let da = lang == Lang::Da;
    let pct = |x: f64| format::pct(lang, x);
    let name = ctx
        .p
        .area_name(&rest.text(r, "kind"), &rest.text(r, "area_id"));
    let year: i32 = rest.text(r, "year").parse().unwrap_or_default();
    let gap = rest.number(r, "retention_gap_work_edu").unwrap_or_default();
    let direction = match ((gap * 1000.0).round() as i64).signum() {
        -1 if da => "lavere",
        1 if da => "højere",
        -1 => "lower",
        1 => "higher",
        _ if da => "samme niveau",
        _ => "the same level",
    };
    let gap_text = if (gap * 1000.0).round() == 0.0 {
        direction.to_string()
    } else if da {
        format!(
            "{} procentpoint {direction}",
            data(rest, r, "retention_gap_work_edu", |x| points(lang, x))
        )
    } else {
        format!(
            "{} percentage points {direction}",
            data(rest, r, "retention_gap_work_edu", |x| points(lang, x))
        )
    };
    let (sin, rin) = (
        data(work, w, "share_in_work_edu", pct),
        data(rest, r, "share_in_rest_work_edu", pct),
    );
    let (sout, rout) = (
        data(work, w, "share_out_work_edu", pct),
        data(rest, r, "share_out_rest_work_edu", pct),
    );
    let (ret, rret) = (
        data(work, w, "retention_work_edu", pct),
        data(rest, r, "retention_rest_work_edu", pct),
    );
    if da {
        format!(
            "<li>Fra {} til {year} beholdt {} {ret} af de 18-64-årige beboere i arbejde eller \
             uddannelse mod {rret} i resten af kommunen ({gap_text}). Af alle tilflyttere (i alle \
             aldre, nyfødte ikke medregnet) var {sin} 18-64-årige i arbejde eller uddannelse mod \
             {rin} af tilflytterne til resten af kommunen; af alle fraflyttere (døde ikke \
             medregnet) {sout} mod {rout}.</li>",
            year - 1,
            esc(&name),
        )
    } else {
        format!(
            "<li>From {} to {year}, {} kept {ret} of its 18–64-year-old residents in work or \
             education against {rret} in the rest of the municipality ({gap_text}). Of all \
             in-movers (of every age, newborns left out) {sin} were 18–64 and in work or \
             education against {rin} of those moving into the rest of the municipality; of all \
             out-movers (deaths left out) {sout} against {rout}.</li>",
            year - 1,
            esc(&name),
        )
    }
}

/// Where each area's out-movers went over the period: the main destinations in words.
fn destinations(ctx: &Ctx, t: &Table) -> String {
    let lang = ctx.lang;
    let da = lang == Lang::Da;
    let mut areas: Vec<(String, String, String)> = Vec::new();
    for r in &t.rows {
        let k = (t.text(r, "kind"), t.text(r, "area_id"), t.text(r, "year"));
        if !areas.contains(&k) {
            areas.push(k);
        }
    }
    let mut items = Vec::new();
    for (kind, id, year) in &areas {
        let rows: Vec<&Vec<Cell>> = t.area_rows(kind, id).collect();
        let Some(first) = rows.first() else { continue };
        let from = t
            .number(first, "from_year")
            .map_or_else(String::new, |y| format!("{y:.0}"));
        let pieces: Vec<String> = rows
            .iter()
            .map(|r| {
                let code = t.text(r, "destination_kind");
                let name = match code.as_str() {
                    // an area's name, or a municipality's official name («Københavns Kommune»)
                    "dest_area" | "dest_municipality" => t.text(r, "destination_name"),
                    _ => lang.value(&code),
                };
                let persons = t.number(r, "flow_destination_persons");
                let unit = match (persons == Some(1.0), da) {
                    (true, true) => "person",
                    (false, true) => "personer",
                    (true, false) => "person",
                    (false, false) => "persons",
                };
                match persons {
                    Some(_) => format!(
                        "{} ({} {unit})",
                        esc(&name),
                        data(t, r, "flow_destination_persons", |x| format::int(lang, x)),
                    ),
                    // withheld (a step's out-movers are): the destination without its count
                    None if da => format!("{} (antallet er diskretioneret)", esc(&name)),
                    None => format!("{} (the number is withheld)", esc(&name)),
                }
            })
            .collect();
        let name = ctx.p.area_name(kind, id);
        items.push(if da {
            format!(
                "<li>Fra {} flyttede man mellem {from} og {year} til: {}.</li>",
                esc(&name),
                pieces.join("; ")
            )
        } else {
            format!(
                "<li>From {}, people moved between {from} and {year} to: {}.</li>",
                esc(&name),
                pieces.join("; ")
            )
        });
    }
    if items.is_empty() {
        return String::new();
    }
    let head = if da {
        "<h3>Hvor flytter fraflytterne hen?</h3><p>De vigtigste destinationer for dem, der \
         flyttede fra området (dødsfald ikke medregnet), med antal personer i perioden. Kun \
         destinationer med mindst diskretionsgrænsens antal personer vises, og resten vises \
         samlet, så intet lille tal kan regnes ud ved at trække fra.</p>"
    } else {
        "<h3>Where do the out-movers go?</h3><p>The main destinations of those who moved out \
         (deaths left out), with the number of persons over the period. Only destinations with at least \
         the disclosure limit are shown, and the rest is pooled, so that no small count can be \
         found by subtraction.</p>"
    };
    format!("{head}<ul>{}</ul>", items.concat())
}

/// What the report needs to know of a catalogue indicator: its criterion letter and whether it
/// is a share (else a mean in DKK).
fn catalogue_facts(id: &str) -> (Option<String>, bool) {
    static FACTS: std::sync::OnceLock<Vec<(String, Option<String>, bool)>> =
        std::sync::OnceLock::new();
    let facts = FACTS.get_or_init(|| {
        bydel_analysis::catalogue::Catalogue::builtin()
            .map(|c| {
                c.indicators()
                    .map(|i| {
                        let share = i.kind == bydel_analysis::indicator::IndicatorKind::Share;
                        (i.id.clone(), i.criterion.clone(), share)
                    })
                    .collect()
            })
            .unwrap_or_default()
    });
    facts
        .iter()
        .find(|(k, _, _)| k == id)
        .map_or((None, true), |(_, c, s)| (c.clone(), *s))
}

/// The indicator of a decomposition row in words: "andelen »uden tilknytning …« (kriterium A)".
fn decomposed(lang: Lang, id: &str) -> String {
    let (criterion, share) = catalogue_facts(id);
    let name = lower_first(&lang.indicator(id));
    let da = lang == Lang::Da;
    let head = match (share, da) {
        (true, true) => format!("andelen »{name}«"),
        (true, false) => format!("the share \"{name}\""),
        (false, _) => name,
    };
    match (criterion, da) {
        (Some(c), true) => format!("{head} (kriterium {c})"),
        (Some(c), false) => format!("{head} (criterion {c})"),
        (None, _) => head,
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_lowercase().chain(c).collect())
}

/// The parts of a decomposition: (column, Danish, English).
const PARTS: [(&str, &str, &str); 4] = [
    (
        "in_situ",
        "ændring blandt dem, der blev boende",
        "change among those who stayed",
    ),
    (
        "out_migration",
        "selektiv fraflytning",
        "selective out-migration",
    ),
    (
        "in_migration",
        "selektiv tilflytning",
        "selective in-migration",
    ),
    (
        "demography",
        "demografi (fødsler, dødsfald og aldring)",
        "demography (births, deaths and ageing)",
    ),
];

/// "Why did A change in X?" — one sentence per area and decomposed indicator, criteria first.
fn decomposition(ctx: &Ctx, t: &Table) -> String {
    let lang = ctx.lang;
    let da = lang == Lang::Da;
    let mut s = String::from(if da {
        "<h3>Hvorfor ændrede kriterierne sig?</h3><p>Ændringen fra første til sidste år er delt i \
         fire dele, der tilsammen giver hele ændringen: ændring blandt dem, der blev boende; \
         selektiv fraflytning (fraflyttere, der adskilte sig fra dem, der blev); selektiv \
         tilflytning (tilflyttere, der adskilte sig fra beboerne); og demografi (fødsler, dødsfald \
         og aldring ind i og ud af aldersgruppen). Hver del er gennemsnittet over alle \
         rækkefølger, delene regnes ud (Shapley-værdien), år for år og lagt sammen. Intervallerne \
         er fra bootstrap over personer.</p>"
    } else {
        "<h3>Why did the criteria change?</h3><p>The change from the first to the last year is \
         split into four parts that add up to the whole change: change among those who stayed; \
         selective out-migration; selective in-migration; and demography (births, deaths and \
         ageing). Each part is its Shapley value, year by year, summed. The intervals are \
         bootstrap intervals over persons.</p>"
    });
    let mut rows: Vec<&Vec<Cell>> = t.rows.iter().collect();
    // criteria first (A–E), then the other indicators; areas in the table's order
    rows.sort_by_key(|r| catalogue_facts(&t.text(r, "indicator")).0.is_none());
    let mut items = Vec::new();
    for r in rows {
        if let Some(item) = decomposition_item(ctx, t, r) {
            items.push(item);
        }
    }
    if items.is_empty() {
        return String::new();
    }
    let _ = write!(s, "<ul>{}</ul>", items.concat());
    s
}

/// One decomposition in words (`None` when its change is not published).
fn decomposition_item(ctx: &Ctx, t: &Table, r: &[Cell]) -> Option<String> {
    let lang = ctx.lang;
    let da = lang == Lang::Da;
    let id = t.text(r, "indicator");
    let (_, share) = catalogue_facts(&id);
    let total = t.number(r, "change")?;
    let name = ctx.p.area_name(&t.text(r, "kind"), &t.text(r, "area_id"));
    let to = t.text(r, "year");
    let from = t
        .number(r, "from_year")
        .map_or_else(String::new, |y| format!("{y:.0}"));
    let diff = if share { Diff::Points } else { Diff::Kroner };
    let size = |x: f64| diff.size(lang, x);
    let bound = |x: f64| diff.bound(lang, x);
    let level = |x: f64| {
        if share {
            format::pct(lang, x)
        } else if da {
            format!("{} kr.", format::int(lang, x))
        } else {
            format!("DKK {}", format::int(lang, x))
        }
    };
    let unit = diff.unit(lang);
    // what the published precision shows as 0 (0.1 percentage point; 1 DKK)
    let rounds_to_zero = |x: f64| {
        if share {
            (x * 1000.0).round() == 0.0
        } else {
            x.round() == 0.0
        }
    };
    let verb = match (total < 0.0, da) {
        (true, true) => "faldt",
        (false, true) => "steg",
        (true, false) => "fell",
        (false, false) => "rose",
    };
    let mut pieces = Vec::new();
    let mut main: Option<(f64, &str)> = None;
    for (col, pda, pen) in PARTS {
        let Some(x) = t.number(r, col) else { continue };
        let label = if da { pda } else { pen };
        // a part that rounds to nothing has no direction ("0,0 procentpoint", not "… op")
        let dir = match (rounds_to_zero(x), x < 0.0, da) {
            (true, _, _) => "",
            (false, true, true) => " ned",
            (false, false, true) => " op",
            (false, true, false) => " down",
            (false, false, false) => " up",
        };
        let lo = data(t, r, &format!("{col}_lo"), bound);
        let hi = data(t, r, &format!("{col}_hi"), bound);
        pieces.push(format!(
            "{label} {} {unit}{dir} [{lo}; {hi}]",
            data(t, r, col, size)
        ));
        if x != 0.0 && x.signum() == total.signum() && main.is_none_or(|(m, _)| x.abs() > m) {
            main = Some((x.abs(), label));
        }
    }
    let main = match (main, da) {
        (Some((_, label)), true) => format!(" Den største del af ændringen skyldes {label}."),
        (Some((_, label)), false) => format!(" The largest part of the change is {label}."),
        (None, _) => String::new(),
    };
    let year_word = if da { "i" } else { "in" };
    // "67.789 kr." ends the sentence with its own point
    let stop = if unit.ends_with('.') { "" } else { "." };
    let splits = if da {
        "Ændringen fordeler sig på"
    } else {
        "The change splits into"
    };
    let in_area = if da { "I" } else { "In" };
    let what = esc(&decomposed(lang, &id));
    // levels that read the same once rounded ("fra 0,8 % til 0,8 %") are said once, so the
    // change beside them does not look like an error
    let rounded = |c: &str| t.number(r, c).map(level);
    if rounded("level_from").is_some() && rounded("level_from") == rounded("level_to") {
        // a change that rounds to nothing has no direction, as a part has none
        let dir = match (rounds_to_zero(total), total < 0.0, da) {
            (true, _, _) => "",
            (false, true, true) => " ned",
            (false, false, true) => " op",
            (false, true, false) => " down",
            (false, false, false) => " up",
        };
        return Some(if da {
            format!(
                "<li>{in_area} {} lå {what} på {} i både {from} og {to} (afrundet), en \
                 ændring på {} {unit}{dir}. {splits}: {}.{main}</li>",
                esc(&name),
                data(t, r, "level_from", level),
                data(t, r, "change", size),
                pieces.join("; "),
            )
        } else {
            format!(
                "<li>{in_area} {} {what} was {} in both {from} and {to} (rounded), a change of \
                 {} {unit}{dir}. {splits}: {}.{main}</li>",
                esc(&name),
                data(t, r, "level_from", level),
                data(t, r, "change", size),
                pieces.join("; "),
            )
        });
    }
    Some(format!(
        "<li>{in_area} {} {verb} {what} {} {} {year_word} {from} {} {} {year_word} {to}, {} {} {unit}{stop} {splits}: \
         {}.{main}</li>",
        esc(&name),
        if da { "fra" } else { "from" },
        data(t, r, "level_from", level),
        if da { "til" } else { "to" },
        data(t, r, "level_to", level),
        if da { "altså" } else { "that is" },
        data(t, r, "change", size),
        pieces.join("; "),
    ))
}

/// The life-chance gaps, raw and adjusted for family background.
fn life(ctx: &Ctx, t: &Table) -> String {
    let lang = ctx.lang;
    let da = lang == Lang::Da;
    let mut s = String::from(if da {
        "<h3>Livschancer</h3><p>Børn efter det område, de boede i som 10-14-årige, sammenlignet \
         med børn andre steder i kommunen og i resten af landet: den rå forskel, og forskellen \
         til børn med samme familiebaggrund (forældrenes uddannelse og indkomst, herkomst, én \
         eller to forældre), med intervaller fra bootstrap over familier. Den justerede \
         forskel er ikke en årsagseffekt af området. Sprogvurderinger foretages, når børnene er 3 \
         år, altså før den alder, hvor det afgøres, hvor de voksede op; de vises derfor som \
         indikator for området og ikke som udfald her.</p><ul>"
    } else {
        "<h3>Life chances</h3><p>Children by the area they lived in at the reference ages, against \
         children elsewhere in the municipality and in the rest of the country: the raw gap, and \
         the gap to children of the same family background, with bootstrap intervals over \
         families. The adjusted gap is not a causal effect of the area. Language assessments are \
         made at 3, before the reference ages; they are an indicator of the area, not an outcome \
         here.</p><ul>"
    });
    let mut any = false;
    for r in &t.rows {
        let name = ctx.p.area_name(&t.text(r, "kind"), &t.text(r, "area_id"));
        for &Outcome {
            id: o,
            da: oda,
            en: oen,
            share,
            ..
        } in &OUTCOMES
        {
            let col = format!("{o}_adjusted");
            let Some(adj) = t.number(r, &col) else {
                continue;
            };
            any = true;
            let diff = if share { Diff::Points } else { Diff::Grades };
            let show = |x: f64| diff.size(lang, x);
            let bound = |x: f64| diff.bound(lang, x);
            let (more, less) = match (share, da) {
                (true, true) => ("oftere", "sjældnere"),
                (false, true) => ("højere", "lavere"),
                (true, false) => ("more often", "less often"),
                (false, false) => ("higher", "lower"),
            };
            let unit = format!(" {}", diff.unit(lang));
            let word = if adj < 0.0 { less } else { more };
            let raw = data(t, r, &format!("{o}_gap"), bound);
            // the same gaps against children in the rest of the country
            let country = t
                .number(r, &format!("{o}_adjusted_country"))
                .map(|c| {
                    let col = format!("{o}_adjusted_country");
                    format!(
                        "; {} {}{unit} {} [{}; {}] ({} {}{unit})",
                        if da {
                            "mod sammenlignelige børn i resten af landet"
                        } else {
                            "against comparable children in the rest of the country"
                        },
                        data(t, r, &col, show),
                        if c < 0.0 { less } else { more },
                        data(t, r, &format!("{col}_lo"), bound),
                        data(t, r, &format!("{col}_hi"), bound),
                        if da { "rå forskel" } else { "raw gap" },
                        data(t, r, &format!("{o}_gap_country"), bound),
                    )
                })
                .unwrap_or_default();
            let _ = write!(
                s,
                "<li>{} {}{} {} {}{unit} {} {} [{}; {}] ({} {raw}{unit}){country}.</li>",
                if da {
                    "Børn, der voksede op i"
                } else {
                    "Children who grew up in"
                },
                esc(&name),
                // the Danish relative clause ends with a comma
                if da { "," } else { "" },
                if da { oda } else { oen },
                data(t, r, &col, show),
                word,
                if da {
                    "end sammenlignelige børn andre steder i kommunen"
                } else {
                    "than comparable children elsewhere in the municipality"
                },
                data(t, r, &format!("{col}_lo"), bound),
                data(t, r, &format!("{col}_hi"), bound),
                if da { "rå forskel" } else { "raw gap" },
            );
        }
    }
    s.push_str("</ul>");
    if !any {
        return String::new();
    }
    s
}

/// The adjusted life-chance gaps by birth cohort, one row per area and cohort.
fn cohorts(ctx: &Ctx, t: &Table) -> String {
    let lang = ctx.lang;
    let da = lang == Lang::Da;
    // only outcomes some cohort has a value for
    let shown: Vec<&Outcome> = OUTCOMES
        .iter()
        .filter(|o| {
            t.rows
                .iter()
                .any(|r| t.number(r, &format!("{}_adjusted", o.id)).is_some())
        })
        .collect();
    if shown.is_empty() {
        return String::new();
    }
    let mut headers = vec![
        if da { "Område" } else { "Area" }.to_string(),
        if da { "Født" } else { "Born" }.to_string(),
    ];
    for o in &shown {
        headers.push((if da { o.header_da } else { o.header_en }).to_string());
        headers.push(format!(
            "{} {}",
            if da { o.header_da } else { o.header_en },
            if da {
                "(mod resten af landet)"
            } else {
                "(against the rest of the country)"
            }
        ));
    }
    let rows: Vec<Vec<HCell>> = t
        .rows
        .iter()
        .map(|r| {
            let mut cells = vec![
                HCell::Text(ctx.p.area_name(&t.text(r, "kind"), &t.text(r, "area_id"))),
                HCell::Text(t.text(r, "cohort").replace('-', "–")),
            ];
            for o in &shown {
                let show = |x: f64| {
                    if o.share {
                        format::pp(lang, x)
                    } else {
                        format::dec(lang, x, 2)
                    }
                };
                cells.push(hcell(lang, t, r, &format!("{}_adjusted", o.id), show));
                cells.push(hcell(
                    lang,
                    t,
                    r,
                    &format!("{}_adjusted_country", o.id),
                    show,
                ));
            }
            cells
        })
        .collect();
    let intro = if da {
        "<h3>Livschancer efter fødselsårgang</h3><p>Forskellen til børn af samme årgange andre \
         steder i kommunen og i resten af landet med samme familiebaggrund, i procentpoint \
         (karakterpoint for 9.-klasseprøven). Et tomt felt betyder, at udfaldet endnu ikke kan ses for årgangen \
         (for eksempel er de yngste årgange ikke fyldt 25 år).</p>"
    } else {
        "<h3>Life chances by birth cohort</h3><p>The gap to children of the same cohorts \
         elsewhere in the municipality and in the rest of the country with the same family \
         background, in percentage points \
         (grade points for the 9th-grade exam). An empty cell means the outcome cannot yet be \
         seen for the cohort.</p>"
    };
    format!("{intro}{}", table::html(lang, &headers, &rows))
}

/// A life-chance outcome as the report says it: its id, the Danish and English verb phrases of
/// the sentences, the table headers, and whether it is a share (else the exam average).
struct Outcome {
    id: &'static str,
    da: &'static str,
    en: &'static str,
    header_da: &'static str,
    header_en: &'static str,
    share: bool,
}

/// The life-chance outcomes, in the order of the tables: the one owner of their words in the
/// sentences and the cohort tables.
const OUTCOMES: [Outcome; 5] = [
    Outcome {
        id: "youth_education_by_25",
        da: "gennemfører en ungdomsuddannelse inden 25 år",
        en: "complete a youth education by 25",
        header_da: "Ungdomsuddannelse inden 25 år",
        header_en: "Youth education by 25",
        share: true,
    },
    Outcome {
        id: "work_or_education_at_25",
        da: "er i arbejde eller uddannelse som 25-årige",
        en: "are in work or education at 25",
        header_da: "I arbejde el. uddannelse som 25-årig",
        header_en: "In work or education at 25",
        share: true,
    },
    Outcome {
        id: "work_or_education_at_30",
        da: "er i arbejde eller uddannelse som 30-årige",
        en: "are in work or education at 30",
        header_da: "I arbejde el. uddannelse som 30-årig",
        header_en: "In work or education at 30",
        share: true,
    },
    Outcome {
        id: "convicted_by_21",
        da: "er dømt for kriminalitet inden 22 år",
        en: "are convicted of a crime before 22",
        header_da: "Dømt inden 22 år",
        header_en: "Convicted before 22",
        share: true,
    },
    Outcome {
        id: "exam_average_9th_grade",
        da: "får et gennemsnit ved 9.-klasseprøven, der er",
        en: "get a 9th-grade exam average that is",
        header_da: "Karaktergennemsnit 9. klasse",
        header_en: "9th-grade exam average",
        share: false,
    },
];

/// The flow indicators with a trend (`flow_trends`), in its column order: shares, turnover and
/// differences of shares, each with a slope in procentpoint a year.
const FLOW_TREND_INDICATORS: [&str; 10] = [
    "retention_work_edu",
    "retention_edu_higher",
    "retention_income_q5",
    "share_in_work_edu",
    "share_in_edu_higher",
    "share_in_income_q5",
    "turnover",
    "retention_gap_work_edu",
    "retention_gap_edu_higher",
    "retention_gap_income_q5",
];

/// The areas a flow sentence or table is about: the focus areas, or every area of the table
/// when the run has none.
fn areas_of_table(ctx: &Ctx, t: &Table) -> Vec<(String, String)> {
    let mut areas = ctx.focus_areas();
    if areas.is_empty() {
        for r in &t.rows {
            let k = (t.text(r, "kind"), t.text(r, "area_id"));
            if !areas.contains(&k) {
                areas.push(k);
            }
        }
    }
    areas
}

/// The trends of the flow indicators (`flow_trends`) for the focus areas: one row per area and
/// indicator, with the slope per year, its interval and the verdict.
fn flow_trends(ctx: &Ctx, t: &Table) -> String {
    let lang = ctx.lang;
    let da = lang == Lang::Da;
    let mut rows = Vec::new();
    for (kind, id) in areas_of_table(ctx, t) {
        let Some(r) = t.area_rows(&kind, &id).next() else {
            continue;
        };
        for ind in FLOW_TREND_INDICATORS {
            let verdict = t.text(r, &format!("{ind}_verdict"));
            if verdict.is_empty() || verdict == ".." {
                continue;
            }
            let per = if da { "om året" } else { "a year" };
            let show = |x: f64| {
                let d = Diff::Points;
                format!("{} {} {per}", d.bound(lang, x), d.unit(lang))
            };
            let bound = |x: f64| Diff::Points.bound(lang, x);
            rows.push(vec![
                HCell::Text(ctx.p.area_name(&kind, &id)),
                HCell::Text(lang.column(ind)),
                hcell(lang, t, r, &format!("{ind}_slope"), show),
                hcell(lang, t, r, &format!("{ind}_slope_lower"), bound),
                hcell(lang, t, r, &format!("{ind}_slope_upper"), bound),
                HCell::Text(lang.value(&verdict)),
            ]);
        }
    }
    if rows.is_empty() {
        return String::new();
    }
    let headers: Vec<String> = if da {
        [
            "Område",
            "Indikator",
            "Udvikling pr. år",
            "Nedre grænse",
            "Øvre grænse",
            "Vurdering",
        ]
    } else {
        [
            "Area",
            "Indicator",
            "Change a year",
            "Lower bound",
            "Upper bound",
            "Verdict",
        ]
    }
    .map(String::from)
    .to_vec();
    let intro = if da {
        "<h3>Udviklingen i til- og fraflytning</h3><p>Samme metode som indikatorernes \
         udvikling: Theil–Sen-hældning med interval og Mann–Kendall-test over de seneste år, \
         ét tal pr. år. Fastholdelse, andel blandt tilflyttere og forskellen til resten af \
         kommunen er bedre, jo højere de er; udskiftning er bedre, jo lavere den er. En \
         udvikling vises kun, når alle årenes flyttetal kan vises.</p>"
    } else {
        "<h3>Trends of the flows</h3><p>The same method as the indicators' trends: the \
         Theil–Sen slope with its interval and the Mann–Kendall test over the latest years, one \
         value a year. Retention, the share among in-movers and the gap to the rest of the \
         municipality are better higher; turnover is better lower. A trend is shown only when \
         every year's flows can be shown.</p>"
    };
    format!("{intro}{}", table::html(lang, &headers, &rows))
}

/// The trends of the adjusted life-chance gaps over birth cohorts
/// (`life_chances_cohort_trends`), in a Danish sentence per area, outcome and comparison.
fn cohort_trends(ctx: &Ctx, t: &Table) -> String {
    let lang = ctx.lang;
    let da = lang == Lang::Da;
    let mut items = Vec::new();
    for (kind, id) in areas_of_table(ctx, t) {
        let Some(r) = t.area_rows(&kind, &id).next() else {
            continue;
        };
        let name = ctx.p.area_name(&kind, &id);
        for o in &OUTCOMES {
            for (suffix, da_against, en_against) in [
                (
                    "",
                    "andre steder i kommunen",
                    "elsewhere in the municipality",
                ),
                (
                    "_country",
                    "i resten af landet",
                    "in the rest of the country",
                ),
            ] {
                let col = format!("{}_adjusted{suffix}", o.id);
                let verdict = t.text(r, &format!("{col}_verdict"));
                if verdict.is_empty() || verdict == ".." || verdict == "too_few_years" {
                    continue;
                }
                let diff = if o.share { Diff::Points } else { Diff::Grades };
                let per = if da {
                    "pr. fødselsår"
                } else {
                    "per birth year"
                };
                let show = |x: f64| format!("{} {} {per}", diff.bound(lang, x), diff.unit(lang));
                let bound = |x: f64| diff.bound(lang, x);
                let outcome = if da { o.header_da } else { o.header_en };
                let slope = data(t, r, &format!("{col}_slope"), show);
                let lo = data(t, r, &format!("{col}_slope_lower"), bound);
                let hi = data(t, r, &format!("{col}_slope_upper"), bound);
                let verdict = lang.value(&verdict);
                items.push(if da {
                    format!(
                        "<li>{}: forskellen til sammenlignelige børn {da_against} på \
                         «{}» ændrer sig med {slope} [{lo}; {hi}] fra årgang til årgang \
                         (justeret for familiebaggrund): {verdict}.</li>",
                        esc(&name),
                        esc(&outcome.to_lowercase()),
                    )
                } else {
                    format!(
                        "<li>{}: the gap to comparable children {en_against} in «{}» changes \
                         by {slope} [{lo}; {hi}] from cohort to cohort (adjusted for family \
                         background): {verdict}.</li>",
                        esc(&name),
                        esc(&outcome.to_lowercase()),
                    )
                });
            }
        }
    }
    if items.is_empty() {
        return String::new();
    }
    let intro = if da {
        "<h3>Mindskes forskellen fra årgang til årgang?</h3><p>Udviklingen i den justerede \
         forskel over fødselsårgangene (de årgange, der kan vises), med samme metode som \
         indikatorernes udvikling; intervallet tager højde for usikkerheden på hver årgangs \
         forskel. «I bedring» betyder, at forskellen udvikler sig i områdets favør.</p>"
    } else {
        "<h3>Is the gap narrowing from cohort to cohort?</h3><p>The trend of the adjusted gap \
         over the birth cohorts that can be shown, with the same method as the indicators' \
         trends; «improving» means the gap moves in the area's favour.</p>"
    };
    format!("{intro}<ul>{}</ul>", items.concat())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::published::{Published, Role};

    /// A one-row `flow_decomposition` of criterion B with the given levels and change.
    fn row(level_from: f64, level_to: f64, change: f64) -> Table {
        let text = ["kind", "area_id", "year", "indicator", "from_year"];
        let mut header: Vec<String> = text.iter().map(|s| s.to_string()).collect();
        let mut cells: Vec<Cell> = ["housing_area", "h1", "2025", "b_convicted"]
            .iter()
            .map(|s| Cell::Text(s.to_string()))
            .collect();
        cells.push(Cell::Number(2015.0));
        let mut numbers: Vec<(String, f64)> = vec![
            ("level_from".into(), level_from),
            ("level_to".into(), level_to),
            ("change".into(), change),
        ];
        for (part, ..) in PARTS {
            numbers.push((part.into(), change / 4.0));
            numbers.push((format!("{part}_lo"), -0.01));
            numbers.push((format!("{part}_hi"), 0.01));
        }
        for (name, x) in numbers {
            header.push(name);
            cells.push(Cell::Number(x));
        }
        let mut roles = vec![Role::Key; 5];
        roles.resize(header.len(), Role::Derived);
        Table {
            name: "flow_decomposition".into(),
            file: "flow_decomposition.csv".into(),
            header,
            roles,
            rows: vec![cells],
        }
    }

    fn sentence(t: &Table) -> String {
        let p = Published::default();
        let ctx = Ctx::new(&p, Lang::Da);
        let html = decomposition_item(&ctx, t, &t.rows[0]).expect("a sentence");
        // the words, without the data tags that tie each number to its cell
        let mut s = String::new();
        let mut tag = false;
        for c in html.chars() {
            match c {
                '<' => tag = true,
                '>' => tag = false,
                c if !tag => s.push(c),
                _ => {}
            }
        }
        s
    }

    /// Levels that read the same once rounded are said once ("0,8 % i både 2015 og 2025"), and
    /// a change that rounds to 0 has no direction; distinct levels keep "faldt fra … til …".
    #[test]
    fn issue_15_a_change_hidden_by_rounding_is_said_plainly() {
        let s = sentence(&row(0.008, 0.008, -0.001));
        assert!(
            s.contains("lå andelen")
                && s.contains(
                    "på 0,8 % i både 2015 og 2025 (afrundet), en ændring på 0,1 procentpoint ned."
                ),
            "{s}"
        );
        let s = sentence(&row(0.013, 0.013, 0.0004));
        assert!(s.contains("en ændring på 0,0 procentpoint. "), "{s}");
        let s = sentence(&row(0.159, 0.096, -0.062));
        assert!(
            s.contains("faldt andelen") && s.contains("fra 15,9 % i 2015 til 9,6 % i 2025"),
            "{s}"
        );
    }
}
