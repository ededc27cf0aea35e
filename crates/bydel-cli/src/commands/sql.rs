//! `bydel sql --dialect duckdb|spark|trino [--dataset DIR] [--mapping FILE]`: prints the
//! aggregation as SQL generated from the measure definitions, for running on a distributed engine.
//!
//! Without `--dataset` the query reads tables named `persons`, `convictions`, `address_areas`,
//! `area_list`, `addresses`, `schools`, `pupils`, `daycare`, `daycare_children` and
//! `language_assessments`. With `--dataset` the areas are inlined, only the tables the dataset
//! has are read, and `--mapping FILE` (`.csv` or
//! `.parquet`) writes the address → area mapping computed with bydel's own placement; for DuckDB
//! the query then reads the dataset's files directly (`read_parquet` / `read_csv`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bydel_engine::sql::{self, AddressArea, Dialect, Tables};
use bydel_geo::AreaSet;
use bydel_io::Dataset;

use crate::commands::aggregate::load_western;
use crate::error::CliError;

/// Arguments of `bydel sql`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The SQL dialect.
    #[arg(long, value_enum)]
    pub dialect: DialectArg,
    /// A dataset folder: inline its areas and (with `--mapping`) export its address placement.
    #[arg(long)]
    pub dataset: Option<PathBuf>,
    /// Write the address → area mapping (address_id, kind, area_id) here (.csv or .parquet).
    #[arg(long, requires = "dataset")]
    pub mapping: Option<PathBuf>,
    /// A Western-countries table to use instead of the built-in one.
    #[arg(long)]
    pub western: Option<PathBuf>,
}

/// `--dialect`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DialectArg {
    /// DuckDB.
    Duckdb,
    /// Spark SQL.
    Spark,
    /// Trino / Presto.
    Trino,
}

impl From<DialectArg> for Dialect {
    fn from(d: DialectArg) -> Self {
        match d {
            DialectArg::Duckdb => Dialect::DuckDb,
            DialectArg::Spark => Dialect::Spark,
            DialectArg::Trino => Dialect::Trino,
        }
    }
}

/// Prints the query on stdout.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    let western = load_western(args.western.as_deref())?;
    let tables = match &args.dataset {
        None => Tables::named(),
        Some(dir) => dataset_tables(dir, args)?,
    };
    // every measure `bydel run` computes: the built-in measures and the indicator catalogue's
    let measures = crate::commands::run::measures()?;
    let query = sql::aggregation_sql(args.dialect.into(), &measures, &western, &tables)
        .map_err(CliError::lib)?;
    print!("{query}");
    Ok(ExitCode::SUCCESS)
}

/// The tables for a dataset; writes the mapping when asked.
fn dataset_tables(dir: &Path, args: &Args) -> Result<Tables, CliError> {
    let (ds, areas) = open(dir)?;
    let named = Tables::named_for(&ds, &areas).map_err(CliError::lib)?;
    let Some(mapping) = &args.mapping else {
        return Ok(named);
    };
    let rows = sql::address_areas(&ds, &areas).map_err(CliError::lib)?;
    write_mapping(mapping, &rows)?;
    eprintln!(
        "wrote {} address placements to {}",
        rows.len(),
        mapping.display()
    );
    if args.dialect == DialectArg::Duckdb {
        sql::duckdb_tables(&ds, &areas, mapping).map_err(CliError::lib)
    } else {
        Ok(named)
    }
}

/// Opens a dataset and parses its areas.
pub fn open(dir: &Path) -> Result<(Dataset, AreaSet), CliError> {
    let ds = Dataset::open(dir).map_err(CliError::lib)?;
    let path = ds.areas_path();
    let text = std::fs::read_to_string(&path).map_err(|source| CliError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let areas = AreaSet::parse(&text).map_err(CliError::lib)?;
    Ok((ds, areas))
}

/// Writes the mapping as CSV, or as Parquet when the name ends in `.parquet`.
pub fn write_mapping(path: &Path, rows: &[AddressArea]) -> Result<(), CliError> {
    if path.extension().is_some_and(|e| e == "parquet") {
        return write_mapping_parquet(path, rows);
    }
    bydel_io::write::write_atomic(path, sql::address_areas_csv(rows).as_bytes())
        .map_err(CliError::lib)
}

fn write_mapping_parquet(path: &Path, rows: &[AddressArea]) -> Result<(), CliError> {
    use arrow_array::{RecordBatch, StringArray};
    let col = |f: &dyn Fn(&AddressArea) -> &str| {
        std::sync::Arc::new(rows.iter().map(f).map(Some).collect::<StringArray>())
            as std::sync::Arc<dyn arrow_array::Array>
    };
    let schema = bydel_io::arrow_schema(&bydel_model::schema::ADDRESS_AREAS);
    let batch = RecordBatch::try_new(
        schema.clone(),
        vec![
            col(&|r| &r.address_id),
            col(&|r| r.kind.as_str()),
            col(&|r| r.area_id.as_str()),
        ],
    )
    .map_err(|e| CliError::Usage(format!("mapping batch: {e}")))?;
    let mut w = bydel_io::TableWriter::create_at(path, schema, bydel_io::FileFormat::Parquet)
        .map_err(CliError::lib)?;
    w.write_batch(&batch).map_err(CliError::lib)?;
    w.finish().map_err(CliError::lib)
}
