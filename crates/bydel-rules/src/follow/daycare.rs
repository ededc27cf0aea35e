//! Dagtilbudsloven § 26 a–b: a daycare institution (and each unit) may admit at most 30 % of
//! children living in an udsat boligområde per calendar year; since 2025 (§ 26 b) the
//! municipality may leave out children whose parents work or study.
//!
//! Open point: whether excluded children also leave the denominator. Default: they stay in it
//! (they are still admitted); [`ExclusionScope`] makes it a choice.

use std::collections::BTreeSet;

use bydel_model::{AreaId, Rational};

use crate::exact;

/// The parents' activity, for the § 26 b exclusion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParentsActivity {
    /// The parents work or study (may be excluded under § 26 b).
    WorkOrStudy,
    /// Otherwise.
    Other,
    /// Not known (never excluded).
    Unknown,
}

/// One admitted child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdmittedChild {
    /// The housing area the child lives in, if any.
    pub home_area: Option<AreaId>,
    /// The parents' activity.
    pub parents: ParentsActivity,
}

/// Which side of the share the § 26 b exclusion removes children from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExclusionScope {
    /// Only from the children counted as living in udsatte areas (default).
    #[default]
    NumeratorOnly,
    /// From both the count and the admitted total.
    NumeratorAndDenominator,
}

/// One side of the result: the share and whether it breaches the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DaycareShare {
    /// Children counted as living in an udsat area.
    pub from_udsat: u64,
    /// Children in the denominator.
    pub admitted: u64,
    /// The share; `None` when nobody was admitted.
    pub share: Option<Rational>,
    /// Share strictly above the limit.
    pub breach: bool,
}

/// § 26 a without and with the § 26 b exclusion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DaycareResult {
    /// § 26 a: every admitted child counts.
    pub section_26a: DaycareShare,
    /// § 26 b: children whose parents work or study left out.
    pub section_26b: DaycareShare,
}

/// Computes the share of one institution's (or unit's) admissions in one calendar year;
/// `udsat` is the set of areas on the udsat list that applies to the year, `limit` is 30 %.
pub fn daycare_admissions(
    children: &[AdmittedChild],
    udsat: &BTreeSet<AreaId>,
    limit: Rational,
    scope: ExclusionScope,
) -> DaycareResult {
    let from = |c: &AdmittedChild| c.home_area.as_ref().is_some_and(|a| udsat.contains(a));
    let excluded = |c: &AdmittedChild| c.parents == ParentsActivity::WorkOrStudy;
    let all = children.len() as u64;
    let a = children.iter().filter(|c| from(c)).count() as u64;
    let b = children.iter().filter(|c| from(c) && !excluded(c)).count() as u64;
    let b_den = match scope {
        ExclusionScope::NumeratorOnly => all,
        ExclusionScope::NumeratorAndDenominator => {
            all - children.iter().filter(|c| from(c) && excluded(c)).count() as u64
        }
    };
    DaycareResult {
        section_26a: side(a, all, limit),
        section_26b: side(b, b_den, limit),
    }
}

fn side(from_udsat: u64, admitted: u64, limit: Rational) -> DaycareShare {
    let share = super::share(from_udsat, admitted);
    let breach = share.is_some_and(|s| exact::cmp(s, limit).is_gt());
    DaycareShare {
        from_udsat,
        admitted,
        share,
        breach,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn child(area: &str, parents: ParentsActivity) -> AdmittedChild {
        AdmittedChild {
            home_area: Some(AreaId::new(area).unwrap()),
            parents,
        }
    }

    #[test]
    fn thirty_percent_is_allowed_and_26b_excludes() {
        let udsat: BTreeSet<AreaId> = [AreaId::new("u").unwrap()].into();
        let mut kids = vec![child("u", ParentsActivity::Other); 3];
        kids.extend(vec![child("x", ParentsActivity::Other); 7]);
        let r = daycare_admissions(
            &kids,
            &udsat,
            Rational::percent(30),
            ExclusionScope::NumeratorOnly,
        );
        assert_eq!(r.section_26a.share, Rational::new(3, 10));
        assert!(!r.section_26a.breach, "exactly 30 % is allowed");
        kids.push(child("u", ParentsActivity::WorkOrStudy));
        let r = daycare_admissions(
            &kids,
            &udsat,
            Rational::percent(30),
            ExclusionScope::NumeratorOnly,
        );
        assert!(r.section_26a.breach, "4/11 > 30 %");
        assert_eq!((r.section_26b.from_udsat, r.section_26b.admitted), (3, 11));
        assert!(!r.section_26b.breach);
        let r = daycare_admissions(
            &kids,
            &udsat,
            Rational::percent(30),
            ExclusionScope::NumeratorAndDenominator,
        );
        assert_eq!(r.section_26b.admitted, 10);
        let none = daycare_admissions(
            &[],
            &udsat,
            Rational::percent(30),
            ExclusionScope::NumeratorOnly,
        );
        assert_eq!(
            (none.section_26a.share, none.section_26a.breach),
            (None, false)
        );
    }
}
