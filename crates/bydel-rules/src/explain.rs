//! Plain-language explanations, in Danish and English: why an area is (or is not) in a
//! category, and the smallest change that would change that.

use bydel_model::Lang;

use crate::classify::{CategoryResult, Classification, Eligibility};
use crate::evaluate::Status;
use crate::exact;
use crate::margin::{CategoryChange, Flip, PersonsChange};
use crate::ruleset::RuleSet;

/// One sentence (or three short ones) about a classification, in `lang` (the one language
/// type of bydel, shared with the report and the dashboard).
pub fn explain(set: &RuleSet, c: &Classification, lang: Lang) -> String {
    let da = lang == Lang::Da;
    let head = format!("{} ({}): ", c.values.label(), c.values.list_year);
    if let Some(text) = outside_lists(c, &head, da) {
        return text;
    }
    let focus = c.conditions_met.as_ref().and_then(|id| c.category(id));
    let status = match focus {
        Some(cat) if da => format!("opfylder betingelserne for {}", cat.name_da),
        Some(cat) => format!("meets the conditions of {} ({})", cat.name_en, cat.name_da),
        None if da => "opfylder ingen listes betingelser".to_string(),
        None => "meets no list's conditions".to_string(),
    };
    let mut text = format!("{head}{status}{}.", eligibility_note(c.eligibility, da));
    let met = if c.criteria_met.is_empty() {
        "-".to_string()
    } else {
        c.criteria_met.join(", ")
    };
    text += &if da {
        format!(" Kriterier opfyldt: {met}.")
    } else {
        format!(" Criteria met: {met}.")
    };
    text += &change_sentence(set, c, focus, da);
    let undecided = |k: &&CategoryResult| {
        k.status == Status::Unknown
            && k.history
                .as_ref()
                .is_some_and(|h| h.status == Status::Unknown)
    };
    if let Some(h) = c.categories.iter().find(undecided) {
        text += &if da {
            format!(" Historikken rækker ikke til at afgøre {}.", h.name_da)
        } else {
            format!(" The history is insufficient to decide {}.", h.name_en)
        };
    }
    text
}

/// An area that can never be on a list (not a housing area of the list layer, or not public
/// housing) gets no list category and no list explanation: only the criteria it meets.
fn outside_lists(c: &Classification, head: &str, da: bool) -> Option<String> {
    let why = match (c.eligibility, da) {
        (Eligibility::NotPublicHousing, true) => {
            "området er ikke almene boliger og kan ikke komme på de officielle lister"
        }
        (Eligibility::NotPublicHousing, false) => {
            "not public housing, so it cannot be on the official lists"
        }
        (Eligibility::NotListLayer, true) => {
            "området er ikke et boligområde og kan ikke komme på de officielle lister"
        }
        (Eligibility::NotListLayer, false) => {
            "not a housing area, so it cannot be on the official lists"
        }
        _ => return None,
    };
    let met = if c.criteria_met.is_empty() {
        if da { "ingen" } else { "none" }.to_string()
    } else {
        c.criteria_met.join(", ")
    };
    Some(if da {
        format!("{head}{why}. Kriterier opfyldt: {met}.")
    } else {
        format!("{head}{why}. Criteria met: {met}.")
    })
}

fn eligibility_note(e: Eligibility, da: bool) -> String {
    match (e, da) {
        (Eligibility::Eligible, _) => String::new(),
        (Eligibility::TooFewResidents { residents, minimum }, true) => {
            format!(", men kan ikke komme på listen ({residents} beboere, under {minimum})")
        }
        (Eligibility::TooFewResidents { residents, minimum }, false) => {
            format!(", but is not eligible for the list ({residents} residents, below {minimum})")
        }
        (Eligibility::ResidentsUnknown, true) => ", men beboertallet er ukendt".into(),
        (Eligibility::ResidentsUnknown, false) => ", but the number of residents is unknown".into(),
        (Eligibility::NotListLayer, true) => {
            " (området er ikke et boligområde på de officielle lister)".into()
        }
        (Eligibility::NotListLayer, false) => " (not a layer of the official lists)".into(),
        (Eligibility::NotPublicHousing, true) => {
            " (området er ikke almene boliger og kan ikke komme på de officielle lister)".into()
        }
        (Eligibility::NotPublicHousing, false) => {
            " (not public housing, so it cannot be on the official lists)".into()
        }
    }
}

/// "It would leave … if …" for the published category, else the nearest category to gain.
fn change_sentence(
    set: &RuleSet,
    c: &Classification,
    focus: Option<&CategoryResult>,
    da: bool,
) -> String {
    let target = focus.or_else(|| nearest_gain(c));
    let Some(cat) = target else {
        return String::new();
    };
    let name = if da { &cat.name_da } else { &cat.name_en };
    match (&cat.change, cat.status == Status::Met, da) {
        (CategoryChange::Flips(f), true, true) => format!(
            " Området ville ikke længere opfylde dem, hvis {}.",
            flips(set, f, true)
        ),
        (CategoryChange::Flips(f), true, false) => format!(
            " It would no longer meet them with {}.",
            flips(set, f, false)
        ),
        (CategoryChange::Flips(f), false, true) => {
            format!(" Det ville blive {name}, hvis {}.", flips(set, f, true))
        }
        (CategoryChange::Flips(f), false, false) => {
            format!(" It would become a {name} with {}.", flips(set, f, false))
        }
        (CategoryChange::NotBefore(y), _, true) => {
            format!(" Det kan tidligst blive {name} på listen {y}.")
        }
        (CategoryChange::NotBefore(y), _, false) => {
            format!(" It cannot become a {name} before the list of {y}.")
        }
        _ => String::new(),
    }
}

fn nearest_gain(c: &Classification) -> Option<&CategoryResult> {
    c.categories
        .iter()
        .filter(|k| k.status == Status::NotMet && matches!(k.change, CategoryChange::Flips(_)))
        .min_by_key(|k| match &k.change {
            CategoryChange::Flips(f) => {
                let unknown = f
                    .iter()
                    .filter(|x| !matches!(x.change, PersonsChange::Delta(_)))
                    .count();
                let persons: i64 = f
                    .iter()
                    .map(|x| {
                        if let PersonsChange::Delta(d) = x.change {
                            d.abs()
                        } else {
                            0
                        }
                    })
                    .sum();
                (unknown, persons)
            }
            _ => (usize::MAX, i64::MAX),
        })
}

/// A category that one condition keeps the area out of: the category and that condition.
pub fn one_condition_away(c: &Classification) -> Vec<(&CategoryResult, &Flip)> {
    c.categories
        .iter()
        .filter(|k| k.status == Status::NotMet)
        .filter_map(|k| match &k.change {
            CategoryChange::Flips(f) if f.len() == 1 => Some((k, &f[0])),
            _ => None,
        })
        .collect()
}

/// The distance of a flip to its threshold in the criterion's unit, with the unit in words
/// ("0,5 procentpoint"), rounded to one decimal.
pub fn distance_text(x: &Flip, lang: Lang) -> String {
    let da = lang == Lang::Da;
    let dist = x
        .margin
        .clone()
        .map(|m| exact::decimal(exact::mul(exact::abs(m), x.unit.scale()).unwrap_or(m), 1))
        .unwrap_or_else(|_| "?".into());
    let percent = x.unit == crate::ruleset::Unit::Percent;
    match (da, percent) {
        (true, true) => format!("{} procentpoint", dist.replace('.', ",")),
        (true, false) => format!("{} pr. 10.000", dist.replace('.', ",")),
        (false, true) => format!("{dist} percentage points"),
        (false, false) => format!("{dist} per 10,000"),
    }
}

/// "Værebro Park (2025) opfylder alle betingelser for forebyggelsesområde undtagen kriterium D,
/// som er 0,5 procentpoint fra grænsen: det ville blive forebyggelsesområde, hvis …" — a warning
/// for an area one condition away from a category.
pub fn one_away_sentence(
    set: &RuleSet,
    c: &Classification,
    cat: &CategoryResult,
    x: &Flip,
    lang: Lang,
) -> String {
    let da = lang == Lang::Da;
    let head = format!("{} ({})", c.values.label(), c.values.list_year);
    let dist = distance_text(x, lang);
    let change = flip(set, x, da);
    if da {
        format!(
            "{head} opfylder alle betingelser for {name} undtagen kriterium {crit}, som er {dist} fra grænsen: området ville blive {name}, hvis {change}.",
            name = cat.name_da,
            crit = x.criterion,
        )
    } else {
        format!(
            "{head} meets every condition of {name} except criterion {crit}, which is {dist} from its threshold: it would become a {name} with {change}.",
            name = cat.name_en,
            crit = x.criterion,
        )
    }
}

fn flips(set: &RuleSet, f: &[Flip], da: bool) -> String {
    let parts: Vec<String> = f.iter().map(|x| flip(set, x, da)).collect();
    parts.join(if da { " og " } else { " and " })
}

fn flip(set: &RuleSet, x: &Flip, da: bool) -> String {
    let crit = set.criterion(&x.criterion);
    let persons = crit.map_or(String::new(), |c| {
        if da {
            c.persons_da.clone()
        } else {
            c.persons_en.clone()
        }
    });
    let relative = crit.is_some_and(|c| c.formula == crate::ruleset::Formula::MeanRelative);
    match x.change {
        // A relative mean (D): a person change is a person whose income moves by the
        // reference's mean, the denominator fixed.
        PersonsChange::Delta(d) if relative => {
            let (n, r) = (d.abs(), x.criterion.as_str());
            match (d > 0, da) {
                (true, true) => {
                    format!("{n} af de {persons} hver tjente referencens gennemsnit mere ({r})")
                }
                (false, true) => {
                    format!("{n} af de {persons} hver tjente referencens gennemsnit mindre ({r})")
                }
                (true, false) => {
                    format!("{n} of the {persons} each earning the reference's mean more ({r})")
                }
                (false, false) => {
                    format!("{n} of the {persons} each earning the reference's mean less ({r})")
                }
            }
        }
        // "antallet … var N højere" reads right for every N (no "1 flere").
        PersonsChange::Delta(d) => {
            let word = match (d > 0, da) {
                (true, true) => "højere",
                (false, true) => "lavere",
                (true, false) => "higher",
                (false, false) => "lower",
            };
            if da {
                format!(
                    "antallet af {persons} var {} {word} ({})",
                    d.abs(),
                    x.criterion
                )
            } else {
                format!(
                    "the number of {persons} {} {word} ({})",
                    d.abs(),
                    x.criterion
                )
            }
        }
        _ => {
            let dist = distance_text(x, if da { Lang::Da } else { Lang::En });
            match (da, x.up) {
                (true, true) => format!(
                    "kriterium {} steg over sin grænse (nu {dist} derfra)",
                    x.criterion
                ),
                (true, false) => format!(
                    "kriterium {} faldt under sin grænse (nu {dist} derfra)",
                    x.criterion
                ),
                (false, true) => format!(
                    "criterion {} rising past its threshold (now {dist} away)",
                    x.criterion
                ),
                (false, false) => format!(
                    "criterion {} falling past its threshold (now {dist} away)",
                    x.criterion
                ),
            }
        }
    }
}
