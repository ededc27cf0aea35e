//! The JSON API over the published view: the list of tables, each table (filterable by any
//! column), the areas, an area's rows in every table, the polygons, the OpenAPI document, and
//! CSV downloads of the published files exactly as written.

use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::{Map, Value, json};

use crate::error::ServerError;
use crate::html::url;
use crate::params::Params;
use crate::published::AREAS_FILE;
use crate::state::AppState;
use bydel_report::Lang;
use bydel_report::published::Role;
use bydel_report::published::{Cell, Table};

/// The OpenAPI document (hand-written).
pub const OPENAPI: &str = include_str!("../assets/openapi.json");

/// `GET /api`.
pub async fn index(State(state): State<AppState>) -> Json<Value> {
    let tables: Vec<Value> = state
        .published
        .tables()
        .into_iter()
        .map(|t| {
            json!({
                "name": t.name,
                "key_columns": t.with_role(Role::Key),
                "columns": t.header,
                "rows": t.rows.len(),
                "json": format!("/api/tables/{}", url(&t.name)),
                "csv": format!("/download/{}", url(&t.file)),
            })
        })
        .collect();
    Json(json!({ "tables": tables, "openapi": "/api/openapi.json", "areas": "/api/areas" }))
}

/// `GET /api/openapi.json`.
pub async fn openapi() -> Response {
    ([(CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// `GET /api/tables/{name}?column=value…`: rows whose columns equal every given value.
pub async fn table(
    State(state): State<AppState>,
    Extension(params): Extension<Params>,
    Path(name): Path<String>,
) -> Result<Json<Value>, ServerError> {
    let t = state
        .published
        .table(&name)
        .ok_or_else(|| ServerError::not_found("table", name.as_str()))?;
    let mut cols = Vec::new();
    for (k, v) in params.without_lang() {
        let c = t.col(k).ok_or_else(|| {
            let mut known: Vec<&str> = t.header.iter().map(String::as_str).collect();
            known.push(crate::params::LANG);
            ServerError::unknown_parameter(k, &known)
        })?;
        cols.push((c, v));
    }
    let rows: Vec<Value> = t
        .rows
        .iter()
        .filter(|r| cols.iter().all(|(c, v)| equals(&r[*c], v)))
        .map(|r| row_json(t, r))
        .collect();
    Ok(Json(json!({
        "name": t.name,
        "key_columns": t.with_role(Role::Key),
        "columns": t.header,
        "suppressed_marker": SUPPRESSED,
        "rows": rows,
    })))
}

/// `GET /api/areas`.
pub async fn areas(State(state): State<AppState>) -> Json<Value> {
    let p = &state.published;
    let list: Vec<Value> = p
        .area_keys()
        .iter()
        .map(|(k, id)| {
            json!({
                "kind": k, "area_id": id, "name": p.area_name(Lang::Da, k, id),
                "parent": p.parent(k, id).map(|(pk, pid)| json!({"kind": pk, "area_id": pid})),
                "url": format!("/api/areas/{}/{}", url(k), url(id)),
            })
        })
        .collect();
    Json(Value::Array(list))
}

/// `GET /api/areas/{kind}/{id}`: the area's rows in every area table.
pub async fn area(
    State(state): State<AppState>,
    Path((kind, id)): Path<(String, String)>,
) -> Result<Json<Value>, ServerError> {
    let p = &state.published;
    if !p.has_area(&kind, &id) {
        return Err(ServerError::not_found("area", format!("{kind}/{id}")));
    }
    let mut tables = Map::new();
    for t in p.tables() {
        let mut years: Vec<i32> = p
            .keys(&t.name)
            .into_iter()
            .filter(|k| k.area_id == id && (k.kind == kind || k.kind.is_empty()))
            .map(|k| k.year)
            .collect();
        years.sort_unstable();
        years.dedup();
        let rows: Vec<Value> = years
            .iter()
            .flat_map(|y| p.rows_of(&t.name, &kind, &id, *y))
            .map(|r| row_json(t, r))
            .collect();
        if !rows.is_empty() {
            tables.insert(t.name.clone(), Value::Array(rows));
        }
    }
    let name = p.area_name(Lang::Da, &kind, &id);
    Ok(Json(
        json!({"kind": kind, "area_id": id, "name": name, "tables": tables}),
    ))
}

/// `GET /api/areas.geojson`.
pub async fn geojson(State(state): State<AppState>) -> Result<Response, ServerError> {
    let text = state
        .published
        .file(AREAS_FILE)
        .ok_or_else(|| ServerError::not_found("file", AREAS_FILE))?
        .to_owned();
    Ok(([(CONTENT_TYPE, "application/geo+json")], text).into_response())
}

/// `GET /download/{file}`: a published CSV file, only by a name a manifest lists.
pub async fn download(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, ServerError> {
    let p = &state.published;
    let text = p
        .tables()
        .iter()
        .any(|t| t.file == file)
        .then(|| p.file(&file))
        .flatten()
        .ok_or_else(|| ServerError::not_found("file", file.as_str()))?;
    let disposition = format!("attachment; filename=\"{file}\"");
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (CONTENT_DISPOSITION, disposition),
        ],
        text.to_owned(),
    )
        .into_response())
}

fn row_json(t: &Table, r: &[Cell]) -> Value {
    let obj: Map<String, Value> = t
        .header
        .iter()
        .zip(r)
        .map(|(h, v)| (h.clone(), cell_json(v)))
        .collect();
    Value::Object(obj)
}

/// The suppression marker of published CSV files (kept as this string in JSON).
const SUPPRESSED: &str = "..";

/// A published cell as JSON: numbers as numbers (whole numbers and numeric keys as integers),
/// `..` kept as the string `".."`, empty as null.
fn cell_json(c: &Cell) -> Value {
    match c {
        Cell::Number(x) if x.fract() == 0.0 && x.abs() < 1e15 => Value::from(*x as i64),
        Cell::Number(x) => json!(x),
        Cell::Text(s) => s
            .parse::<i64>()
            .map_or_else(|_| s.as_str().into(), Value::from),
        Cell::Suppressed => SUPPRESSED.into(),
        Cell::Empty => Value::Null,
    }
}

/// Whether a cell equals a filter's text as written in the CSV.
fn equals(c: &Cell, text: &str) -> bool {
    match c {
        Cell::Text(s) => s == text,
        Cell::Number(x) => text.parse::<f64>().is_ok_and(|y| y == *x),
        Cell::Suppressed => text == SUPPRESSED,
        Cell::Empty => text.is_empty(),
    }
}
