//! The run configuration (`bydel run --config FILE`): one TOML file that says everything about a
//! municipality's job — which municipality, which layers and focus areas, the goals and survey
//! files, the disclosure policy, the language and the peer municipalities. Nothing about any
//! particular municipality lives in code; the demo is one such file (`data/gladsaxe.toml`).
//!
//! docs/run.md documents every key; [`RunConfig::parse`] checks them all before any work starts.

use std::path::{Path, PathBuf};

use bydel_evaluate::scenario::ScenarioDef;
use bydel_model::{AreaId, Kind};
use bydel_privacy::Policy;
use serde::Deserialize;

use crate::error::PublishError;

/// The run configuration, as parsed and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct RunConfig {
    /// The municipality's code (e.g. 159).
    pub municipality: u16,
    /// Layers analysed and published inside the municipality (e.g. `district`, `housing_area`).
    pub layers: Vec<Kind>,
    /// Institution layers whose composition is published (e.g. `school`, `daycare`).
    pub institutions: Vec<Kind>,
    /// The focus areas the report opens with.
    pub focus_areas: Vec<(Kind, AreaId)>,
    /// The goals file, resolved against the config file's folder.
    pub goals: Option<PathBuf>,
    /// Survey files, resolved against the config file's folder.
    pub surveys: Vec<PathBuf>,
    /// The official 1 December lists (HISTORY.csv format), resolved against the config file's
    /// folder.
    pub official_lists: Option<PathBuf>,
    /// The disclosure policy.
    pub policy: Policy,
    /// The report's language.
    pub language: Language,
    /// Peer municipalities shown for comparison.
    pub peers: Vec<u16>,
    /// Confidence level of every interval.
    pub level: f64,
    /// Bootstrap draws for segregation intervals.
    pub bootstrap: u32,
    /// How close to a list threshold (in the criterion's unit: percentage points) an area one
    /// condition away from a category must be to be warned about.
    pub near_threshold: f64,
    /// Flows, decomposition of change and life chances (`[flows]`; off when absent).
    pub flows: Option<FlowsConfig>,
    /// The interventions file to evaluate (`[evaluation] interventions`), resolved against the
    /// config file's folder.
    pub interventions: Option<PathBuf>,
    /// Lettings and physical-change scenarios published in `scenarios` (`[[scenarios]]`;
    /// docs/evaluation.md, "Scenarios"), each checked and naming an area of `layers`.
    pub scenarios: Vec<ScenarioDef>,
}

/// The `[flows]` section: which layer's flows are published, the decomposition's years and the
/// life chances' reference ages (docs/flows.md, "Publication").
#[derive(Debug, Clone, PartialEq)]
pub struct FlowsConfig {
    /// The one layer whose flows are published (flows do not add up across nested layers).
    pub layer: Kind,
    /// Reference ages of the life-chance cohorts (inclusive, age on 1 January).
    pub reference_age: (u8, u8),
    /// First year of the decomposition of change (default: the first data year).
    pub from: Option<i32>,
    /// Last year of the decomposition of change (default: the last data year).
    pub to: Option<i32>,
    /// Bootstrap replicates of the decomposition and life-chance intervals.
    pub replicates: usize,
}

/// The language of the report and the workbook: the report's one language type.
pub use bydel_report::Lang as Language;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    municipality: RawMunicipality,
    #[serde(default)]
    layers: RawLayers,
    #[serde(default)]
    focus_areas: Vec<RawArea>,
    goals: Option<String>,
    #[serde(default)]
    surveys: Vec<String>,
    official_lists: Option<String>,
    #[serde(default)]
    disclosure: RawDisclosure,
    #[serde(default)]
    report: RawReport,
    #[serde(default)]
    analysis: RawAnalysis,
    flows: Option<RawFlows>,
    #[serde(default)]
    evaluation: RawEvaluation,
    #[serde(default)]
    scenarios: Vec<ScenarioDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFlows {
    layer: Option<String>,
    reference_age: Option<[u8; 2]>,
    from: Option<i32>,
    to: Option<i32>,
    replicates: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvaluation {
    interventions: Option<String>,
}

/// The largest number of bootstrap replicates of the flow analyses.
pub const MAX_REPLICATES: usize = 2_000;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMunicipality {
    code: u16,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLayers {
    #[serde(default = "default_layers")]
    areas: Vec<String>,
    #[serde(default = "default_institutions")]
    institutions: Vec<String>,
}

impl Default for RawLayers {
    fn default() -> Self {
        RawLayers {
            areas: default_layers(),
            institutions: default_institutions(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArea {
    kind: String,
    area_id: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDisclosure {
    preset: Option<String>,
    min_count: Option<u32>,
    min_area_population: Option<u32>,
    p_percent: Option<u32>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReport {
    language: Option<Language>,
    #[serde(default)]
    peers: Vec<u16>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnalysis {
    level: Option<f64>,
    bootstrap: Option<u32>,
    near_threshold: Option<f64>,
}

fn default_layers() -> Vec<String> {
    vec![Kind::DISTRICT.into(), Kind::HOUSING_AREA.into()]
}

fn default_institutions() -> Vec<String> {
    vec!["school".into(), "daycare".into()]
}

/// The largest bootstrap a run accepts (the segregation intervals need far fewer).
pub const MAX_BOOTSTRAP: u32 = 10_000;

impl RunConfig {
    /// Reads and checks a config file; relative file names in it are resolved against its folder.
    pub fn load(path: &Path) -> Result<RunConfig, PublishError> {
        let text = std::fs::read_to_string(path).map_err(|e| PublishError::io(path, e))?;
        let base = path.parent().unwrap_or(Path::new("."));
        RunConfig::parse(&path.display().to_string(), &text, base)
    }

    /// Parses and checks a config's text; `base` resolves relative file names.
    pub fn parse(file: &str, text: &str, base: &Path) -> Result<RunConfig, PublishError> {
        let bad = |msg: String| PublishError::Config {
            file: file.into(),
            message: msg,
        };
        let raw: Raw = toml::from_str(text).map_err(|e| bad(e.to_string()))?;
        let code = raw.municipality.code;
        if !bydel_model::names::municipalities().any(|(c, _, _)| c == code) {
            return Err(bad(format!(
                "municipality.code: {code} is not a Danish municipality code (see docs/run.md)"
            )));
        }
        let kinds = |names: &[String], key: &str| -> Result<Vec<Kind>, PublishError> {
            names
                .iter()
                .map(|n| {
                    let k = Kind::new(n.as_str()).map_err(|e| bad(format!("{key}: {e}")))?;
                    if k.is_administrative() {
                        return Err(bad(format!(
                            "{key}: {n:?} is always published; list only the municipality's own layers"
                        )));
                    }
                    Ok(k)
                })
                .collect()
        };
        let layers = kinds(&raw.layers.areas, "layers.areas")?;
        let institutions = kinds(&raw.layers.institutions, "layers.institutions")?;
        let focus_areas = raw
            .focus_areas
            .iter()
            .map(|a| {
                let k = Kind::new(a.kind.as_str()).map_err(|e| bad(format!("focus_areas: {e}")))?;
                let id = AreaId::new(a.area_id.as_str())
                    .map_err(|e| bad(format!("focus_areas: {e}")))?;
                Ok((k, id))
            })
            .collect::<Result<_, PublishError>>()?;
        let policy = policy(&raw.disclosure).map_err(|m| bad(format!("disclosure: {m}")))?;
        let level = raw.analysis.level.unwrap_or(0.95);
        if !(level > 0.5 && level < 1.0) {
            return Err(bad(format!(
                "analysis.level: {level} is not a confidence level between 0.5 and 1 (e.g. 0.95)"
            )));
        }
        let bootstrap = raw.analysis.bootstrap.unwrap_or(200);
        if !(1..=MAX_BOOTSTRAP).contains(&bootstrap) {
            return Err(bad(format!(
                "analysis.bootstrap: {bootstrap} is outside 1..={MAX_BOOTSTRAP}"
            )));
        }
        let near_threshold = raw.analysis.near_threshold.unwrap_or(5.0);
        if !(near_threshold > 0.0 && near_threshold <= 100.0) {
            return Err(bad(format!(
                "analysis.near_threshold: {near_threshold} is not a distance in percentage points between 0 and 100 (e.g. 5)"
            )));
        }
        for p in &raw.report.peers {
            if !bydel_model::names::municipalities().any(|(c, _, _)| c == *p) {
                return Err(bad(format!("report.peers: {p} is not a municipality code")));
            }
        }
        let flows = match &raw.flows {
            None => None,
            Some(f) => {
                let layer = match &f.layer {
                    Some(l) => {
                        Kind::new(l.as_str()).map_err(|e| bad(format!("flows.layer: {e}")))?
                    }
                    None => Kind::new(Kind::HOUSING_AREA).expect("a valid layer name"),
                };
                if !layers.contains(&layer) {
                    return Err(bad(format!(
                        "flows.layer: {:?} is not one of layers.areas",
                        layer.as_str()
                    )));
                }
                let [lo, hi] = f.reference_age.unwrap_or([10, 14]);
                if lo > hi || hi > 17 {
                    return Err(bad(format!(
                        "flows.reference_age: [{lo}, {hi}] is not a range of child ages (0–17, lowest first)"
                    )));
                }
                if let (Some(a), Some(b)) = (f.from, f.to)
                    && a >= b
                {
                    return Err(bad(format!("flows.from: {a} is not before flows.to {b}")));
                }
                let replicates = f.replicates.unwrap_or(200);
                if replicates > MAX_REPLICATES {
                    return Err(bad(format!(
                        "flows.replicates: {replicates} is more than {MAX_REPLICATES}"
                    )));
                }
                Some(FlowsConfig {
                    layer,
                    reference_age: (lo, hi),
                    from: f.from,
                    to: f.to,
                    replicates,
                })
            }
        };
        let scenarios = checked_scenarios(raw.scenarios, &layers).map_err(bad)?;
        Ok(RunConfig {
            municipality: code,
            layers,
            institutions,
            focus_areas,
            goals: raw.goals.map(|g| base.join(g)),
            surveys: raw.surveys.iter().map(|s| base.join(s)).collect(),
            official_lists: raw.official_lists.map(|l| base.join(l)),
            policy,
            language: raw.report.language.unwrap_or(Language::Da),
            peers: raw
                .report
                .peers
                .into_iter()
                .filter(|p| *p != code)
                .collect(),
            level,
            bootstrap,
            near_threshold,
            flows,
            interventions: raw.evaluation.interventions.map(|f| base.join(f)),
            scenarios,
        })
    }

    /// Whether the run follows persons from year to year (the person panel): for `[flows]`, for
    /// the stayers panel of `[evaluation]` and for `[[scenarios]]`, whose in-mover profiles are
    /// estimated from the persons who moved in.
    pub fn needs_panel(&self) -> bool {
        self.flows.is_some() || self.interventions.is_some() || !self.scenarios.is_empty()
    }

    /// The municipality's name.
    pub fn municipality_name(&self) -> String {
        bydel_model::names::municipality(self.municipality)
    }
}

/// Every scenario checked (keys named `scenarios[i].key`), its layer one of `layers`, its id
/// unique.
fn checked_scenarios(list: Vec<ScenarioDef>, layers: &[Kind]) -> Result<Vec<ScenarioDef>, String> {
    for (i, s) in list.iter().enumerate() {
        s.check(i).map_err(|e| e.to_string())?;
        if !layers.iter().any(|k| k.as_str() == s.kind) {
            return Err(format!(
                "scenarios[{i}].kind: {:?} is not one of layers.areas",
                s.kind
            ));
        }
        AreaId::new(s.area_id.as_str()).map_err(|e| format!("scenarios[{i}].area_id: {e}"))?;
        if list[..i].iter().any(|o| o.id == s.id) {
            return Err(format!("scenarios[{i}].id: {:?} is used twice", s.id));
        }
    }
    Ok(list)
}

fn policy(raw: &RawDisclosure) -> Result<Policy, String> {
    let mut p = Policy::preset(raw.preset.as_deref().unwrap_or("danmarks-statistik"))
        .map_err(|e| e.to_string())?;
    if let Some(n) = raw.min_count {
        p.min_count = n;
    }
    if let Some(n) = raw.min_area_population {
        p.min_area_population = n;
    }
    if let Some(n) = raw.p_percent {
        p.p_percent = n;
    }
    p.validate().map_err(|e| e.to_string())?;
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<RunConfig, PublishError> {
        RunConfig::parse("run.toml", text, Path::new("/cfg"))
    }

    #[test]
    fn a_minimal_config_takes_the_documented_defaults() {
        let c = parse("[municipality]\ncode = 101\n").unwrap();
        assert_eq!(c.municipality, 101);
        assert_eq!(c.layers.len(), 2);
        assert_eq!(c.policy, Policy::danmarks_statistik());
        assert_eq!(c.language, Language::Da);
        assert_eq!(c.level, 0.95);
        assert_eq!(c.flows, None);
        assert_eq!(c.interventions, None);
    }

    #[test]
    fn the_flows_section_takes_its_defaults_and_the_interventions_file_resolves() {
        let c = parse(
            "[municipality]\ncode = 159\n[flows]\nreference_age = [11, 13]\n\
             [evaluation]\ninterventions = \"iv.csv\"\n",
        )
        .unwrap();
        let f = c.flows.unwrap();
        assert_eq!(f.layer.as_str(), Kind::HOUSING_AREA);
        assert_eq!(f.reference_age, (11, 13));
        assert_eq!(f.replicates, 200);
        assert_eq!(c.interventions, Some(PathBuf::from("/cfg/iv.csv")));
    }

    #[test]
    fn files_resolve_against_the_config_folder() {
        let c = parse("goals = \"g.toml\"\nsurveys = [\"s.csv\"]\n[municipality]\ncode = 159\n")
            .unwrap();
        assert_eq!(c.goals, Some(PathBuf::from("/cfg/g.toml")));
        assert_eq!(c.surveys, vec![PathBuf::from("/cfg/s.csv")]);
    }

    #[test]
    fn bad_values_are_refused_with_the_key() {
        for (text, key) in [
            ("[municipality]\ncode = 9999\n", "municipality.code"),
            (
                "[municipality]\ncode = 159\n[analysis]\nlevel = 1.5\n",
                "analysis.level",
            ),
            (
                "[municipality]\ncode = 159\n[analysis]\nbootstrap = 0\n",
                "analysis.bootstrap",
            ),
            (
                "[municipality]\ncode = 159\n[layers]\nareas = [\"municipality\"]\n",
                "layers.areas",
            ),
            (
                "[municipality]\ncode = 159\n[disclosure]\npreset = \"x\"\n",
                "disclosure",
            ),
            (
                "[municipality]\ncode = 159\n[report]\npeers = [1]\n",
                "report.peers",
            ),
            ("[municipality]\ncode = 159\nnosuch = 1\n", "nosuch"),
            (
                "[municipality]\ncode = 159\n[flows]\nreference_age = [14, 10]\n",
                "flows.reference_age",
            ),
            (
                "[municipality]\ncode = 159\n[flows]\nlayer = \"school\"\n",
                "flows.layer",
            ),
            (
                "[municipality]\ncode = 159\n[flows]\nfrom = 2020\nto = 2015\n",
                "flows.from",
            ),
        ] {
            let e = parse(text).unwrap_err().to_string();
            assert!(e.contains(key), "{text}: {e}");
        }
    }

    #[test]
    fn scenarios_are_checked_with_their_key() {
        let base = "[municipality]\ncode = 159\n[[scenarios]]\nid = \"flex\"\n\
                    description = \"Fleksibel udlejning\"\nkind = \"housing_area\"\n\
                    area_id = \"a\"\nletting = { criteria_share = 0.5 }\n";
        let c = parse(base).unwrap();
        assert_eq!(c.scenarios.len(), 1);
        assert_eq!(c.scenarios[0].years, 5);
        assert!(c.needs_panel());
        assert!(!parse("[municipality]\ncode = 159\n").unwrap().needs_panel());
        for (extra, key) in [
            ("years = 99\n", "scenarios[0].years"),
            (
                "letting = { criteria_share = 1.5 }\n",
                "scenarios[0].letting",
            ),
        ] {
            let text = format!(
                "{}{extra}",
                base.replace("letting = { criteria_share = 0.5 }\n", "")
            );
            let e = parse(&text).unwrap_err().to_string();
            assert!(e.contains(key), "{text}: {e}");
        }
        let e = parse(&base.replace("housing_area", "school"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("scenarios[0].kind"), "{e}");
        let twice = format!("{base}{}", &base[base.find("[[scenarios]]").unwrap()..]);
        let e = parse(&twice).unwrap_err().to_string();
        assert!(e.contains("scenarios[1].id"), "{e}");
    }
}
