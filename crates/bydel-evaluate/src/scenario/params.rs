//! The starting point of a scenario and the in-mover profiles of the letting channels.
//!
//! Estimated from the counts table where possible ([`AreaStart::from_counts`]): residents, the
//! share of 18–64-year-olds, the criteria shares A (outside work or education, micro-FTE counted as
//! persons), C (basic education only, 30–59) and E (non-Western), and the annual move-out rate from
//! `moved_last_year` / `residents` (mean of the last three years; it counts moves into the area, a
//! steady-state proxy for moves out). The municipality's shares come from its row in the
//! `municipality` layer. Documented defaults otherwise (see [`DEFAULTS`] and docs/evaluation.md).

use bydel_model::measure::{
    AGE_18_64, AGE_30_59, BASIC_EDU_30_59, MICRO, NON_WESTERN, OUTSIDE_FTE_18_64, RESIDENTS,
};
use bydel_model::{AreaId, CountsTable, Kind, Year};
use serde::{Deserialize, Serialize};

use crate::EvaluateError;

/// Who moves in: per-adult and per-household probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Probability that an adult 18–64 is outside work and education (criterion A).
    pub outside: f64,
    /// Probability that an adult has basic education only (criterion C; adults 18–64 stand in for
    /// 30–59).
    pub basic: f64,
    /// Probability that the household is of non-Western origin (criterion E).
    pub non_western: f64,
    /// Whether the first adult is guaranteed in work or education (the letting criterion of
    /// fleksibel udlejning).
    pub first_adult_working: bool,
}

/// Documented defaults where the counts cannot say.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Defaults {
    /// Persons per occupied dwelling when the counts have no dwellings (Danish almene family
    /// dwellings: about 2.1).
    pub persons_per_dwelling: f64,
    /// Share of outside-work adults among households let through municipal allocation without the
    /// § 59 restriction (urgent housing need).
    pub municipal_outside: f64,
    /// Relative move-out rate of households where every adult works (selective out-migration).
    pub resourceful_exit_ratio: f64,
    /// Municipality shares (A, C, E) used when the counts have no municipality row.
    pub municipality: (f64, f64, f64),
    /// Non-family dwellings (private, owner-occupied) as a share of all dwellings, when unknown.
    pub other_dwelling_share: f64,
}

/// The defaults of this version.
pub const DEFAULTS: Defaults = Defaults {
    persons_per_dwelling: 2.1,
    municipal_outside: 0.7,
    resourceful_exit_ratio: 1.25,
    municipality: (0.22, 0.25, 0.12),
    other_dwelling_share: 0.1,
};

/// The area at the start of the scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaStart {
    /// The area's name or id.
    pub name: String,
    /// The last observed data year (year 0 of the projection).
    pub year: Year,
    /// Residents.
    pub residents: u32,
    /// Almene family dwellings.
    pub family_dwellings: u32,
    /// Other dwellings in the area (owner-occupied, private rental, youth and senior housing).
    pub other_dwellings: u32,
    /// Share of residents aged 18–64.
    pub adult_share: f64,
    /// The residents' profile (A, C, E shares).
    pub residents_profile: Profile,
    /// The municipality's profile.
    pub municipality: Profile,
    /// Annual move-out probability of a household.
    pub move_out: f64,
    /// Whether criterion B (convictions) is met at the start, held fixed.
    pub b_met: bool,
    /// Whether criterion D (income) is met at the start, held fixed.
    pub d_met: bool,
    /// Whether criterion B meets the forebyggelse threshold (2 × the national average), held fixed.
    #[serde(default)]
    pub b_met_prevention: bool,
    /// Whether criterion D meets the forebyggelse threshold (under 65 % of the region), held fixed.
    #[serde(default)]
    pub d_met_prevention: bool,
    /// Consecutive list years up to and including the start in which the area met the
    /// parallelsamfund conditions (the omdannelse rule counts five).
    #[serde(default)]
    pub parallel_streak: u32,
}

/// The in-mover profile of each letting channel.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ChannelProfiles {
    /// The waiting list: like the current residents (no in-mover split in the counts yet).
    pub waiting_list: Profile,
    /// Fleksibel udlejning with the criterion "in work or education": the first adult works,
    /// other adults and education as the better of area and municipality.
    pub criteria: Profile,
    /// Kombineret udlejning (§ 51 b): applicants on passive benefits can be refused, so outside
    /// work as the better of area and municipality.
    pub combined: Profile,
    /// Municipal allocation: [`Defaults::municipal_outside`] outside work; with § 59 no persons on
    /// the listed benefits, so as the municipality.
    pub municipal: Profile,
    /// New owner-occupied dwellings: the municipality's profile.
    pub new_owner: Profile,
}

impl ChannelProfiles {
    /// The default profiles for an area (`section_59`: the § 59 restriction applies).
    pub fn for_area(a: &AreaStart, section_59: bool, d: &Defaults) -> Self {
        let r = a.residents_profile;
        let m = a.municipality;
        let better = |x: f64, y: f64| x.min(y);
        ChannelProfiles {
            waiting_list: r,
            criteria: Profile {
                outside: better(r.outside, m.outside),
                basic: better(r.basic, m.basic),
                non_western: r.non_western,
                first_adult_working: true,
            },
            combined: Profile {
                outside: better(r.outside, m.outside),
                ..r
            },
            municipal: Profile {
                outside: if section_59 {
                    better(r.outside, m.outside)
                } else {
                    d.municipal_outside.max(r.outside)
                },
                ..r
            },
            new_owner: Profile {
                first_adult_working: false,
                ..m
            },
        }
    }
}

impl AreaStart {
    /// The starting point of an area from the counts table in `year` (shares pooled over the
    /// last three years up to `year`), with `family_dwellings` if known.
    pub fn from_counts(
        counts: &CountsTable,
        kind: &Kind,
        area: &AreaId,
        year: Year,
        family_dwellings: Option<u32>,
        d: &Defaults,
    ) -> Result<Self, EvaluateError> {
        let get = |k: &Kind, a: &AreaId, m: &str| -> f64 {
            (0..3)
                .filter_map(|back| counts.get(k, a, year.offset(-back), m))
                .map(|v| v as f64)
                .sum()
        };
        let residents_now = counts.get(kind, area, year, RESIDENTS).ok_or_else(|| {
            EvaluateError::Data(format!(
                "{kind} {area}: no residents in {year} in the counts table"
            ))
        })?;
        let profile = |k: &Kind, a: &AreaId| -> Option<Profile> {
            let adults = get(k, a, AGE_18_64);
            let res = get(k, a, RESIDENTS);
            let c_den = get(k, a, AGE_30_59);
            (adults > 0.0 && res > 0.0 && c_den > 0.0).then(|| Profile {
                outside: get(k, a, OUTSIDE_FTE_18_64) / MICRO as f64 / adults,
                basic: get(k, a, BASIC_EDU_30_59) / c_den,
                non_western: get(k, a, NON_WESTERN) / res,
                first_adult_working: false,
            })
        };
        let own = profile(kind, area).ok_or_else(|| {
            EvaluateError::Data(format!(
                "{kind} {area}: the counts lack the criteria measures"
            ))
        })?;
        let muni = counts
            .area(kind, area)
            .and_then(|info| info.municipality)
            .and_then(|code| {
                let k = Kind::new("municipality").ok()?;
                let a = AreaId::new(code.to_string()).ok()?;
                profile(&k, &a)
            })
            .unwrap_or(Profile {
                outside: d.municipality.0,
                basic: d.municipality.1,
                non_western: d.municipality.2,
                first_adult_working: false,
            });
        let res3 = get(kind, area, RESIDENTS);
        let moved = get(kind, area, "moved_last_year");
        let move_out = if moved > 0.0 {
            (moved / res3).clamp(0.01, 0.6)
        } else {
            0.1
        };
        let family = family_dwellings
            .unwrap_or_else(|| (residents_now as f64 / d.persons_per_dwelling).round() as u32);
        let other = (family as f64 * d.other_dwelling_share / (1.0 - d.other_dwelling_share))
            .round() as u32;
        let name = counts
            .area(kind, area)
            .map_or_else(|| area.to_string(), |i| i.name.clone());
        Ok(AreaStart {
            name,
            year,
            residents: residents_now as u32,
            family_dwellings: family,
            other_dwellings: other,
            adult_share: get(kind, area, AGE_18_64) / res3,
            residents_profile: own,
            municipality: muni,
            move_out,
            b_met: false,
            d_met: false,
            b_met_prevention: false,
            d_met_prevention: false,
            parallel_streak: 0,
        })
    }
}
