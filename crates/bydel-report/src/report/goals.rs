//! The impact goals, from the published `goals` table only (the run's goals file): each goal's
//! name, area, baseline and target year, and how far it has come. Nothing about the goals is
//! in code. Also the peer municipalities, from the manifest.

use std::fmt::Write as _;

use super::Section;
use super::context::Ctx;
use super::table::{self, Fmt, HCell, datum_cell};
use crate::format::esc;
use crate::i18n::{Labels, Lang};

/// The goals section.
pub fn section(ctx: &Ctx) -> Section {
    let lang = ctx.lang;
    let title = lang.t("goals").to_owned();
    let Some(t) = ctx.p.table("goals") else {
        return Section {
            id: "goals",
            title,
            body: table::absent(lang, "goals"),
        };
    };
    let name_col = if lang == Lang::Da {
        "name_da"
    } else {
        "name_en"
    };
    let rows: Vec<Vec<HCell>> = t
        .rows
        .iter()
        .map(|r| {
            // a gap is a difference of shares (procentpoint); a direction goal follows a share
            let fmt = if t.text(r, "type") == "gap_narrowing" {
                Fmt::ShareDiff
            } else {
                Fmt::Pct
            };
            vec![
                HCell::Text(t.text(r, name_col)),
                HCell::Text(ctx.name(&t.text(r, "kind"), &t.text(r, "area_id"))),
                HCell::Text(t.text(r, "baseline_year")),
                HCell::Text(t.text(r, "target_year")),
                datum_cell(lang, t, r, "target", fmt),
                datum_cell(lang, t, r, "baseline", fmt),
                datum_cell(lang, t, r, "current", fmt),
                datum_cell(lang, t, r, "projected_at_target_year", fmt),
                datum_cell(lang, t, r, "status", Fmt::Role),
            ]
        })
        .collect();
    let headers = [
        "goal",
        "area",
        "baseline_year",
        "target_year",
        "target",
        "baseline",
        "current",
        "projected",
        "goal_status",
    ]
    .iter()
    .map(|k| lang.t(k).to_owned())
    .collect::<Vec<_>>();
    let body = format!(
        "<p class=\"note\">{}</p>{}",
        esc(lang.t("goals_intro")),
        table::html(lang, &headers, &rows)
    );
    Section {
        id: "goals",
        title,
        body,
    }
}

/// The peer municipalities named by the run's config (through the manifest), by name.
pub fn peers(ctx: &Ctx) -> Section {
    let lang = ctx.lang;
    let peers = ctx
        .p
        .manifest
        .as_ref()
        .map(|m| m.peers.clone())
        .unwrap_or_default();
    let body = if peers.is_empty() {
        format!("<p>{}</p>", esc(lang.t("no_peers")))
    } else {
        let mut s = format!("<p>{}</p><ul>", esc(lang.t("peers_intro")));
        for p in &peers {
            let _ = write!(s, "<li>{}</li>", esc(&p.name));
        }
        s.push_str("</ul>");
        s
    };
    Section {
        id: "peers",
        title: lang.t("peers").to_owned(),
        body,
    }
}
