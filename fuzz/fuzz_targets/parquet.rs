//! Fuzzes the parquet reader: see `bydel_fuzz::parquet`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| bydel_fuzz::parquet(data));
