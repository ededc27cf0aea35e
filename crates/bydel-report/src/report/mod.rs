//! The status report: one self-contained, printable HTML file (inline CSS and SVG, no scripts,
//! no external requests) in Danish or English, built from the published tables only.
//!
//! Each section is its own module and degrades gracefully: when its table was not published,
//! the section says so instead of disappearing.

mod context;
mod criteria;
mod evaluation;
mod flows;
mod goals;
mod indicators;
mod indices;
mod maps;
mod methods;
mod status;
mod summary;
mod table;
mod watch;

use std::fmt::Write as _;

pub use context::Ctx;

use crate::format::esc;
use crate::i18n::{Labels, Lang};
use crate::published::Published;

/// One section of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// The anchor id.
    pub id: &'static str,
    /// The heading.
    pub title: String,
    /// The HTML body.
    pub body: String,
}

/// Renders the whole report as an HTML document.
pub fn render(p: &Published, lang: Lang) -> String {
    let ctx = Ctx::new(p, lang);
    // The order follows the strategy's questions (issue 17): status and distance to the lines,
    // the five criteria over time, own indicators, "markedly worse", schools and daycare,
    // segregation, then flows and evaluation, peers and goals.
    let sections = [
        summary::section(&ctx),
        status::section(&ctx),
        criteria::section(&ctx),
        indicators::own(&ctx),
        indicators::markedly(&ctx),
        watch::schools(&ctx),
        indices::segregation(&ctx),
        flows::section(&ctx),
        evaluation::section(&ctx),
        goals::peers(&ctx),
        goals::section(&ctx),
        watch::section(&ctx),
        maps::section(&ctx),
        indices::mss(&ctx),
        methods::others(&ctx),
        methods::section(&ctx),
    ];
    document(&ctx, &sections)
}

fn document(ctx: &Ctx, sections: &[Section]) -> String {
    let lang = ctx.lang;
    let title = format!("{} – {}", lang.t("title"), esc(&ctx.muni_name()));
    let mut s = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>\n{}</style>\n</head>\n<body>\n",
        lang.code(),
        CSS
    );
    let _ = writeln!(
        s,
        "<header><h1>{title}</h1><p class=\"subtitle\">{}{}</p></header>",
        lang.t("subtitle"),
        ctx.latest
            .as_deref()
            .map(|y| format!(" · {y}"))
            .unwrap_or_default()
    );
    let _ = write!(s, "<nav class=\"toc\"><h2>{}</h2><ol>", lang.t("contents"));
    for sec in sections.iter().filter(|s| !s.body.is_empty()) {
        let _ = write!(
            s,
            "<li><a href=\"#{}\">{}</a></li>",
            sec.id,
            esc(&sec.title)
        );
    }
    s.push_str("</ol></nav>\n<main>\n");
    for sec in sections.iter().filter(|s| !s.body.is_empty()) {
        let _ = write!(
            s,
            "<section id=\"{}\">\n<h2>{}</h2>\n{}</section>\n",
            sec.id,
            esc(&sec.title),
            sec.body
        );
    }
    s.push_str("</main>\n</body>\n</html>\n");
    s
}

/// The report's stylesheet: screen and A4 print.
const CSS: &str = include_str!("report.css");
