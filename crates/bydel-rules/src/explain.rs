//! Plain-language explanations, in Danish and English: why an area is (or is not) in a
//! category, and the smallest change that would change that.

use crate::classify::{CategoryResult, Classification, Eligibility};
use crate::evaluate::Status;
use crate::exact;
use crate::margin::{CategoryChange, Flip, PersonsChange};
use crate::ruleset::RuleSet;

/// A language of the explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// Danish.
    Danish,
    /// English.
    English,
}

/// One sentence (or three short ones) about a classification.
pub fn explain(set: &RuleSet, c: &Classification, lang: Language) -> String {
    let da = lang == Language::Danish;
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
                    format!("{n} {persons} hver tjente referencens gennemsnit mere ({r})")
                }
                (false, true) => {
                    format!("{n} {persons} hver tjente referencens gennemsnit mindre ({r})")
                }
                (true, false) => {
                    format!("{n} {persons} each earning the reference's mean more ({r})")
                }
                (false, false) => {
                    format!("{n} {persons} each earning the reference's mean less ({r})")
                }
            }
        }
        PersonsChange::Delta(d) => {
            let word = match (d > 0, da) {
                (true, true) => "flere",
                (false, true) => "færre",
                (true, false) => "more",
                (false, false) => "fewer",
            };
            if da {
                format!("der var {} {word} {persons} ({})", d.abs(), x.criterion)
            } else {
                format!("{} {word} {persons} ({})", d.abs(), x.criterion)
            }
        }
        _ => {
            let dist = x
                .margin
                .clone()
                .map(|m| exact::decimal(exact::mul(exact::abs(m), x.unit.scale()).unwrap_or(m), 2));
            let dist = dist.unwrap_or_else(|_| "?".into());
            let unit = if x.unit == crate::ruleset::Unit::Percent {
                "procentpoint"
            } else {
                "pr. 10.000"
            };
            let unit_en = if x.unit == crate::ruleset::Unit::Percent {
                "percentage points"
            } else {
                "per 10,000"
            };
            match (da, x.up) {
                (true, true) => format!(
                    "kriterium {} steg over sin grænse (nu {dist} {unit} derfra)",
                    x.criterion
                ),
                (true, false) => format!(
                    "kriterium {} faldt under sin grænse (nu {dist} {unit} derfra)",
                    x.criterion
                ),
                (false, true) => format!(
                    "criterion {} rising past its threshold (now {dist} {unit_en} away)",
                    x.criterion
                ),
                (false, false) => format!(
                    "criterion {} falling past its threshold (now {dist} {unit_en} away)",
                    x.criterion
                ),
            }
        }
    }
}
