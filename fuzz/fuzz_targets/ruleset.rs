//! Fuzzes the ruleset reader: see `bydel_fuzz::ruleset`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| bydel_fuzz::ruleset(data));
