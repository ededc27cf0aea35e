//! `bydel bench [--fraction F ...]`: the whole `bydel aggregate` side by side with DuckDB on the
//! same files, on the synthetic Denmark that users benchmark with.
//!
//! For each fraction it generates (or reuses) `bydel synth --scale denmark --fraction F`, runs
//! `bydel aggregate DIR --timings` as a child under `/usr/bin/time -v` (wall and CPU time, peak RSS and
//! the phases: validation and every measure), writes the query of
//! `bydel sql --dialect duckdb --dataset DIR --mapping …` and runs it in DuckDB (Python package,
//! `scripts/duckdb_run.py`, also under `/usr/bin/time -v`), then compares every count cell by
//! cell. It prints a Markdown table and exits 1 when any count the SQL computes differs.
//! Measures that the generated SQL does not compute are listed, not compared.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Output};

use bydel_engine::sql::{self, Dialect};
use bydel_model::WesternList;
use bydel_model::measure::builtin_measures;
use serde_json::Value as Json;

use crate::commands::sql::{open, write_mapping};
use crate::error::CliError;

/// Arguments of `bydel bench`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Shares of Denmark's ~5.9 million residents (`bydel synth --scale denmark --fraction F`).
    #[arg(long, num_args = 1.., default_values_t = vec![0.05, 0.1])]
    pub fraction: Vec<f64>,
    /// Folder for the generated datasets (reused when the parameters match).
    #[arg(long, default_value = "target/bench-data")]
    pub dir: PathBuf,
    /// Seed of the synthetic population.
    #[arg(long, default_value_t = 159)]
    pub seed: u64,
    /// The DuckDB runner script (relative to the repository root, where bench is run from).
    #[arg(long, default_value = "scripts/duckdb_run.py")]
    pub script: PathBuf,
    /// A memory limit for DuckDB (e.g. `8GB`; its default is 80 % of the machine's memory),
    /// above which it spills to a folder in the bench work folder.
    #[arg(long, value_name = "SIZE")]
    pub duckdb_memory: Option<String>,
}

/// One measured child process.
#[derive(Debug, Clone, Default)]
struct Run {
    /// Wall time of the process.
    wall: f64,
    /// Peak resident memory, MB.
    peak_mb: f64,
    /// CPU time of the process (user + system), seconds: the work done, which a machine
    /// shared with other jobs does not inflate as it inflates the wall time.
    cpu: f64,
    /// Phases (bydel) or the query time (DuckDB), seconds.
    phases: Vec<(String, f64)>,
}

/// Runs the benchmark.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    let mut lines = vec![HEADER.to_string()];
    let mut same_everywhere = true;
    for &f in &args.fraction {
        let (line, same) = bench_one(args, f)?;
        same_everywhere &= same;
        lines.push(line);
    }
    println!("{}", lines.join("\n"));
    Ok(if same_everywhere {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

const HEADER: &str = "| fraction | person-years | pupil-years | bydel total | validate | persons \
     | institutions | other | DuckDB query | DuckDB process | bydel / DuckDB query \
     | bydel CPU | DuckDB CPU | CPU ratio | bydel cores busy (CPU / wall) \
     | bydel peak RSS | DuckDB peak RSS | cells compared | identical | load average |\n\
     |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";

fn bench_one(args: &Args, fraction: f64) -> Result<(String, bool), CliError> {
    let ds = args.dir.join(format!("denmark_f{fraction}_s{}", args.seed));
    ensure_dataset(&ds, fraction, args.seed)?;
    let work = ds.join("bench-work");
    std::fs::create_dir_all(&work).map_err(|e| io(&work, e))?;
    let (persons, pupils) = (rows_of(&ds, "persons")?, rows_of(&ds, "pupils")?);
    eprintln!("[{fraction}] bydel aggregate …");
    let native = bydel_run(&ds, &work.join("native"))?;
    eprintln!(
        "[{fraction}] bydel: {:.2} s, {:.0} MB; DuckDB …",
        native.wall, native.peak_mb
    );
    let duck = duckdb_run(args, &ds, &work)?;
    let query = phase(&duck, "query");
    eprintln!(
        "[{fraction}] DuckDB: {query:.2} s (process {:.2} s), {:.0} MB",
        duck.wall, duck.peak_mb
    );
    let load = load_average();
    let cmp = compare(&work.join("native"), &work.join("duckdb.csv"))?;
    cmp.print(fraction);
    let phase_sum: f64 = native.phases.iter().map(|p| p.1).sum();
    let (validate, persons_s, inst) = (
        phase(&native, "validate"),
        phase(&native, "persons"),
        phase(&native, "institutions"),
    );
    let line = format!(
        "| {fraction} | {:.2} M | {:.2} M | {:.2} s | {validate:.2} s | {persons_s:.2} s | {inst:.2} s \
         | {:.2} s | {query:.2} s | {:.2} s | {:.2} | {:.2} s | {:.2} s | {:.2} | {:.2} \
         | {:.0} MB | {:.0} MB | {} | {} | {load} |",
        persons as f64 / 1e6,
        pupils as f64 / 1e6,
        native.wall,
        phase_sum - validate - persons_s - inst,
        duck.wall,
        native.wall / query,
        native.cpu,
        duck.cpu,
        native.cpu / duck.cpu,
        native.cpu / native.wall,
        native.peak_mb,
        duck.peak_mb,
        cmp.compared,
        if cmp.differing == 0 { "yes" } else { "NO" }
    );
    Ok((line, cmp.differing == 0))
}

/// The 1-, 5- and 15-minute load averages of the machine (`/proc/loadavg`), or `?`.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "?".into())
}

fn phase(r: &Run, name: &str) -> f64 {
    r.phases
        .iter()
        .find(|p| p.0 == name)
        .map_or(f64::NAN, |p| p.1)
}

fn io(p: &Path, e: std::io::Error) -> CliError {
    CliError::Io {
        path: p.display().to_string(),
        source: e,
    }
}

fn exe() -> Result<PathBuf, CliError> {
    std::env::current_exe().map_err(|e| io(Path::new("bydel"), e))
}

/// Generates the dataset with `bydel synth` unless a finished one with the same parameters is
/// there.
fn ensure_dataset(ds: &Path, fraction: f64, seed: u64) -> Result<(), CliError> {
    let marker = format!("bydel synth --scale denmark --fraction {fraction} --seed {seed}\n");
    let marker_file = ds.join("bench.txt");
    if std::fs::read_to_string(&marker_file).is_ok_and(|m| m == marker) {
        eprintln!("reusing {}", ds.display());
        return Ok(());
    }
    if ds.exists() {
        std::fs::remove_dir_all(ds).map_err(|e| io(ds, e))?;
    }
    eprintln!("generating {} …", ds.display());
    let o = Command::new(exe()?)
        .args(["synth", "--scale", "denmark", "--fraction"])
        .arg(fraction.to_string())
        .arg("--seed")
        .arg(seed.to_string())
        .arg("--out")
        .arg(ds)
        .output()
        .map_err(|e| io(Path::new("bydel synth"), e))?;
    if !o.status.success() {
        return Err(failed("bydel synth", &o));
    }
    std::fs::write(&marker_file, marker).map_err(|e| io(&marker_file, e))
}

fn failed(what: &str, o: &Output) -> CliError {
    CliError::Usage(format!(
        "{what} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    ))
}

/// Rows of a table from its Parquet metadata.
fn rows_of(ds: &Path, table: &str) -> Result<u64, CliError> {
    let (dataset, _) = open(ds)?;
    let t = bydel_model::schema::table(table).expect("canonical table");
    let Some(src) = dataset.source(t).map_err(CliError::lib)? else {
        return Ok(0);
    };
    let units = bydel_io::read::units(&src).map_err(CliError::lib)?;
    Ok(bydel_io::read::row_count(&units).unwrap_or(0))
}

/// `/usr/bin/time -v` around a command: its wall time and peak RSS from the report on stderr.
fn timed(cmd: Command, what: &str) -> Result<(Output, Run), CliError> {
    let mut time = Command::new("/usr/bin/time");
    time.arg("-v").arg(cmd.get_program()).args(cmd.get_args());
    if let Some(dir) = cmd.get_current_dir() {
        time.current_dir(dir);
    }
    let o = time.output().map_err(|e| {
        CliError::Usage(format!(
            "could not run /usr/bin/time -v {what} (install GNU time): {e}"
        ))
    })?;
    if !o.status.success() {
        return Err(failed(what, &o));
    }
    let stderr = String::from_utf8_lossy(&o.stderr);
    let field = |name: &str| {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .map(str::trim)
    };
    let peak_kb: f64 = field("Maximum resident set size (kbytes):")
        .and_then(|v| v.parse().ok())
        .unwrap_or(f64::NAN);
    let wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss):")
        .map(parse_clock)
        .unwrap_or(f64::NAN);
    let seconds = |name: &str| {
        field(name)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    let cpu = seconds("User time (seconds):") + seconds("System time (seconds):");
    Ok((
        o,
        Run {
            wall,
            peak_mb: peak_kb / 1024.0,
            cpu,
            phases: Vec::new(),
        },
    ))
}

/// `h:mm:ss` or `m:ss.ss` in seconds.
fn parse_clock(s: &str) -> f64 {
    s.split(':')
        .map(|p| p.parse::<f64>().unwrap_or(f64::NAN))
        .fold(0.0, |acc, x| acc * 60.0 + x)
}

/// The whole `bydel aggregate DIR --out OUT --timings`.
fn bydel_run(ds: &Path, out: &Path) -> Result<Run, CliError> {
    let mut cmd = Command::new(exe()?);
    cmd.arg("aggregate").arg(ds).arg("--out").arg(out);
    cmd.arg("--timings");
    let (o, mut run) = timed(cmd, "bydel aggregate")?;
    let stderr = String::from_utf8_lossy(&o.stderr);
    run.phases = stderr
        .lines()
        .filter_map(|l| {
            let (name, secs) = l.split_once('\t')?;
            Some((name.to_string(), secs.trim().parse().ok()?))
        })
        .filter(|(n, _)| n != "total")
        .collect();
    Ok(run)
}

/// The generated DuckDB query on the same files.
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
    let mut cmd = Command::new("python3");
    cmd.arg(&args.script).arg(&qf).arg(work.join("duckdb.csv"));
    if let Some(limit) = &args.duckdb_memory {
        let spill = work.join("duckdb-spill");
        cmd.arg("--memory-limit")
            .arg(limit)
            .arg("--temp-dir")
            .arg(&spill);
    }
    let (o, mut run) = timed(cmd, "DuckDB")?;
    let text = String::from_utf8_lossy(&o.stdout);
    let json: Json = text
        .lines()
        .last()
        .and_then(|l| serde_json::from_str(l).ok())
        .ok_or_else(|| failed("DuckDB (no JSON line)", &o))?;
    run.phases = vec![("query".into(), json["seconds"].as_f64().unwrap_or(f64::NAN))];
    Ok(run)
}

/// The cell-by-cell comparison.
#[derive(Debug, Default)]
struct Comparison {
    compared: u64,
    differing: u64,
    examples: Vec<String>,
    not_in_sql: Vec<String>,
}

impl Comparison {
    fn print(&self, fraction: f64) {
        eprintln!(
            "[{fraction}] {} cells compared, {} differ{}",
            self.compared,
            self.differing,
            if self.not_in_sql.is_empty() {
                String::new()
            } else {
                format!(
                    "; measures bydel computes that the generated SQL does not (not compared): {}",
                    self.not_in_sql.join(", ")
                )
            }
        );
        for e in &self.examples {
            eprintln!("  {e}");
        }
    }
}

type Key = (String, String, i64, String);

/// Every cell of the measures the SQL computes, both ways: a cell on one side only differs.
fn compare(native_dir: &Path, duck_csv: &Path) -> Result<Comparison, CliError> {
    let native = bydel_io::counts::read_counts(native_dir).map_err(CliError::lib)?;
    let sql_measures: Vec<String> = builtin_measures()
        .into_iter()
        .map(|m| m.name)
        .chain(bydel_engine::institutions::MEASURES.map(String::from))
        .collect();
    let mut ours: BTreeMap<Key, i64> = BTreeMap::new();
    for (k, m, v) in native.rows() {
        if sql_measures.iter().any(|s| s == m) {
            let key = (
                k.kind.as_str().to_string(),
                k.area_id.as_str().to_string(),
                i64::from(k.year.get()),
                m.to_string(),
            );
            ours.insert(key, v);
        }
    }
    let mut cmp = Comparison {
        not_in_sql: native
            .measures()
            .iter()
            .filter(|m| !sql_measures.contains(m))
            .cloned()
            .collect(),
        ..Comparison::default()
    };
    let text = std::fs::read_to_string(duck_csv).map_err(|e| io(duck_csv, e))?;
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (Some(year), Some(value)) = (
            f.get(2).and_then(|y| y.parse().ok()),
            f.get(4).and_then(|v| v.parse::<i64>().ok()),
        ) else {
            cmp.differ(format!("unreadable DuckDB line {line:?}"));
            continue;
        };
        let key = (f[0].to_string(), f[1].to_string(), year, f[3].to_string());
        cmp.compared += 1;
        match ours.remove(&key) {
            Some(v) if v == value => {}
            Some(v) => cmp.differ(format!("{key:?}: bydel {v}, DuckDB {value}")),
            None => cmp.differ(format!("{key:?}: DuckDB {value}, not in bydel")),
        }
    }
    for (key, v) in ours {
        cmp.compared += 1;
        cmp.differ(format!("{key:?}: bydel {v}, not in DuckDB"));
    }
    Ok(cmp)
}

impl Comparison {
    fn differ(&mut self, what: String) {
        self.differing += 1;
        if self.examples.len() < 10 {
            self.examples.push(what);
        }
    }
}
