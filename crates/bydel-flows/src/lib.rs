//! Flows, decomposition of change and life chances: the strategy's two goals measured from the
//! person panel (a person keeps the same `person_id` from year to year).
//!
//! - [`panel`]: the person-years of a dataset, sorted by person and year, each address placed in
//!   every layer by the engine's placement.
//! - [`flows`]: stayers, in-movers by origin and out-movers by destination, split by resources,
//!   for every area of every layer and every year — integer counts in a
//!   [`bydel_model::CountsTable`], ready for the disclosure layer.
//! - [`rest`]: the same flows for the rest of each area's municipality (the municipality minus
//!   the area, followed as one place).
//! - [`retention`]: retention, attraction, net migration and turnover, against the rest of the
//!   municipality; main destinations.
//! - [`destinations`]: the main destinations of out-movers, chosen so that no shown count is
//!   small and no hidden one can be recovered by subtraction from the flows.
//! - [`decompose`]: the change of a share between two years split exactly into in situ,
//!   selective out-migration, selective in-migration and demographic turnover.
//! - [`life`]: children by the area they grew up in, their later outcomes, raw and
//!   background-adjusted gaps with intervals, trends by birth cohort.
//!
//! `docs/flows.md` describes the methods and the output.
#![deny(missing_docs)]

pub mod decompose;
pub mod destinations;
pub mod exact;
pub mod flows;
pub mod life;
pub mod panel;
pub mod rest;
pub mod retention;

pub use decompose::{Decomposition, Indicator, Part, catalogue_indicators, criteria, decompose};
pub use flows::{Flows, Group, Split, compute};
pub use life::{Comparison, LifeConfig, Outcome};
pub use panel::Panel;

/// Errors of the flow analyses.
#[derive(Debug, thiserror::Error)]
pub enum FlowsError {
    /// Reading the dataset failed.
    #[error(transparent)]
    Io(#[from] bydel_io::IoError),
    /// Placing addresses or compiling a measure failed.
    #[error(transparent)]
    Engine(#[from] bydel_engine::EngineError),
}

/// The Danish sentence for a decomposition: what the change was and which part dominated.
pub fn decomposition_sentence_da(
    panel: &Panel,
    d: &Decomposition,
    indicator: &Indicator,
) -> String {
    let name = &panel.places.areas[d.area as usize].name;
    let share = indicator.share;
    let (scale, unit) = if share {
        (100.0, "procentpoint")
    } else {
        (1.0, "kr.")
    };
    let level = |v: f64| {
        if share {
            format!("{} %", da(v * 100.0, 1))
        } else {
            format!("{} kr.", da(v, 0))
        }
    };
    let total = d.total();
    let verb = if total < 0.0 { "faldt" } else { "steg" };
    // a catalogue name ("uden tilknytning til …") is the name of a share, not a sentence's subject
    let subject = if share && !indicator.name_da.starts_with("andel") {
        format!("andelen »{}«", indicator.name_da)
    } else {
        indicator.name_da.clone()
    };
    let parts: Vec<String> = Part::ALL
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let ci = d
                .intervals
                .map(|iv| format!(" [{}; {}]", da(iv[i].0 * scale, 1), da(iv[i].1 * scale, 1)))
                .unwrap_or_default();
            format!("{} {}{ci}", p.da(), signed(d.parts[i] * scale))
        })
        .collect();
    let main = (0..4)
        .filter(|&i| d.parts[i].signum() == total.signum())
        .max_by(|&a, &b| d.parts[a].abs().total_cmp(&d.parts[b].abs()))
        .map(|i| Part::ALL[i].da())
        .unwrap_or("ingen enkelt del");
    format!(
        "I {name} {verb} {subject} fra {} i {} til {} i {}, {} {unit}. Ændringen fordeler sig på: \
         {}. Den største del af ændringen skyldes {main}.",
        level(d.share_from),
        d.from,
        level(d.share_to),
        d.to,
        da(total.abs() * scale, 1),
        parts.join("; "),
    )
}

/// A number with `decimals` decimals and a decimal comma (`−4,1`).
pub fn da(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x);
    let s = s.replace('.', ",");
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().any(|c| c.is_ascii_digit() && c != '0') => format!("−{rest}"),
        Some(rest) => rest.to_string(),
        None => s,
    }
}

fn signed(x: f64) -> String {
    let s = da(x, 1);
    if s.starts_with('−')
        || s.chars()
            .all(|c| !c.is_ascii_digit() || c == '0' || c == ',')
    {
        s
    } else {
        format!("+{s}")
    }
}

/// The 2.5 % and 97.5 % percentiles of sorted replicates.
pub(crate) fn percentile_interval(sorted: &[f64]) -> (f64, f64) {
    if sorted.is_empty() {
        return (f64::NAN, f64::NAN);
    }
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize];
    (at(0.025), at(0.975))
}
