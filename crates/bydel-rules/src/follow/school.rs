//! The folkeskole language-test rule: a school where more than 30 % of the pupils live in an
//! area that was on the udsat list at least once in the last three years must run language
//! tests. For the school year starting in August of year Y, bydel reads "the last three years"
//! as the lists of 1 December Y−1, Y−2 and Y−3 ([`last_list_years`]; a choice, documented in
//! docs/rules.md).

use std::collections::{BTreeMap, BTreeSet};

use bydel_model::{AreaId, Rational};

use crate::exact;
use crate::list_year::ListYear;

/// The list years that count for a school year starting in August `school_year`.
pub fn last_list_years(school_year: i32, n: i32) -> Vec<ListYear> {
    (1..=n)
        .filter_map(|k| ListYear::new(school_year - k).ok())
        .collect()
}

/// The areas on the udsat list in any of the given list years.
pub fn listed_in_any(
    lists: &BTreeMap<ListYear, BTreeSet<AreaId>>,
    years: &[ListYear],
) -> BTreeSet<AreaId> {
    years
        .iter()
        .filter_map(|y| lists.get(y))
        .flatten()
        .cloned()
        .collect()
}

/// One school's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LanguageTestResult {
    /// Pupils.
    pub pupils: u64,
    /// Pupils living in a listed area.
    pub from_listed: u64,
    /// The share; `None` without pupils.
    pub share: Option<Rational>,
    /// Share strictly above the limit: language tests required.
    pub tests_required: bool,
}

/// The share for one school; `pupils` counts pupils by home housing area (`None`: not in any).
pub fn language_test(
    pupils: &[(Option<AreaId>, u64)],
    listed: &BTreeSet<AreaId>,
    limit: Rational,
) -> LanguageTestResult {
    let total: u64 = pupils.iter().map(|(_, n)| n).sum();
    let from: u64 = pupils
        .iter()
        .filter(|(a, _)| a.as_ref().is_some_and(|a| listed.contains(a)))
        .map(|(_, n)| n)
        .sum();
    let share = super::share(from, total);
    LanguageTestResult {
        pupils: total,
        from_listed: from,
        share,
        tests_required: share.is_some_and(|s| exact::cmp(s, limit).is_gt()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skovbrynet_2017() {
        // Skovbrynet Skole 2017/18: 57 % of 368 pupils (210) lived in listed areas.
        let v = AreaId::new("vaerebro").unwrap();
        let lists: BTreeMap<ListYear, BTreeSet<AreaId>> =
            [(ListYear::new(2015).unwrap(), [v.clone()].into())].into();
        let listed = listed_in_any(&lists, &last_list_years(2017, 3));
        let r = language_test(
            &[(Some(v), 210), (None, 158)],
            &listed,
            Rational::percent(30),
        );
        assert!(r.tests_required);
        assert_eq!(r.pupils, 368);
        let r = language_test(
            &[(Some(AreaId::new("vaerebro").unwrap()), 3), (None, 7)],
            &listed,
            Rational::percent(30),
        );
        assert!(!r.tests_required, "exactly 30 % does not require tests");
        assert!(
            listed_in_any(&lists, &last_list_years(2019, 3)).is_empty(),
            "2015 is outside 2016-2018"
        );
    }
}
