//! The HTML frame of every page (header, navigation, language toggle, login state, footer) and
//! small helpers: escaping, value cells, tables.

use std::fmt::Write as _;

use axum::response::Html;

use crate::context::Ctx;
use bydel_report::format;
use bydel_report::published::Cell;
use bydel_report::{Labels, Lang};

use crate::published::Unit;
use crate::sessions::Identity;

pub use bydel_report::format::esc;

/// Escapes a path segment or query value for a URL.
pub fn url(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The pages of flows, life chances, evaluation, scenarios and lists in the navigation: (path,
/// label key).
pub const PAGES: [(&str, &str); 5] = [
    ("/flows", "flows_page"),
    ("/life-chances", "life_page"),
    ("/evaluation", "evaluation_page"),
    ("/scenarios", "scenarios_page"),
    ("/lists", "lists_page"),
];

/// A whole page around `body`.
pub fn page(ctx: &Ctx, title: &str, body: &str) -> Html<String> {
    let lang = ctx.lang;
    let mut s = String::with_capacity(body.len() + 2048);
    let _ = write!(
        s,
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} – bydel</title><link rel=\"stylesheet\" href=\"/assets/app.css\">\
         <link rel=\"icon\" href=\"/assets/favicon.svg\" type=\"image/svg+xml\">\
         <script src=\"/assets/app.js\" defer></script></head><body>",
        lang.code(),
        esc(title)
    );
    let _ = write!(
        s,
        "<a class=\"skip\" href=\"#main\">{}</a><header><nav aria-label=\"bydel\"><a class=\"brand\" href=\"/\">bydel</a>\
         <a href=\"/\">{}</a><a href=\"/indicators\">{}</a><a href=\"/compare\">{}</a>",
        lang.t("skip"),
        lang.t("overview"),
        lang.t("dash_indicators"),
        lang.t("compare"),
    );
    for (href, key) in PAGES {
        let _ = write!(s, "<a href=\"{href}\">{}</a>", lang.t(key));
    }
    let _ = write!(s, "<a href=\"/api\">{}</a>", lang.t("api"));
    s.push_str(&user_links(ctx));
    let _ = write!(
        s,
        "<a class=\"lang\" id=\"lang-toggle\" href=\"{}\" hreflang=\"{}\">{}</a></nav></header>",
        esc(&ctx.toggle_href()),
        lang.other().code(),
        lang.t("language")
    );
    let _ = write!(
        s,
        "<main id=\"main\" tabindex=\"-1\"><h1>{}</h1>{body}</main>\
         <footer><p>{}</p></footer></body></html>",
        esc(title),
        lang.t("suppression_note")
    );
    Html(s)
}

fn user_links(ctx: &Ctx) -> String {
    let lang = ctx.lang;
    match &ctx.identity {
        Identity::Anonymous => format!("<a href=\"/login\">{}</a>", lang.t("login")),
        Identity::User { name, role } => {
            let mut s = String::new();
            if *role >= crate::users::Role::Analyst {
                let _ = write!(s, "<a href=\"/analyst\">{}</a>", lang.t("analyst"));
            }
            let _ = write!(
                s,
                "<form class=\"inline\" method=\"post\" action=\"/logout\"><button type=\"submit\">{} ({})</button></form>",
                lang.t("logout"),
                esc(name)
            );
            s
        }
    }
}

/// A published cell as HTML: a suppressed cell as `..` with the explanation (never 0), no
/// value as a dash, a code in words (`true` → Ja), a number in `unit`.
pub fn value(lang: Lang, v: &Cell, unit: Unit) -> String {
    match v {
        Cell::Suppressed => suppressed(lang),
        Cell::Empty => "–".into(),
        Cell::Text(t) => esc(&lang.value(t)),
        Cell::Number(x) => show(lang, *x, unit),
    }
}

/// The suppression mark `..` with its explanation (as a tooltip and for screen readers).
pub fn suppressed(lang: Lang) -> String {
    format!(
        "<abbr class=\"supp\" title=\"{}\">..</abbr>",
        esc(lang.t("suppression_note"))
    )
}

/// A number in `unit` ([`bydel_report::format`]): `14,6 %`, `281.454 kr.`, `6,86`, `1.210`.
pub fn show(lang: Lang, x: f64, unit: Unit) -> String {
    match unit {
        Unit::Share => format::pct(lang, x),
        Unit::Percent => format::pct(lang, x / 100.0),
        Unit::Dkk => format!("{} {}", format::int(lang, x), lang.t("kroner")),
        Unit::Grade => format::dec(lang, x, 2),
        Unit::Count => format::int(lang, x),
    }
}

/// A published difference in `unit`, signed: shares and percentages in percentage points
/// (`+3,6 procentpoint`), never in per cent.
pub fn difference(lang: Lang, d: f64, unit: Unit) -> String {
    let signed = |s: String| {
        if d > 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0') {
            format!("+{s}")
        } else {
            s
        }
    };
    match unit {
        Unit::Share => format!("{} {}", format::pp(lang, d), lang.t("percentage_points")),
        Unit::Percent => format!(
            "{} {}",
            format::pp(lang, d / 100.0),
            lang.t("percentage_points")
        ),
        Unit::Dkk => format!("{} {}", signed(format::int(lang, d)), lang.t("kroner")),
        Unit::Grade => signed(format::dec(lang, d, 2)),
        Unit::Count => signed(format::int(lang, d)),
    }
}

/// A `<table>` with a caption, header cells and rows of ready HTML cells.
pub fn table(id: &str, caption: &str, header: &[String], rows: &[Vec<String>]) -> String {
    let mut s = format!(
        "<div class=\"scroll\"><table id=\"{}\"><caption>{}</caption><thead><tr>",
        esc(id),
        esc(caption)
    );
    for h in header {
        let _ = write!(s, "<th scope=\"col\">{}</th>", esc(h));
    }
    s.push_str("</tr></thead><tbody>");
    for r in rows {
        s.push_str("<tr>");
        for c in r {
            let _ = write!(s, "<td>{c}</td>");
        }
        s.push_str("</tr>");
    }
    s.push_str("</tbody></table></div>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_escaped() {
        assert_eq!(url("159-høje gladsaxe/.."), "159-h%C3%B8je%20gladsaxe%2F..");
    }

    #[test]
    fn numbers_follow_the_language_and_the_unit() {
        assert_eq!(show(Lang::Da, 0.1234, Unit::Share), "12,3 %");
        assert_eq!(show(Lang::En, 67214.0, Unit::Count), "67,214");
        assert_eq!(show(Lang::Da, 281453.95, Unit::Dkk), "281.454 kr.");
        assert_eq!(show(Lang::Da, 5.4756, Unit::Percent), "5,5 %");
        assert_eq!(
            difference(Lang::Da, 0.0362, Unit::Share),
            "+3,6 procentpoint"
        );
        assert_eq!(
            difference(Lang::Da, -0.00004, Unit::Share),
            "0,0 procentpoint"
        );
        assert_eq!(
            difference(Lang::Da, 0.0654, Unit::Percent),
            "+0,1 procentpoint"
        );
        assert_eq!(difference(Lang::Da, -14863.17, Unit::Dkk), "−14.863 kr.");
        assert_eq!(
            value(Lang::Da, &Cell::Text("false".into()), Unit::Share),
            "Nej"
        );
        assert!(value(Lang::Da, &Cell::Suppressed, Unit::Share).contains(">..<"));
    }

    fn unescape(s: &str) -> String {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    proptest::proptest! {
        #[test]
        fn escaped_text_has_no_markup_and_round_trips(s in "\\PC*") {
            let e = esc(&s);
            proptest::prop_assert!(!e.contains(['<', '>', '"', '\'']));
            proptest::prop_assert_eq!(unescape(&e), s);
        }

        #[test]
        fn url_escapes_leave_only_safe_bytes(s in "\\PC*") {
            let u = url(&s);
            proptest::prop_assert!(u.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)));
            proptest::prop_assert!(!u.contains('/'));
        }
    }
}
