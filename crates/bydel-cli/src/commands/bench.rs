//! `bydel bench [--fraction F ...] [--years N]`: the aggregation engine side by side with DuckDB
//! on the same Parquet files, and the machine's memory bandwidth.
//!
//! For each fraction of Denmark it builds (or reuses) a seeded benchmark dataset, runs the native
//! engine in a child process (`bydel bench --engine-only`, so its peak memory is its own VmHWM),
//! runs the SQL that `bydel sql --dialect duckdb` generates in DuckDB (Python package, child
//! process, its own VmHWM), checks that both give identical counts, and prints a Markdown table.

mod generate;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use bydel_engine::sql::{self, Dialect};
use bydel_model::WesternList;
use bydel_model::measure::builtin_measures;
use rayon::prelude::*;
use serde_json::Value as Json;

use crate::commands::sql::{open, write_mapping};
use crate::error::CliError;

/// Arguments of `bydel bench`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Shares of Denmark's ~5.9 million residents to benchmark (each a separate dataset).
    #[arg(long, num_args = 1.., default_values_t = vec![0.1])]
    pub fraction: Vec<f64>,
    /// Number of data years.
    #[arg(long, default_value_t = 10)]
    pub years: i32,
    /// Folder for the generated datasets (reused when the parameters match).
    #[arg(long, default_value = "target/bench-data")]
    pub dir: PathBuf,
    /// Seed of the generator.
    #[arg(long, default_value_t = 2026)]
    pub seed: u64,
    /// The DuckDB runner script (relative to the repository root, where bench is run from).
    #[arg(long, default_value = "scripts/duckdb_run.py")]
    pub script: PathBuf,
    /// Internal: run only the native engine on this dataset and print JSON (used as a child).
    #[arg(long, hide = true)]
    pub engine_only: Option<PathBuf>,
    /// Internal: where the child writes its counts as CSV.
    #[arg(long, hide = true)]
    pub counts_out: Option<PathBuf>,
}

/// One measured engine run.
#[derive(Debug, Clone, Copy)]
struct Run {
    seconds: f64,
    peak_mb: f64,
}

/// Runs the benchmark (or, with `--engine-only`, the native side of it).
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    if let Some(ds) = &args.engine_only {
        return engine_only(ds, args.counts_out.as_deref());
    }
    let bandwidth = memory_bandwidth();
    eprintln!("memory bandwidth: {bandwidth:.1} GB/s (sum over 1 GiB, all threads)");
    let mut lines = vec![header()];
    for &f in &args.fraction {
        lines.push(bench_one(args, f, bandwidth)?);
    }
    println!("{}", lines.join("\n"));
    Ok(ExitCode::SUCCESS)
}

fn header() -> String {
    "| residents | years | person-years | persons Parquet | bydel engine | DuckDB | bydel / DuckDB \
     | bydel peak RSS | DuckDB peak RSS | bandwidth floor | bydel / floor | identical |\n\
     |---|---|---|---|---|---|---|---|---|---|---|---|"
        .into()
}

fn bench_one(args: &Args, fraction: f64, bandwidth: f64) -> Result<String, CliError> {
    let spec = generate::Spec {
        fraction,
        first_year: 2025 - args.years,
        years: args.years,
        seed: args.seed,
    };
    let ds = args
        .dir
        .join(format!("f{fraction}_y{}_s{}", args.years, args.seed));
    ensure_dataset(&ds, &spec)?;
    let work = ds.join("bench-work");
    std::fs::create_dir_all(&work).map_err(|e| io(&work, e))?;
    let (rows, bytes) = persons_size(&ds)?;
    eprintln!("[{fraction}] native engine …");
    let native = native_run(&ds, &work.join("native.csv"))?;
    eprintln!(
        "[{fraction}] bydel: {:.2} s, {:.0} MB; DuckDB …",
        native.seconds, native.peak_mb
    );
    let duck = duckdb_run(args, &ds, &work)?;
    eprintln!(
        "[{fraction}] DuckDB: {:.2} s, {:.0} MB",
        duck.seconds, duck.peak_mb
    );
    let same = read_csv(&work.join("native.csv"))? == read_csv(&work.join("duckdb.csv"))?;
    let floor = bytes as f64 / (bandwidth * 1e9);
    Ok(format!(
        "| {:.2} M | {} | {:.1} M | {:.0} MB | {:.2} s | {:.2} s | {:.2} | {:.0} MB | {:.0} MB | {:.3} s | {:.0}× | {} |",
        spec.persons() as f64 / 1e6,
        args.years,
        rows as f64 / 1e6,
        bytes as f64 / 1e6,
        native.seconds,
        duck.seconds,
        native.seconds / duck.seconds,
        native.peak_mb,
        duck.peak_mb,
        floor,
        native.seconds / floor,
        if same { "yes" } else { "NO" }
    ))
}

fn io(p: &Path, e: std::io::Error) -> CliError {
    CliError::Io {
        path: p.display().to_string(),
        source: e,
    }
}

fn ensure_dataset(ds: &Path, spec: &generate::Spec) -> Result<(), CliError> {
    let marker = std::fs::read_to_string(ds.join("bench.txt")).unwrap_or_default();
    if marker == spec.marker() {
        eprintln!("reusing {}", ds.display());
        return Ok(());
    }
    if ds.exists() {
        std::fs::remove_dir_all(ds).map_err(|e| io(ds, e))?;
    }
    let t0 = Instant::now();
    let rows = generate::generate(ds, spec)?;
    eprintln!(
        "generated {rows} person-year rows in {:.1} s → {}",
        t0.elapsed().as_secs_f64(),
        ds.display()
    );
    Ok(())
}

/// Person-year rows and bytes on disk of the persons Parquet files.
fn persons_size(ds: &Path) -> Result<(u64, u64), CliError> {
    let (dataset, _) = open(ds)?;
    let src = dataset
        .require(&bydel_model::schema::PERSONS)
        .map_err(CliError::lib)?;
    let units = bydel_io::read::units(&src).map_err(CliError::lib)?;
    let rows = bydel_io::read::row_count(&units).unwrap_or(0);
    let dir = ds.join("persons");
    let mut bytes = 0;
    for e in std::fs::read_dir(&dir).map_err(|e| io(&dir, e))? {
        bytes += e
            .map_err(|e| io(&dir, e))?
            .metadata()
            .map_err(|e| io(&dir, e))?
            .len();
    }
    Ok((rows, bytes))
}

fn native_run(ds: &Path, out: &Path) -> Result<Run, CliError> {
    let exe = std::env::current_exe().map_err(|e| io(Path::new("bydel"), e))?;
    let o = Command::new(exe)
        .arg("bench")
        .arg("--engine-only")
        .arg(ds)
        .arg("--counts-out")
        .arg(out)
        .output()
        .map_err(|e| io(Path::new("bydel bench --engine-only"), e))?;
    parse_run(&o, "bydel engine")
}

fn duckdb_run(args: &Args, ds: &Path, work: &Path) -> Result<Run, CliError> {
    let (dataset, areas) = open(ds)?;
    let mapping = work.join("address_areas_map.parquet");
    write_mapping(
        &mapping,
        &sql::address_areas(&dataset, &areas).map_err(CliError::lib)?,
    )?;
    let tables = sql::duckdb_tables(&dataset, &areas, &mapping).map_err(CliError::lib)?;
    let query = sql::aggregation_sql(
        Dialect::DuckDb,
        &builtin_measures(),
        &WesternList::default_list(),
        &tables,
    )
    .map_err(CliError::lib)?;
    let qf = work.join("query.sql");
    std::fs::write(&qf, query).map_err(|e| io(&qf, e))?;
    let o = Command::new("python3")
        .arg(&args.script)
        .arg(&qf)
        .arg(work.join("duckdb.csv"))
        .output()
        .map_err(|e| io(&args.script, e))?;
    parse_run(&o, "DuckDB")
}

fn parse_run(o: &std::process::Output, what: &str) -> Result<Run, CliError> {
    let text = String::from_utf8_lossy(&o.stdout);
    let json: Option<Json> = text
        .lines()
        .last()
        .and_then(|l| serde_json::from_str(l).ok());
    match json {
        Some(j) if o.status.success() => Ok(Run {
            seconds: j["seconds"].as_f64().unwrap_or(f64::NAN),
            peak_mb: j["peak_rss_kb"].as_f64().unwrap_or(f64::NAN) / 1024.0,
        }),
        _ => Err(CliError::Usage(format!(
            "{what} run failed: {}",
            String::from_utf8_lossy(&o.stderr)
        ))),
    }
}

type Cells = BTreeMap<(String, String, String, String), String>;

fn read_csv(path: &Path) -> Result<Cells, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| io(path, e))?;
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f.len() == 5).then(|| {
                let k = (f[0].into(), f[1].into(), f[2].into(), f[3].into());
                (k, f[4].to_string())
            })
        })
        .collect())
}

/// The child: aggregate, write the counts as CSV, print {seconds, peak_rss_kb}.
fn engine_only(ds: &Path, out: Option<&Path>) -> Result<ExitCode, CliError> {
    let (dataset, areas) = open(ds)?;
    let t0 = Instant::now();
    let counts = bydel_engine::aggregate(
        &dataset,
        &areas,
        &builtin_measures(),
        &WesternList::default_list(),
        &bydel_engine::pass::Quiet,
    )
    .map_err(CliError::lib)?;
    let seconds = t0.elapsed().as_secs_f64();
    if let Some(out) = out {
        let mut text = String::from("kind,area_id,year,measure,value\n");
        for (k, m, v) in counts.rows() {
            text.push_str(&format!(
                "{},{},{},{m},{v}\n",
                k.kind.as_str(),
                k.area_id.as_str(),
                k.year.get()
            ));
        }
        std::fs::write(out, text).map_err(|e| io(out, e))?;
    }
    println!(
        "{{\"seconds\": {seconds}, \"peak_rss_kb\": {}}}",
        peak_rss_kb().unwrap_or(0)
    );
    Ok(ExitCode::SUCCESS)
}

/// This process's peak resident memory (VmHWM), in kB.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Read bandwidth in GB/s: summing a 1 GiB buffer with all threads, best of 3.
fn memory_bandwidth() -> f64 {
    let buf = vec![1u64; 1 << 27];
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let t0 = Instant::now();
        let s: u64 = buf.par_chunks(1 << 16).map(|c| c.iter().sum::<u64>()).sum();
        std::hint::black_box(s);
        best = best.min(t0.elapsed().as_secs_f64());
    }
    (buf.len() * 8) as f64 / best / 1e9
}
