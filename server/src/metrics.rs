//! Prometheus metrics (`metrics` facade, `metrics-exporter-prometheus`), served at
//! `GET /metrics` on `CAPTURE_METRICS_LISTEN`, a listener of its own (never on the public one).
//! Recorded here: requests by route, method and status and their latency; elsewhere, beside what
//! they count: `capture_sessions_created_total`, `capture_webhook_delivery_failures_total`,
//! `capture_rate_limited_total`; at scrape time: `capture_webhook_outbox_depth`.

use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::sync::OnceLock;

const DURATION: &str = "capture_http_request_duration_seconds";

/// The process's recorder (one per process: the `metrics` facade has one global recorder),
/// installed the first time a server with metrics starts.
pub fn recorder() -> Result<PrometheusHandle, String> {
    static HANDLE: OnceLock<Result<PrometheusHandle, String>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];
            PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Full(DURATION.into()), &buckets)
                .and_then(|b| b.install_recorder())
                .map_err(|e| e.to_string())
        })
        .clone()
}

/// Counts and times every request of the public listener, labelled by its route template (an
/// unmatched path is `unmatched`, so a scan of random paths cannot grow the label set).
pub async fn track(request: Request, next: Next) -> Response {
    let route = request.extensions().get::<MatchedPath>().map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let method = request.method().as_str().to_owned();
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::histogram!(DURATION, "route" => route.clone(), "method" => method.clone()).record(started.elapsed().as_secs_f64());
    metrics::counter!("capture_http_requests_total", "route" => route, "method" => method, "status" => status).increment(1);
    response
}

/// `GET /metrics`: the Prometheus text format.
async fn scrape(State((state, handle)): State<(AppState, PrometheusHandle)>) -> Response {
    match state.store.outbox_depth().await {
        Ok(n) => metrics::gauge!("capture_webhook_outbox_depth").set(n as f64),
        Err(e) => tracing::warn!(error = %e, "metrics: could not count the outbox"),
    }
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], handle.render()).into_response()
}

/// The metrics listener's router: `GET /metrics` only.
pub fn router(state: AppState, handle: PrometheusHandle) -> axum::Router {
    axum::Router::new().route("/metrics", axum::routing::get(scrape)).with_state((state, handle))
}
