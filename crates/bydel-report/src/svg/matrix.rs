//! The status × dynamics matrix of the Berlin MSS method: rows are status classes (high to very
//! low), columns are dynamics classes (positive to negative); each cell lists the areas in it.

use std::fmt::Write as _;

use super::c;
use super::palette;
use crate::format::esc;

/// The areas of one (status, dynamics) cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixCell {
    /// Index into the status labels.
    pub status: usize,
    /// Index into the dynamics labels.
    pub dynamics: usize,
    /// Area names in the cell (escaped).
    pub areas: Vec<String>,
}

/// The matrix's options.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixOptions {
    /// A document-unique id prefix.
    pub id: String,
    /// Title.
    pub title: String,
    /// Status class labels (rows, best first).
    pub status: Vec<String>,
    /// Dynamics class labels (columns, best first).
    pub dynamics: Vec<String>,
    /// Axis names (status, dynamics).
    pub axes: (String, String),
}

/// Renders the matrix; darker cells hold more areas, and the diagonal towards the lower right
/// (low status, negative dynamics) is where attention is needed.
pub fn status_dynamics(cells: &[MatrixCell], opts: &MatrixOptions) -> String {
    let (cw, ch, left, top) = (150.0, 64.0, 110.0, 52.0);
    let (nr, nc) = (opts.status.len(), opts.dynamics.len());
    let (w, h) = (left + cw * nc as f64, top + ch * nr as f64 + 4.0);
    let max = cells
        .iter()
        .map(|m| m.areas.len())
        .max()
        .unwrap_or(0)
        .max(1);
    let colours = palette::sequential(5);
    let id = esc(&opts.id);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"matrix\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-labelledby=\"{id}-title\" font-size=\"11\">",
        c(w),
        c(h),
        c(w),
        c(h)
    );
    let _ = write!(
        s,
        "<title id=\"{id}-title\">{}</title><text x=\"0\" y=\"14\" font-size=\"13\" font-weight=\"bold\">{}</text>",
        esc(&opts.title),
        esc(&opts.title)
    );
    let _ = write!(
        s,
        "<text x=\"{}\" y=\"32\" font-weight=\"bold\">{}</text><text x=\"0\" y=\"{}\" font-weight=\"bold\">{}</text>",
        c(left),
        esc(&opts.axes.1),
        c(top - 6.0),
        esc(&opts.axes.0)
    );
    for (j, d) in opts.dynamics.iter().enumerate() {
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            c(left + cw * (j as f64 + 0.5)),
            c(top - 6.0),
            esc(d)
        );
    }
    for (i, st) in opts.status.iter().enumerate() {
        let y = top + ch * i as f64;
        let _ = write!(
            s,
            "<text x=\"0\" y=\"{}\">{}</text>",
            c(y + ch / 2.0),
            esc(st)
        );
        for j in 0..nc {
            let names: &[String] = cells
                .iter()
                .find(|m| m.status == i && m.dynamics == j)
                .map_or(&[], |m| &m.areas);
            let fill = if names.is_empty() {
                "#ffffff"
            } else {
                colours[(names.len() * 4).div_ceil(max).min(4)]
            };
            let text_fill = if palette::dark(fill) { "#fff" } else { "#000" };
            let x = left + cw * j as f64;
            let _ = write!(
                s,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\" stroke=\"#444\"><title>{}</title></rect>",
                c(x),
                c(y),
                c(cw),
                c(ch),
                esc(&names.join(", "))
            );
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" fill=\"{text_fill}\" font-weight=\"bold\">{}</text>",
                c(x + 6.0),
                c(y + 16.0),
                names.len()
            );
            for (k, n) in names.iter().take(2).enumerate() {
                let more = if k == 1 && names.len() > 2 {
                    format!(" +{}", names.len() - 2)
                } else {
                    String::new()
                };
                let _ = write!(
                    s,
                    "<text x=\"{}\" y=\"{}\" fill=\"{text_fill}\">{}{more}</text>",
                    c(x + 6.0),
                    c(y + 32.0 + 14.0 * k as f64),
                    esc(&truncate(n, 22))
                );
            }
        }
    }
    s.push_str("</svg>");
    s
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_owned()
    } else {
        s.chars().take(n - 1).collect::<String>() + "…"
    }
}
