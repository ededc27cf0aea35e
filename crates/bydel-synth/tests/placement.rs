//! Every address lies inside the polygons of its areas (and of no other area of the layer), and
//! the world matches the public structure (dwelling counts, schools, daycare).

use bydel_model::codes::{DaycareKind, SchoolKind};
use bydel_synth::{SynthConfig, build_world};

#[test]
fn addresses_fall_inside_exactly_their_areas() {
    let w = build_world(&SynthConfig::default());
    for a in &w.addresses {
        let place = &w.places[a.place];
        assert!(
            place.rect.contains(a.lon, a.lat),
            "{} outside its place",
            a.id
        );
        let inside: Vec<usize> = w
            .places
            .iter()
            .enumerate()
            .filter(|(_, p)| p.rect.contains(a.lon, a.lat))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(inside, vec![a.place], "{} in several places", a.id);
        if let Some(d) = place.district {
            assert!(w.districts[d].rect.contains(a.lon, a.lat));
            let n = w
                .districts
                .iter()
                .filter(|d| d.rect.contains(a.lon, a.lat))
                .count();
            assert_eq!(n, 1);
        }
    }
}

#[test]
fn gladsaxe_structure_matches_the_public_record() {
    let w = build_world(&SynthConfig::default());
    let units = |name: &str| {
        let p = w.places.iter().position(|p| p.name == name).unwrap();
        w.place_units(p, 2020)
    };
    assert_eq!(units("Høje Gladsaxe"), 1_921);
    assert_eq!(units("Værebro Park"), 1_345);
    let public: Vec<&str> = w
        .schools
        .iter()
        .filter(|s| s.municipality == 159 && s.kind == SchoolKind::Public)
        .map(|s| s.name.as_str())
        .collect();
    for s in [
        "Grønnemose",
        "Skovbrynet",
        "Bagsværd",
        "Gladsaxe",
        "Mørkhøj",
        "Enghavegård",
        "Søborg",
        "Vadgård",
        "Stengård",
    ] {
        assert!(public.contains(&format!("{s} Skole").as_str()), "{s}");
    }
    let count = |k: DaycareKind| {
        w.daycares
            .iter()
            .filter(|d| d.municipality == 159 && d.kind == k)
            .count()
    };
    assert_eq!(
        (
            count(DaycareKind::Municipal),
            count(DaycareKind::SelfGoverning),
            count(DaycareKind::Private),
            count(DaycareKind::Childminder)
        ),
        (51, 5, 1, 45)
    );
    assert_eq!(w.districts.len(), 8);
    let geo = bydel_synth::geojson::areas(&w);
    let kinds: std::collections::BTreeSet<&str> = geo["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["properties"]["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["district", "housing_area", "school_district"]
    );
}

#[test]
fn layout_resembles_gladsaxe() {
    let w = build_world(&SynthConfig::default());
    let lat = |name: &str| {
        let r = w.places.iter().find(|p| p.name == name).unwrap().rect;
        (r.south + r.north) / 2.0
    };
    assert!(lat("Værebro Park") > lat("Høje Gladsaxe"));
    assert!(lat("Høje Gladsaxe") > lat("Søborgmagle Villakvarter"));
    assert!(lat("Bagsværd Nord") > lat("Pileparken"));
}
