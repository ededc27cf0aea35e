//! Fuzzes the audit's parsers: a privacy manifest and the CSV tables it lists.
//!
//! Input: manifest text, a 0xFF byte, then CSV text given to every listed table. The first
//! seed (corpus) is a valid manifest, so the fuzzer reaches the CSV parser and the attack.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (manifest, csv) = match data.iter().position(|&b| b == 0xFF) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let manifest = String::from_utf8_lossy(manifest).into_owned();
    let csv = String::from_utf8_lossy(csv).into_owned();
    let _ = bydel_privacy::audit::audit_texts(&[("f.privacy.json".into(), manifest)], |_| {
        Some(csv.clone())
    });
});
