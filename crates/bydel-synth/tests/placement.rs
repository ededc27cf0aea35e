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
            w.land_contains(&place.land, a.lon, a.lat),
            "{} outside its place",
            a.id
        );
        if place.municipality != 159 {
            continue;
        }
        let inside: Vec<usize> = w
            .places
            .iter()
            .enumerate()
            .filter(|(_, p)| w.land_contains(&p.land, a.lon, a.lat))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(inside, vec![a.place], "{} in several places", a.id);
        if let Some(d) = place.district {
            assert!(w.land_contains(&w.districts[d].land, a.lon, a.lat));
            let n = w
                .districts
                .iter()
                .filter(|d| w.land_contains(&d.land, a.lon, a.lat))
                .count();
            assert_eq!(n, 1);
        }
    }
}

/// The published polygons, read back by bydel-geo, place every Gladsaxe address by
/// point-in-polygon in its own district, housing area and school district (and no other), with
/// no overlaps, and housing areas lie inside their parent districts.
#[test]
fn published_polygons_place_every_address_in_its_areas() {
    let w = build_world(&SynthConfig::default());
    let text = bydel_synth::geojson::areas(&w).to_string();
    let set = bydel_geo::AreaSet::parse(&text).expect("valid areas.geojson");
    let find = |kind: &str, id: &str| {
        set.areas
            .iter()
            .position(|a| a.kind.as_str() == kind && a.area_id.as_str() == id)
            .unwrap_or_else(|| panic!("{kind} {id}"))
    };
    let points: Vec<bydel_geo::Point> = w
        .addresses
        .iter()
        .map(|a| bydel_geo::Point { x: a.lon, y: a.lat })
        .collect();
    let placed = bydel_geo::place::place_addresses(&set, &points, &Default::default());
    let layer = |kind: &str| &placed.iter().find(|(k, _)| k == kind).unwrap().1;
    for (i, a) in w.addresses.iter().enumerate() {
        let place = &w.places[a.place];
        if place.municipality != 159 {
            continue;
        }
        let d = &w.districts[place.district.unwrap()];
        assert_eq!(
            layer("district")[i],
            Some(find("district", &d.id) as u32),
            "{}",
            a.id
        );
        let h = &w.housing_areas[place.housing_area.unwrap()];
        assert_eq!(
            layer("housing_area")[i],
            Some(find("housing_area", &h.id) as u32),
            "{}",
            a.id
        );
        assert_eq!(h.parent.as_deref(), Some(d.id.as_str()));
        let s = &w.schools[place.school];
        let want = find("school_district", &s.id) as u32;
        assert_eq!(layer("school_district")[i], Some(want), "{}", a.id);
        // Housing areas nest in their district: every vertex lies in or on the district.
        let hg = &set.areas[find("housing_area", &h.id)].geometry;
        let dg = &set.areas[find("district", &d.id)].geometry;
        if i == place.addresses.start {
            let outside = hg.points().filter(|p| !on_or_inside(dg, *p)).count();
            assert_eq!(outside, 0, "{} pokes out of {}", h.id, d.id);
        }
    }
}

/// Inside, or within a millimetre of the boundary (shared borders are exact).
fn on_or_inside(g: &bydel_geo::MultiPolygon, p: bydel_geo::Point) -> bool {
    g.contains(p)
        || g.polygons
            .iter()
            .flat_map(|q| &q.rings)
            .flatten()
            .any(|v| (v.x - p.x).abs() < 1e-8 && (v.y - p.y).abs() < 1e-8)
}

/// Gladsaxe's areas are organic, not rectangles: districts have many corners and the eight
/// districts tile one outline without gaps (their areas sum to the union's).
#[test]
fn gladsaxe_areas_are_organic() {
    let w = build_world(&SynthConfig::default());
    let geo = bydel_synth::geojson::areas(&w);
    for f in geo["features"].as_array().unwrap() {
        if f["properties"]["kind"] == "district" {
            let corners = f["geometry"].to_string().matches('[').count();
            assert!(corners > 30, "{}: {corners}", f["properties"]["name"]);
        }
    }
    let all: Vec<&bydel_synth::world::Land> = w.districts.iter().map(|d| &d.land).collect();
    assert_eq!(
        w.land_polygons(&all).len(),
        1,
        "one outline, no holes or islands"
    );
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
        let p = w.places.iter().find(|p| p.name == name).unwrap();
        let r = &w.addresses[p.addresses.clone()];
        r.iter().map(|a| a.lat).sum::<f64>() / r.len() as f64
    };
    assert!(lat("Værebro Park") > lat("Høje Gladsaxe"));
    assert!(lat("Høje Gladsaxe") > lat("Søborgmagle Villakvarter"));
    assert!(lat("Bagsværd Nord") > lat("Pileparken"));
}

/// Issue 17 item 3: only almene estates can be listed, so every housing area says its tenure,
/// read back by bydel-geo: the public estates are `almen`, villa and owner areas are not.
#[test]
fn housing_areas_carry_their_tenure() {
    use bydel_geo::Tenure;
    let w = build_world(&SynthConfig::default());
    let set = bydel_geo::AreaSet::parse(&bydel_synth::geojson::areas(&w).to_string()).unwrap();
    let tenure = |name: &str| {
        set.areas
            .iter()
            .find(|a| a.kind.as_str() == "housing_area" && a.name == name)
            .unwrap_or_else(|| panic!("{name}"))
            .tenure
    };
    for almen in [
        "Høje Gladsaxe",
        "Værebro Park",
        "Mørkhøj almene boliger",
        "Stengård Almene Boliger",
        "Haralds Almene Boliger",
        "Grønnemosen Ungdoms- og Ældreboliger",
    ] {
        assert_eq!(tenure(almen), Some(Tenure::Almen), "{almen}");
    }
    for private in [
        "Søborgmagle Villakvarter",
        "Bagsværd Nord",
        "Søborg Hovedgade",
    ] {
        assert_eq!(tenure(private), Some(Tenure::Private), "{private}");
    }
    assert_eq!(tenure("Søborgmagle Rækkehuse"), Some(Tenure::Cooperative));
    assert!(
        set.areas
            .iter()
            .filter(|a| a.kind.as_str() == "housing_area")
            .all(|a| a.tenure.is_some())
    );
}
