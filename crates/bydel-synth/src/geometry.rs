//! Plain geometry in WGS84 longitude/latitude: rectangles, how a rectangle is split among the
//! places inside it, and where addresses sit (a grid strictly inside their place).

/// An axis-aligned rectangle in degrees (west, south, east, north).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Western edge (longitude).
    pub west: f64,
    /// Southern edge (latitude).
    pub south: f64,
    /// Eastern edge (longitude).
    pub east: f64,
    /// Northern edge (latitude).
    pub north: f64,
}

impl Rect {
    /// A rectangle from its edges.
    pub const fn new(west: f64, south: f64, east: f64, north: f64) -> Self {
        Rect {
            west,
            south,
            east,
            north,
        }
    }

    /// A rectangle of `width` × `height` degrees centred on (`lon`, `lat`).
    pub fn around(lon: f64, lat: f64, width: f64, height: f64) -> Self {
        Rect::new(
            lon - width / 2.0,
            lat - height / 2.0,
            lon + width / 2.0,
            lat + height / 2.0,
        )
    }

    /// True when the point lies strictly inside.
    pub fn contains(&self, lon: f64, lat: f64) -> bool {
        lon > self.west && lon < self.east && lat > self.south && lat < self.north
    }

    /// The closed ring (counter-clockwise, first point repeated) as `[lon, lat]` pairs.
    pub fn ring(&self) -> Vec<[f64; 2]> {
        vec![
            [self.west, self.south],
            [self.east, self.south],
            [self.east, self.north],
            [self.west, self.north],
            [self.west, self.south],
        ]
    }

    /// Splits the rectangle into vertical strips (west to east) with widths proportional to
    /// `weights`.
    pub fn strips(&self, weights: &[f64]) -> Vec<Rect> {
        let total: f64 = weights.iter().sum();
        let mut x = self.west;
        weights
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let east = if i + 1 == weights.len() {
                    self.east
                } else {
                    x + (self.east - self.west) * w / total
                };
                let r = Rect::new(x, self.south, east, self.north);
                x = east;
                r
            })
            .collect()
    }

    /// `n` points on a regular grid strictly inside the rectangle (cell centres).
    pub fn grid(&self, n: usize) -> Vec<(f64, f64)> {
        if n == 0 {
            return Vec::new();
        }
        let (w, h) = (self.east - self.west, self.north - self.south);
        let cols = ((n as f64 * w / h).sqrt().ceil() as usize).clamp(1, n);
        let rows = n.div_ceil(cols);
        (0..n)
            .map(|i| {
                let (c, r) = (i % cols, i / cols);
                let lon = self.west + w * (c as f64 + 0.5) / cols as f64;
                let lat = self.south + h * (r as f64 + 0.5) / rows as f64;
                (round7(lon), round7(lat))
            })
            .collect()
    }
}

/// Rounds to 7 decimals (about 1 cm), as coordinates are usually published.
pub fn round7(x: f64) -> f64 {
    (x * 1e7).round() / 1e7
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn grid_points_lie_strictly_inside(n in 1usize..3000, w in 0.001f64..0.1, h in 0.001f64..0.1) {
            let r = Rect::around(12.45, 55.74, w, h);
            let pts = r.grid(n);
            prop_assert_eq!(pts.len(), n);
            for (lon, lat) in pts {
                prop_assert!(r.contains(lon, lat));
            }
        }

        #[test]
        fn strips_tile_the_rectangle(ws in proptest::collection::vec(1.0f64..100.0, 1..12)) {
            let r = Rect::new(12.0, 55.0, 12.1, 55.05);
            let s = r.strips(&ws);
            prop_assert_eq!(s[0].west, r.west);
            prop_assert_eq!(s[s.len() - 1].east, r.east);
            for p in s.windows(2) {
                prop_assert_eq!(p[0].east, p[1].west);
                prop_assert!(p[0].east > p[0].west);
            }
        }
    }
}
