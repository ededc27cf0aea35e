//! Benchmark: every single-group index with 200 bootstrap and 200 random-allocation replicates,
//! plus the Theil split, for a Denmark-sized layer (3,000 areas) over 14 years.
//!
//! `cargo run --release -p bydel-segregation --example denmark_bench` prints a timing table.

use std::time::Instant;

use bydel_segregation::inference::{Resampling, estimate};
use bydel_segregation::{AreaCounts, Design, Index, theil_split};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

fn year(seed: u64, areas: usize) -> AreaCounts {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut g, mut t) = (Vec::new(), Vec::new());
    for i in 0..areas {
        let total: u64 = rng.gen_range(20..4000);
        let p = (0.02 + 0.4 * (i % 97) as f64 / 97.0).min(0.9);
        g.push((total as f64 * p * rng.gen_range(0.8..1.2)).min(total as f64) as u64);
        t.push(total);
    }
    AreaCounts::single_group(
        "non_western",
        (0..areas).map(|i| format!("a{i}")).collect(),
        &g,
        &t,
    )
    .expect("valid counts")
}

fn main() {
    let (areas, years, replicates) = (3000, 14, 200);
    let data: Vec<AreaCounts> = (0..years).map(|y| year(y as u64, areas)).collect();
    let parents: Vec<String> = (0..areas).map(|i| format!("m{}", i / 30)).collect();
    let indices = Index::for_design(Design::SingleGroup);
    let settings = Resampling::new(replicates, 42);
    let start = Instant::now();
    let results: Vec<_> = data
        .par_iter()
        .map(|c| (estimate(c, &indices, &settings), theil_split(c, &parents)))
        .collect();
    let elapsed = start.elapsed();
    assert!(results.iter().all(|(e, s)| e.is_ok() && s.is_ok()));
    println!("areas  years  replicates  indices  threads  seconds");
    println!(
        "{areas:<6} {years:<6} {replicates:<11} {:<8} {:<8} {:.2}",
        indices.len(),
        rayon::current_num_threads(),
        elapsed.as_secs_f64()
    );
}
