//! The synthetic Denmark's demography and moves, measured by following persons by id on the
//! default dataset (seed 159, 2012–2025, as `bydel demo` generates it): Gladsaxe's age
//! structure, where in-movers to its neighbourhoods come from and where out-movers go, the share
//! in work of in-movers, out-movers and stayers in the three strategy areas against the rest of
//! Gladsaxe, and the dissimilarity index of non-Western residents over all neighbourhoods
//! (issue 15 item 5). Run `cargo test --release -p bydel-synth --test mechanisms -- --ignored
//! --nocapture`.

#[path = "common/moves.rs"]
mod moves;

use std::sync::OnceLock;

use bydel_synth::SynthConfig;
use moves::MoveTally;

fn tally() -> &'static MoveTally {
    static T: OnceLock<MoveTally> = OnceLock::new();
    T.get_or_init(|| MoveTally::generate(&SynthConfig::default()))
}

#[test]
#[ignore = "prints the measured moves and ages; run explicitly"]
fn print_moves_report() {
    let t = tally();
    println!(
        "year  Glx   0-5  6-16 17-24 age | in: within other abroad born | out: within other abroad died | nat abroad% | strat in/out/stay work | rest in/out/stay | D"
    );
    for (i, f) in t.years.iter().enumerate() {
        let y = t.first + i as i32;
        let (i_, o) = (f.into_gladsaxe, f.out_of_gladsaxe);
        println!(
            "{y} {:6} {:5.1} {:5.1} {:5.1} {:4.1} | {:5} {:5} {:5} {:4} | {:5} {:5} {:5} {:4} | {:4.1} | {:.3} {:.3} {:.3} | {:.3} {:.3} {:.3} | {:.3}",
            f.gladsaxe(),
            100.0 * f.age_share(0),
            100.0 * f.age_share(1),
            100.0 * f.age_share(2),
            f.mean_age(),
            i_.within,
            i_.other,
            i_.abroad,
            i_.born_or_died,
            o.within,
            o.other,
            o.abroad,
            o.born_or_died,
            100.0 * f.national.0 as f64 / f.national.1.max(1) as f64,
            f.strategy.movers_in.share(),
            f.strategy.movers_out.share(),
            f.strategy.stayers.share(),
            f.rest.movers_in.share(),
            f.rest.movers_out.share(),
            f.rest.stayers.share(),
            t.dissimilarity(y),
        );
    }
}
