//! The aggregation as SQL, for users who outgrow one machine.
//!
//! [`aggregation_sql`] turns the same [`MeasureSpec`]s the native pass computes into one SQL
//! query for DuckDB, Spark SQL or Trino. The query reads the canonical `persons` and
//! `convictions` tables plus an address → area mapping (`address_id`, `kind`, `area_id`,
//! exported by [`address_areas`] with the same placement the native pass uses) and returns the
//! counts in the long format of `counts.parquet`: `kind, area_id, year, measure, value` with
//! exact integer values. The conventions are the native ones:
//! - a guilty decision under the three laws of criterion B counts in data year = decision year + 1;
//! - the Western-countries list is inlined as a `VALUES` table of (country, first, last year);
//! - `outside_fte` is summed in micro-FTE, `CAST(ROUND(outside_fte * 1000000) AS BIGINT)`;
//! - every area of the areas file gets a row for every data year (zeros included); municipality,
//!   region and country rows come from the persons' own codes and are left out when all zero;
//! - ages are clamped to 0–255 and only years 1980–2100 are counted, as in the native pass.
//!
//! The aggregation is associative (a first `GROUP BY` per address and year, then per area), so it
//! runs as a map-reduce on a distributed engine; the counts that come back are small.

use std::fmt::Write as _;
use std::path::Path;

use bydel_geo::AreaSet;
use bydel_io::{Dataset, IoError, Source};
use bydel_model::measure::{MICRO, MeasureSpec, Population, Quantity};
use bydel_model::schema;
use bydel_model::{AreaId, Kind, Law, WesternList, Year};

use crate::EngineError;
use crate::kernel::Compiled;

/// The SQL dialect to emit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// DuckDB (also the dialect of the test that checks the SQL against the native pass).
    DuckDb,
    /// Spark SQL (3.x).
    Spark,
    /// Trino / Presto.
    Trino,
}

/// Where the query finds its input tables: SQL table names or table expressions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tables {
    /// The `persons` table.
    pub persons: String,
    /// The `convictions` table, if the dataset has one.
    pub convictions: Option<String>,
    /// The address → area mapping (`address_id`, `kind`, `area_id`).
    pub address_areas: String,
    /// The list of areas (every area gets a row for every year, zeros included).
    pub areas: AreaList,
}

/// The areas of the geometric layers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AreaList {
    /// Inlined as a `VALUES` list (from the dataset's areas file).
    Inline(Vec<(Kind, AreaId)>),
    /// A table with columns `kind`, `area_id`.
    Table(String),
}

/// One row of the address → area mapping.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AddressArea {
    /// The address.
    pub address_id: String,
    /// The layer.
    pub kind: Kind,
    /// The area of that layer the address lies in.
    pub area_id: AreaId,
}

impl Dialect {
    /// The dialect's name for a string type.
    fn string_type(self) -> &'static str {
        match self {
            Dialect::Spark => "STRING",
            Dialect::DuckDb | Dialect::Trino => "VARCHAR",
        }
    }
}

impl Tables {
    /// Plain table names: `persons`, `convictions`, `address_areas`, `area_list`.
    pub fn named() -> Self {
        Tables {
            persons: "persons".into(),
            convictions: Some("convictions".into()),
            address_areas: "address_areas".into(),
            areas: AreaList::Table("area_list".into()),
        }
    }
}

impl AreaList {
    /// Every area of the areas file, in file order.
    pub fn of(areas: &AreaSet) -> Self {
        AreaList::Inline(
            areas
                .areas
                .iter()
                .map(|a| (a.kind.clone(), a.area_id.clone()))
                .collect(),
        )
    }
}

/// DuckDB table expressions (`read_parquet`, `read_csv`) for a dataset folder and a mapping file
/// (CSV or Parquet) written from [`address_areas`].
pub fn duckdb_tables(ds: &Dataset, areas: &AreaSet, mapping: &Path) -> Result<Tables, EngineError> {
    let persons = duckdb_source(&ds.require(&schema::PERSONS)?)?;
    let convictions = match ds.source(&schema::CONVICTIONS)? {
        Some(s) => Some(duckdb_source(&s)?),
        None => None,
    };
    let address_areas = match mapping.extension().and_then(|e| e.to_str()) {
        Some("parquet") => duckdb_source(&Source::Parquet(mapping.into()))?,
        _ => duckdb_source(&Source::Csv(mapping.into()))?,
    };
    Ok(Tables {
        persons,
        convictions,
        address_areas,
        areas: AreaList::of(areas),
    })
}

/// The placement of every address in every layer, as the native pass computes it (point in
/// polygon, overridden by the dataset's `address_areas` table), sorted.
pub fn address_areas(ds: &Dataset, areas: &AreaSet) -> Result<Vec<AddressArea>, EngineError> {
    let layout = crate::pass::resolve_addresses(ds, areas)?;
    let mut rows = Vec::new();
    for (id, &a) in &layout.address_index {
        for &slot in layout.slots_of(a).iter().filter(|&&s| s != u32::MAX) {
            let area = &areas.areas[slot as usize];
            rows.push(AddressArea {
                address_id: id.clone(),
                kind: area.kind.clone(),
                area_id: area.area_id.clone(),
            });
        }
    }
    rows.sort();
    Ok(rows)
}

/// The aggregation of `measures` as one SQL query in `dialect`, reading `tables`.
pub fn aggregation_sql(
    dialect: Dialect,
    measures: &[MeasureSpec],
    western: &WesternList,
    tables: &Tables,
) -> Result<String, EngineError> {
    for m in measures {
        Compiled::new(m)?;
    }
    let n = measures.len();
    let mut q =
        String::from("-- bydel aggregation, generated from the measure definitions\nWITH\n");
    let _ = writeln!(q, "western AS ({}),", western_values(western));
    let _ = writeln!(q, "conv AS ({}),", convictions_cte(dialect, tables));
    let _ = writeln!(
        q,
        "person_rows AS ({}),",
        rows_cte(dialect, measures, tables)
    );
    let _ = writeln!(q, "by_address AS ({}),", by_address_cte(n));
    q.push_str("years AS (SELECT DISTINCT year FROM by_address),\n");
    let _ = writeln!(q, "layer_sums AS ({}),", layer_sums_cte(dialect, n, tables));
    let _ = writeln!(
        q,
        "area_list AS ({}),",
        area_list_cte(dialect, &tables.areas)
    );
    let _ = writeln!(q, "layer AS ({}),", layer_cte(n));
    let _ = writeln!(q, "admin AS ({}),", admin_cte(dialect, n));
    let _ = writeln!(q, "wide AS ({})", wide_cte(n));
    q.push_str(&long_select(measures));
    Ok(q)
}

/// The mapping as CSV text (`address_id,kind,area_id`).
pub fn address_areas_csv(rows: &[AddressArea]) -> String {
    let mut out = String::from("address_id,kind,area_id\n");
    for r in rows {
        let _ = writeln!(
            out,
            "{},{},{}",
            csv_field(&r.address_id),
            r.kind.as_str(),
            csv_field(r.area_id.as_str())
        );
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn duckdb_source(s: &Source) -> Result<String, EngineError> {
    let lit = |p: &Path| quote(&p.display().to_string());
    Ok(match s {
        Source::Parquet(p) => format!("read_parquet({})", lit(p)),
        Source::ParquetDir(files) => {
            let list: Vec<String> = files.iter().map(|p| lit(p)).collect();
            format!("read_parquet([{}])", list.join(", "))
        }
        Source::Csv(p) => format!("read_csv({}, header = true)", lit(p)),
        Source::Xlsx(p) => {
            return Err(IoError::Xlsx {
                path: p.clone(),
                message: "the generated SQL reads Parquet or CSV; save this table as CSV first"
                    .into(),
            }
            .into());
        }
    })
}

/// A SQL string literal.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The Western list as (country, first_year, last_year) spans over the years bydel counts.
fn western_values(western: &WesternList) -> String {
    let mut rows = Vec::new();
    for a in b'A'..=b'Z' {
        for b in b'A'..=b'Z' {
            let code = String::from_utf8(vec![a, b]).expect("ASCII");
            rows.extend(
                spans(western, &code)
                    .into_iter()
                    .map(|(from, to)| format!("({}, {from}, {to})", quote(&code))),
            );
        }
    }
    if rows.is_empty() {
        return "SELECT 'XX' AS country, 0 AS first_year, -1 AS last_year".into();
    }
    format!(
        "SELECT * FROM (VALUES {}) AS w(country, first_year, last_year)",
        rows.join(", ")
    )
}

/// The maximal runs of years in which `code` is Western.
fn spans(western: &WesternList, code: &str) -> Vec<(i32, i32)> {
    let mut out: Vec<(i32, i32)> = Vec::new();
    for y in Year::MIN..=Year::MAX {
        if !western.is_western(code, y) {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.1 == y - 1 => last.1 = y,
            _ => out.push((y, y)),
        }
    }
    out
}

/// Distinct (person, data year) with a guilty decision under the three laws the year before.
fn convictions_cte(dialect: Dialect, tables: &Tables) -> String {
    let st = dialect.string_type();
    let Some(conv) = &tables.convictions else {
        return format!("SELECT CAST(NULL AS {st}) AS person_id, 0 AS year WHERE 1 = 0");
    };
    let laws: Vec<String> = Law::ALL
        .iter()
        .filter(|l| l.counts_for_criterion_b())
        .map(|l| quote(l.as_str()))
        .collect();
    format!(
        "SELECT DISTINCT CAST(person_id AS {st}) AS person_id, \
         CAST(EXTRACT(YEAR FROM decision_date) AS INTEGER) + 1 AS year \
         FROM {conv} WHERE guilty AND law IN ({})",
        laws.join(", ")
    )
}

/// One row per person-year with the amount each measure adds.
fn rows_cte(dialect: Dialect, measures: &[MeasureSpec], tables: &Tables) -> String {
    let st = dialect.string_type();
    let cols: Vec<String> = measures
        .iter()
        .enumerate()
        .map(|(i, m)| {
            format!(
                "CASE WHEN {} THEN {} ELSE 0 END AS m{i}",
                population_sql(&m.population),
                quantity_sql(m.quantity)
            )
        })
        .collect();
    format!(
        "SELECT p.year, CAST(p.address_id AS {st}) AS address_id, p.municipality, p.region, {} \
         FROM (SELECT *, LEAST(GREATEST(age, 0), 255) AS age_c FROM {}) p \
         LEFT JOIN western w ON w.country = p.origin_country \
         AND p.year BETWEEN w.first_year AND w.last_year \
         LEFT JOIN conv c ON c.person_id = CAST(p.person_id AS {st}) AND c.year = p.year \
         WHERE p.year BETWEEN {} AND {}",
        cols.join(", "),
        tables.persons,
        Year::MIN,
        Year::MAX
    )
}

/// A population filter as a boolean SQL expression over `p`, `w` and `c`.
fn population_sql(p: &Population) -> String {
    let mut parts = vec!["TRUE".to_string()];
    if let Some(a) = p.age_min {
        parts.push(format!("p.age_c >= {a}"));
    }
    if let Some(a) = p.age_max {
        parts.push(format!("p.age_c <= {a}"));
    }
    let codes = |col: &str, v: Vec<&str>| {
        let list: Vec<String> = v.into_iter().map(quote).collect();
        format!("p.{col} IN ({})", list.join(", "))
    };
    if let Some(v) = &p.sex {
        parts.push(codes("sex", v.iter().map(|x| x.as_str()).collect()));
    }
    if let Some(v) = &p.origin {
        parts.push(codes("origin", v.iter().map(|x| x.as_str()).collect()));
    }
    if let Some(v) = &p.education {
        parts.push(codes("education", v.iter().map(|x| x.as_str()).collect()));
    }
    for (want, flag) in flags(p) {
        if let Some(w) = want {
            parts.push(if w { flag } else { format!("NOT ({flag})") });
        }
    }
    format!("({})", parts.join(" AND "))
}

/// The row flags of the native kernel as never-NULL boolean expressions.
fn flags(p: &Population) -> [(Option<bool>, String); 5] {
    let moved = "(p.moved_in IS NOT NULL AND \
                 ((EXTRACT(YEAR FROM p.moved_in) = p.year - 1 \
                 AND (EXTRACT(MONTH FROM p.moved_in) > 1 OR EXTRACT(DAY FROM p.moved_in) > 1)) \
                 OR (EXTRACT(YEAR FROM p.moved_in) = p.year \
                 AND EXTRACT(MONTH FROM p.moved_in) = 1 AND EXTRACT(DAY FROM p.moved_in) = 1)))";
    [
        (
            p.non_western,
            "(p.origin <> 'danish' AND p.origin_country IS NOT NULL AND w.country IS NULL)".into(),
        ),
        (p.in_education, "COALESCE(p.in_education, FALSE)".into()),
        (p.taxable, "COALESCE(p.taxable, FALSE)".into()),
        (p.convicted, "(c.person_id IS NOT NULL)".into()),
        (p.moved_last_year, moved.into()),
    ]
}

fn quantity_sql(q: Quantity) -> String {
    match q {
        Quantity::Count => "1".into(),
        Quantity::OutsideFteMicro => {
            format!("CAST(ROUND(COALESCE(p.outside_fte, 0) * {MICRO}) AS BIGINT)")
        }
        Quantity::GrossIncome => "CAST(COALESCE(p.gross_income, 0) AS BIGINT)".into(),
    }
}

fn sums(n: usize, prefix: &str) -> String {
    (0..n)
        .map(|i| format!("SUM({prefix}m{i}) AS m{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn by_address_cte(n: usize) -> String {
    format!(
        "SELECT year, address_id, municipality, region, {} FROM person_rows \
         GROUP BY year, address_id, municipality, region",
        sums(n, "")
    )
}

fn layer_sums_cte(dialect: Dialect, n: usize, tables: &Tables) -> String {
    let st = dialect.string_type();
    format!(
        "SELECT CAST(a.kind AS {st}) AS kind, CAST(a.area_id AS {st}) AS area_id, b.year, {} \
         FROM by_address b JOIN {} a ON CAST(a.address_id AS {st}) = b.address_id \
         GROUP BY a.kind, a.area_id, b.year",
        sums(n, "b."),
        tables.address_areas
    )
}

fn area_list_cte(dialect: Dialect, areas: &AreaList) -> String {
    let st = dialect.string_type();
    match areas {
        AreaList::Table(t) => {
            format!("SELECT CAST(kind AS {st}) AS kind, CAST(area_id AS {st}) AS area_id FROM {t}")
        }
        AreaList::Inline(v) if v.is_empty() => {
            format!("SELECT CAST(NULL AS {st}) AS kind, CAST(NULL AS {st}) AS area_id WHERE 1 = 0")
        }
        AreaList::Inline(v) => {
            let rows: Vec<String> = v
                .iter()
                .map(|(k, a)| format!("({}, {})", quote(k.as_str()), quote(a.as_str())))
                .collect();
            format!(
                "SELECT * FROM (VALUES {}) AS l(kind, area_id)",
                rows.join(", ")
            )
        }
    }
}

fn layer_cte(n: usize) -> String {
    let cols: Vec<String> = (0..n)
        .map(|i| format!("COALESCE(s.m{i}, 0) AS m{i}"))
        .collect();
    format!(
        "SELECT l.kind, l.area_id, y.year, {} FROM area_list l CROSS JOIN years y \
         LEFT JOIN layer_sums s ON s.kind = l.kind AND s.area_id = l.area_id AND s.year = y.year",
        cols.join(", ")
    )
}

fn admin_cte(dialect: Dialect, n: usize) -> String {
    let st = dialect.string_type();
    let s = sums(n, "");
    format!(
        "SELECT {muni} AS kind, CAST(municipality AS {st}) AS area_id, year, {s} FROM by_address \
         WHERE municipality BETWEEN 1 AND 999 GROUP BY municipality, year \
         UNION ALL SELECT {reg}, CAST(region AS {st}), year, {s} FROM by_address \
         WHERE region BETWEEN 1000 AND 1999 GROUP BY region, year \
         UNION ALL SELECT {country}, {dk}, year, {s} FROM by_address GROUP BY year",
        muni = quote(Kind::MUNICIPALITY),
        reg = quote(Kind::REGION),
        country = quote(Kind::COUNTRY),
        dk = quote(Kind::COUNTRY_ID),
    )
}

fn wide_cte(n: usize) -> String {
    let zero: Vec<String> = (0..n).map(|i| format!("m{i} = 0")).collect();
    format!(
        "SELECT * FROM layer UNION ALL SELECT * FROM admin WHERE NOT ({})",
        zero.join(" AND ")
    )
}

fn long_select(measures: &[MeasureSpec]) -> String {
    let names: Vec<String> = measures
        .iter()
        .enumerate()
        .map(|(i, m)| format!("({}, {i})", quote(&m.name)))
        .collect();
    let cases: Vec<String> = (0..measures.len())
        .map(|i| format!("WHEN {i} THEN x.m{i}"))
        .collect();
    format!(
        "SELECT x.kind, x.area_id, x.year, m.measure, CAST(CASE m.idx {} END AS BIGINT) AS value \
         FROM wide x CROSS JOIN (VALUES {}) AS m(measure, idx)\n\
         ORDER BY x.kind, x.area_id, x.year, m.measure\n",
        cases.join(" "),
        names.join(", ")
    )
}
