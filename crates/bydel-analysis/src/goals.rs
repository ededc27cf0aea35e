//! Impact goals (effektmål) and their progress.
//!
//! A goals file is TOML with one `[[goal]]` per goal, of three kinds, because that is how the
//! city council writes them:
//! - `level`: reach `target` (in the indicator's unit) by `target_year`;
//! - `gap_narrowing`: the gap to the rest of the municipality narrows year by year;
//! - `direction`: the indicator develops positively.
//!
//! Progress uses the Theil–Sen trend from `baseline_year` to the latest year.

use bydel_model::{AreaId, CountsTable, Kind, Rational, Year};
use serde::{Deserialize, Serialize};

use crate::catalogue::Catalogue;
use crate::compare::{ReferenceMode, compare_areas, municipality_of};
use crate::error::AnalysisError;
use crate::indicator::Indicator;
use crate::series::{points, series};
use crate::settings::Settings;
use crate::trend::{Point, Trend, fit};

/// The kind of goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalKind {
    /// Reach a level by a year.
    Level,
    /// The gap to the rest of the municipality narrows year by year.
    GapNarrowing,
    /// The indicator develops positively.
    Direction,
}

/// One goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    /// Identifier.
    pub id: String,
    /// Danish wording.
    pub name_da: String,
    /// English wording.
    pub name_en: String,
    /// The indicator.
    pub indicator: String,
    /// The area's layer.
    pub kind: String,
    /// The area.
    pub area_id: String,
    /// The kind of goal.
    #[serde(rename = "type")]
    pub goal_type: GoalKind,
    /// For `level`: the target as an exact decimal in the indicator's unit.
    #[serde(default)]
    pub target: Option<String>,
    /// The first year of the goal period.
    pub baseline_year: i32,
    /// The year the goal is judged.
    pub target_year: i32,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GoalsFile {
    goal: Vec<Goal>,
}

/// Progress status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Reached already (level goals).
    Achieved,
    /// On track.
    OnTrack,
    /// Behind.
    Behind,
    /// Not enough data.
    NoData,
}

impl Status {
    /// The name used in tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::OnTrack => "on_track",
            Status::Behind => "behind",
            Status::NoData => "no_data",
        }
    }
}

/// The progress of one goal.
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// The latest year with data.
    pub year: Option<i32>,
    /// The tracked quantity at the baseline (the value, or the gap for gap goals).
    pub baseline: Option<f64>,
    /// The tracked quantity now.
    pub current: Option<f64>,
    /// Projected at the target year from the trend.
    pub projected: Option<f64>,
    /// How far behind (positive) or ahead (negative) in the worse direction; for gap goals the
    /// change of the gap in the latest year; for direction goals the worse-direction slope.
    pub by_how_much: Option<f64>,
    /// Years in which the gap narrowed, out of years compared (gap goals).
    pub years_narrowed: Option<(usize, usize)>,
    /// The verdict.
    pub status: Status,
}

/// Parses a goals file and checks it against the catalogue.
pub fn parse_goals(file: &str, text: &str, cat: &Catalogue) -> Result<Vec<Goal>, AnalysisError> {
    let f: GoalsFile =
        toml::from_str(text).map_err(|e| AnalysisError::definition(file, e.to_string()))?;
    for g in &f.goal {
        let err = |m: String| AnalysisError::definition(file, format!("goal {}: {m}", g.id));
        cat.indicator(&g.indicator)
            .ok_or_else(|| err(format!("unknown indicator {:?}", g.indicator)))?;
        Kind::new(g.kind.clone()).map_err(|e| err(e.to_string()))?;
        AreaId::new(g.area_id.clone()).map_err(|e| err(e.to_string()))?;
        match (g.goal_type, &g.target) {
            (GoalKind::Level, None) => return Err(err("a level goal needs `target`".into())),
            (GoalKind::Level, Some(t)) => {
                Rational::parse_decimal(t).map_err(|e| err(e.to_string()))?;
            }
            _ => {}
        }
        if g.target_year <= g.baseline_year {
            return Err(err("target_year must come after baseline_year".into()));
        }
    }
    Ok(f.goal)
}

/// The progress of a goal up to `last`.
pub fn progress(t: &CountsTable, cat: &Catalogue, g: &Goal, last: Year, s: &Settings) -> Progress {
    let none = Progress {
        year: None,
        baseline: None,
        current: None,
        projected: None,
        by_how_much: None,
        years_narrowed: None,
        status: Status::NoData,
    };
    let (Some(ind), Ok(kind), Ok(id)) = (
        cat.indicator(&g.indicator),
        Kind::new(g.kind.clone()),
        AreaId::new(g.area_id.clone()),
    ) else {
        return none;
    };
    let window = (last.get() - g.baseline_year + 1).max(1) as u32;
    let pts = match g.goal_type {
        GoalKind::GapNarrowing => gap_points(t, ind, &kind, &id, last, window, s),
        _ => points(&series(t, ind, &kind, &id, last, window, s.level)),
    };
    let Some(trend) = fit(&pts, ind.direction, s.trend_alpha, 0, 0) else {
        return none;
    };
    let (first, now) = (pts[0], pts[pts.len() - 1]);
    let projected = trend.level_at(g.target_year);
    let w = ind.direction.worse_sign();
    let mut p = Progress {
        year: Some(now.year),
        baseline: Some(first.value),
        current: Some(now.value),
        projected: Some(projected),
        ..none
    };
    match g.goal_type {
        GoalKind::Level => level(&mut p, g, w, now.value, projected),
        GoalKind::GapNarrowing => gap(&mut p, &pts, &trend),
        GoalKind::Direction => {
            p.by_how_much = Some(trend.slope * w);
            p.status = if trend.slope * w < 0.0 {
                Status::OnTrack
            } else {
                Status::Behind
            };
        }
    }
    p
}

fn level(p: &mut Progress, g: &Goal, w: f64, now: f64, projected: f64) {
    let target = g
        .target
        .as_deref()
        .and_then(|t| Rational::parse_decimal(t).ok())
        .map_or(0.0, Rational::to_f64);
    p.by_how_much = Some((projected - target) * w);
    p.status = if (now - target) * w <= 0.0 {
        Status::Achieved
    } else if (projected - target) * w <= 0.0 {
        Status::OnTrack
    } else {
        Status::Behind
    };
}

fn gap(p: &mut Progress, pts: &[Point], trend: &Trend) {
    let steps = pts.windows(2).count();
    let narrowed = pts.windows(2).filter(|w| w[1].value < w[0].value).count();
    p.years_narrowed = Some((narrowed, steps));
    let last_change = pts.windows(2).last().map(|w| w[1].value - w[0].value);
    p.by_how_much = last_change;
    p.status = match last_change {
        Some(c) if c < 0.0 && trend.slope <= 0.0 => Status::OnTrack,
        Some(_) => Status::Behind,
        None => Status::NoData,
    };
}

/// The worse-direction gap (area − rest of municipality, signed so that positive is worse) per
/// year, with the standard error of the difference.
fn gap_points(
    t: &CountsTable,
    ind: &Indicator,
    kind: &Kind,
    id: &AreaId,
    last: Year,
    window: u32,
    s: &Settings,
) -> Vec<Point> {
    let Some(muni) = municipality_of(t, kind, id) else {
        return vec![];
    };
    let mk = Kind::new(Kind::MUNICIPALITY).expect("valid layer");
    (0..window as i32)
        .rev()
        .filter_map(|k| {
            let y = Year::new(last.get() - k).ok()?;
            let c = compare_areas(
                t,
                ind,
                (kind, id),
                (&mk, &muni),
                y,
                ReferenceMode::Rest,
                &s.markedly,
                s.level,
            )?;
            let d = c.difference.number()? * ind.direction.worse_sign();
            let se =
                (c.area.se.unwrap_or(0.0).powi(2) + c.reference.se.unwrap_or(0.0).powi(2)).sqrt();
            Some(Point {
                year: y.get(),
                value: d,
                se,
            })
        })
        .collect()
}
