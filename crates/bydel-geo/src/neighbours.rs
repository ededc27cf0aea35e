//! Neighbours between the areas of a layer: contiguity (areas sharing a boundary vertex, "queen")
//! and distance bands between centroids.

use std::collections::HashMap;

use crate::areas::AreaSet;
use crate::project::utm32;

/// Contiguity: pairs of areas (indices into `members`) that share at least one vertex (rounded to
/// ~1 cm), as sorted adjacency lists.
pub fn contiguity(set: &AreaSet, members: &[usize]) -> Vec<Vec<usize>> {
    let mut by_vertex: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for (k, &i) in members.iter().enumerate() {
        for p in set.areas[i].geometry.points() {
            let key = ((p.x * 1e7).round() as i64, (p.y * 1e7).round() as i64);
            let v = by_vertex.entry(key).or_default();
            if v.last() != Some(&k) {
                v.push(k);
            }
        }
    }
    let mut adj = vec![Vec::new(); members.len()];
    for ks in by_vertex.values() {
        for &a in ks {
            for &b in ks {
                if a != b {
                    adj[a].push(b);
                }
            }
        }
    }
    for v in &mut adj {
        v.sort_unstable();
        v.dedup();
    }
    adj
}

/// Distance band: areas whose centroids (projected to UTM 32N metres) lie within `metres`.
pub fn distance_band(set: &AreaSet, members: &[usize], metres: f64) -> Vec<Vec<usize>> {
    let c: Vec<_> = members
        .iter()
        .map(|&i| utm32(set.areas[i].geometry.centroid()))
        .collect();
    (0..c.len())
        .map(|a| {
            (0..c.len())
                .filter(|&b| b != a && (c[a].x - c[b].x).hypot(c[a].y - c[b].y) <= metres)
                .collect()
        })
        .collect()
}
