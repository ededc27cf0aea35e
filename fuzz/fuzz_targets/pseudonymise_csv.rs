//! Fuzzes the pseudonymiser's CSV reader and writer, and checks that no output row still
//! holds a CPR number in an identifier column.
#![no_main]

use bydel_privacy::pseudonymise::{Key, pseudonymise_csv};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let key = Key::from_bytes(&[42u8; 32]).expect("a 32-byte key");
    if let Ok((out, report)) = pseudonymise_csv(&key, "fuzz.csv", data) {
        let mut rdr = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(&out[..]);
        let header: Vec<String> = match rdr.records().next() {
            Some(Ok(h)) => h.iter().map(str::to_owned).collect(),
            _ => return,
        };
        for rec in rdr.records().flatten() {
            for (name, value) in header.iter().zip(rec.iter()) {
                if report.columns.contains(name) {
                    assert!(
                        !bydel_privacy::looks_like_cpr(value),
                        "identifier left in clear"
                    );
                }
            }
        }
    }
});
