//! The published `areas.geojson`: the municipality's analysed areas (public geography), each with
//! its parent in the hierarchy, and the layers that partition their parent (docs/published-format.md).

use std::collections::BTreeSet;

use bydel_model::measure as m;
use bydel_model::{AreaId, Kind};
use serde_json::{Value, json};

use crate::atoms::{Scope, parent_of};
use crate::error::PublishError;

/// The published areas file built from the dataset's areas file.
pub fn published_areas(scope: &Scope, input: &str) -> Result<String, PublishError> {
    let mut json: Value = serde_json::from_str(input)
        .map_err(|e| PublishError::Input(format!("areas.geojson: {e}")))?;
    let features = json
        .get_mut("features")
        .and_then(Value::as_array_mut)
        .ok_or_else(|| PublishError::Input("areas.geojson: no features".into()))?;
    let mut kept = Vec::new();
    for mut f in std::mem::take(features) {
        let props = f.get("properties").cloned().unwrap_or(Value::Null);
        let text = |k: &str| match props.get(k) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        let (Some(kind), Some(id)) = (text("kind"), text("area_id")) else {
            continue;
        };
        let Some(area) = scope
            .areas
            .iter()
            .find(|a| a.kind.as_str() == kind && a.area_id.as_str() == id)
        else {
            continue;
        };
        let (pk, pid) = parent_of(scope, area);
        let mut published = json!({
            "kind": kind,
            "area_id": id,
            "name": area.name,
            "parent_kind": pk.as_str(),
            "parent_id": pid.as_str(),
            "municipality": scope.municipality,
        });
        if let Some(tenure) = text("tenure") {
            published["tenure"] = Value::String(tenure);
        }
        f["properties"] = published;
        kept.push(f);
    }
    *features = kept;
    json["partitions"] = Value::Array(partitions(scope));
    serde_json::to_string(&json).map_err(|e| PublishError::Input(e.to_string()))
}

/// Which areas of the areas file are public housing (`tenure` = `almen`) and which are known not
/// to be (any other tenure); areas without a tenure are left out (docs/data-format.md). The file
/// is read by bydel-geo, the one parser of areas files.
pub fn public_housing(input: &str) -> Result<bydel_rules::PublicHousing, PublishError> {
    let set = bydel_geo::AreaSet::parse(input).map_err(|e| PublishError::Input(e.to_string()))?;
    Ok(set
        .areas
        .into_iter()
        .filter_map(|a| {
            let public = a.tenure? == bydel_geo::Tenure::Almen;
            Some(((a.kind, a.area_id), public))
        })
        .collect())
}

/// The (layer, parent layer) pairs whose areas cover their parents exactly in every year.
fn partitions(scope: &Scope) -> Vec<Value> {
    let mut pairs: BTreeSet<(Kind, Kind)> = BTreeSet::new();
    for a in &scope.areas {
        pairs.insert((a.kind.clone(), parent_of(scope, a).0));
    }
    pairs
        .into_iter()
        .filter(|(kind, pk)| {
            let parents: BTreeSet<(Kind, AreaId)> = scope
                .areas
                .iter()
                .filter(|a| &a.kind == kind)
                .map(|a| parent_of(scope, a))
                .filter(|(k, _)| k == pk)
                .collect();
            scope.years.iter().all(|&y| {
                parents.iter().all(|(k, pid)| {
                    let sum: i64 = scope
                        .areas
                        .iter()
                        .filter(|a| {
                            &a.kind == kind && parent_of(scope, a) == (k.clone(), pid.clone())
                        })
                        .filter_map(|a| scope.counts.get(&a.kind, &a.area_id, y, m::RESIDENTS))
                        .sum();
                    scope.counts.get(k, pid, y, m::RESIDENTS) == Some(sum)
                })
            })
        })
        .map(|(kind, pk)| json!({"kind": kind.as_str(), "parent_kind": pk.as_str()}))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenure_decides_public_housing_and_a_missing_tenure_is_unknown() {
        let feature = |id: &str, x: f64, tenure: Option<&str>| {
            let mut p = json!({"kind": "housing_area", "area_id": id, "name": id});
            if let Some(t) = tenure {
                p["tenure"] = json!(t);
            }
            let ring = [[x, 0.0], [x + 1.0, 0.0], [x + 1.0, 1.0], [x, 0.0]];
            json!({"type": "Feature", "properties": p,
                   "geometry": {"type": "Polygon", "coordinates": [ring]}})
        };
        let input = json!({"type": "FeatureCollection", "features": [
            feature("a", 0.0, Some("almen")),
            feature("v", 2.0, Some("privat")),
            feature("u", 4.0, None),
        ]})
        .to_string();
        let map = public_housing(&input).unwrap();
        let key = |id: &str| (Kind::new("housing_area").unwrap(), AreaId::new(id).unwrap());
        assert_eq!(map.get(&key("a")), Some(&true));
        assert_eq!(map.get(&key("v")), Some(&false));
        assert_eq!(map.get(&key("u")), None);
    }
}
