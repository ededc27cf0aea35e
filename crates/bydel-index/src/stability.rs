//! Class stability: how likely an area's class would stay the same under the sampling
//! uncertainty of its indicators.
//!
//! Each indicator given as counts is redrawn from the Jeffreys posterior of its share,
//! p* ~ Beta(numerator + ½, denominator − numerator + ½) (a change of shares redraws both), and
//! the whole index is recomputed on the redrawn table (so the standardisation moves too). An
//! area's stability is the share of replicates in which its class equals the class on the
//! observed data. Values given without counts stay fixed; an area none of whose indicators has
//! counts gets no stability. The random numbers are seeded, so runs repeat exactly.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Beta, Distribution};

use crate::error::IndexError;
use crate::table::{AreaTable, Observation, Share};

/// Whether and how to estimate class stability.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stability {
    /// No estimate.
    Off,
    /// Simulate this many replicates from this seed.
    Simulation {
        /// Number of replicates (1000 gives about ±1.5 percentage points).
        replicates: u32,
        /// The random seed.
        seed: u64,
    },
}

impl Default for Stability {
    fn default() -> Self {
        Stability::Simulation {
            replicates: 1000,
            seed: 1,
        }
    }
}

/// For each class column (e.g. MSS status, dynamics) and area: the share of replicates with the
/// same class as `observed`, or `None` where the area has no counts.
pub(crate) fn simulate(
    table: &AreaTable,
    observed: &[Vec<Option<String>>],
    replicates: u32,
    seed: u64,
    run: impl Fn(&AreaTable) -> Result<Vec<Vec<Option<String>>>, IndexError>,
) -> Result<Vec<Vec<Option<f64>>>, IndexError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut same = vec![vec![0u32; table.rows().len()]; observed.len()];
    for r in 0..replicates {
        let replicate = table.with_observations(redraw(table, &mut rng)?);
        let labels = run(&replicate)
            .map_err(|e| IndexError::Data(format!("stability replicate {}: {e}", r + 1)))?;
        for ((count, obs), rep) in same.iter_mut().zip(observed).zip(&labels) {
            for ((c, o), x) in count.iter_mut().zip(obs).zip(rep) {
                *c += u32::from(o.is_some() && o == x);
            }
        }
    }
    let has_counts: Vec<bool> = table
        .rows()
        .iter()
        .map(|r| r.observations.iter().any(Observation::has_counts))
        .collect();
    Ok(same
        .into_iter()
        .zip(observed)
        .map(|(count, obs)| {
            count
                .into_iter()
                .zip(obs)
                .zip(&has_counts)
                .map(|((c, o), &has)| {
                    (has && o.is_some() && replicates > 0).then(|| c as f64 / replicates as f64)
                })
                .collect()
        })
        .collect())
}

fn redraw(table: &AreaTable, rng: &mut ChaCha8Rng) -> Result<Vec<Vec<Observation>>, IndexError> {
    table
        .rows()
        .iter()
        .map(|row| {
            row.observations
                .iter()
                .map(|o| redraw_one(o, rng))
                .collect()
        })
        .collect()
}

fn redraw_one(o: &Observation, rng: &mut ChaCha8Rng) -> Result<Observation, IndexError> {
    Ok(match o {
        Observation::Share(s) => Observation::Value(100.0 * draw(*s, rng)?),
        Observation::Change { now, base } => {
            Observation::Value(100.0 * (draw(*now, rng)? - draw(*base, rng)?))
        }
        other => other.clone(),
    })
}

/// One draw from the Jeffreys posterior of a share.
fn draw(s: Share, rng: &mut ChaCha8Rng) -> Result<f64, IndexError> {
    let a = s.numerator() as f64 + 0.5;
    let b = (s.denominator() - s.numerator()) as f64 + 0.5;
    let beta = Beta::new(a, b).map_err(|e| IndexError::Internal(format!("beta({a}, {b}): {e}")))?;
    Ok(beta.sample(rng))
}
