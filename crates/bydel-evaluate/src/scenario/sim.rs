//! The yearly microsimulation, its ledger and its summaries over Monte Carlo runs.

use bydel_model::Year;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Binomial, Distribution, Poisson};
use serde::{Deserialize, Serialize};

use super::params::{AreaStart, ChannelProfiles, Defaults, Profile};
use crate::EvaluateError;
use crate::stats::quantile_sorted;

/// How vacancies in almene family dwellings are let: the channel shares (the waiting list takes
/// the rest). Every share defaults to 0 when read from a config.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Letting {
    /// Fleksibel udlejning with the criterion "in work or education".
    pub criteria_share: f64,
    /// Kombineret udlejning (§ 51 b).
    pub combined_share: f64,
    /// Municipal allocation (kommunal anvisning).
    pub municipal_share: f64,
    /// Whether § 59 restricts municipal allocation to the area (no persons on the listed benefits).
    pub section_59: bool,
}

impl Letting {
    /// The waiting list's share: what the other channels leave.
    pub fn waiting_share(&self) -> f64 {
        1.0 - self.criteria_share - self.combined_share - self.municipal_share
    }
}

/// A physical change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Demolish family dwellings; the households are rehoused.
    Demolish,
    /// Convert family dwellings to youth or senior housing; the households are rehoused.
    Convert,
    /// Sell family dwellings as owner-occupied; the households are rehoused.
    Sell,
    /// Build new almene family dwellings (let through the channels).
    BuildFamily,
    /// Build new owner-occupied dwellings.
    BuildOwner,
}

/// A physical change of `dwellings` dwellings in projection year `year` (1 = the first year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// Projection year (1-based).
    pub year: u32,
    /// What happens.
    pub action: Action,
    /// How many dwellings.
    pub dwellings: u32,
}

/// A development plan under § 168 a: reduce almene family dwellings to `target` of all dwellings
/// by projection year `by_year`, by demolition, conversion and sale in the given proportions
/// (summing to 1), spread evenly over the years.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Plan168a {
    /// The target share (0.40 in the law).
    pub target: f64,
    /// The last projection year of the plan.
    pub by_year: u32,
    /// Share of the reduction by demolition.
    pub demolish: f64,
    /// Share by conversion.
    pub convert: f64,
    /// Share by sale.
    pub sell: f64,
}

/// One scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScenarioSpec {
    /// Projection years.
    pub years: u32,
    /// Monte Carlo runs.
    pub runs: usize,
    /// Seed (run `r` uses a stream derived from it).
    pub seed: u64,
    /// The letting rules.
    pub letting: Letting,
    /// Physical changes.
    pub changes: Vec<Change>,
    /// A § 168 a plan, if any.
    pub plan_168a: Option<Plan168a>,
    /// Share of displaced households rehoused in the area (into vacancies, before letting).
    pub rehouse_within: f64,
}

/// One year of one run: the accounting of dwellings and persons.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct YearLedger {
    /// Projection year (1-based).
    pub year: u32,
    /// Dwellings at the start of the year.
    pub dwellings_start: u32,
    /// Demolished.
    pub demolished: u32,
    /// Built.
    pub built: u32,
    /// Dwellings at the end (counted from the state).
    pub dwellings_end: u32,
    /// Vacant at the end (counted from the state).
    pub vacant_end: u32,
    /// Residents at the start.
    pub persons_start: u32,
    /// Persons in households that moved out.
    pub moved_out: u32,
    /// Persons displaced by physical change and not rehoused in the area.
    pub displaced_out: u32,
    /// Persons in households that moved in.
    pub moved_in: u32,
    /// Residents at the end (counted from the state).
    pub persons_end: u32,
}

/// A mean with a 95 % band over runs.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Band {
    /// Mean over runs.
    pub mean: f64,
    /// 2.5 % quantile.
    pub low: f64,
    /// 97.5 % quantile.
    pub high: f64,
}

/// One projection year over all runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearSummary {
    /// The data year.
    pub year: Year,
    /// Criterion A: share of adults 18–64 outside work and education.
    pub a: Band,
    /// Criterion C: share of adults with basic education only.
    pub c: Band,
    /// Criterion E: share of non-Western origin.
    pub e: Band,
    /// Residents.
    pub residents: Band,
    /// Almene family dwellings as a share of all dwellings.
    pub family_share: Band,
    /// Probability that A (two-year mean) exceeds 40 %.
    pub p_a_over_40: f64,
    /// Probability of the udsat list (2 of A–D, ≥ 1,000 residents; B and D held fixed).
    pub p_udsat: f64,
    /// Probability of the parallelsamfund list (udsat and E over 50 %).
    pub p_parallelsamfund: f64,
    /// Probability of the omdannelse list (parallelsamfund in each of the last five list years,
    /// counting the years before the start the data shows).
    #[serde(default)]
    pub p_omdannelse: f64,
    /// Probability of the forebyggelse list (E over 30 % and 2 of: A over 30 %, B at least 2 ×
    /// the national average, C over 60 %, D under 65 % of the region; ≥ 1,000 residents; B and D
    /// held fixed).
    #[serde(default)]
    pub p_forebyggelse: f64,
}

/// The result of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Year 0 (the start) to the last projection year.
    pub years: Vec<YearSummary>,
    /// The ledgers of every run, year by year.
    pub ledgers: Vec<Vec<YearLedger>>,
    /// Dwellings the § 168 a plan removes from the family stock (0 without a plan).
    pub plan_dwellings: u32,
}

/// Runs a scenario with the default channel profiles for the area.
pub fn run(start: &AreaStart, spec: &ScenarioSpec, d: &Defaults) -> Result<Summary, EvaluateError> {
    let profiles = ChannelProfiles::for_area(start, spec.letting.section_59, d);
    run_with(start, &profiles, spec)
}

/// Runs a scenario with given channel profiles.
pub fn run_with(
    start: &AreaStart,
    profiles: &ChannelProfiles,
    spec: &ScenarioSpec,
) -> Result<Summary, EvaluateError> {
    check(spec)?;
    let (changes, plan_dwellings) = expand_plan(start, spec);
    let mut metrics: Vec<Vec<[f64; METRICS]>> = vec![Vec::new(); spec.years as usize + 1];
    let mut ledgers = Vec::with_capacity(spec.runs);
    for r in 0..spec.runs {
        let mut rng =
            ChaCha8Rng::seed_from_u64(spec.seed ^ (r as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let mut area = Area::initial(start, &mut rng);
        let mut prev_a = area.shares()[0];
        let mut streak = start.parallel_streak;
        metrics[0].push(area.status(start, prev_a, &mut streak, true));
        let mut ledger = Vec::new();
        for y in 1..=spec.years {
            ledger.push(area.step(y, profiles, spec, &changes, &mut rng));
            let m = area.status(start, prev_a, &mut streak, false);
            prev_a = area.shares()[0];
            metrics[y as usize].push(m);
        }
        ledgers.push(ledger);
    }
    let years = metrics
        .iter()
        .enumerate()
        .map(|(y, runs)| summarise(start.year.offset(y as i32), runs))
        .collect();
    Ok(Summary {
        years,
        ledgers,
        plan_dwellings,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tenure {
    Family,
    Converted,
    Owner,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Household {
    persons: u32,
    adults: u32,
    outside: u32,
    basic: u32,
    non_western: bool,
}

#[derive(Debug, Clone)]
struct Dwelling {
    tenure: Tenure,
    household: Option<Household>,
}

#[derive(Debug, Clone)]
struct Area {
    dwellings: Vec<Dwelling>,
    persons_per_dwelling: f64,
    adult_share: f64,
    exit_low: f64,
    exit_high: f64,
}

impl Area {
    fn initial(s: &AreaStart, rng: &mut ChaCha8Rng) -> Self {
        let total = (s.family_dwellings + s.other_dwellings).max(1);
        let mut a = Area {
            dwellings: Vec::with_capacity(total as usize),
            persons_per_dwelling: (s.residents as f64 / total as f64).max(1.0),
            adult_share: s.adult_share,
            exit_low: s.move_out,
            exit_high: s.move_out,
        };
        for i in 0..total {
            let tenure = if i < s.family_dwellings {
                Tenure::Family
            } else {
                Tenure::Owner
            };
            let hh = a.draw(&s.residents_profile, rng);
            a.dwellings.push(Dwelling {
                tenure,
                household: Some(hh),
            });
        }
        a.calibrate_exits(s.move_out);
        a
    }

    /// Exit rates: households where every adult works move `resourceful_exit_ratio` times as
    /// often; normalised so the mean over the initial households is the area's rate.
    fn calibrate_exits(&mut self, rate: f64) {
        let ratio = super::params::DEFAULTS.resourceful_exit_ratio;
        let hh: Vec<&Household> = self
            .dwellings
            .iter()
            .filter_map(|d| d.household.as_ref())
            .collect();
        let share = hh.iter().filter(|h| h.outside == 0).count() as f64 / hh.len().max(1) as f64;
        let base = rate / (1.0 + share * (ratio - 1.0));
        self.exit_low = base.min(1.0);
        self.exit_high = (base * ratio).min(1.0);
    }

    fn draw(&self, p: &Profile, rng: &mut ChaCha8Rng) -> Household {
        let extra = (self.persons_per_dwelling - 1.0).max(0.0);
        let persons = 1 + if extra > 0.0 {
            Poisson::new(extra).map_or(0, |d| d.sample(rng) as u32)
        } else {
            0
        };
        let mut adults = Binomial::new(u64::from(persons), self.adult_share.clamp(0.0, 1.0))
            .map_or(0, |d| d.sample(rng) as u32);
        if p.first_adult_working && adults == 0 {
            adults = 1;
        }
        let mut outside = 0;
        let mut basic = 0;
        for k in 0..adults {
            let working = p.first_adult_working && k == 0;
            if !working && rng.r#gen::<f64>() < p.outside {
                outside += 1;
            }
            if rng.r#gen::<f64>() < p.basic {
                basic += 1;
            }
        }
        let non_western = rng.r#gen::<f64>() < p.non_western;
        Household {
            persons,
            adults,
            outside,
            basic,
            non_western,
        }
    }

    fn converted(rng: &mut ChaCha8Rng) -> Household {
        let student = rng.r#gen::<bool>();
        Household {
            persons: 1,
            adults: u32::from(student),
            outside: 0,
            basic: 0,
            non_western: false,
        }
    }

    fn step(
        &mut self,
        y: u32,
        prof: &ChannelProfiles,
        spec: &ScenarioSpec,
        changes: &[Change],
        rng: &mut ChaCha8Rng,
    ) -> YearLedger {
        let mut l = YearLedger {
            year: y,
            dwellings_start: self.dwellings.len() as u32,
            persons_start: self.persons(),
            ..YearLedger::default()
        };
        let mut queue = Vec::new();
        for c in changes.iter().filter(|c| c.year == y) {
            self.apply(c, &mut queue, &mut l, rng);
        }
        for d in self.dwellings.iter_mut() {
            if let Some(h) = d.household {
                let rate = if h.outside == 0 {
                    self.exit_high
                } else {
                    self.exit_low
                };
                if rng.r#gen::<f64>() < rate {
                    l.moved_out += h.persons;
                    d.household = None;
                }
            }
        }
        let mut rehoused: Vec<Household> = queue
            .into_iter()
            .filter(|_| rng.r#gen::<f64>() < spec.rehouse_within)
            .collect();
        l.displaced_out -= rehoused.iter().map(|h| h.persons).sum::<u32>();
        for i in 0..self.dwellings.len() {
            if self.dwellings[i].household.is_some() {
                continue;
            }
            let hh = match self.dwellings[i].tenure {
                Tenure::Family => match rehoused.pop() {
                    Some(h) => h,
                    None => {
                        let h = self.draw(channel(prof, &spec.letting, rng), rng);
                        l.moved_in += h.persons;
                        h
                    }
                },
                Tenure::Owner => {
                    let h = self.draw(&prof.new_owner, rng);
                    l.moved_in += h.persons;
                    h
                }
                Tenure::Converted => {
                    let h = Area::converted(rng);
                    l.moved_in += h.persons;
                    h
                }
            };
            self.dwellings[i].household = Some(hh);
        }
        l.displaced_out += rehoused.iter().map(|h| h.persons).sum::<u32>();
        l.dwellings_end = self.dwellings.len() as u32;
        l.vacant_end = self
            .dwellings
            .iter()
            .filter(|d| d.household.is_none())
            .count() as u32;
        l.persons_end = self.persons();
        l
    }

    fn apply(
        &mut self,
        c: &Change,
        queue: &mut Vec<Household>,
        l: &mut YearLedger,
        rng: &mut ChaCha8Rng,
    ) {
        match c.action {
            Action::BuildFamily | Action::BuildOwner => {
                let tenure = if c.action == Action::BuildFamily {
                    Tenure::Family
                } else {
                    Tenure::Owner
                };
                for _ in 0..c.dwellings {
                    self.dwellings.push(Dwelling {
                        tenure,
                        household: None,
                    });
                }
                l.built += c.dwellings;
            }
            Action::Demolish | Action::Convert | Action::Sell => {
                let mut family: Vec<usize> = (0..self.dwellings.len())
                    .filter(|&i| self.dwellings[i].tenure == Tenure::Family)
                    .collect();
                let n = (c.dwellings as usize).min(family.len());
                for k in 0..n {
                    let j = rng.gen_range(k..family.len());
                    family.swap(k, j);
                }
                let mut chosen: Vec<usize> = family[..n].to_vec();
                chosen.sort_unstable_by(|a, b| b.cmp(a));
                for i in chosen {
                    if let Some(h) = self.dwellings[i].household.take() {
                        l.displaced_out += h.persons;
                        queue.push(h);
                    }
                    match c.action {
                        Action::Demolish => {
                            self.dwellings.swap_remove(i);
                            l.demolished += 1;
                        }
                        Action::Convert => self.dwellings[i].tenure = Tenure::Converted,
                        _ => self.dwellings[i].tenure = Tenure::Owner,
                    }
                }
            }
        }
    }

    fn persons(&self) -> u32 {
        self.dwellings
            .iter()
            .filter_map(|d| d.household)
            .map(|h| h.persons)
            .sum()
    }

    /// A, C, E shares.
    fn shares(&self) -> [f64; 3] {
        let hh: Vec<Household> = self.dwellings.iter().filter_map(|d| d.household).collect();
        let adults: u32 = hh.iter().map(|h| h.adults).sum();
        let persons: u32 = hh.iter().map(|h| h.persons).sum();
        let ratio = |n: u32, d: u32| {
            if d == 0 {
                0.0
            } else {
                f64::from(n) / f64::from(d)
            }
        };
        [
            ratio(hh.iter().map(|h| h.outside).sum(), adults),
            ratio(hh.iter().map(|h| h.basic).sum(), adults),
            ratio(
                hh.iter().filter(|h| h.non_western).map(|h| h.persons).sum(),
                persons,
            ),
        ]
    }

    /// [A, C, E, residents, family share, A two-year > 40 %, udsat, parallelsamfund, omdannelse,
    /// forebyggelse]. `streak` is the run's count of consecutive parallelsamfund years, carried
    /// from year to year (at the start it is the observed one and is not advanced).
    fn status(&self, s: &AreaStart, prev_a: f64, streak: &mut u32, start: bool) -> [f64; METRICS] {
        let [a, c, e] = self.shares();
        let residents = self.persons();
        let family = self
            .dwellings
            .iter()
            .filter(|d| d.tenure == Tenure::Family)
            .count();
        let a2 = (a + prev_a) / 2.0;
        let met = [a2 > 0.40, s.b_met, c > 0.60, s.d_met]
            .iter()
            .filter(|m| **m)
            .count();
        let udsat = residents >= 1000 && met >= 2;
        let parallel = udsat && e > 0.5;
        if !start {
            *streak = if parallel { *streak + 1 } else { 0 };
        }
        let omdannelse = parallel && *streak >= 5;
        let met_prevention = [a2 > 0.30, s.b_met_prevention, c > 0.60, s.d_met_prevention]
            .iter()
            .filter(|m| **m)
            .count();
        let forebyggelse = residents >= 1000 && e > 0.30 && met_prevention >= 2;
        let flag = |b: bool| if b { 1.0 } else { 0.0 };
        [
            a,
            c,
            e,
            f64::from(residents),
            family as f64 / self.dwellings.len().max(1) as f64,
            flag(a2 > 0.40),
            flag(udsat),
            flag(parallel),
            flag(omdannelse),
            flag(forebyggelse),
        ]
    }
}

fn channel<'a>(p: &'a ChannelProfiles, l: &Letting, rng: &mut ChaCha8Rng) -> &'a Profile {
    let u: f64 = rng.r#gen();
    if u < l.criteria_share {
        &p.criteria
    } else if u < l.criteria_share + l.combined_share {
        &p.combined
    } else if u < l.criteria_share + l.combined_share + l.municipal_share {
        &p.municipal
    } else {
        &p.waiting_list
    }
}

fn check(spec: &ScenarioSpec) -> Result<(), EvaluateError> {
    let l = &spec.letting;
    let shares = [
        l.criteria_share,
        l.combined_share,
        l.municipal_share,
        spec.rehouse_within,
    ];
    if shares.iter().any(|s| !(0.0..=1.0).contains(s)) || l.waiting_share() < -1e-12 {
        return Err(EvaluateError::Settings(format!(
            "letting shares must lie in [0, 1] and sum to at most 1 (criteria {}, § 51 b {}, municipal {})",
            l.criteria_share, l.combined_share, l.municipal_share
        )));
    }
    if spec.runs == 0 || spec.years == 0 {
        return Err(EvaluateError::Settings(
            "a scenario needs at least one run and one year".into(),
        ));
    }
    if let Some(p) = spec.plan_168a {
        let sum = p.demolish + p.convert + p.sell;
        if (sum - 1.0).abs() > 1e-9 || p.by_year == 0 || !(0.0..1.0).contains(&p.target) {
            return Err(EvaluateError::Settings(
                "§ 168 a plan: demolish + convert + sell must sum to 1, by_year ≥ 1, target in [0, 1)".into(),
            ));
        }
    }
    Ok(())
}

/// The explicit changes plus the § 168 a plan spread over its years; returns the plan's total.
fn expand_plan(s: &AreaStart, spec: &ScenarioSpec) -> (Vec<Change>, u32) {
    let mut out = spec.changes.clone();
    let Some(p) = spec.plan_168a else {
        return (out, 0);
    };
    let f = f64::from(s.family_dwellings);
    let t = f64::from(s.family_dwellings + s.other_dwellings);
    let n = ((f - p.target * t) / (1.0 - p.target * p.demolish))
        .ceil()
        .max(0.0) as u32;
    let years = p.by_year.min(spec.years).max(1);
    for (action, part) in [
        (Action::Demolish, p.demolish),
        (Action::Convert, p.convert),
        (Action::Sell, p.sell),
    ] {
        let total = (f64::from(n) * part).round() as u32;
        for y in 1..=years {
            let k = total * y / years - total * (y - 1) / years;
            if k > 0 {
                out.push(Change {
                    year: y,
                    action,
                    dwellings: k,
                });
            }
        }
    }
    (out, n)
}

/// The per-run status values of a year ([`Area::status`]).
const METRICS: usize = 10;

fn summarise(year: Year, runs: &[[f64; METRICS]]) -> YearSummary {
    let band = |k: usize| {
        let mut v: Vec<f64> = runs.iter().map(|r| r[k]).collect();
        v.sort_by(f64::total_cmp);
        Band {
            mean: v.iter().sum::<f64>() / v.len().max(1) as f64,
            low: quantile_sorted(&v, 0.025),
            high: quantile_sorted(&v, 0.975),
        }
    };
    YearSummary {
        year,
        a: band(0),
        c: band(1),
        e: band(2),
        residents: band(3),
        family_share: band(4),
        p_a_over_40: band(5).mean,
        p_udsat: band(6).mean,
        p_parallelsamfund: band(7).mean,
        p_omdannelse: band(8).mean,
        p_forebyggelse: band(9).mean,
    }
}
