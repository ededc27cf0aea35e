//! Calibration of the trend verdict by simulation (issue 13): its false-alarm rate when nothing
//! changes and its power when a share changes steadily, for six single-year values of a share
//! drawn binomially as in a housing area. The numbers printed here (`cargo nextest run -p
//! bydel-analysis --test trend_calibration --no-capture`) are the ones in docs/analysis.md.

use bydel_analysis::indicator::Direction;
use bydel_analysis::interval::share_se;
use bydel_analysis::trend::{Point, Verdict, fit};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Binomial, Distribution};

const YEARS: i32 = 6;
const ALPHA: f64 = 0.05;
const SERIES: u32 = 10_000;

/// The share of simulated series with a verdict other than "no clear trend", with the verdict
/// in the direction of the true change (`worsening` for a rising share), and the latter under
/// the rule before issue 13 (the same plus robustness ≥ 0.5), for comparison.
fn rates(n: u64, start: f64, slope: f64, seed: u64) -> (f64, f64, f64) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut any, mut right, mut old) = (0u32, 0u32, 0u32);
    for _ in 0..SERIES {
        let points: Vec<Point> = (0..YEARS)
            .map(|i| {
                let p = start + slope * f64::from(i);
                let x = Binomial::new(n, p).unwrap().sample(&mut rng) as f64;
                Point {
                    year: 2020 + i,
                    value: x / n as f64,
                    se: share_se(x, n as f64),
                }
            })
            .collect();
        let tr = fit(&points, Direction::HigherIsWorse, ALPHA, 100, 1).unwrap();
        any += u32::from(tr.verdict != Verdict::NoClearTrend);
        right += u32::from(tr.verdict == Verdict::Worsening);
        old += u32::from(tr.verdict == Verdict::Worsening && tr.robustness >= 0.5);
    }
    let rate = |k: u32| f64::from(k) / f64::from(SERIES);
    (rate(any), rate(right), rate(old))
}

#[test]
fn issue_13_false_alarm_rate_is_below_alpha() {
    for n in [100, 1000] {
        let (alarm, _, _) = rates(n, 0.30, 0.0, 11);
        println!("no change, {n} persons: false-alarm rate {alarm:.4}");
        // Six years allow |S| ∈ {15, 13} only at 5 %: 12 of 720 orders, 1.67 %, plus ties.
        assert!(alarm <= ALPHA, "false-alarm rate {alarm} above {ALPHA}");
        assert!(
            alarm > 0.005,
            "the simulation does not exercise the rule: {alarm}"
        );
    }
}

#[test]
fn issue_13_power_of_the_verdict() {
    let cases = [
        // (persons, slope per year, lower bound of the power)
        (1000, 0.01, 0.20),
        (1000, 0.02, 0.70),
        (300, 0.02, 0.25),
        (300, 0.04, 0.70),
    ];
    for (n, slope, at_least) in cases {
        let (_, power, old) = rates(n, 0.30, slope, 12);
        println!(
            "+{slope:.2} a year, {n} persons: power {power:.3} (rule before issue 13: {old:.3})"
        );
        assert!(power >= at_least, "power {power} below {at_least}");
    }
}

/// Six falls in six years (Mørkhøj almene boliger's C in the demo: Mann–Kendall p = 0.009, the
/// slope interval below 0) is "improving" for a higher-is-worse share, however wide each
/// year's interval. The old rule (robustness ≥ 0.5) said "no clear trend".
#[test]
fn issue_13_six_falls_in_six_years_is_improving() {
    let values = [0.503, 0.497, 0.489, 0.482, 0.476, 0.470];
    let points: Vec<Point> = values
        .iter()
        .zip(2020..)
        .map(|(&v, y)| Point {
            year: y,
            value: v,
            se: share_se(v * 400.0, 400.0),
        })
        .collect();
    let tr = fit(&points, Direction::HigherIsWorse, ALPHA, 1000, 7).unwrap();
    assert!(tr.p_value < 0.01, "{tr:?}");
    assert!(tr.slope_interval.unwrap().upper < 0.0, "{tr:?}");
    assert!(
        tr.robustness < 0.5,
        "the case must be one the old rule rejected: {tr:?}"
    );
    assert_eq!(tr.verdict, Verdict::Improving);
}
