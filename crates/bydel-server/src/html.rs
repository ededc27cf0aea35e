//! The HTML frame of every page (header, navigation, language toggle, login state, footer) and
//! small helpers: escaping, value cells, tables.

use std::fmt::Write as _;

use axum::response::Html;

use crate::context::Ctx;
use crate::i18n::Lang;
use crate::published::Scale;
use crate::sessions::Identity;
use crate::table::Shown;

/// Escapes text for HTML element content and double-quoted attributes.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

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
         <a href=\"/\">{}</a><a href=\"/indicators\">{}</a><a href=\"/compare\">{}</a><a href=\"/api\">{}</a>",
        lang.t("skip"),
        lang.t("overview"),
        lang.t("indicators"),
        lang.t("compare"),
        lang.t("api")
    );
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
        lang.t("suppressed_note")
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

/// A published value as HTML: suppressed cells as an explained `..`, missing as a dash.
pub fn value(lang: Lang, v: &Shown, scale: Scale) -> String {
    match v {
        Shown::Suppressed => format!(
            "<abbr class=\"supp\" title=\"{}\">..</abbr>",
            esc(lang.t("suppressed_note"))
        ),
        Shown::Empty => "–".into(),
        Shown::Text(t) => esc(t),
        Shown::Number(x) => number(lang, *x, scale),
    }
}

/// A number for display.
pub fn number(lang: Lang, x: f64, scale: Scale) -> String {
    match scale {
        Scale::Share => format!("{} %", lang.number(x * 100.0, 1)),
        Scale::Plain if x.fract() == 0.0 && x.abs() < 1e15 => thousands(lang, x as i64),
        Scale::Plain => lang.number(x, 2),
    }
}

fn thousands(lang: Lang, n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let sep = if lang == Lang::Da { '.' } else { ',' };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
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
    fn escapes_markup_and_urls() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(url("159-høje gladsaxe/.."), "159-h%C3%B8je%20gladsaxe%2F..");
    }

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(number(Lang::Da, 0.1234, Scale::Share), "12,3 %");
        assert_eq!(number(Lang::En, 67214.0, Scale::Plain), "67,214");
        assert_eq!(number(Lang::Da, 67214.0, Scale::Plain), "67.214");
        assert_eq!(number(Lang::Da, -1.5, Scale::Plain), "-1,50");
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
