//! Geometry checks of the areas file: rings are closed and simple (no edge crosses another),
//! and the areas of one layer do not overlap. Each problem names the areas and a position.
//!
//! Edges are compared with a sweep over their x-extents, so a ring of n edges costs about
//! n log n, not n². Areas that only share a border do not overlap: touching and collinear
//! edges are allowed, crossing edges and an area inside another are not.

use crate::areas::Area;
use crate::polygon::Point;

/// Where a check failed: the feature, what was expected and what was found.
pub(crate) type Finding = (usize, &'static str, String);

/// Finds the first ring that crosses itself in `area` (feature `i`).
pub(crate) fn self_intersection(i: usize, area: &Area) -> Option<Finding> {
    for (p, poly) in area.geometry.polygons.iter().enumerate() {
        for (r, ring) in poly.rings.iter().enumerate() {
            let segs = segments(ring, 0);
            if let Some(at) = first_crossing(&segs, true) {
                let found = format!(
                    "{} — polygon {}, ring {} crosses itself near {}",
                    label(area),
                    p + 1,
                    r + 1,
                    position(at)
                );
                return Some((i, "a simple polygon (no ring crossing itself)", found));
            }
        }
    }
    None
}

/// Finds the first pair of areas of one layer whose interiors overlap (`areas` in file order).
pub(crate) fn overlap(areas: &[Area]) -> Option<Finding> {
    let mut order: Vec<usize> = (0..areas.len()).collect();
    order.sort_by(|&a, &b| areas[a].bbox.min_x.total_cmp(&areas[b].bbox.min_x));
    for (k, &a) in order.iter().enumerate() {
        for &b in &order[k + 1..] {
            let (x, y) = (&areas[a], &areas[b]);
            if y.bbox.min_x > x.bbox.max_x {
                break;
            }
            if x.kind != y.kind || y.bbox.min_y > x.bbox.max_y || y.bbox.max_y < x.bbox.min_y {
                continue;
            }
            if let Some(at) = overlap_at(x, y) {
                let (first, second) = if a < b { (x, y) } else { (y, x) };
                let found = format!(
                    "{} overlaps {} near {}",
                    label(first),
                    label(second),
                    position(at)
                );
                return Some((a.max(b), "areas of one layer that do not overlap", found));
            }
        }
    }
    None
}

/// A point where the interiors of `a` and `b` overlap, if they do.
fn overlap_at(a: &Area, b: &Area) -> Option<Point> {
    let mut segs = Vec::new();
    for ring in a.geometry.polygons.iter().flat_map(|p| &p.rings) {
        segs.extend(segments(ring, 0));
    }
    for ring in b.geometry.polygons.iter().flat_map(|p| &p.rings) {
        segs.extend(segments(ring, 1));
    }
    if let Some(at) = first_crossing(&segs, false) {
        return Some(at);
    }
    inside_point(a, b).or_else(|| inside_point(b, a))
}

/// A vertex (or the centroid) of `a` strictly inside `b`, off `b`'s boundary.
fn inside_point(a: &Area, b: &Area) -> Option<Point> {
    const SAMPLES: usize = 32;
    let points: Vec<Point> = a.geometry.points().collect();
    let step = points.len().div_ceil(SAMPLES).max(1);
    let centroid = a.geometry.centroid();
    let candidates = points
        .iter()
        .step_by(step)
        .copied()
        .chain(a.geometry.contains(centroid).then_some(centroid));
    candidates
        .into_iter()
        .find(|&p| b.bbox.contains(p) && b.geometry.contains(p) && !on_boundary(b, p))
}

fn on_boundary(area: &Area, p: Point) -> bool {
    const EPS: f64 = 1e-9;
    area.geometry
        .polygons
        .iter()
        .flat_map(|q| &q.rings)
        .any(|ring| {
            segments(ring, 0)
                .iter()
                .any(|s| distance_to_segment(p, s.a, s.b) <= EPS)
        })
}

/// An edge, with the ring (or area) it belongs to and its position in that ring.
#[derive(Debug, Clone, Copy)]
struct Segment {
    a: Point,
    b: Point,
    owner: u8,
    index: usize,
    /// Edges in the owner's ring (to recognise the first and last as neighbours).
    count: usize,
}

/// The edges of a closed ring (repeated positions are skipped, so neighbours stay neighbours).
fn segments(ring: &[Point], owner: u8) -> Vec<Segment> {
    let edges: Vec<(Point, Point)> = ring
        .windows(2)
        .filter(|w| w[0] != w[1])
        .map(|w| (w[0], w[1]))
        .collect();
    let count = edges.len();
    edges
        .into_iter()
        .enumerate()
        .map(|(index, (a, b))| Segment {
            a,
            b,
            owner,
            index,
            count,
        })
        .collect()
}

/// The first proper crossing between two segments: within one ring (`same_owner`) between
/// edges that are not neighbours, or between different owners.
fn first_crossing(segs: &[Segment], same_owner: bool) -> Option<Point> {
    let mut order: Vec<&Segment> = segs.iter().collect();
    let min_x = |s: &Segment| s.a.x.min(s.b.x);
    order.sort_by(|s, t| min_x(s).total_cmp(&min_x(t)));
    for (k, s) in order.iter().enumerate() {
        let max_x = s.a.x.max(s.b.x);
        for t in &order[k + 1..] {
            if min_x(t) > max_x {
                break;
            }
            let wanted = if same_owner {
                !neighbours(s, t)
            } else {
                s.owner != t.owner
            };
            if wanted && let Some(p) = crossing(s, t, same_owner) {
                return Some(p);
            }
        }
    }
    None
}

fn neighbours(s: &Segment, t: &Segment) -> bool {
    let (i, j) = (s.index.min(t.index), s.index.max(t.index));
    j - i <= 1 || (i == 0 && j + 1 == s.count)
}

/// Where `s` and `t` cross. Within one ring any contact counts (touching or overlapping
/// edges too); between two areas only a proper crossing does (shared borders are fine).
fn crossing(s: &Segment, t: &Segment, any_contact: bool) -> Option<Point> {
    let (d1, d2) = (orient(t.a, t.b, s.a), orient(t.a, t.b, s.b));
    let (d3, d4) = (orient(s.a, s.b, t.a), orient(s.a, s.b, t.b));
    let proper = d1 * d2 < 0.0 && d3 * d4 < 0.0;
    if proper {
        let f = d1 / (d1 - d2);
        return Some(Point {
            x: s.a.x + f * (s.b.x - s.a.x),
            y: s.a.y + f * (s.b.y - s.a.y),
        });
    }
    if !any_contact {
        return None;
    }
    [(d1, s.a, t), (d2, s.b, t)]
        .into_iter()
        .chain([(d3, t.a, s), (d4, t.b, s)])
        .find(|(d, p, seg)| *d == 0.0 && within(*p, seg.a, seg.b))
        .map(|(_, p, _)| p)
}

fn orient(a: Point, b: Point, c: Point) -> f64 {
    (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
}

fn within(p: Point, a: Point, b: Point) -> bool {
    p.x >= a.x.min(b.x) && p.x <= a.x.max(b.x) && p.y >= a.y.min(b.y) && p.y <= a.y.max(b.y)
}

fn distance_to_segment(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0)
    };
    ((p.x - a.x - t * dx).powi(2) + (p.y - a.y - t * dy).powi(2)).sqrt()
}

fn label(a: &Area) -> String {
    format!("{} {} ({:?})", a.kind, a.area_id, a.name)
}

fn position(p: Point) -> String {
    format!("lon {:.6}, lat {:.6}", p.x, p.y)
}

#[cfg(test)]
mod tests {
    use crate::AreaSet;

    fn feature(id: &str, kind: &str, ring: &str) -> String {
        format!(
            r#"{{"type":"Feature","properties":{{"area_id":"{id}","name":"Area {id}","kind":"{kind}"}},"geometry":{{"type":"Polygon","coordinates":[{ring}]}}}}"#
        )
    }

    fn square(x: f64, y: f64, s: f64) -> String {
        format!(
            "[[{x},{y}],[{},{y}],[{},{}],[{x},{}],[{x},{y}]]",
            x + s,
            x + s,
            y + s,
            y + s
        )
    }

    fn parse(features: &[String]) -> Result<AreaSet, String> {
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{}]}}"#,
            features.join(",")
        );
        AreaSet::parse(&text).map_err(|e| e.to_string())
    }

    #[test]
    fn issue_13_unclosed_rings_are_refused() {
        let open = "[[12,55],[12.1,55],[12.1,55.1],[12,55.1]]";
        let err = parse(&[feature("a", "district", open)]).unwrap_err();
        assert_eq!(
            err,
            "areas.geojson feature 0: expected a closed ring (GeoJSON repeats the first position \
             at the end), found a ring from [12, 55] ending at [12, 55.1]"
        );
    }

    #[test]
    fn issue_13_self_intersecting_rings_are_refused_with_the_place() {
        let bow_tie = "[[12,55],[12.2,55.2],[12.2,55],[12,55.2],[12,55]]";
        let err = parse(&[feature("b", "district", bow_tie)]).unwrap_err();
        assert_eq!(
            err,
            "areas.geojson feature 0: expected a simple polygon (no ring crossing itself), found \
             district b (\"Area b\") — polygon 1, ring 1 crosses itself near lon 12.100000, \
             lat 55.100000"
        );
        let pinched = "[[0,0],[2,0],[1,1],[2,2],[0,2],[1,1],[0,0]]";
        assert!(parse(&[feature("p", "district", pinched)]).is_err());
        let repeated = "[[0,0],[1,0],[1,0],[1,1],[0,1],[0,0]]";
        assert!(parse(&[feature("r", "district", repeated)]).is_ok());
    }

    #[test]
    fn issue_13_overlapping_areas_of_one_layer_are_named() {
        let (a, b) = (square(12.0, 55.0, 0.1), square(12.05, 55.05, 0.1));
        let err = parse(&[feature("a", "district", &a), feature("b", "district", &b)]);
        assert_eq!(
            err.unwrap_err(),
            "areas.geojson feature 1: expected areas of one layer that do not overlap, found \
             district a (\"Area a\") overlaps district b (\"Area b\") near lon 12.050000, \
             lat 55.100000"
        );
        // One inside the other: no edges cross.
        let inner = square(12.02, 55.02, 0.01);
        let err = parse(&[
            feature("a", "district", &a),
            feature("c", "district", &inner),
        ]);
        assert!(
            err.unwrap_err()
                .contains("district a (\"Area a\") overlaps district c")
        );
        // Identical geometry.
        assert!(parse(&[feature("a", "district", &a), feature("d", "district", &a)]).is_err());
    }

    #[test]
    fn shared_borders_and_other_layers_are_fine() {
        let (a, b) = (square(12.0, 55.0, 0.1), square(12.1, 55.0, 0.1));
        let half = "[[12.1,55.05],[12.2,55.05],[12.2,55.1],[12.1,55.1],[12.1,55.05]]";
        let inside = square(12.02, 55.02, 0.01);
        let set = parse(&[
            feature("a", "district", &a),
            feature("b", "district", &b),
            feature("h", "housing_area", half),
            feature("i", "housing_area", &inside),
        ]);
        assert!(set.is_ok(), "{set:?}");
    }
}
