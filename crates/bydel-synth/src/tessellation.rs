//! A Voronoi tessellation of a rectangle: many small convex cells that areas are grown from
//! (see [`crate::grow`]) and then dissolved into organic polygons.
//!
//! Cells are computed by clipping the bounding rectangle with the half-planes of nearby sites (a
//! jittered grid), in a local planar frame in kilometres. Every vertex is then made canonical
//! (one id for positions within 0.1 mm) and rounded to 7 decimals of longitude and latitude, so
//! neighbouring cells share their edges exactly: a union of cells is dissolved by cancelling the
//! edges two member cells share, which leaves exact, non-overlapping borders between areas.

use std::collections::{HashMap, HashSet};

use crate::geometry::{Rect, round7};
use crate::rng;

/// Kilometres per degree of latitude.
const KM_PER_DEG_LAT: f64 = 110.574;
/// Addresses keep this share of a cell's size from its border (they shrink towards the centre).
const ADDRESS_SHRINK: f64 = 0.8;

/// A closed ring of `[lon, lat]` positions (first repeated last).
pub type Ring = Vec<[f64; 2]>;
/// A polygon: an outer ring (counter-clockwise) and holes (clockwise).
pub type Polygon = Vec<Ring>;

/// Convex cells over a rectangle, with shared, canonical vertices.
#[derive(Debug, Clone, Default)]
pub struct Tessellation {
    /// Vertices as `[lon, lat]`, rounded to 7 decimals.
    pub vertices: Vec<[f64; 2]>,
    /// Each cell's vertex ids, counter-clockwise, not closed.
    pub cells: Vec<Vec<u32>>,
    /// Each cell's site in the local frame (km east and north of the rectangle's centre).
    pub sites: Vec<[f64; 2]>,
    origin: [f64; 2],
    km_per_deg_lon: f64,
}

impl Tessellation {
    /// The Voronoi cells of a jittered grid of sites `spacing_km` apart over `bounds`; the
    /// sites' positions come from the random stream `seed`.
    pub fn voronoi(bounds: Rect, spacing_km: f64, seed: u64) -> Self {
        let origin = [
            (bounds.west + bounds.east) / 2.0,
            (bounds.south + bounds.north) / 2.0,
        ];
        let km_per_deg_lon = KM_PER_DEG_LAT * origin[1].to_radians().cos();
        let half = [
            (bounds.east - bounds.west) / 2.0 * km_per_deg_lon,
            (bounds.north - bounds.south) / 2.0 * KM_PER_DEG_LAT,
        ];
        let cols = (2.0 * half[0] / spacing_km).floor().max(1.0) as usize;
        let rows = (2.0 * half[1] / spacing_km).floor().max(1.0) as usize;
        let (dx, dy) = (2.0 * half[0] / cols as f64, 2.0 * half[1] / rows as f64);
        let mut r = rng::stream(seed, 0x7E55, 0);
        let mut sites = Vec::with_capacity(cols * rows);
        for j in 0..rows {
            for i in 0..cols {
                let jx = (rng::unit(&mut r) - 0.5) * 0.9;
                let jy = (rng::unit(&mut r) - 0.5) * 0.9;
                sites.push([
                    -half[0] + dx * (i as f64 + 0.5 + jx),
                    -half[1] + dy * (j as f64 + 0.5 + jy),
                ]);
            }
        }
        let frame = [
            [-half[0], -half[1]],
            [half[0], -half[1]],
            [half[0], half[1]],
            [-half[0], half[1]],
        ];
        let reach = 3.5 * dx.max(dy);
        let (ci, cj) = ((reach / dx).ceil() as isize, (reach / dy).ceil() as isize);
        let mut local_cells = Vec::with_capacity(sites.len());
        for (k, s) in sites.iter().enumerate() {
            let (i, j) = ((k % cols) as isize, (k / cols) as isize);
            let mut poly = frame.to_vec();
            for nj in (j - cj).max(0)..=(j + cj).min(rows as isize - 1) {
                for ni in (i - ci).max(0)..=(i + ci).min(cols as isize - 1) {
                    let n = nj as usize * cols + ni as usize;
                    if n != k {
                        poly = clip(&poly, *s, sites[n]);
                    }
                }
            }
            local_cells.push(poly);
        }
        let mut t = Tessellation {
            sites,
            origin,
            km_per_deg_lon,
            ..Default::default()
        };
        t.canonicalise(&local_cells);
        t
    }

    /// A position in the local frame (km) as `[lon, lat]`.
    pub fn to_lonlat(&self, p: [f64; 2]) -> [f64; 2] {
        [
            self.origin[0] + p[0] / self.km_per_deg_lon,
            self.origin[1] + p[1] / KM_PER_DEG_LAT,
        ]
    }

    /// A `[lon, lat]` position in the local frame (km).
    pub fn to_local(&self, lon: f64, lat: f64) -> [f64; 2] {
        [
            (lon - self.origin[0]) * self.km_per_deg_lon,
            (lat - self.origin[1]) * KM_PER_DEG_LAT,
        ]
    }

    /// For every cell, the cells it shares an edge with.
    pub fn neighbours(&self) -> Vec<Vec<usize>> {
        let mut owner: HashMap<(u32, u32), usize> = HashMap::new();
        for (c, cell) in self.cells.iter().enumerate() {
            for (a, b) in edges(cell) {
                owner.insert((a, b), c);
            }
        }
        self.cells
            .iter()
            .map(|cell| {
                let mut n: Vec<usize> = edges(cell)
                    .filter_map(|(a, b)| owner.get(&(b, a)).copied())
                    .collect();
                n.sort_unstable();
                n.dedup();
                n
            })
            .collect()
    }

    /// True when `(lon, lat)` lies strictly inside cell `c`.
    pub fn cell_contains(&self, c: usize, lon: f64, lat: f64) -> bool {
        let ring = self.ring(c);
        convex_contains(&ring, [lon, lat])
    }

    /// The union of `cells` as polygons (outer rings counter-clockwise, holes clockwise).
    pub fn dissolve(&self, cells: &[usize]) -> Vec<Polygon> {
        let mut directed: HashSet<(u32, u32)> = HashSet::new();
        for &c in cells {
            directed.extend(edges(&self.cells[c]));
        }
        let mut boundary: Vec<(u32, u32)> = directed
            .iter()
            .filter(|(a, b)| !directed.contains(&(*b, *a)))
            .copied()
            .collect();
        boundary.sort_unstable();
        let rings = self.trace(&boundary);
        let (outers, holes): (Vec<Ring>, Vec<Ring>) =
            rings.into_iter().partition(|r| signed_area(r) > 0.0);
        let mut polygons: Vec<Polygon> = outers.into_iter().map(|r| vec![r]).collect();
        for hole in holes {
            let probe = left_of_first_edge(&hole);
            let owner = polygons
                .iter()
                .position(|p| ring_contains(&p[0], probe))
                .unwrap_or(0);
            if let Some(p) = polygons.get_mut(owner) {
                p.push(hole);
            }
        }
        polygons
    }

    /// `n` address positions inside `cells`, spread in proportion to the cells' areas, each
    /// well inside its cell (so inside exactly one cell), rounded to 7 decimals.
    pub fn points(&self, cells: &[usize], n: usize) -> Vec<(f64, f64)> {
        let areas: Vec<f64> = cells.iter().map(|&c| signed_area(&self.ring(c))).collect();
        let counts = largest_remainder(&areas, n);
        let mut out = Vec::with_capacity(n);
        for (&c, &k) in cells.iter().zip(&counts) {
            out.extend(self.points_in_cell(c, k));
        }
        out
    }

    fn points_in_cell(&self, c: usize, k: usize) -> Vec<(f64, f64)> {
        let ring = self.ring(c);
        let corners = &ring[..ring.len() - 1];
        let m = corners.len() as f64;
        let cx = corners.iter().map(|p| p[0]).sum::<f64>() / m;
        let cy = corners.iter().map(|p| p[1]).sum::<f64>() / m;
        let shrunk: Ring = ring
            .iter()
            .map(|p| {
                [
                    cx + (p[0] - cx) * ADDRESS_SHRINK,
                    cy + (p[1] - cy) * ADDRESS_SHRINK,
                ]
            })
            .collect();
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for p in &shrunk {
            (x0, y0, x1, y1) = (x0.min(p[0]), y0.min(p[1]), x1.max(p[0]), y1.max(p[1]));
        }
        let mut out = Vec::with_capacity(k);
        let mut i = 1 + c as u64 * 7;
        while out.len() < k {
            let (lon, lat) = (
                round7(x0 + (x1 - x0) * halton(i, 2)),
                round7(y0 + (y1 - y0) * halton(i, 3)),
            );
            i += 1;
            if convex_contains(&shrunk, [lon, lat]) {
                out.push((lon, lat));
            }
            if i > 1_000_000 + c as u64 * 7 {
                // A degenerate sliver: fall back to the centre, still strictly inside.
                out.push((round7(cx), round7(cy)));
            }
        }
        out
    }

    /// Cell `c` as a closed ring of `[lon, lat]`.
    pub fn ring(&self, c: usize) -> Ring {
        let cell = &self.cells[c];
        cell.iter()
            .chain(cell.first())
            .map(|&v| self.vertices[v as usize])
            .collect()
    }

    fn canonicalise(&mut self, local: &[Vec<[f64; 2]>]) {
        const TOL: f64 = 1e-7;
        let mut grid: HashMap<(i64, i64), Vec<u32>> = HashMap::new();
        let mut exact: Vec<[f64; 2]> = Vec::new();
        for poly in local {
            let mut ids: Vec<u32> = Vec::with_capacity(poly.len());
            for &p in poly {
                let key = ((p[0] / TOL).round() as i64, (p[1] / TOL).round() as i64);
                let mut found = None;
                'search: for dx in -1..=1 {
                    for dy in -1..=1 {
                        for &id in grid.get(&(key.0 + dx, key.1 + dy)).into_iter().flatten() {
                            let q = exact[id as usize];
                            if (q[0] - p[0]).abs() <= TOL && (q[1] - p[1]).abs() <= TOL {
                                found = Some(id);
                                break 'search;
                            }
                        }
                    }
                }
                let id = found.unwrap_or_else(|| {
                    exact.push(p);
                    let id = (exact.len() - 1) as u32;
                    grid.entry(key).or_default().push(id);
                    id
                });
                if ids.last() != Some(&id) && !(ids.first() == Some(&id) && ids.len() > 1) {
                    ids.push(id);
                }
            }
            self.cells.push(ids);
        }
        self.vertices = exact
            .iter()
            .map(|&p| {
                let [lon, lat] = self.to_lonlat(p);
                [round7(lon), round7(lat)]
            })
            .collect();
    }

    /// Chains boundary edges into closed rings, turning as far left as possible where a vertex
    /// has several ways on (so an area touching itself at a point gives two simple rings).
    fn trace(&self, boundary: &[(u32, u32)]) -> Vec<Ring> {
        let mut out_of: HashMap<u32, Vec<usize>> = HashMap::new();
        for (i, (a, _)) in boundary.iter().enumerate() {
            out_of.entry(*a).or_default().push(i);
        }
        let mut used = vec![false; boundary.len()];
        let mut rings = Vec::new();
        for start in 0..boundary.len() {
            if used[start] {
                continue;
            }
            let mut ids = vec![boundary[start].0];
            let mut e = start;
            loop {
                used[e] = true;
                let (a, b) = boundary[e];
                ids.push(b);
                let next = out_of
                    .get(&b)
                    .into_iter()
                    .flatten()
                    .filter(|&&n| !used[n])
                    .max_by(|&&m, &&n| {
                        self.turn(a, b, boundary[m].1)
                            .total_cmp(&self.turn(a, b, boundary[n].1))
                    });
                match next {
                    Some(&n) => e = n,
                    None => break,
                }
            }
            let mut ring: Ring = Vec::with_capacity(ids.len());
            for id in ids {
                let p = self.vertices[id as usize];
                if ring.last() != Some(&p) {
                    ring.push(p);
                }
            }
            if ring.len() >= 4 && ring.first() == ring.last() {
                rings.push(ring);
            }
        }
        rings
    }

    /// The left-turn angle at `b` from edge a→b to edge b→c.
    fn turn(&self, a: u32, b: u32, c: u32) -> f64 {
        let [a, b, c] = [a, b, c].map(|v| self.vertices[v as usize]);
        let (u, v) = ([b[0] - a[0], b[1] - a[1]], [c[0] - b[0], c[1] - b[1]]);
        (u[0] * v[1] - u[1] * v[0]).atan2(u[0] * v[0] + u[1] * v[1])
    }
}

/// Splits `n` in proportion to `weights` (largest remainder; zero allowed).
pub fn largest_remainder(weights: &[f64], n: usize) -> Vec<usize> {
    let total: f64 = weights.iter().sum();
    if total <= 0.0 || weights.is_empty() {
        let mut v = vec![0; weights.len()];
        if let Some(first) = v.first_mut() {
            *first = n;
        }
        return v;
    }
    let raw: Vec<f64> = weights.iter().map(|w| w / total * n as f64).collect();
    let mut out: Vec<usize> = raw.iter().map(|r| r.floor() as usize).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| (raw[b] - raw[b].floor()).total_cmp(&(raw[a] - raw[a].floor())));
    let left = n - out.iter().sum::<usize>();
    for &i in order.iter().take(left) {
        out[i] += 1;
    }
    out
}

/// The directed edges of a cell (its ids in order, closing back to the first).
fn edges(cell: &[u32]) -> impl Iterator<Item = (u32, u32)> + '_ {
    (0..cell.len())
        .map(move |i| (cell[i], cell[(i + 1) % cell.len()]))
        .filter(|(a, b)| a != b)
}

/// The part of convex `poly` nearer to `site` than to `other` (one Sutherland–Hodgman step).
fn clip(poly: &[[f64; 2]], site: [f64; 2], other: [f64; 2]) -> Vec<[f64; 2]> {
    let n = [other[0] - site[0], other[1] - site[1]];
    let m = [(site[0] + other[0]) / 2.0, (site[1] + other[1]) / 2.0];
    let side = |p: [f64; 2]| (p[0] - m[0]) * n[0] + (p[1] - m[1]) * n[1];
    let mut out = Vec::with_capacity(poly.len() + 1);
    for i in 0..poly.len() {
        let (p, q) = (poly[i], poly[(i + 1) % poly.len()]);
        let (sp, sq) = (side(p), side(q));
        if sp <= 0.0 {
            out.push(p);
        }
        if (sp < 0.0 && sq > 0.0) || (sp > 0.0 && sq < 0.0) {
            let t = sp / (sp - sq);
            out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
        }
    }
    out
}

/// Twice the signed area of a closed ring (positive when counter-clockwise).
fn signed_area(ring: &[[f64; 2]]) -> f64 {
    ring.windows(2)
        .map(|w| w[0][0] * w[1][1] - w[1][0] * w[0][1])
        .sum()
}

/// True when `p` lies strictly inside the convex, counter-clockwise closed ring.
fn convex_contains(ring: &[[f64; 2]], p: [f64; 2]) -> bool {
    ring.windows(2).all(|w| {
        let (a, b) = (w[0], w[1]);
        a == b || (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]) > 0.0
    })
}

/// Even-odd point-in-ring.
fn ring_contains(ring: &[[f64; 2]], p: [f64; 2]) -> bool {
    let mut inside = false;
    for w in ring.windows(2) {
        let (a, b) = (w[0], w[1]);
        if (a[1] > p[1]) != (b[1] > p[1])
            && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]
        {
            inside = !inside;
        }
    }
    inside
}

/// A point just left of the middle of a ring's first edge (inside the area the ring bounds).
fn left_of_first_edge(ring: &[[f64; 2]]) -> [f64; 2] {
    let (a, b) = (ring[0], ring[1]);
    let mid = [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0];
    let d = [b[0] - a[0], b[1] - a[1]];
    [mid[0] - d[1] * 1e-3, mid[1] + d[0] * 1e-3]
}

/// The van der Corput radical inverse of `i` in `base` (a Halton coordinate).
fn halton(mut i: u64, base: u64) -> f64 {
    let (mut f, mut r) = (1.0, 0.0);
    while i > 0 {
        f /= base as f64;
        r += f * (i % base) as f64;
        i /= base;
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Tessellation {
        Tessellation::voronoi(Rect::new(12.40, 55.70, 12.44, 55.72), 0.3, 7)
    }

    #[test]
    fn cells_tile_the_rectangle() {
        let t = small();
        let total: f64 = (0..t.cells.len()).map(|c| signed_area(&t.ring(c))).sum();
        let rect = 0.04 * 0.02 * 2.0;
        assert!((total - rect).abs() < 1e-9, "{total} vs {rect}");
        assert!(t.cells.iter().all(|c| c.len() >= 3));
    }

    #[test]
    fn a_dissolved_union_has_the_cells_area_and_shares_borders_exactly() {
        let t = small();
        let adj = t.neighbours();
        let mid = (0..t.sites.len())
            .min_by(|&a, &b| {
                t.sites[a][0]
                    .hypot(t.sites[a][1])
                    .total_cmp(&t.sites[b][0].hypot(t.sites[b][1]))
            })
            .unwrap();
        let mut group = vec![mid];
        group.extend(&adj[mid]);
        let polys = t.dissolve(&group);
        assert_eq!(polys.len(), 1);
        let cells: f64 = group.iter().map(|&c| signed_area(&t.ring(c))).sum();
        let union: f64 = polys[0].iter().map(|r| signed_area(r)).sum();
        assert!((cells - union).abs() < 1e-12, "{cells} vs {union}");
        // Without the centre cell, the ring of neighbours has a hole of exactly its area.
        let ring_only = t.dissolve(&adj[mid]);
        assert_eq!(ring_only.len(), 1);
        assert_eq!(ring_only[0].len(), 2, "outer ring and one hole");
        let hole = signed_area(&ring_only[0][1]);
        assert!((hole + signed_area(&t.ring(mid))).abs() < 1e-12);
    }

    #[test]
    fn points_lie_in_their_own_cell_only() {
        let t = small();
        let pts = t.points(&[3, 4, 5], 60);
        assert_eq!(pts.len(), 60);
        for (lon, lat) in pts {
            let inside: Vec<usize> = (0..t.cells.len())
                .filter(|&c| t.cell_contains(c, lon, lat))
                .collect();
            assert_eq!(inside.len(), 1);
            assert!([3, 4, 5].contains(&inside[0]));
        }
    }

    #[test]
    fn largest_remainder_is_exact() {
        assert_eq!(largest_remainder(&[1.0, 1.0, 2.0], 8), vec![2, 2, 4]);
        assert_eq!(largest_remainder(&[1.0, 2.0], 1), vec![0, 1]);
    }
}
