//! `capture-server`: the Session Management API, hosted-page serving, first-open binding,
//! verification, vault and signed webhooks of capture-frame.
//!
//! Layers, imports one way: [`routes`] (HTTP) → [`lifecycle`] (session rules, status changes,
//! events) → [`store`] (every SQL statement, SQLite or PostgreSQL); [`workers`] (reaper,
//! webhook delivery) use the lifecycle and the store. `docs/ARCHITECTURE.md` has the flows.
//!
//! The crate is a library so tests can start the whole app on `127.0.0.1:0` with a fresh
//! database and an injectable [`clock::Clock`]; `main.rs` only reads the environment and
//! calls [`start`].

/// The one injectable clock (Unix milliseconds and seconds).
pub mod clock;
/// Programs and operational settings from the TOML file and `CAPTURE_*` environment variables.
pub mod config;
/// `ApiError`: every failure as an `Envelope<ErrorData>` with its code's HTTP status.
pub mod error;
/// Session rules: create with idempotency, mount and binding, proof checks, submission,
/// status changes and the webhook events they emit.
pub mod lifecycle;
/// The OpenAPI 3 document of the session API, assembled from the code's types and codes.
pub mod openapi;
/// Prometheus metrics on their own listener.
pub mod metrics;
/// ES256 proof-of-possession JWS verification and RFC 7638 thumbprints.
pub mod proof;
/// Signed receipts of completed sessions (ES256 JWS) and their JWKS.
pub mod receipts;
/// HTTP: the router, extractors and one module per resource.
pub mod routes;
/// `Capture-Signature` (webhooks, verifier requests).
pub mod signing;
/// Shared state handed to every handler and worker.
pub mod state;
/// Every SQL statement, per table, for SQLite and PostgreSQL.
pub mod store;
/// Operator commands beside the service (vault re-encryption).
pub mod admin;
/// AES-256-GCM vault for captured accounts behind `customer_account_token`.
pub mod vault;
/// Name and postal-code matching and the deterministic sandbox accounts.
pub mod verification;
/// Background work: the reaper and webhook delivery.
pub mod workers;

use std::net::SocketAddr;
use std::sync::Arc;
use tokio::task::JoinHandle;

pub use clock::{Clock, ManualClock, SystemClock};
pub use config::Settings;
pub use state::AppState;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("no vault key: set CAPTURE_VAULT_KEYS (id:hex,…, newest first) or CAPTURE_VAULT_KEY (64 hex characters)")]
    NoVaultKey,
    #[error("{}", config::NO_RECEIPT_KEY)]
    NoReceiptKey,
    #[error("metrics: {0}")]
    Metrics(String),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("database: {0}")]
    Store(#[from] store::StoreError),
    #[error("HTTP client: {0}")]
    Http(#[from] reqwest::Error),
}

/// A started server: its address, its state, and the tasks to stop.
pub struct RunningApp {
    pub addr: SocketAddr,
    /// The metrics listener's address, when `CAPTURE_METRICS_LISTEN` is set.
    pub metrics_addr: Option<SocketAddr>,
    pub state: AppState,
    tasks: Vec<JoinHandle<()>>,
    server: JoinHandle<()>,
    /// Tells the HTTP server to stop accepting and finish what it serves.
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl RunningApp {
    /// `http://ip:port` of the listener.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Stops gracefully: no new connections, in-flight requests finish (each is bounded by the
    /// 30 s request timeout), then the background tasks stop, this node's webhook leases are
    /// given back, and the database is closed.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if tokio::time::timeout(std::time::Duration::from_secs(35), &mut self.server).await.is_err() {
            tracing::warn!("requests still open after 35 s: closing them");
            self.server.abort();
        }
        for t in &self.tasks {
            t.abort();
        }
        for t in self.tasks {
            let _ = t.await;
        }
        // The deliveries stopped with the worker: their events go back to the outbox now.
        match workers::webhooks::release_leases(&self.state).await {
            Ok(n) if n > 0 => tracing::info!(released = n, "webhook leases given back"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "could not give back webhook leases; they will run out"),
        }
        self.state.store.close().await;
    }

    /// Waits until the HTTP server task ends (used by `main`).
    pub async fn wait(&mut self) {
        let _ = (&mut self.server).await;
    }
}

/// Binds `settings.listen`, opens and migrates the database, and spawns the HTTP server, the
/// webhook worker, the reaper and the backend's housekeeping. `public_base_url` defaults to
/// `http://<bound address>`.
pub async fn start(mut settings: Settings, clock: Arc<dyn Clock>) -> Result<RunningApp, StartError> {
    if settings.vault_keys.is_empty() {
        return Err(StartError::NoVaultKey);
    }
    let receipts = receipts::Receipts::new(&settings.receipt_keys).ok_or(StartError::NoReceiptKey)?;
    let listener = tokio::net::TcpListener::bind(settings.listen).await.map_err(|source| StartError::Bind { addr: settings.listen, source })?;
    let addr = listener.local_addr().map_err(|source| StartError::Bind { addr: settings.listen, source })?;
    if settings.public_base_url.is_empty() {
        settings.public_base_url = format!("http://{addr}");
    }
    let metrics_listener = match settings.metrics_listen {
        Some(at) => {
            let handle = metrics::recorder().map_err(StartError::Metrics)?;
            let l = tokio::net::TcpListener::bind(at).await.map_err(|source| StartError::Bind { addr: at, source })?;
            Some((l, handle))
        }
        None => None,
    };
    let options = store::StoreOptions { max_connections: settings.database_max_connections, ..Default::default() };
    let store = store::Store::connect(&settings.database_url, &options).await?;
    let state = AppState::new(settings, store, clock, receipts)?;
    let mut tasks = vec![tokio::spawn(workers::webhooks::run(state.clone())), tokio::spawn(workers::reaper::run(state.clone()))];
    tasks.extend(state.store.spawn_housekeeping());
    let limiters = state.limiters.clone();
    tasks.push(tokio::spawn(async move {
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(60)).await;
            limiters.forget_idle();
        }
    }));
    let mut metrics_addr = None;
    if let Some((l, handle)) = metrics_listener {
        metrics_addr = l.local_addr().ok();
        let router = metrics::router(state.clone(), handle);
        tasks.push(tokio::spawn(async move {
            if let Err(e) = axum::serve(l, router).await {
                tracing::error!(error = %e, "metrics listener stopped");
            }
        }));
    }
    let app = routes::router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let stopped = async move {
            let _ = stopped.await;
        };
        if let Err(e) = axum::serve(listener, app).with_graceful_shutdown(stopped).await {
            tracing::error!(error = %e, "server stopped");
        }
    });
    tracing::info!(%addr, metrics = ?metrics_addr, backend = ?state.store.backend(), node = %state.node_id, "capture-server listening");
    Ok(RunningApp { addr, metrics_addr, state, tasks, server, stop: Some(stop) })
}
