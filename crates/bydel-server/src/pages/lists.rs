//! **Officielle lister og sammenligningskommuner** (`/lists`, issue 17): the official
//! 1 December lists against bydel's own calculation (the published `official_lists` table), and
//! the peer municipalities the run names (the manifest's `peers`, by their official names) with
//! their published values beside the municipality's own in the latest year.

use std::fmt::Write as _;

use axum::Extension;
use axum::extract::State;
use axum::response::Html;
use bydel_report::published::Cell;
use bydel_report::{Labels, Lang};

use super::flows::section;
use crate::context::Ctx;
use crate::html::{esc, page, table, value};
use crate::published::Published;
use crate::state::AppState;

/// The official lists table.
pub const OFFICIAL: &str = "official_lists";

/// `GET /lists`.
pub async fn lists(State(state): State<AppState>, Extension(ctx): Extension<Ctx>) -> Html<String> {
    page(
        &ctx,
        ctx.lang.t("lists_title"),
        &render(&state.published, ctx.lang),
    )
}

/// The page's body: the official lists, then the peers.
pub fn render(p: &Published, lang: Lang) -> String {
    let mut s = official(p, lang);
    s.push_str(&peers(p, lang));
    s
}

/// The official lists against bydel's calculation, newest list first.
fn official(p: &Published, lang: Lang) -> String {
    let Some(t) = p.table(OFFICIAL) else {
        return format!("<p class=\"absent\">{}</p>", esc(lang.t("no_official")));
    };
    let mut rows: Vec<&[Cell]> = t.rows.iter().map(Vec::as_slice).collect();
    rows.sort_by_key(|r| std::cmp::Reverse(t.text(r, "list_year")));
    section(
        p,
        lang,
        t,
        &rows,
        OFFICIAL,
        &p.table_title(lang, OFFICIAL),
        lang.t("official_intro"),
    )
}

/// The peers by name, and a table of the published indicators of the municipality and its
/// peers in the latest year in which the municipality has them.
fn peers(p: &Published, lang: Lang) -> String {
    let mut s = format!(
        "<section aria-labelledby=\"peers-h\"><h2 id=\"peers-h\">{}</h2>",
        esc(lang.t("peers"))
    );
    let peers = p.peers();
    if peers.is_empty() {
        let _ = write!(s, "<p>{}</p></section>", esc(lang.t("no_peers")));
        return s;
    }
    let _ = write!(
        s,
        "<p>{}</p><ul id=\"peer-list\">",
        esc(lang.t("peers_intro"))
    );
    for (_, name) in &peers {
        let _ = write!(s, "<li>{}</li>", esc(name));
    }
    s.push_str("</ul>");
    s.push_str(&peer_values(p, lang, &peers));
    s.push_str("</section>");
    s
}

fn peer_values(p: &Published, lang: Lang, peers: &[(String, String)]) -> String {
    const KIND: &str = "municipality";
    let Some(own) = p.municipality() else {
        return String::new();
    };
    let munis: Vec<(String, String)> = std::iter::once(own)
        .chain(peers.iter().cloned())
        .filter(|(code, _)| p.has_area(KIND, code))
        .collect();
    let Some(year) = p
        .years()
        .iter()
        .rev()
        .copied()
        .find(|y| munis.first().is_some_and(|(c, _)| has_values(p, c, *y)))
    else {
        return String::new();
    };
    if munis.len() < 2 {
        return String::new();
    }
    let mut header = vec![lang.t("indicator_col").to_owned()];
    header.extend(munis.iter().map(|(_, n)| n.clone()));
    let rows: Vec<Vec<String>> = p
        .indicators()
        .iter()
        .filter(|i| !matches!(p.value(i, KIND, &munis[0].0, year), Cell::Empty))
        .map(|i| {
            let mut row = vec![esc(&i.label(lang))];
            row.extend(
                munis
                    .iter()
                    .map(|(c, _)| value(lang, &p.value(i, KIND, c, year), i.unit)),
            );
            row
        })
        .collect();
    let caption = format!("{} · {year}", lang.t("peers_values"));
    format!(
        "<h3>{}</h3>{}",
        esc(&caption),
        table("peer-table", &caption, &header, &rows)
    )
}

fn has_values(p: &Published, code: &str, year: i32) -> bool {
    p.indicators()
        .iter()
        .any(|i| matches!(p.value(i, "municipality", code, year), Cell::Number(_)))
}
