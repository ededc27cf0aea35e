//! `areas.geojson`: the district, housing-area and school-district polygons as an RFC 7946
//! FeatureCollection (WGS84 longitude/latitude), with properties `area_id`, `name`, `kind`,
//! `parent_id` and `municipality`.

use std::path::Path;

use serde_json::{Value, json};

use crate::SynthError;
use crate::tessellation::Polygon;
use crate::world::{Land, World};

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
        features.push(feature(
            &h.id,
            &h.name,
            "housing_area",
            h.parent.as_deref(),
            h.municipality,
            world.land_polygons(&lands),
        ));
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
