//! Almenboligloven § 51 b (kombineret udlejning): areas of contiguous almene afdelinger with at
//! least 1,000 residents where at least 40 % of the residents 18–64 are outside work and
//! education are eligible. bydel uses criterion A's value of the list year (the two-year mean).

use bydel_model::Rational;

use crate::evaluate::Status;
use crate::exact;
use crate::values::Exact;

/// Eligibility for kombineret udlejning: `≥ min_residents` and `outside ≥ 40 %`.
pub fn mixed_letting(residents: Option<i64>, outside_share: &Exact, min_residents: i64) -> Status {
    let pop = match residents {
        Some(r) if r >= min_residents => Status::Met,
        Some(_) => Status::NotMet,
        None => Status::Unknown,
    };
    let share = match outside_share {
        Ok(s) if exact::cmp(*s, Rational::percent(40)).is_ge() => Status::Met,
        Ok(_) => Status::NotMet,
        Err(_) => Status::Unknown,
    };
    pop.and(share)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::values::Unavailable;

    #[test]
    fn at_least_forty_percent_and_1000_residents() {
        let forty = Ok(Rational::percent(40));
        assert_eq!(mixed_letting(Some(1000), &forty, 1000), Status::Met);
        assert_eq!(mixed_letting(Some(999), &forty, 1000), Status::NotMet);
        assert_eq!(
            mixed_letting(Some(1000), &Ok(Rational::new(3999, 10000).unwrap()), 1000),
            Status::NotMet
        );
        assert_eq!(mixed_letting(None, &forty, 1000), Status::Unknown);
        assert_eq!(
            mixed_letting(Some(999), &Err(Unavailable::NoData), 1000),
            Status::NotMet
        );
    }
}
