//! Operational routes: the OpenAPI document.

use crate::state::AppState;
use axum::extract::State;
use axum::Json;

/// This document (OpenAPI 3.1), generated from the handlers and the protocol's types.
#[utoipa::path(get, path = "/openapi.json", operation_id = "openapi", tag = "ops",
    responses((status = 200, description = "the OpenAPI document", body = serde_json::Value)))]
pub async fn openapi(State(state): State<AppState>) -> Json<utoipa::openapi::OpenApi> {
    Json(crate::openapi::document(&state.settings.public_base_url))
}
