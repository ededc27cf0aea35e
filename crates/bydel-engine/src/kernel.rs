//! Measures compiled for the hot loop: each population filter becomes an age range, three code
//! masks and a flag mask, so that evaluating a measure on a row is a few integer comparisons.

use bydel_model::measure::{MICRO, MeasureSpec, Quantity};

use crate::EngineError;

/// Row flag: immigrant or descendant from a non-Western country.
pub const NON_WESTERN: u8 = 1;
/// Row flag: in education.
pub const IN_EDUCATION: u8 = 2;
/// Row flag: taxable.
pub const TAXABLE: u8 = 4;
/// Row flag: guilty decision under the three laws of criterion B in the preceding calendar year.
pub const CONVICTED: u8 = 8;
/// Row flag: moved to the address during the preceding calendar year.
pub const MOVED_LAST_YEAR: u8 = 16;

/// One person-year row, decoded.
#[derive(Debug, Clone, Copy, Default)]
pub struct Row {
    /// Age on 1 January.
    pub age: u8,
    /// `Sex::index()`.
    pub sex: u8,
    /// `Origin::index()`.
    pub origin: u8,
    /// `Education::index()`.
    pub education: u8,
    /// Flags (the constants above).
    pub flags: u8,
    /// `outside_fte` in micro-FTE.
    pub outside_micro: i64,
    /// Gross income, DKK.
    pub income: i64,
}

/// A measure ready for the hot loop.
#[derive(Debug, Clone, Copy)]
pub struct Compiled {
    age_min: u8,
    age_max: u8,
    sex_mask: u8,
    origin_mask: u8,
    education_mask: u8,
    flag_mask: u8,
    flag_value: u8,
    quantity: Quantity,
}

impl Compiled {
    /// Compiles a measure definition.
    pub fn new(spec: &MeasureSpec) -> Result<Self, EngineError> {
        let p = &spec.population;
        let (age_min, age_max) = (p.age_min.unwrap_or(0), p.age_max.unwrap_or(u8::MAX));
        if age_min > age_max {
            return Err(EngineError::Measure {
                name: spec.name.clone(),
                reason: format!("age_min {age_min} > age_max {age_max}"),
            });
        }
        let mask = |v: &Option<Vec<usize>>| {
            v.as_ref()
                .map_or(u8::MAX, |ix| ix.iter().fold(0u8, |m, &i| m | 1 << i))
        };
        let mut flag_mask = 0;
        let mut flag_value = 0;
        for (want, bit) in [
            (p.non_western, NON_WESTERN),
            (p.in_education, IN_EDUCATION),
            (p.taxable, TAXABLE),
            (p.convicted, CONVICTED),
            (p.moved_last_year, MOVED_LAST_YEAR),
        ] {
            if let Some(w) = want {
                flag_mask |= bit;
                if w {
                    flag_value |= bit;
                }
            }
        }
        Ok(Compiled {
            age_min,
            age_max,
            sex_mask: mask(
                &p.sex
                    .as_ref()
                    .map(|v| v.iter().map(|x| x.index()).collect()),
            ),
            origin_mask: mask(
                &p.origin
                    .as_ref()
                    .map(|v| v.iter().map(|x| x.index()).collect()),
            ),
            education_mask: mask(
                &p.education
                    .as_ref()
                    .map(|v| v.iter().map(|x| x.index()).collect()),
            ),
            flag_mask,
            flag_value,
            quantity: spec.quantity,
        })
    }

    /// The amount this row adds to the measure (0 when the row is outside its population).
    #[inline]
    pub fn eval(&self, r: &Row) -> i64 {
        let inside = r.age >= self.age_min
            && r.age <= self.age_max
            && self.sex_mask & (1 << r.sex) != 0
            && self.origin_mask & (1 << r.origin) != 0
            && self.education_mask & (1 << r.education) != 0
            && r.flags & self.flag_mask == self.flag_value;
        if !inside {
            return 0;
        }
        match self.quantity {
            Quantity::Count => 1,
            Quantity::OutsideFteMicro => r.outside_micro,
            Quantity::GrossIncome => r.income,
        }
    }
}

/// `outside_fte` (0–1) in whole micro-FTE, rounded half away from zero.
pub fn micro_fte(x: f64) -> i64 {
    (x * MICRO as f64).round() as i64
}

#[cfg(test)]
mod tests {
    use super::*;
    use bydel_model::measure::builtin_measures;

    fn value(name: &str, r: &Row) -> i64 {
        let spec = builtin_measures()
            .into_iter()
            .find(|m| m.name == name)
            .unwrap();
        Compiled::new(&spec).unwrap().eval(r)
    }

    #[test]
    fn criteria_populations() {
        let adult = Row {
            age: 40,
            education: 6,
            outside_micro: 250_000,
            income: 300_000,
            flags: TAXABLE,
            ..Row::default()
        };
        assert_eq!(value("outside_fte_micro_18_64", &adult), 250_000);
        assert_eq!(
            value("basic_or_unknown_edu_30_59", &adult),
            1,
            "unknown education counts as basic"
        );
        assert_eq!(value("income_sum_15_64", &adult), 300_000);
        let student = Row {
            flags: TAXABLE | IN_EDUCATION,
            ..adult
        };
        assert_eq!(
            value("income_n_15_64", &student),
            0,
            "persons in education are excluded from D"
        );
        let old = Row { age: 65, ..adult };
        assert_eq!(value("age_18_64", &old), 0);
        assert_eq!(value("age_18plus", &old), 1);
        assert_eq!(micro_fte(0.25), 250_000);
    }
}
