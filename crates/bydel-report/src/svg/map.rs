//! Choropleth maps: area polygons (WGS84) projected to UTM 32N, filled by class, with a legend,
//! optional labels at the centroids, hatching for suppressed values and a `<title>` per area
//! (hover text and text alternative).

use std::fmt::Write as _;

use bydel_geo::project::utm32;
use bydel_geo::{MultiPolygon, Point};

use super::palette::{self, MISSING};
use super::{ValueFormat, c};
use crate::format::esc;
use crate::i18n::Lang;

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
    /// Names at the centroids.
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
    let breaks = class_breaks(areas, &opts.classes);
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
    s.push_str(&legend(&breaks, &colours, opts, frame.height + 40.0, &id));
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

/// Interior boundaries at the quantiles of sorted `v`, rounded to two significant digits,
/// without duplicates (so a few distinct values give fewer classes).
fn quantile_breaks(v: &[f64], n: usize) -> Vec<f64> {
    if v.len() < 2 || n < 2 {
        return Vec::new();
    }
    let mut out: Vec<f64> = (1..n)
        .map(|i| round2(v[(i * v.len() / n).min(v.len() - 1)]))
        .filter(|b| *b > v[0])
        .collect();
    out.dedup();
    out
}

fn round2(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let mag = 10f64.powf(x.abs().log10().floor() - 1.0);
    (x / mag).round() * mag
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

fn labels(
    areas: &[MapArea],
    projected: &[Vec<Vec<Point>>],
    frame: &Frame,
    breaks: &[f64],
    colours: &[&str],
) -> String {
    let mut s = String::from("<g class=\"labels\" font-size=\"10\" text-anchor=\"middle\">");
    for (a, rings) in areas.iter().zip(projected) {
        let Some(p) = centroid(rings) else { continue };
        let (x, y) = frame.xy(p);
        let on_dark = matches!(a.value, MapValue::Value(v)
            if palette::dark(colours[breaks.iter().filter(|b| v >= **b).count()]));
        let (fill, halo) = if on_dark {
            ("#fff", "#000")
        } else {
            ("#000", "#fff")
        };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" fill=\"{fill}\" stroke=\"{halo}\" stroke-width=\"2.5\" paint-order=\"stroke\" stroke-opacity=\"0.6\">{}</text>",
            c(x),
            c(y),
            esc(&a.name)
        );
    }
    s.push_str("</g>");
    s
}

fn legend(breaks: &[f64], colours: &[&str], opts: &MapOptions, top: f64, id: &str) -> String {
    let f = |x: f64| opts.format.show(opts.lang, x);
    let mut items: Vec<(String, String)> = Vec::new();
    for (i, col) in colours.iter().enumerate() {
        let text = match (i.checked_sub(1).map(|j| breaks[j]), breaks.get(i)) {
            (None, None) => opts.lang.t("value").to_owned(),
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

/// The centroid of the outer rings' vertices weighted by area (the shoelace formula).
fn centroid(rings: &[Vec<Point>]) -> Option<Point> {
    let (mut a, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for r in rings {
        for w in r.windows(2) {
            let cross = w[0].x * w[1].y - w[1].x * w[0].y;
            a += cross;
            cx += (w[0].x + w[1].x) * cross;
            cy += (w[0].y + w[1].y) * cross;
        }
    }
    (a.abs() > 1e-9).then(|| Point {
        x: cx / (3.0 * a),
        y: cy / (3.0 * a),
    })
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

    #[test]
    fn quantile_breaks_are_rounded_and_distinct() {
        let v: Vec<f64> = (0..100).map(|i| i as f64 / 100.0).collect();
        assert_eq!(quantile_breaks(&v, 4), vec![0.25, 0.5, 0.75]);
        assert!(quantile_breaks(&[0.3, 0.3, 0.3], 5).is_empty());
        assert!(quantile_breaks(&[], 5).is_empty());
    }
}
