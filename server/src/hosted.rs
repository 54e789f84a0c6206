//! The hosted shell and its static files. Names are validated before any path is built, so
//! no request can leave `www/assets`, `pkg/<build>` or `locales/<code>`.

use crate::error::ApiError;
use crate::sessions::load_fresh;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use capture_protocol::{ApiCode, LocaleCode, SessionId};
use std::path::PathBuf;

const STATIC_CACHE: &str = "public, max-age=300";

/// The CSP of the shell: framable only by the session's `host_uri`.
pub fn csp(frame_ancestors: &str) -> String {
    format!("frame-ancestors {frame_ancestors}; script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'none'")
}

fn security_headers(resp: &mut Response, frame_ancestors: &str) {
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&csp(frame_ancestors)) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
}

/// `GET /session/{id}`: `www/session.html` with the mount-window placeholders filled.
pub async fn session_page(State(state): State<AppState>, Path(id): Path<String>) -> Response {
    let found = match SessionId::try_from(id.as_str()) {
        Ok(_) => load_fresh(&state, &id).await,
        Err(_) => Ok(None),
    };
    let row = match found {
        Ok(Some(row)) => row,
        Ok(None) => {
            let mut r = ApiError::code(ApiCode::SessionNotFound).into_response();
            security_headers(&mut r, "'none'");
            return r;
        }
        Err(e) => {
            let mut r = e.into_response();
            security_headers(&mut r, "'none'");
            return r;
        }
    };
    let now = state.now();
    let mount_expires_at: Option<i64> =
        sqlx::query_scalar("SELECT MAX(expires_at) FROM mount_tokens WHERE session_id = ? AND used_at IS NULL")
            .bind(&id)
            .fetch_one(&state.pool)
            .await
            .ok()
            .flatten();
    let path = state.settings.web_root.join("www").join("session.html");
    let mut resp = match tokio::fs::read_to_string(&path).await {
        Ok(html) => {
            let html = html
                .replace("{{MOUNT_EXPIRES_AT}}", &mount_expires_at.unwrap_or(0).to_string())
                .replace("{{SERVER_TIME}}", &now.to_string());
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "www/session.html missing");
            ApiError::code(ApiCode::NotFound).into_response()
        }
    };
    security_headers(&mut resp, &row.host_uri);
    resp
}

/// A single path segment that is a plain file name: `[A-Za-z0-9._-]`, no leading dot.
fn safe_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 128
        && !s.starts_with('.')
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// The MIME type by extension.
pub fn mime_for(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).as_deref() {
        Some("wasm") => "application/wasm",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("html") => "text/html; charset=utf-8",
        Some("ftl" | "txt" | "ts") => "text/plain; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Serves a file, preferring a sibling the build compressed ahead of time (`<file>.br`, then
/// `<file>.gz`) when the client accepts it: brotli at its best quality is too slow to run per
/// request, and what the compression layer does on the fly costs every page load CPU.
async fn serve_file(path: PathBuf, name: &str, request: &HeaderMap) -> Response {
    for (encoding, suffix) in [("br", "br"), ("gzip", "gz")] {
        if !accepts(request, encoding) {
            continue;
        }
        let mut sibling = path.clone().into_os_string();
        sibling.push(".");
        sibling.push(suffix);
        if !fresher_than(&sibling, &path).await {
            continue;
        }
        if let Ok(bytes) = tokio::fs::read(&sibling).await {
            let mut r = file_response(bytes, name);
            r.headers_mut().insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
            return r;
        }
    }
    match tokio::fs::read(&path).await {
        Ok(bytes) => file_response(bytes, name),
        Err(_) => ApiError::code(ApiCode::NotFound).into_response(),
    }
}

/// A compressed sibling older than its source is left over from an earlier build.
async fn fresher_than(sibling: &std::ffi::OsStr, source: &std::path::Path) -> bool {
    let modified = |p: PathBuf| async move { tokio::fs::metadata(p).await.and_then(|m| m.modified()).ok() };
    match (modified(sibling.into()).await, modified(source.to_path_buf()).await) {
        (Some(compressed), Some(original)) => compressed >= original,
        _ => false,
    }
}

fn file_response(bytes: Vec<u8>, name: &str) -> Response {
    let mut r = (StatusCode::OK, bytes).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime_for(name)));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(STATIC_CACHE));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // Caches must key on the encoding whichever representation this one is.
    h.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    r
}

/// Whether `Accept-Encoding` lists `encoding` without `q=0`.
fn accepts(request: &HeaderMap, encoding: &str) -> bool {
    request.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|item| {
        let mut parts = item.split(';').map(str::trim);
        parts.next().is_some_and(|coding| coding.eq_ignore_ascii_case(encoding))
            && parts.all(|p| p.strip_prefix("q=").and_then(|q| q.parse::<f32>().ok()).is_none_or(|q| q > 0.0))
    })
}

fn not_found() -> Response {
    ApiError::code(ApiCode::NotFound).into_response()
}

/// `GET /assets/{file}` from `<root>/www/assets/`.
pub async fn asset(State(state): State<AppState>, Path(file): Path<String>, request: HeaderMap) -> Response {
    if !safe_name(&file) {
        return not_found();
    }
    serve_file(state.settings.web_root.join("www").join("assets").join(&file), &file, &request).await
}

/// `GET /pkg/{build}/{file}` from `<root>/pkg/<build>/`.
pub async fn pkg(State(state): State<AppState>, Path((build, file)): Path<(String, String)>, request: HeaderMap) -> Response {
    if !safe_name(&build) || !safe_name(&file) {
        return not_found();
    }
    serve_file(state.settings.web_root.join("pkg").join(&build).join(&file), &file, &request).await
}

/// `GET /locales/{code}/capture.ftl` from `<root>/locales/`; `code` must be canonical.
pub async fn locale(State(state): State<AppState>, Path((code, file)): Path<(String, String)>, request: HeaderMap) -> Response {
    let canonical = LocaleCode::try_from(code.as_str()).ok().filter(|c| c.as_str() == code);
    match canonical {
        Some(c) if file == "capture.ftl" => {
            serve_file(state.settings.web_root.join("locales").join(c.as_str()).join("capture.ftl"), &file, &request).await
        }
        _ => not_found(),
    }
}
