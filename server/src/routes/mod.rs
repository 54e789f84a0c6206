//! HTTP only: extractors and one module per resource. Handlers extract, call the lifecycle,
//! and answer; no SQL and no session rules live here.

pub mod events;
pub mod extract;
pub mod frame;
pub mod hosted;
pub mod limits;
pub mod ops;
pub mod sessions;
pub mod wellknown;

use crate::error;
use crate::state::AppState;
use axum::Router;

/// Mounts each `path => method(handler)` line, and lists them in [`MOUNTED`] (what the OpenAPI
/// document is held to: every route mounted is documented, and nothing else).
macro_rules! mount {
    ($($path:literal => $method:ident($handler:path)),* $(,)?) => {
        /// `(path, method)` of every route [`router`] mounts.
        pub const MOUNTED: &[(&str, &str)] = &[$(($path, stringify!($method))),*];

        fn routes(router: Router<AppState>) -> Router<AppState> {
            router $(.route($path, axum::routing::$method($handler)))*
        }
    };
}

mount! {
    "/v1/sessions" => post(sessions::create),
    "/v1/sessions/{id}" => get(sessions::read),
    "/v1/sessions/{id}/terminate" => post(sessions::terminate),
    "/v1/sessions/{id}/continue" => post(sessions::continue_session),
    "/v1/sessions/{id}/stop" => post(sessions::stop),
    "/v1/events" => get(events::list),
    "/v1/events/{id}/redeliver" => post(events::redeliver),
    "/frame/v1/sessions/{id}/mount" => post(frame::mount),
    "/frame/v1/sessions/{id}/accounts" => post(frame::accounts),
    "/frame/v1/sessions/{id}/cancel" => post(frame::cancel),
    "/frame/v1/sessions/{id}/status" => post(frame::status),
    "/session/{id}" => get(hosted::session_page),
    "/warm" => get(hosted::warm_page),
    "/static/{build}/{*path}" => get(hosted::static_file),
    "/assets/{*path}" => get(hosted::asset),
    "/pkg/{*path}" => get(hosted::pkg),
    "/locales/{*path}" => get(hosted::locale),
    "/healthz" => get(ops::healthz),
    "/readyz" => get(ops::readyz),
    "/openapi.json" => get(ops::openapi),
    "/.well-known/jwks.json" => get(wellknown::jwks),
}

/// Every route of the server, with its layers (compression, panic catcher, fallbacks).
pub fn router(state: AppState) -> Router {
    use axum::http::{header, HeaderValue};
    use tower_http::catch_panic::CatchPanicLayer;
    use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
    use tower_http::compression::CompressionLayer;
    use tower_http::set_header::SetResponseHeaderLayer;
    use tower_http::timeout::TimeoutLayer;
    use tower_http::trace::TraceLayer;

    let files = hosted::StaticFiles::scan(&state.settings.web_root);
    let hsts = state.settings.public_base_url.starts_with("https://");
    routes(Router::new())
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(state.clone(), limits::enforce))
        // Outside the limiter, so its 429s count too; unknown paths count as `unmatched`.
        .layer(axum::middleware::from_fn(crate::metrics::track))
        .layer(axum::Extension(files))
        .with_state(state)
        // Over https, browsers are told to keep using it (two years, as hstspreload.org asks).
        .layer(axum::middleware::map_response(move |mut resp: axum::response::Response| async move {
            if hsts {
                resp.headers_mut().insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=63072000; includeSubDomains"));
            }
            resp
        }))
        // Handlers that serve cacheable files set their own Cache-Control; every other answer
        // (API envelopes, errors) must not be cached.
        .layer(SetResponseHeaderLayer::if_not_present(header::CACHE_CONTROL, HeaderValue::from_static("no-store")))
        .layer(SetResponseHeaderLayer::if_not_present(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")))
        .layer(CompressionLayer::new())
        // A request (body included) that takes longer than this answers 408.
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, std::time::Duration::from_secs(30)))
        .layer(CatchPanicLayer::custom(error::panic_response))
        // Logs method, path and status only (paths carry no secrets: the mount token rides in
        // the URL fragment, which browsers never send), each line in the request's span, which
        // names its `x-request-id`.
        .layer(TraceLayer::new_for_http().make_span_with(|req: &axum::http::Request<_>| {
            let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or_default();
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        // Every answer carries the request's id: the caller's when it is a valid one, else a new UUID.
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .layer(axum::middleware::map_request(drop_invalid_request_id))
}

const REQUEST_ID: axum::http::HeaderName = axum::http::HeaderName::from_static("x-request-id");

/// Whether an incoming `x-request-id` is kept: 1–128 of `A–Z a–z 0–9 - _ . :` (what tracing
/// systems send), so a caller cannot put arbitrary text into the logs.
fn valid_request_id(v: &[u8]) -> bool {
    (1..=128).contains(&v.len()) && v.iter().all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(b))
}

async fn drop_invalid_request_id(mut req: axum::extract::Request) -> axum::extract::Request {
    let mut ids = req.headers().get_all(&REQUEST_ID).iter();
    let keep = matches!((ids.next(), ids.next()), (Some(v), None) if valid_request_id(v.as_bytes()));
    if !keep {
        req.headers_mut().remove(&REQUEST_ID);
    }
    req
}
