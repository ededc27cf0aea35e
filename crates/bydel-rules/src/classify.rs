//! The classifier: criterion values → conditions → categories → the published-list view, for
//! one area ([`classify_values`]) or for every area of every layer and list year of a counts
//! table ([`classify_counts`]), with the consecutive-years rule read from computed and supplied
//! history.

use std::collections::{BTreeMap, HashMap};

use bydel_model::{AreaId, CountsTable, Kind};

use crate::error::RulesError;
use crate::evaluate::{ConditionResult, HistoryCheck, Source, Status, evaluate_categories};
use crate::explain::explain;
use crate::from_counts::{area_values, data_allows};
use crate::history::{History, Precedence};
use crate::list_year::ListYear;
use crate::margin::{CategoryChange, category_change};
use crate::ruleset::RuleSet;
use crate::rulesets::RuleSets;
use crate::values::AreaValues;

/// Whether an area can be on an official list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Eligibility {
    /// On the list layer with at least the minimum residents.
    Eligible,
    /// Fewer residents than the minimum on 1 January of the list year.
    TooFewResidents {
        /// Residents.
        residents: i64,
        /// The minimum.
        minimum: i64,
    },
    /// Residents not known.
    ResidentsUnknown,
    /// Not a layer that the official lists cover (criteria still apply).
    NotListLayer,
    /// A housing area that is not public housing (almene boligafdelinger): villa, owner-occupied
    /// or private rental. Only areas of public housing can be listed; criteria still apply.
    NotPublicHousing,
}

impl Eligibility {
    /// True only for [`Eligibility::Eligible`].
    pub fn is_eligible(self) -> bool {
        self == Eligibility::Eligible
    }
}

/// One category's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryResult {
    /// bydel's id (`udsat`, `parallelsamfund`, `omdannelse`, `forebyggelse`).
    pub id: String,
    /// The period's Danish name.
    pub name_da: String,
    /// English name.
    pub name_en: String,
    /// Whether its conditions are met (eligibility is separate).
    pub status: Status,
    /// Its conditions.
    pub conditions: Vec<ConditionResult>,
    /// How many `any_of` conditions hold, and how many must.
    pub any_met: (u32, u32),
    /// The consecutive-years check, if the category has one.
    pub history: Option<HistoryCheck>,
    /// The smallest change that would change the status.
    pub change: CategoryChange,
}

/// The full result for one area and list year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classification {
    /// The criterion values used.
    pub values: AreaValues,
    /// The rule set's id.
    pub rule_set: String,
    /// Eligibility for the official lists.
    pub eligibility: Eligibility,
    /// Every category of the rule set, in its order.
    pub categories: Vec<CategoryResult>,
    /// Criteria met (ids in rule-set order), from the categories named by the set.
    pub criteria_met: Vec<String>,
    /// The first category whose conditions are met, in the set's precedence order, whether or
    /// not the area is eligible for a list.
    pub conditions_met: Option<String>,
    /// The published-list view: [`Classification::conditions_met`] for an eligible area; `None`
    /// for an area that cannot be on a list (too few residents, residents unknown, or not a
    /// housing area of the list layer), whose condition flags still stand.
    pub published: Option<String>,
    /// A plain-language explanation in Danish.
    pub explanation_da: String,
    /// The same in English.
    pub explanation_en: String,
}

impl Classification {
    /// A category's result, if the rule set defines it.
    pub fn category(&self, id: &str) -> Option<&CategoryResult> {
        self.categories.iter().find(|c| c.id == id)
    }
}

/// Answers "was the area in this category in that list year?" for the consecutive rule.
pub type HistoryLookup<'a> = dyn Fn(&str, ListYear) -> (Status, Source) + 'a;

/// Classifies one area's values under one rule set.
pub fn classify_values(
    set: &RuleSet,
    values: AreaValues,
    history: &HistoryLookup<'_>,
) -> Classification {
    let evals = evaluate_categories(set, &values, history);
    let mut categories = Vec::new();
    let mut earlier = Vec::new();
    for (cat, (eval, check)) in set.categories.iter().zip(evals) {
        let change = category_change(cat, &eval, check.as_ref(), &earlier, values.list_year);
        earlier.push((cat.id.clone(), eval.status, change.clone()));
        categories.push(CategoryResult {
            id: cat.id.clone(),
            name_da: cat.name_da.clone(),
            name_en: cat.name_en.clone(),
            status: eval.status,
            conditions: eval.conditions,
            any_met: (eval.any_met, cat.min_of),
            history: check,
            change,
        });
    }
    let criteria_met = criteria_met(set, &categories);
    let conditions_met = set
        .published_order
        .iter()
        .find(|id| {
            categories
                .iter()
                .any(|c| &c.id == *id && c.status == Status::Met)
        })
        .cloned();
    let eligibility = eligibility(set, &values);
    let published = conditions_met.clone().filter(|_| eligibility.is_eligible());
    let mut c = Classification {
        values,
        rule_set: set.id.clone(),
        eligibility,
        categories,
        criteria_met,
        conditions_met,
        published,
        explanation_da: String::new(),
        explanation_en: String::new(),
    };
    c.explanation_da = explain(set, &c, bydel_model::Lang::Da);
    c.explanation_en = explain(set, &c, bydel_model::Lang::En);
    c
}

/// Every list year whose data years are all in the counts and that a rule set covers.
pub fn available_list_years(counts: &CountsTable, sets: &RuleSets) -> Vec<ListYear> {
    counts
        .years()
        .iter()
        .filter_map(|y| ListYear::new(y.get()).ok())
        .filter(|&l| sets.for_year(l).is_ok_and(|s| data_allows(counts, s, l)))
        .collect()
}

/// Classifies every area of every layer for each list year (all the data allows when
/// `list_years` is empty). Earlier list years needed by a consecutive rule are computed from the
/// counts where the data reaches and otherwise taken from `history`.
pub fn classify_counts(
    counts: &CountsTable,
    sets: &RuleSets,
    list_years: &[ListYear],
    history: &History,
) -> Result<Vec<Classification>, RulesError> {
    classify_counts_with(counts, sets, list_years, history, &PublicHousing::new())
}

/// Which areas are public housing (almene boligafdelinger): `true` for public housing, `false`
/// for villa, owner-occupied or private areas. An area not in the map is not known either way and
/// keeps its eligibility by layer and residents (the ministry's table of areas is the user's to
/// supply; docs/rules.md).
pub type PublicHousing = BTreeMap<(Kind, AreaId), bool>;

/// [`classify_counts`], with the areas' tenure: a housing area known not to be public housing is
/// never eligible for a list ([`Eligibility::NotPublicHousing`]).
pub fn classify_counts_with(
    counts: &CountsTable,
    sets: &RuleSets,
    list_years: &[ListYear],
    history: &History,
    public_housing: &PublicHousing,
) -> Result<Vec<Classification>, RulesError> {
    let years = if list_years.is_empty() {
        available_list_years(counts, sets)
    } else {
        list_years.to_vec()
    };
    let mut computed = ComputedHistory::default();
    let mut out = Vec::new();
    for &year in &years {
        let set = sets.for_year(year)?;
        let lookback = set
            .categories
            .iter()
            .filter_map(|c| c.consecutive.as_ref())
            .map(|c| c.years)
            .max();
        for back in 1..lookback.unwrap_or(1) as i32 {
            if let Some(y) = year.back(back) {
                computed.ensure(counts, sets, y);
            }
        }
        for info in counts.areas() {
            let key = (info.kind.clone(), info.area_id.clone());
            let lookup = |cat: &str, y: ListYear| past_status(&computed, history, &key, cat, y);
            let mut values = area_values(counts, set, info, year);
            values.public_housing = public_housing.get(&key).copied();
            out.push(classify_values(set, values, &lookup));
        }
    }
    Ok(out)
}

/// Category statuses of one area.
type Statuses = HashMap<String, Status>;
/// Category statuses of every area in one list year.
type YearStatuses = HashMap<(Kind, AreaId), Statuses>;

/// Base statuses of earlier list years, computed once per year: (area → category → status);
/// `None` when the data does not allow the year.
#[derive(Debug, Default)]
struct ComputedHistory {
    years: BTreeMap<ListYear, Option<YearStatuses>>,
}

impl ComputedHistory {
    fn ensure(&mut self, counts: &CountsTable, sets: &RuleSets, year: ListYear) {
        if self.years.contains_key(&year) {
            return;
        }
        let set = sets
            .for_year(year)
            .ok()
            .filter(|s| data_allows(counts, s, year));
        let statuses = set.map(|set| {
            let unknown = |_: &str, _: ListYear| (Status::Unknown, Source::Missing);
            counts
                .areas()
                .map(|info| {
                    let c = classify_values(set, area_values(counts, set, info, year), &unknown);
                    ((info.kind.clone(), info.area_id.clone()), listed(set, &c))
                })
                .collect()
        });
        self.years.insert(year, statuses);
    }
}

/// A computed past status counts as "on the list" only with the minimum residents.
fn listed(set: &RuleSet, c: &Classification) -> HashMap<String, Status> {
    let population = match c.values.residents {
        Some(r) if r >= set.min_residents => Status::Met,
        Some(_) => Status::NotMet,
        None => Status::Unknown,
    };
    c.categories
        .iter()
        .map(|cat| (cat.id.clone(), cat.status.and(population)))
        .collect()
}

fn past_status(
    computed: &ComputedHistory,
    supplied: &History,
    (kind, area): &(Kind, AreaId),
    category: &str,
    year: ListYear,
) -> (Status, Source) {
    let from_data = computed
        .years
        .get(&year)
        .and_then(|y| y.as_ref())
        .and_then(|m| m.get(&(kind.clone(), area.clone())))
        .and_then(|m| m.get(category).copied())
        .filter(|s| *s != Status::Unknown)
        .map(|s| (s, Source::Computed));
    let from_table = supplied.get(kind, area, year, category).map(|b| {
        (
            if b { Status::Met } else { Status::NotMet },
            Source::Supplied,
        )
    });
    let pick = match supplied.precedence {
        Precedence::ComputedFirst => from_data.or(from_table),
        Precedence::SuppliedFirst => from_table.or(from_data),
    };
    pick.unwrap_or((Status::Unknown, Source::Missing))
}

/// A lookup over a supplied history only (for area values without counts, e.g. VALUES.csv).
pub fn supplied_lookup<'a>(
    history: &'a History,
    kind: &'a Kind,
    area: &'a AreaId,
) -> impl Fn(&str, ListYear) -> (Status, Source) + 'a {
    move |cat, y| match history.get(kind, area, y, cat) {
        Some(true) => (Status::Met, Source::Supplied),
        Some(false) => (Status::NotMet, Source::Supplied),
        None => (Status::Unknown, Source::Missing),
    }
}

fn criteria_met(set: &RuleSet, categories: &[CategoryResult]) -> Vec<String> {
    set.criteria
        .iter()
        .map(|c| &c.id)
        .filter(|id| {
            categories
                .iter()
                .filter(|cat| set.criteria_met.contains(&cat.id))
                .flat_map(|cat| &cat.conditions)
                .any(|cond| &cond.criterion == *id && cond.status == Status::Met)
        })
        .cloned()
        .collect()
}

fn eligibility(set: &RuleSet, values: &AreaValues) -> Eligibility {
    if values.kind.as_str() != set.list_layer {
        return Eligibility::NotListLayer;
    }
    if values.public_housing == Some(false) {
        return Eligibility::NotPublicHousing;
    }
    match values.residents {
        None => Eligibility::ResidentsUnknown,
        Some(r) if r < set.min_residents => Eligibility::TooFewResidents {
            residents: r,
            minimum: set.min_residents,
        },
        Some(_) => Eligibility::Eligible,
    }
}

/// Classifies the areas of a VALUES.csv (one list year; the rule set is chosen by the year),
/// with the consecutive rule read from a supplied history.
pub fn classify_table(
    sets: &RuleSets,
    year: ListYear,
    file: &str,
    text: &str,
    history: &History,
) -> Result<Vec<Classification>, RulesError> {
    let set = sets.for_year(year)?;
    let values = crate::input::parse_values(set, year, file, text)?;
    Ok(values
        .into_iter()
        .map(|v| {
            let (kind, area) = (v.kind.clone(), v.area_id.clone());
            classify_values(set, v, &supplied_lookup(history, &kind, &area))
        })
        .collect())
}

/// The list membership of classified area-years as a [`History`] (e.g. to write a HISTORY.csv,
/// or to classify later years from area values). A category counts as held only with the
/// minimum residents; undecided statuses are left out.
pub fn history_of(results: &[Classification], sets: &RuleSets) -> History {
    let mut h = History::new();
    for c in results {
        let Ok(set) = sets.for_year(c.values.list_year) else {
            continue;
        };
        for (cat, status) in listed(set, c) {
            if status != Status::Unknown {
                h.insert(
                    c.values.kind.clone(),
                    c.values.area_id.clone(),
                    c.values.list_year,
                    &cat,
                    status == Status::Met,
                );
            }
        }
    }
    h
}
