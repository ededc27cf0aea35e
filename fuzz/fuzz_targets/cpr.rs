//! Fuzzes the CPR detector: never panics, and the dash form agrees with the plain form.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    let a = bydel_privacy::looks_like_cpr(s);
    let _ = bydel_privacy::cpr::contains_cpr(s);
    if s.len() == 11 && s.as_bytes()[6] == b'-' {
        let plain: String = s.chars().filter(|&c| c != '-').collect();
        assert_eq!(
            a,
            bydel_privacy::looks_like_cpr(&plain) && plain.len() == 10
        );
    }
});
