//! Property tests on random small hierarchies: a municipality, 2–4 districts that partition it,
//! and 3–5 housing areas per district (partitioning their district, or not).
//!
//! - Published with a correct secondary suppression (every relation with a suppressed cell has
//!   at least two, adding up to at least `min_count`), the audit says clean.
//! - With exactly one suppressed cell per relation, every suppressed cell is recovered.

mod common;

use bydel_audit::FindingKind;
use common::{Fixture, count, label};
use proptest::prelude::*;
use serde_json::json;

const MIN_COUNT: u32 = 3;

/// A random hierarchy: per district, its housing areas' counts (the first at least 10) and the
/// part of the district no housing area covers.
#[derive(Debug, Clone)]
struct Tree {
    districts: Vec<(Vec<u32>, u32)>,
    partition: bool,
}

impl Tree {
    fn district_total(&self, d: usize) -> u32 {
        let (leaves, rest) = &self.districts[d];
        leaves.iter().sum::<u32>() + if self.partition { 0 } else { *rest }
    }
}

fn tree() -> impl Strategy<Value = Tree> {
    let district = (10u32..40, prop::collection::vec(0u32..40, 2..5), 0u32..20).prop_map(
        |(first, mut rest, uncovered)| {
            rest.insert(0, first);
            (rest, uncovered)
        },
    );
    (prop::collection::vec(district, 2..5), any::<bool>()).prop_map(|(districts, partition)| Tree {
        districts,
        partition,
    })
}

/// Writes the tree, with the cells in `hidden` (district index, leaf index; leaf `None` for the
/// district itself) suppressed.
fn publish(tree: &Tree, hidden: &[(usize, Option<usize>)]) -> Fixture {
    let mut f = Fixture::new();
    f.area("municipality", "159", None);
    f.partition("district", "municipality");
    if tree.partition {
        f.partition("housing_area", "district");
    }
    let total: u32 = (0..tree.districts.len())
        .map(|d| tree.district_total(d))
        .sum();
    let mut csv =
        format!("kind,area_id,year,name,residents\nmunicipality,159,2024,Testby,{total}\n");
    let shown = |v: u32, cell: (usize, Option<usize>)| {
        if hidden.contains(&cell) {
            "..".to_string()
        } else {
            v.to_string()
        }
    };
    for (d, (leaves, _)) in tree.districts.iter().enumerate() {
        let id = format!("d{d}");
        f.area("district", &id, Some(("municipality", "159")));
        let v = shown(tree.district_total(d), (d, None));
        csv.push_str(&format!("district,{id},2024,{id},{v}\n"));
        for (l, &value) in leaves.iter().enumerate() {
            let leaf = format!("{id}-a{l}");
            f.area("housing_area", &leaf, Some(("district", &id)));
            let v = shown(value, (d, Some(l)));
            csv.push_str(&format!("housing_area,{leaf},2024,{leaf},{v}\n"));
        }
    }
    f.table(
        "population",
        &["kind", "area_id", "year"],
        json!([label("name"), count("residents", "residents")]),
        &csv,
    );
    f
}

/// Primary suppression of counts in `1..MIN_COUNT`, then per district the largest released
/// housing areas until at least two are suppressed and they add up to at least `MIN_COUNT`.
fn correct_suppression(tree: &Tree) -> Vec<(usize, Option<usize>)> {
    let mut hidden = Vec::new();
    for (d, (leaves, _)) in tree.districts.iter().enumerate() {
        let mut suppressed: Vec<usize> = (0..leaves.len())
            .filter(|&l| (1..MIN_COUNT).contains(&leaves[l]))
            .collect();
        while !suppressed.is_empty()
            && (suppressed.len() < 2
                || suppressed.iter().map(|&l| leaves[l]).sum::<u32>() < MIN_COUNT)
        {
            let next = (0..leaves.len())
                .filter(|l| !suppressed.contains(l))
                .max_by_key(|&l| (leaves[l], std::cmp::Reverse(l)))
                .expect("a district has a housing area of at least 10");
            suppressed.push(next);
        }
        hidden.extend(suppressed.into_iter().map(|l| (d, Some(l))));
    }
    hidden
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_correct_secondary_suppression_is_clean(tree in tree()) {
        let hidden = correct_suppression(&tree);
        let report = publish(&tree, &hidden).audit();
        prop_assert!(report.is_clean(), "{:?}\n{}", tree, report.to_text());
        prop_assert_eq!(report.intervals.len(), hidden.len());
        prop_assert!(report.intervals.iter().all(|i| i.protected));
    }

    #[test]
    fn one_suppressed_cell_per_relation_is_recovered(
        mut tree in tree(),
        picks in prop::collection::vec(any::<prop::sample::Index>(), 5),
        district in any::<prop::sample::Index>(),
    ) {
        tree.partition = true;
        let mut hidden = vec![(district.index(tree.districts.len()), None)];
        for (d, (leaves, _)) in tree.districts.iter().enumerate() {
            hidden.push((d, Some(picks[d].index(leaves.len()))));
        }
        let report = publish(&tree, &hidden).audit();
        prop_assert_eq!(
            report.count(FindingKind::ExactlyRecoverable),
            hidden.len(),
            "{:?}\n{}",
            tree,
            report.to_text()
        );
        prop_assert!(report.intervals.iter().all(|i| !i.protected));
    }
}
