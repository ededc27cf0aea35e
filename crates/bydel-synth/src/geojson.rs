//! `areas.geojson`: the district, housing-area and school-district polygons as an RFC 7946
//! FeatureCollection (WGS84 longitude/latitude), with properties `area_id`, `name`, `kind`,
//! `parent_id`, `municipality` and, for housing areas, `tenure`.

use std::path::Path;

use serde_json::{Value, json};

use bydel_model::codes::Tenure::{AlmenElderly, AlmenFamily, AlmenYouth, Cooperative};

use crate::SynthError;
use crate::tessellation::Polygon;

use crate::world::{HousingArea, Land, World};

/// The FeatureCollection for a world.
pub fn areas(world: &World) -> Value {
    let mut features = Vec::new();
    for d in &world.districts {
        let polygons = world.land_polygons(&[&d.land]);
        features.push(feature(
            &d.id,
            &d.name,
            "district",
            None,
            d.municipality,
            polygons,
        ));
    }
    for h in &world.housing_areas {
        let lands: Vec<&Land> = h.places.iter().map(|&p| &world.places[p].land).collect();
        let mut f = feature(
            &h.id,
            &h.name,
            "housing_area",
            h.parent.as_deref(),
            h.municipality,
            world.land_polygons(&lands),
        );
        f["properties"]["tenure"] = json!(tenure(world, h));
        features.push(f);
    }
    for (i, s) in world
        .schools
        .iter()
        .enumerate()
        .filter(|(_, s)| s.has_district)
    {
        let lands: Vec<&Land> = world
            .places
            .iter()
            .filter(|p| p.school == i)
            .map(|p| &p.land)
            .collect();
        if !lands.is_empty() {
            features.push(feature(
                &s.id,
                &format!("{} (skoledistrikt)", s.name),
                "school_district",
                None,
                s.municipality,
                world.land_polygons(&lands),
            ));
        }
    }
    json!({ "type": "FeatureCollection", "features": features })
}

/// The `tenure` of a housing area from its dwellings (units as built): `almen` when nine in ten
/// are almene (family, youth or elderly), `andel` when half are cooperative, `blandet` when more
/// than one in ten are almene, otherwise `privat` (owner-occupied and private rental).
pub fn tenure(world: &World, h: &HousingArea) -> &'static str {
    let (mut almen, mut andel, mut all) = (0.0, 0.0, 0.0);
    for &p in &h.places {
        for a in &world.addresses[world.places[p].addresses.clone()] {
            let units = f64::from(a.units);
            match a.tenure {
                Some(AlmenFamily | AlmenYouth | AlmenElderly) => almen += units,
                Some(Cooperative) => andel += units,
                _ => {}
            }
            all += units;
        }
    }
    let share = |x: f64| if all > 0.0 { x / all } else { 0.0 };
    match (share(almen), share(andel)) {
        (a, _) if a >= 0.9 => "almen",
        (_, c) if c >= 0.5 => "andel",
        (a, _) if a > 0.1 => "blandet",
        _ => "privat",
    }
}

fn feature(
    id: &str,
    name: &str,
    kind: &str,
    parent: Option<&str>,
    municipality: u16,
    polygons: Vec<Polygon>,
) -> Value {
    let geometry = if polygons.len() == 1 {
        json!({ "type": "Polygon", "coordinates": polygons[0] })
    } else {
        json!({ "type": "MultiPolygon", "coordinates": polygons })
    };
    let mut props =
        json!({ "area_id": id, "name": name, "kind": kind, "municipality": municipality });
    if let Some(p) = parent {
        props["parent_id"] = json!(p);
    }
    json!({ "type": "Feature", "properties": props, "geometry": geometry })
}

/// Writes `areas.geojson` into `dir` atomically ([`bydel_fs::write_atomic`]).
pub fn write(world: &World, dir: &Path) -> Result<(), SynthError> {
    let path = dir.join(bydel_model::schema::AREAS_FILE);
    let text = serde_json::to_string(&areas(world)).map_err(|e| SynthError::Internal {
        table: "areas",
        message: e.to_string(),
    })?;
    bydel_fs::write_atomic(&path, text.as_bytes())
        .map_err(|e| SynthError::Io(bydel_io::IoError::from(e)))
}
