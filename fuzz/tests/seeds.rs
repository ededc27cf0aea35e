//! The stable harness of the fuzz targets: every target's function runs over every seed in
//! `seeds/<target>/` and over a fixed number of deterministic mutants of each (bytes flipped,
//! cut, repeated, spliced), so the targets keep compiling and the readers keep holding their
//! invariants on the stable toolchain. A coverage-guided run is `cargo fuzz run <target>`
//! (nightly). `BYDEL_FUZZ_MUTANTS=N` sets the mutants per seed (default 200).

use std::path::{Path, PathBuf};

use bydel_fuzz::TARGETS;

/// A small deterministic generator (xorshift64*), so a failure repeats.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Bytes that readers treat specially.
const INTERESTING: &[&[u8]] = &[
    b",",
    b";",
    b"\"",
    b"\r\n",
    b"\n",
    b"\0",
    b"\xff\xfe",
    b"-",
    b"1e309",
    b"NaN",
    b"99999999999999999999999999999",
    b"[",
    b"]",
    b"{",
    b"}",
    b"=",
    b"PAR1",
];

fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut v = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(v.len() + 1);
        match rng.below(6) {
            0 if !v.is_empty() => {
                let i = at.min(v.len() - 1);
                v[i] ^= 1 << rng.below(8);
            }
            1 => v.truncate(at),
            2 => {
                let end = (at + rng.below(64)).min(v.len());
                let chunk = v[at..end].to_vec();
                v.splice(at..at, chunk);
            }
            3 => {
                let end = (at + rng.below(64)).min(v.len());
                v.drain(at..end);
            }
            4 => {
                let s = INTERESTING[rng.below(INTERESTING.len())];
                v.splice(at..at, s.iter().copied());
            }
            _ => {
                let i = at.min(v.len().saturating_sub(1));
                if let Some(b) = v.get_mut(i) {
                    *b = rng.next() as u8;
                }
            }
        }
    }
    v
}

fn seeds(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("seeds")
        .join(target);
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "{}: no seeds", dir.display());
    out
}

fn mutants() -> usize {
    std::env::var("BYDEL_FUZZ_MUTANTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
}

#[test]
fn every_target_has_seeds_and_survives_them_and_their_mutants() {
    for (name, run) in TARGETS {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ name.len() as u64);
        for (path, seed) in seeds(name) {
            run(&seed);
            for i in 0..mutants() {
                let m = mutate(&seed, &mut rng);
                let caught = std::panic::catch_unwind(|| run(&m));
                assert!(
                    caught.is_ok(),
                    "target {name} panicked on mutant {i} of {}; input ({} bytes): {:?}",
                    path.display(),
                    m.len(),
                    String::from_utf8_lossy(&m)
                );
            }
        }
    }
}

/// The seeds are accepted by their readers (so the mutants start from the interesting side).
#[test]
fn the_seeds_are_valid_input() {
    let csv = &seeds("csv")[0].1;
    assert!(csv.starts_with(b"person_id,"));
    let text = std::str::from_utf8(&seeds("ruleset")[0].1)
        .unwrap()
        .to_owned();
    bydel_rules::ruleset::RuleSet::from_toml("seed", &text).expect("the rule-set seed parses");
    let geo = std::str::from_utf8(&seeds("geojson")[0].1)
        .unwrap()
        .to_owned();
    assert!(!bydel_geo::AreaSet::parse(&geo).unwrap().areas.is_empty());
    let pq = &seeds("parquet")[0].1;
    assert!(pq.starts_with(b"PAR1") && pq.ends_with(b"PAR1"));
}
