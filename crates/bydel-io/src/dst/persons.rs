//! BEF-style person-years → the canonical `persons` table.

use std::collections::HashMap;
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Date32Builder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int64Type};
use arrow_array::{Array, ArrayRef, Float64Array, Int64Array, RecordBatch};
use bydel_model::{Origin, schema};

use super::mapping::Mappings;
use super::outside::{OutsideFte, Source};
use crate::check::looks_like_cpr;
use crate::problem::Problems;
use crate::read::Batch;
use crate::write::arrow_schema;

/// One converted person-year (the canonical columns, in order).
struct Row<'a> {
    person_id: &'a str,
    year: i64,
    address_id: &'a str,
    municipality: i64,
    region: i64,
    age: i64,
    sex: &'static str,
    origin: &'static str,
    origin_country: Option<String>,
    outside_fte: f64,
    education: &'static str,
    in_education: bool,
    gross_income: i64,
    taxable: bool,
    family_id: Option<&'a str>,
    moved_in: Option<i32>,
}

/// Typed views of a BEF batch's columns.
struct Cols<'a> {
    b: &'a RecordBatch,
}

impl<'a> Cols<'a> {
    fn text(&self, name: &str, r: usize) -> Option<&'a str> {
        let c = self.b.column_by_name(name)?.as_string::<i32>();
        (!c.is_null(r)).then(|| c.value(r))
    }
    fn int(&self, name: &str, r: usize) -> Option<i64> {
        let c = self.b.column_by_name(name)?.as_primitive::<Int64Type>();
        (!c.is_null(r)).then(|| c.value(r))
    }
    fn dec(&self, name: &str, r: usize) -> Option<f64> {
        let c = self.b.column_by_name(name)?.as_primitive::<Float64Type>();
        (!c.is_null(r)).then(|| c.value(r))
    }
    fn bool(&self, name: &str, r: usize) -> Option<bool> {
        let c = self.b.column_by_name(name)?.as_boolean();
        (!c.is_null(r)).then(|| c.value(r))
    }
    fn date(&self, name: &str, r: usize) -> Option<i32> {
        let c = self.b.column_by_name(name)?.as_primitive::<Date32Type>();
        (!c.is_null(r)).then(|| c.value(r))
    }
}

/// Converts a batch of BEF rows; each row whose codes do not map is reported and left out.
pub(crate) fn convert(
    b: &Batch,
    m: &Mappings,
    regions: &HashMap<i64, i64>,
    fte: &OutsideFte,
    p: &mut Problems,
) -> RecordBatch {
    let cols = Cols { b: &b.batch };
    let mut rows = Vec::with_capacity(b.batch.num_rows());
    for r in 0..b.batch.num_rows() {
        let mut bad = |column: &str, expected: &str, found: String| {
            p.at(
                &b.file,
                Some(b.lines.line(r)),
                Some(column),
                expected,
                found,
            );
        };
        if let Some(row) = convert_row(&cols, r, m, regions, fte, &mut bad) {
            rows.push(row);
        }
    }
    build(&rows)
}

fn convert_row<'a>(
    c: &Cols<'a>,
    r: usize,
    m: &Mappings,
    regions: &HashMap<i64, i64>,
    fte: &OutsideFte,
    bad: &mut dyn FnMut(&str, &str, String),
) -> Option<Row<'a>> {
    let person_id = c.text("PNR", r)?;
    if looks_like_cpr(person_id) {
        bad(
            "PNR",
            "a pseudonymised identifier (run `bydel pseudonymise` first; bydel refuses CPR numbers)",
            "a value shaped like a CPR number (not shown)".into(),
        );
        return None;
    }
    let koen = c.int("KOEN", r)?;
    let sex = m.sex(koen).or_else(|| {
        bad("KOEN", "1 (mand) or 2 (kvinde)", koen.to_string());
        None
    });
    let ie = c.int("IE_TYPE", r)?;
    let origin = m.origin(ie).or_else(|| {
        bad("IE_TYPE", "1, 2 or 3 (see codes.csv)", ie.to_string());
        None
    });
    let origin_country = origin.and_then(|o| country(c, r, o, m, bad));
    let hfaudd = c.text("HFAUDD", r);
    let education = m.education(hfaudd).or_else(|| {
        bad(
            "HFAUDD",
            "an HFAUDD code covered by hfaudd.csv",
            format!("{:?}", hfaudd.unwrap_or("")),
        );
        None
    });
    let socio = c.int("SOCIO13", r)?;
    let attachment = m.attachment(socio).or_else(|| {
        bad(
            "SOCIO13",
            "a SOCIO13 code listed in socio13.csv",
            socio.to_string(),
        );
        None
    });
    let region = region(c, r, regions, bad);
    let year = c.int("AAR", r)?;
    let outside_fte = match fte.source {
        Source::Socio13 => attachment.map(|a| a.outside_fte),
        source => fte.get(person_id, year).or_else(|| {
            bad(
                "PNR",
                &format!(
                    "a row for this person and year in `{}` (criterion A comes from there)",
                    source.as_str()
                ),
                "none".into(),
            );
            None
        }),
    };
    Some(Row {
        person_id,
        year,
        address_id: c.text("ADRESSE_ID", r)?,
        municipality: c.int("KOM", r)?,
        region: region?,
        age: c.int("ALDER", r)?,
        sex: sex?.as_str(),
        origin: origin?.as_str(),
        origin_country: origin_country?,
        outside_fte: outside_fte?,
        education: education?.as_str(),
        in_education: attachment?.in_education,
        gross_income: c.dec("PERINDKIALT", r)?.round() as i64,
        taxable: c.bool("SKATTEPLIGT", r)?,
        family_id: c.text("FAMILIE_ID", r).filter(|t| !t.is_empty()),
        moved_in: c.date("BOP_VFRA", r),
    })
}

/// The canonical origin country: empty for Danish origin, else OPR_LAND mapped to ISO.
/// `Some(None)` is a valid empty country; `None` is a problem (already reported).
fn country(
    c: &Cols<'_>,
    r: usize,
    origin: Origin,
    m: &Mappings,
    bad: &mut dyn FnMut(&str, &str, String),
) -> Option<Option<String>> {
    if origin == Origin::Danish {
        return Some(None);
    }
    let text = c.text("OPR_LAND", r).unwrap_or("");
    match m.country(text) {
        Some(iso) => Some(Some(iso)),
        None => {
            bad(
                "OPR_LAND",
                "an ISO 3166-1 alpha-2 code or a numeric country code listed in countries.csv",
                format!("{text:?}"),
            );
            None
        }
    }
}

/// REG when given, else the region of KOM.
fn region(
    c: &Cols<'_>,
    r: usize,
    regions: &HashMap<i64, i64>,
    bad: &mut dyn FnMut(&str, &str, String),
) -> Option<i64> {
    if let Some(reg) = c.int("REG", r) {
        return Some(reg);
    }
    let kom = c.int("KOM", r)?;
    let reg = regions.get(&kom).copied();
    if reg.is_none() {
        bad(
            "KOM",
            "a municipality code (or a REG column)",
            kom.to_string(),
        );
    }
    reg
}

/// Municipality code → region code, from the embedded municipality table.
pub(crate) fn region_table() -> HashMap<i64, i64> {
    bydel_model::names::municipalities()
        .map(|(k, _, r)| (i64::from(k), i64::from(r)))
        .collect()
}

fn build(rows: &[Row<'_>]) -> RecordBatch {
    let int = |f: &dyn Fn(&Row<'_>) -> i64| -> ArrayRef {
        Arc::new(Int64Array::from_iter_values(rows.iter().map(f)))
    };
    let boolean = |f: &dyn Fn(&Row<'_>) -> bool| -> ArrayRef {
        let mut b = BooleanBuilder::new();
        rows.iter().for_each(|r| b.append_value(f(r)));
        Arc::new(b.finish())
    };
    let mut moved = Date32Builder::new();
    rows.iter().for_each(|r| moved.append_option(r.moved_in));
    let columns: Vec<ArrayRef> = vec![
        texts(rows, |r| Some(r.person_id)),
        int(&|r| r.year),
        texts(rows, |r| Some(r.address_id)),
        int(&|r| r.municipality),
        int(&|r| r.region),
        int(&|r| r.age),
        texts(rows, |r| Some(r.sex)),
        texts(rows, |r| Some(r.origin)),
        texts(rows, |r| r.origin_country.as_deref()),
        Arc::new(Float64Array::from_iter_values(
            rows.iter().map(|r| r.outside_fte),
        )),
        texts(rows, |r| Some(r.education)),
        boolean(&|r| r.in_education),
        int(&|r| r.gross_income),
        boolean(&|r| r.taxable),
        texts(rows, |r| r.family_id),
        Arc::new(moved.finish()),
    ];
    RecordBatch::try_new(arrow_schema(&schema::PERSONS), columns)
        .expect("bug: persons columns match the canonical schema")
}

fn texts<'a, 'b>(rows: &'a [Row<'b>], f: fn(&'a Row<'b>) -> Option<&'a str>) -> ArrayRef {
    let mut b = StringBuilder::new();
    rows.iter().for_each(|r| b.append_option(f(r)));
    Arc::new(b.finish())
}
