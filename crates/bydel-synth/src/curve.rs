//! Year curves: a value that changes over the years, given as key frames and interpolated
//! linearly between them (held constant before the first and after the last).

/// A piecewise-linear function of the year.
#[derive(Debug, Clone, PartialEq)]
pub struct Curve {
    keys: Vec<(i32, f64)>,
}

impl Curve {
    /// A constant.
    pub fn flat(v: f64) -> Self {
        Curve {
            keys: vec![(2000, v)],
        }
    }

    /// Key frames `(year, value)`; they are sorted by year.
    pub fn keys(keys: &[(i32, f64)]) -> Self {
        let mut keys = keys.to_vec();
        keys.sort_by_key(|k| k.0);
        assert!(!keys.is_empty(), "a curve needs at least one key frame");
        Curve { keys }
    }

    /// A straight line from `(2012, a)` to `(2025, b)`.
    pub fn line(a: f64, b: f64) -> Self {
        Curve::keys(&[(2012, a), (2025, b)])
    }

    /// The value in `year`.
    pub fn at(&self, year: i32) -> f64 {
        let k = &self.keys;
        if year <= k[0].0 {
            return k[0].1;
        }
        for w in k.windows(2) {
            let ((y0, v0), (y1, v1)) = (w[0], w[1]);
            if year <= y1 {
                let t = f64::from(year - y0) / f64::from(y1 - y0);
                return v0 + t * (v1 - v0);
            }
        }
        k[k.len() - 1].1
    }

    /// The largest value over `years`.
    pub fn max_over(&self, years: std::ops::RangeInclusive<i32>) -> f64 {
        years.map(|y| self.at(y)).fold(f64::MIN, f64::max)
    }

    /// The same curve multiplied by `f`.
    pub fn scaled(&self, f: f64) -> Self {
        Curve {
            keys: self.keys.iter().map(|&(y, v)| (y, v * f)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolates_and_holds() {
        let c = Curve::keys(&[(2012, 1.0), (2016, 3.0), (2020, 3.0)]);
        assert_eq!(c.at(2000), 1.0);
        assert_eq!(c.at(2014), 2.0);
        assert_eq!(c.at(2018), 3.0);
        assert_eq!(c.at(2030), 3.0);
        assert_eq!(Curve::line(0.0, 13.0).at(2013), 1.0);
        assert_eq!(c.scaled(2.0).at(2016), 6.0);
        assert_eq!(c.max_over(2012..=2013), 1.5);
    }
}
