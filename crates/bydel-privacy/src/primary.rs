//! Primary suppression: the rules that decide, cell by cell, that a number may not be shown.

use crate::cell::Cell;
use crate::policy::Policy;

/// A primary rule that a cell (or a row) failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PrimaryRule {
    /// A count in `1..min_count`.
    Count,
    /// A share whose numerator is in `1..min_count`.
    ShareNumerator,
    /// A share whose complement (denominator − numerator) is in `1..min_count`.
    ShareComplement,
    /// A sum or mean with `1..min_count` contributors.
    Contributors,
    /// A sum or mean where the largest one or two contributions dominate.
    Dominance,
    /// A sum or mean failing the p % rule.
    PPercent,
    /// A row whose area has fewer residents than the minimum population.
    SmallArea,
}

impl PrimaryRule {
    /// A short name for summaries.
    pub fn name(self) -> &'static str {
        match self {
            PrimaryRule::Count => "count",
            PrimaryRule::ShareNumerator => "share_numerator",
            PrimaryRule::ShareComplement => "share_complement",
            PrimaryRule::Contributors => "contributors",
            PrimaryRule::Dominance => "dominance",
            PrimaryRule::PPercent => "p_percent",
            PrimaryRule::SmallArea => "small_area",
        }
    }
}

/// The first primary rule `cell` fails under `policy`, if any.
pub fn primary_rule(cell: &Cell, policy: &Policy) -> Option<PrimaryRule> {
    let small = |n: i64| n >= 1 && n < i64::from(policy.min_count);
    match cell {
        Cell::Count(n) if small(*n) => Some(PrimaryRule::Count),
        Cell::Share { numerator, .. } if small(*numerator) => Some(PrimaryRule::ShareNumerator),
        Cell::Share {
            numerator,
            denominator,
        } if small(denominator - numerator) => Some(PrimaryRule::ShareComplement),
        Cell::Magnitude(c) if small(c.contributors) => Some(PrimaryRule::Contributors),
        Cell::Magnitude(c) if dominated(c.total, c.largest, c.second, policy) => {
            Some(PrimaryRule::Dominance)
        }
        Cell::Magnitude(c) if fails_p_percent(c.total, c.largest, c.second, policy) => {
            Some(PrimaryRule::PPercent)
        }
        _ => None,
    }
}

/// Whether a row of an area with `population` residents is shown without figures.
pub fn is_small_area(population: Option<i64>, policy: &Policy) -> bool {
    population.is_some_and(|p| p < i64::from(policy.min_area_population))
}

/// (n, k) dominance: the n largest absolute contributions exceed k % of the absolute total.
/// A total of zero with any non-zero contribution counts as dominated (the contributions
/// cancel, so each one is large relative to the total).
fn dominated(total: i64, largest: i64, second: i64, policy: &Policy) -> bool {
    let Some(d) = policy.dominance else {
        return false;
    };
    let top = i128::from(largest) + if d.n >= 2 { i128::from(second) } else { 0 };
    top * 100 > i128::from(d.k_percent) * i128::from(total).abs()
}

/// The p % rule: the absolute total minus the two largest contributions is less than p % of
/// the largest, so the second largest contributor can estimate the largest within p %.
fn fails_p_percent(total: i64, largest: i64, second: i64, policy: &Policy) -> bool {
    if policy.p_percent == 0 || largest == 0 {
        return false;
    }
    let rest = i128::from(total).abs() - i128::from(largest) - i128::from(second);
    rest * 100 < i128::from(policy.p_percent) * i128::from(largest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cell::Contributions;

    fn ds() -> Policy {
        Policy::danmarks_statistik()
    }

    #[test]
    fn count_rule_suppresses_one_and_two_but_not_zero_or_three() {
        let rules: Vec<_> = (0..5)
            .map(|n| primary_rule(&Cell::Count(n), &ds()))
            .collect();
        assert_eq!(
            rules,
            [
                None,
                Some(PrimaryRule::Count),
                Some(PrimaryRule::Count),
                None,
                None
            ]
        );
        assert_eq!(
            primary_rule(&Cell::Count(4), &Policy::municipal()),
            Some(PrimaryRule::Count)
        );
        assert_eq!(primary_rule(&Cell::Count(5), &Policy::municipal()), None);
    }

    #[test]
    fn share_of_97_in_100_reveals_three_people() {
        let share = |numerator, denominator| Cell::Share {
            numerator,
            denominator,
        };
        assert_eq!(
            primary_rule(&share(2, 100), &ds()),
            Some(PrimaryRule::ShareNumerator)
        );
        assert_eq!(
            primary_rule(&share(98, 100), &ds()),
            Some(PrimaryRule::ShareComplement)
        );
        assert_eq!(primary_rule(&share(97, 100), &ds()), None);
        let muni = Policy::municipal();
        assert_eq!(
            primary_rule(&share(97, 100), &muni),
            Some(PrimaryRule::ShareComplement)
        );
        assert_eq!(primary_rule(&share(0, 100), &ds()), None);
    }

    #[test]
    fn magnitude_rules() {
        let m = |total, contributors, largest, second| {
            Cell::Magnitude(Contributions {
                total,
                contributors,
                largest,
                second,
            })
        };
        // two contributors: too few
        assert_eq!(
            primary_rule(&m(500_000, 2, 300_000, 200_000), &ds()),
            Some(PrimaryRule::Contributors)
        );
        // two of ten contribute 90 %: dominance (2, 85)
        assert_eq!(
            primary_rule(&m(1_000_000, 10, 800_000, 100_000), &ds()),
            Some(PrimaryRule::Dominance)
        );
        // even spread: fine
        assert_eq!(
            primary_rule(&m(1_000_000, 10, 110_000, 105_000), &ds()),
            None
        );
        // p %: rest 30k < 15 % of 400k = 60k under the municipal preset (dominance 1,50 % fails
        // first when largest > half)
        let muni = Policy {
            dominance: None,
            ..Policy::municipal()
        };
        assert_eq!(
            primary_rule(&m(800_000, 6, 400_000, 370_000), &muni),
            Some(PrimaryRule::PPercent)
        );
        assert_eq!(primary_rule(&m(900_000, 6, 400_000, 370_000), &muni), None);
    }

    #[test]
    fn small_area_rule() {
        assert!(is_small_area(Some(19), &ds()));
        assert!(!is_small_area(Some(20), &ds()));
        assert!(!is_small_area(None, &ds()));
    }
}
