//! Colour-blind-safe colours: ColorBrewer sequential "YlGnBu" classes (3–7) for maps and
//! matrices, Okabe–Ito for lines, and the fills for suppressed and missing values.

/// ColorBrewer YlGnBu, 7 classes (light to dark); smaller class counts take an even spread.
const YLGNBU7: [&str; 7] = [
    "#ffffcc", "#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84",
];

/// Okabe–Ito, without yellow (too light on white), black reserved for references.
pub const LINES: [&str; 6] = [
    "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
];

/// The reference line colour (the municipality, the country).
pub const REFERENCE: &str = "#000000";

/// Threshold lines.
pub const THRESHOLD: &str = "#B2182B";

/// Fill of an area without data.
pub const MISSING: &str = "#ffffff";

/// `n` sequential colours (1 ≤ n ≤ 7), light to dark.
pub fn sequential(n: usize) -> Vec<&'static str> {
    let n = n.clamp(1, 7);
    if n == 1 {
        return vec![YLGNBU7[3]];
    }
    (0..n).map(|i| YLGNBU7[i * 6 / (n - 1)]).collect()
}

/// Whether text on `fill` should be white (dark classes).
pub fn dark(fill: &str) -> bool {
    matches!(fill, "#1d91c0" | "#225ea8" | "#0c2c84")
}

/// The line colour of series `i`.
pub fn line(i: usize) -> &'static str {
    LINES[i % LINES.len()]
}

/// The `<defs>` pattern for suppressed areas (grey hatching), id `hatch`.
pub fn hatch_defs(id: &str) -> String {
    format!(
        "<defs><pattern id=\"{id}\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#f0f0f0\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#888\" stroke-width=\"2\"/></pattern></defs>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequential_spans_light_to_dark() {
        assert_eq!(sequential(2), vec!["#ffffcc", "#0c2c84"]);
        assert_eq!(sequential(7).len(), 7);
        assert_eq!(sequential(0).len(), 1);
        let five = sequential(5);
        assert_eq!(five.first(), Some(&"#ffffcc"));
        assert_eq!(five.last(), Some(&"#0c2c84"));
    }
}
