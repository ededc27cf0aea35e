//! Countries of origin for immigrants and descendants, with their weights in the synthetic
//! population. The largest non-Western and Western origin groups in Denmark (Danmarks Statistik,
//! FOLK1C, about 2020), rounded; the Western/non-Western split itself comes from
//! [`bydel_model::WesternList`], so a changed list changes the criteria, not the generator.

/// One origin country: ISO alpha-2 code and its relative weight within its group.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code.
    pub code: &'static str,
    /// Relative weight.
    pub weight: f64,
}

const fn c(code: &'static str, weight: f64) -> Country {
    Country { code, weight }
}

/// Non-Western origin countries.
pub const NON_WESTERN: &[Country] = &[
    c("TR", 65.0),
    c("SY", 44.0),
    c("IQ", 33.0),
    c("LB", 28.0),
    c("PK", 26.0),
    c("IR", 25.0),
    c("AF", 22.0),
    c("SO", 22.0),
    c("BA", 23.0),
    c("VN", 16.0),
    c("UA", 14.0),
    c("IN", 14.0),
    c("CN", 14.0),
    c("TH", 13.0),
    c("PH", 13.0),
    c("MA", 12.0),
    c("ER", 9.0),
    c("RU", 9.0),
];

/// Western origin countries.
pub const WESTERN: &[Country] = &[
    c("PL", 48.0),
    c("DE", 34.0),
    c("RO", 33.0),
    c("NO", 16.0),
    c("SE", 16.0),
    c("LT", 16.0),
    c("GB", 15.0),
    c("IS", 8.0),
    c("IT", 10.0),
    c("BG", 11.0),
    c("US", 8.0),
    c("FR", 7.0),
    c("NL", 7.0),
    c("ES", 7.0),
];

/// Picks a country by weight given a uniform number in [0, 1).
pub fn pick(list: &'static [Country], u: f64) -> &'static str {
    let total: f64 = list.iter().map(|c| c.weight).sum();
    let mut x = u * total;
    for c in list {
        if x < c.weight {
            return c.code;
        }
        x -= c.weight;
    }
    list[list.len() - 1].code
}

#[cfg(test)]
mod tests {
    use super::*;
    use bydel_model::WesternList;

    #[test]
    fn groups_agree_with_the_western_list() {
        let w = WesternList::default_list();
        assert!(NON_WESTERN.iter().all(|c| !w.is_western(c.code, 2020)));
        assert!(WESTERN.iter().all(|c| w.is_western(c.code, 2020)));
        assert_eq!(pick(NON_WESTERN, 0.0), "TR");
        assert_eq!(pick(NON_WESTERN, 0.999_999), "RU");
    }
}
