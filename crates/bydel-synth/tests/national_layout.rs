//! The synthetic Denmark at `--fraction 1`: its areas file is valid (no housing area of another
//! municipality overlaps Gladsaxe's grown geography or another estate), and no address outside
//! Gladsaxe falls in one of Gladsaxe's districts. Before the layout moved the municipalities
//! around Gladsaxe outward, copies of Herlev's estates overlapped Gladsaxe's housing areas from
//! `--fraction 0.5` up, and `bydel` rejected the file.

use bydel_synth::{Scale, SynthConfig, build_world};

#[test]
fn whole_country_areas_are_valid_and_keep_out_of_gladsaxe() {
    let config = SynthConfig {
        scale: Scale::Denmark,
        fraction: 1.0,
        ..SynthConfig::default()
    };
    let w = build_world(&config);
    let text = bydel_synth::geojson::areas(&w).to_string();
    let set = bydel_geo::AreaSet::parse(&text).unwrap_or_else(|e| panic!("{e}"));
    let districts: Vec<&bydel_geo::Area> = set
        .areas
        .iter()
        .filter(|a| a.kind.as_str() == "district")
        .collect();
    assert!(!districts.is_empty());
    for a in w
        .addresses
        .iter()
        .filter(|a| w.places[a.place].municipality != 159)
    {
        let p = bydel_geo::Point { x: a.lon, y: a.lat };
        if let Some(d) = districts.iter().find(|d| d.geometry.contains(p)) {
            panic!("{} lies in {}", a.id, d.area_id.as_str());
        }
    }
}
