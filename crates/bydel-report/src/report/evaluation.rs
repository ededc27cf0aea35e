//! What works and what a plan would do: the published tables `evaluation` (the interventions'
//! estimated effects, docs/evaluation.md) and `scenarios` (lettings and building plans year by
//! year against the baseline), in plain sentences and tables whose every number is a `<data>`
//! element naming its cell. Nothing is computed here: verdicts compare published cells.

use std::fmt::Write as _;

use super::Section;
use super::context::Ctx;
use super::table::{self, Fmt, HCell, datum, datum_cell};
use crate::format::{self, esc};
use crate::i18n::{Labels, Lang};
use crate::published::{Cell, Table};

/// The evaluation and scenarios section (empty when neither table was published).
pub fn section(ctx: &Ctx) -> Section {
    let da = ctx.lang == Lang::Da;
    let title = if da {
        "Virker indsatserne? Evaluering og scenarier"
    } else {
        "What works? Evaluation and scenarios"
    }
    .to_string();
    let mut body = String::new();
    if let Some(t) = ctx.p.table("evaluation") {
        body.push_str(&evaluation(ctx, t));
    }
    if let Some(t) = ctx.p.table("scenarios") {
        body.push_str(&scenarios(ctx, t));
    }
    Section {
        id: "evaluation",
        title,
        body,
    }
}

/// The interventions' estimated effects, with verdicts in words.
fn evaluation(ctx: &Ctx, t: &Table) -> String {
    let lang = ctx.lang;
    let da = lang == Lang::Da;
    let mut s = String::from(if da {
        "<h3>Virkede indsatserne?</h3><p>Hver indsats er sammenlignet med sammenlignelige \
         områder i hele landet: forskel-i-forskelle (med placebo-inferens, når kun ét område har \
         indsatsen) og syntetisk kontrol. Et skøn er forskellen i procentpoint mellem området og \
         sammenligningen efter starten, med et usikkerhedsinterval. »Ingen påviselig effekt« er \
         et gyldigt og vigtigt svar.</p><ul>"
    } else {
        "<h3>Did the interventions work?</h3><p>Each intervention is compared with comparable \
         areas across the country: difference-in-differences and synthetic control. An estimate \
         is the difference in percentage points between the area and its comparison after the \
         start, with an uncertainty interval. \"No detectable effect\" is a valid answer.</p><ul>"
    });
    for r in &t.rows {
        let name = ctx.p.area_name(&t.text(r, "kind"), &t.text(r, "area_id"));
        let outcome = outcome_name(&t.text(r, "outcome"), da);
        let method = lang.value(&t.text(r, "method"));
        let head = format!(
            "{} – {} ({} {})",
            esc(&name),
            esc(&t.text(r, "description")),
            if da { "fra" } else { "from" },
            esc(&t.text(r, "year")),
        );
        let Some(est) = t.number(r, "estimate") else {
            let why = match t.get(r, "estimate") {
                Some(Cell::Suppressed) if da => "ikke offentliggjort (diskretion)",
                Some(Cell::Suppressed) => "not published (disclosure control)",
                _ if da => {
                    "ikke vurderet: for få personer i befolkningen i et eller flere år, eller \
                     ingen sammenligning"
                }
                _ => "not evaluated: too few persons in some year, or no comparison",
            };
            let _ = write!(s, "<li>{head}, {outcome}, {method}: {why}.</li>");
            continue;
        };
        let (lo, hi) = (t.number(r, "low"), t.number(r, "high"));
        let zero = matches!((lo, hi), (Some(l), Some(h)) if l <= 0.0 && h >= 0.0);
        let verdict = match (zero, est < 0.0, da) {
            (true, _, true) => "ingen påviselig effekt på",
            (true, _, false) => "no detectable effect on",
            (false, true, true) => "indsatsen ser ud til at have sænket",
            (false, false, true) => "indsatsen ser ud til at have øget",
            (false, true, false) => "the intervention appears to have lowered",
            (false, false, false) => "the intervention appears to have raised",
        };
        let pre = match (t.text(r, "pre_period_ok").as_str(), da) {
            ("false", true) => " Forbehold: før starten fulgte området ikke sammenligningen.",
            ("false", false) => " Caveat: before the start the area did not follow its comparison.",
            _ => "",
        };
        let _ = write!(
            s,
            "<li>{head}: {verdict} {outcome} ({method}): {} ({} {} {} {}).{pre}</li>",
            datum(lang, t, r, "estimate", Fmt::ShareDiff),
            if da { "interval fra" } else { "interval from" },
            datum(lang, t, r, "low", Fmt::ShareDiff),
            if da { "til" } else { "to" },
            datum(lang, t, r, "high", Fmt::ShareDiff),
        );
    }
    s.push_str("</ul>");
    s
}

fn outcome_name(code: &str, da: bool) -> &'static str {
    match (code, da) {
        ("a_outside_work", true) => "andelen uden for arbejde og uddannelse",
        ("a_outside_work", false) => "the share outside work and education",
        (_, true) => "andelen af 25-årige med en ungdomsuddannelse",
        (_, false) => "the share of 25-year-olds with a youth education",
    }
}

/// The rows of one scenario and one variant (`baseline`, `scenario`), by projected year.
fn rows<'t>(t: &'t Table, id: &str, variant: &str) -> Vec<&'t [Cell]> {
    let mut out: Vec<&[Cell]> = t
        .rows
        .iter()
        .filter(|r| t.text(r, "scenario") == id && t.text(r, "variant") == variant)
        .map(Vec::as_slice)
        .collect();
    out.sort_by(|a, b| {
        t.text(a, "projected_year")
            .cmp(&t.text(b, "projected_year"))
    });
    out
}

/// Each scenario: what the plan does to A and to the lists at the horizon, in words, then the
/// projection year by year next to the baseline.
fn scenarios(ctx: &Ctx, t: &Table) -> String {
    let lang = ctx.lang;
    let da = lang == Lang::Da;
    let mut s = String::from(if da {
        "<h3>Hvad vil en plan gøre? Scenarier</h3><p>En mikrosimulation af områdets boliger og \
         husstande, år for år, gentaget mange gange: hvem flytter ud, og hvem flytter ind \
         gennem venteliste, fleksibel udlejning, kombineret udlejning og kommunal anvisning. \
         Planen sammenlignes med grundforløbet (udlejning som i dag). Kriterierne vises som \
         gennemsnit med et interval, der rummer de fleste gentagelser; B og D holdes på deres \
         niveau i seneste listeår.</p>"
    } else {
        "<h3>What would a plan do? Scenarios</h3><p>A microsimulation of the area's dwellings and \
         households, year by year, repeated many times: who moves out, and who moves in through \
         the waiting list, flexible letting, combined letting and municipal allocation. The plan \
         is compared with the baseline (letting as today). The criteria are shown as means with \
         an interval holding most repetitions; B and D are held at their latest list year's \
         status.</p>"
    });
    for id in t.distinct("scenario") {
        let (base, plan) = (rows(t, &id, "baseline"), rows(t, &id, "scenario"));
        let (Some(b_last), Some(p_last)) = (base.last(), plan.last()) else {
            continue;
        };
        let name = ctx
            .p
            .area_name(&t.text(p_last, "kind"), &t.text(p_last, "area_id"));
        let _ = write!(
            s,
            "<h4>{} – {}</h4>",
            esc(&name),
            esc(&t.text(p_last, "description"))
        );
        s.push_str(&verdict(lang, t, b_last, p_last));
        s.push_str(&year_table(lang, t, &base, &plan));
    }
    s
}

/// The plain verdict at the horizon: A and the list probabilities with and without the plan.
fn verdict(lang: Lang, t: &Table, b: &[Cell], p: &[Cell]) -> String {
    let da = lang == Lang::Da;
    let pct = |r: &[Cell], c: &str| percent(lang, t, r, c);
    let (pa, pl, ph) = (
        t.number(p, "a"),
        t.number(p, "a_low"),
        t.number(p, "a_high"),
    );
    let (ba, bl, bh) = (
        t.number(b, "a"),
        t.number(b, "a_low"),
        t.number(b, "a_high"),
    );
    let words = match (pa, pl, ph, ba, bl, bh) {
        (Some(_), _, Some(ph), _, Some(bl), _) if ph < bl => {
            if da {
                "Planen sænker andelen uden for arbejde og uddannelse (A) tydeligt: intervallerne overlapper ikke."
            } else {
                "The plan clearly lowers the share outside work and education (A): the intervals do not overlap."
            }
        }
        (Some(_), Some(pl), _, _, _, Some(bh)) if pl > bh => {
            if da {
                "Planen øger andelen uden for arbejde og uddannelse (A) tydeligt: intervallerne overlapper ikke."
            } else {
                "The plan clearly raises the share outside work and education (A): the intervals do not overlap."
            }
        }
        (Some(pa), _, _, Some(ba), _, _) if pa < ba => {
            if da {
                "Planen trækker andelen uden for arbejde og uddannelse (A) ned, men forskellen ligger inden for usikkerheden."
            } else {
                "The plan pulls the share outside work and education (A) down, but the difference is within the uncertainty."
            }
        }
        (Some(_), _, _, Some(_), _, _) => {
            if da {
                "Planen ændrer ikke andelen uden for arbejde og uddannelse (A) påviseligt."
            } else {
                "The plan does not detectably change the share outside work and education (A)."
            }
        }
        _ => {
            if da {
                "Scenariet er ikke offentliggjort for området (diskretion eller for få data)."
            } else {
                "The scenario is not published for the area (disclosure control or too little data)."
            }
        }
    };
    let year = esc(&t.text(p, "projected_year"));
    // plan against baseline: A, then the probability of each category
    let [a, a0, f, f0, u, u0, ps, ps0, o, o0] = [
        "a",
        "p_forebyggelse",
        "p_udsat",
        "p_parallelsamfund",
        "p_omdannelse",
    ]
    .map(|c| [pct(p, c), pct(b, c)])
    .as_flattened()
    .to_vec()
    .try_into()
    .expect("five columns, two rows");
    let profile = esc(&lang.value(&t.text(p, "in_mover_profile")));
    if da {
        format!(
            "<p>{words} I {year} er A skønnet til {a} med planen mod {a0} i grundforløbet. \
             Sandsynligheden for at opfylde betingelserne for forebyggelsesområde er {f} med \
             planen mod {f0} uden; for udsat boligområde {u} mod {u0}; for parallelsamfund {ps} \
             mod {ps0}; for omdannelsesområde {o} mod {o0}. Tilflytternes profil: {profile}.</p>"
        )
    } else {
        format!(
            "<p>{words} In {year} A is estimated at {a} with the plan against {a0} in the \
             baseline. The probability of meeting the conditions of a prevention area is {f} with \
             the plan against {f0} without; of a vulnerable housing area {u} against {u0}; of a \
             parallel society {ps} against {ps0}; of a transformation area {o} against {o0}. \
             In-movers' profile: {profile}.</p>"
        )
    }
}

/// A published percentage (0–100) inline, with its unit.
fn percent(lang: Lang, t: &Table, r: &[Cell], col: &str) -> String {
    match t.get(r, col) {
        Some(Cell::Number(x)) => format!(
            "<data value=\"{x}\" data-ref=\"{}\">{}</data>",
            esc(&table::reference(t, r, col)),
            esc(&percent_text(lang, *x, decimals(col)))
        ),
        _ => datum(lang, t, r, col, Fmt::Role),
    }
}

fn percent_cell(lang: Lang, t: &Table, r: &[Cell], col: &str) -> HCell {
    match t.get(r, col) {
        Some(Cell::Number(x)) => HCell::Data {
            shown: percent_text(lang, *x, decimals(col)),
            value: *x,
            reference: table::reference(t, r, col),
        },
        _ => datum_cell(lang, t, r, col, Fmt::Role),
    }
}

/// Probabilities are published whole; criteria with one decimal.
fn decimals(col: &str) -> usize {
    if col.starts_with("p_") { 0 } else { 1 }
}

fn percent_text(lang: Lang, x: f64, decimals: usize) -> String {
    let v = format::dec(lang, x, decimals);
    if lang == Lang::Da {
        format!("{v} %")
    } else {
        format!("{v}%")
    }
}

/// Year by year, the baseline and the plan next to each other.
fn year_table(lang: Lang, t: &Table, base: &[&[Cell]], plan: &[&[Cell]]) -> String {
    let cols = [
        "a",
        "a_low",
        "a_high",
        "c",
        "e",
        "family_share",
        "p_udsat",
        "p_parallelsamfund",
        "p_forebyggelse",
    ];
    let mut headers = vec![lang.column("projected_year"), lang.column("variant")];
    headers.extend(cols.iter().map(|c| lang.column(c)));
    headers.push(lang.column("residents"));
    let mut rows = Vec::new();
    for r in base.iter().zip(plan).flat_map(|(b, p)| [*b, *p]) {
        let mut row = vec![
            HCell::Text(t.text(r, "projected_year")),
            HCell::Text(lang.value(&t.text(r, "variant"))),
        ];
        row.extend(cols.iter().map(|c| percent_cell(lang, t, r, c)));
        row.push(datum_cell(lang, t, r, "residents", Fmt::Int));
        rows.push(row);
    }
    table::html(lang, &headers, &rows)
}
