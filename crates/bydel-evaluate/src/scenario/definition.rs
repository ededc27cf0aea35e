//! A scenario as a run config names it (`[[scenarios]]` in `bydel run`'s TOML, docs/run.md):
//! the area, the horizon, the letting rules against the baseline's and the physical changes —
//! the same choices `bydel scenario` takes as flags. [`ScenarioDef::check`] checks every key and
//! names the one at fault; [`ScenarioDef::specs`] gives the baseline and the scenario.

use serde::Deserialize;

use super::sim::{Change, Letting, Plan168a, ScenarioSpec};
use crate::EvaluateError;

/// The largest projection horizon in years.
pub const MAX_YEARS: u32 = 30;
/// The largest number of Monte Carlo runs.
pub const MAX_RUNS: usize = 10_000;
/// The § 168 a target: almene family dwellings at most 40 % of all dwellings.
pub const TARGET_168A: f64 = 0.40;

/// One configured scenario.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioDef {
    /// A short id (lower-case letters, digits, `-`, `_`): the `scenario` key of the table.
    pub id: String,
    /// What the scenario is, in words (shown in the report).
    pub description: String,
    /// The area's layer (`housing_area`, `district`, …).
    pub kind: String,
    /// The area's id in that layer.
    pub area_id: String,
    /// Projection years (the horizon).
    #[serde(default = "default_years")]
    pub years: u32,
    /// Monte Carlo runs (the baseline and the scenario use the same seed).
    #[serde(default = "default_runs")]
    pub runs: usize,
    /// Seed.
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Almene family dwellings in the area (default: residents / persons per dwelling).
    pub family_dwellings: Option<u32>,
    /// The scenario's letting: shares of vacancies let through each channel besides the waiting
    /// list (default: none, i.e. as today).
    #[serde(default)]
    pub letting: Letting,
    /// The baseline's letting (default: none — the in-movers as observed, which already are
    /// today's mix of channels).
    #[serde(default)]
    pub baseline: Letting,
    /// Physical changes: `{ year = 2, action = "demolish", dwellings = 80 }` (actions `demolish`,
    /// `convert`, `sell`, `build_family`, `build_owner`; `year` is the projection year, 1-based).
    #[serde(default)]
    pub changes: Vec<Change>,
    /// A § 168 a plan: almene family dwellings down to 40 % of all dwellings.
    pub plan_168a: Option<PlanDef>,
    /// Share of displaced households rehoused in the area.
    #[serde(default = "default_rehouse")]
    pub rehouse_within: f64,
}

/// A § 168 a plan as configured.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanDef {
    /// The last projection year of the plan.
    pub by_year: u32,
    /// The reduction's mix: demolish, convert, sell (summing to 1).
    #[serde(default = "default_mix")]
    pub mix: [f64; 3],
}

impl ScenarioDef {
    /// Checks every key; the error names the scenario and the key (`scenarios[0].letting: …`).
    pub fn check(&self, index: usize) -> Result<(), EvaluateError> {
        let bad = |key: &str, msg: String| {
            Err(EvaluateError::Settings(format!(
                "scenarios[{index}].{key}: {msg}"
            )))
        };
        let id_ok = !self.id.is_empty()
            && self
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !id_ok {
            return bad(
                "id",
                format!(
                    "{:?} is not a short id (lower-case letters, digits, - and _)",
                    self.id
                ),
            );
        }
        if self.description.trim().is_empty() {
            return bad("description", "is empty".into());
        }
        if !(1..=MAX_YEARS).contains(&self.years) {
            return bad(
                "years",
                format!("{} is outside 1..={MAX_YEARS}", self.years),
            );
        }
        if !(1..=MAX_RUNS).contains(&self.runs) {
            return bad("runs", format!("{} is outside 1..={MAX_RUNS}", self.runs));
        }
        for (key, l) in [("letting", &self.letting), ("baseline", &self.baseline)] {
            let shares = [l.criteria_share, l.combined_share, l.municipal_share];
            if shares.iter().any(|s| !(0.0..=1.0).contains(s)) || l.waiting_share() < -1e-12 {
                return bad(
                    key,
                    format!(
                        "the shares (criteria_share {}, combined_share {}, municipal_share {}) must lie in [0, 1] and sum to at most 1",
                        l.criteria_share, l.combined_share, l.municipal_share
                    ),
                );
            }
        }
        for (i, c) in self.changes.iter().enumerate() {
            if !(1..=self.years).contains(&c.year) {
                return bad(
                    &format!("changes[{i}].year"),
                    format!("{} is not a projection year 1..={}", c.year, self.years),
                );
            }
        }
        if let Some(p) = &self.plan_168a {
            if !(1..=self.years).contains(&p.by_year) {
                return bad(
                    "plan_168a.by_year",
                    format!("{} is not a projection year 1..={}", p.by_year, self.years),
                );
            }
            let sum: f64 = p.mix.iter().sum();
            if p.mix.iter().any(|s| *s < 0.0) || (sum - 1.0).abs() > 1e-9 {
                return bad(
                    "plan_168a.mix",
                    format!(
                        "{:?} must be three shares (demolish, convert, sell) summing to 1",
                        p.mix
                    ),
                );
            }
        }
        if !(0.0..=1.0).contains(&self.rehouse_within) {
            return bad(
                "rehouse_within",
                format!("{} is not a share in [0, 1]", self.rehouse_within),
            );
        }
        Ok(())
    }

    /// The baseline and the scenario: same area, horizon, runs and seed; the baseline has its
    /// own letting and no physical change.
    pub fn specs(&self) -> (ScenarioSpec, ScenarioSpec) {
        let baseline = ScenarioSpec {
            years: self.years,
            runs: self.runs,
            seed: self.seed,
            letting: self.baseline,
            changes: Vec::new(),
            plan_168a: None,
            rehouse_within: self.rehouse_within,
        };
        let scenario = ScenarioSpec {
            letting: self.letting,
            changes: self.changes.clone(),
            plan_168a: self.plan_168a.map(|p| Plan168a {
                target: TARGET_168A,
                by_year: p.by_year,
                demolish: p.mix[0],
                convert: p.mix[1],
                sell: p.mix[2],
            }),
            ..baseline.clone()
        };
        (baseline, scenario)
    }
}

fn default_years() -> u32 {
    5
}
fn default_runs() -> usize {
    500
}
fn default_seed() -> u64 {
    1
}
fn default_rehouse() -> f64 {
    0.3
}
fn default_mix() -> [f64; 3] {
    [0.5, 0.2, 0.3]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Action;

    fn parse(text: &str) -> ScenarioDef {
        toml::from_str(text).unwrap()
    }

    const BASE: &str = "id = \"x\"\ndescription = \"Fleksibel udlejning\"\nkind = \"housing_area\"\narea_id = \"a\"\n";

    #[test]
    fn defaults_and_specs() {
        let d = parse(&format!(
            "{BASE}letting = {{ criteria_share = 0.5 }}\nchanges = [{{ year = 2, action = \"demolish\", dwellings = 80 }}]\nplan_168a = {{ by_year = 4 }}\n"
        ));
        d.check(0).unwrap();
        let (b, s) = d.specs();
        assert_eq!((b.years, b.runs, b.seed), (5, 500, 1));
        assert_eq!(b.letting, Letting::default());
        assert!(b.changes.is_empty() && b.plan_168a.is_none());
        assert_eq!(s.letting.criteria_share, 0.5);
        assert_eq!(s.changes[0].action, Action::Demolish);
        let p = s.plan_168a.unwrap();
        assert_eq!((p.target, p.by_year, p.demolish), (0.4, 4, 0.5));
    }

    #[test]
    fn every_bad_key_is_named() {
        for (extra, key) in [
            ("years = 0\n", "scenarios[3].years"),
            (
                "letting = { criteria_share = 0.7, municipal_share = 0.4 }\n",
                "scenarios[3].letting",
            ),
            (
                "baseline = { combined_share = -0.1 }\n",
                "scenarios[3].baseline",
            ),
            (
                "changes = [{ year = 6, action = \"sell\", dwellings = 1 }]\n",
                "scenarios[3].changes[0].year",
            ),
            (
                "plan_168a = { by_year = 2, mix = [0.5, 0.5, 0.5] }\n",
                "scenarios[3].plan_168a.mix",
            ),
            ("rehouse_within = 2\n", "scenarios[3].rehouse_within"),
        ] {
            let err = parse(&format!("{BASE}{extra}"))
                .check(3)
                .unwrap_err()
                .to_string();
            assert!(err.starts_with(key), "{extra}: {err}");
        }
        let err = parse(&BASE.replace("\"x\"", "\"Ø x\""))
            .check(0)
            .unwrap_err();
        assert!(err.to_string().starts_with("scenarios[0].id"), "{err}");
        assert!(toml::from_str::<ScenarioDef>(&format!("{BASE}share = 1\n")).is_err());
    }
}
