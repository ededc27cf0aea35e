//! Fuzzes the geojson reader: see `bydel_fuzz::geojson`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| bydel_fuzz::geojson(data));
