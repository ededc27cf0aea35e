//! `docs/indicators.md` is generated from the catalogue; this test fails when it is stale.
//! Re-approve with `UPDATE_EXPECT=1 cargo test -p bydel-analysis --test docs`.

use bydel_analysis::Catalogue;
use bydel_analysis::markdown::catalogue_markdown;

#[test]
fn indicators_md_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/indicators.md");
    let want = catalogue_markdown(&Catalogue::builtin().unwrap());
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(path, &want).unwrap();
    }
    let have = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        have == want,
        "docs/indicators.md is stale: run UPDATE_EXPECT=1 cargo test -p bydel-analysis --test docs"
    );
}

#[test]
fn every_file_in_the_folder_is_embedded() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/indicators");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    let mut embedded: Vec<String> = bydel_analysis::catalogue::BUILTIN_FILES
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    embedded.sort();
    assert_eq!(files, embedded);
}
