//! Almenboligloven § 168 a (udviklingsplan): in an omdannelsesområde the almene family dwellings
//! may be at most 40 % of all dwellings by 1 January 2030. 75 m² of commercial floor area counts
//! as one dwelling (as an exact fraction: 150 m² = 2 dwellings, 100 m² = 4/3), and dwellings
//! demolished after 2010 and not replaced may be counted in the total.

use bydel_model::Rational;

use crate::exact;

/// Whether demolished, unreplaced dwellings count in the total.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Demolished {
    /// Counted in the total (the law allows it; bydel's default).
    InTotal,
    /// Left out.
    Excluded,
}

/// The rule's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HousingPlanRule {
    /// The ceiling on the family-dwelling share (40 %).
    pub ceiling: Rational,
    /// Commercial floor area (m²) that counts as one dwelling (75).
    pub m2_per_dwelling: i64,
    /// How demolished dwellings count.
    pub demolished: Demolished,
}

impl Default for HousingPlanRule {
    fn default() -> Self {
        HousingPlanRule {
            ceiling: Rational::percent(40),
            m2_per_dwelling: 75,
            demolished: Demolished::InTotal,
        }
    }
}

/// The dwelling stock of one area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DwellingStock {
    /// Almene family dwellings.
    pub almene_family: u64,
    /// All other dwellings (private rental, owner-occupied, cooperative, almene youth/elderly).
    pub other: u64,
    /// Commercial floor area in m².
    pub commercial_m2: u64,
    /// Dwellings demolished after 2010 and not replaced.
    pub demolished_unreplaced: u64,
}

/// The area's position against the ceiling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HousingPlanResult {
    /// The total counted (dwellings + commercial equivalents + demolished when counted).
    pub total: Rational,
    /// Almene family dwellings ÷ total; `None` for an empty area.
    pub share: Option<Rational>,
    /// Whether the share is at most the ceiling.
    pub within_ceiling: bool,
    /// Family dwellings to convert to other tenures or sell (total unchanged).
    pub convert_or_sell: u64,
    /// Family dwellings to demolish (each also leaves the total unless demolished ones count).
    pub demolish: u64,
    /// Other dwellings to add (family dwellings unchanged).
    pub add_other: u64,
}

/// Computes the share and the smallest numbers of dwellings to reach the ceiling.
pub fn housing_plan(stock: &DwellingStock, rule: &HousingPlanRule) -> HousingPlanResult {
    let int = |n: u64| Rational::integer(i128::from(n));
    let commercial = Rational::new(
        i128::from(stock.commercial_m2),
        i128::from(rule.m2_per_dwelling.max(1)),
    )
    .unwrap_or(Rational::ZERO);
    let demolished = if rule.demolished == Demolished::InTotal {
        int(stock.demolished_unreplaced)
    } else {
        Rational::ZERO
    };
    let total = int(stock.almene_family)
        .add(int(stock.other))
        .add(commercial)
        .add(demolished);
    let family = int(stock.almene_family);
    let share = family.div(total);
    let within = share.is_none_or(|s| exact::cmp(s, rule.ceiling).is_le());
    // excess = family − ceiling × total: dwellings over the line.
    let excess = family.sub(rule.ceiling.mul(total));
    let whole = |r: Rational| u64::try_from(exact::ceil(r).max(0)).unwrap_or(u64::MAX);
    let convert_or_sell = whole(excess);
    let demolish = match rule.demolished {
        Demolished::InTotal => convert_or_sell,
        Demolished::Excluded => whole(
            excess
                .div(Rational::integer(1).sub(rule.ceiling))
                .unwrap_or(Rational::ZERO),
        ),
    };
    let add_other = whole(
        family
            .div(rule.ceiling)
            .map_or(Rational::ZERO, |need| need.sub(total)),
    );
    HousingPlanResult {
        total,
        share,
        within_ceiling: within,
        convert_or_sell,
        demolish,
        add_other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_example() {
        // 1,000 family, 200 other, 7,500 m² commercial (= 100 dwellings), 0 demolished.
        let stock = DwellingStock {
            almene_family: 1000,
            other: 200,
            commercial_m2: 7500,
            demolished_unreplaced: 0,
        };
        let r = housing_plan(&stock, &HousingPlanRule::default());
        assert_eq!(r.total, Rational::integer(1300));
        assert!(!r.within_ceiling);
        // 1000 − 0.4 × 1300 = 480 to convert; 2.5 × 1000 − 1300 = 1200 to add.
        assert_eq!((r.convert_or_sell, r.add_other), (480, 1200));
        let ex = housing_plan(
            &stock,
            &HousingPlanRule {
                demolished: Demolished::Excluded,
                ..Default::default()
            },
        );
        // (1000 − z) / (1300 − z) ≤ 0.4  ⇔  z ≥ 480 / 0.6 = 800.
        assert_eq!(ex.demolish, 800);
    }

    #[test]
    fn exactly_forty_percent_is_within() {
        let stock = DwellingStock {
            almene_family: 40,
            other: 60,
            ..Default::default()
        };
        let r = housing_plan(&stock, &HousingPlanRule::default());
        assert!(r.within_ceiling);
        assert_eq!((r.convert_or_sell, r.add_other), (0, 0));
        let one_more = housing_plan(
            &DwellingStock {
                almene_family: 41,
                ..stock
            },
            &HousingPlanRule::default(),
        );
        // 41/101 > 40 %: convert 1 (40/101), or add 2.5 × 41 − 101 = 1.5 → 2.
        assert_eq!((one_more.convert_or_sell, one_more.add_other), (1, 2));
        assert!(
            housing_plan(&DwellingStock::default(), &HousingPlanRule::default()).within_ceiling
        );
    }
}
