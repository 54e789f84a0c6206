//! Operational routes: health, readiness and the OpenAPI document.

use crate::error::{envelope, ApiError};
use crate::lifecycle;
use crate::openapi::{answer, refusals};
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use axum::Json;
use capture_protocol::ApiCode;

/// The process serves (whatever its database does): 200 while it runs.
#[utoipa::path(get, path = "/healthz", operation_id = "healthz", tag = "ops",
    responses((status = 200, description = answer(ApiCode::Ok), body = serde_json::Value)))]
pub async fn healthz() -> Response {
    envelope(ApiCode::Ok, serde_json::json!({}))
}

refusals!(ReadyRefusals: ; DatabaseUnavailable);

/// The node can serve: its database answers (else 503, so a load balancer sends traffic elsewhere).
#[utoipa::path(get, path = "/readyz", operation_id = "readyz", tag = "ops",
    responses((status = 200, description = answer(ApiCode::Ok), body = serde_json::Value), ReadyRefusals))]
pub async fn readyz(State(state): State<AppState>) -> Result<Response, ApiError> {
    lifecycle::ready(&state).await?;
    Ok(envelope(ApiCode::Ok, serde_json::json!({})))
}

/// This document (OpenAPI 3.1), generated from the handlers and the protocol's types.
#[utoipa::path(get, path = "/openapi.json", operation_id = "openapi", tag = "ops",
    responses((status = 200, description = "the OpenAPI document", body = serde_json::Value)))]
pub async fn openapi(State(state): State<AppState>) -> Json<utoipa::openapi::OpenApi> {
    Json(crate::openapi::document(&state.settings.public_base_url))
}
