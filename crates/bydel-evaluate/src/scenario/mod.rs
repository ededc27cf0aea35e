//! Scenarios: a yearly Monte Carlo microsimulation of one area's dwellings and households under
//! letting rules and physical change, next to the baseline.
//!
//! - [`params`]: the area's starting point (estimated from area-year counts where they exist,
//!   documented defaults otherwise) and the in-mover profile of each letting channel.
//! - [`movers`]: the in-mover profiles observed in the data and the channel profiles built on
//!   them.
//! - [`definition`]: a scenario as configured (TOML), checked and turned into the baseline and
//!   scenario specifications.
//! - [`sim`]: the simulation, its yearly ledger (dwellings and persons conserved) and the
//!   summaries over runs.
//!
//! Each run: physical changes of the year (demolition, conversion, sale, new building, a § 168 a
//! plan spread over its years) displace households, some rehoused in the area; each household
//! moves out with the area's turnover rate (higher for households where every adult works); every
//! vacancy is let through a channel drawn by its share (waiting list, fleksibel udlejning with
//! criteria, kombineret udlejning § 51 b, municipal allocation with or without the § 59
//! restriction), and the in-moving household is drawn from that channel's profile. The criteria
//! A, C and E are recomputed from the households; B and D are held at their observed status.

pub mod definition;
pub mod movers;
pub mod params;
pub mod sim;

pub use definition::ScenarioDef;
pub use movers::{InMovers, Mover};
pub use params::{AreaStart, ChannelProfiles, Profile};
pub use sim::{
    Action, Change, Letting, Plan168a, ScenarioSpec, Summary, YearLedger, YearSummary, run,
    run_with,
};
