//! `GET /.well-known/jwks.json`: the public keys that verify receipts.

use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Json;

/// Every receipt key's public half, newest first. Cacheable for five minutes: a new key is
/// published (added to `CAPTURE_RECEIPT_KEYS` after the signing one) before it signs.
#[utoipa::path(get, path = "/.well-known/jwks.json", operation_id = "receiptKeys", tag = "ops",
    responses((status = 200, description = "a JWK Set (RFC 7517): every receipt key by `kid` (EC P-256, ES256)", body = serde_json::Value)))]
pub async fn jwks(State(state): State<AppState>) -> Response {
    let mut resp = Json(state.receipts.jwks()).into_response();
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    resp
}
