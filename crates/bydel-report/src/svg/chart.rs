//! Time-series charts: one line per series over years, shaded interval bands, dashed threshold
//! lines, gaps where a value is suppressed or missing, a legend, and a `<title>` per point.

use std::fmt::Write as _;

use super::palette::{self, REFERENCE, THRESHOLD};
use super::{ValueFormat, c, nice_ticks};
use crate::format::{self, esc};
use crate::i18n::Lang;

/// One line.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Legend label (escaped).
    pub label: String,
    /// Points by year (any order; drawn sorted).
    pub points: Vec<ChartPoint>,
    /// How the line is drawn.
    pub emphasis: Emphasis,
}

/// One point of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ChartPoint {
    /// The year.
    pub year: i32,
    /// The value, or `None` when suppressed or missing (the line breaks there).
    pub value: Option<f64>,
    /// A confidence interval `(low, high)`, drawn as a band.
    pub interval: Option<(f64, f64)>,
}

/// How a series is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Emphasis {
    /// A coloured line with markers.
    Primary,
    /// A black dashed reference line (the municipality, the country).
    Reference,
}

/// A horizontal line at a law threshold.
#[derive(Debug, Clone, PartialEq)]
pub struct Threshold {
    /// The value.
    pub value: f64,
    /// Its label (escaped).
    pub label: String,
}

/// Where the value axis starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YRange {
    /// From zero (shares, counts).
    FromZero,
    /// From the data (indices that can be negative).
    Data,
}

/// The chart's options.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartOptions {
    /// A document-unique id prefix.
    pub id: String,
    /// Title (escaped).
    pub title: String,
    /// Width and height in pixels.
    pub size: (f64, f64),
    /// How values are written.
    pub format: ValueFormat,
    /// Threshold lines.
    pub thresholds: Vec<Threshold>,
    /// The value axis' start.
    pub y_range: YRange,
    /// Language of point titles.
    pub lang: Lang,
}

const LEFT: f64 = 56.0;
const TOP: f64 = 28.0;
const RIGHT: f64 = 12.0;
const BOTTOM: f64 = 24.0;

/// Renders a time-series chart as SVG text.
pub fn time_series(series: &[Series], opts: &ChartOptions) -> String {
    let (w, h) = opts.size;
    let legend_h = 16.0 * series.len().div_ceil(2) as f64;
    let plot = Plot::new(series, opts, (w, h - legend_h));
    let id = esc(&opts.id);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-labelledby=\"{id}-title\" font-size=\"11\">",
        c(w),
        c(h),
        c(w),
        c(h)
    );
    let _ = write!(s, "<title id=\"{id}-title\">{}</title>", esc(&opts.title));
    let _ = write!(
        s,
        "<text x=\"0\" y=\"14\" font-size=\"13\" font-weight=\"bold\">{}</text>",
        esc(&opts.title)
    );
    s.push_str(&plot.axes(opts));
    for (i, se) in series.iter().enumerate() {
        s.push_str(&plot.band(se, colour(i, se)));
    }
    for t in &opts.thresholds {
        s.push_str(&plot.threshold(t));
    }
    for (i, se) in series.iter().enumerate() {
        s.push_str(&plot.line(se, colour(i, se), opts));
    }
    s.push_str(&legend(series, h - legend_h + 6.0, w));
    s.push_str("</svg>");
    s
}

/// A tick written with just the decimals its step needs (`10 %`, `12,5 %` never appears: steps
/// are 1-2-5): percentages of a 5-point step read `5 %`, `10 %`, of a half-point step `0,5 %`.
fn tick_label(opts: &ChartOptions, t: f64, step: f64) -> String {
    let needed = |unit_step: f64| -> usize {
        if unit_step >= 1.0 || unit_step <= 0.0 {
            0
        } else {
            (-unit_step.log10() - 1e-9).ceil() as usize
        }
    };
    match opts.format {
        ValueFormat::Percent => format::pct_with(opts.lang, t, needed(step * 100.0)),
        ValueFormat::Integer => format::int(opts.lang, t),
        ValueFormat::Decimals(d) => format::dec(opts.lang, t, needed(step).min(usize::from(d))),
    }
}

fn colour(i: usize, s: &Series) -> &'static str {
    match s.emphasis {
        Emphasis::Primary => palette::line(i),
        Emphasis::Reference => REFERENCE,
    }
}

/// The plot area and its scales.
#[derive(Debug)]
struct Plot {
    years: (i32, i32),
    ticks: Vec<f64>,
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

impl Plot {
    fn new(series: &[Series], opts: &ChartOptions, (w, h): (f64, f64)) -> Plot {
        let pts = series.iter().flat_map(|s| s.points.iter());
        let (mut ya, mut yb) = (i32::MAX, i32::MIN);
        let (mut lo, mut hi) = (f64::MAX, f64::MIN);
        for p in pts {
            (ya, yb) = (ya.min(p.year), yb.max(p.year));
            for v in p
                .value
                .iter()
                .chain(p.interval.iter().flat_map(|(a, b)| [a, b]))
            {
                (lo, hi) = (lo.min(*v), hi.max(*v));
            }
        }
        for t in &opts.thresholds {
            (lo, hi) = (lo.min(t.value), hi.max(t.value));
        }
        if ya > yb {
            (ya, yb) = (0, 1);
        }
        if lo > hi {
            (lo, hi) = (0.0, 1.0);
        }
        if opts.y_range == YRange::FromZero {
            lo = lo.min(0.0);
        }
        let ticks = nice_ticks(lo, hi, 5);
        Plot {
            years: (ya, yb),
            ticks,
            x0: LEFT,
            x1: w - RIGHT,
            y0: h - BOTTOM,
            y1: TOP,
        }
    }
    /// The distance between ticks.
    fn step(&self) -> f64 {
        match self.ticks.as_slice() {
            [a, b, ..] => b - a,
            _ => 1.0,
        }
    }
    fn x(&self, year: i32) -> f64 {
        let span = (self.years.1 - self.years.0).max(1) as f64;
        self.x0 + (year - self.years.0) as f64 / span * (self.x1 - self.x0)
    }
    fn y(&self, v: f64) -> f64 {
        let (lo, hi) = (self.ticks[0], *self.ticks.last().unwrap_or(&1.0));
        let span = if hi > lo { hi - lo } else { 1.0 };
        self.y0 - (v - lo) / span * (self.y0 - self.y1)
    }
    fn axes(&self, opts: &ChartOptions) -> String {
        let mut s = String::from("<g class=\"axes\" fill=\"#333\">");
        for t in &self.ticks {
            let y = c(self.y(*t));
            let _ = write!(
                s,
                "<line x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#ddd\"/><text x=\"{}\" y=\"{y}\" dy=\"4\" text-anchor=\"end\">{}</text>",
                c(self.x0),
                c(self.x1),
                c(self.x0 - 4.0),
                esc(&tick_label(opts, *t, self.step()))
            );
        }
        let n = (self.years.1 - self.years.0 + 1).max(1);
        let step = if n > 12 { 2 } else { 1 };
        for year in (self.years.0..=self.years.1).step_by(step as usize) {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{year}</text>",
                c(self.x(year)),
                c(self.y0 + 14.0)
            );
        }
        let _ = write!(
            s,
            "<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#333\"/></g>",
            c(self.x0),
            c(self.x1),
            c(self.y0),
            c(self.y0)
        );
        s
    }
    fn band(&self, se: &Series, colour: &str) -> String {
        let mut s = String::new();
        for run in runs(se, |p| p.interval.is_some()) {
            let upper = run
                .iter()
                .filter_map(|p| p.interval.map(|(_, b)| (p.year, b)));
            let lower = run
                .iter()
                .rev()
                .filter_map(|p| p.interval.map(|(a, _)| (p.year, a)));
            let pts: Vec<String> = upper
                .chain(lower)
                .map(|(yr, v)| format!("{},{}", c(self.x(yr)), c(self.y(v))))
                .collect();
            let _ = write!(
                s,
                "<polygon points=\"{}\" fill=\"{colour}\" fill-opacity=\"0.15\" stroke=\"none\"/>",
                pts.join(" ")
            );
        }
        s
    }
    fn threshold(&self, t: &Threshold) -> String {
        let y = c(self.y(t.value));
        format!(
            "<line x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"{THRESHOLD}\" stroke-width=\"1.5\" stroke-dasharray=\"6 3\"/><text x=\"{}\" y=\"{y}\" dy=\"-3\" text-anchor=\"end\" fill=\"{THRESHOLD}\">{}</text>",
            c(self.x0),
            c(self.x1),
            c(self.x1),
            esc(&t.label)
        )
    }
    fn line(&self, se: &Series, colour: &str, opts: &ChartOptions) -> String {
        let dash = if se.emphasis == Emphasis::Reference {
            " stroke-dasharray=\"4 2\""
        } else {
            ""
        };
        let mut s = String::new();
        for run in runs(se, |p| p.value.is_some()) {
            let pts: Vec<String> = run
                .iter()
                .filter_map(|p| {
                    p.value
                        .map(|v| format!("{},{}", c(self.x(p.year)), c(self.y(v))))
                })
                .collect();
            let _ = write!(
                s,
                "<polyline points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\"{dash}/>",
                pts.join(" ")
            );
        }
        for p in sorted(se) {
            let Some(v) = p.value else { continue };
            let _ = write!(
                s,
                "<circle cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"{colour}\"><title>{} {}: {}</title></circle>",
                c(self.x(p.year)),
                c(self.y(v)),
                esc(&se.label),
                p.year,
                esc(&opts.format.show(opts.lang, v))
            );
        }
        s
    }
}

fn sorted(se: &Series) -> Vec<ChartPoint> {
    let mut v = se.points.clone();
    v.sort_by_key(|p| p.year);
    v
}

/// Maximal runs of consecutive points that satisfy `keep` (a gap breaks the line).
fn runs(se: &Series, keep: impl Fn(&ChartPoint) -> bool) -> Vec<Vec<ChartPoint>> {
    let mut out: Vec<Vec<ChartPoint>> = Vec::new();
    let mut cur: Vec<ChartPoint> = Vec::new();
    for p in sorted(se) {
        if keep(&p) {
            cur.push(p);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn legend(series: &[Series], top: f64, w: f64) -> String {
    let mut s = format!(
        "<g class=\"legend\" transform=\"translate({},{})\">",
        c(LEFT),
        c(top)
    );
    let col_w = (w - LEFT) / 2.0;
    for (i, se) in series.iter().enumerate() {
        let (x, y) = (col_w * (i % 2) as f64, 16.0 * (i / 2) as f64);
        let dash = if se.emphasis == Emphasis::Reference {
            " stroke-dasharray=\"4 2\""
        } else {
            ""
        };
        let _ = write!(
            s,
            "<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2\"{dash}/><text x=\"{}\" y=\"{}\">{}</text>",
            c(x),
            c(x + 16.0),
            c(y + 4.0),
            c(y + 4.0),
            colour(i, se),
            c(x + 20.0),
            c(y + 8.0),
            esc(&se.label)
        );
    }
    s.push_str("</g>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(values: &[f64], format: ValueFormat) -> String {
        let points = values
            .iter()
            .enumerate()
            .map(|(i, v)| ChartPoint {
                year: 2015 + i as i32,
                value: Some(*v),
                interval: None,
            })
            .collect();
        let series = [Series {
            label: "Område".into(),
            points,
            emphasis: Emphasis::Primary,
        }];
        let opts = ChartOptions {
            id: "c".into(),
            title: "Andel".into(),
            size: (480.0, 240.0),
            format,
            thresholds: vec![Threshold {
                value: 0.4,
                label: "40 %".into(),
            }],
            y_range: YRange::FromZero,
            lang: Lang::Da,
        };
        time_series(&series, &opts)
    }

    /// The value-axis labels (the texts right-aligned at the axis).
    fn tick_texts(svg: &str) -> Vec<String> {
        svg.split("text-anchor=\"end\">")
            .skip(1)
            .map(|t| t.split('<').next().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn ticks_are_round_1_2_5_steps_with_danish_decimals() {
        // 0 to 46 %: ten-point steps read 0 %, 10 % … (not 0,0 %, 10,0 %)
        let svg = chart(&[0.21, 0.3, 0.46], ValueFormat::Percent);
        assert_eq!(
            tick_texts(&svg),
            ["0 %", "10 %", "20 %", "30 %", "40 %", "50 %"]
        );
        // the 40 % threshold line keeps the axis at 0–40 % even for small values
        let svg = chart(&[0.011, 0.018, 0.02], ValueFormat::Percent);
        assert_eq!(tick_texts(&svg)[..3], ["0 %", "10 %", "20 %"]);
        let svg = chart(&[7.1, 7.35, 7.6], ValueFormat::Decimals(2));
        let t = tick_texts(&svg);
        assert!(t.iter().all(|x| !x.contains('.')), "{t:?}");
        assert_eq!(t[..2], ["0", "2"], "{t:?}");
    }

    #[test]
    fn no_quarter_steps() {
        assert!(
            super::super::nice_ticks(0.0, 10.0, 4)
                .windows(2)
                .all(|w| (w[1] - w[0] - 5.0).abs() < 1e-9 || (w[1] - w[0] - 2.0).abs() < 1e-9)
        );
    }
}
