//! The report printed to an A4 PDF with headless Chromium (the report's print stylesheet sets
//! `@page { size: A4 }`). Chromium is found through `BYDEL_CHROMIUM`, else as `chromium`,
//! `chromium-browser` or `google-chrome` on `PATH`; without it printing is a clear error.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::error::ReportError;

/// The environment variable that names the Chromium binary.
pub const CHROMIUM_VAR: &str = "BYDEL_CHROMIUM";

/// The names tried on `PATH`, in order.
pub const CHROMIUM_NAMES: [&str; 3] = ["chromium", "chromium-browser", "google-chrome"];

/// The headless Chromium to print with: `BYDEL_CHROMIUM`, else the first of
/// [`CHROMIUM_NAMES`] on `PATH`.
pub fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os(CHROMIUM_VAR).filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| CHROMIUM_NAMES.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// Prints the HTML file `html` to the PDF file `pdf` (written whole or not at all).
pub fn pdf(html: &Path, pdf: &Path) -> Result<(), ReportError> {
    let browser = chromium().ok_or_else(|| {
        ReportError::Print(format!(
            "no headless Chromium found: install chromium, or set {CHROMIUM_VAR} to its path \
             (tried {} on PATH)",
            CHROMIUM_NAMES.join(", ")
        ))
    })?;
    let html = std::fs::canonicalize(html).map_err(|e| ReportError::io(html, e))?;
    let dir = pdf
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile::Builder::new()
        .prefix(".bydel-print-")
        .suffix(".pdf")
        .tempfile_in(dir)
        .map_err(|e| ReportError::io(dir, e))?;
    let profile = tempfile::tempdir().map_err(|e| ReportError::io(dir, e))?;
    let out = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", tmp.path().display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .map_err(|e| ReportError::Print(format!("{}: {e}", browser.display())))?;
    let written = std::fs::metadata(tmp.path()).map_or(0, |m| m.len());
    if !out.status.success() || written == 0 {
        return Err(ReportError::Print(format!(
            "{} wrote no PDF ({}): {}",
            browser.display(),
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    tmp.persist(pdf)
        .map_err(|e| ReportError::io(pdf, e.error))?;
    Ok(())
}
