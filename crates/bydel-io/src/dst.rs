//! The Danmarks Statistik import preset: register-style tables → a canonical dataset.
//!
//! Input folder (`bydel import --preset dst --from DIR`), each table as `.csv`, `.parquet`,
//! `.xlsx` or a folder of Parquet files, column names in upper case as in the registers:
//!
//! - [`BEF`] (`bef`): one row per person and data year, the population register (BEF) of
//!   1 January joined on PNR with the annual registers of the preceding calendar year (AKM's
//!   SOCIO13, IND's PERINDKIALT) and the education register (UDDA's HFAUDD).
//! - [`KRAF`] (`kraf`, optional): one row per decision in the criminal register.
//! - `addresses`, `areas.geojson` and the other canonical tables (`address_areas`, `dwellings`,
//!   …) are copied as they are: they are not registers.
//!
//! Register codes map to canonical codes through the data tables of [`mapping`]; a code that no
//! table covers is an input error naming file, line and column, never a guess. Identifiers that
//! look like CPR numbers are refused. The result is written to a temporary folder, validated
//! with [`crate::validate::validate`], and only then replaces `--out`: a failed import leaves
//! nothing behind. `docs/data-format.md` documents every column and mapping.

pub mod convictions;
pub mod mapping;
pub mod outside;
pub mod persons;

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use bydel_model::schema::{self, Column, ColumnType, Table};

use crate::IoError;
use crate::dataset::Dataset;
use crate::problem::Problems;
use crate::read::read_source;
use crate::write::{FileFormat, TableWriter};
use mapping::Mappings;

/// The person-year input table (BEF joined with AKM, IND and UDDA).
pub const BEF: Table = Table {
    name: "bef",
    required: true,
    columns: &[
        req("PNR", ColumnType::Text),
        req("AAR", ColumnType::Integer),
        req("ADRESSE_ID", ColumnType::Text),
        req("KOM", ColumnType::Integer),
        opt("REG", ColumnType::Integer),
        req("ALDER", ColumnType::Integer),
        req("KOEN", ColumnType::Integer),
        req("IE_TYPE", ColumnType::Integer),
        empty_ok("OPR_LAND", ColumnType::Text),
        empty_ok("HFAUDD", ColumnType::Text),
        req("SOCIO13", ColumnType::Integer),
        req("PERINDKIALT", ColumnType::Decimal),
        req("SKATTEPLIGT", ColumnType::Bool),
        opt("FAMILIE_ID", ColumnType::Text),
        opt("BOP_VFRA", ColumnType::Date),
    ],
};

/// The decision input table (KRAF).
pub const KRAF: Table = Table {
    name: "kraf",
    required: false,
    columns: &[
        req("PNR", ColumnType::Text),
        req("AFGDATO", ColumnType::Date),
        req("GERKODE", ColumnType::Text),
        req("AFGTYPE", ColumnType::Text),
    ],
};

/// What an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Table name → rows.
    pub rows: BTreeMap<&'static str, u64>,
    /// Where criterion A's full-time equivalents (`outside_fte`) came from.
    pub outside_fte: outside::Source,
}

/// The file in the imported dataset that records how it was made (preset, criterion A source).
pub const IMPORT_RECORD: &str = "import.json";

/// Imports the register-style tables of `from` into a canonical dataset at `out` (replaced as
/// a whole, and only when everything mapped and the result validates).
pub fn import(from: &Path, out: &Path, format: FileFormat) -> Result<Summary, IoError> {
    let input = Dataset {
        dir: from.to_path_buf(),
    };
    if !from.is_dir() {
        return Err(IoError::file(
            from,
            std::io::Error::new(std::io::ErrorKind::NotFound, "no such input folder"),
        ));
    }
    let output = crate::publish::Output::new(out, crate::publish::kind::DATASET).reading(from);
    output.check()?;
    let mappings = Mappings::load(Some(&from.join("mappings")))?;
    output.replace(|tmp| {
        let summary = fill(&input, &mappings, tmp, format)?;
        check_output(tmp)?;
        Ok(summary)
    })
}

fn fill(input: &Dataset, m: &Mappings, tmp: &Path, format: FileFormat) -> Result<Summary, IoError> {
    let mut problems = Problems::default();
    let mut summary = Summary::default();
    let regions = persons::region_table();
    let bef = input.require(&BEF)?;
    let fte = outside::load(input, &mut problems)?;
    summary.outside_fte = fte.source;
    let n = convert(
        &bef,
        &BEF,
        &schema::PERSONS,
        tmp,
        format,
        &mut problems,
        &mut |b, p| persons::convert(b, m, &regions, &fte, p),
    )?;
    summary.rows.insert("persons", n);
    if let Some(kraf) = input.source(&KRAF)? {
        let n = convert(
            &kraf,
            &KRAF,
            &schema::CONVICTIONS,
            tmp,
            format,
            &mut problems,
            &mut |b, p| convictions::convert(b, m, p),
        )?;
        summary.rows.insert("convictions", n);
    }
    for table in schema::TABLES
        .iter()
        .filter(|t| !matches!(t.name, "persons" | "convictions"))
    {
        if let Some(src) = copy_source(input, table)? {
            let n = convert(
                &src,
                table,
                table,
                tmp,
                format,
                &mut problems,
                &mut |b, _| b.batch.clone(),
            )?;
            summary.rows.insert(table.name, n);
        }
    }
    let areas = input.areas_path();
    std::fs::copy(&areas, tmp.join(schema::AREAS_FILE)).map_err(|e| IoError::file(&areas, e))?;
    let record = serde_json::json!({
        "preset": "dst",
        "outside_fte_source": fte.source.as_str(),
        "outside_fte": fte.source.describe(),
    });
    crate::write::write_atomic(&tmp.join(IMPORT_RECORD), format!("{record:#}\n").as_bytes())?;
    if problems.is_empty() {
        Ok(summary)
    } else {
        Err(IoError::Invalid(problems))
    }
}

/// The source of a canonical table to copy (`addresses` must be present).
fn copy_source(input: &Dataset, table: &'static Table) -> Result<Option<crate::Source>, IoError> {
    if table.required {
        input.require(table).map(Some)
    } else {
        input.source(table)
    }
}

/// Reads `source` as `input`, maps each batch with `f` and writes it as `output`.
fn convert(
    source: &crate::Source,
    input: &'static Table,
    output: &'static Table,
    tmp: &Path,
    format: FileFormat,
    problems: &mut Problems,
    f: &mut dyn FnMut(&crate::read::Batch, &mut Problems) -> arrow_array::RecordBatch,
) -> Result<u64, IoError> {
    let mut writer = TableWriter::create(tmp, output, format)?;
    let mut rows = 0;
    let res = read_source(source, input, None, &mut |b| {
        problems.extend(b.problems.clone());
        let batch = f(&b, problems);
        rows += batch.num_rows() as u64;
        writer.write_batch(&batch)
    });
    match res {
        Ok(()) => writer.finish().map(|_| rows),
        Err(IoError::Invalid(p)) => {
            problems.extend(p);
            Ok(0)
        }
        Err(e) => Err(e),
    }
}

/// Validates the written dataset; any problem stops the import.
fn check_output(dir: &Path) -> Result<(), IoError> {
    let ds = Dataset::open(dir)?;
    let ids = area_ids(&ds.areas_path())?;
    let report = crate::validate::validate(&ds, &ids, &mut |_| {})?;
    if report.problems.is_empty() {
        Ok(())
    } else {
        Err(IoError::Invalid(report.problems))
    }
}

/// The (kind, area_id) pairs of an areas file, for checking `address_areas`.
pub fn area_ids(path: &Path) -> Result<HashSet<(String, String)>, IoError> {
    let text = std::fs::read_to_string(path).map_err(|e| IoError::file(path, e))?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        let mut p = Problems::default();
        let line = Some(e.line() as u64);
        p.at(
            &path.display().to_string(),
            line,
            None,
            "a GeoJSON FeatureCollection",
            e.to_string(),
        );
        IoError::Invalid(p)
    })?;
    let features = json.get("features").and_then(|f| f.as_array());
    Ok(features
        .into_iter()
        .flatten()
        .filter_map(|f| {
            let props = f.get("properties")?;
            let s = |k: &str| props.get(k).and_then(|v| v.as_str()).map(str::to_string);
            Some((s("kind")?, s("area_id")?))
        })
        .collect())
}

const fn req(name: &'static str, ty: ColumnType) -> Column {
    Column {
        name,
        ty,
        required: true,
        nullable: false,
    }
}

const fn empty_ok(name: &'static str, ty: ColumnType) -> Column {
    Column {
        name,
        ty,
        required: true,
        nullable: true,
    }
}

const fn opt(name: &'static str, ty: ColumnType) -> Column {
    Column {
        name,
        ty,
        required: false,
        nullable: true,
    }
}
