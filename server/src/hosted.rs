//! The hosted shell and its static files. Names are validated before any path is built, so
//! no request can leave `www/assets`, `pkg/<build>` or `locales/<code>`.

use crate::error::ApiError;
use crate::sessions::load_fresh;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
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

async fn serve_file(path: PathBuf, name: &str) -> Response {
    match tokio::fs::read(&path).await {
        Ok(bytes) => {
            let mut r = (StatusCode::OK, bytes).into_response();
            let h = r.headers_mut();
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static(mime_for(name)));
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static(STATIC_CACHE));
            h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
            r
        }
        Err(_) => ApiError::code(ApiCode::NotFound).into_response(),
    }
}

fn not_found() -> Response {
    ApiError::code(ApiCode::NotFound).into_response()
}

/// `GET /assets/{file}` from `<root>/www/assets/`.
pub async fn asset(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    if !safe_name(&file) {
        return not_found();
    }
    serve_file(state.settings.web_root.join("www").join("assets").join(&file), &file).await
}

/// `GET /pkg/{build}/{file}` from `<root>/pkg/<build>/`.
pub async fn pkg(State(state): State<AppState>, Path((build, file)): Path<(String, String)>) -> Response {
    if !safe_name(&build) || !safe_name(&file) {
        return not_found();
    }
    serve_file(state.settings.web_root.join("pkg").join(&build).join(&file), &file).await
}

/// `GET /locales/{code}/capture.ftl` from `<root>/locales/`; `code` must be canonical.
pub async fn locale(State(state): State<AppState>, Path((code, file)): Path<(String, String)>) -> Response {
    let canonical = LocaleCode::try_from(code.as_str()).ok().filter(|c| c.as_str() == code);
    match canonical {
        Some(c) if file == "capture.ftl" => {
            serve_file(state.settings.web_root.join("locales").join(c.as_str()).join("capture.ftl"), &file).await
        }
        _ => not_found(),
    }
}
