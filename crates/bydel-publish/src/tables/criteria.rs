//! `criteria`: the criteria of the current rule set for every area in scope and every data
//! year — the value, its numerator and denominator, and the same criterion for the region and the
//! country — as single-year figures (the law's two-year means are in `classification`).

use bydel_model::{AreaId, Kind, Year};
use bydel_privacy::{Meaning, ResultTable, Term};
use bydel_rules::ruleset::{Formula, RuleSet};

use crate::atoms::{AREA_KEYS, Scope, key};
use crate::cells::{Col, RowCtx};
use crate::error::PublishError;
use crate::tables::Builder;

/// The `criteria` table.
pub fn criteria(scope: &Scope, set: &RuleSet) -> Result<ResultTable, PublishError> {
    let cols = columns(scope, set);
    let mut b = Builder::new(
        "criteria",
        ("De fem kriterier", "The five criteria"),
        &AREA_KEYS,
        None,
        cols,
    )?;
    let areas: Vec<(Kind, AreaId)> = scope
        .atom_areas()
        .into_iter()
        .filter(|(k, _)| !is_institution(k))
        .collect();
    for &year in &scope.years {
        for (kind, id) in &areas {
            let Some(pop) = scope
                .counts
                .get(kind, id, year, bydel_model::measure::RESIDENTS)
            else {
                continue;
            };
            let row = RowCtx::new(kind, id, year, &scope.years);
            let cells = b
                .cols
                .iter()
                .map(|c| row.number(evaluate(scope, &c.meaning, kind, id, year), c))
                .collect();
            b.push(key(kind, id, year), Some(pop), cells)?;
        }
    }
    Ok(b.finish())
}

/// Whether a layer is an institution layer (schools, daycare) rather than an area of residents.
pub fn is_institution(k: &Kind) -> bool {
    matches!(k.as_str(), "school" | "daycare")
}

fn columns(scope: &Scope, set: &RuleSet) -> Vec<Col> {
    let region = scope.region_area.clone();
    let country = &scope.country_area;
    let mut cols = Vec::new();
    for c in &set.criteria {
        let per = 1.0 / c.numerator_per_person as f64;
        let num = Term::own(&c.numerator).times(per);
        let den = Term::own(&c.denominator);
        let ratio = |area: Option<(&Kind, &AreaId)>| {
            let at = |t: &Term| match area {
                Some((k, id)) => t.clone().in_area(k.as_str(), id.as_str()),
                None => t.clone(),
            };
            Meaning::Ratio {
                num: vec![at(&num)],
                den: vec![at(&den)],
                scale: 1.0,
            }
        };
        let id = &c.id;
        let fte = (c.numerator_per_person != 1).then_some(2);
        match c.formula {
            Formula::Share => {
                cols.push(Col::new(id.as_str(), ratio(None), Some(4)));
                cols.push(Col::new(
                    format!("{id}_numerator"),
                    Meaning::Sum {
                        terms: vec![num.clone()],
                    },
                    fte,
                ));
                cols.push(Col::new(
                    format!("{id}_denominator"),
                    Meaning::Sum {
                        terms: vec![den.clone()],
                    },
                    None,
                ));
                if let Some((k, rid)) = &region {
                    cols.push(Col::new(
                        format!("{id}_region"),
                        ratio(Some((k, rid))),
                        Some(4),
                    ));
                }
                cols.push(Col::new(
                    format!("{id}_country"),
                    ratio(Some((&country.0, &country.1))),
                    Some(4),
                ));
            }
            Formula::MeanRelative => {
                cols.push(Col::new(format!("{id}_mean"), ratio(None), Some(0)));
                if let Some((k, rid)) = &region {
                    let own = ratio(None);
                    let reg = ratio(Some((k, rid)));
                    cols.push(Col::new(
                        id.as_str(),
                        Meaning::Derived {
                            from: crate::cells::all_terms(&[&own, &reg]),
                        },
                        Some(4),
                    ));
                    cols.push(Col::new(format!("{id}_region_mean"), reg, Some(0)));
                }
                cols.push(Col::new(
                    format!("{id}_country_mean"),
                    ratio(Some((&country.0, &country.1))),
                    Some(0),
                ));
            }
        }
    }
    cols
}

/// The exact value of a meaning for a row (from the counts), or `None` without data.
pub fn evaluate(
    scope: &Scope,
    meaning: &Meaning,
    kind: &Kind,
    id: &AreaId,
    year: Year,
) -> Option<f64> {
    let sum = |terms: &[Term]| -> Option<f64> {
        terms.iter().try_fold(0.0, |acc, t| {
            let (k, a) = match &t.area {
                bydel_privacy::AreaRef::Own => (kind.clone(), id.clone()),
                bydel_privacy::AreaRef::Named { kind, area_id } => {
                    (Kind::new(kind).ok()?, AreaId::new(area_id).ok()?)
                }
            };
            let y = scope.year_at(year, t.year_offset)?;
            Some(acc + t.coef * scope.counts.get(&k, &a, y, &t.measure)? as f64)
        })
    };
    match meaning {
        Meaning::Sum { terms } => sum(terms),
        Meaning::Ratio { num, den, scale } => {
            let d = sum(den)?;
            if d == 0.0 {
                return None;
            }
            Some(scale * sum(num)? / d)
        }
        Meaning::Derived { from } => {
            // own mean relative to the region's mean: from = [own num, own den, reg num, reg den]
            let [n, d, rn, rd] = from.as_slice() else {
                return None;
            };
            let f = |t: &Term| sum(std::slice::from_ref(t));
            let (n, d, rn, rd) = (f(n)?, f(d)?, f(rn)?, f(rd)?);
            (d != 0.0 && rn != 0.0 && rd != 0.0).then(|| (n / d) / (rn / rd))
        }
        _ => None,
    }
}
