//! `areas.geojson`: the district, housing-area and school-district polygons as an RFC 7946
//! FeatureCollection (WGS84 longitude/latitude), with properties `area_id`, `name`, `kind`,
//! `parent_id` and `municipality`.

use std::path::Path;

use serde_json::{Value, json};

use crate::SynthError;
use crate::geometry::Rect;
use crate::world::World;

/// The FeatureCollection for a world.
pub fn areas(world: &World) -> Value {
    let mut features = Vec::new();
    for d in &world.districts {
        features.push(feature(
            &d.id,
            &d.name,
            "district",
            None,
            d.municipality,
            &[d.rect],
        ));
    }
    for h in &world.housing_areas {
        let rects: Vec<Rect> = h.places.iter().map(|&p| world.places[p].rect).collect();
        features.push(feature(
            &h.id,
            &h.name,
            "housing_area",
            h.parent.as_deref(),
            h.municipality,
            &rects,
        ));
    }
    for (i, s) in world
        .schools
        .iter()
        .enumerate()
        .filter(|(_, s)| s.has_district)
    {
        let rects: Vec<Rect> = world
            .places
            .iter()
            .filter(|p| p.school == i)
            .map(|p| p.rect)
            .collect();
        if !rects.is_empty() {
            features.push(feature(
                &s.id,
                &format!("{} (skoledistrikt)", s.name),
                "school_district",
                None,
                s.municipality,
                &rects,
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
    rects: &[Rect],
) -> Value {
    let geometry = if rects.len() == 1 {
        json!({ "type": "Polygon", "coordinates": [rects[0].ring()] })
    } else {
        let polys: Vec<Value> = rects.iter().map(|r| json!([r.ring()])).collect();
        json!({ "type": "MultiPolygon", "coordinates": polys })
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
