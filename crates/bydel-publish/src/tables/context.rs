//! Context tables: segregation in the municipality and in the country, and the composite index
//! (MSS) of the municipality's areas. Each value is computed from the atoms of every area of its
//! layer, so it is shown only when all of those are.

use std::collections::BTreeMap;

use bydel_model::measure as m;
use bydel_model::{AreaId, CountsTable, Kind};
use bydel_privacy::{Meaning, ResultTable, Term};
use bydel_segregation::table::{AreaFilter, Groups, Selection};

use crate::atoms::{AREA_KEYS, Scope, key};
use crate::cells::{Col, RowCtx};
use crate::error::PublishError;
use crate::tables::Builder;

/// The bootstrap seed of the segregation intervals: fixed, so that a rerun on the same data
/// publishes the same intervals.
const SEGREGATION_SEED: u64 = 20_120_101;

/// The segregation tables: non-Western origin against the rest, by the municipality's `layer`
/// (table `segregation`) and by municipality in the whole country (`segregation_country`).
pub fn segregation(
    scope: &Scope,
    layer: &Kind,
    bootstrap: u32,
) -> Result<Vec<ResultTable>, PublishError> {
    let muni = Kind::new(Kind::MUNICIPALITY).expect("valid");
    let own: Vec<AreaId> = scope
        .areas
        .iter()
        .filter(|a| &a.kind == layer)
        .map(|a| a.area_id.clone())
        .collect();
    let all: Vec<AreaId> = scope
        .counts
        .areas_of(&muni)
        .map(|a| a.area_id.clone())
        .collect();
    let name = scope
        .counts
        .area(&scope.municipality_area.0, &scope.municipality_area.1);
    let title = name.map_or_else(String::new, |a| a.name.clone());
    Ok(vec![
        one(
            scope,
            "segregation",
            (
                &format!("Segregation i {title}: ikke-vestlig oprindelse mod resten"),
                &format!("Segregation in {title}: non-Western origin against the rest"),
            ),
            layer,
            &own,
            AreaFilter::Municipality(scope.municipality),
            bootstrap,
        )?,
        one(
            scope,
            "segregation_country",
            (
                "Segregation i hele landet (kommuner): ikke-vestlig oprindelse mod resten",
                "Segregation in the whole country (municipalities): non-Western origin against the rest",
            ),
            &muni,
            &all,
            AreaFilter::All,
            bootstrap,
        )?,
    ])
}

#[allow(clippy::too_many_arguments)]
fn one(
    scope: &Scope,
    name: &str,
    titles: (&str, &str),
    layer: &Kind,
    areas: &[AreaId],
    filter: AreaFilter,
    bootstrap: u32,
) -> Result<ResultTable, PublishError> {
    let from: Vec<Term> = areas
        .iter()
        .flat_map(|id| {
            [m::NON_WESTERN, m::RESIDENTS]
                .map(|q| Term::own(q).in_area(layer.as_str(), id.as_str()))
        })
        .collect();
    let derived = Meaning::Derived { from };
    let cols = ["value", "ci_low", "ci_high", "expected_random"]
        .map(|c| Col::new(c, derived.clone(), Some(4)))
        .to_vec();
    let mut b = Builder::new(name, titles, &["year", "index"], None, cols)?;
    let sel = Selection {
        kind: layer.clone(),
        filter,
        groups: Groups::Single {
            group: m::NON_WESTERN.into(),
            total: m::RESIDENTS.into(),
        },
    };
    let indices =
        bydel_segregation::index::Index::for_design(bydel_segregation::counts::Design::SingleGroup);
    let years = bydel_segregation::yearly::analyse_years(
        scope.counts,
        &sel,
        &indices,
        &bydel_segregation::inference::Resampling::new(bootstrap as usize, SEGREGATION_SEED),
        bydel_segregation::yearly::Split::None,
    )
    .map_err(|e| PublishError::step("segregation", e))?;
    // terms name fixed areas; the row context only supplies the year
    let (k, id) = &scope.municipality_area;
    for y in &years {
        let ctx = RowCtx {
            kind: k,
            id,
            year: y.year,
            vars: BTreeMap::new(),
            years: &scope.years,
        };
        for e in &y.estimates {
            let cells = [&e.value, &e.ci_low, &e.ci_high, &e.expected_random]
                .iter()
                .zip(&b.cols)
                .map(|(v, c)| ctx.number(v.number(), c))
                .collect();
            b.push(vec![y.year.to_string(), e.index.to_string()], None, cells)?;
        }
    }
    Ok(b.finish())
}

/// `index_mss`: the composite index (status and dynamics classes) of the areas of `layer` in
/// the latest year.
pub fn index_mss(scope: &Scope, layer: &Kind) -> Result<Option<ResultTable>, PublishError> {
    let Some(&year) = scope.years.last() else {
        return Ok(None);
    };
    let counts: &CountsTable = scope.counts;
    let input = bydel_index::from_counts::area_table(
        counts,
        layer,
        year,
        &bydel_index::from_counts::danish_criteria(),
        m::RESIDENTS,
    )
    .map_err(|e| PublishError::step("index", e))?;
    let method =
        bydel_index::Method::preset("mss-dk").map_err(|e| PublishError::step("index", e))?;
    let out = bydel_index::run(&method, &input, bydel_index::Stability::default())
        .map_err(|e| PublishError::step("index", e))?;
    let t = out.areas_table();
    let areas: Vec<&AreaId> = scope
        .areas
        .iter()
        .filter(|a| &a.kind == layer)
        .map(|a| &a.area_id)
        .collect();
    let measures = [
        m::OUTSIDE_FTE_18_64,
        m::AGE_18_64,
        m::CONVICTED_18_PLUS,
        m::AGE_18_PLUS,
        m::BASIC_EDU_30_59,
        m::AGE_30_59,
        m::NON_WESTERN,
        m::RESIDENTS,
    ];
    // the dynamics compare with earlier years: every area's atoms over the method's span
    let mut from = Vec::new();
    for back in 0..scope.years.len() as i32 {
        for id in &areas {
            for q in measures {
                from.push(
                    Term::own(q)
                        .years_back(-back)
                        .in_area(layer.as_str(), id.as_str()),
                );
            }
        }
    }
    let derived = Meaning::Derived { from };
    let cols: Vec<Col> = t.header[1..]
        .iter()
        .map(|h| Col::new(h.as_str(), derived.clone(), None))
        .collect();
    let mut b = Builder::new(
        "index_mss",
        (
            "Sammensat indeks (MSS): status og dynamik",
            "Composite index (MSS): status and dynamics",
        ),
        &AREA_KEYS,
        None,
        cols,
    )?;
    for r in &t.rows {
        let Ok(id) = AreaId::new(r[0].as_str()) else {
            continue;
        };
        if !areas.contains(&&id) {
            continue;
        }
        let ctx = RowCtx {
            kind: layer,
            id: &id,
            year,
            vars: BTreeMap::new(),
            years: &scope.years,
        };
        let cells = r[1..]
            .iter()
            .zip(&b.cols)
            .map(|(v, c)| match v.parse::<f64>() {
                Ok(x) if x.is_finite() => ctx.number(Some(x), c),
                _ => ctx.text(Some(v.clone()), c),
            })
            .collect();
        b.push(
            key(layer, &id, year),
            scope.residents(layer, &id, year),
            cells,
        )?;
    }
    Ok(Some(b.finish()))
}
