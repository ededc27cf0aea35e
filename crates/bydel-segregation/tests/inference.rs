//! Inference: reproducible bootstrap intervals, the random-allocation baseline and change tests.

use bydel_segregation::inference::{Resampling, change_test, estimate};
use bydel_segregation::{AreaCounts, Index, SingleIndex};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A seeded city of `n` areas where the group's share rises with the area index by `gradient`.
fn city(n: usize, gradient: f64, seed: u64) -> AreaCounts {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut group, mut total) = (Vec::new(), Vec::new());
    for i in 0..n {
        let t: u64 = rng.gen_range(50..1500);
        let p = 0.15 + gradient * (i as f64 / n as f64 - 0.5);
        group.push((0..t).filter(|_| rng.gen_bool(p.clamp(0.0, 1.0))).count() as u64);
        total.push(t);
    }
    let ids = (0..n).map(|i| format!("a{i}")).collect();
    AreaCounts::single_group("g", ids, &group, &total).unwrap()
}

const D: [Index; 2] = [
    Index::Single(SingleIndex::Dissimilarity),
    Index::Single(SingleIndex::Entropy),
];

#[test]
fn same_seed_same_result_other_seed_other_result() {
    let c = city(60, 0.2, 1);
    let a = estimate(&c, &D, &Resampling::new(50, 7)).unwrap();
    let b = estimate(&c, &D, &Resampling::new(50, 7)).unwrap();
    let other = estimate(&c, &D, &Resampling::new(50, 8)).unwrap();
    assert_eq!(a, b);
    assert_ne!(a[0].ci_low, other[0].ci_low);
}

#[test]
fn interval_surrounds_the_estimate_and_random_allocation_sits_below() {
    let c = city(80, 0.25, 2);
    let e = &estimate(&c, &D, &Resampling::new(200, 3)).unwrap()[0];
    let (v, lo, hi) = (
        e.value.number().unwrap(),
        e.ci_low.number().unwrap(),
        e.ci_high.number().unwrap(),
    );
    // The bootstrap centres near the (upward-biased) estimate, and the bias correction lowers it.
    assert!(lo < v && v < hi + 0.01, "{lo} {v} {hi}");
    assert!(e.bias_corrected.number().unwrap() < v);
    let random = e.expected_random.number().unwrap();
    assert!(
        random > 0.0 && random < lo,
        "random allocation {random} vs interval from {lo}"
    );
}

#[test]
fn small_areas_raise_the_random_baseline() {
    let small = AreaCounts::single_group(
        "g",
        (0..200).map(|i| format!("a{i}")).collect(),
        &[2; 200],
        &[10; 200],
    )
    .unwrap();
    let large = AreaCounts::single_group(
        "g",
        (0..200).map(|i| format!("a{i}")).collect(),
        &[200; 200],
        &[1000; 200],
    )
    .unwrap();
    let s = Resampling::new(100, 4);
    let rs = estimate(&small, &D, &s).unwrap()[0]
        .expected_random
        .number()
        .unwrap();
    let rl = estimate(&large, &D, &s).unwrap()[0]
        .expected_random
        .number()
        .unwrap();
    assert!(rs > 0.2 && rl < 0.05, "small areas {rs}, large areas {rl}");
}

#[test]
fn a_real_increase_is_significant_and_no_change_is_not() {
    let before = city(100, 0.1, 5);
    let after = city(100, 0.3, 6);
    let s = Resampling::new(200, 9);
    let up = &change_test(&before, &after, &D, &s).unwrap()[0];
    assert!(up.difference.number().unwrap() > 0.0);
    assert!(up.p_value.number().unwrap() < 0.05, "{up:?}");
    assert!(up.ci_low.number().unwrap() > 0.0);
    let same = &change_test(&before, &before, &D, &s).unwrap()[0];
    assert_eq!(same.difference.number(), Some(0.0));
    assert!(same.p_value.number().unwrap() > 0.2, "{same:?}");
}

#[test]
fn too_few_replicates_is_a_usage_error() {
    let c = city(5, 0.1, 1);
    assert!(estimate(&c, &D, &Resampling::new(1, 1)).is_err());
}

/// Issue 13: the replicate count is capped with a clear error, and populations above 2^53 are
/// refused instead of overflowing (a panic in debug builds, wrapped sums in release).
#[test]
fn issue_13_replicate_cap_and_population_cap() {
    use bydel_segregation::counts::MAX_POPULATION;
    use bydel_segregation::inference::MAX_REPLICATES;
    let c = bydel_segregation::AreaCounts::single_group(
        "g",
        vec!["a".into(), "b".into()],
        &[5, 1],
        &[10, 10],
    )
    .unwrap();
    let e = estimate(&c, &D, &Resampling::new(MAX_REPLICATES + 1, 1)).unwrap_err();
    assert!(e.to_string().contains("from 2 to 100000 replicates"), "{e}");
    let huge = bydel_segregation::AreaCounts::multi_group(
        vec!["x".into(), "y".into()],
        vec!["a".into(), "b".into()],
        &[vec![MAX_POPULATION / 2, 1], vec![MAX_POPULATION / 2, 0]],
    )
    .unwrap_err();
    assert!(huge.to_string().contains("area \"b\""), "{huge}");
    let edge = bydel_segregation::AreaCounts::single_group(
        "g",
        vec!["a".into(), "b".into()],
        &[MAX_POPULATION / 8, 7],
        &[MAX_POPULATION / 4, MAX_POPULATION / 4],
    )
    .unwrap();
    let d = estimate(&edge, &D, &Resampling::new(5, 1)).unwrap();
    assert!(d[0].value.number().is_some());
}
