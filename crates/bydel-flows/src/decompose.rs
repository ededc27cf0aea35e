//! Decomposition of the change in a share (or any ratio of two measures) between two years into
//! in-situ change among stayers, selective out-migration, selective in-migration and
//! demographic turnover — exactly.
//!
//! For one area and one step *t−1* → *t*, the persons in the indicator's population at either
//! end fall into five groups:
//!
//! | group | who | at |
//! |---|---|---|
//! | S | in the area and in the population at *t−1* and at *t* | both |
//! | O | in the area and population at *t−1*; at *t* elsewhere, abroad or out of the data (not dead) | *t−1* |
//! | I | in the area and population at *t*; at *t−1* elsewhere, abroad or out of the data (not born) | *t* |
//! | D− | at *t−1* in the area and population; at *t* dead, or still in the area but out of the population (aged out of the band) | *t−1* |
//! | D+ | at *t* in the area and population; at *t−1* unborn, or in the area but outside the population (aged into the band) | *t* |
//!
//! With x the numerator and n the denominator contribution of each person, the share is
//! p(s) = x(s)/n(s) for four switches s = (in situ: S at *t−1* → S at *t*; out: O present →
//! removed; in: I absent → added; turnover: D− → D+). All off gives p(t−1), all on gives p(t).
//! Each part is the factor's **Shapley value**: the average over the 24 orders of switching of
//! the change the switch makes. The four parts add up to p(t) − p(t−1) exactly (computed in big
//! integer fractions, see [`crate::exact`]); over several years the yearly parts are chained
//! (added), so they add up to p(t₁) − p(t₀). A state with an empty population has share 0 by
//! convention; the identity is unaffected.
//!
//! Intervals: the registers are the whole population, but a share of a few thousand residents
//! still varies from year to year as if sampled. The intervals are a Poisson bootstrap over
//! persons (each person's weight is the same in every year of the chain), 95 % percentile.

use std::collections::HashMap;

use bydel_analysis::catalogue::Catalogue;
use bydel_analysis::indicator::{IndicatorKind, Source};
use bydel_engine::kernel::Compiled;
use bydel_model::measure::{self as m, MeasureSpec, builtin_measures};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Poisson};

use crate::FlowsError;
use crate::exact::Fraction;
use crate::panel::Panel;

/// An indicator as a ratio of two measures.
#[derive(Debug, Clone)]
pub struct Indicator {
    /// Short code (`A` … `E` for the criteria).
    pub code: String,
    /// Danish name, for sentences.
    pub name_da: String,
    /// Numerator measure.
    pub numerator: MeasureSpec,
    /// Denominator measure (the population).
    pub denominator: MeasureSpec,
    /// Scale of the numerator per person (1 for counts, 1,000,000 for micro-FTE).
    pub unit: i64,
    /// A share of persons (`true`) or a mean of an amount (`false`: D, in DKK).
    pub share: bool,
}

impl Indicator {
    /// The indicator `numerator / denominator` of the measures named, looked up among the
    /// built-in measures and `extra` (a catalogue indicator's own definitions); `None` when a
    /// measure is unknown or reads what the panel does not carry (the move date).
    pub fn from_measures(
        code: &str,
        name_da: &str,
        (numerator, denominator): (&str, &str),
        extra: &[MeasureSpec],
        unit: i64,
        share: bool,
    ) -> Option<Indicator> {
        let all = builtin_measures();
        let get = |n: &str| {
            all.iter()
                .chain(extra)
                .find(|s| s.name == n)
                .filter(|s| s.population.moved_last_year.is_none())
                .cloned()
        };
        Some(Indicator {
            code: code.into(),
            name_da: name_da.into(),
            numerator: get(numerator)?,
            denominator: get(denominator)?,
            unit,
            share,
        })
    }
}

/// Every catalogue indicator the panel can decompose: the register indicators (person-level
/// shares, and D, a mean income of persons) whose measures read only what the panel carries,
/// the criteria A–E first. Each is coded by its catalogue id. Institution and survey
/// indicators are left out (their persons are pupils, children in day care or respondents,
/// not residents followed from year to year), and so is `moved_last_year` (a move is the flow
/// itself).
pub fn catalogue_indicators(cat: &Catalogue) -> Vec<Indicator> {
    let mut out: Vec<(Option<String>, Indicator)> = cat
        .indicators()
        .filter(|i| i.source == Source::Register)
        .filter_map(|i| {
            let ind = Indicator::from_measures(
                &i.id,
                &lower_first(&i.name_da),
                (&i.numerator, &i.denominator),
                &i.measures,
                i.scale.max(1),
                i.kind == IndicatorKind::Share,
            )?;
            Some((i.criterion.clone(), ind))
        })
        .collect();
    out.sort_by(|a, b| match (&a.0, &b.0) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.1.code.cmp(&b.1.code),
    });
    out.into_iter().map(|(_, i)| i).collect()
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map_or_else(String::new, |f| f.to_lowercase().chain(c).collect())
}

/// The parts of the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    /// Stayers whose status changed.
    InSitu,
    /// Out-movers differing from those who stayed.
    OutMigration,
    /// In-movers differing from the population.
    InMigration,
    /// Births, deaths, ageing into and out of the population.
    Turnover,
}

impl Part {
    /// The four parts, in output order (the switch order of the Shapley states).
    pub const ALL: [Part; 4] = [
        Part::InSitu,
        Part::OutMigration,
        Part::InMigration,
        Part::Turnover,
    ];
    /// The name in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::InSitu => "in_situ",
            Part::OutMigration => "out_migration",
            Part::InMigration => "in_migration",
            Part::Turnover => "turnover",
        }
    }
    /// The Danish name.
    pub fn da(self) -> &'static str {
        match self {
            Part::InSitu => "ændring blandt dem, der blev boende",
            Part::OutMigration => "selektiv fraflytning",
            Part::InMigration => "selektiv tilflytning",
            Part::Turnover => "demografisk udskiftning (fødsler, dødsfald, aldring)",
        }
    }
}

/// The decomposition of one indicator in one area between two years.
#[derive(Debug, Clone)]
pub struct Decomposition {
    /// The area (index into the panel's places).
    pub area: u32,
    /// The indicator code.
    pub indicator: String,
    /// First year.
    pub from: i32,
    /// Last year.
    pub to: i32,
    /// The share in the first year (in the indicator's unit: a share of persons or FTE).
    pub share_from: f64,
    /// The share in the last year.
    pub share_to: f64,
    /// The exact total change.
    pub total_exact: Fraction,
    /// The exact parts, in [`Part::ALL`] order.
    pub parts_exact: [Fraction; 4],
    /// The parts as numbers.
    pub parts: [f64; 4],
    /// 95 % bootstrap intervals of the parts (`None` without replicates).
    pub intervals: Option<[(f64, f64); 4]>,
}

impl Decomposition {
    /// The total change as a number.
    pub fn total(&self) -> f64 {
        self.total_exact.to_f64()
    }
    /// The sum of the exact parts (equal to [`Self::total_exact`]).
    pub fn sum_of_parts(&self) -> Fraction {
        self.parts_exact
            .iter()
            .fold(Fraction::zero(), |acc, p| acc.add(p))
    }
}

/// The five criteria as indicators (A: FTE outside work and education 18–64; B: convicted 18+;
/// C: basic education 30–59; D: mean gross income 15–64 (DKK); E: non-Western origin).
pub fn criteria() -> Vec<Indicator> {
    let all = builtin_measures();
    let get = |n: &str| all.iter().find(|s| s.name == n).cloned().expect("builtin");
    let ind = |code: &str, name: &str, num: &str, den: &str, unit: i64| Indicator {
        code: code.into(),
        name_da: name.into(),
        numerator: get(num),
        denominator: get(den),
        unit,
        share: code != "D",
    };
    vec![
        ind(
            "A",
            "andelen af 18-64-årige uden for arbejde og uddannelse",
            m::OUTSIDE_FTE_18_64,
            m::AGE_18_64,
            m::MICRO,
        ),
        ind(
            "B",
            "andelen af voksne dømt for kriminalitet",
            m::CONVICTED_18_PLUS,
            m::AGE_18_PLUS,
            1,
        ),
        ind(
            "C",
            "andelen af 30-59-årige med kun grundskole",
            m::BASIC_EDU_30_59,
            m::AGE_30_59,
            1,
        ),
        ind(
            "D",
            "gennemsnitsindkomsten for 15-64-årige",
            m::INCOME_SUM_15_64,
            m::INCOME_N_15_64,
            1,
        ),
        ind(
            "E",
            "andelen af indvandrere og efterkommere fra ikke-vestlige lande",
            m::NON_WESTERN,
            m::RESIDENTS,
            1,
        ),
    ]
}

/// One person's contribution to one step: group and (x, n) at *t−1* and *t*.
#[derive(Debug, Clone, Copy)]
struct Contribution {
    person: u32,
    step: usize,
    group: usize,
    x0: i64,
    n0: i64,
    x1: i64,
    n1: i64,
}

const S: usize = 0;
const O: usize = 1;
const I: usize = 2;
const D: usize = 3;

/// Decomposes the change of `indicator` in `area` from `from` to `to`, with `replicates`
/// bootstrap replicates for the intervals (0 = none). `None` when a year in between is missing
/// or the population is empty in a year.
pub fn decompose(
    panel: &Panel,
    area: u32,
    indicator: &Indicator,
    from: i32,
    to: i32,
    replicates: usize,
) -> Result<Option<Decomposition>, FlowsError> {
    let num = Compiled::new(&indicator.numerator)?;
    let den = Compiled::new(&indicator.denominator)?;
    let years: Vec<i32> = (from..=to).collect();
    if from >= to || years.iter().any(|y| panel.years.binary_search(y).is_err()) {
        return Ok(None);
    }
    let contributions = contributions(panel, area, &num, &den, &years);
    let steps = years.len() - 1;
    let mut totals = vec![[[0i128; 4]; 4]; steps];
    for c in &contributions {
        let t = &mut totals[c.step][c.group];
        t[0] += i128::from(c.x0);
        t[1] += i128::from(c.n0);
        t[2] += i128::from(c.x1);
        t[3] += i128::from(c.n1);
    }
    let mut parts = [
        Fraction::zero(),
        Fraction::zero(),
        Fraction::zero(),
        Fraction::zero(),
    ];
    let mut total = Fraction::zero();
    let unit = i128::from(indicator.unit);
    for g in &totals {
        if g[S][1] + g[O][1] + g[D][1] == 0 || g[S][3] + g[I][3] + g[D][3] == 0 {
            return Ok(None);
        }
        let (step_parts, step_total) = shapley_exact(g, unit);
        for (p, s) in parts.iter_mut().zip(step_parts) {
            *p = p.add(&s);
        }
        total = total.add(&step_total);
    }
    let first = &totals[0];
    let last = &totals[steps - 1];
    let share_from = ratio(
        first[S][0] + first[O][0] + first[D][0],
        first[S][1] + first[O][1] + first[D][1],
        unit,
    );
    let share_to = ratio(
        last[S][2] + last[I][2] + last[D][2],
        last[S][3] + last[I][3] + last[D][3],
        unit,
    );
    let intervals =
        (replicates > 0).then(|| bootstrap(&contributions, steps, unit, replicates, area));
    Ok(Some(Decomposition {
        area,
        indicator: indicator.code.clone(),
        from,
        to,
        share_from,
        share_to,
        parts: [0, 1, 2, 3].map(|i| parts[i].to_f64()),
        parts_exact: parts,
        total_exact: total,
        intervals,
    }))
}

fn ratio(x: i128, n: i128, unit: i128) -> f64 {
    if n == 0 {
        0.0
    } else {
        x as f64 / (n as f64 * unit as f64)
    }
}

/// Every person's contribution to every step.
fn contributions(
    panel: &Panel,
    area: u32,
    num: &Compiled,
    den: &Compiled,
    years: &[i32],
) -> Vec<Contribution> {
    let layer = panel.places.areas[area as usize].layer;
    let in_area = |r: &crate::panel::Record| panel.places.slot_in_layer(r, layer) == Some(area);
    let mut out = Vec::new();
    for p in 0..panel.person_ids.len() {
        let rs = panel.person(p);
        if !rs.iter().any(&in_area) {
            continue;
        }
        for (step, w) in years.windows(2).enumerate() {
            let prev = panel.at(p, w[0]).filter(|r| in_area(r));
            let cur = panel.at(p, w[1]).filter(|r| in_area(r));
            let a = prev.map(|r| (num.eval(&r.row), den.eval(&r.row)));
            let b = cur.map(|r| (num.eval(&r.row), den.eval(&r.row)));
            let a = a.filter(|&(_, n)| n != 0);
            let b = b.filter(|&(_, n)| n != 0);
            let c = |group, (x0, n0), (x1, n1)| Contribution {
                person: p as u32,
                step,
                group,
                x0,
                n0,
                x1,
                n1,
            };
            let died = panel.deaths.get(&(p as u32)) == Some(&w[0]);
            let born_or_aged_in = prev.is_some() || cur.is_some_and(|r| r.row.age == 0);
            match (a, b) {
                (Some(a), Some(b)) => out.push(c(S, a, b)),
                (Some(a), None) => {
                    // Still in the area but out of the population, or dead: turnover.
                    let group = if cur.is_some() || died { D } else { O };
                    out.push(c(group, a, (0, 0)));
                }
                (None, Some(b)) => {
                    let group = if born_or_aged_in { D } else { I };
                    out.push(c(group, (0, 0), b));
                }
                (None, None) => {}
            }
        }
    }
    out
}

/// The four Shapley parts of one step and its total change, exactly. `g[group] = [x0, n0, x1, n1]`.
fn shapley_exact(g: &[[i128; 4]; 4], unit: i128) -> ([Fraction; 4], Fraction) {
    let share = |s: usize| {
        let (x, n) = state(g, s);
        Fraction::ratio(x, n * unit)
    };
    let values: Vec<Fraction> = (0..16).map(share).collect();
    let mut parts = [
        Fraction::zero(),
        Fraction::zero(),
        Fraction::zero(),
        Fraction::zero(),
    ];
    for (k, part) in parts.iter_mut().enumerate() {
        for s in (0..16usize).filter(|s| s & (1 << k) == 0) {
            let (a, b) = weight(s.count_ones());
            let diff = values[s | 1 << k].sub(&values[s]);
            *part = part.add(&diff.scale(a, b));
        }
    }
    (parts, values[15].sub(&values[0]))
}

/// The same in floating point (for the bootstrap replicates).
fn shapley_f64(g: &[[f64; 4]; 4]) -> [f64; 4] {
    let share = |s: usize| {
        let (x, n) = state(g, s);
        if n == 0.0 { 0.0 } else { x / n }
    };
    let values: Vec<f64> = (0..16).map(share).collect();
    let mut parts = [0.0; 4];
    for (k, part) in parts.iter_mut().enumerate() {
        for s in (0..16usize).filter(|s| s & (1 << k) == 0) {
            let (a, b) = weight(s.count_ones());
            *part += (values[s | 1 << k] - values[s]) * a as f64 / b as f64;
        }
    }
    parts
}

/// The Shapley weight |S|!(3−|S|)!/4! of a coalition of `m` other switches.
fn weight(m: u32) -> (i64, i64) {
    match m {
        0 | 3 => (1, 4),
        _ => (1, 12),
    }
}

/// Numerator and denominator of state `s` (bit 0 in situ, 1 out removed, 2 in added, 3 turnover).
fn state<T>(g: &[[T; 4]; 4], s: usize) -> (T, T)
where
    T: Copy + std::ops::Add<Output = T> + Default,
{
    let z = T::default();
    let on = |bit: usize| s & (1 << bit) != 0;
    let (xs, ns) = if on(0) {
        (g[S][2], g[S][3])
    } else {
        (g[S][0], g[S][1])
    };
    let (xo, no) = if on(1) { (z, z) } else { (g[O][0], g[O][1]) };
    let (xi, ni) = if on(2) { (g[I][2], g[I][3]) } else { (z, z) };
    let (xd, nd) = if on(3) {
        (g[D][2], g[D][3])
    } else {
        (g[D][0], g[D][1])
    };
    (xs + xo + xi + xd, ns + no + ni + nd)
}

fn bootstrap(
    contributions: &[Contribution],
    steps: usize,
    unit: i128,
    replicates: usize,
    seed: u32,
) -> [(f64, f64); 4] {
    let mut rng = ChaCha8Rng::seed_from_u64(0xdec0_0000 ^ u64::from(seed));
    let poisson = Poisson::new(1.0).expect("valid");
    let mut draws: Vec<[f64; 4]> = Vec::with_capacity(replicates);
    let mut weights: HashMap<u32, f64> = HashMap::new();
    for _ in 0..replicates {
        weights.clear();
        let mut g = vec![[[0.0f64; 4]; 4]; steps];
        for c in contributions {
            let w = *weights
                .entry(c.person)
                .or_insert_with(|| poisson.sample(&mut rng));
            let t = &mut g[c.step][c.group];
            t[0] += w * c.x0 as f64;
            t[1] += w * (c.n0 as f64) * unit as f64;
            t[2] += w * c.x1 as f64;
            t[3] += w * (c.n1 as f64) * unit as f64;
        }
        let mut sum = [0.0; 4];
        for step in &g {
            for (s, v) in sum.iter_mut().zip(shapley_f64(step)) {
                *s += v;
            }
        }
        draws.push(sum);
    }
    [0, 1, 2, 3].map(|k| {
        let mut v: Vec<f64> = draws.iter().map(|d| d[k]).collect();
        v.sort_by(f64::total_cmp);
        crate::percentile_interval(&v)
    })
}
