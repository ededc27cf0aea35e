//! The SVG renderers, shared by the report and the dashboard: pure functions from data and
//! options to SVG text (no IO, no scripts, every text escaped).
//!
//! - [`map::choropleth`]: a projected (UTM 32N) choropleth with classes, legend and labels.
//! - [`chart::time_series`]: lines over years with interval bands and threshold lines.
//! - [`matrix::status_dynamics`]: the MSS status × dynamics matrix.
//!
//! Colours are colour-blind safe: ColorBrewer sequential classes for maps, Okabe–Ito for lines.

pub mod chart;
pub mod map;
pub mod matrix;
pub mod palette;

use crate::format;
use crate::i18n::Lang;

/// How values are written on axes, legends and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueFormat {
    /// A share in `[0, 1]`, written as a percentage.
    Percent,
    /// A whole number.
    Integer,
    /// A number with this many decimals.
    Decimals(u8),
}

impl ValueFormat {
    /// `x` formatted for `lang`.
    pub fn show(self, lang: Lang, x: f64) -> String {
        match self {
            ValueFormat::Percent => format::pct(lang, x),
            ValueFormat::Integer => format::int(lang, x),
            ValueFormat::Decimals(d) => format::dec(lang, x, d as usize),
        }
    }
}

/// About five round tick values covering `[lo, hi]`: steps of 1, 2 or 5 times a power of ten.
pub fn nice_ticks(lo: f64, hi: f64, target: usize) -> Vec<f64> {
    let (lo, hi) = if hi > lo {
        (lo, hi)
    } else {
        (lo - 0.5, lo + 0.5)
    };
    let raw = (hi - lo) / target.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * mag);
    let start = (lo / step).floor() as i64;
    let end = (hi / step).ceil() as i64;
    (start..=end)
        .map(|i| round_to(i as f64 * step, step))
        .collect()
}

/// A number rounded to a tenth of `step` (removes float noise like 0.30000000000000004).
fn round_to(x: f64, step: f64) -> f64 {
    let q = step / 10.0;
    (x / q).round() * q
}

/// Two-decimal coordinates (keeps the SVG small and snapshot-stable).
pub(crate) fn c(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_nice_and_cover_the_range() {
        assert_eq!(
            nice_ticks(0.0, 0.5, 5),
            vec![0.0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5]
                .into_iter()
                .map(|x| round_to(x, 0.1))
                .collect::<Vec<_>>()
        );
        let t = nice_ticks(3.0, 3.0, 5);
        assert!(t.first().unwrap() <= &3.0 && t.last().unwrap() >= &3.0);
    }

    #[test]
    fn coordinates_are_compact() {
        assert_eq!(c(1.0), "1");
        assert_eq!(c(1.256), "1.26");
        assert_eq!(c(-0.001), "0");
    }
}
