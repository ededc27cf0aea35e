//! Random draws of whole count tables: the bootstrap and random allocation.

use rand::Rng;
use rand_distr::{Binomial, Distribution, Hypergeometric};

use crate::counts::AreaCounts;

/// Bootstrap: each area's persons are redrawn, with replacement, from the area's own observed
/// composition (a multinomial draw of the area's population with the observed group shares,
/// done as a chain of binomials). Area populations are fixed; group totals vary.
pub(crate) fn bootstrap(counts: &AreaCounts, rng: &mut impl Rng) -> Vec<u64> {
    let mut out = Vec::with_capacity(counts.flat().len());
    for i in 0..counts.len() {
        let row = counts.row(i);
        let (mut left_n, mut left_x) = (counts.total(i), counts.total(i));
        for (k, &x) in row.iter().enumerate() {
            let draw = if k + 1 == row.len() {
                left_n
            } else {
                binomial(left_n, x as f64 / left_x.max(1) as f64, rng)
            };
            out.push(draw);
            left_n -= draw;
            left_x -= x;
        }
    }
    out
}

/// Evenness (PySAL's `simulate_evenness`): every area keeps its population and each person's
/// group is drawn independently with the city's group shares (a multinomial per area).
pub(crate) fn evenness(counts: &AreaCounts, rng: &mut impl Rng) -> Vec<u64> {
    let (shares, grand) = (counts.group_totals(), counts.grand_total());
    let mut out = Vec::with_capacity(counts.flat().len());
    for i in 0..counts.len() {
        let (mut left_n, mut left_x) = (counts.total(i), grand);
        for (k, &x) in shares.iter().enumerate() {
            let draw = if k + 1 == shares.len() {
                left_n
            } else {
                binomial(left_n, x as f64 / left_x.max(1) as f64, rng)
            };
            out.push(draw);
            left_n -= draw;
            left_x -= x;
        }
    }
    out
}

/// Person permutation (PySAL's `simulate_person_permutation`): the city's persons are shuffled
/// over its areas, keeping every area's population and every group's total (a chain of
/// hypergeometric draws; exact, but slow for very large populations).
pub(crate) fn person_permutation(counts: &AreaCounts, rng: &mut impl Rng) -> Vec<u64> {
    let mut pool = counts.group_totals();
    let mut out = Vec::with_capacity(counts.flat().len());
    for i in 0..counts.len() {
        let mut draws = counts.total(i);
        let mut population: u64 = pool.iter().sum();
        for k in 0..pool.len() {
            let x = if k + 1 == pool.len() {
                draws
            } else {
                hypergeometric(population, pool[k], draws, rng)
            };
            out.push(x);
            population -= pool[k];
            pool[k] -= x;
            draws -= x;
        }
    }
    out
}

fn binomial(n: u64, p: f64, rng: &mut impl Rng) -> u64 {
    if n == 0 || p <= 0.0 {
        0
    } else if p >= 1.0 {
        n
    } else {
        Binomial::new(n, p).map_or(0, |b| b.sample(rng))
    }
}

/// Successes among `draws` taken without replacement from `population` holding `successes`.
fn hypergeometric(population: u64, successes: u64, draws: u64, rng: &mut impl Rng) -> u64 {
    if draws == 0 || successes == 0 {
        0
    } else if successes == population {
        draws
    } else if draws == population {
        successes
    } else {
        Hypergeometric::new(population, successes, draws).map_or(0, |h| h.sample(rng))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    fn city() -> AreaCounts {
        let groups = vec!["a".to_string(), "b".into(), "c".into()];
        let ids = (0..4).map(|i| format!("x{i}")).collect();
        let rows = [vec![5, 0, 2], vec![0, 0, 0], vec![10, 30, 1], vec![0, 7, 0]];
        AreaCounts::multi_group(groups, ids, &rows).unwrap()
    }

    #[test]
    fn bootstrap_keeps_area_populations_and_absent_groups() {
        let c = city();
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..50 {
            let s = c.with_counts(bootstrap(&c, &mut rng));
            for i in 0..c.len() {
                assert_eq!(s.total(i), c.total(i));
                for k in 0..c.k() {
                    assert!(c.row(i)[k] > 0 || s.row(i)[k] == 0);
                }
            }
        }
    }

    #[test]
    fn evenness_keeps_area_populations() {
        let c = city();
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        for _ in 0..50 {
            let s = c.with_counts(evenness(&c, &mut rng));
            assert_eq!(s.grand_total(), c.grand_total());
            for i in 0..c.len() {
                assert_eq!(s.total(i), c.total(i));
            }
        }
    }

    #[test]
    fn person_permutation_keeps_both_margins() {
        let c = city();
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        for _ in 0..50 {
            let s = c.with_counts(person_permutation(&c, &mut rng));
            assert_eq!(s.group_totals(), c.group_totals());
            for i in 0..c.len() {
                assert_eq!(s.total(i), c.total(i));
            }
        }
    }
}
