//! Area geometry: GeoJSON polygons, point-in-area, map projection.
#![deny(missing_docs)]
