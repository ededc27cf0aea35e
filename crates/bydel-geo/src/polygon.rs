//! Polygons with holes, bounding boxes and the point-in-polygon test (even-odd rule).

/// A point (longitude, latitude in WGS84, or projected metres).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// x (longitude).
    pub x: f64,
    /// y (latitude).
    pub y: f64,
}

/// An axis-aligned bounding box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    /// Minimum x.
    pub min_x: f64,
    /// Minimum y.
    pub min_y: f64,
    /// Maximum x.
    pub max_x: f64,
    /// Maximum y.
    pub max_y: f64,
}

impl BBox {
    /// The empty box (contains nothing; grows with [`BBox::add`]).
    pub const EMPTY: BBox = BBox {
        min_x: f64::INFINITY,
        min_y: f64::INFINITY,
        max_x: f64::NEG_INFINITY,
        max_y: f64::NEG_INFINITY,
    };

    /// Grows the box to include `p`.
    pub fn add(&mut self, p: Point) {
        self.min_x = self.min_x.min(p.x);
        self.min_y = self.min_y.min(p.y);
        self.max_x = self.max_x.max(p.x);
        self.max_y = self.max_y.max(p.y);
    }
    /// Grows the box to include another.
    pub fn union(&mut self, o: &BBox) {
        self.add(Point {
            x: o.min_x,
            y: o.min_y,
        });
        self.add(Point {
            x: o.max_x,
            y: o.max_y,
        });
    }
    /// True when `p` lies inside or on the box.
    pub fn contains(&self, p: Point) -> bool {
        p.x >= self.min_x && p.x <= self.max_x && p.y >= self.min_y && p.y <= self.max_y
    }
}

/// A polygon: an outer ring and holes (closed rings: the areas file refuses open ones).
#[derive(Debug, Clone, PartialEq)]
pub struct Polygon {
    /// Rings; the first is the outer boundary.
    pub rings: Vec<Vec<Point>>,
}

/// Several polygons forming one area.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MultiPolygon {
    /// The parts.
    pub polygons: Vec<Polygon>,
}

impl MultiPolygon {
    /// The bounding box of all parts.
    pub fn bbox(&self) -> BBox {
        let mut b = BBox::EMPTY;
        self.points().for_each(|p| b.add(p));
        b
    }
    /// Every vertex of every ring.
    pub fn points(&self) -> impl Iterator<Item = Point> + '_ {
        self.polygons
            .iter()
            .flat_map(|p| p.rings.iter().flatten().copied())
    }
    /// True when `p` lies inside (even-odd over all rings of each part).
    pub fn contains(&self, p: Point) -> bool {
        self.polygons
            .iter()
            .any(|poly| poly.rings.iter().filter(|r| ring_crosses(r, p)).count() % 2 == 1)
    }
    /// The area-weighted centroid (planar, in the coordinates given).
    pub fn centroid(&self) -> Point {
        let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
        for ring in self.polygons.iter().flat_map(|p| p.rings.first()) {
            let n = ring.len();
            for i in 0..n {
                let (p, q) = (ring[i], ring[(i + 1) % n]);
                let cross = p.x * q.y - q.x * p.y;
                a += cross;
                cx += (p.x + q.x) * cross;
                cy += (p.y + q.y) * cross;
            }
        }
        if a.abs() < 1e-18 {
            let b = self.bbox();
            return Point {
                x: (b.min_x + b.max_x) / 2.0,
                y: (b.min_y + b.max_y) / 2.0,
            };
        }
        Point {
            x: cx / (3.0 * a),
            y: cy / (3.0 * a),
        }
    }
}

/// True when a ray from `p` to +x crosses the ring an odd number of times.
fn ring_crosses(ring: &[Point], p: Point) -> bool {
    let n = ring.len();
    let mut inside = false;
    let mut j = n.wrapping_sub(1);
    for i in 0..n {
        let (a, b) = (ring[i], ring[j]);
        if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
            inside = !inside;
        }
        j = i;
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x0: f64, y0: f64, s: f64) -> Vec<Point> {
        vec![
            Point { x: x0, y: y0 },
            Point { x: x0 + s, y: y0 },
            Point {
                x: x0 + s,
                y: y0 + s,
            },
            Point { x: x0, y: y0 + s },
            Point { x: x0, y: y0 },
        ]
    }

    #[test]
    fn holes_are_outside() {
        let mp = MultiPolygon {
            polygons: vec![Polygon {
                rings: vec![square(0.0, 0.0, 10.0), square(4.0, 4.0, 2.0)],
            }],
        };
        assert!(mp.contains(Point { x: 1.0, y: 1.0 }));
        assert!(!mp.contains(Point { x: 5.0, y: 5.0 }));
        assert!(!mp.contains(Point { x: 11.0, y: 5.0 }));
        let c = MultiPolygon {
            polygons: vec![Polygon {
                rings: vec![square(0.0, 0.0, 2.0)],
            }],
        }
        .centroid();
        assert!((c.x - 1.0).abs() < 1e-12 && (c.y - 1.0).abs() < 1e-12);
    }
}
