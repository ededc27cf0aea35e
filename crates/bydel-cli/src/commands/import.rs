//! `bydel import --preset dst --from DIR --out DATASET_DIR`: register-style tables → a canonical
//! dataset. The mapping is documented in docs/data-format.md ("Import fra Danmarks Statistik").

use std::path::PathBuf;
use std::process::ExitCode;

use bydel_io::{FileFormat, IoError};

use crate::error::CliError;

/// Which register layout the input follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Preset {
    /// Danmarks Statistik (BEF with SOCIO13, PERINDKIALT, HFAUDD; KRAF; criterion A from AMR
    /// or DREAM when given, else SOCIO13).
    Dst,
}

/// The file format of the written tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableFormat {
    /// Apache Parquet.
    Parquet,
    /// CSV with a header row.
    Csv,
}

/// Arguments of `bydel import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The register layout of the input.
    #[arg(long, value_enum)]
    pub preset: Preset,
    /// The folder with the register-style tables (bef, kraf, addresses, areas.geojson, …).
    #[arg(long)]
    pub from: PathBuf,
    /// The dataset folder to write: new, empty or an earlier bydel dataset (replaced as a whole,
    /// only when the import succeeds; never the input, a file or a folder of your own files).
    #[arg(long)]
    pub out: PathBuf,
    /// The file format of the written tables.
    #[arg(long, value_enum, default_value = "parquet")]
    pub format: TableFormat,
}

/// Imports; prints every input problem on stdout and exits 1 when there are any.
pub fn run(args: &Args) -> Result<ExitCode, CliError> {
    let format = match args.format {
        TableFormat::Parquet => FileFormat::Parquet,
        TableFormat::Csv => FileFormat::Csv,
    };
    let result = match args.preset {
        Preset::Dst => bydel_io::dst::import(&args.from, &args.out, format),
    };
    match result {
        Ok(summary) => {
            let rows: Vec<String> = summary
                .rows
                .iter()
                .map(|(t, n)| format!("{t} {n}"))
                .collect();
            eprintln!("imported into {}: {}", args.out.display(), rows.join(", "));
            eprintln!("{}", summary.outside_fte.describe());
            Ok(ExitCode::SUCCESS)
        }
        Err(IoError::Invalid(problems)) => {
            for p in problems.sorted() {
                println!("{p}");
            }
            if problems.dropped() > 0 {
                println!("… and {} more problems", problems.dropped());
            }
            eprintln!("{} problem(s) found; nothing was written", problems.len());
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(CliError::lib(e)),
    }
}
