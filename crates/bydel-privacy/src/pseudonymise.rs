//! Pseudonymisation: CPR numbers and other direct identifiers become keyed HMAC-SHA256
//! pseudonyms, consistently across every table of a dataset folder.
//!
//! The same identifier gets the same pseudonym in every table and every run with the same key,
//! so tables still join; without the key nobody can recompute or reverse a pseudonym (a plain
//! hash of a CPR number could be reversed by trying all ~4 billion CPR numbers). The key is
//! read from a file, never printed ([`Key`]'s `Debug` is redacted), never written; no message
//! contains an identifier's value. Output is built in a temporary folder and renamed into
//! place, so a failed run leaves nothing behind.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::cpr::{contains_cpr, looks_like_cpr, normalise_cpr};
use crate::error::PrivacyError;

/// Columns that are direct identifiers wherever they appear.
pub const IDENTIFIER_COLUMNS: &[&str] = &[
    "person_id",
    "family_id",
    "cpr",
    "cpr_nr",
    "cprnr",
    "pnr",
    "personnummer",
    "mother_id",
    "father_id",
    "partner_id",
];

/// The minimum key length in bytes.
pub const MIN_KEY_BYTES: usize = 32;

const DOMAIN: &[u8] = b"bydel-pseudonym-v1:";

/// A secret pseudonymisation key (at least [`MIN_KEY_BYTES`] bytes).
#[derive(Clone)]
pub struct Key(Vec<u8>);

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(<redacted>)")
    }
}

impl Key {
    /// A key from raw bytes (trailing whitespace, such as a final newline, is ignored).
    pub fn from_bytes(bytes: &[u8]) -> Result<Key, PrivacyError> {
        let end = bytes
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .map_or(0, |i| i + 1);
        if end < MIN_KEY_BYTES {
            return Err(PrivacyError::Key(format!(
                "the key must be at least {MIN_KEY_BYTES} bytes (for example `openssl rand -hex 32 > key`)"
            )));
        }
        Ok(Key(bytes[..end].to_vec()))
    }

    /// Reads a key file.
    pub fn from_file(path: &Path) -> Result<Key, PrivacyError> {
        let bytes =
            fs::read(path).map_err(|e| PrivacyError::Key(format!("{}: {e}", path.display())))?;
        Key::from_bytes(&bytes)
    }
}

/// The pseudonym of one identifier: 32 hex digits of HMAC-SHA256 over the identifier (CPR
/// numbers without their dash, other identifiers trimmed).
pub fn pseudonym(key: &Key, id: &str) -> String {
    let canonical = normalise_cpr(id).unwrap_or_else(|| id.trim().to_owned());
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(&key.0).expect("HMAC accepts any key length");
    mac.update(DOMAIN);
    mac.update(canonical.as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

/// What pseudonymising one CSV table did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableReport {
    /// The file name.
    pub file: String,
    /// Data rows.
    pub rows: usize,
    /// The columns pseudonymised (by name, or because a value looked like a CPR number).
    pub columns: Vec<String>,
}

/// Pseudonymises one CSV table (header row first; comma- or semicolon-separated). `file` names it in messages.
pub fn pseudonymise_csv(
    key: &Key,
    file: &str,
    input: &[u8],
) -> Result<(Vec<u8>, TableReport), PrivacyError> {
    let records = read_records(file, input)?;
    let Some(header) = records.first() else {
        return Err(PrivacyError::input(
            file,
            1,
            "expected a header row, found an empty file",
        ));
    };
    let columns: Vec<usize> = (0..header.len())
        .filter(|&c| {
            IDENTIFIER_COLUMNS.contains(&header[c].trim().to_ascii_lowercase().as_str())
                || records[1..]
                    .iter()
                    .any(|r| r.get(c).is_some_and(|v| looks_like_cpr(v)))
        })
        .collect();
    let mut w = csv::WriterBuilder::new()
        .delimiter(delimiter(input))
        .from_writer(Vec::new());
    let io = |e: csv::Error| PrivacyError::input(file, 0, format!("writing: {}", e.kind_name()));
    w.write_record(header).map_err(io)?;
    for (i, r) in records[1..].iter().enumerate() {
        let out: Vec<String> = r
            .iter()
            .enumerate()
            .map(|(c, v)| {
                if columns.contains(&c) && !v.trim().is_empty() {
                    pseudonym(key, v)
                } else {
                    v.to_owned()
                }
            })
            .collect();
        if let Some(c) = (0..out.len()).find(|c| !columns.contains(c) && contains_cpr(&out[*c])) {
            let msg = format!(
                "column {}: a CPR number inside free text (remove or pseudonymise that column first)",
                header[c]
            );
            return Err(PrivacyError::input(file, i as u64 + 2, msg));
        }
        w.write_record(&out).map_err(io)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|_| PrivacyError::input(file, 0, "writing failed"))?;
    let report = TableReport {
        file: file.into(),
        rows: records.len() - 1,
        columns: columns.iter().map(|&c| header[c].clone()).collect(),
    };
    Ok((bytes, report))
}

/// Pseudonymises every table of dataset folder `input` into the new folder `output` (which
/// must not exist). Every file is processed or refused, never copied unread:
///
/// - CSV (comma- or semicolon-separated) and Parquet tables are pseudonymised;
/// - text files (`.geojson`, `.json`, `.txt`, `.md`, `.toml`) are copied after a check that
///   they are UTF-8 and contain no CPR number;
/// - workbooks, compressed files, sub-folders and anything else are refused with what to do.
///
/// The output appears only when complete (see [`bydel_fs::Output`]).
pub fn pseudonymise_dir(
    key: &Key,
    input: &Path,
    output: &Path,
) -> Result<Vec<TableReport>, PrivacyError> {
    check_paths(input, output)?;
    bydel_fs::Output::new(output, "dataset")
        .reading(input)
        .replace(|tmp| fill_dir(key, input, tmp))
}

/// How `pseudonymise` handles a file, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handling {
    /// A CSV table: pseudonymised.
    Csv,
    /// A Parquet table: pseudonymised.
    Parquet,
    /// A text file without tables: checked for CPR numbers, then copied.
    Text,
    /// A marker file bydel wrote (`.bydel-…`): not copied.
    Marker,
    /// Refused, with the reason and what to do.
    Refuse(&'static str),
}

/// How `pseudonymise` handles the file `name`.
pub fn handling(name: &str) -> Handling {
    let lower = name.to_ascii_lowercase();
    if lower.starts_with(".bydel") {
        return Handling::Marker;
    }
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    match ext {
        "csv" => Handling::Csv,
        "parquet" => Handling::Parquet,
        "geojson" | "json" | "txt" | "md" | "toml" => Handling::Text,
        "xlsx" | "xlsm" | "xls" | "ods" => Handling::Refuse(
            "is a workbook, which bydel cannot pseudonymise; save each sheet as CSV (UTF-8) or \
             Parquet, then pseudonymise those",
        ),
        "gz" | "zip" | "bz2" | "xz" | "zst" | "7z" | "tar" | "tgz" => Handling::Refuse(
            "is a compressed file, which bydel cannot pseudonymise; decompress it (for example \
             `gunzip`) and pseudonymise the CSV or Parquet tables inside",
        ),
        _ => Handling::Refuse(
            "is not a table bydel can pseudonymise (only CSV and Parquet tables, and text files \
             such as areas.geojson after a check for CPR numbers); convert it or move it out of \
             the folder",
        ),
    }
}

fn fill_dir(key: &Key, input: &Path, out: &Path) -> Result<Vec<TableReport>, PrivacyError> {
    let mut reports = Vec::new();
    for path in sorted_entries(input)? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let refuse = |message: &str| PrivacyError::Path {
            path: path.clone(),
            message: message.into(),
        };
        if path.is_dir() {
            return Err(refuse(
                "is a sub-folder, which is not supported; pseudonymise each folder",
            ));
        }
        let target = out.join(&name);
        match handling(&name) {
            Handling::Marker => {}
            Handling::Refuse(why) => return Err(refuse(why)),
            Handling::Parquet => reports.push(parquet_table(key, &name, &path, &target)?),
            Handling::Csv => {
                let bytes = fs::read(&path).map_err(|e| PrivacyError::io(&path, e))?;
                let (b, r) = pseudonymise_csv(key, &name, &bytes)?;
                reports.push(r);
                bydel_fs::write_atomic(&target, &b)?;
            }
            Handling::Text => {
                let bytes = fs::read(&path).map_err(|e| PrivacyError::io(&path, e))?;
                let Ok(text) = std::str::from_utf8(&bytes) else {
                    return Err(refuse("is not UTF-8 text; convert it to UTF-8 first"));
                };
                if contains_cpr(text) {
                    return Err(refuse(
                        "contains a CPR number; only CSV and Parquet tables are pseudonymised",
                    ));
                }
                bydel_fs::write_atomic(&target, &bytes)?;
            }
        }
    }
    Ok(reports)
}

#[cfg(feature = "parquet")]
fn parquet_table(
    key: &Key,
    name: &str,
    path: &Path,
    target: &Path,
) -> Result<TableReport, PrivacyError> {
    crate::pseudonymise_parquet::pseudonymise_parquet(key, name, path, target)
}

#[cfg(not(feature = "parquet"))]
fn parquet_table(_: &Key, _: &str, path: &Path, _: &Path) -> Result<TableReport, PrivacyError> {
    let message = "this build cannot read Parquet; export the table as CSV first".into();
    Err(PrivacyError::Path {
        path: path.to_owned(),
        message,
    })
}

fn check_paths(input: &Path, output: &Path) -> Result<(), PrivacyError> {
    let bad = |path: &Path, message: &str| {
        Err(PrivacyError::Path {
            path: path.to_owned(),
            message: message.into(),
        })
    };
    if !input.is_dir() {
        return bad(input, "not a folder");
    }
    if output.exists() {
        return bad(
            output,
            "already exists; bydel never overwrites a dataset (choose a new folder)",
        );
    }
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let (inp, par) = (canonical(input)?, canonical(parent)?);
    if par.starts_with(&inp) {
        return bad(output, "must not be inside the input folder");
    }
    Ok(())
}

/// Refuses a key file inside the input folder (it would be copied into the output).
pub fn check_key_location(key_file: &Path, input: &Path) -> Result<(), PrivacyError> {
    if canonical(key_file)?.starts_with(canonical(input)?) {
        return Err(PrivacyError::Key(
            "the key file must not be inside the input folder".into(),
        ));
    }
    Ok(())
}

fn canonical(p: &Path) -> Result<PathBuf, PrivacyError> {
    fs::canonicalize(p).map_err(|e| PrivacyError::io(p, e))
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, PrivacyError> {
    let rd = fs::read_dir(dir).map_err(|e| PrivacyError::io(dir, e))?;
    let mut out: Vec<PathBuf> = rd
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .map_err(|e| PrivacyError::io(dir, e))?;
    out.sort();
    Ok(out)
}

/// The field separator: `;` when the header line has semicolons and no commas (what Danish
/// Excel writes), otherwise `,`; the output keeps the input's separator. The same rule as
/// bydel-io's CSV reader.
fn delimiter(input: &[u8]) -> u8 {
    let header = input.split(|&b| b == b'\n').next().unwrap_or_default();
    if header.contains(&b';') && !header.contains(&b',') {
        b';'
    } else {
        b','
    }
}

/// Reads all records; errors name the line, never a value.
fn read_records(file: &str, input: &[u8]) -> Result<Vec<Vec<String>>, PrivacyError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(delimiter(input))
        .from_reader(input);
    let mut out = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| {
            PrivacyError::input(
                file,
                i as u64 + 1,
                format!("not valid CSV ({})", e.kind_name()),
            )
        })?;
        out.push(rec.iter().map(str::to_owned).collect());
    }
    Ok(out)
}

trait KindName {
    fn kind_name(&self) -> &'static str;
}

impl KindName for csv::Error {
    fn kind_name(&self) -> &'static str {
        match self.kind() {
            csv::ErrorKind::Utf8 { .. } => "invalid UTF-8",
            csv::ErrorKind::UnequalLengths { .. } => {
                "a row has a different number of fields than the header"
            }
            csv::ErrorKind::Io(_) => "input/output error",
            _ => "malformed record",
        }
    }
}
