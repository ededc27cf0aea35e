//! The query parameters: every route names the ones it takes, and a request with any other,
//! or with one given twice, is a 400 before the handler runs. `lang` (`da` or `en`) is taken
//! everywhere. The handlers then check each value against the known values (indicators,
//! layers, years, areas) and answer 400 with what was expected.

use axum::extract::{MatchedPath, Query, Request};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ServerError;
use bydel_report::Lang;

/// The parameter every page takes: the language.
pub const LANG: &str = "lang";

/// What a route takes besides `lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    /// These names only.
    Only(&'static [&'static str]),
    /// Any name; the handler checks them (the table API's column filters).
    Columns,
}

/// The parsed query of a request (its order kept), put into the request by [`check`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    /// The value of `name`, if given.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every (name, value) but `lang`.
    pub fn without_lang(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0
            .iter()
            .filter(|(k, _)| k != LANG)
            .map(|(k, v)| (k.as_str(), v.as_str()))
    }

    /// The value of `name` as a year (an integer), if given.
    pub fn year(&self, name: &str) -> Result<Option<i32>, ServerError> {
        self.get(name)
            .map(|v| {
                v.parse::<i32>()
                    .map_err(|_| ServerError::bad_value(name, v, ("et årstal", "a year")))
            })
            .transpose()
    }
}

/// What the route with this template takes.
pub fn takes(route: &str) -> Takes {
    match route {
        "/" => Takes::Only(&["ind", "kind", "year"]),
        "/indicator/{id}" => Takes::Only(&["kind", "year"]),
        "/compare" => Takes::Only(&["a", "b"]),
        "/flows" => Takes::Only(&["year"]),
        "/api/tables/{name}" => Takes::Columns,
        _ => Takes::Only(&[]),
    }
}

/// The middleware (a route layer, so the matched route is known): parses the query, refuses
/// unknown and repeated names and a bad `lang`, and hands the handler [`Params`].
pub async fn check(mut req: Request, next: Next) -> Response {
    match parse(&req) {
        Ok(p) => {
            req.extensions_mut().insert(p);
            next.run(req).await
        }
        Err(e) => e.into_response(),
    }
}

fn parse(req: &Request) -> Result<Params, ServerError> {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned())
        .unwrap_or_default();
    let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(req.uri()).map_err(|_| {
        ServerError::BadRequest {
            da: "adressens parametre kan ikke læses".into(),
            en: "the query string cannot be read".into(),
        }
    })?;
    let takes = takes(&route);
    for (i, (k, v)) in pairs.iter().enumerate() {
        if pairs[..i].iter().any(|(k2, _)| k2 == k) {
            return Err(ServerError::repeated_parameter(k));
        }
        if k == LANG {
            if Lang::parse(v).is_none() {
                return Err(ServerError::bad_value(LANG, v, ("da eller en", "da or en")));
            }
            continue;
        }
        if let Takes::Only(names) = takes
            && !names.contains(&k.as_str())
        {
            let mut allowed: Vec<&str> = names.to_vec();
            allowed.push(LANG);
            return Err(ServerError::unknown_parameter(k, &allowed));
        }
    }
    Ok(Params(pairs))
}

/// `expected` for a value that must be one of `options` (shortened when there are many).
pub fn one_of(options: &[String]) -> (String, String) {
    let shown: Vec<&str> = options.iter().take(12).map(String::as_str).collect();
    let more = if options.len() > shown.len() {
        ", …"
    } else {
        ""
    };
    let list = format!("{}{more}", shown.join(", "));
    if options.is_empty() {
        (
            "ingen værdi (der er ingen)".into(),
            "no value (there are none)".into(),
        )
    } else {
        (format!("en af {list}"), format!("one of {list}"))
    }
}
