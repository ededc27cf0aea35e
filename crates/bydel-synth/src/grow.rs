//! Growing areas from seeds over the cells of a [`Tessellation`]: each region starts at the cell
//! nearest its seed point, then cells are taken one at a time, always the free cell next to a
//! region with the lowest cost for it: the distance to the region's seed divided by the square root
//! of its target size, bent by a smooth noise field (so borders wander like streets and streams).
//! This is a multiplicatively weighted Voronoi diagram grown through neighbours: regions are
//! compact, contiguous, with areas roughly in proportion to their targets, and every cell of a
//! connected set ends up in exactly one region.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::tessellation::Tessellation;

/// A smooth noise field over the plane (a sum of three plane waves), in `[-1, 1]`.
#[derive(Debug, Clone, Copy)]
pub struct Noise {
    waves: [([f64; 2], f64); 3],
}

impl Noise {
    /// Waves about `wavelength_km` long, in directions and phases from `seed`.
    pub fn new(seed: u64, wavelength_km: f64) -> Self {
        let mut r = crate::rng::stream(seed, 0x6A0E, 0);
        let k = std::f64::consts::TAU / wavelength_km;
        let waves = [0.0, 1.0, 2.0].map(|i: f64| {
            let angle = (i + crate::rng::unit(&mut r)) * std::f64::consts::PI / 3.0;
            let scale = k * (0.7 + 0.6 * crate::rng::unit(&mut r));
            let dir = [angle.cos() * scale, angle.sin() * scale];
            (dir, std::f64::consts::TAU * crate::rng::unit(&mut r))
        });
        Noise { waves }
    }

    /// The field at `p` (km).
    pub fn at(&self, p: [f64; 2]) -> f64 {
        self.waves
            .iter()
            .map(|(d, phase)| (d[0] * p[0] + d[1] * p[1] + phase).sin())
            .sum::<f64>()
            / 3.0
    }
}

/// A cost with a total order (for the heap).
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cost(f64);

impl Eq for Cost {}

impl PartialOrd for Cost {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Cost {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Splits `cells` (a connected set) among regions seeded at `seeds` (local km) with relative
/// sizes `targets`; returns each region's cells. `wobble` (0–1) is how much the noise bends
/// distances.
pub fn grow(
    t: &Tessellation,
    neighbours: &[Vec<usize>],
    cells: &[usize],
    seeds: &[[f64; 2]],
    targets: &[f64],
    noise: &Noise,
    wobble: f64,
) -> Vec<Vec<usize>> {
    let n = seeds.len();
    let mut owner: Vec<Option<usize>> = vec![None; t.cells.len()];
    let mut member = vec![false; t.cells.len()];
    cells.iter().for_each(|&c| member[c] = true);
    let mut regions: Vec<Vec<usize>> = vec![Vec::new(); n];
    let cost = |r: usize, c: usize| {
        let s = t.sites[c];
        let d = ((s[0] - seeds[r][0]).powi(2) + (s[1] - seeds[r][1]).powi(2)).sqrt();
        d * (1.0 + wobble * noise.at(s))
    };
    for (r, region) in regions.iter_mut().enumerate() {
        let start = cells
            .iter()
            .copied()
            .filter(|&c| owner[c].is_none())
            .min_by(|&a, &b| cost(r, a).total_cmp(&cost(r, b)));
        if let Some(c) = start {
            owner[c] = Some(r);
            region.push(c);
        }
    }
    let mut heap: BinaryHeap<(Reverse<Cost>, usize, usize)> = BinaryHeap::new();
    let push = |heap: &mut BinaryHeap<_>, r: usize, from: usize, owner: &[Option<usize>]| {
        for &c in &neighbours[from] {
            if member[c] && owner[c].is_none() {
                let w = cost(r, c) / targets[r].max(f64::MIN_POSITIVE).sqrt();
                heap.push((Reverse(Cost(w)), c, r));
            }
        }
    };
    for (r, cells) in regions.iter().enumerate() {
        cells.iter().for_each(|&c| push(&mut heap, r, c, &owner));
    }
    while let Some((_, c, r)) = heap.pop() {
        if owner[c].is_some() {
            continue;
        }
        owner[c] = Some(r);
        regions[r].push(c);
        push(&mut heap, r, c, &owner);
    }
    regions
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::Rect;

    #[test]
    fn regions_partition_the_cells_in_proportion() {
        let t = Tessellation::voronoi(Rect::new(12.40, 55.70, 12.46, 55.74), 0.2, 3);
        let adj = t.neighbours();
        let all: Vec<usize> = (0..t.cells.len()).collect();
        let seeds = [[-1.0, -1.0], [1.0, 1.0], [1.0, -1.0]];
        let regions = grow(
            &t,
            &adj,
            &all,
            &seeds,
            &[1.0, 2.0, 1.0],
            &Noise::new(1, 2.0),
            0.3,
        );
        let mut seen: Vec<usize> = regions.iter().flatten().copied().collect();
        seen.sort_unstable();
        assert_eq!(seen, all);
        let share = regions[1].len() as f64 / all.len() as f64;
        assert!((share - 0.5).abs() < 0.12, "{share}");
        for r in &regions {
            assert_eq!(t.dissolve(r).len(), 1, "a region is one piece");
        }
    }
}
