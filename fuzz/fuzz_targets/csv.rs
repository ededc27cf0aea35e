//! Fuzzes the csv reader: see `bydel_fuzz::csv`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| bydel_fuzz::csv(data));
