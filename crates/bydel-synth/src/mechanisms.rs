//! The mechanisms planted in the synthetic Denmark for the strategy's two goals, with their
//! sizes, so that tests can check that `bydel-flows` recovers what was planted (see
//! `docs/synthetic.md`, "Planted mechanisms").
//!
//! - **Neighbourhood effect** (places with [`crate::world::Profile::strategy_area`]: the
//!   places of Høje Gladsaxe, Værebro Park and Mørkhøj almene boliger). Each year a child lives
//!   there at ages 10–14 counts as one fifth of a full exposure `e` (children already 11–15 in
//!   the first year are credited with the years before, as if they had lived there). At 15, a
//!   child who would complete a youth education does not, with probability
//!   [`YOUTH_EDUCATION_EFFECT`] × `e`; the 9th-grade exam average is lower by
//!   [`EXAM_EFFECT`] × `e` grade points.
//! - **Selective moves** (the same places): households whose adults' mean latent score is above
//!   the place's target move out [`SELECTIVE_EXIT`] times as often as others; allocation lets
//!   the vacancies to households [`ALLOCATION_SES`] below the place's target score and in a
//!   crisis (an attachment shock [`ALLOCATION_SHOCK`] below 0, fading as they stay), so
//!   in-movers are less often in work than the stayers.
//! - **A national housing market** (everywhere): households moving out look for a dwelling in
//!   their own municipality or elsewhere in the synthetic Denmark ([`LOCAL_SEARCH`]) and keep
//!   their person ids; [`EMIGRATION`] of them leave the country; immigrants fill the rest.
//! - **In-situ improvement** (the same places): residents' attachment to work rises by
//!   [`IN_SITU_UPLIFT`] a year from 2016 (ten years to 2025).
//! - **Parental background**: a child's latent score is half the parents' mean plus noise
//!   ([`crate::person::child_ses`]); education, exam results, attachment and convictions follow
//!   from it.

/// Probability, per full exposure, that a child who would complete a youth education does not.
pub const YOUTH_EDUCATION_EFFECT: f64 = 0.12;

/// Lower 9th-grade exam average per full exposure (grade points).
pub const EXAM_EFFECT: f64 = 0.5;

/// Exit-rate multiplier of households with resources in a strategy area (adults' mean latent
/// score above the place's target).
pub const SELECTIVE_EXIT: f64 = 1.6;

/// How far below the place's target score allocated in-movers are drawn.
pub const ALLOCATION_SES: f64 = 0.25;

/// Allocation to a strategy area favours households in a crisis: vacancies prefer movers whose
/// adults' mean attachment shock is at most `−ALLOCATION_SHOCK` (standard deviations of the
/// stationary shock), and immigrant households allocated there arrive with their shock shifted
/// down by as much. The shock fades (AR(1), ρ = 0.75), so in-movers recover as they stay.
pub const ALLOCATION_SHOCK: f64 = 0.8;

/// The share of households moving out (and of young adults leaving home) that leave the country;
/// the others look for a dwelling elsewhere in the synthetic Denmark.
pub const EMIGRATION: f64 = 0.08;

/// The share of vacancies that look first among the movers of their own municipality (the rest
/// look in the rest of the country first).
pub const LOCAL_SEARCH: f64 = 0.35;

/// Yearly rise in attachment to work of residents of a strategy area from 2016.
pub const IN_SITU_UPLIFT: f64 = 0.012;

/// Reference ages of the exposure.
pub const EXPOSURE_AGES: (i32, i32) = (10, 14);

/// The in-situ uplift of attachment in data year `year` (describing the year before).
pub fn uplift(year: i32) -> f64 {
    IN_SITU_UPLIFT * f64::from((year - 2016).clamp(0, 10))
}
