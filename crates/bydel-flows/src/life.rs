//! Life chances (an Opportunity Atlas for Danish registers): children by the area they lived in
//! at a reference age, their later outcomes wherever they live then, and the gap against
//! children who grew up elsewhere in the municipality (or in Denmark) — raw, and adjusted for
//! family background by reweighting.
//!
//! - **Cohort:** a child's area in each layer is the one of most data years at the reference ages
//!   (ties: the later year). Children observed at no reference age are left out.
//! - **Background:** the parents are the adults of the child's family (`family_id`) in the first
//!   data year at a reference age, at least 15 years older than the child. Cells: parents'
//!   highest education (basic or unknown / upper secondary or vocational / higher), the highest
//!   parental income quintile in the region (none, 1–5), the child's origin (Danish / Western /
//!   non-Western) and one or two parents: 108 cells.
//! - **Adjusted gap:** the comparison children are reweighted to the area's background mix
//!   (cell by cell); area children in cells with no comparison child are left out and counted.
//! - **Intervals:** Poisson bootstrap over families (a family's children share a weight), 95 %
//!   percentile.
//!
//! The adjusted gap compares children of similar *observed* background; it is not a causal
//! neighbourhood effect (unobserved family differences remain). The sentences say so.

use std::collections::HashMap;

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Poisson};

use crate::panel::{NONE, Panel, Record, in_work_or_education, non_western};

/// A later outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Completed a youth education (upper secondary or vocational, or more) by 25: the highest
    /// education in the data year at age 25 is above basic.
    YouthEducationBy25,
    /// In work or education at 25.
    WorkOrEducationAt25,
    /// In work or education at 30.
    WorkOrEducationAt30,
    /// A guilty decision under the three laws of criterion B in the calendar years at ages
    /// 15–21 (the child must be in the data at 22).
    ConvictedBy21,
    /// The 9th-grade exam average (grade points).
    ExamAverage,
}

impl Outcome {
    /// Every outcome.
    pub const ALL: [Outcome; 5] = [
        Outcome::YouthEducationBy25,
        Outcome::WorkOrEducationAt25,
        Outcome::WorkOrEducationAt30,
        Outcome::ConvictedBy21,
        Outcome::ExamAverage,
    ];
    /// The name in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::YouthEducationBy25 => "youth_education_by_25",
            Outcome::WorkOrEducationAt25 => "work_or_education_at_25",
            Outcome::WorkOrEducationAt30 => "work_or_education_at_30",
            Outcome::ConvictedBy21 => "convicted_by_21",
            Outcome::ExamAverage => "exam_average_9th_grade",
        }
    }
    /// True for shares (0/1 outcomes); false for the exam average.
    pub fn is_share(self) -> bool {
        self != Outcome::ExamAverage
    }
    /// The Danish verb phrase for sentences: (phrase, "more often" word, "less often" word).
    fn da(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Outcome::YouthEducationBy25 => (
                "gennemfører en ungdomsuddannelse inden 25 år",
                "oftere",
                "sjældnere",
            ),
            Outcome::WorkOrEducationAt25 => (
                "er i arbejde eller uddannelse som 25-årige",
                "oftere",
                "sjældnere",
            ),
            Outcome::WorkOrEducationAt30 => (
                "er i arbejde eller uddannelse som 30-årige",
                "oftere",
                "sjældnere",
            ),
            Outcome::ConvictedBy21 => (
                "er dømt for kriminalitet inden 22 år",
                "oftere",
                "sjældnere",
            ),
            Outcome::ExamAverage => (
                "får ved 9.-klasseprøven et gennemsnit, der er",
                "højere",
                "lavere",
            ),
        }
    }
}

/// Settings of the life-chance analysis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LifeConfig {
    /// Reference ages (inclusive), age on 1 January.
    pub ref_ages: (u8, u8),
    /// Bootstrap replicates (0 = no intervals).
    pub replicates: usize,
    /// Seed of the bootstrap.
    pub seed: u64,
}

impl Default for LifeConfig {
    fn default() -> Self {
        LifeConfig {
            ref_ages: (10, 14),
            replicates: 200,
            seed: 15,
        }
    }
}

/// One child of the cohort.
#[derive(Debug, Clone)]
pub struct Child {
    /// Person index.
    pub person: u32,
    /// Birth year.
    pub birth_year: i32,
    /// The child's area in each layer (index into the panel's places), `NONE` if none.
    pub areas: Vec<u32>,
    /// The share of the observed reference-age years spent in that area, per layer.
    pub exposure: Vec<f64>,
    /// Municipality at the reference age (modal).
    pub municipality: u16,
    /// Background cell (0–107).
    pub cell: u16,
    /// Bootstrap cluster (family, or the child itself).
    pub cluster: u32,
    /// Outcomes in [`Outcome::ALL`] order, `None` when not observed.
    pub outcomes: [Option<f64>; 5],
}

/// Who the area's children are compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// Children who grew up elsewhere in the same municipality.
    RestOfMunicipality,
    /// Children who grew up anywhere else in the data (Denmark).
    RestOfCountry,
}

/// The gap of one outcome for one area.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    /// The area.
    pub area: u32,
    /// The outcome.
    pub outcome: Outcome,
    /// The comparison.
    pub comparison: Comparison,
    /// Area children with the outcome observed.
    pub n_area: usize,
    /// Comparison children with the outcome observed.
    pub n_comparison: usize,
    /// Area children left out of the adjusted gap (no comparison child with their background).
    pub n_off_support: usize,
    /// The area's mean.
    pub mean_area: f64,
    /// The comparison mean.
    pub mean_comparison: f64,
    /// Raw gap (area − comparison).
    pub raw: f64,
    /// Its 95 % interval.
    pub raw_interval: Option<(f64, f64)>,
    /// Gap adjusted for family background.
    pub adjusted: f64,
    /// Its 95 % interval.
    pub adjusted_interval: Option<(f64, f64)>,
    /// Mean exposure (share of reference-age years in the area) of the area's children.
    pub exposure: f64,
}

/// The children of the panel with their areas, background and outcomes.
pub fn children(panel: &Panel, cfg: &LifeConfig) -> Vec<Child> {
    let (lo, hi) = cfg.ref_ages;
    let n_layers = panel.places.layers.len();
    let mut out = Vec::new();
    let mut needed: HashMap<(u32, i32), ()> = HashMap::new();
    for p in 0..panel.person_ids.len() {
        let rs = panel.person(p);
        let at_ref: Vec<&Record> = rs
            .iter()
            .filter(|r| (lo..=hi).contains(&r.row.age))
            .collect();
        let Some(first) = at_ref.first() else {
            continue;
        };
        let mut areas = vec![NONE; n_layers];
        let mut exposure = vec![0.0; n_layers];
        for layer in 0..n_layers {
            let mut votes: HashMap<u32, (usize, i32)> = HashMap::new();
            for r in &at_ref {
                if let Some(s) = panel.places.slot_in_layer(r, layer) {
                    let v = votes.entry(s).or_default();
                    v.0 += 1;
                    v.1 = r.year;
                }
            }
            if let Some((s, (n, _))) = votes.into_iter().max_by_key(|&(s, (n, y))| (n, y, s)) {
                areas[layer] = s;
                exposure[layer] = n as f64 / at_ref.len() as f64;
            }
        }
        if first.family != NONE {
            needed.insert((first.family, first.year), ());
        }
        out.push(Child {
            person: p as u32,
            birth_year: Panel::birth_year(first),
            areas,
            exposure,
            municipality: modal_municipality(&at_ref),
            cell: 0,
            cluster: if first.family != NONE {
                first.family
            } else {
                u32::MAX - p as u32
            },
            outcomes: outcomes(panel, p, rs),
        });
    }
    let families = family_members(panel, &needed);
    for c in &mut out {
        let rs = panel.person(c.person as usize);
        let first = rs
            .iter()
            .find(|r| (lo..=hi).contains(&r.row.age))
            .expect("a child has a reference-age record");
        let parents: Vec<&Record> = families
            .get(&(first.family, first.year))
            .map(|v| {
                v.iter()
                    .map(|&i| &panel.records[i])
                    .filter(|r| r.row.age >= 18 && r.row.age >= first.row.age + 15)
                    .collect()
            })
            .unwrap_or_default();
        c.cell = background_cell(first, &parents);
    }
    out
}

/// The gap of `outcome` for the children of `area` against a comparison.
pub fn gap(
    panel: &Panel,
    children: &[Child],
    area: u32,
    outcome: Outcome,
    comparison: Comparison,
    cfg: &LifeConfig,
) -> Option<Gap> {
    let k = Outcome::ALL.iter().position(|&o| o == outcome)?;
    gap_of(panel, children, area, outcome, comparison, cfg, &|c| {
        c.outcomes[k]
    })
}

/// [`gap`] of any per-child value (`None` = not observed); `outcome` only labels the result.
/// The estimators are linear in the value, so a test can run them on a planted exposure.
pub fn gap_of(
    panel: &Panel,
    children: &[Child],
    area: u32,
    outcome: Outcome,
    comparison: Comparison,
    cfg: &LifeConfig,
    value: &dyn Fn(&Child) -> Option<f64>,
) -> Option<Gap> {
    let place = &panel.places.areas[area as usize];
    let layer = place.layer;
    let (mut treated, mut control) = (Vec::new(), Vec::new());
    for c in children {
        let Some(y) = value(c) else { continue };
        if c.areas[layer] == area {
            treated.push((c, y));
        } else if comparison == Comparison::RestOfCountry
            || Some(c.municipality) == place.municipality
        {
            control.push((c, y));
        }
    }
    if treated.is_empty() || control.is_empty() {
        return None;
    }
    let ones = |v: &[(&Child, f64)]| vec![1.0; v.len()];
    let est = estimate(&treated, &control, &ones(&treated), &ones(&control));
    let exposure =
        treated.iter().map(|(c, _)| c.exposure[layer]).sum::<f64>() / treated.len() as f64;
    let (raw_interval, adjusted_interval) = if cfg.replicates > 0 {
        let (r, a) = bootstrap(&treated, &control, cfg, area);
        (Some(r), a)
    } else {
        (None, None)
    };
    Some(Gap {
        area,
        outcome,
        comparison,
        n_area: treated.len(),
        n_comparison: control.len(),
        n_off_support: est.off_support,
        mean_area: est.mean_t,
        mean_comparison: est.mean_c,
        raw: est.mean_t - est.mean_c,
        raw_interval,
        adjusted: est.adjusted,
        adjusted_interval,
        exposure,
    })
}

/// Gaps by birth cohort (no intervals), for the trend: `(birth year, gap)`.
pub fn cohort_trend(
    panel: &Panel,
    children: &[Child],
    area: u32,
    outcome: Outcome,
    comparison: Comparison,
) -> Vec<(i32, Gap)> {
    let mut years: Vec<i32> = children.iter().map(|c| c.birth_year).collect();
    years.sort_unstable();
    years.dedup();
    let cfg = LifeConfig {
        replicates: 0,
        ..LifeConfig::default()
    };
    years
        .into_iter()
        .filter_map(|y| {
            let cohort: Vec<Child> = children
                .iter()
                .filter(|c| c.birth_year == y)
                .cloned()
                .collect();
            gap(panel, &cohort, area, outcome, comparison, &cfg).map(|g| (y, g))
        })
        .collect()
}

/// The Danish sentence for an adjusted gap.
pub fn sentence_da(panel: &Panel, g: &Gap) -> String {
    let name = &panel.places.areas[g.area as usize].name;
    let (phrase, more, less) = g.outcome.da();
    let scale = if g.outcome.is_share() { 100.0 } else { 1.0 };
    let unit = if g.outcome.is_share() {
        "procentpoint"
    } else {
        "karakterpoint"
    };
    let word = if g.adjusted >= 0.0 { more } else { less };
    let where_ = match g.comparison {
        Comparison::RestOfMunicipality => "andre steder i kommunen",
        Comparison::RestOfCountry => "andre steder i landet",
    };
    let interval = g
        .adjusted_interval
        .map(|(a, b)| {
            format!(
                " [{}; {}]",
                crate::da(a * scale, 1),
                crate::da(b * scale, 1)
            )
        })
        .unwrap_or_default();
    let size = crate::da((g.adjusted * scale).abs(), 1);
    let body = if g.outcome == Outcome::ExamAverage {
        format!("{phrase} {size} {unit} {word} end hos sammenlignelige børn {where_}{interval}")
    } else {
        format!("{phrase} {size} {unit} {word} end sammenlignelige børn {where_}{interval}")
    };
    format!(
        "Børn, der voksede op i {name}, {body}. Sammenlignet med børn med samme familiebaggrund \
         (forældres uddannelse, indkomst og herkomst); forskellen er ikke nødvendigvis en \
         virkning af området."
    )
}

struct Estimate {
    mean_t: f64,
    mean_c: f64,
    adjusted: f64,
    off_support: usize,
}

fn estimate(t: &[(&Child, f64)], c: &[(&Child, f64)], wt: &[f64], wc: &[f64]) -> Estimate {
    let mean = |v: &[(&Child, f64)], w: &[f64]| {
        let s: f64 = w.iter().sum();
        if s == 0.0 {
            0.0
        } else {
            v.iter().zip(w).map(|((_, y), w)| y * w).sum::<f64>() / s
        }
    };
    // the comparison's weight and weighted outcome per background cell (`None`: no child)
    let size = c
        .iter()
        .map(|(ch, _)| usize::from(ch.cell) + 1)
        .max()
        .unwrap_or(0);
    let mut cells_c: Vec<Option<(f64, f64)>> = vec![None; size];
    for ((ch, y), w) in c.iter().zip(wc) {
        let e = cells_c[usize::from(ch.cell)].get_or_insert((0.0, 0.0));
        e.0 += w;
        e.1 += w * y;
    }
    let (mut wsum, mut yt, mut yc, mut off) = (0.0, 0.0, 0.0, 0);
    for ((ch, y), w) in t.iter().zip(wt) {
        match cells_c.get(usize::from(ch.cell)).copied().flatten() {
            Some((n, s)) if n > 0.0 => {
                wsum += w;
                yt += w * y;
                yc += w * s / n;
            }
            _ => off += 1,
        }
    }
    Estimate {
        mean_t: mean(t, wt),
        mean_c: mean(c, wc),
        adjusted: if wsum > 0.0 { (yt - yc) / wsum } else { 0.0 },
        off_support: off,
    }
}

type Intervals = ((f64, f64), Option<(f64, f64)>);

fn bootstrap(t: &[(&Child, f64)], c: &[(&Child, f64)], cfg: &LifeConfig, area: u32) -> Intervals {
    let mut rng = ChaCha8Rng::seed_from_u64(cfg.seed ^ (u64::from(area) << 20));
    let poisson = Poisson::new(1.0).expect("valid");
    let (mut raws, mut adjs) = (Vec::new(), Vec::new());
    // each family's index in the order first met (the area's children, then the comparison's),
    // so that one weight per family is drawn in that order in every replicate
    let mut index: HashMap<u32, usize> = HashMap::new();
    let mut dense = |v: &[(&Child, f64)]| -> Vec<usize> {
        v.iter()
            .map(|(ch, _)| {
                let next = index.len();
                *index.entry(ch.cluster).or_insert(next)
            })
            .collect()
    };
    let (it, ic) = (dense(t), dense(c));
    let mut weights = vec![0.0; index.len()];
    for _ in 0..cfg.replicates {
        for w in weights.iter_mut() {
            *w = poisson.sample(&mut rng);
        }
        let wt: Vec<f64> = it.iter().map(|&i| weights[i]).collect();
        let wc: Vec<f64> = ic.iter().map(|&i| weights[i]).collect();
        let e = estimate(t, c, &wt, &wc);
        raws.push(e.mean_t - e.mean_c);
        adjs.push(e.adjusted);
    }
    raws.sort_by(f64::total_cmp);
    adjs.sort_by(f64::total_cmp);
    (
        crate::percentile_interval(&raws),
        Some(crate::percentile_interval(&adjs)),
    )
}

fn modal_municipality(rs: &[&Record]) -> u16 {
    let mut votes: HashMap<u16, (usize, i32)> = HashMap::new();
    for r in rs {
        let v = votes.entry(r.municipality).or_default();
        v.0 += 1;
        v.1 = r.year;
    }
    votes
        .into_iter()
        .max_by_key(|&(m, (n, y))| (n, y, m))
        .map_or(0, |(m, _)| m)
}

fn outcomes(panel: &Panel, p: usize, rs: &[Record]) -> [Option<f64>; 5] {
    let at = |age: u8| rs.iter().find(|r| r.row.age == age);
    let flag = |b: bool| if b { 1.0 } else { 0.0 };
    let youth = at(25).map(|r| flag(!matches!(r.row.education, 0 | 6 | 7)));
    let work25 = at(25).map(|r| flag(in_work_or_education(&r.row)));
    let work30 = at(30).map(|r| flag(in_work_or_education(&r.row)));
    let convicted = at(22).map(|r| {
        let by = Panel::birth_year(r);
        flag(
            panel
                .convictions
                .get(&(p as u32))
                .is_some_and(|ys| ys.iter().any(|&y| (by + 15..=by + 21).contains(&y))),
        )
    });
    let exam = panel.exams.get(&(p as u32)).copied();
    [youth, work25, work30, convicted, exam]
}

/// Records of the wanted (family, year) pairs.
fn family_members(
    panel: &Panel,
    needed: &HashMap<(u32, i32), ()>,
) -> HashMap<(u32, i32), Vec<usize>> {
    let mut out: HashMap<(u32, i32), Vec<usize>> = HashMap::new();
    for (i, r) in panel.records.iter().enumerate() {
        if r.family != NONE && needed.contains_key(&(r.family, r.year)) {
            out.entry((r.family, r.year)).or_default().push(i);
        }
    }
    out
}

/// The background cell of a child (its record at the first reference age) and its parents.
fn background_cell(child: &Record, parents: &[&Record]) -> u16 {
    let edu = parents
        .iter()
        .map(|r| match r.row.education {
            3..=5 => 2u16,
            1 | 2 => 1,
            _ => 0,
        })
        .max()
        .unwrap_or(0);
    let income = parents
        .iter()
        .map(|r| u16::from(r.quintile))
        .max()
        .unwrap_or(0);
    let origin = match (child.row.origin, non_western(&child.row)) {
        (0, _) => 0u16,
        (_, false) => 1,
        (_, true) => 2,
    };
    let two = u16::from(parents.len() >= 2);
    ((edu * 6 + income) * 3 + origin) * 2 + two
}
