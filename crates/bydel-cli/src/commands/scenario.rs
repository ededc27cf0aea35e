//! `bydel scenario --counts RUN/work --area KIND:ID`: a lettings or physical-change scenario for
//! one area against the baseline, year by year with Monte Carlo intervals: criteria A, C and E,
//! residents, the family-dwelling share and the probability of each list category.
//!
//! The starting point is estimated from the counts (criteria shares, adults, turnover from
//! `moved_last_year`); the channel profiles and everything else the counts cannot say are the
//! documented defaults of `bydel_evaluate::scenario::params` (docs/evaluation.md).

use std::path::PathBuf;
use std::process::ExitCode;

use bydel_evaluate::scenario::params::DEFAULTS;
use bydel_evaluate::scenario::sim::Summary;
use bydel_evaluate::scenario::{
    Action, AreaStart, Change, Letting, Plan168a, ScenarioSpec, run as simulate,
};
use bydel_model::{AreaId, Kind, Year};

use crate::error::CliError;
use crate::output::{Format, TextTable};

/// Arguments of `bydel scenario`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The run's work folder (counts.parquet + areas.csv).
    #[arg(long)]
    pub counts: PathBuf,
    /// The area as KIND:ID, e.g. housing_area:159-vaerebro-park.
    #[arg(long)]
    pub area: String,
    /// The start year (default: the last year of the counts).
    #[arg(long)]
    pub year: Option<i32>,
    /// Almene family dwellings in the area (default: residents / 2.1).
    #[arg(long)]
    pub family_dwellings: Option<u32>,
    /// Projection years.
    #[arg(long, default_value_t = 5)]
    pub years: u32,
    /// Monte Carlo runs.
    #[arg(long, default_value_t = 500)]
    pub runs: usize,
    /// Seed (the scenario and the baseline use the same seed).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Scenario: share of vacancies let by fleksibel udlejning with the criterion "in work or education".
    #[arg(long, default_value_t = 0.0)]
    pub criteria_share: f64,
    /// Scenario: share let by kombineret udlejning (§ 51 b).
    #[arg(long, default_value_t = 0.0)]
    pub combined_share: f64,
    /// Scenario: share let by municipal allocation.
    #[arg(long, default_value_t = 0.25)]
    pub municipal_share: f64,
    /// Scenario: § 59 restricts municipal allocation to the area.
    #[arg(long)]
    pub section_59: bool,
    /// Baseline: criteria-letting share.
    #[arg(long, default_value_t = 0.0)]
    pub baseline_criteria_share: f64,
    /// Baseline: § 51 b share.
    #[arg(long, default_value_t = 0.0)]
    pub baseline_combined_share: f64,
    /// Baseline: municipal allocation share.
    #[arg(long, default_value_t = 0.25)]
    pub baseline_municipal_share: f64,
    /// Physical change YEAR:N (repeatable): demolish N family dwellings in projection year YEAR.
    #[arg(long)]
    pub demolish: Vec<String>,
    /// Convert N family dwellings to youth/senior housing in YEAR (YEAR:N).
    #[arg(long)]
    pub convert: Vec<String>,
    /// Sell N family dwellings as owner-occupied in YEAR (YEAR:N).
    #[arg(long)]
    pub sell: Vec<String>,
    /// Build N almene family dwellings in YEAR (YEAR:N).
    #[arg(long)]
    pub build_family: Vec<String>,
    /// Build N owner-occupied dwellings in YEAR (YEAR:N).
    #[arg(long)]
    pub build_owner: Vec<String>,
    /// A § 168 a plan: family dwellings down to 40 % by this projection year.
    #[arg(long)]
    pub plan_168a: Option<u32>,
    /// The plan's mix: demolish,convert,sell shares (summing to 1).
    #[arg(long, value_delimiter = ',', default_value = "0.5,0.2,0.3")]
    pub plan_mix: Vec<f64>,
    /// Share of displaced households rehoused in the area.
    #[arg(long, default_value_t = 0.3)]
    pub rehouse_within: f64,
    /// Criterion B (convictions) is met at the start (held fixed).
    #[arg(long)]
    pub b_met: bool,
    /// Criterion D (income) is met at the start (held fixed).
    #[arg(long)]
    pub d_met: bool,
    /// Criterion B meets the forebyggelse threshold (2 × the national average; held fixed).
    #[arg(long)]
    pub b_met_prevention: bool,
    /// Criterion D meets the forebyggelse threshold (under 65 % of the region; held fixed).
    #[arg(long)]
    pub d_met_prevention: bool,
    /// Consecutive list years up to the start in which the area met the parallelsamfund
    /// conditions (for the omdannelse probability).
    #[arg(long, default_value_t = 0)]
    pub parallel_years: u32,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

/// Runs the baseline and the scenario and prints them side by side, year by year.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    let (kind, area) = args
        .area
        .split_once(':')
        .ok_or_else(|| CliError::Usage(format!("--area {}: expected KIND:ID", args.area)))?;
    let kind = Kind::new(kind).map_err(|e| CliError::Usage(format!("--area: {e}")))?;
    let area = AreaId::new(area).map_err(|e| CliError::Usage(format!("--area: {e}")))?;
    let counts = bydel_io::counts::read_counts(&args.counts)?;
    let year = match args.year {
        Some(y) => Year::new(y).map_err(|e| CliError::Usage(format!("--year: {e}")))?,
        None => *counts
            .years()
            .iter()
            .next_back()
            .ok_or_else(|| CliError::Usage("the counts table is empty".into()))?,
    };
    let mut start = AreaStart::from_counts(
        &counts,
        &kind,
        &area,
        year,
        args.family_dwellings,
        &DEFAULTS,
    )
    .map_err(CliError::lib)?;
    start.b_met = args.b_met;
    start.d_met = args.d_met;
    start.b_met_prevention = args.b_met_prevention;
    start.d_met_prevention = args.d_met_prevention;
    start.parallel_streak = args.parallel_years;
    eprintln!(
        "{} {year}: {} residents, {} family dwellings (+{} other), A {:.1} %, C {:.1} %, E {:.1} %, move-out {:.1} % a year",
        start.name,
        start.residents,
        start.family_dwellings,
        start.other_dwellings,
        start.residents_profile.outside * 100.0,
        start.residents_profile.basic * 100.0,
        start.residents_profile.non_western * 100.0,
        start.move_out * 100.0
    );
    let baseline = ScenarioSpec {
        years: args.years,
        runs: args.runs,
        seed: args.seed,
        letting: Letting {
            criteria_share: args.baseline_criteria_share,
            combined_share: args.baseline_combined_share,
            municipal_share: args.baseline_municipal_share,
            section_59: false,
        },
        changes: Vec::new(),
        plan_168a: None,
        rehouse_within: args.rehouse_within,
    };
    let scenario = ScenarioSpec {
        letting: Letting {
            criteria_share: args.criteria_share,
            combined_share: args.combined_share,
            municipal_share: args.municipal_share,
            section_59: args.section_59,
        },
        changes: changes(args)?,
        plan_168a: plan(args)?,
        ..baseline.clone()
    };
    let base = simulate(&start, &baseline, &DEFAULTS).map_err(CliError::lib)?;
    let scen = simulate(&start, &scenario, &DEFAULTS).map_err(CliError::lib)?;
    if scen.plan_dwellings > 0 {
        eprintln!(
            "§ 168 a plan: {} family dwellings leave the family stock",
            scen.plan_dwellings
        );
    }
    let mut t = TextTable::new(&[
        "year",
        "scenario",
        "a",
        "a_low",
        "a_high",
        "c",
        "c_low",
        "c_high",
        "e",
        "e_low",
        "e_high",
        "residents",
        "family_share",
        "p_a_over_40",
        "p_udsat",
        "p_parallelsamfund",
        "p_omdannelse",
        "p_forebyggelse",
    ]);
    rows(&mut t, "baseline", &base);
    rows(&mut t, "scenario", &scen);
    t.rows.sort_by(|a, b| a[0].cmp(&b[0]).then(a[1].cmp(&b[1])));
    t.write(args.format, &mut std::io::stdout().lock())
        .map_err(|source| CliError::Io {
            path: "stdout".into(),
            source,
        })?;
    Ok(ExitCode::SUCCESS)
}

fn rows(t: &mut TextTable, name: &str, s: &Summary) {
    let f = |x: f64| format!("{x:.4}");
    for y in &s.years {
        t.rows.push(vec![
            y.year.to_string(),
            name.into(),
            f(y.a.mean),
            f(y.a.low),
            f(y.a.high),
            f(y.c.mean),
            f(y.c.low),
            f(y.c.high),
            f(y.e.mean),
            f(y.e.low),
            f(y.e.high),
            format!("{:.0}", y.residents.mean),
            f(y.family_share.mean),
            f(y.p_a_over_40),
            f(y.p_udsat),
            f(y.p_parallelsamfund),
            f(y.p_omdannelse),
            f(y.p_forebyggelse),
        ]);
    }
}

fn changes(args: &Args) -> Result<Vec<Change>, CliError> {
    let mut out = Vec::new();
    for (flag, list, action) in [
        ("--demolish", &args.demolish, Action::Demolish),
        ("--convert", &args.convert, Action::Convert),
        ("--sell", &args.sell, Action::Sell),
        ("--build-family", &args.build_family, Action::BuildFamily),
        ("--build-owner", &args.build_owner, Action::BuildOwner),
    ] {
        for text in list {
            let parsed = text.split_once(':').and_then(|(y, n)| {
                Some((y.trim().parse::<u32>().ok()?, n.trim().parse::<u32>().ok()?))
            });
            let Some((year, dwellings)) = parsed.filter(|(y, _)| *y >= 1 && *y <= args.years)
            else {
                return Err(CliError::Usage(format!(
                    "{flag} {text}: expected YEAR:N with YEAR a projection year 1..={}",
                    args.years
                )));
            };
            out.push(Change {
                year,
                action,
                dwellings,
            });
        }
    }
    Ok(out)
}

fn plan(args: &Args) -> Result<Option<Plan168a>, CliError> {
    let Some(by_year) = args.plan_168a else {
        return Ok(None);
    };
    let [demolish, convert, sell] = args.plan_mix[..] else {
        return Err(CliError::Usage(
            "--plan-mix: expected three shares demolish,convert,sell".into(),
        ));
    };
    Ok(Some(Plan168a {
        target: 0.40,
        by_year,
        demolish,
        convert,
        sell,
    }))
}
