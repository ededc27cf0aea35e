//! Thresholds against counts: whether an area meets an indicator's threshold now (exactly, with
//! checked rational arithmetic from [`bydel_rules::exact`], so neither float rounding nor an
//! overflow decides: a product that does not fit is "not decidable", never a wrapped number),
//! and the threshold's level in the
//! indicator's unit for projections (relative thresholds take the country's or region's value of
//! the same year).

use bydel_model::{AreaId, CountsTable, Kind, Rational, Year};
use bydel_rules::exact;

use crate::catalogue::{Catalogue, Category, CriterionRef};
use crate::estimate::raw_counts;
use crate::indicator::{Indicator, Reference, Threshold};

/// The area a relative threshold refers to: the country, or the area's region.
pub fn reference_area(
    t: &CountsTable,
    reference: Reference,
    kind: &Kind,
    id: &AreaId,
) -> Option<(Kind, AreaId)> {
    match reference {
        Reference::Absolute => None,
        Reference::Country => Some((
            Kind::new(Kind::COUNTRY).ok()?,
            AreaId::new(Kind::COUNTRY_ID).ok()?,
        )),
        Reference::Region => {
            let code = if kind.as_str() == Kind::REGION {
                return Some((kind.clone(), id.clone()));
            } else {
                t.area(kind, id)?.region?
            };
            Some((
                Kind::new(Kind::REGION).ok()?,
                AreaId::new(code.to_string()).ok()?,
            ))
        }
    }
}

/// The threshold as an exact number in the indicator's unit for this area and year.
pub fn threshold_exact(
    t: &CountsTable,
    ind: &Indicator,
    thr: &Threshold,
    kind: &Kind,
    id: &AreaId,
    year: Year,
) -> Option<Rational> {
    let factor = thr.rational();
    match reference_area(t, thr.reference, kind, id) {
        None => Some(factor),
        Some((rk, rid)) => {
            let r = raw_counts(t, ind, &rk, &rid, year)?.rational(ind.scale)?;
            exact::mul(factor, r)
        }
    }
}

/// Whether the area meets the threshold in the year; `None` without data or with a zero
/// denominator.
pub fn meets(
    t: &CountsTable,
    ind: &Indicator,
    thr: &Threshold,
    kind: &Kind,
    id: &AreaId,
    year: Year,
) -> Option<bool> {
    let v = raw_counts(t, ind, kind, id, year)?.rational(ind.scale)?;
    let limit = threshold_exact(t, ind, thr, kind, id, year)?;
    Some(thr.op.holds_exact(v, limit))
}

/// Whether a criterion reference (`indicator:threshold`) is met.
pub fn meets_ref(
    t: &CountsTable,
    cat: &Catalogue,
    r: &CriterionRef,
    kind: &Kind,
    id: &AreaId,
    year: Year,
) -> Option<bool> {
    let ind = cat.indicator(&r.indicator)?;
    meets(t, ind, ind.threshold(&r.threshold)?, kind, id, year)
}

/// Whether an area meets a category now: `None` when any criterion lacks data.
pub fn meets_category(
    t: &CountsTable,
    cat: &Catalogue,
    c: &Category,
    kind: &Kind,
    id: &AreaId,
    year: Year,
) -> Option<bool> {
    let mut met = 0;
    for r in c.of_refs() {
        met += usize::from(meets_ref(t, cat, &r, kind, id, year)?);
    }
    let mut also = true;
    for r in c.also_refs() {
        also &= meets_ref(t, cat, &r, kind, id, year)?;
    }
    Some(met >= c.at_least && also)
}
