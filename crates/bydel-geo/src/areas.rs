//! The areas file: a GeoJSON FeatureCollection (RFC 7946) whose features carry `area_id`, `name`,
//! `kind` and optionally `parent_id`, `municipality` and `tenure`, with Polygon or MultiPolygon
//! geometry.

use std::collections::HashSet;

use bydel_model::{AreaId, Kind};
use serde_json::Value as Json;

use crate::GeoError;
use crate::polygon::{BBox, MultiPolygon, Point, Polygon};

/// One area with its geometry.
#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    /// The layer.
    pub kind: Kind,
    /// The id within the layer.
    pub area_id: AreaId,
    /// Display name.
    pub name: String,
    /// Enclosing area, if given.
    pub parent_id: Option<AreaId>,
    /// Municipality code, if given.
    pub municipality: Option<u16>,
    /// The housing tenure of the area, if given (`tenure`): only areas of public housing
    /// ([`Tenure::Almen`]) can be on the national lists.
    pub tenure: Option<Tenure>,
    /// The geometry (WGS84 lon/lat).
    pub geometry: MultiPolygon,
    /// Its bounding box.
    pub bbox: BBox,
}

/// The housing tenure of an area (property `tenure`): who owns the dwellings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tenure {
    /// `almen`: public (social) housing, almene boligafdelinger.
    Almen,
    /// `privat`: owner-occupied houses and flats, or private rental.
    Private,
    /// `andel`: cooperative housing (andelsboliger).
    Cooperative,
    /// `blandet`: a mix in which no form dominates.
    Mixed,
}

impl Tenure {
    /// Every tenure, in file-value order.
    pub const ALL: [Tenure; 4] = [
        Tenure::Almen,
        Tenure::Private,
        Tenure::Cooperative,
        Tenure::Mixed,
    ];

    /// The value in the areas file (`almen`, `privat`, `andel`, `blandet`).
    pub fn as_str(self) -> &'static str {
        match self {
            Tenure::Almen => "almen",
            Tenure::Private => "privat",
            Tenure::Cooperative => "andel",
            Tenure::Mixed => "blandet",
        }
    }

    /// The tenure with a file value, if it is one.
    pub fn parse(value: &str) -> Option<Tenure> {
        Tenure::ALL.into_iter().find(|t| t.as_str() == value)
    }
}

/// Every area of the file.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AreaSet {
    /// The areas in file order.
    pub areas: Vec<Area>,
}

impl AreaSet {
    /// Parses the text of an areas file.
    pub fn parse(text: &str) -> Result<Self, GeoError> {
        let json: Json =
            serde_json::from_str(text).map_err(|e| invalid(None, "valid JSON", e.to_string()))?;
        if json.get("type").and_then(Json::as_str) != Some("FeatureCollection") {
            return Err(invalid(None, "a GeoJSON FeatureCollection", short(&json)));
        }
        let features = json
            .get("features")
            .and_then(Json::as_array)
            .ok_or_else(|| invalid(None, "a `features` array", short(&json)))?;
        let mut areas = Vec::with_capacity(features.len());
        let mut seen = HashSet::new();
        for (i, f) in features.iter().enumerate() {
            let area = parse_feature(i, f)?;
            if !seen.insert((area.kind.clone(), area.area_id.clone())) {
                return Err(invalid(
                    Some(i),
                    "each (kind, area_id) once",
                    format!("{} {} again", area.kind, area.area_id),
                ));
            }
            if let Some(f) = crate::valid::self_intersection(i, &area) {
                return Err(invalid(Some(f.0), f.1, f.2));
            }
            areas.push(area);
        }
        if let Some(f) = crate::valid::overlap(&areas) {
            return Err(invalid(Some(f.0), f.1, f.2));
        }
        Ok(AreaSet { areas })
    }

    /// The layers present, in first-seen order.
    pub fn kinds(&self) -> Vec<Kind> {
        let mut out: Vec<Kind> = Vec::new();
        for a in &self.areas {
            if !out.contains(&a.kind) {
                out.push(a.kind.clone());
            }
        }
        out
    }

    /// The areas of one layer.
    pub fn layer<'a>(&'a self, kind: &'a Kind) -> impl Iterator<Item = &'a Area> + 'a {
        self.areas.iter().filter(move |a| &a.kind == kind)
    }
}

fn invalid(feature: Option<usize>, expected: &str, found: impl Into<String>) -> GeoError {
    GeoError::Invalid {
        feature,
        expected: expected.into(),
        found: found.into(),
    }
}

fn short(j: &Json) -> String {
    let s = j.to_string();
    if s.len() > 60 {
        format!("{}…", &s[..s.floor_char_boundary(60)])
    } else {
        s
    }
}

fn parse_feature(i: usize, f: &Json) -> Result<Area, GeoError> {
    let props = f
        .get("properties")
        .and_then(Json::as_object)
        .ok_or_else(|| invalid(Some(i), "a `properties` object", short(f)))?;
    let text = |k: &str| {
        props.get(k).and_then(|v| {
            v.as_str()
                .map(str::to_string)
                .or_else(|| v.as_i64().map(|n| n.to_string()))
        })
    };
    let req =
        |k: &str| text(k).ok_or_else(|| invalid(Some(i), &format!("a property `{k}`"), "none"));
    let area_id =
        AreaId::new(req("area_id")?).map_err(|e| invalid(Some(i), "an area_id", e.to_string()))?;
    let kind = Kind::new(req("kind")?).map_err(|e| invalid(Some(i), "a kind", e.to_string()))?;
    let name = req("name")?;
    let parent_id = text("parent_id")
        .filter(|p| !p.is_empty())
        .map(AreaId::new)
        .transpose()
        .map_err(|e| invalid(Some(i), "a parent_id", e.to_string()))?;
    let municipality = match props.get("municipality") {
        None | Some(Json::Null) => None,
        Some(v) => Some(
            v.as_u64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
                .filter(|m| (1..1000).contains(m))
                .map(|m| m as u16)
                .ok_or_else(|| invalid(Some(i), "a municipality code 1-999", v.to_string()))?,
        ),
    };
    let tenure = match props.get("tenure") {
        None | Some(Json::Null) => None,
        Some(v) => Some(v.as_str().and_then(Tenure::parse).ok_or_else(|| {
            invalid(
                Some(i),
                "a property `tenure` of almen, privat, andel or blandet",
                v.to_string(),
            )
        })?),
    };
    let geometry = parse_geometry(i, f.get("geometry").unwrap_or(&Json::Null))?;
    let bbox = geometry.bbox();
    Ok(Area {
        kind,
        area_id,
        name,
        parent_id,
        municipality,
        tenure,
        geometry,
        bbox,
    })
}

fn parse_geometry(i: usize, g: &Json) -> Result<MultiPolygon, GeoError> {
    let coords = g
        .get("coordinates")
        .ok_or_else(|| invalid(Some(i), "a Polygon or MultiPolygon geometry", short(g)))?;
    let polys: Vec<&Json> = match g.get("type").and_then(Json::as_str) {
        Some("Polygon") => vec![coords],
        Some("MultiPolygon") => coords
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default(),
        _ => {
            return Err(invalid(
                Some(i),
                "a Polygon or MultiPolygon geometry",
                short(g),
            ));
        }
    };
    let mut out = MultiPolygon::default();
    for p in polys {
        let rings = p
            .as_array()
            .ok_or_else(|| invalid(Some(i), "an array of rings", short(p)))?;
        let mut poly = Polygon { rings: Vec::new() };
        for r in rings {
            poly.rings.push(parse_ring(i, r)?);
        }
        if poly.rings.is_empty() {
            return Err(invalid(Some(i), "a polygon with an outer ring", "no rings"));
        }
        out.polygons.push(poly);
    }
    if out.polygons.is_empty() {
        return Err(invalid(Some(i), "at least one polygon", "none"));
    }
    Ok(out)
}

fn parse_ring(i: usize, r: &Json) -> Result<Vec<Point>, GeoError> {
    let pts = r
        .as_array()
        .ok_or_else(|| invalid(Some(i), "a ring of positions", short(r)))?;
    let ring: Option<Vec<Point>> = pts
        .iter()
        .map(|p| {
            let (x, y) = (p.get(0)?.as_f64()?, p.get(1)?.as_f64()?);
            ((-180.0..=180.0).contains(&x) && (-90.0..=90.0).contains(&y)).then_some(Point { x, y })
        })
        .collect();
    match ring {
        Some(r) if r.len() >= 4 && r.first() != r.last() => Err(invalid(
            Some(i),
            "a closed ring (GeoJSON repeats the first position at the end)",
            format!(
                "a ring from [{}, {}] ending at [{}, {}]",
                r[0].x,
                r[0].y,
                r[r.len() - 1].x,
                r[r.len() - 1].y
            ),
        )),
        Some(r) if r.len() >= 4 => Ok(r),
        _ => Err(invalid(
            Some(i),
            "a ring of at least 4 [lon, lat] positions in WGS84",
            short(r),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"area_id":"a","name":"A","kind":"district","municipality":159},"geometry":{"type":"Polygon","coordinates":[[[12,55],[12.1,55],[12.1,55.1],[12,55.1],[12,55]]]}}]}"#;

    #[test]
    fn parses_and_explains() {
        let s = AreaSet::parse(ONE).unwrap();
        assert_eq!(s.areas[0].municipality, Some(159));
        let err = AreaSet::parse(&ONE.replace("\"kind\":\"district\",", ""))
            .unwrap_err()
            .to_string();
        assert!(err.contains("feature 0") && err.contains("kind"), "{err}");
        assert!(AreaSet::parse("[]").is_err());
    }

    #[test]
    fn tenure_is_read_and_unknown_values_are_named() {
        assert_eq!(AreaSet::parse(ONE).unwrap().areas[0].tenure, None);
        for t in Tenure::ALL {
            let text = ONE.replace(
                "\"kind\":\"district\",",
                &format!("\"kind\":\"district\",\"tenure\":\"{}\",", t.as_str()),
            );
            assert_eq!(AreaSet::parse(&text).unwrap().areas[0].tenure, Some(t));
        }
        let bad = ONE.replace(
            "\"kind\":\"district\",",
            "\"kind\":\"district\",\"tenure\":\"social\",",
        );
        let err = AreaSet::parse(&bad).unwrap_err().to_string();
        assert!(
            err.contains("areas.geojson feature 0")
                && err.contains("\"social\"")
                && err.contains("almen"),
            "{err}"
        );
    }
}
