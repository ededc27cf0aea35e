//! Pages behind the login: the analysts' list of working files (`RUN_DIR/work/`, the exact
//! unpublished counts) with downloads, and the admins' view of the audit log. Every download
//! and every view of the log is audited. `dataset/` is never served.

use std::fmt::Write as _;

use bydel_report::i18n::Labels;
use std::path::{Path as FsPath, PathBuf};

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{Html, IntoResponse, Response};

use crate::context::Ctx;
use crate::error::ServerError;
use crate::html::{esc, page, table, url};
use crate::state::AppState;
use crate::users::Role;

/// `GET /analyst`.
pub async fn files(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
) -> Result<Html<String>, ServerError> {
    ctx.require(Role::Analyst, "see the working files")?;
    let lang = ctx.lang;
    let rows: Vec<Vec<String>> = list(&state.work_dir())
        .into_iter()
        .map(|(name, size)| {
            vec![
                format!(
                    "<a href=\"/analyst/files/{}\">{}</a>",
                    name.split('/').map(url).collect::<Vec<_>>().join("/"),
                    esc(&name)
                ),
                size.to_string(),
            ]
        })
        .collect();
    let header = [lang.t("file"), lang.t("size")].map(str::to_owned);
    let mut s = table("work-files", lang.t("work_files"), &header, &rows);
    if ctx.identity.has(Role::Admin) {
        let _ = write!(s, "<p><a href=\"/admin/audit\">{}</a></p>", lang.t("audit"));
    }
    Ok(page(&ctx, lang.t("analyst"), &s))
}

/// `GET /analyst/files/{*path}`: only a file that [`list`] shows can be downloaded.
pub async fn download(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
    Path(path): Path<String>,
) -> Result<Response, ServerError> {
    ctx.require(Role::Analyst, "download working files")?;
    let work = state.work_dir();
    let Some((name, _)) = list(&work).into_iter().find(|(n, _)| *n == path) else {
        state.audit(&ctx.identity, "download_work_file", &path, "not_found")?;
        return Err(ServerError::not_found("file", path.as_str()));
    };
    let bytes = std::fs::read(work.join(&name))
        .map_err(|e| ServerError::Internal(format!("{name}: {e}")))?;
    state.audit(&ctx.identity, "download_work_file", &name, "ok")?;
    let file = name.rsplit('/').next().unwrap_or("file").to_owned();
    let disposition = format!("attachment; filename=\"{}\"", file.replace('"', ""));
    Ok((
        [
            (CONTENT_TYPE, "application/octet-stream".to_owned()),
            (CONTENT_DISPOSITION, disposition),
            (CACHE_CONTROL, "no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /admin/audit`.
pub async fn audit_log(
    State(state): State<AppState>,
    Extension(ctx): Extension<Ctx>,
) -> Result<Html<String>, ServerError> {
    ctx.require(Role::Admin, "read the audit log")?;
    state.audit(&ctx.identity, "view_audit_log", "audit.log", "ok")?;
    let text = state.audit.read()?;
    Ok(page(
        &ctx,
        ctx.lang.t("audit"),
        &format!("<pre class=\"log\">{}</pre>", esc(&text)),
    ))
}

/// The regular files of `work/` and its sub-folders (one level), as (relative name, bytes).
/// Hidden entries and symbolic links are left out.
pub fn list(work: &FsPath) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    for (entry, prefix) in entries(work, "") {
        let Ok(meta) = std::fs::symlink_metadata(&entry) else {
            continue;
        };
        let name = format!("{prefix}{}", file_name(&entry));
        if meta.is_file() {
            out.push((name, meta.len()));
        } else if meta.is_dir() {
            for (sub, p) in entries(&entry, &format!("{name}/")) {
                if let Ok(m) = std::fs::symlink_metadata(&sub)
                    && m.is_file()
                {
                    out.push((format!("{p}{}", file_name(&sub)), m.len()));
                }
            }
        }
    }
    out.sort();
    out
}

fn entries(dir: &FsPath, prefix: &str) -> Vec<(PathBuf, String)> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    rd.filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| !file_name(p).starts_with('.'))
        .map(|p| (p, prefix.to_owned()))
        .collect()
}

fn file_name(p: &FsPath) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
