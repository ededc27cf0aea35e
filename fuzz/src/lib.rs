//! The fuzz targets' bodies, one function per reader, shared by the libFuzzer binaries in
//! `fuzz_targets/` (`cargo fuzz run NAME`, nightly) and by the stable seed harness in
//! `tests/seeds.rs` (`cargo test --manifest-path fuzz/Cargo.toml`, which `.ci/run` runs), so
//! the targets keep compiling and their seeds keep passing on the stable toolchain.
//!
//! Each function takes arbitrary bytes and must never panic; a reader may refuse the input
//! with an error, and what it accepts is checked for the reader's own invariants.

use std::io::Write as _;
use std::path::PathBuf;

use bydel_io::Source;
use bydel_io::read::{Lines, read_source};
use bydel_model::schema::PERSONS;

/// Every target: (name, function). The name is the folder of its seeds under `seeds/`.
pub const TARGETS: &[(&str, fn(&[u8]))] = &[
    ("csv", csv),
    ("parquet", parquet),
    ("geojson", geojson),
    ("ruleset", ruleset),
];

/// The CSV reader (`persons` table): rows come back with one line number each, after the
/// header, and a row with a problem is never returned as data.
pub fn csv(data: &[u8]) {
    let path = scratch("csv", data);
    read_persons(&Source::Csv(path.clone()), 2);
    let _ = std::fs::remove_file(path);
}

/// The Parquet reader (`persons` table), including the casts of foreign column types.
pub fn parquet(data: &[u8]) {
    let path = scratch("parquet", data);
    read_persons(&Source::Parquet(path.clone()), 1);
    let _ = std::fs::remove_file(path);
}

/// The GeoJSON reader of the areas file: every accepted area has a finite bounding box that
/// holds its polygons.
pub fn geojson(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(set) = bydel_geo::AreaSet::parse(text) {
        for a in &set.areas {
            let b = a.bbox;
            assert!(
                [b.min_x, b.min_y, b.max_x, b.max_y]
                    .iter()
                    .all(|v| v.is_finite()),
                "non-finite bounding box for {}",
                a.area_id.as_str()
            );
            assert!(b.min_x <= b.max_x && b.min_y <= b.max_y, "inverted box");
        }
    }
}

/// The rule-file reader (a rule set in TOML): an accepted set has its criteria and its
/// categories, and walking them does not panic.
pub fn ruleset(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(set) = bydel_rules::ruleset::RuleSet::from_toml("fuzz.toml", text) {
        let _ = set.earliest_offset();
        for category in &set.categories {
            for (id, _) in category.conditions() {
                assert!(!id.is_empty(), "a condition without an id");
            }
        }
    }
}

fn read_persons(source: &Source, first_line: u64) {
    let _ = read_source(source, &PERSONS, None, &mut |b| {
        let rows = b.batch.num_rows();
        if let Lines::Each(v) = &b.lines {
            assert_eq!(v.len(), rows, "one line number per row");
        }
        for i in 0..rows {
            assert!(b.lines.line(i) >= first_line, "a row before the first line");
        }
        Ok(())
    });
}

/// Writes `data` to this process's scratch file for `ext` (the readers take paths).
fn scratch(ext: &str, data: &[u8]) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "bydel-fuzz-{}-{:?}.{ext}",
        std::process::id(),
        std::thread::current().id()
    ));
    let mut f = std::fs::File::create(&path).expect("scratch file");
    f.write_all(data).expect("scratch write");
    path
}
