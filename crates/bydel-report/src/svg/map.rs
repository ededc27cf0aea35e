//! Choropleth maps: area polygons (WGS84) projected to UTM 32N, filled by class, with a legend,
//! optional name labels, hatching for suppressed values and a `<title>` per area (hover text and
//! text alternative).
//!
//! Classes are never degenerate: quantile breaks are rounded to 1-2-5 steps, every class holds at
//! least one value, few distinct values give fewer classes, and two breaks that would read the
//! same in the legend are merged. Labels sit at each area's pole of inaccessibility (the inside
//! point farthest from the border), move to another inside point when they would overlap a label
//! already placed, break onto two lines when the area is narrow, and are left out (the hover
//! title and the table behind the map still name the area) when no place is free.

use std::fmt::Write as _;

use bydel_geo::project::utm32;
use bydel_geo::{MultiPolygon, Point};

use super::palette::{self, MISSING};
use super::{ValueFormat, c};
use crate::format::esc;
use crate::i18n::{Labels as _, Lang};

/// One area on a map.
#[derive(Debug, Clone, PartialEq)]
pub struct MapArea {
    /// Area id (for the `data-area` attribute, so scripts can link to the area).
    pub id: String,
    /// Display name (escaped on output).
    pub name: String,
    /// The polygons in WGS84 longitude/latitude.
    pub geometry: MultiPolygon,
    /// The value shown.
    pub value: MapValue,
}

/// The value of an area.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MapValue {
    /// A number.
    Value(f64),
    /// Withheld by disclosure control (hatched).
    Suppressed,
    /// No data (white).
    Missing,
}

/// How values are grouped into colour classes.
#[derive(Debug, Clone, PartialEq)]
pub enum Classes {
    /// Up to `n` classes at rounded quantiles of the values (equal-count classes).
    Quantiles(usize),
    /// Fixed class boundaries (ascending): class `i` is `[b[i-1], b[i])`.
    Breaks(Vec<f64>),
}

/// Whether area names are written on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Labels {
    /// Names inside the areas (largest areas first; a name that cannot be placed without
    /// overlapping another is left out).
    Names,
    /// No labels (hover titles only).
    None,
}

/// The map's options.
#[derive(Debug, Clone, PartialEq)]
pub struct MapOptions {
    /// A document-unique id prefix (for the title and the hatching pattern).
    pub id: String,
    /// Title (escaped).
    pub title: String,
    /// Width in pixels; the height follows the areas' aspect ratio.
    pub width: f64,
    /// Colour classes.
    pub classes: Classes,
    /// How values are written.
    pub format: ValueFormat,
    /// Labels on the map.
    pub labels: Labels,
    /// Language of the legend.
    pub lang: Lang,
}

/// Renders a choropleth map as SVG text. Without areas, an SVG with the title only.
pub fn choropleth(areas: &[MapArea], opts: &MapOptions) -> String {
    let projected: Vec<Vec<Vec<Point>>> = areas.iter().map(|a| project(&a.geometry)).collect();
    let frame = Frame::fit(&projected, opts.width);
    let breaks = distinct_in_legend(class_breaks(areas, &opts.classes), opts);
    let colours = palette::sequential(breaks.len() + 1);
    let legend_h = 22.0 * (colours.len() + 2) as f64;
    let height = frame.height + 40.0 + legend_h;
    let id = esc(&opts.id);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"map\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-labelledby=\"{id}-title\">",
        c(opts.width),
        c(height),
        c(opts.width),
        c(height)
    );
    let _ = write!(s, "<title id=\"{id}-title\">{}</title>", esc(&opts.title));
    s.push_str(&palette::hatch_defs(&format!("{id}-hatch")));
    let _ = write!(
        s,
        "<text x=\"0\" y=\"16\" class=\"svg-title\" font-size=\"14\" font-weight=\"bold\">{}</text>",
        esc(&opts.title)
    );
    s.push_str("<g transform=\"translate(0,28)\">");
    for (a, rings) in areas.iter().zip(&projected) {
        let fill = fill_of(a.value, &breaks, &colours, &id);
        let _ = write!(
            s,
            "<path d=\"{}\" fill=\"{fill}\" stroke=\"#444\" stroke-width=\"0.8\" fill-rule=\"evenodd\" data-area=\"{}\"><title>{}: {}</title></path>",
            frame.path(rings),
            esc(&a.id),
            esc(&a.name),
            esc(&value_text(a.value, opts))
        );
    }
    if opts.labels == Labels::Names {
        s.push_str(&labels(areas, &projected, &frame, &breaks, &colours));
    }
    s.push_str("</g>");
    let range = value_range(areas);
    s.push_str(&legend(
        &breaks,
        &colours,
        opts,
        frame.height + 40.0,
        &id,
        range,
    ));
    s.push_str("</svg>");
    s
}

/// The class boundaries the options give for these areas' values.
pub fn class_breaks(areas: &[MapArea], classes: &Classes) -> Vec<f64> {
    match classes {
        Classes::Breaks(b) => b.clone(),
        Classes::Quantiles(n) => {
            let mut v: Vec<f64> = areas
                .iter()
                .filter_map(|a| match a.value {
                    MapValue::Value(x) => Some(x),
                    _ => None,
                })
                .collect();
            v.sort_by(f64::total_cmp);
            quantile_breaks(&v, (*n).clamp(1, 7))
        }
    }
}

/// Interior class boundaries near the quantiles of sorted `v`: each is the roundest number
/// (coarsest 1-2-5 step) between the values at 35 % of a class below and above the quantile, so
/// breaks are round and every class holds at least one value. With fewer distinct values than
/// classes, there are fewer classes; with one value, none.
fn quantile_breaks(v: &[f64], n: usize) -> Vec<f64> {
    let mut distinct = v.to_vec();
    distinct.dedup();
    let n = n.min(distinct.len());
    if n < 2 {
        return Vec::new();
    }
    let len = v.len();
    let index = |q: f64| ((q / n as f64 * len as f64).max(0.0) as usize).min(len - 1);
    let mut out: Vec<f64> = Vec::new();
    for i in 1..n {
        let prev = out.last().copied().unwrap_or(f64::NEG_INFINITY);
        let (a, c) = (v[index(i as f64 - 0.35)], v[index(i as f64 + 0.35)]);
        let holds = |b: f64| b > prev && v.iter().any(|x| *x >= prev && *x < b) && v[len - 1] >= b;
        let b = Some(roundest(a, c))
            .filter(|b| a < c && holds(*b))
            .or_else(|| {
                // the gap between neighbouring distinct values nearest the quantile
                let target = i * len / n;
                (1..len)
                    .filter(|&k| v[k - 1] < v[k] && v[k - 1] >= prev)
                    .min_by_key(|&k| k.abs_diff(target))
                    .map(|k| roundest(v[k - 1], v[k]))
                    .filter(|b| holds(*b))
            });
        match b {
            Some(b) => out.push(b),
            None => break,
        }
    }
    out
}

/// The roundest number in `(a, c]`: a multiple of the coarsest 1-2-5 step that has one there.
fn roundest(a: f64, c: f64) -> f64 {
    let mut s = step_125((c - a).abs().max(1e-12) * 10.0, true);
    for _ in 0..60 {
        let m = round_to_step((a / s).floor() * s + s, s);
        if m > a && m <= c {
            return m;
        }
        s = step_125(s * 0.99, false);
    }
    c
}

/// The 1-2-5 step nearest to `x`: the smallest at or above it (`up`), else the largest below.
fn step_125(x: f64, up: bool) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return 1.0;
    }
    let mag = 10f64.powf(x.log10().floor());
    let steps = [1.0, 2.0, 5.0, 10.0].map(|m| m * mag);
    if up {
        steps
            .into_iter()
            .find(|s| *s >= x * (1.0 - 1e-9))
            .unwrap_or(10.0 * mag)
    } else {
        steps
            .into_iter()
            .rev()
            .find(|s| *s <= x)
            .unwrap_or(mag / 2.0)
    }
}

/// `x` rounded to a multiple of `step`, without float noise (0.30000000000000004 → 0.3).
fn round_to_step(x: f64, step: f64) -> f64 {
    let k = (x / step).round();
    let decimals = (-step.log10().floor()).max(0.0) as i32 + 1;
    let scale = 10f64.powi(decimals);
    (k * step * scale).round() / scale
}

/// Breaks without NaN, ascending, and without two that read the same in the legend.
fn distinct_in_legend(mut breaks: Vec<f64>, opts: &MapOptions) -> Vec<f64> {
    breaks.retain(|b| b.is_finite());
    breaks.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for b in breaks {
        let shown = opts.format.show(opts.lang, b);
        if out
            .last()
            .is_none_or(|p| opts.format.show(opts.lang, *p) != shown)
        {
            out.push(b);
        }
    }
    out
}

/// The smallest and largest value shown, if any.
fn value_range(areas: &[MapArea]) -> Option<(f64, f64)> {
    areas
        .iter()
        .filter_map(|a| match a.value {
            MapValue::Value(x) if x.is_finite() => Some(x),
            _ => None,
        })
        .fold(None, |r, x| match r {
            None => Some((x, x)),
            Some((lo, hi)) => Some((lo.min(x), hi.max(x))),
        })
}

fn fill_of(v: MapValue, breaks: &[f64], colours: &[&str], id: &str) -> String {
    match v {
        MapValue::Value(x) => colours[breaks.iter().filter(|b| x >= **b).count()].to_owned(),
        MapValue::Suppressed => format!("url(#{id}-hatch)"),
        MapValue::Missing => MISSING.to_owned(),
    }
}

fn value_text(v: MapValue, opts: &MapOptions) -> String {
    match v {
        MapValue::Value(x) => opts.format.show(opts.lang, x),
        MapValue::Suppressed => format!(".. ({})", opts.lang.t("suppressed")),
        MapValue::Missing => opts.lang.t("missing").to_owned(),
    }
}

/// Font size of labels (px).
const LABEL_PX: f64 = 10.0;

fn labels(
    areas: &[MapArea],
    projected: &[Vec<Vec<Point>>],
    frame: &Frame,
    breaks: &[f64],
    colours: &[&str],
) -> String {
    let mut s = format!(
        "<g class=\"labels\" font-size=\"{}\" text-anchor=\"middle\">",
        c(LABEL_PX)
    );
    let pixels: Vec<Vec<Vec<Point>>> = projected
        .iter()
        .map(|rings| {
            rings
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|p| {
                            let (x, y) = frame.xy(*p);
                            Point { x, y }
                        })
                        .collect()
                })
                .collect()
        })
        .collect();
    let spots: Vec<Vec<(Point, f64)>> = pixels.iter().map(|r| label_spots(r)).collect();
    let mut order: Vec<usize> = (0..areas.len()).filter(|&i| !spots[i].is_empty()).collect();
    order.sort_by(|&a, &b| spots[b][0].1.total_cmp(&spots[a][0].1));
    let mut taken: Vec<Boxed> = Vec::new();
    for i in order {
        let a = &areas[i];
        let Some((at, lines)) = place_label(&a.name, &spots[i], &taken) else {
            continue;
        };
        taken.push(label_box(at, &lines));
        let on_dark = matches!(a.value, MapValue::Value(v)
            if palette::dark(colours[breaks.iter().filter(|b| v >= **b).count()]));
        let (fill, halo) = if on_dark {
            ("#fff", "#000")
        } else {
            ("#000", "#fff")
        };
        let first_dy = -(lines.len() as f64 - 1.0) / 2.0 * LINE_PX + LABEL_PX * 0.35;
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" fill=\"{fill}\" stroke=\"{halo}\" stroke-width=\"2.5\" paint-order=\"stroke\" stroke-opacity=\"0.6\">",
            c(at.x),
            c(at.y),
        );
        for (k, line) in lines.iter().enumerate() {
            let dy = if k == 0 { first_dy } else { LINE_PX };
            let _ = write!(
                s,
                "<tspan x=\"{}\" dy=\"{}\">{}</tspan>",
                c(at.x),
                c(dy),
                esc(line)
            );
        }
        s.push_str("</text>");
    }
    s.push_str("</g>");
    s
}

/// Line height of labels (px).
const LINE_PX: f64 = LABEL_PX * 1.15;

/// A label's box in pixels: (x0, y0, x1, y1).
type Boxed = (f64, f64, f64, f64);

/// Where a name goes among an area's inside `spots` (best first): the first spot whose box fits
/// the area and overlaps no label placed before, on one line or broken onto two.
fn place_label(
    name: &str,
    spots: &[(Point, f64)],
    taken: &[Boxed],
) -> Option<(Point, Vec<String>)> {
    let layouts = [vec![name.to_owned()], two_lines(name)];
    for (at, room) in spots {
        for lines in layouts.iter().filter(|l| !l.is_empty()) {
            let b = label_box(*at, lines);
            let fits = (b.2 - b.0) <= 2.6 * room && (b.3 - b.1) <= 2.2 * room;
            if fits && taken.iter().all(|t| !overlaps(t, &b)) {
                return Some((*at, lines.clone()));
            }
        }
    }
    None
}

/// `name` broken at the space nearest its middle (empty when it has no space).
fn two_lines(name: &str) -> Vec<String> {
    let mid = name.chars().count() / 2;
    let cut = name
        .char_indices()
        .filter(|(_, ch)| *ch == ' ')
        .map(|(i, _)| i)
        .min_by_key(|i| name[..*i].chars().count().abs_diff(mid));
    match cut {
        Some(i) => vec![name[..i].to_owned(), name[i + 1..].to_owned()],
        None => Vec::new(),
    }
}

/// The box of `lines` centred on `at` (an estimate: 0.58 em per character).
fn label_box(at: Point, lines: &[String]) -> Boxed {
    let w = lines
        .iter()
        .map(|l| l.chars().count() as f64 * LABEL_PX * 0.58)
        .fold(0.0, f64::max)
        + 4.0;
    let h = lines.len() as f64 * LINE_PX + 2.0;
    (
        at.x - w / 2.0,
        at.y - h / 2.0,
        at.x + w / 2.0,
        at.y + h / 2.0,
    )
}

fn overlaps(a: &Boxed, b: &Boxed) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Candidate label positions inside an area (pixels), with their distance to the border, best
/// first: the pole of inaccessibility (found on a grid, then refined), then other inside grid
/// points at least half as deep.
fn label_spots(rings: &[Vec<Point>]) -> Vec<(Point, f64)> {
    const GRID: usize = 24;
    let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
    for p in rings.iter().flatten() {
        (x0, y0, x1, y1) = (x0.min(p.x), y0.min(p.y), x1.max(p.x), y1.max(p.y));
    }
    if x0 >= x1 || y0 >= y1 {
        return Vec::new();
    }
    let (dx, dy) = ((x1 - x0) / GRID as f64, (y1 - y0) / GRID as f64);
    let mut spots: Vec<(Point, f64)> = (0..GRID * GRID)
        .map(|k| Point {
            x: x0 + dx * ((k % GRID) as f64 + 0.5),
            y: y0 + dy * ((k / GRID) as f64 + 0.5),
        })
        .filter_map(|p| depth(rings, p).map(|d| (p, d)))
        .collect();
    spots.sort_by(|a, b| b.1.total_cmp(&a.1));
    let Some(&(mut best, mut room)) = spots.first() else {
        return Vec::new();
    };
    let (mut sx, mut sy) = (dx, dy);
    for _ in 0..3 {
        (sx, sy) = (sx / 3.0, sy / 3.0);
        let centre = best;
        for j in -3..=3 {
            for i in -3..=3 {
                let p = Point {
                    x: centre.x + f64::from(i) * sx,
                    y: centre.y + f64::from(j) * sy,
                };
                if let Some(d) = depth(rings, p).filter(|d| *d > room) {
                    (best, room) = (p, d);
                }
            }
        }
    }
    let mut out = vec![(best, room)];
    out.extend(spots.into_iter().filter(|(_, d)| *d >= room / 2.0));
    out
}

/// The distance from `p` to the nearest border when `p` is inside (even-odd), else `None`.
fn depth(rings: &[Vec<Point>], p: Point) -> Option<f64> {
    let mut inside = false;
    let mut nearest = f64::MAX;
    for r in rings {
        for w in r.windows(2) {
            let (a, b) = (w[0], w[1]);
            if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
                inside = !inside;
            }
            nearest = nearest.min(segment_distance(p, a, b));
        }
    }
    inside.then_some(nearest)
}

fn segment_distance(p: Point, a: Point, b: Point) -> f64 {
    let (vx, vy) = (b.x - a.x, b.y - a.y);
    let len2 = vx * vx + vy * vy;
    let t = if len2 > 0.0 {
        (((p.x - a.x) * vx + (p.y - a.y) * vy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    (p.x - a.x - t * vx).hypot(p.y - a.y - t * vy)
}

fn legend(
    breaks: &[f64],
    colours: &[&str],
    opts: &MapOptions,
    top: f64,
    id: &str,
    range: Option<(f64, f64)>,
) -> String {
    let f = |x: f64| opts.format.show(opts.lang, x);
    let mut items: Vec<(String, String)> = Vec::new();
    for (i, col) in colours.iter().enumerate() {
        let text = match (i.checked_sub(1).map(|j| breaks[j]), breaks.get(i)) {
            (None, None) => match range {
                Some((lo, hi)) if f(lo) != f(hi) => format!("{} – {}", f(lo), f(hi)),
                Some((lo, _)) => f(lo),
                None => opts.lang.t("value").to_owned(),
            },
            (None, Some(hi)) => format!("< {}", f(*hi)),
            (Some(lo), Some(hi)) => format!("{} – < {}", f(lo), f(*hi)),
            (Some(lo), None) => format!("≥ {}", f(lo)),
        };
        items.push(((*col).to_owned(), text));
    }
    items.push((
        format!("url(#{id}-hatch)"),
        format!(".. {}", opts.lang.t("suppressed")),
    ));
    items.push((MISSING.to_owned(), opts.lang.t("missing").to_owned()));
    let mut s = format!(
        "<g class=\"legend\" transform=\"translate(0,{})\" font-size=\"11\">",
        c(top)
    );
    for (i, (fill, text)) in items.iter().enumerate() {
        let y = 22.0 * i as f64;
        let _ = write!(
            s,
            "<rect x=\"0\" y=\"{}\" width=\"18\" height=\"14\" fill=\"{fill}\" stroke=\"#444\" stroke-width=\"0.6\"/><text x=\"24\" y=\"{}\">{}</text>",
            c(y),
            c(y + 11.0),
            esc(text)
        );
    }
    s.push_str("</g>");
    s
}

fn project(g: &MultiPolygon) -> Vec<Vec<Point>> {
    g.polygons
        .iter()
        .flat_map(|p| p.rings.iter())
        .map(|r| r.iter().map(|p| utm32(*p)).collect())
        .collect()
}

/// Projected metres → pixels: uniform scale, north up.
#[derive(Debug)]
struct Frame {
    min_x: f64,
    max_y: f64,
    scale: f64,
    height: f64,
}

impl Frame {
    fn fit(projected: &[Vec<Vec<Point>>], width: f64) -> Frame {
        let pts = projected.iter().flatten().flatten();
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for p in pts {
            (x0, y0, x1, y1) = (x0.min(p.x), y0.min(p.y), x1.max(p.x), y1.max(p.y));
        }
        if x0 > x1 {
            return Frame {
                min_x: 0.0,
                max_y: 0.0,
                scale: 1.0,
                height: 0.0,
            };
        }
        let (w, h) = ((x1 - x0).max(1.0), (y1 - y0).max(1.0));
        let scale = (width / w).min(1.2 * width / h);
        Frame {
            min_x: x0,
            max_y: y1,
            scale,
            height: h * scale,
        }
    }
    fn xy(&self, p: Point) -> (f64, f64) {
        (
            (p.x - self.min_x) * self.scale,
            (self.max_y - p.y) * self.scale,
        )
    }
    fn path(&self, rings: &[Vec<Point>]) -> String {
        let mut d = String::new();
        for r in rings {
            for (i, p) in r.iter().enumerate() {
                let (x, y) = self.xy(*p);
                let _ = write!(d, "{}{},{}", if i == 0 { "M" } else { "L" }, c(x), c(y));
            }
            d.push('Z');
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bydel_geo::polygon::Polygon;

    fn is_round(b: f64) -> bool {
        // a multiple of 1, 2 or 5 times a power of ten, at most three significant digits
        (-6..=6).any(|e| {
            let x = b / 10f64.powi(e);
            (x - x.round()).abs() < 1e-9 && (1.0..1000.0).contains(&x.round().abs())
        })
    }

    #[test]
    fn quantile_breaks_are_round_and_every_class_holds_a_value() {
        let v: Vec<f64> = (0..100).map(|i| i as f64 / 100.0).collect();
        let b = quantile_breaks(&v, 4);
        assert_eq!(b, vec![0.2, 0.5, 0.8]);
        let shares = [0.051, 0.063, 0.12, 0.13, 0.21, 0.33, 0.34, 0.46, 0.52];
        let b = quantile_breaks(&shares, 5);
        assert_eq!(b.len(), 4, "{b:?}");
        for (i, x) in b.iter().enumerate() {
            assert!(is_round(*x), "{x}");
            let lo = if i == 0 { f64::MIN } else { b[i - 1] };
            assert!(
                shares.iter().any(|s| *s >= lo && s < x),
                "empty class below {x}"
            );
        }
        assert!(shares.iter().any(|s| *s >= b[3]));
    }

    #[test]
    fn few_values_give_few_classes() {
        assert!(quantile_breaks(&[0.3, 0.3, 0.3], 5).is_empty());
        assert!(quantile_breaks(&[], 5).is_empty());
        assert_eq!(quantile_breaks(&[0.1, 0.1, 0.2], 5), vec![0.2]);
        let mut skewed = vec![0.1; 8];
        skewed.extend([0.2, 0.3]);
        assert_eq!(quantile_breaks(&skewed, 3), vec![0.2, 0.3]);
    }

    fn square(id: &str, name: &str, x: f64, value: f64) -> MapArea {
        let ring = [
            (0.0, 0.0),
            (0.02, 0.0),
            (0.02, 0.02),
            (0.0, 0.02),
            (0.0, 0.0),
        ]
        .map(|(dx, dy)| Point {
            x: 12.40 + x + dx,
            y: 55.70 + dy,
        })
        .to_vec();
        MapArea {
            id: id.into(),
            name: name.into(),
            geometry: MultiPolygon {
                polygons: vec![Polygon { rings: vec![ring] }],
            },
            value: MapValue::Value(value),
        }
    }

    fn options(classes: Classes) -> MapOptions {
        MapOptions {
            id: "m".into(),
            title: "Kort".into(),
            width: 400.0,
            classes,
            format: ValueFormat::Percent,
            labels: Labels::Names,
            lang: Lang::Da,
        }
    }

    #[test]
    fn legend_classes_are_never_degenerate() {
        let areas = [square("a", "A", 0.0, 0.1), square("b", "B", 0.02, 0.1)];
        // breaks that read the same ("10,0 %") are merged; equal values give one class
        let svg = choropleth(
            &areas,
            &options(Classes::Breaks(vec![0.1, 0.10001, f64::NAN])),
        );
        assert!(!svg.contains("10,0 % – < 10,0 %"), "{svg}");
        assert_eq!(svg.matches("10,0 %").count(), 2 + 2, "{svg}");
        let one = choropleth(&areas, &options(Classes::Quantiles(5)));
        assert!(
            one.contains(">10,0 %</text>"),
            "the single class names its value: {one}"
        );
        assert!(!one.contains(">Værdi<"), "{one}");
    }

    #[test]
    fn labels_sit_inside_their_area_and_never_overlap() {
        let areas = [
            square("a", "Bagsværd Sogn", 0.0, 0.1),
            square("b", "Stengård Sogn", 0.02, 0.2),
            square("c", "Søborgmagle Sogn", 0.04, 0.3),
        ];
        let svg = choropleth(&areas, &options(Classes::Quantiles(3)));
        let xs: Vec<f64> = svg
            .split("<text x=\"")
            .skip(1)
            .filter(|t| t.contains("<tspan"))
            .map(|t| t.split('"').next().unwrap().parse().unwrap())
            .collect();
        assert_eq!(xs.len(), 3, "{svg}");
        for (i, x) in xs.iter().enumerate() {
            let (lo, hi) = (400.0 / 3.0 * i as f64, 400.0 / 3.0 * (i + 1) as f64);
            assert!(*x > lo && *x < hi, "label {i} at {x} outside its square");
        }
    }

    #[test]
    fn a_label_that_cannot_be_placed_is_left_out() {
        let taken = [(0.0, 0.0, 100.0, 100.0)];
        let spots = [(Point { x: 50.0, y: 50.0 }, 40.0)];
        assert!(place_label("Høje Gladsaxe", &spots, &taken).is_none());
        let placed = place_label("Høje Gladsaxe", &spots, &[]).unwrap();
        assert_eq!(placed.0, Point { x: 50.0, y: 50.0 });
        // a narrow area breaks a long name onto two lines
        let narrow = [(Point { x: 50.0, y: 50.0 }, 50.0)];
        let (_, lines) = place_label("Grønnemosen Ungdoms- og Ældreboliger", &narrow, &[]).unwrap();
        assert_eq!(lines, ["Grønnemosen Ungdoms-", "og Ældreboliger"]);
    }
}
