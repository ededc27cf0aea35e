//! The synthetic population: a synthetic Gladsaxe inside a synthetic Denmark.
//!
//! No real register data can be shipped, so bydel's default dataset is synthetic: persistent
//! persons who age, are born, die, move, study, work, earn and are convicted year by year, living
//! at addresses in neighbourhoods whose composition is steered towards public figures (see
//! `docs/synthetic.md` for the model and every parameter's source).
//!
//! - [`world`], [`builder`], [`gladsaxe`], [`denmark`]: the places, dwellings, schools and
//!   institutions.
//! - [`person`], [`household`], [`simulate`]: the population and its dynamics.
//! - [`outcomes`], [`annual`]: what each person reports in a data year.
//! - [`rows`], [`write`], [`geojson`]: the output, to any [`Sink`] or to files.
//!
//! The entry point is [`generate`] (files) or [`run`] (any sink). Output is deterministic for a
//! seed and a version.
#![deny(missing_docs)]

pub mod annual;
pub mod builder;
pub mod config;
pub mod countries;
pub mod curve;
pub mod denmark;
pub mod error;
pub mod geojson;
pub mod geometry;
pub mod gladsaxe;
pub mod grow;
pub mod household;
pub mod interventions;
pub mod mechanisms;
pub mod outcomes;
pub mod person;
pub mod rng;
pub mod rows;
pub mod simulate;
pub mod tessellation;
pub mod world;
pub mod write;

use std::path::Path;

pub use config::{DEFAULT_SEED, OutputFormat, Scale, SynthConfig};
pub use error::SynthError;
pub use rows::{Rows, Sink};
pub use world::World;

use annual::{Services, YearContext};
use bydel_model::WesternList;
use simulate::Population;

/// Rows are handed to the sink in chunks of at most this many person-years.
const CHUNK: usize = 250_000;

/// Progress of a run, reported after each data year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    /// The data year just finished.
    pub year: i32,
    /// Data years done.
    pub done: usize,
    /// Data years in all.
    pub total: usize,
    /// Residents on 1 January of the year.
    pub residents: usize,
}

/// What a run produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Person-year rows.
    pub person_years: u64,
    /// Conviction decisions.
    pub convictions: u64,
    /// Pupil-years.
    pub pupil_years: u64,
    /// Language assessments.
    pub language_assessments: u64,
    /// Daycare admissions.
    pub daycare_admissions: u64,
    /// Addresses.
    pub addresses: u64,
    /// Deaths.
    pub deaths: u64,
}

/// Builds the world for a configuration.
pub fn build_world(config: &SynthConfig) -> World {
    let mut b = builder::WorldBuilder::new(config.last_year);
    gladsaxe::build(&mut b);
    denmark::build(&mut b, config.scale, config.fraction);
    b.finish()
}

/// Generates the dataset into `out_dir` (created if missing) in the canonical format, calling
/// `progress` after each data year.
pub fn generate(
    config: &SynthConfig,
    out_dir: &Path,
    progress: &mut dyn FnMut(Progress),
) -> Result<(), SynthError> {
    generate_with_summary(config, out_dir, progress).map(|_| ())
}

/// [`generate`], returning how many rows each table got.
pub fn generate_with_summary(
    config: &SynthConfig,
    out_dir: &Path,
    progress: &mut dyn FnMut(Progress),
) -> Result<Summary, SynthError> {
    config.validate()?;
    std::fs::create_dir_all(out_dir).map_err(|source| SynthError::File {
        path: out_dir.into(),
        source,
    })?;
    let mut sink = write::FileSink::new(out_dir, config)?;
    let summary = run(config, &mut sink, progress)?;
    sink.finish()?;
    Ok(summary)
}

/// Runs the generator into any sink.
pub fn run(
    config: &SynthConfig,
    sink: &mut dyn Sink,
    progress: &mut dyn FnMut(Progress),
) -> Result<Summary, SynthError> {
    config.validate()?;
    let world = build_world(config);
    sink.world(&world)?;
    let western = WesternList::default_list();
    let services = Services::new(&world);
    let mut pop = Population::initial(&world, config.seed, config.first_year);
    let mut summary = Summary {
        addresses: world.addresses.len() as u64,
        ..Summary::default()
    };
    let total = config.years().count();
    let mut rows = Rows::default();
    for (done, year) in config.years().enumerate() {
        interventions::plant_education(&mut pop, &world, config.seed, year);
        let unplanted = interventions::Plan::none(year);
        let base = YearContext {
            world: &world,
            services: &services,
            western: &western,
            year,
            plan: &unplanted,
        };
        let plan = interventions::Plan::outside_work(&world, &pop, config.seed, year, &|pl, p| {
            base.outside_fte(pl, p)
        });
        let ctx = YearContext {
            plan: &plan,
            ..base
        };
        let mut rng = rng::stream(config.seed, 3, year as u64);
        for (place, households) in pop.places.iter().enumerate() {
            for hh in households {
                ctx.household(place, hh, &mut rng, &mut rows);
            }
            if rows.persons.len() >= CHUNK {
                flush(sink, &world, &mut rows, &mut summary)?;
            }
        }
        flush(sink, &world, &mut rows, &mut summary)?;
        progress(Progress {
            year,
            done: done + 1,
            total,
            residents: pop.residents(),
        });
        if year < config.last_year {
            pop.step(&world, year, &|p| ctx.non_western(p));
            rows.deaths.extend(
                pop.deaths
                    .iter()
                    .map(|&(person, date)| rows::DeathRow { person, date }),
            );
        }
    }
    Ok(summary)
}

fn flush(
    sink: &mut dyn Sink,
    world: &World,
    rows: &mut Rows,
    s: &mut Summary,
) -> Result<(), SynthError> {
    s.person_years += rows.persons.len() as u64;
    s.convictions += rows.convictions.len() as u64;
    s.pupil_years += rows.pupils.len() as u64;
    s.language_assessments += rows.language.len() as u64;
    s.daycare_admissions += rows.daycare.len() as u64;
    s.deaths += rows.deaths.len() as u64;
    sink.rows(world, rows)?;
    rows.clear();
    Ok(())
}
