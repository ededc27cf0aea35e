//! `docs/indicators.md`, generated from the catalogue (a test fails when the file is stale).

use std::fmt::Write;

use crate::catalogue::Catalogue;
use crate::indicator::{Indicator, IndicatorKind, Reference, Unit};

/// The catalogue as Markdown: one section per indicator, then the categories, then the measures
/// the engine must compute.
pub fn catalogue_markdown(cat: &Catalogue) -> String {
    let mut s = String::new();
    s.push_str("# Indikatorer / Indicators\n\n");
    s.push_str("<!-- Generated from crates/bydel-analysis/indicators/ by `UPDATE_EXPECT=1 cargo test -p bydel-analysis --test docs`. Do not edit by hand. -->\n\n");
    s.push_str("Each indicator is one versioned TOML file. Add your own by writing a file in a folder and passing it with `bydel analyse --indicators DIR`; a file with a built-in id replaces the built-in. See `docs/analysis.md` for the methods.\n\n");
    s.push_str("| id | navn (da) | name (en) | kind | unit | direction | window | source |\n|---|---|---|---|---|---|---|---|\n");
    for i in cat.indicators() {
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} | {} | {} | {} | {} |",
            i.id,
            i.name_da,
            i.name_en,
            kind(i),
            unit(i.unit),
            dir(i),
            i.window,
            source(i)
        );
    }
    for i in cat.indicators() {
        indicator_section(&mut s, i);
    }
    s.push_str("\n## Kategorier / Categories\n\n");
    for c in cat.categories() {
        let _ = writeln!(
            s,
            "### `{}` — {} / {} (version {})\n",
            c.id, c.name_da, c.name_en, c.version
        );
        let _ = writeln!(
            s,
            "At least {} of: {}.",
            c.at_least,
            c.of.iter()
                .map(|x| format!("`{x}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        if !c.also.is_empty() {
            let _ = writeln!(
                s,
                "And all of: {}.",
                c.also
                    .iter()
                    .map(|x| format!("`{x}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
        }
        if !c.notes.is_empty() {
            let _ = writeln!(s, "\n{}", c.notes);
        }
        s.push('\n');
    }
    s.push_str("## Measures the engine computes for the catalogue\n\n| measure | description |\n|---|---|\n");
    for m in cat.required_measures() {
        let _ = writeln!(s, "| `{}` | {} |", m.name, m.description);
    }
    s
}

fn indicator_section(s: &mut String, i: &Indicator) {
    let _ = writeln!(
        s,
        "\n## `{}` — {} (version {})\n",
        i.id, i.name_da, i.version
    );
    let _ = writeln!(s, "*{}*\n", i.name_en);
    if let Some(c) = &i.criterion {
        let _ = writeln!(s, "- National criterion **{c}**");
    }
    let _ = writeln!(s, "- Population: {}", i.population);
    let frac = if i.scale == 1 {
        format!("`{}` / `{}`", i.numerator, i.denominator)
    } else {
        format!("`{}` / ({} × `{}`)", i.numerator, i.scale, i.denominator)
    };
    let _ = writeln!(
        s,
        "- {}: {frac}",
        if i.kind == IndicatorKind::Share {
            "Share"
        } else {
            "Mean"
        }
    );
    if i.window > 1 {
        let _ = writeln!(s, "- Pooled over {} years (counts summed)", i.window);
    }
    if let Some(sd) = i.assumed_sd {
        let _ = writeln!(
            s,
            "- Interval: t with an assumed person-level SD of {sd} (labelled `t_assumed_sd`)"
        );
    }
    if !i.layers.is_empty() {
        let _ = writeln!(s, "- Layers: {}", i.layers.join(", "));
    }
    for t in &i.thresholds {
        let rel = match t.reference {
            Reference::Absolute => String::new(),
            Reference::Country => " × the country's value".into(),
            Reference::Region => " × the region's value".into(),
        };
        let _ = writeln!(
            s,
            "- Threshold `{}`: value {} {}{rel}",
            t.category,
            t.op.symbol(),
            t.value
        );
    }
    if let Some(sur) = &i.surroundings {
        let _ = writeln!(
            s,
            "- Compared with `{}` in the `{}` layer ({:?})",
            sur.indicator, sur.layer, sur.link
        );
    }
    if !i.notes.is_empty() {
        let _ = writeln!(s, "\n{}", i.notes);
    }
}

fn kind(i: &Indicator) -> &'static str {
    match i.kind {
        IndicatorKind::Share => "share",
        IndicatorKind::Mean => "mean",
    }
}
fn unit(u: Unit) -> &'static str {
    match u {
        Unit::Share => "share (%)",
        Unit::Dkk => "DKK",
        Unit::Grade => "grade",
        Unit::Percent => "per cent",
    }
}
fn dir(i: &Indicator) -> &'static str {
    match i.direction {
        crate::indicator::Direction::HigherIsWorse => "higher is worse",
        crate::indicator::Direction::HigherIsBetter => "higher is better",
    }
}
fn source(i: &Indicator) -> &'static str {
    match i.source {
        crate::indicator::Source::Register => "register",
        crate::indicator::Source::Institution => "institution",
        crate::indicator::Source::Survey => "survey",
    }
}
