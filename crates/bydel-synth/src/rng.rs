//! Seeded random streams. Every stream is derived from the run's seed and a purpose, so one part
//! of the model can change without shifting the random numbers of another.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

/// The generator's random number source.
pub type Rng = ChaCha8Rng;

/// A stream for `purpose` (a small constant) and `index` (e.g. a year) under `seed`.
pub fn stream(seed: u64, purpose: u64, index: u64) -> Rng {
    let mut s = seed ^ 0x9E37_79B9_7F4A_7C15;
    for x in [purpose, index] {
        s = splitmix(s ^ x.wrapping_mul(0xBF58_476D_1CE4_E5B9));
    }
    ChaCha8Rng::seed_from_u64(s)
}

/// A standard normal draw.
pub fn normal(rng: &mut Rng) -> f64 {
    StandardNormal.sample(rng)
}

/// A uniform draw in [0, 1).
pub fn unit(rng: &mut Rng) -> f64 {
    rand::Rng::r#gen::<f64>(rng)
}

/// True with probability `p`.
pub fn chance(rng: &mut Rng, p: f64) -> bool {
    unit(rng) < p
}

/// A uniform integer in `lo..=hi`.
pub fn between(rng: &mut Rng, lo: i32, hi: i32) -> i32 {
    rand::Rng::gen_range(rng, lo..=hi)
}

/// A Poisson draw with small mean (inversion; fine for means below ~10).
pub fn poisson(rng: &mut Rng, mean: f64) -> u32 {
    let (mut k, mut p, l) = (0, 1.0, (-mean.max(0.0)).exp());
    loop {
        p *= unit(rng);
        if p <= l || k >= 30 {
            return k;
        }
        k += 1;
    }
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_deterministic_and_distinct() {
        let a = unit(&mut stream(1, 2, 3));
        assert_eq!(a, unit(&mut stream(1, 2, 3)));
        assert_ne!(a, unit(&mut stream(1, 2, 4)));
        assert_ne!(a, unit(&mut stream(2, 2, 3)));
        let mut r = stream(5, 0, 0);
        let mean = (0..20_000)
            .map(|_| f64::from(poisson(&mut r, 1.5)))
            .sum::<f64>()
            / 20_000.0;
        assert!((mean - 1.5).abs() < 0.05, "{mean}");
    }
}
