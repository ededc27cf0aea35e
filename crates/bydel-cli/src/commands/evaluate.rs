//! `bydel evaluate --counts RUN/work --interventions FILE`: what worked. For each outcome and
//! each intervention area: staggered difference-in-differences (Callaway–Sant'Anna group-time
//! effects, event study, pre-trend test) and synthetic control (pre-period fit, placebos in space
//! and time), each with an estimate, an interval, a pre-period check and a Danish verdict.
//!
//! The comparison areas are every area of the same layer in the counts table (the whole country
//! unless `--municipality` restricts it), with the outcome in every year and a large enough
//! denominator. The tables are exact working data: publish them only through the disclosure layer.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::ExitCode;

use bydel_evaluate::did::{ControlGroup, DidResult, DidSettings, Inference, callaway_santanna};
use bydel_evaluate::intervention::first_start;
use bydel_evaluate::panel::PanelRequest;
use bydel_evaluate::synthetic::{ScResult, ScSettings, synthetic_control};
use bydel_evaluate::verdict::{Estimate, PreCheck};
use bydel_evaluate::{Outcome, Panel, parse_interventions};
use bydel_model::{AreaId, CountsTable, Kind, Year};

use crate::error::CliError;
use crate::output::{Format, TextTable};

/// Which methods to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Method {
    /// Difference-in-differences (Callaway–Sant'Anna).
    Did,
    /// Synthetic control.
    Synth,
    /// Both.
    Both,
}

/// The control group of the difference-in-differences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Control {
    /// Never-treated areas only.
    Never,
    /// Never-treated and not-yet-treated areas.
    NotYet,
}

/// The inference of the difference-in-differences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InferenceChoice {
    /// Placebo inference when a cohort has fewer than 5 areas, else influence functions.
    Auto,
    /// Analytic influence functions.
    Influence,
    /// Placebo (randomisation) inference.
    Placebo,
}

/// How interventions are grouped into difference-in-differences designs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Grouping {
    /// One design per intervention area (the other intervention areas left out of the controls).
    Area,
    /// One staggered design per intervention kind (social, physical, organisational).
    Kind,
    /// One staggered design over every intervention area.
    All,
}

/// Which table to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Detail {
    /// One row per outcome, method and intervention: estimate, interval, checks, verdict.
    Summary,
    /// The event study (DiD) and the yearly gaps (synthetic control).
    Event,
    /// The synthetic-control donor weights.
    Weights,
    /// The placebo runs (in space and in time) of the synthetic control.
    Placebos,
}

/// Arguments of `bydel evaluate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The run's work folder (counts.parquet + areas.csv).
    #[arg(long)]
    pub counts: PathBuf,
    /// The interventions CSV (area_kind,area_id,start,end,kind,description).
    #[arg(long, required_unless_present = "demo_truth")]
    pub interventions: Option<PathBuf>,
    /// Demo data only: take the synthetic demo's planted interventions (bydel_synth::interventions,
    /// whose effects the generator wrote into the persons) as the interventions and print the
    /// planted truth next to the estimates. Never use on real data.
    #[arg(long, conflicts_with = "interventions")]
    pub demo_truth: bool,
    /// How interventions are grouped into difference-in-differences designs.
    #[arg(long, value_enum, default_value = "area")]
    pub group: Grouping,
    /// Outcome indicators (share indicators of the catalogue), comma-separated.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "a_outside_work,youth_education_25"
    )]
    pub outcome: Vec<String>,
    /// The methods.
    #[arg(long, value_enum, default_value = "both")]
    pub method: Method,
    /// Control group of the difference-in-differences.
    #[arg(long, value_enum, default_value = "not-yet")]
    pub control: Control,
    /// Inference of the difference-in-differences.
    #[arg(long, value_enum, default_value = "auto")]
    pub inference: InferenceChoice,
    /// Placebo draws of the difference-in-differences.
    #[arg(long, default_value_t = 499)]
    pub draws: usize,
    /// Seed of the placebo draws.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Comparison areas need at least this denominator in every year.
    #[arg(long, default_value_t = 20)]
    pub min_denominator: i64,
    /// Restrict comparison areas to these municipality codes (default: the whole country).
    #[arg(long, value_delimiter = ',')]
    pub municipality: Vec<u16>,
    /// Synthetic control: donors per pool (keep near the number of pre-period years).
    #[arg(long, default_value_t = 10)]
    pub max_donors: usize,
    /// Synthetic control: areas run as placebos in space.
    #[arg(long, default_value_t = 60)]
    pub placebo_areas: usize,
    /// Synthetic control: fake starts before the real one.
    #[arg(long, default_value_t = 3)]
    pub time_placebos: usize,
    /// Confidence level.
    #[arg(long, default_value_t = 0.95)]
    pub level: f64,
    /// Which table to print.
    #[arg(long, value_enum, default_value = "summary")]
    pub detail: Detail,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// One evaluated outcome: its DiD results per layer and its synthetic controls per area.
struct Evaluated {
    outcome: Outcome,
    did: Vec<(Kind, DidResult)>,
    synth: Vec<(Kind, ScResult)>,
    problems: Vec<String>,
}

/// Runs the evaluation and prints the chosen table.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    if !(0.5..1.0).contains(&args.level) {
        return Err(CliError::Usage(format!(
            "--level {}: expected a number in [0.5, 1)",
            args.level
        )));
    }
    let (interventions, counts) = inputs(args)?;
    let outcomes = outcomes(&args.outcome)?;
    let mut all = Vec::new();
    for outcome in outcomes {
        let mut ev = Evaluated {
            outcome: outcome.clone(),
            did: Vec::new(),
            synth: Vec::new(),
            problems: Vec::new(),
        };
        let kinds: BTreeSet<Kind> = interventions.iter().map(|i| i.area_kind.clone()).collect();
        for kind in &kinds {
            let all_starts = first_start(&interventions, kind);
            for group in groups(args.group, &interventions, kind) {
                let starts: BTreeMap<AreaId, Year> = all_starts
                    .iter()
                    .filter(|(a, _)| group.contains(*a))
                    .map(|(a, y)| (a.clone(), *y))
                    .collect();
                let others: BTreeSet<AreaId> = all_starts
                    .keys()
                    .filter(|a| !group.contains(*a))
                    .cloned()
                    .collect();
                evaluate_kind(args, &counts, &outcome, kind, &starts, &others, &mut ev)?;
            }
        }
        all.push(ev);
    }
    for ev in &all {
        for p in &ev.problems {
            eprintln!("warning: {}: {p}", ev.outcome.id);
        }
    }
    let table = match args.detail {
        Detail::Summary => summary(&all, &interventions, args.demo_truth),
        Detail::Event => event(&all),
        Detail::Weights => weights(&all),
        Detail::Placebos => placebos(&all),
    };
    table
        .write(args.format, &mut std::io::stdout().lock())
        .map_err(|source| CliError::Io {
            path: "stdout".into(),
            source,
        })?;
    Ok(ExitCode::SUCCESS)
}

/// The interventions and the counts.
fn inputs(args: &Args) -> Result<(Vec<bydel_evaluate::Intervention>, CountsTable), CliError> {
    let counts = bydel_io::counts::read_counts(&args.counts)?;
    let interventions = match &args.interventions {
        Some(file) => {
            let path = file.display().to_string();
            let text = std::fs::read_to_string(file).map_err(|source| CliError::Io {
                path: path.clone(),
                source,
            })?;
            parse_interventions(&text, &path).map_err(CliError::lib)?
        }
        None => parse_interventions(
            &bydel_synth::interventions::interventions_csv(),
            "bydel_synth::interventions",
        )
        .map_err(CliError::lib)?,
    };
    Ok((interventions, counts))
}

/// The sets of intervention areas that form one difference-in-differences design each.
fn groups(g: Grouping, ivs: &[bydel_evaluate::Intervention], kind: &Kind) -> Vec<BTreeSet<AreaId>> {
    let mine = ivs.iter().filter(|i| &i.area_kind == kind);
    let mut by: BTreeMap<String, BTreeSet<AreaId>> = BTreeMap::new();
    for iv in mine {
        let key = match g {
            Grouping::Area => iv.area_id.to_string(),
            Grouping::Kind => iv.kind.to_string(),
            Grouping::All => String::new(),
        };
        by.entry(key).or_default().insert(iv.area_id.clone());
    }
    by.into_values().collect()
}

/// The outcomes named on the command line, from the indicator catalogue (share indicators only).
pub fn outcomes(ids: &[String]) -> Result<Vec<Outcome>, CliError> {
    let catalogue = bydel_analysis::Catalogue::builtin().map_err(CliError::lib)?;
    ids.iter()
        .map(|id| {
            let ind = catalogue.indicator(id).ok_or_else(|| {
                CliError::Usage(format!("--outcome {id}: not an indicator of the catalogue"))
            })?;
            if ind.kind != bydel_analysis::indicator::IndicatorKind::Share {
                return Err(CliError::Usage(format!(
                    "--outcome {id}: expected a share indicator, found a mean"
                )));
            }
            Ok(Outcome {
                id: ind.id.clone(),
                name_da: format!("andelen »{}«", lower_first(&ind.name_da)),
                numerator: ind.numerator.clone(),
                denominator: ind.denominator.clone(),
                scale: ind.scale.max(1) as f64,
            })
        })
        .collect()
}

fn evaluate_kind(
    args: &Args,
    counts: &CountsTable,
    outcome: &Outcome,
    kind: &Kind,
    starts: &BTreeMap<AreaId, Year>,
    others: &BTreeSet<AreaId>,
    ev: &mut Evaluated,
) -> Result<(), CliError> {
    let request = PanelRequest {
        kind: kind.clone(),
        years: None,
        min_denominator: args.min_denominator,
        municipalities: args.municipality.clone(),
    };
    let panel = match Panel::from_counts(counts, outcome, &request) {
        Ok(p) => p.without(others),
        Err(e) => {
            ev.problems.push(e.to_string());
            return Ok(());
        }
    };
    for area in starts.keys().filter(|a| panel.index_of(a).is_none()) {
        ev.problems.push(format!(
            "{kind} {area}: not in the panel (a missing year or denominator below {})",
            args.min_denominator
        ));
    }
    if matches!(args.method, Method::Did | Method::Both) {
        let smallest = cohort_sizes(&panel, starts).into_iter().min().unwrap_or(0);
        let inference = match args.inference {
            InferenceChoice::Auto => Inference::auto(smallest, args.draws, args.seed),
            InferenceChoice::Influence => Inference::InfluenceFunction,
            InferenceChoice::Placebo => Inference::Placebo {
                draws: args.draws,
                seed: args.seed,
            },
        };
        let control = match args.control {
            Control::Never => ControlGroup::NeverTreated,
            Control::NotYet => ControlGroup::NotYetTreated,
        };
        let settings = DidSettings {
            control,
            inference,
            level: args.level,
        };
        match callaway_santanna(&panel, starts, &settings) {
            Ok(r) => ev.did.push((kind.clone(), r)),
            Err(e) => ev
                .problems
                .push(format!("difference-in-differences on {kind}: {e}")),
        }
    }
    if matches!(args.method, Method::Synth | Method::Both) {
        let settings = ScSettings {
            max_donors: args.max_donors,
            placebo_areas: args.placebo_areas,
            time_placebos: args.time_placebos,
            level: args.level,
        };
        let not_donors: BTreeSet<AreaId> = starts.keys().cloned().collect();
        let done: BTreeSet<AreaId> = ev.synth.iter().map(|r| r.1.area.clone()).collect();
        for (area, start) in starts.iter().filter(|(a, _)| !done.contains(*a)) {
            if panel.index_of(area).is_none() {
                continue;
            }
            match synthetic_control(&panel, area, *start, &not_donors, &settings) {
                Ok(r) => ev.synth.push((kind.clone(), r)),
                Err(e) => ev.problems.push(format!("synthetic control: {e}")),
            }
        }
    }
    Ok(())
}

fn cohort_sizes(panel: &Panel, starts: &BTreeMap<AreaId, Year>) -> Vec<usize> {
    let mut by: BTreeMap<Year, usize> = BTreeMap::new();
    for (a, y) in starts {
        if panel.index_of(a).is_some() {
            *by.entry(*y).or_default() += 1;
        }
    }
    by.into_values().collect()
}

fn summary(all: &[Evaluated], ivs: &[bydel_evaluate::Intervention], truth: bool) -> TextTable {
    let mut header = vec![
        "outcome",
        "method",
        "area_kind",
        "area",
        "start",
        "description",
        "estimate",
        "ci_low",
        "ci_high",
        "p_value",
        "pre_check",
        "pre_check_p",
        "verdict",
    ];
    if truth {
        header.push("truth");
    }
    let mut t = TextTable::new(&header);
    let describe = |kind: &Kind, area: &str| {
        ivs.iter()
            .filter(|i| &i.area_kind == kind && i.area_id.as_str() == area)
            .map(|i| i.description.clone())
            .collect::<Vec<_>>()
            .join("; ")
    };
    for ev in all {
        for (kind, r) in &ev.did {
            let areas: Vec<String> = r
                .cohorts
                .values()
                .flatten()
                .map(|a| a.to_string())
                .collect();
            let starts: Vec<String> = r.cohorts.keys().map(|y| y.to_string()).collect();
            let desc = if areas.len() == 1 {
                describe(kind, &areas[0])
            } else {
                format!("{} områder", areas.len())
            };
            let mut row = vec![
                ev.outcome.id.clone(),
                "did".into(),
                kind.to_string(),
                areas.join(" "),
                starts.join(" "),
                desc,
            ];
            row.extend(estimate_cells(&r.overall));
            row.extend(check_cells(&r.pre_trend));
            row.push(r.verdict.sentence.clone());
            if truth {
                let areas: Vec<&AreaId> = r.cohorts.values().flatten().collect();
                let last = r.group_time.iter().map(|c| c.year.get()).max().unwrap_or(0);
                let mean: f64 = areas
                    .iter()
                    .map(|a| {
                        planted_mean(
                            &ev.outcome,
                            a,
                            r.cohorts
                                .iter()
                                .find(|c| c.1.contains(a))
                                .map_or(0, |c| c.0.get()),
                            last,
                        )
                    })
                    .sum::<f64>()
                    / areas.len().max(1) as f64;
                row.push(num(mean));
            }
            t.rows.push(row);
        }
        for (kind, r) in &ev.synth {
            let desc = describe(kind, r.area.as_str());
            let mut row = vec![
                ev.outcome.id.clone(),
                "synthetic_control".into(),
                kind.to_string(),
                r.area.to_string(),
                r.start.to_string(),
                desc,
            ];
            row.extend(estimate_cells(&r.effect));
            row.extend(check_cells(&r.pre_check));
            row.push(r.verdict.sentence.clone());
            if truth {
                let last = r.path.last().map_or(0, |p| p.year.get());
                row.push(num(planted_mean(&ev.outcome, &r.area, r.start.get(), last)));
            }
            t.rows.push(row);
        }
    }
    t
}

fn event(all: &[Evaluated]) -> TextTable {
    let mut t = TextTable::new(&[
        "outcome",
        "method",
        "area",
        "relative_year",
        "year",
        "estimate",
        "ci_low",
        "ci_high",
        "actual",
        "synthetic",
    ]);
    for ev in all {
        for (_, r) in &ev.did {
            for e in &r.event_study {
                t.rows.push(vec![
                    ev.outcome.id.clone(),
                    "did".into(),
                    "cohorts".into(),
                    e.relative_year.to_string(),
                    String::new(),
                    num(e.estimate.value),
                    num(e.estimate.low),
                    num(e.estimate.high),
                    String::new(),
                    String::new(),
                ]);
            }
        }
        for (_, r) in &ev.synth {
            for p in &r.path {
                t.rows.push(vec![
                    ev.outcome.id.clone(),
                    "synthetic_control".into(),
                    r.area.to_string(),
                    (p.year.get() - r.start.get()).to_string(),
                    p.year.to_string(),
                    num(p.actual - p.synthetic),
                    String::new(),
                    String::new(),
                    num(p.actual),
                    num(p.synthetic),
                ]);
            }
        }
    }
    t
}

fn weights(all: &[Evaluated]) -> TextTable {
    let mut t = TextTable::new(&["outcome", "area", "donor", "weight", "pre_rmspe"]);
    for ev in all {
        for (_, r) in &ev.synth {
            for d in &r.donors {
                t.rows.push(vec![
                    ev.outcome.id.clone(),
                    r.area.to_string(),
                    d.area.to_string(),
                    num(d.weight),
                    num(r.pre_rmspe),
                ]);
            }
        }
    }
    t
}

fn placebos(all: &[Evaluated]) -> TextTable {
    let mut t = TextTable::new(&[
        "outcome",
        "area",
        "placebo",
        "placebo_area_or_start",
        "pre_rmspe",
        "post_rmspe",
        "mean_gap",
    ]);
    for ev in all {
        for (_, r) in &ev.synth {
            for p in &r.space_placebos {
                t.rows.push(vec![
                    ev.outcome.id.clone(),
                    r.area.to_string(),
                    "space".into(),
                    p.area.to_string(),
                    num(p.pre_rmspe),
                    num(p.post_rmspe),
                    num(p.mean_gap),
                ]);
            }
            for p in &r.time_placebos {
                t.rows.push(vec![
                    ev.outcome.id.clone(),
                    r.area.to_string(),
                    "time".into(),
                    p.fake_start.to_string(),
                    num(p.pre_rmspe),
                    String::new(),
                    num(p.mean_gap),
                ]);
            }
        }
    }
    t
}

/// The mean planted effect on the outcome over the years `start..=last` (the estimand of both
/// methods' overall effect, as an equal-weight mean over post-period years).
fn planted_mean(outcome: &Outcome, area: &AreaId, start: i32, last: i32) -> f64 {
    use bydel_synth::interventions::{PlantedOutcome, effect};
    let which = [
        PlantedOutcome::YouthEducation25,
        PlantedOutcome::OutsideWork,
    ]
    .into_iter()
    .find(|o| o.indicator() == outcome.id);
    let Some(o) = which else { return 0.0 };
    let years = (start..=last).count().max(1) as f64;
    (start..=last)
        .map(|y| effect(area.as_str(), y, o))
        .sum::<f64>()
        / years
}

/// The name with its first letter in lower case ("Alene grundskoleuddannelse" → "alene …").
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_lowercase().chain(c).collect())
}

fn estimate_cells(e: &Estimate) -> Vec<String> {
    vec![
        num(e.value),
        num(e.low),
        num(e.high),
        e.p_value.map_or_else(String::new, num),
    ]
}

fn check_cells(c: &PreCheck) -> Vec<String> {
    vec![
        if c.passed {
            "ok".into()
        } else {
            "afviger".into()
        },
        num(c.p_value),
    ]
}

fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.4}")
    } else {
        String::new()
    }
}
