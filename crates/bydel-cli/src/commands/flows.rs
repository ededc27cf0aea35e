//! `bydel flows DATASET --out DIR`: flows in and out of every area, the decomposition of the
//! change of every criterion and register indicator of persons in the catalogue (the same list
//! `bydel run` publishes, [`bydel_flows::catalogue_indicators`]), retention and attraction
//! against the rest of the municipality, and life chances by the area children grew up in (see
//! `docs/flows.md`).
//!
//! Writes into `DIR` (replaced only when the run succeeds):
//! - `counts.parquet`, `areas.csv`: the flow atoms (integer person counts) for every area of
//!   every layer and year, in the counts format, for the disclosure layer;
//! - `destinations.csv`: out-movers by destination (area, year, destination, persons);
//! - `retention.csv`, `decomposition.csv`, `life_chances.csv`: the derived results for the areas
//!   of `--municipality` (all layers);
//! - `summary.txt`: the Danish sentences.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bydel_analysis::Catalogue;
use bydel_flows::decompose::{Indicator, catalogue_indicators, decompose};
use bydel_flows::life::{self, Comparison, LifeConfig, Outcome};
use bydel_flows::retention::{main_destinations, retention, retention_sentence_da};
use bydel_flows::{Flows, Panel, Part, Split, compute, decomposition_sentence_da};

use crate::commands::aggregate::load_western;
use crate::error::CliError;
use crate::prepare::{Outcome as Prepared, prepare};

/// Arguments of `bydel flows`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The dataset folder.
    pub dataset: PathBuf,
    /// The output folder; replaced only when the run succeeds.
    #[arg(long)]
    pub out: PathBuf,
    /// The municipality (code, e.g. 159) whose areas get retention, decomposition and life
    /// chances.
    #[arg(long)]
    pub municipality: u16,
    /// First year of the decomposition (default: the dataset's first year).
    #[arg(long)]
    pub from: Option<i32>,
    /// Last year of the decomposition and of the pooled retention period (default: the
    /// dataset's last year).
    #[arg(long)]
    pub to: Option<i32>,
    /// Reference ages of the life-chance cohorts, `LOW-HIGH` (age on 1 January).
    #[arg(long, default_value = "10-14")]
    pub ref_ages: String,
    /// Bootstrap replicates for the intervals.
    #[arg(long, default_value_t = 200)]
    pub replicates: usize,
    /// Smallest number of persons shown as a separate destination.
    #[arg(long, default_value_t = 5)]
    pub min_destination: i64,
    /// A Western-countries table to use instead of the built-in one.
    #[arg(long)]
    pub western: Option<PathBuf>,
}

/// Runs the flow analyses.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    let ref_ages = parse_ages(&args.ref_ages)?;
    bydel_io::publish::Output::new(&args.out, bydel_io::publish::kind::COUNTS)
        .reading(&args.dataset)
        .check()
        .map_err(CliError::lib)?;
    let Prepared::Ready(p) = prepare(&args.dataset, &mut std::io::stderr().lock())? else {
        eprintln!("error: the dataset has problems (listed above); nothing was written");
        return Ok(ExitCode::from(1));
    };
    let western = load_western(args.western.as_deref())?;
    let t0 = std::time::Instant::now();
    let panel = Panel::read(&p.dataset, &p.areas, &western).map_err(CliError::lib)?;
    eprintln!(
        "read {} person-years of {} persons in {:.1} s",
        panel.records.len(),
        panel.person_ids.len(),
        t0.elapsed().as_secs_f64()
    );
    let period = period(args, &panel.years)?;
    let flows = compute(&panel);
    let areas: Vec<u32> = (0..panel.places.areas.len() as u32)
        .filter(|&a| panel.places.areas[a as usize].municipality == Some(args.municipality))
        .collect();
    let cfg = LifeConfig {
        ref_ages,
        replicates: args.replicates,
        seed: 15,
    };
    if areas.is_empty() {
        return Err(CliError::Usage(format!(
            "--municipality {}: no area of the dataset's areas.geojson is in this municipality",
            args.municipality
        )));
    }
    let report = Report::build(&panel, &flows, &areas, args, period, &cfg)?;
    bydel_io::publish::replace_dir(&args.out, bydel_io::publish::kind::COUNTS, |tmp| {
        bydel_io::counts::write_counts(tmp, &flows.counts)?;
        write(
            tmp,
            "destinations.csv",
            &destinations_csv(&panel, &flows, args, period),
        )?;
        write(tmp, "retention.csv", &report.retention)?;
        write(tmp, "decomposition.csv", &report.decomposition)?;
        write(tmp, "life_chances.csv", &report.life)?;
        write(tmp, "summary.txt", &report.summary)
    })
    .map_err(CliError::lib)?;
    print!("{}", report.summary);
    eprintln!(
        "flows for {} areas in {:.1} s → {}",
        flows.counts.areas().count(),
        t0.elapsed().as_secs_f64(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The derived tables and sentences.
struct Report {
    retention: String,
    decomposition: String,
    life: String,
    summary: String,
}

impl Report {
    fn build(
        panel: &Panel,
        flows: &Flows,
        areas: &[u32],
        args: &Args,
        period: Period,
        cfg: &LifeConfig,
    ) -> Result<Self, CliError> {
        let years: Vec<i32> = (period.from + 1..=period.to).collect();
        let mut r = Report {
            retention: "kind,area_id,split,retention,retention_lo,retention_hi,rest_retention,\
                        rest_retention_lo,rest_retention_hi,share_in,share_out,rest_share_in,\
                        rest_share_out,net,rest_net,turnover\n"
                .into(),
            decomposition:
                "kind,area_id,indicator,from,to,share_from,share_to,total,part,value,lo,hi\n".into(),
            life: "kind,area_id,outcome,comparison,n_area,n_comparison,n_off_support,mean_area,\
                   mean_comparison,raw,raw_lo,raw_hi,adjusted,adjusted_lo,adjusted_hi,exposure\n"
                .into(),
            summary: String::new(),
        };
        // one list with the publication: every criterion and register indicator of persons
        let catalogue = Catalogue::builtin().map_err(CliError::lib)?;
        let indicators = catalogue_indicators(&catalogue);
        let criterion_a = |ind: &Indicator| {
            catalogue
                .indicator(&ind.code)
                .and_then(|i| i.criterion.as_deref())
                == Some("A")
        };
        let children = life::children(panel, cfg);
        for &a in areas {
            r.add_retention(panel, flows, a, &years);
            for ind in &indicators {
                r.add_decomposition(panel, a, ind, args, period, criterion_a(ind))?;
            }
            r.add_life(panel, &children, a, cfg);
        }
        Ok(r)
    }

    fn add_retention(&mut self, panel: &Panel, flows: &Flows, a: u32, years: &[i32]) {
        let place = &panel.places.areas[a as usize];
        for split in [
            Split::WorkOrEducation,
            Split::EducationHigher,
            Split::IncomeQuintile(5),
        ] {
            let rt = retention(panel, flows, a, split, years);
            let ret = rt.area_sums.retention();
            let rest = rt.rest_sums.retention();
            let (lo, hi) = ret.interval.unwrap_or((f64::NAN, f64::NAN));
            let (rlo, rhi) = rest.interval.unwrap_or((f64::NAN, f64::NAN));
            let _ = writeln!(
                self.retention,
                "{},{},{},{:.4},{lo:.4},{hi:.4},{:.4},{rlo:.4},{rhi:.4},{:.4},{:.4},{:.4},{:.4},{},{},{:.4}",
                place.kind.as_str(),
                place.area_id.as_str(),
                split.as_str(),
                ret.value,
                rest.value,
                rt.share_in().value,
                rt.share_out().value,
                rt.rest_share_in().value,
                rt.rest_share_out().value,
                rt.area_sums.net(),
                rt.rest_sums.net(),
                rt.turnover(),
            );
            if split == Split::WorkOrEducation && place.kind.as_str() == "housing_area" {
                let (from, to) = (years.first().map_or(0, |y| y - 1), years.last().copied());
                let sentence = retention_sentence_da(panel, &rt, from, to.unwrap_or(from));
                let _ = writeln!(self.summary, "{sentence}\n");
            }
        }
    }

    fn add_decomposition(
        &mut self,
        panel: &Panel,
        a: u32,
        ind: &Indicator,
        args: &Args,
        period: Period,
        sentence: bool,
    ) -> Result<(), CliError> {
        let place = &panel.places.areas[a as usize];
        let replicates = if place.kind.as_str() == "housing_area" {
            args.replicates
        } else {
            0
        };
        let Some(d) =
            decompose(panel, a, ind, period.from, period.to, replicates).map_err(CliError::lib)?
        else {
            return Ok(());
        };
        for (i, part) in Part::ALL.iter().enumerate() {
            let (lo, hi) = d.intervals.map_or((f64::NAN, f64::NAN), |iv| iv[i]);
            let _ = writeln!(
                self.decomposition,
                "{},{},{},{},{},{:.6},{:.6},{:.6},{},{:.6},{lo:.6},{hi:.6}",
                place.kind.as_str(),
                place.area_id.as_str(),
                ind.code,
                d.from,
                d.to,
                d.share_from,
                d.share_to,
                d.total(),
                part.as_str(),
                d.parts[i],
            );
        }
        if sentence && replicates > 0 {
            let _ = writeln!(
                self.summary,
                "{}\n",
                decomposition_sentence_da(panel, &d, ind)
            );
        }
        Ok(())
    }

    fn add_life(&mut self, panel: &Panel, children: &[life::Child], a: u32, cfg: &LifeConfig) {
        let place = &panel.places.areas[a as usize];
        if place.kind.as_str() != "housing_area" {
            return;
        }
        for outcome in Outcome::ALL {
            for comparison in [Comparison::RestOfMunicipality, Comparison::RestOfCountry] {
                let Some(g) = life::gap(panel, children, a, outcome, comparison, cfg) else {
                    continue;
                };
                let (rl, rh) = g.raw_interval.unwrap_or((f64::NAN, f64::NAN));
                let (al, ah) = g.adjusted_interval.unwrap_or((f64::NAN, f64::NAN));
                let _ = writeln!(
                    self.life,
                    "{},{},{},{},{},{},{},{:.4},{:.4},{:.4},{rl:.4},{rh:.4},{:.4},{al:.4},{ah:.4},{:.3}",
                    place.kind.as_str(),
                    place.area_id.as_str(),
                    outcome.as_str(),
                    match comparison {
                        Comparison::RestOfMunicipality => "rest_of_municipality",
                        Comparison::RestOfCountry => "rest_of_country",
                    },
                    g.n_area,
                    g.n_comparison,
                    g.n_off_support,
                    g.mean_area,
                    g.mean_comparison,
                    g.raw,
                    g.adjusted,
                    g.exposure,
                );
                let shown = matches!(outcome, Outcome::YouthEducationBy25 | Outcome::ExamAverage);
                if comparison == Comparison::RestOfMunicipality && shown {
                    let _ = writeln!(self.summary, "{}\n", life::sentence_da(panel, &g));
                }
            }
        }
    }
}

fn destinations_csv(panel: &Panel, flows: &Flows, args: &Args, period: Period) -> String {
    let mut out = String::from("kind,area_id,from,to,destination,persons\n");
    let years: Vec<i32> = (period.from + 1..=period.to).collect();
    for a in 0..panel.places.areas.len() as u32 {
        let place = &panel.places.areas[a as usize];
        if place.municipality != Some(args.municipality) {
            continue;
        }
        for (to, n) in main_destinations(flows, a, &years, 5, args.min_destination) {
            let _ = writeln!(
                out,
                "{},{},{},{},{},{n}",
                place.kind.as_str(),
                place.area_id.as_str(),
                period.from,
                period.to,
                csv_text(&to),
            );
        }
    }
    out
}

/// The years compared: `--from`..`--to`, each defaulting to the dataset's first or last year.
#[derive(Debug, Clone, Copy)]
struct Period {
    from: i32,
    to: i32,
}

fn period(args: &Args, years: &[i32]) -> Result<Period, CliError> {
    let (Some(&first), Some(&last)) = (years.iter().min(), years.iter().max()) else {
        return Err(CliError::Usage("the dataset has no person-years".into()));
    };
    let p = Period {
        from: args.from.unwrap_or(first),
        to: args.to.unwrap_or(last),
    };
    for (flag, y) in [("--from", p.from), ("--to", p.to)] {
        if !(first..=last).contains(&y) {
            return Err(CliError::Usage(format!(
                "{flag} {y}: the dataset has the years {first}–{last}"
            )));
        }
    }
    if p.from >= p.to {
        return Err(CliError::Usage(format!(
            "--from {} must be before --to {}",
            p.from, p.to
        )));
    }
    Ok(p)
}

fn csv_text(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn write(dir: &Path, name: &str, text: &str) -> Result<(), bydel_io::IoError> {
    let path = dir.join(name);
    std::fs::write(&path, text).map_err(|source| bydel_io::IoError::File { path, source })
}

fn parse_ages(text: &str) -> Result<(u8, u8), CliError> {
    let bad = || {
        CliError::Usage(format!(
            "--ref-ages {text:?}: expected LOW-HIGH, e.g. 10-14"
        ))
    };
    let (a, b) = text.split_once('-').ok_or_else(bad)?;
    let a: u8 = a.trim().parse().map_err(|_| bad())?;
    let b: u8 = b.trim().parse().map_err(|_| bad())?;
    if a > b {
        return Err(bad());
    }
    Ok((a, b))
}
