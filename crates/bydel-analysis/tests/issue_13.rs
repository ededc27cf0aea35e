//! Issue 13 (analytics side): golden tests that fail on the old behaviour.

mod common;

use bydel_analysis::Catalogue;
use bydel_analysis::checks::check_counts;
use bydel_analysis::compare::{ReferenceMode, WorseRatio, compare_areas};
use bydel_analysis::estimate::{IntervalMethod, estimate, raw_counts};
use bydel_analysis::indicator::Op;
use bydel_analysis::interval::t_quantile;
use bydel_analysis::settings::{MarkedlyRule, Significance};
use bydel_model::{CountsTable, Rational};
use common::*;

/// A 30-digit threshold against a value with a ten-digit denominator: cross-multiplying in i128
/// overflows (4·10^28 × 10^10 > 1.7·10^38). The comparison must stay exact.
#[test]
fn issue_13_thirty_digit_threshold_does_not_wrap() {
    let threshold = Rational::parse_decimal("0.40000000000000000000000000001").unwrap();
    let value = Rational::new(4_000_000_001, 10_000_000_000).unwrap();
    assert!(Op::Greater.holds_exact(value, threshold));
    assert!(!Op::Less.holds_exact(value, threshold));
    assert!(Op::AtMost.holds_exact(threshold, value));
    let just_below = Rational::new(3_999_999_999, 10_000_000_000).unwrap();
    assert!(Op::Less.holds_exact(just_below, threshold));
}

/// Student-t quantiles against closed forms (df 1, 2, 4) and the normal limit, to 1e-9.
#[test]
fn issue_13_t_quantiles_accurate_to_1e_9() {
    use std::f64::consts::PI;
    for level in [0.5, 0.8, 0.9, 0.95, 0.99, 0.999] {
        let p: f64 = 0.5 + level / 2.0;
        let df1 = (PI * (p - 0.5)).tan();
        let df2 = (2.0 * p - 1.0) / (2.0 * p * (1.0 - p)).sqrt();
        let q = 4.0 * p * (1.0 - p);
        let df4 = 2.0 * ((q.sqrt().acos() / 3.0).cos() / q.sqrt() - 1.0).sqrt();
        for (df, exact) in [(1.0, df1), (2.0, df2), (4.0, df4)] {
            let t = t_quantile(level, df).unwrap();
            assert!(
                (t - exact).abs() <= 1e-9 * exact.max(1.0),
                "level {level}, df {df}: {t} against {exact}"
            );
        }
    }
    // Large df: the normal quantile plus three terms of the Cornish–Fisher expansion
    // (Abramowitz & Stegun 26.7.5); the next term is below 1e-10 from df 3,000.
    let z = 1.959_963_984_540_054_f64;
    for df in [3e3, 1e4, 1e5, 1e6, 1e9] {
        let t = t_quantile(0.95, df).unwrap();
        let g1 = (z.powi(3) + z) / 4.0;
        let g2 = (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / 96.0;
        let g3 = (3.0 * z.powi(7) + 19.0 * z.powi(5) + 17.0 * z.powi(3) - 15.0 * z) / 384.0;
        let approx = z + g1 / df + g2 / (df * df) + g3 / (df * df * df);
        assert!((t - approx).abs() <= 1e-9, "df {df}: {t} against {approx}");
    }
    assert!(t_quantile(1.5, 10.0).is_none());
    assert!(t_quantile(0.95, 0.0).is_none());
}

/// Higher-is-better share with the rest of the municipality at 100 %: the ratio of complements
/// is infinite, which meets every ratio rule (it was "missing", so never markedly worse).
#[test]
fn issue_13_infinite_complement_ratio_is_worst() {
    let cat = Catalogue::builtin().unwrap();
    let ind = cat
        .indicators()
        .find(|i| {
            i.direction == bydel_analysis::indicator::Direction::HigherIsBetter
                && i.kind == bydel_analysis::indicator::IndicatorKind::Share
                && i.applies_to("housing_area")
                && i.scale == 1
        })
        .expect("a higher-is-better share in the catalogue")
        .clone();
    let mut t = CountsTable::default();
    info(&mut t, "housing_area", "a", None);
    info(&mut t, "municipality", &MUNI.to_string(), None);
    // Area: 50 of 100 have it; municipality: 950 of 1000, so the rest has 900 of 900.
    set(&mut t, "housing_area", "a", 2020, &ind.numerator, 50);
    set(&mut t, "housing_area", "a", 2020, &ind.denominator, 100);
    let m = MUNI.to_string();
    set(&mut t, "municipality", &m, 2020, &ind.numerator, 950);
    set(&mut t, "municipality", &m, 2020, &ind.denominator, 1000);
    let rule = MarkedlyRule {
        min_ratio: 1_000_000.0,
        significance: Significance::Required { alpha: 0.05 },
        ..MarkedlyRule::default()
    };
    let c = compare_areas(
        &t,
        &ind,
        area("a"),
        muni(),
        year(2020),
        ReferenceMode::Rest,
        &rule,
        0.95,
    )
    .unwrap();
    assert_eq!(c.worse_ratio, WorseRatio::Infinite);
    assert!(c.markedly_worse, "{c:?}");
}

/// A mean whose catalogue names a sum of squares that the counts lack falls back to the
/// assumed SD (it used to disappear: no value at all).
#[test]
fn issue_13_mean_without_sum_of_squares_uses_assumed_sd() {
    let cat = Catalogue::builtin().unwrap();
    let ind = cat.indicator("exam_average").unwrap();
    assert!(ind.sum_sq.is_some() && ind.assumed_sd.is_some());
    let mut t = CountsTable::default();
    info(&mut t, "housing_area", "a", None);
    set(
        &mut t,
        "housing_area",
        "a",
        2020,
        &ind.numerator,
        7 * ind.scale * 100,
    );
    set(&mut t, "housing_area", "a", 2020, &ind.denominator, 100);
    let c = raw_counts(&t, ind, area("a").0, area("a").1, year(2020)).expect("counts");
    let e = estimate(ind, c, 0.95);
    assert_eq!(e.method, IntervalMethod::TAssumedSd);
    assert!((e.value.number().unwrap() - 7.0).abs() < 1e-9);
    let sd = ind.assumed_sd.unwrap();
    let se = e.se.unwrap();
    assert!((se - sd / 10.0).abs() < 1e-12, "{se}");
}

/// Counts an analysis refuses, with the area, year and measures named.
#[test]
fn issue_13_impossible_counts_are_refused() {
    let cat = Catalogue::builtin().unwrap();
    let ind = cat.indicator("e_non_western").unwrap();
    let empty = CountsTable::default();
    let e = check_counts(&empty, &cat, "counts.parquet").unwrap_err();
    assert!(e.to_string().contains("empty"), "{e}");

    let mut t = CountsTable::default();
    info(&mut t, "housing_area", "a", None);
    set(&mut t, "housing_area", "a", 2020, &ind.denominator, 10);
    set(&mut t, "housing_area", "a", 2020, &ind.numerator, 11);
    let e = check_counts(&t, &cat, "counts.parquet")
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("counts.parquet") && e.contains("housing_area a in 2020") && e.contains("above"),
        "{e}"
    );

    let mut t = CountsTable::default();
    info(&mut t, "housing_area", "a", None);
    set(&mut t, "housing_area", "a", 2020, &ind.denominator, -3);
    let e = check_counts(&t, &cat, "counts.parquet")
        .unwrap_err()
        .to_string();
    assert!(e.contains("negative"), "{e}");

    let mut t = CountsTable::default();
    info(&mut t, "housing_area", "a", None);
    set(&mut t, "housing_area", "a", 2020, &ind.denominator, 10);
    set(&mut t, "housing_area", "a", 2020, &ind.numerator, 10);
    check_counts(&t, &cat, "counts.parquet").unwrap();
}

/// Daycare institutions without a parent area (as the engine writes them) had no composition
/// rows at all; they are compared with their municipality, and the row says so.
#[test]
fn issue_13_daycare_composition_rows_exist() {
    use bydel_analysis::composition::institution_comparisons;
    let cat = Catalogue::builtin().unwrap();
    let sur = cat.indicator("children_0_5_non_western").unwrap();
    let mut t = CountsTable::default();
    info(&mut t, "daycare", "dc-1", None);
    info(&mut t, "municipality", &MUNI.to_string(), None);
    set(&mut t, "daycare", "dc-1", 2020, "children", 40);
    set(&mut t, "daycare", "dc-1", 2020, "children_non_western", 20);
    let m = MUNI.to_string();
    set(&mut t, "municipality", &m, 2020, &sur.denominator, 4000);
    set(&mut t, "municipality", &m, 2020, &sur.numerator, 600);
    let rows = institution_comparisons(&t, &cat, &bydel_analysis::Settings::default());
    let row = rows
        .iter()
        .find(|r| r.kind.as_str() == "daycare" && r.indicator == "daycare_non_western")
        .expect("a daycare row");
    assert_eq!(row.surroundings.0.as_str(), "municipality");
    assert_eq!(row.surroundings.1.as_str(), m);
    assert!(row.comparison.markedly_worse, "{row:?}");
}
