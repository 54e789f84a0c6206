//! The hosted shell and its static files. Static files are served by tower-http's `ServeDir`
//! (MIME types, ranges, conditional requests, and the `.br`/`.gz` siblings the build wrote),
//! under `/static/<build>/…` where `<build>` is a hash of every file served there: those
//! answers are `immutable`, and a new build is a new URL. The shell names that prefix.

use super::extract::SessionPath;
use crate::error::ApiError;
use crate::lifecycle;
use crate::openapi::refusals;
use crate::state::AppState;
use axum::body::Body;
use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use capture_protocol::{ApiCode, LocaleCode, SessionId};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path as FsPath, PathBuf};
use tower::ServiceExt;
use tower_http::services::ServeDir;
use utoipa::openapi::{RefOr, ResponseBuilder};

/// Files under a build's prefix never change: a new build is a new prefix.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Files at their plain paths (`/assets/…`: the bench's floor page, older shells) may change.
const SHORT: &str = "public, max-age=300";

/// The CSP of the shell (DESIGN.md "Security headers"): framable only by the session's `host_uri`.
pub fn csp(frame_ancestors: &str) -> String {
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors {frame_ancestors}"
    )
}

/// The static trees, by the first segment of their URL path.
const TREES: [(&str, &str); 3] = [("assets", "www/assets"), ("pkg", "pkg"), ("locales", "locales")];

/// The content hash that names this node's static files, and the directories they come from.
#[derive(Clone)]
pub struct StaticFiles {
    pub build: std::sync::Arc<str>,
    root: PathBuf,
}

impl StaticFiles {
    /// Hashes every file of the static trees (path and bytes, in path order), once at start:
    /// nodes with the same files agree on the prefix; a deploy that changes one byte changes it.
    pub fn scan(root: &FsPath) -> StaticFiles {
        fn walk(dir: &FsPath, out: &mut Vec<PathBuf>) {
            let Ok(entries) = std::fs::read_dir(dir) else { return };
            for e in entries.flatten() {
                let path = e.path();
                if path.is_dir() {
                    walk(&path, out);
                } else {
                    out.push(path);
                }
            }
        }
        let mut files = Vec::new();
        for (_, dir) in TREES {
            walk(&root.join(dir), &mut files);
        }
        files.sort();
        let mut hash = Sha256::new();
        for f in &files {
            hash.update(f.strip_prefix(root).unwrap_or(f).to_string_lossy().as_bytes());
            hash.update([0]);
            hash.update(std::fs::read(f).unwrap_or_default());
            hash.update([0]);
        }
        StaticFiles { build: hex::encode(&hash.finalize()[..8]).into(), root: root.to_path_buf() }
    }

    /// `/static/<build>`, the prefix the shell's URLs start with.
    pub fn prefix(&self) -> String {
        format!("/static/{}", self.build)
    }

    /// Serves `<tree>/<rest>` through `ServeDir`, with `cache` on a success.
    async fn serve(&self, path: &str, request: Request, cache: &'static str) -> Response {
        let Some((dir, rest)) = path.split_once('/').and_then(|(tree, rest)| TREES.iter().find(|(t, _)| *t == tree).map(|(_, d)| (*d, rest))) else {
            return not_found();
        };
        let Ok(uri) = format!("/{rest}").parse::<Uri>() else { return not_found() };
        let (mut parts, body) = request.into_parts();
        parts.uri = uri;
        let files = ServeDir::new(self.root.join(dir)).precompressed_br().precompressed_gzip();
        let Ok(resp) = files.oneshot(Request::from_parts(parts, body)).await;
        let mut resp = resp.map(Body::new);
        if !(resp.status().is_success() || resp.status() == StatusCode::NOT_MODIFIED) {
            // ServeDir's own 404 has no body: answer with the API's envelope instead.
            return if resp.status() == StatusCode::NOT_FOUND { not_found() } else { resp };
        }
        let h = resp.headers_mut();
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        // Fluent files are text; mime_guess does not know `.ftl`.
        if rest.ends_with(".ftl") {
            h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
        }
        resp
    }
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

// `not_found` when the deployment lacks `www/session.html`.
refusals!(PageRefusals: SessionPath; NotFound);

/// The hosted page (`www/session.html` with the mount-window placeholders and the static prefix
/// filled), framable only by the session's `host_uri`; a terminal session still gets it, so the
/// frame can say so. The `host_uri` (only) may also read it with CORS: that is how an embed whose
/// frame stayed silent tells a page that was served from one refused by `frame-ancestors`. The
/// shell holds nothing of the session.
#[utoipa::path(get, path = "/session/{id}", operation_id = "sessionPage", tag = "hosted",
    params(SessionPath),
    responses((status = 200, description = "the hosted page", content_type = "text/html", body = String), PageRefusals))]
pub async fn session_page(State(state): State<AppState>, Extension(files): Extension<StaticFiles>, Path(id): Path<String>, headers: HeaderMap) -> Response {
    let found = match SessionId::try_from(id.as_str()) {
        Ok(id) => lifecycle::frame::shell(&state, &id).await,
        Err(_) => Ok(None),
    };
    let shell = match found {
        Ok(Some(shell)) => shell,
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
    let path = state.settings.web_root.join("www").join("session.html");
    let mut resp = match tokio::fs::read_to_string(&path).await {
        Ok(html) => {
            let html = html
                .replace("{{MOUNT_EXPIRES_AT}}", &shell.mount_window_closes.unwrap_or(0).to_string())
                .replace("{{SERVER_TIME}}", &state.now().to_string())
                .replace("{{LOCALE_PRELOAD}}", &locale_preload(&files, shell.locale_file))
                .replace("{{STATIC}}", &files.prefix());
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "www/session.html missing");
            failed_page(&files, &id, &shell.host_uri, ApiCode::NotFound)
        }
    };
    security_headers(&mut resp, &shell.host_uri);
    let h = resp.headers_mut();
    h.insert(header::VARY, HeaderValue::from_static("origin"));
    if headers.get(header::ORIGIN).is_some_and(|o| o.as_bytes() == shell.host_uri.as_bytes()) {
        if let Ok(v) = HeaderValue::from_str(&shell.host_uri) {
            h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, v);
        }
    }
    resp
}

/// `GET /warm`: the embed's `warm()` loads it in a hidden iframe before any session exists.
/// `assets/warm.js` fetches what the shell loads (compiling the wasm) into the caches of the
/// partition the real iframe will use, then posts `{"protocol":"capture-frame","v":1,"type":"warm"}`
/// to its embedder. It holds nothing but public code and shows nothing, so any page may frame it.
#[utoipa::path(get, path = "/warm", operation_id = "warmPage", tag = "hosted",
    responses((status = 200, description = "the warm-up page", content_type = "text/html", body = String)))]
pub async fn warm_page(Extension(files): Extension<StaticFiles>) -> Response {
    let prefix = files.prefix();
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title></title>\
         <link rel=\"modulepreload\" href=\"{prefix}/pkg/frame/capture_frame.js\">\
         <script type=\"module\" src=\"{prefix}/assets/warm.js\"></script></head><body></body></html>"
    );
    let mut resp = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    security_headers(&mut resp, "*");
    resp
}

/// The session's locale file, fetched while the wasm downloads instead of after the mount (one
/// round trip less on a slow link). `as="fetch" crossorigin` is what the page's `fetch` of it
/// matches, so the browser hands the preloaded answer over.
fn locale_preload(files: &StaticFiles, locale: Option<LocaleCode>) -> String {
    locale.map_or_else(String::new, |code| format!("<link rel=\"preload\" href=\"{}/locales/{code}/capture.ftl\" as=\"fetch\" crossorigin>", files.prefix()))
}

/// The error page of a known session: framable by its `host_uri` like the shell (the caller
/// sets the headers), and it speaks the protocol there: `assets/failed.js` posts
/// `terminal_failure` with `code` to that origin only, so the embed ends the mount at once
/// instead of waiting out its load deadline.
fn failed_page(files: &StaticFiles, id: &str, host_uri: &str, code: ApiCode) -> Response {
    let attr = |s: &str| s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"capture-session\" content=\"{}\">\
         <meta name=\"capture-host\" content=\"{}\"><meta name=\"capture-code\" content=\"{}\"><title>{}</title>\
         <script type=\"module\" src=\"{}/assets/failed.js\"></script></head><body><p>{}</p></body></html>",
        attr(id),
        attr(host_uri),
        code.name(),
        code.client_message(),
        files.prefix(),
        code.client_message(),
    );
    (StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::NOT_FOUND), [(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

fn not_found() -> Response {
    ApiError::code(ApiCode::NotFound).into_response()
}

/// What a file route answers besides the whole file: `ServeDir`'s range, conditional and
/// bad-range answers, and the envelope's 404 for no such file.
pub struct FileAnswers;

impl utoipa::IntoResponses for FileAnswers {
    fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
        let mut answers = crate::openapi::error_responses(&[ApiCode::NotFound]);
        for (status, what) in [(206, "the requested range"), (304, "not modified"), (416, "the range is past the end")] {
            answers.insert(status.to_string(), ResponseBuilder::new().description(what).into());
        }
        answers
    }
}

/// This build's files, `immutable`. Another build's prefix is a 404: its files are not here, and
/// today's under its name would be a lie cached for a year.
#[utoipa::path(get, path = "/static/{build}/{path}", operation_id = "staticFile", tag = "hosted",
    params(("build" = String, Path, description = "the content hash the hosted page names"), ("path" = String, Path, description = "`assets/…`, `pkg/…` or `locales/…` (may contain `/`)")),
    responses(
        (status = 200, description = "the file, typed by its extension", content_type = "application/octet-stream", body = Vec<u8>),
        FileAnswers))]
pub async fn static_file(Extension(files): Extension<StaticFiles>, request: Request) -> Response {
    // The raw (still percent-encoded) path: ServeDir decodes it once, and refuses `..` after.
    let Some(path) = request.uri().path().strip_prefix(&format!("{}/", files.prefix())).map(str::to_owned) else {
        return not_found();
    };
    files.serve(&path, request, IMMUTABLE).await
}

/// The same files at plain paths, cached briefly, one route per tree.
async fn plain_file(files: StaticFiles, request: Request) -> Response {
    let path = request.uri().path().trim_start_matches('/').to_owned();
    files.serve(&path, request, SHORT).await
}

/// A file of `www/assets/` at its plain path (the bench's floor page, older shells).
#[utoipa::path(get, path = "/assets/{path}", operation_id = "asset", tag = "hosted",
    params(("path" = String, Path, description = "a path under `www/assets/`")),
    responses(
        (status = 200, description = "the file, typed by its extension", content_type = "application/octet-stream", body = Vec<u8>),
        FileAnswers))]
pub async fn asset(Extension(files): Extension<StaticFiles>, request: Request) -> Response {
    plain_file(files, request).await
}

/// A file of the page's wasm builds, `pkg/<build>/…`, at its plain path.
#[utoipa::path(get, path = "/pkg/{path}", operation_id = "pkg", tag = "hosted",
    params(("path" = String, Path, description = "a path under `pkg/`")),
    responses(
        (status = 200, description = "the file, typed by its extension", content_type = "application/octet-stream", body = Vec<u8>),
        FileAnswers))]
pub async fn pkg(Extension(files): Extension<StaticFiles>, request: Request) -> Response {
    plain_file(files, request).await
}

/// A locale's messages, `locales/<code>/capture.ftl`, at its plain path.
#[utoipa::path(get, path = "/locales/{path}", operation_id = "locale", tag = "hosted",
    params(("path" = String, Path, description = "`<code>/capture.ftl`")),
    responses(
        (status = 200, description = "the Fluent messages", content_type = "text/plain", body = String),
        FileAnswers))]
pub async fn locale(Extension(files): Extension<StaticFiles>, request: Request) -> Response {
    plain_file(files, request).await
}
