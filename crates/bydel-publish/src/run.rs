//! The job after aggregation, for any municipality: rules → analysis → indices → segregation →
//! release → report and workbook, driven by a [`RunConfig`].
//!
//! [`publish`] writes into a run folder: `work/` (exact analysis tables: confidential working
//! data, like the counts) and `published/` (only what the release let through: the tables, the
//! manifest, the areas, the report and the workbook). The caller makes the folder appear all at
//! once (`bydel run` builds it in a temporary folder and swaps it in).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use bydel_analysis::indicator::IndicatorKind;
use bydel_analysis::{Catalogue, Settings};
use bydel_model::{CountsTable, Kind};
use bydel_privacy::{FocusArea, Municipality, ResultTable, RunContext};
use bydel_rules::RuleSets;
use bydel_rules::ruleset::Formula;

use crate::atoms::{self, Scope};
use crate::config::RunConfig;
use crate::error::PublishError;
use crate::tables::{analysis, classification, context, criteria, evaluation, flows, scenarios};

/// What a run needs besides its config: the counts and the texts of its input files.
#[derive(Debug)]
pub struct Inputs {
    /// The counts (from `bydel aggregate`, or imported from another engine).
    pub counts: CountsTable,
    /// The dataset's areas file (`areas.geojson`), as text.
    pub areas_geojson: String,
    /// The goals file (name, text), when the config names one.
    pub goals: Option<(String, String)>,
    /// Survey files (name, text).
    pub surveys: Vec<(String, String)>,
    /// The official lists (name, text, HISTORY.csv format), when the config names them.
    pub official_lists: Option<(String, String)>,
    /// The person panel, when the config has a `[flows]` section or scenarios
    /// ([`RunConfig::needs_panel`]; read by the caller with `bydel_flows::Panel::read`).
    pub panel: Option<bydel_flows::Panel>,
    /// The interventions file (name, text), when the config names one.
    pub interventions: Option<(String, String)>,
}

/// What a run released: per table, cells shown, suppressed and missing.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// The municipality.
    pub municipality: String,
    /// Per table: (name, shown, suppressed, empty).
    pub tables: Vec<(String, usize, usize, usize)>,
    /// Cells suppressed by each primary rule (atoms).
    pub primary: BTreeMap<&'static str, usize>,
    /// Atoms suppressed only to protect others.
    pub secondary: usize,
}

/// Runs everything after aggregation into `run_dir` (`work/` and `published/`). `step` is told
/// each phase as it starts.
pub fn publish(
    config: &RunConfig,
    mut inputs: Inputs,
    run_dir: &Path,
    step: &mut dyn FnMut(&str),
) -> Result<Summary, PublishError> {
    let cat = Catalogue::builtin().map_err(|e| PublishError::step("analysis", e))?;
    for (name, text) in &inputs.surveys {
        bydel_analysis::survey::add_survey(&mut inputs.counts, name, text)
            .map_err(|e| PublishError::step("surveys", e))?;
    }
    let goals = match &inputs.goals {
        Some((name, text)) => bydel_analysis::goals::parse_goals(name, text, &cat)
            .map_err(|e| PublishError::step("goals", e))?,
        None => Vec::new(),
    };
    let counts = &inputs.counts;
    let sets = RuleSets::danish();
    step("rules");
    let tenure = crate::geo::public_housing(&inputs.areas_geojson)?;
    let history = match &inputs.official_lists {
        Some((name, text)) => bydel_rules::History::parse_csv(name, text)
            .map_err(|e| PublishError::step("official lists", e))?,
        None => bydel_rules::History::default(),
    };
    let classified = bydel_rules::classify_counts_with(counts, &sets, &[], &history, &tenure)
        .map_err(|e| PublishError::step("rules", e))?;
    step("analysis");
    let settings = Settings {
        level: config.level,
        area_layers: config
            .layers
            .iter()
            .map(|k| k.as_str().to_string())
            .collect(),
        ..Settings::default()
    };
    let analysed = bydel_analysis::analyse(counts, &cat, &goals, &settings);
    write_work(run_dir, &analysed, &classified)?;
    let scope = scope(counts, config, &cat, &sets)?;
    step("tables");
    let mut tables = vec![atoms::atom_table(&scope)?];
    if let Some(set) = classification::current_set(&sets, &scope) {
        tables.push(criteria::criteria(&scope, set)?);
    }
    tables.push(classification::classification(&scope, &sets, &classified)?);
    if inputs.official_lists.is_some() {
        tables.push(classification::official_lists(
            &scope,
            &sets,
            &classified,
            &history,
        )?);
    }
    let by_name = |n: &str| analysed.iter().find(|t| t.name == n);
    let window = settings.trend_window;
    if let Some(t) = by_name("indicator_values") {
        tables.push(analysis::indicators(&scope, &cat, t)?);
    }
    if let Some(t) = by_name("comparisons") {
        tables.push(analysis::comparisons(&scope, &cat, t)?);
    }
    if let Some(t) = by_name("trends") {
        tables.push(analysis::trends(&scope, &cat, t, window)?);
    }
    // the flows come before the warnings, which carry the flow indicators' warnings too
    let flow_tables = match (&config.flows, &inputs.panel) {
        (Some(f), Some(panel)) => {
            step("flows");
            Some(flows::tables(&scope, &cat, config, f, panel, &settings)?)
        }
        _ => None,
    };
    let flow_warnings = flow_tables.as_ref().map_or(&[][..], |f| &f.warnings[..]);
    if let Some(t) = by_name("watchlist") {
        let near = analysis::NearThreshold {
            sets: &sets,
            classified: &classified,
            points: config.near_threshold,
        };
        tables.push(analysis::warnings(
            &scope,
            &cat,
            t,
            window,
            &near,
            &config.policy,
            flow_warnings,
        )?);
    }
    if let Some(t) = by_name("goals") {
        let span = scope.years.len() as u32;
        tables.push(analysis::goals(&scope, &cat, t, span)?);
    }
    if let Some(t) = by_name("composition") {
        tables.push(analysis::composition(&scope, &cat, t)?);
    }
    step("segregation");
    let layer = segregation_layer(config);
    tables.extend(context::segregation(&scope, &layer, config.bootstrap)?);
    step("indices");
    tables.extend(context::index_mss(&scope, &layer)?);
    if let Some(f) = flow_tables {
        tables.extend(f.tables);
    }
    if let Some((name, text)) = &inputs.interventions {
        step("evaluation");
        tables.push(evaluation::evaluation(
            &scope,
            config,
            name,
            text,
            inputs.panel.as_ref(),
        )?);
    }
    if !config.scenarios.is_empty() {
        step("scenarios");
        let set = classification::current_set(&sets, &scope);
        tables.push(scenarios::scenarios(
            &scope,
            &config.scenarios,
            set,
            &classified,
            inputs.panel.as_ref(),
        )?);
    }
    step("release");
    let summary = release(config, &scope, tables, run_dir, &inputs.areas_geojson)?;
    step("report");
    let lang = config.language;
    let published = run_dir.join("published");
    bydel_report::write_report(run_dir, &published.join("report.html"), lang)
        .map_err(|e| PublishError::step("report", e))?;
    bydel_report::write_workbook(run_dir, &published.join("book.xlsx"), lang)
        .map_err(|e| PublishError::step("workbook", e))?;
    Ok(summary)
}

/// The layer segregation and the index compare: districts when configured, else the first layer.
fn segregation_layer(config: &RunConfig) -> Kind {
    config
        .layers
        .iter()
        .find(|k| k.as_str() == Kind::DISTRICT)
        .or(config.layers.first())
        .cloned()
        .unwrap_or_else(|| Kind::new(Kind::DISTRICT).expect("valid"))
}

/// The scope: every measure a published value needs, which are amounts, which are nested.
fn scope<'a>(
    counts: &'a CountsTable,
    config: &RunConfig,
    cat: &Catalogue,
    sets: &RuleSets,
) -> Result<Scope<'a>, PublishError> {
    let mut used: BTreeSet<String> = cat.used_measures();
    let mut defs: Vec<(String, String, bool)> = Vec::new();
    let mut nested = Vec::new();
    for i in cat.indicators() {
        let mean = matches!(i.kind, IndicatorKind::Mean);
        defs.push((i.numerator.clone(), i.denominator.clone(), mean));
        if let Some(s) = &i.sum_sq {
            defs.push((s.clone(), i.denominator.clone(), true));
        }
        if !mean && i.scale == 1 {
            nested.push((i.numerator.clone(), i.denominator.clone()));
        }
    }
    for set in sets.sets() {
        used.insert(set.population_measure.clone());
        for c in &set.criteria {
            used.insert(c.numerator.clone());
            used.insert(c.denominator.clone());
            let mean = matches!(c.formula, Formula::MeanRelative);
            defs.push((c.numerator.clone(), c.denominator.clone(), mean));
            if !mean && c.numerator_per_person == 1 {
                nested.push((c.numerator.clone(), c.denominator.clone()));
            }
        }
    }
    used.insert(bydel_model::measure::RESIDENTS.into());
    let amounts = atoms::amounts(defs.iter().map(|(n, d, m)| (n.as_str(), d.as_str(), *m)));
    Scope::new(counts, config, &used, amounts, nested)
}

fn release(
    config: &RunConfig,
    scope: &Scope,
    tables: Vec<ResultTable>,
    run_dir: &Path,
    areas_geojson: &str,
) -> Result<Summary, PublishError> {
    let release = bydel_privacy::release(tables, &config.policy)
        .map_err(|e| PublishError::step("release", e))?;
    let dir = run_dir.join("published");
    let named = |code: u16| Municipality {
        code,
        name: bydel_model::names::municipality(code),
    };
    let context = RunContext {
        municipality: Some(named(config.municipality)),
        focus_areas: config
            .focus_areas
            .iter()
            .map(|(kind, id)| FocusArea {
                kind: kind.as_str().to_string(),
                area_id: id.as_str().to_string(),
            })
            .collect(),
        peers: config.peers.iter().map(|&code| named(code)).collect(),
    };
    bydel_privacy::publish::write_published(&dir, &release, context)
        .map_err(|e| PublishError::step("release", e))?;
    let areas = crate::geo::published_areas(scope, areas_geojson)?;
    bydel_privacy::atomic::write_atomic(&dir.join("areas.geojson"), areas.as_bytes())
        .map_err(|e| PublishError::step("release", e))?;
    let s = release.summary();
    let mut summary = Summary {
        municipality: config.municipality_name(),
        primary: s.primary.clone(),
        secondary: s.secondary,
        ..Summary::default()
    };
    for t in release.tables() {
        let (mut shown, mut hidden, mut empty) = (0, 0, 0);
        let keys = t.key_count();
        for row in t.rows() {
            for c in &row[keys..] {
                match c {
                    bydel_privacy::DisplayCell::Suppressed(_) => hidden += 1,
                    bydel_privacy::DisplayCell::Empty(_) => empty += 1,
                    _ => shown += 1,
                }
            }
        }
        summary
            .tables
            .push((t.name().to_string(), shown, hidden, empty));
    }
    Ok(summary)
}

fn write_work(
    run_dir: &Path,
    analysed: &[bydel_analysis::table::Table],
    classified: &[bydel_rules::Classification],
) -> Result<(), PublishError> {
    let dir = run_dir.join("work").join("analysis");
    std::fs::create_dir_all(&dir).map_err(|e| PublishError::io(&dir, e))?;
    let write = |name: &str, bytes: Vec<u8>| {
        bydel_privacy::atomic::write_atomic(&dir.join(name), &bytes)
            .map_err(|e| PublishError::step("work", e))
    };
    for t in analysed {
        let mut buf = Vec::new();
        t.write_csv(&mut buf)
            .map_err(|e| PublishError::step("work", e))?;
        write(&format!("{}.csv", t.name), buf)?;
    }
    let flat = bydel_rules::flat_table(classified, bydel_rules::Identity::Full);
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&flat.columns)
        .map_err(|e| PublishError::step("work", e))?;
    for r in &flat.rows {
        w.write_record(r)
            .map_err(|e| PublishError::step("work", e))?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| PublishError::step("work", e.to_string()))?;
    bydel_privacy::atomic::write_atomic(&run_dir.join("work").join("classification.csv"), &bytes)
        .map_err(|e| PublishError::step("work", e))
}
