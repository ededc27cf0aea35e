//! The HTML pages, one file each (flows and life chances share one, evaluation and scenarios
//! another), what they share (choosing the indicator, layer and year) and [`tables`], a
//! published table shown from its manifest.

pub mod analyst;
pub mod area;
pub mod compare;
pub mod evaluation;
pub mod flows;
pub mod indicator;
pub mod lists;
pub mod login;
pub mod overview;
pub mod tables;

use crate::error::ServerError;
use crate::html::{esc, url};
use bydel_report::{Labels, Lang};

use crate::params::{Params, one_of};
use crate::published::{Indicator, Published, Unit};

/// The selection of a map page: indicator, layer, year (each optional).
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Indicator id (`table.column`).
    pub ind: Option<String>,
    /// Layer.
    pub kind: Option<String>,
    /// Year.
    pub year: Option<i32>,
}

impl Selection {
    /// The selection in a request's query (`year` must be an integer).
    pub fn from_params(p: &Params) -> Result<Selection, ServerError> {
        Ok(Selection {
            ind: p.get("ind").map(str::to_owned),
            kind: p.get("kind").map(str::to_owned),
            year: p.year("year")?,
        })
    }

    /// The layer: the chosen one, which must be one of `layers`, else the first.
    pub fn layer(&self, layers: &[String]) -> Result<String, ServerError> {
        match &self.kind {
            Some(k) if layers.contains(k) => Ok(k.clone()),
            Some(k) => Err(ServerError::bad_value("kind", k, one_of(layers))),
            None => Ok(layers.first().cloned().unwrap_or_default()),
        }
    }

    /// The year: the chosen one, which must be one of `years`, else the latest (0 if none).
    pub fn year_in(&self, years: &[i32]) -> Result<i32, ServerError> {
        match self.year {
            Some(y) if years.contains(&y) => Ok(y),
            Some(y) => {
                let known: Vec<String> = years.iter().map(i32::to_string).collect();
                let e = one_of(&known);
                Err(ServerError::bad_value("year", &y.to_string(), e))
            }
            None => Ok(years.last().copied().unwrap_or(0)),
        }
    }
}

/// The default indicator: the first share compared with the rest of the municipality, else
/// the first share, else the first.
pub fn default_indicator(p: &Published) -> Option<&Indicator> {
    let all = p.indicators();
    let shares = || all.iter().filter(|i| i.unit == Unit::Share);
    shares()
        .find(|i| p.is_compared(i))
        .or_else(|| shares().next())
        .or(all.first())
}

/// The link to an area page.
pub fn area_href(kind: &str, id: &str) -> String {
    format!("/area/{}/{}", url(kind), url(id))
}

/// A `<select>` of options (value, label), marking `current`.
pub fn select(
    name: &str,
    id: &str,
    label_text: &str,
    options: &[(String, String)],
    current: &str,
) -> String {
    let mut s = format!(
        "<label for=\"{id}\">{}</label><select id=\"{id}\" name=\"{name}\" data-autosubmit>",
        esc(label_text)
    );
    for (v, l) in options {
        let sel = if v == current { " selected" } else { "" };
        s.push_str(&format!(
            "<option value=\"{}\"{sel}>{}</option>",
            esc(v),
            esc(l)
        ));
    }
    s.push_str("</select>");
    s
}

/// The year slider (a range input, submitted by script or the form's button).
pub fn year_slider(lang: Lang, years: &[i32], year: i32) -> String {
    let (lo, hi) = (
        years.first().copied().unwrap_or(year),
        years.last().copied().unwrap_or(year),
    );
    format!(
        "<label for=\"year\">{}</label><input type=\"range\" id=\"year\" name=\"year\" min=\"{lo}\" max=\"{hi}\" step=\"1\" value=\"{year}\" data-autosubmit data-output=\"year-out\"><output id=\"year-out\" for=\"year\">{year}</output>",
        lang.t("year")
    )
}
