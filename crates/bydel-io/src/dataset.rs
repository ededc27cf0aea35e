//! A dataset folder: one file (or folder of Parquet files) per table, named after the table.

use std::path::{Path, PathBuf};

use bydel_model::schema::{self, Table};

use crate::IoError;

/// Where a table's rows come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// One Parquet file.
    Parquet(PathBuf),
    /// A folder of Parquet files (read in name order).
    ParquetDir(Vec<PathBuf>),
    /// A CSV file (UTF-8, comma-separated, header row).
    Csv(PathBuf),
    /// An XLSX workbook (the first sheet; header row first).
    Xlsx(PathBuf),
}

impl Source {
    /// The path to show in messages.
    pub fn display_path(&self) -> String {
        match self {
            Source::Parquet(p) | Source::Csv(p) | Source::Xlsx(p) => p.display().to_string(),
            Source::ParquetDir(files) => files
                .first()
                .and_then(|f| f.parent())
                .map(|d| format!("{}/", d.display()))
                .unwrap_or_default(),
        }
    }
}

/// A dataset folder and the tables found in it.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// The folder.
    pub dir: PathBuf,
}

impl Dataset {
    /// Opens a dataset folder (it must exist and hold the required tables).
    pub fn open(dir: &Path) -> Result<Self, IoError> {
        let meta = std::fs::metadata(dir).map_err(|e| IoError::file(dir, e))?;
        if !meta.is_dir() {
            return Err(IoError::file(
                dir,
                std::io::Error::new(std::io::ErrorKind::NotADirectory, "not a dataset folder"),
            ));
        }
        let ds = Dataset {
            dir: dir.to_path_buf(),
        };
        for t in schema::TABLES.iter().filter(|t| t.required) {
            ds.require(t)?;
        }
        if !ds.areas_path().exists() {
            return Err(IoError::MissingTable {
                dir: dir.into(),
                table: schema::AREAS_FILE.into(),
            });
        }
        Ok(ds)
    }

    /// The source of a table, if present.
    pub fn source(&self, table: &Table) -> Result<Option<Source>, IoError> {
        let base = self.dir.join(table.name);
        if base.is_dir() {
            let mut files = Vec::new();
            for entry in std::fs::read_dir(&base).map_err(|e| IoError::file(&base, e))? {
                let p = entry.map_err(|e| IoError::file(&base, e))?.path();
                if p.extension().is_some_and(|e| e == "parquet") {
                    files.push(p);
                }
            }
            files.sort();
            return Ok(Some(Source::ParquetDir(files)));
        }
        let with = |ext: &str| base.with_extension(ext);
        Ok(if with("parquet").is_file() {
            Some(Source::Parquet(with("parquet")))
        } else if with("csv").is_file() {
            Some(Source::Csv(with("csv")))
        } else if with("xlsx").is_file() {
            Some(Source::Xlsx(with("xlsx")))
        } else {
            None
        })
    }

    /// The source of a table that must be present.
    pub fn require(&self, table: &Table) -> Result<Source, IoError> {
        self.source(table)?.ok_or_else(|| IoError::MissingTable {
            dir: self.dir.clone(),
            table: table.name.into(),
        })
    }

    /// The path of `areas.geojson`.
    pub fn areas_path(&self) -> PathBuf {
        self.dir.join(schema::AREAS_FILE)
    }
}
