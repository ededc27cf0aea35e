//! Rates read from flows — retention, a group's share among in-movers, turnover, the retention
//! gap to the rest of the municipality — analysed with the catalogue's own methods: the same
//! estimate and standard error ([`crate::estimate`]), the same comparison and "markedly worse"
//! rule ([`crate::compare`]) and the same trend verdict ([`crate::trend`]).
//!
//! A rate of flows is a share of persons (stayers among those who were there, a group among the
//! in-movers), so it is an [`Indicator`] of kind share with its counts given directly rather
//! than read from the counts table ([`rate_indicator`]). Turnover, movers over residents, can
//! exceed 1: its standard error treats the number of movers as Poisson (`√movers / residents`).
//! A gap between two independent rates has the standard error `√(se_a² + se_r²)`.

use crate::compare::{Comparison, compare_counts};
use crate::estimate::{RawCounts, estimate};
use crate::indicator::{Direction, Indicator, IndicatorKind, Source, Unit};
use crate::settings::Settings;
use crate::trend::{Point, Trend, fit};

/// The integer counts of one rate in one year: persons with the trait over persons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// The persons counted (e.g. stayers).
    pub num: i64,
    /// The persons they are counted among (e.g. stayers and out-movers).
    pub den: i64,
}

impl Rate {
    /// The counts as the estimate takes them.
    fn raw(self) -> RawCounts {
        RawCounts {
            num: self.num,
            den: self.den,
            sum_sq: None,
        }
    }
}

/// A share indicator for a rate of flows, named `id` (Danish and English names), with the
/// direction that is bad. Its counts are given by the caller, never read from the counts table.
pub fn rate_indicator(
    id: &str,
    (name_da, name_en): (&str, &str),
    direction: Direction,
) -> Indicator {
    Indicator {
        id: id.into(),
        version: 1,
        name_da: name_da.into(),
        name_en: name_en.into(),
        population: String::new(),
        criterion: None,
        kind: IndicatorKind::Share,
        numerator: String::new(),
        denominator: String::new(),
        scale: 1,
        unit: Unit::Share,
        direction,
        window: 1,
        sum_sq: None,
        assumed_sd: None,
        source: Source::Register,
        layers: Vec::new(),
        thresholds: Vec::new(),
        trend_relative_to: None,
        surroundings: None,
        measures: Vec::new(),
        notes: String::new(),
    }
}

/// The area's rate against the rest of the municipality's, with the catalogue's comparison
/// and the run's "markedly worse" rule (`s.markedly`).
pub fn compare_rates(ind: &Indicator, area: Rate, rest: Rate, s: &Settings) -> Comparison {
    compare_counts(ind, area.raw(), rest.raw(), &s.markedly, s.level)
}

/// A trend point of a rate: its value and the share's standard error (`None` without persons).
pub fn rate_point(ind: &Indicator, year: i32, r: Rate, s: &Settings) -> Option<Point> {
    let e = estimate(ind, r.raw(), s.level);
    Some(Point {
        year,
        value: e.value.number()?,
        se: e.se.unwrap_or(0.0),
    })
}

/// A trend point of turnover, `movers / residents`, with the Poisson standard error of the
/// movers (`None` without residents).
pub fn turnover_point(year: i32, movers: i64, residents: i64) -> Option<Point> {
    (residents > 0).then(|| Point {
        year,
        value: movers as f64 / residents as f64,
        se: (movers.max(0) as f64).sqrt() / residents as f64,
    })
}

/// A trend point of the difference of two independent rates (the area's minus the rest's):
/// `None` when either has no persons.
pub fn gap_point(
    ind: &Indicator,
    year: i32,
    area: Rate,
    rest: Rate,
    s: &Settings,
) -> Option<Point> {
    let a = rate_point(ind, year, area, s)?;
    let r = rate_point(ind, year, rest, s)?;
    Some(Point {
        year,
        value: a.value - r.value,
        se: (a.se * a.se + r.se * r.se).sqrt(),
    })
}

/// The trend and verdict of a series of points (oldest first) with the run's settings: the
/// catalogue trends' Theil–Sen slope, Mann–Kendall test and verdict ([`crate::trend::fit`]).
pub fn rate_trend(
    points: &[Point],
    direction: Direction,
    s: &Settings,
    seed: u64,
) -> Option<Trend> {
    fit(points, direction, s.trend_alpha, s.draws, seed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trend::Verdict;

    fn retention() -> Indicator {
        rate_indicator(
            "retention",
            ("fastholdelse", "retention"),
            Direction::HigherIsBetter,
        )
    }

    #[test]
    fn markedly_worse_uses_the_run_rule() {
        // 70 % stay against 90 %: 30 % leave against 10 %, three times as often, significant
        let s = Settings::default();
        let c = compare_rates(
            &retention(),
            Rate { num: 70, den: 100 },
            Rate {
                num: 900,
                den: 1000,
            },
            &s,
        );
        assert!(c.markedly_worse);
        // 85 % against 90 %: 1.5 times as often, but not significant with 100 persons
        let c = compare_rates(
            &retention(),
            Rate { num: 85, den: 100 },
            Rate {
                num: 900,
                den: 1000,
            },
            &s,
        );
        assert!(!c.markedly_worse);
    }

    #[test]
    fn a_falling_retention_is_worsening_and_a_falling_turnover_improving() {
        let s = Settings::default();
        let pts: Vec<Point> = (0..6)
            .filter_map(|k| {
                rate_point(
                    &retention(),
                    2020 + k,
                    Rate {
                        num: 900 - 30 * i64::from(k),
                        den: 1000,
                    },
                    &s,
                )
            })
            .collect();
        let t = rate_trend(&pts, Direction::HigherIsBetter, &s, 1).unwrap();
        assert_eq!(t.verdict, Verdict::Worsening);
        assert!((t.slope + 0.03).abs() < 1e-9);
        let pts: Vec<Point> = (0..6)
            .filter_map(|k| turnover_point(2020 + k, 300 - 20 * i64::from(k), 1000))
            .collect();
        let t = rate_trend(&pts, Direction::HigherIsWorse, &s, 1).unwrap();
        assert_eq!(t.verdict, Verdict::Improving);
        assert!((pts[0].se - 300f64.sqrt() / 1000.0).abs() < 1e-12);
    }

    #[test]
    fn the_gap_point_subtracts_and_adds_the_variances() {
        let s = Settings::default();
        let p = gap_point(
            &retention(),
            2025,
            Rate { num: 80, den: 100 },
            Rate { num: 450, den: 500 },
            &s,
        )
        .unwrap();
        assert!((p.value - (0.8 - 0.9)).abs() < 1e-12);
        let se = (0.8f64 * 0.2 / 100.0 + 0.9 * 0.1 / 500.0).sqrt();
        assert!((p.se - se).abs() < 1e-9, "{} against {se}", p.se);
        assert!(
            gap_point(
                &retention(),
                2025,
                Rate { num: 0, den: 0 },
                Rate { num: 1, den: 2 },
                &s
            )
            .is_none()
        );
    }
}
