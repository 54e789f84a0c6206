//! `capture-server`: the Session Management API, hosted-page serving, first-open binding,
//! verification, vault and signed webhooks of capture-frame.
//!
//! The crate is a library so tests can start the whole app on `127.0.0.1:0` with a fresh
//! SQLite file and an injectable [`clock::Clock`]; `main.rs` only reads the environment and
//! calls [`start`].

/// The injectable clock (Unix seconds): system time in production, a manual clock in tests.
pub mod clock;
/// Programs and operational settings from the TOML file and `CAPTURE_*` environment variables.
pub mod config;
/// SQLite (WAL): a read pool, the one write connection, the checkpointer, migrations, row types.
pub mod db;
/// `ApiError`: every failure as an `Envelope<ErrorData>` with its code's HTTP status.
pub mod error;
/// `POST /frame/v1/sessions/{id}/mount`, `…/accounts`, `…/cancel`.
pub mod frame;
/// `GET /session/{id}` (the hosted shell with its CSP) and the static assets, wasm and locales.
pub mod hosted;
/// Idempotency-Key claim, request hashing and the reaper of dead keys.
pub mod idempotency;
/// JSON body extraction with the API's error codes (size, media type, syntax, fields).
pub mod json;
/// The OpenAPI 3 document of the session API, assembled from the code's types and codes.
pub mod openapi;
/// ES256 proof-of-possession JWS verification and RFC 7638 thumbprints.
pub mod proof;
/// `POST /v1/sessions`, `GET /v1/sessions/{id}`, `POST /v1/sessions/{id}/terminate`.
pub mod sessions;
/// Shared state handed to every handler.
pub mod state;
/// AES-256-GCM vault for captured accounts behind `customer_account_token`.
pub mod vault;
/// Name and postal-code matching and the deterministic sandbox accounts.
pub mod verification;
/// Durable webhook outbox, its signing and the delivery worker with exponential backoff.
pub mod webhooks;

use axum::Router;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::task::JoinHandle;

pub use clock::{Clock, ManualClock, SystemClock};
pub use config::Settings;
pub use state::AppState;

/// Every route of the server, with its layers (compression, panic catcher, fallbacks).
pub fn build_app(state: AppState) -> Router {
    use axum::http::{header, HeaderValue};
    use axum::routing::{get, post};
    use tower_http::catch_panic::CatchPanicLayer;
    use tower_http::compression::CompressionLayer;
    use tower_http::set_header::SetResponseHeaderLayer;
    use tower_http::timeout::TimeoutLayer;
    use tower_http::trace::TraceLayer;

    Router::new()
        .route("/v1/sessions", post(sessions::create))
        .route("/v1/sessions/{id}", get(sessions::read))
        .route("/v1/sessions/{id}/terminate", post(sessions::terminate))
        .route("/frame/v1/sessions/{id}/mount", post(frame::mount))
        .route("/frame/v1/sessions/{id}/accounts", post(frame::accounts))
        .route("/frame/v1/sessions/{id}/cancel", post(frame::cancel))
        .route("/session/{id}", get(hosted::session_page))
        .route("/assets/{file}", get(hosted::asset))
        .route("/pkg/{build}/{file}", get(hosted::pkg))
        .route("/locales/{code}/{file}", get(hosted::locale))
        .route("/openapi.json", get(openapi::serve))
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .with_state(state)
        // Handlers that serve cacheable files set their own Cache-Control; every other answer
        // (API envelopes, errors) must not be cached.
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(CompressionLayer::new())
        // A request (body included) that takes longer than this answers 408.
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, std::time::Duration::from_secs(30)))
        .layer(CatchPanicLayer::custom(error::panic_response))
        // Logs method, path and status only (paths carry no secrets: the mount token rides in
        // the URL fragment, which browsers never send).
        .layer(TraceLayer::new_for_http())
}

/// A started server: its address, its state, and the tasks to stop.
pub struct RunningApp {
    pub addr: SocketAddr,
    pub state: AppState,
    tasks: Vec<JoinHandle<()>>,
}

impl RunningApp {
    /// `http://ip:port` of the listener.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops the server, the webhook worker, the reaper and the checkpointer, and closes the pools.
    pub async fn shutdown(self) {
        for t in &self.tasks {
            t.abort();
        }
        for t in self.tasks {
            let _ = t.await;
        }
        // The write connection closes when the last clone of the state is dropped.
        self.state.pool.close().await;
    }

    /// Waits until the HTTP server task ends (used by `main`).
    pub async fn wait(&mut self) {
        if let Some(server) = self.tasks.last_mut() {
            let _ = server.await;
        }
    }
}

/// Binds `settings.listen`, opens and migrates the database, and spawns the HTTP server, the
/// webhook worker, the reaper and the WAL checkpointer. `public_base_url` defaults to
/// `http://<bound address>`.
pub async fn start(mut settings: Settings, clock: Arc<dyn Clock>) -> anyhow_like::Result<RunningApp> {
    if !settings.vault_key_configured {
        return Err("no vault key: set CAPTURE_VAULT_KEY (64 hex characters)".into());
    }
    let listener = tokio::net::TcpListener::bind(settings.listen).await.map_err(anyhow_like::err)?;
    let addr = listener.local_addr().map_err(anyhow_like::err)?;
    if settings.public_base_url.is_empty() {
        settings.public_base_url = format!("http://{addr}");
    }
    let pools = db::connect(&settings.database_url).await.map_err(anyhow_like::err)?;
    let state = AppState::new(settings, pools, clock).map_err(anyhow_like::err)?;
    let worker = tokio::spawn(webhooks::run_worker(state.clone()));
    let reaper = tokio::spawn(idempotency::run_reaper(state.clone()));
    let checkpointer = tokio::spawn(db::run_checkpointer(state.pool.clone()));
    let app = build_app(state.clone());
    let server = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, app).await {
            tracing::error!(error = %e, "server stopped");
        }
    });
    tracing::info!(%addr, "capture-server listening");
    Ok(RunningApp { addr, state, tasks: vec![worker, reaper, checkpointer, server] })
}

/// A tiny boxed-error result, to keep `anyhow` out of the dependency tree.
pub mod anyhow_like {
    pub type Error = Box<dyn std::error::Error + Send + Sync>;
    pub type Result<T> = std::result::Result<T, Error>;
    pub fn err<E: std::error::Error + Send + Sync + 'static>(e: E) -> Error {
        Box::new(e)
    }
}
