//! Property tests: ranges, invariance to area order, zero for an even mix, the maximum for a
//! fully segregated city, and the additivity of local contributions and of the Theil split.

use bydel_model::Value;
use bydel_segregation::{
    AreaCounts, Index, MultiIndex, SingleIndex, compute_all, local_measures, theil_split,
};
use proptest::prelude::*;

fn table(rows: &[Vec<u64>]) -> AreaCounts {
    let k = rows[0].len();
    let groups = (0..k).map(|g| format!("g{g}")).collect();
    let ids = (0..rows.len()).map(|i| format!("a{i}")).collect();
    AreaCounts::multi_group(groups, ids, rows).unwrap()
}

fn rows_strategy() -> impl Strategy<Value = Vec<Vec<u64>>> {
    (2usize..5).prop_flat_map(|k| prop::collection::vec(prop::collection::vec(0u64..400, k), 1..40))
}

fn num(v: &Value) -> Option<f64> {
    v.number()
}

proptest! {
    #[test]
    fn indices_stay_in_range(rows in rows_strategy()) {
        let multi = table(&rows);
        let single = multi.group_against_rest(0).unwrap();
        let k = multi.k() as f64;
        for (c, design) in [(&single, "single"), (&multi, "multi")] {
            for v in compute_all(c, &Index::all()) {
                let Some(x) = num(&v.value) else { continue };
                prop_assert!(x.is_finite());
                let hi = if v.index == "multi_diversity" { k.ln() } else { 1.0 };
                prop_assert!((-1e-9..=hi + 1e-9).contains(&x), "{design} {} = {x}", v.index);
            }
        }
    }

    #[test]
    fn area_order_does_not_matter(rows in rows_strategy(), seed in any::<u64>()) {
        let mut shuffled = rows.clone();
        let n = shuffled.len();
        for i in (1..n).rev() {
            shuffled.swap(i, (seed.wrapping_mul(i as u64 + 7) % (i as u64 + 1)) as usize);
        }
        let (a, b) = (table(&rows), table(&shuffled));
        for (x, y) in compute_all(&a, &Index::all()).iter().zip(compute_all(&b, &Index::all())) {
            match (num(&x.value), num(&y.value)) {
                (Some(p), Some(q)) => prop_assert!((p - q).abs() <= 1e-9 * p.abs().max(1.0), "{}", x.index),
                (None, None) => {}
                _ => prop_assert!(false, "{} defined in one order only", x.index),
            }
        }
    }

    #[test]
    fn an_even_mix_is_not_segregated(base in prop::collection::vec(1u64..50, 2..5),
                                     scale in prop::collection::vec(0u64..20, 1..30)) {
        let rows: Vec<Vec<u64>> = scale.iter().map(|s| base.iter().map(|b| b * s).collect()).collect();
        prop_assume!(scale.iter().any(|s| *s > 0));
        let multi = table(&rows);
        let single = multi.group_against_rest(0).unwrap();
        let big_p = base[0] as f64 / base.iter().sum::<u64>() as f64;
        for (c, idx) in [(&single, Index::for_design(single.design())), (&multi, Index::for_design(multi.design()))] {
            for v in compute_all(c, &idx) {
                let x = num(&v.value).unwrap();
                let want = match v.index {
                    "isolation" => big_p,
                    "interaction" => 1.0 - big_p,
                    name if Index::parse(name).is_some_and(is_diversity) => continue,
                    _ => 0.0,
                };
                prop_assert!((x - want).abs() < 1e-9, "{} = {x}, want {want}", v.index);
            }
        }
    }

    #[test]
    fn a_fully_segregated_city_is_at_the_maximum(sizes in prop::collection::vec(1u64..500, 2..30), k in 2usize..5) {
        let rows: Vec<Vec<u64>> = sizes.iter().enumerate()
            .map(|(i, s)| (0..k).map(|g| if g == i % k { *s } else { 0 }).collect())
            .collect();
        let multi = table(&rows);
        prop_assume!(multi.group_totals().iter().filter(|t| **t > 0).count() >= 2);
        let single = multi.group_against_rest(0).unwrap();
        for (c, idx) in [(&single, Index::for_design(single.design())), (&multi, Index::for_design(multi.design()))] {
            for v in compute_all(c, &idx) {
                let x = num(&v.value).unwrap();
                let want = match v.index {
                    "interaction" => 0.0,
                    name if Index::parse(name).is_some_and(is_diversity) => continue,
                    _ => 1.0,
                };
                prop_assert!((x - want).abs() < 1e-9, "{} = {x}, want {want}", v.index);
            }
        }
    }

    #[test]
    fn contributions_and_split_add_up(rows in rows_strategy(), parents in prop::collection::vec(0u8..4, 40)) {
        let multi = table(&rows);
        let parent_ids: Vec<String> = (0..multi.len()).map(|i| format!("p{}", parents[i])).collect();
        let d = MultiIndex::MultiDissimilarity.compute(&multi);
        let h = MultiIndex::MultiInformationTheory.compute(&multi);
        let local = local_measures(&multi);
        if let (Some(d), Some(h)) = (d.number(), h.number()) {
            let sd: f64 = local.iter().map(|l| l.dissimilarity_contribution.number().unwrap()).sum();
            let sh: f64 = local.iter().map(|l| l.entropy_contribution.number().unwrap()).sum();
            prop_assert!((sd - d).abs() < 1e-9 && (sh - h).abs() < 1e-9);
            let split = theil_split(&multi, &parent_ids).unwrap();
            let total = split.between.number().unwrap() + split.within.number().unwrap();
            prop_assert!((total - h).abs() < 1e-9, "{total} vs {h}");
        }
    }
}

fn is_diversity(i: Index) -> bool {
    matches!(i, Index::Multi(m) if m.is_diversity())
}

#[test]
fn undefined_cases_are_values_not_nan() {
    let nobody = table(&[vec![0, 0], vec![0, 0]]);
    let one_group = table(&[vec![3, 0], vec![5, 0]]);
    for c in [&nobody, &one_group] {
        for v in compute_all(c, &Index::all()) {
            if let Value::Number(x) = v.value {
                assert!(x.is_finite(), "{}", v.index);
            }
        }
        let single = c.group_against_rest(0).unwrap();
        assert!(
            SingleIndex::Dissimilarity
                .compute(&single)
                .number()
                .is_none()
        );
    }
}
