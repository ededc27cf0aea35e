//! Schools and daycare against their surroundings: per institution, year and indicator with a
//! `surroundings` entry in the catalogue, the institution's composition against the composition
//! of the area around it (a school's own school district, a daycare's parent area), with the
//! ratio, difference, test and the markedly rule — an institution markedly worse than its
//! surroundings is *markedly more segregated than its neighbourhood*.
//!
//! An institution whose link gives no area (a daycare without a `parent_id` in `areas.csv`, as
//! the engine writes them today) is compared with its municipality instead, and the row says so
//! (`surroundings_kind = municipality`): a coarser neighbourhood, but a comparison rather than
//! a missing row.
//!
//! When the engine supplies `pupils_from_own_district` on the `school` layer (pupils of the
//! school who live in its school district), the share of the district's pupils who attend the
//! school is reported too.

use bydel_model::{AreaId, CountsTable, Kind, Year};

use crate::catalogue::Catalogue;
use crate::compare::{Comparison, compare_counts};
use crate::estimate::raw_counts;
use crate::indicator::{Indicator, Link};
use crate::settings::Settings;

/// The optional school-layer measure: pupils who live in the school's own school district.
pub const PUPILS_FROM_OWN_DISTRICT: &str = "pupils_from_own_district";

/// One institution compared with its surroundings.
#[derive(Debug, Clone, PartialEq)]
pub struct InstitutionComparison {
    /// The institution's layer (`school`, `daycare`).
    pub kind: Kind,
    /// The institution.
    pub id: AreaId,
    /// The year.
    pub year: Year,
    /// The institution's indicator.
    pub indicator: String,
    /// The surroundings' layer and id.
    pub surroundings: (Kind, AreaId),
    /// The surroundings' indicator.
    pub surroundings_indicator: String,
    /// The comparison (institution against surroundings, whole).
    pub comparison: Comparison,
    /// Share of the school district's pupils who attend the school, when known.
    pub own_district_attendance: Option<f64>,
}

/// Every institution comparison in the table.
pub fn institution_comparisons(
    t: &CountsTable,
    cat: &Catalogue,
    s: &Settings,
) -> Vec<InstitutionComparison> {
    let mut out = Vec::new();
    for ind in cat.indicators() {
        let Some(sur) = &ind.surroundings else {
            continue;
        };
        let Some(sur_ind) = cat.indicator(&sur.indicator) else {
            continue;
        };
        let Ok(sur_kind) = Kind::new(sur.layer.clone()) else {
            continue;
        };
        for kind in t
            .kinds()
            .into_iter()
            .filter(|k| is_institution(k) && ind.applies_to(k.as_str()))
        {
            for area in t.areas_of(&kind) {
                let linked = match sur.link {
                    Link::SameId => Some(area.area_id.clone()),
                    Link::Parent => area.parent_id.clone(),
                };
                let Some((sk, sid)) = linked
                    .map(|id| (sur_kind.clone(), id))
                    .or_else(|| municipality_of_institution(area))
                else {
                    continue;
                };
                for year in t.years() {
                    out.extend(one(
                        t,
                        ind,
                        sur_ind,
                        (&kind, &area.area_id),
                        (&sk, &sid),
                        year,
                        s,
                    ));
                }
            }
        }
    }
    out
}

/// The municipality an institution lies in, as the fallback surroundings.
fn municipality_of_institution(area: &bydel_model::AreaInfo) -> Option<(Kind, AreaId)> {
    let code = area.municipality?;
    Some((
        Kind::new(Kind::MUNICIPALITY).ok()?,
        AreaId::new(code.to_string()).ok()?,
    ))
}

/// Whether a layer holds institutions rather than areas.
pub fn is_institution(kind: &Kind) -> bool {
    matches!(kind.as_str(), "school" | "daycare")
}

fn one(
    t: &CountsTable,
    ind: &Indicator,
    sur_ind: &Indicator,
    (kind, id): (&Kind, &AreaId),
    (sk, sid): (&Kind, &AreaId),
    year: Year,
    s: &Settings,
) -> Option<InstitutionComparison> {
    let a = raw_counts(t, ind, kind, id, year)?;
    let r = raw_counts(t, sur_ind, sk, sid, year)?;
    let attendance = t
        .get(kind, id, year, PUPILS_FROM_OWN_DISTRICT)
        .and_then(|own| {
            let living = t.get(sk, sid, year, "pupils")?;
            (living > 0).then(|| own as f64 / living as f64)
        });
    Some(InstitutionComparison {
        kind: kind.clone(),
        id: id.clone(),
        year,
        indicator: ind.id.clone(),
        surroundings: (sk.clone(), sid.clone()),
        surroundings_indicator: sur_ind.id.clone(),
        comparison: compare_counts(ind, a, r, &s.markedly, s.level),
        own_district_attendance: attendance,
    })
}
