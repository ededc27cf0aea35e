//! Placing addresses in areas: each address lies in at most one area per layer, found by
//! point-in-polygon through a uniform grid index, unless an explicit placement overrides it.

use std::collections::HashMap;

use crate::areas::AreaSet;
use crate::polygon::{BBox, Point};

/// A grid index over one layer's areas.
#[derive(Debug, Clone)]
pub struct LayerIndex {
    bbox: BBox,
    nx: usize,
    ny: usize,
    cells: Vec<Vec<u32>>,
    /// Indices into [`AreaSet::areas`] of this layer's areas.
    members: Vec<usize>,
}

impl LayerIndex {
    /// Builds the index for the areas at `members` (indices into `set.areas`).
    pub fn new(set: &AreaSet, members: Vec<usize>) -> Self {
        let mut bbox = BBox::EMPTY;
        members.iter().for_each(|&i| bbox.union(&set.areas[i].bbox));
        let side = ((members.len() as f64).sqrt().ceil() as usize * 2).clamp(1, 512);
        let (nx, ny) = (side, side);
        let mut cells = vec![Vec::new(); nx * ny];
        let idx = |b: &BBox, v: f64, lo: f64, hi: f64, n: usize| -> usize {
            let _ = b;
            if hi <= lo {
                0
            } else {
                (((v - lo) / (hi - lo)) * n as f64)
                    .floor()
                    .clamp(0.0, (n - 1) as f64) as usize
            }
        };
        for (k, &i) in members.iter().enumerate() {
            let a = &set.areas[i].bbox;
            let (x0, x1) = (
                idx(&bbox, a.min_x, bbox.min_x, bbox.max_x, nx),
                idx(&bbox, a.max_x, bbox.min_x, bbox.max_x, nx),
            );
            let (y0, y1) = (
                idx(&bbox, a.min_y, bbox.min_y, bbox.max_y, ny),
                idx(&bbox, a.max_y, bbox.min_y, bbox.max_y, ny),
            );
            for y in y0..=y1 {
                for x in x0..=x1 {
                    cells[y * nx + x].push(k as u32);
                }
            }
        }
        LayerIndex {
            bbox,
            nx,
            ny,
            cells,
            members,
        }
    }

    /// The index (into `set.areas`) of the first area containing `p`.
    pub fn locate(&self, set: &AreaSet, p: Point) -> Option<usize> {
        if !self.bbox.contains(p) {
            return None;
        }
        let fx =
            (p.x - self.bbox.min_x) / (self.bbox.max_x - self.bbox.min_x).max(f64::MIN_POSITIVE);
        let fy =
            (p.y - self.bbox.min_y) / (self.bbox.max_y - self.bbox.min_y).max(f64::MIN_POSITIVE);
        let x = ((fx * self.nx as f64) as usize).min(self.nx - 1);
        let y = ((fy * self.ny as f64) as usize).min(self.ny - 1);
        self.cells[y * self.nx + x]
            .iter()
            .map(|&k| self.members[k as usize])
            .find(|&i| set.areas[i].bbox.contains(p) && set.areas[i].geometry.contains(p))
    }
}

/// For every layer, the area (index into `set.areas`) of every address (by position in
/// `points`), with explicit placements (`address index → (kind, area index)`) taking precedence.
pub fn place_addresses(
    set: &AreaSet,
    points: &[Point],
    overrides: &HashMap<(usize, String), usize>,
) -> Vec<(String, Vec<Option<u32>>)> {
    set.kinds()
        .into_iter()
        .map(|kind| {
            let members: Vec<usize> = (0..set.areas.len())
                .filter(|&i| set.areas[i].kind == kind)
                .collect();
            let index = LayerIndex::new(set, members);
            let placed = points
                .iter()
                .enumerate()
                .map(|(a, &p)| {
                    overrides
                        .get(&(a, kind.as_str().to_string()))
                        .copied()
                        .or_else(|| index.locate(set, p))
                        .map(|i| i as u32)
                })
                .collect();
            (kind.as_str().to_string(), placed)
        })
        .collect()
}
