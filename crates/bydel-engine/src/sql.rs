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
use bydel_model::schema::{self, Table};
use bydel_model::{AreaId, Kind, Law, WesternList, Year};

use crate::EngineError;
use crate::institutions::{GROUPS as INST_GROUPS, MEASURES as INST_MEASURES};
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
    /// The `addresses` table (a child or a family has a known home when its address is in it).
    pub addresses: String,
    /// Whether `persons` has the optional `family_id` column (without it every person is a
    /// family of one).
    pub family_id: bool,
    /// The institution tables; `None` when the dataset has none of `pupils`,
    /// `daycare_children` and `language_assessments` (then no institution or family measure
    /// is computed, as in the native pass).
    pub institutions: Option<InstitutionTables>,
}

/// The tables of the institution and family measures; `None` for a table the dataset lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstitutionTables {
    /// `pupils`.
    pub pupils: Option<String>,
    /// Whether `pupils` has the optional `exam_avg` column.
    pub exam_avg: bool,
    /// `schools`.
    pub schools: Option<String>,
    /// `daycare_children`.
    pub daycare_children: Option<String>,
    /// `daycare` (the institutions).
    pub daycare: Option<String>,
    /// `language_assessments`.
    pub language: Option<String>,
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
    /// Plain table names: `persons`, `convictions`, `address_areas`, `area_list`, `addresses`
    /// and every institution table under its canonical name (`pupils`, `schools`,
    /// `daycare_children`, `daycare`, `language_assessments`), all present, with `family_id`
    /// and `exam_avg`.
    pub fn named() -> Self {
        Tables {
            persons: "persons".into(),
            convictions: Some("convictions".into()),
            address_areas: "address_areas".into(),
            areas: AreaList::Table("area_list".into()),
            addresses: "addresses".into(),
            family_id: true,
            institutions: Some(InstitutionTables {
                pupils: Some("pupils".into()),
                exam_avg: true,
                schools: Some("schools".into()),
                daycare_children: Some("daycare_children".into()),
                daycare: Some("daycare".into()),
                language: Some("language_assessments".into()),
            }),
        }
    }

    /// Canonical table names for the tables `ds` has (a table it lacks is left out, as the
    /// native pass leaves it out), the optional columns as the dataset has them, and its
    /// areas inlined. For engines where the user registers each table under its name.
    pub fn named_for(ds: &Dataset, areas: &AreaSet) -> Result<Self, EngineError> {
        Self::for_dataset(ds, areas, &|t, _| Ok(t.name.to_string()))
    }

    fn for_dataset(
        ds: &Dataset,
        areas: &AreaSet,
        name: &dyn Fn(&'static Table, &Source) -> Result<String, EngineError>,
    ) -> Result<Self, EngineError> {
        let table = |t: &'static Table| -> Result<Option<(String, Source)>, EngineError> {
            match ds.source(t)? {
                Some(src) => Ok(Some((name(t, &src)?, src))),
                None => Ok(None),
            }
        };
        let persons_src = ds.require(&schema::PERSONS)?;
        let pupils = table(&schema::PUPILS)?;
        let daycare_children = table(&schema::DAYCARE_CHILDREN)?;
        let language = table(&schema::LANGUAGE_ASSESSMENTS)?;
        let institutions = if pupils.is_none() && daycare_children.is_none() && language.is_none() {
            None
        } else {
            Some(InstitutionTables {
                exam_avg: match &pupils {
                    Some((_, src)) => has_column(src, "exam_avg")?,
                    None => false,
                },
                pupils: pupils.map(|p| p.0),
                schools: table(&schema::SCHOOLS)?.map(|p| p.0),
                daycare_children: daycare_children.map(|p| p.0),
                daycare: table(&schema::DAYCARE)?.map(|p| p.0),
                language: language.map(|p| p.0),
            })
        };
        Ok(Tables {
            persons: name(&schema::PERSONS, &persons_src)?,
            convictions: table(&schema::CONVICTIONS)?.map(|p| p.0),
            address_areas: "address_areas".into(),
            areas: AreaList::of(areas),
            addresses: name(&schema::ADDRESSES, &ds.require(&schema::ADDRESSES)?)?,
            family_id: has_column(&persons_src, "family_id")?,
            institutions,
        })
    }
}

/// Whether a table file has a column named `name` (Parquet schema or CSV header).
fn has_column(src: &Source, name: &str) -> Result<bool, EngineError> {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let parquet = |p: &Path| -> Result<bool, EngineError> {
        let file = std::fs::File::open(p).map_err(|e| IoError::file(p, e))?;
        let reader = SerializedFileReader::new(file).map_err(|source| IoError::Parquet {
            path: p.into(),
            source,
        })?;
        let schema = reader.metadata().file_metadata().schema_descr_ptr();
        Ok(schema.columns().iter().any(|c| c.name() == name))
    };
    match src {
        Source::Parquet(p) => parquet(p),
        Source::ParquetDir(files) => match files.first() {
            Some(p) => parquet(p),
            None => Ok(false),
        },
        Source::Csv(p) => {
            use std::io::BufRead as _;
            let file = std::fs::File::open(p).map_err(|e| IoError::file(p, e))?;
            let mut header = String::new();
            std::io::BufReader::new(file)
                .read_line(&mut header)
                .map_err(|e| IoError::file(p, e))?;
            Ok(header
                .trim_start_matches('\u{feff}')
                .trim_end()
                .split([',', ';'])
                .any(|c| c.trim().trim_matches('"') == name))
        }
        Source::Xlsx(_) => Ok(true),
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
    let address_areas = match mapping.extension().and_then(|e| e.to_str()) {
        Some("parquet") => duckdb_source(&Source::Parquet(mapping.into()))?,
        _ => duckdb_source(&Source::Csv(mapping.into()))?,
    };
    Ok(Tables {
        address_areas,
        ..Tables::for_dataset(ds, areas, &|_, src| duckdb_source(src))?
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
    let _ = writeln!(q, "wide AS ({}),", wide_cte(n));
    let _ = write!(q, "person_long AS ({})", long_cte(measures));
    match &tables.institutions {
        Some(inst) => {
            q.push_str(",\n");
            q.push_str(&institution_ctes(dialect, tables, inst));
            q.push_str(
                "\nSELECT * FROM person_long UNION ALL SELECT * FROM inst_long\n\
                 ORDER BY kind, area_id, year, measure\n",
            );
        }
        None => q.push_str("\nSELECT * FROM person_long ORDER BY kind, area_id, year, measure\n"),
    }
    Ok(q)
}

/// The names of the measures the query computes: `measures`, then the institution and family
/// measures when the tables have institutions.
pub fn measure_names(measures: &[MeasureSpec], tables: &Tables) -> Vec<String> {
    let mut names: Vec<String> = measures.iter().map(|m| m.name.clone()).collect();
    if tables.institutions.is_some() {
        names.extend(INST_MEASURES.iter().map(|m| m.to_string()));
    }
    names
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

fn long_cte(measures: &[MeasureSpec]) -> String {
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
         FROM wide x CROSS JOIN (VALUES {}) AS m(measure, idx)",
        cases.join(" "),
        names.join(", ")
    )
}

/// One event of an institution or family measure: the values it adds to columns `v0..v17`
/// (in the order of [`INST_MEASURES`]); columns not given add 0.
fn event_values(values: &[(usize, &str)]) -> String {
    (0..INST_MEASURES.len())
        .map(|i| {
            let v = values.iter().find(|(j, _)| *j == i).map_or("0", |(_, e)| e);
            format!("CAST({v} AS BIGINT) AS v{i}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn inst_sums(prefix: &str) -> String {
    (0..INST_MEASURES.len())
        .map(|i| format!("SUM({prefix}v{i}) AS v{i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The institution and family measures, as the native institution pass counts them
/// ([`crate::institutions`]): every person-year's family (`COALESCE(family_id, person_id)`),
/// the children (0–17, known address), each family's home (the member address that sorts
/// first, then the smallest municipality and region), half the median income of families with
/// children (truncated towards zero), then events placed at the child's or family's home
/// (every layer, municipality, region, country) or at the school or daycare institution. A
/// group of measures gets cells where its count is not zero. Ends with the CTE `inst_long`.
fn institution_ctes(dialect: Dialect, tables: &Tables, inst: &InstitutionTables) -> String {
    let st = dialect.string_type();
    let (lo, hi) = (Year::MIN, Year::MAX);
    let family = if tables.family_id {
        format!("COALESCE(CAST(p.family_id AS {st}), CAST(p.person_id AS {st}))")
    } else {
        format!("CAST(p.person_id AS {st})")
    };
    let non_western = flags(&Population::default())[0].1.clone();
    let mut q = String::new();
    let _ = writeln!(
        q,
        "known AS (SELECT DISTINCT CAST(address_id AS {st}) AS address_id FROM {}),",
        tables.addresses
    );
    let _ = writeln!(
        q,
        "members AS (SELECT p.year, CAST(p.person_id AS {st}) AS person_id, {family} AS family_id, \
         p.age, k.address_id, p.municipality, p.region, {non_western} AS non_western, \
         COALESCE(CAST(p.outside_fte AS DOUBLE), 0) >= 0.5 AS outside_half, \
         CAST(COALESCE(p.gross_income, 0) AS BIGINT) AS income \
         FROM {} p LEFT JOIN western w ON w.country = p.origin_country \
         AND p.year BETWEEN w.first_year AND w.last_year \
         LEFT JOIN known k ON k.address_id = CAST(p.address_id AS {st}) \
         WHERE p.year BETWEEN {lo} AND {hi}),",
        tables.persons
    );
    q.push_str(
        "fam AS (SELECT year, family_id, SUM(CASE WHEN age >= 18 THEN 1 ELSE 0 END) AS adults, \
         SUM(CASE WHEN age >= 18 AND outside_half THEN 1 ELSE 0 END) AS outside, \
         SUM(CASE WHEN age < 18 THEN 1 ELSE 0 END) AS kids, SUM(income) AS income \
         FROM members GROUP BY year, family_id),\n\
         home AS (SELECT year, family_id, address_id, municipality, region FROM \
         (SELECT year, family_id, address_id, municipality, region, ROW_NUMBER() OVER \
         (PARTITION BY year, family_id ORDER BY address_id ASC NULLS LAST, municipality, region) \
         AS rn FROM members) h WHERE rn = 1),\n\
         half AS (SELECT year, CASE WHEN COUNT(*) = 1 THEN 2 * SUM(income) ELSE SUM(income) END \
         AS median2 FROM (SELECT year, income, \
         ROW_NUMBER() OVER (PARTITION BY year ORDER BY income) AS rn, \
         COUNT(*) OVER (PARTITION BY year) AS n FROM fam WHERE kids > 0) x \
         WHERE 2 * rn BETWEEN n AND n + 2 GROUP BY year),\n\
         kids AS (SELECT m.year, m.person_id, m.address_id, m.municipality, m.region, \
         m.non_western, (f.adults > 0 AND f.outside = f.adults) AS parents_outside, \
         CASE WHEN h.median2 >= 0 THEN 4 * (f.income + 1) <= h.median2 \
         ELSE 4 * f.income < h.median2 END AS low_income \
         FROM members m JOIN fam f ON f.year = m.year AND f.family_id = m.family_id \
         JOIN half h ON h.year = m.year WHERE m.age < 18 AND m.address_id IS NOT NULL),\n",
    );
    let flag = |e: &str| format!("CASE WHEN {e} THEN 1 ELSE 0 END");
    let (nw, po) = (flag("c.non_western"), flag("c.parents_outside"));
    // events at a home: (year, address_id, municipality, region, v0..v17)
    let mut home = Vec::new();
    // events at an institution: (kind, area_id, year, v0..v17)
    let mut at_inst = Vec::new();
    if let Some(pupils) = &inst.pupils {
        let absence = "CAST(ROUND(CAST(u.absence_pct AS DOUBLE) * 1000) AS BIGINT)";
        let (exam_n, centi) = if inst.exam_avg {
            (
                flag("u.exam_avg IS NOT NULL"),
                "COALESCE(CAST(ROUND(CAST(u.exam_avg AS DOUBLE) * 100) AS BIGINT), 0)",
            )
        } else {
            ("0".to_string(), "0")
        };
        let over = flag("CAST(u.absence_pct AS DOUBLE) > 10.0");
        let values = |nw: &str, po: &str| {
            event_values(&[
                (0, "1"),
                (1, nw),
                (2, po),
                (3, absence),
                (4, &format!("{absence} * {absence}")),
                (5, &over),
                (6, &exam_n),
                (7, centi),
                (8, &format!("{centi} * {centi}")),
            ])
        };
        let _ = writeln!(
            q,
            "pupil_rows AS (SELECT CAST(person_id AS {st}) AS person_id, year, \
             CAST(school_id AS {st}) AS school_id, absence_pct, {} FROM {pupils} \
             WHERE year BETWEEN {lo} AND {hi}),",
            if inst.exam_avg {
                "exam_avg"
            } else {
                "CAST(NULL AS DOUBLE) AS exam_avg"
            }
        );
        home.push(format!(
            "SELECT c.year, c.address_id, c.municipality, c.region, {} FROM pupil_rows u \
             JOIN kids c ON c.person_id = u.person_id AND c.year = u.year",
            values(&nw, &po)
        ));
        if let Some(schools) = &inst.schools {
            let _ = writeln!(
                q,
                "school_ids AS (SELECT DISTINCT CAST(school_id AS {st}) AS id FROM {schools}),"
            );
            at_inst.push(format!(
                "SELECT 'school' AS kind, u.school_id AS area_id, u.year, {} FROM pupil_rows u \
                 JOIN school_ids s ON s.id = u.school_id \
                 LEFT JOIN kids c ON c.person_id = u.person_id AND c.year = u.year",
                values(&format!("COALESCE({nw}, 0)"), &format!("COALESCE({po}, 0)"))
            ));
        }
    }
    if let (Some(children), Some(daycare)) = (&inst.daycare_children, &inst.daycare) {
        let _ = writeln!(
            q,
            "daycare_ids AS (SELECT DISTINCT CAST(institution_id AS {st}) AS id FROM {daycare}),\n\
             daycare_rows AS (SELECT CAST(person_id AS {st}) AS person_id, \
             CAST(institution_id AS {st}) AS institution_id, \
             CAST(EXTRACT(YEAR FROM admission_date) AS INTEGER) AS year FROM {children}),"
        );
        at_inst.push(format!(
            "SELECT 'daycare' AS kind, d.institution_id AS area_id, d.year, {} \
             FROM daycare_rows d JOIN daycare_ids i ON i.id = d.institution_id \
             LEFT JOIN kids c ON c.person_id = d.person_id AND c.year = d.year \
             WHERE d.year BETWEEN {lo} AND {hi}",
            event_values(&[
                (9, "1"),
                (10, &format!("COALESCE({nw}, 0)")),
                (11, &format!("COALESCE({po}, 0)")),
            ])
        ));
    }
    if let Some(language) = &inst.language {
        home.push(format!(
            "SELECT c.year, c.address_id, c.municipality, c.region, {} FROM {language} l \
             JOIN kids c ON c.person_id = CAST(l.person_id AS {st}) AND c.year = l.year \
             WHERE l.age = 3",
            event_values(&[
                (12, "1"),
                (13, "CASE WHEN l.result = 'general' THEN 0 ELSE 1 END"),
            ])
        ));
    }
    home.push(format!(
        "SELECT c.year, c.address_id, c.municipality, c.region, {} FROM kids c",
        event_values(&[(14, "1"), (15, &flag("c.low_income"))])
    ));
    home.push(format!(
        "SELECT f.year, h.address_id, h.municipality, h.region, {} FROM fam f \
         JOIN home h ON h.year = f.year AND h.family_id = f.family_id WHERE f.kids > 0",
        event_values(&[(16, "1"), (17, &flag("f.adults = 1"))])
    ));
    let _ = writeln!(q, "home_events AS ({}),", home.join(" UNION ALL "));
    let s = inst_sums("");
    let mut sums = vec![
        format!(
            "SELECT CAST(a.kind AS {st}) AS kind, CAST(a.area_id AS {st}) AS area_id, e.year, {} \
             FROM home_events e JOIN {} a ON CAST(a.address_id AS {st}) = e.address_id \
             GROUP BY a.kind, a.area_id, e.year",
            inst_sums("e."),
            tables.address_areas
        ),
        format!(
            "SELECT {}, CAST(municipality AS {st}), year, {s} FROM home_events \
             WHERE municipality BETWEEN 1 AND 999 GROUP BY municipality, year",
            quote(Kind::MUNICIPALITY)
        ),
        format!(
            "SELECT {}, CAST(region AS {st}), year, {s} FROM home_events \
             WHERE region BETWEEN 1000 AND 1999 GROUP BY region, year",
            quote(Kind::REGION)
        ),
        format!(
            "SELECT {}, {}, year, {s} FROM home_events GROUP BY year",
            quote(Kind::COUNTRY),
            quote(Kind::COUNTRY_ID)
        ),
    ];
    if !at_inst.is_empty() {
        let _ = writeln!(q, "inst_events AS ({}),", at_inst.join(" UNION ALL "));
        sums.push(format!(
            "SELECT kind, area_id, year, {s} FROM inst_events GROUP BY kind, area_id, year"
        ));
    }
    let _ = writeln!(q, "inst_sums AS ({}),", sums.join(" UNION ALL "));
    let names: Vec<String> = INST_MEASURES
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let group = INST_GROUPS
                .iter()
                .find(|(_, cols)| cols.contains(&i))
                .map(|(count, _)| *count)
                .expect("every measure is in a group");
            format!("({}, {i}, {group})", quote(m))
        })
        .collect();
    let case = |col: &str| {
        (0..INST_MEASURES.len())
            .map(|i| format!("WHEN {i} THEN x.v{i}"))
            .fold(format!("CASE m.{col}"), |a, b| a + " " + &b)
            + " END"
    };
    let _ = write!(
        q,
        "inst_long AS (SELECT x.kind, x.area_id, x.year, m.measure, \
         CAST({} AS BIGINT) AS value FROM inst_sums x \
         CROSS JOIN (VALUES {}) AS m(measure, idx, grp) WHERE {} <> 0)",
        case("idx"),
        names.join(", "),
        case("grp")
    );
    q
}
