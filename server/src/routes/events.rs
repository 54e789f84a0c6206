//! `GET /v1/events` and `POST /v1/events/{id}/redeliver`: a program's webhook events.

use super::extract::{AuthProgram, EventPath};
use crate::error::{envelope, ApiError};
use crate::lifecycle::events;
use crate::openapi::{answer, refusals};
use crate::state::AppState;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use capture_protocol::api::{Envelope, EventList, EventView};
use capture_protocol::ApiCode;

/// The filters of `GET /v1/events` (unknown parameters are ignored; the first of a repeated one counts).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventsQuery {
    /// Only this session's events.
    session_identifier: Option<String>,
    /// Only events after this one (the last `id` of the previous page).
    after: Option<String>,
}

impl EventsQuery {
    fn parse(raw: Option<&str>) -> Self {
        let pairs: Vec<(String, String)> = raw.map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect()).unwrap_or_default();
        let first = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        EventsQuery { session_identifier: first("session_identifier"), after: first("after") }
    }
}

refusals!(ListRefusals: AuthProgram; SessionNotFound, EventNotFound);

/// The program's webhook events, oldest first, at most 100 a page (`has_more`: ask again with
/// `after` = the last `id`). Another program's session or event is not found.
#[utoipa::path(get, path = "/v1/events", operation_id = "listEvents", tag = "events", security(("ApiKey" = [])),
    params(EventsQuery),
    responses((status = 200, description = answer(ApiCode::Ok), body = Envelope<EventList>), ListRefusals))]
pub async fn list(State(state): State<AppState>, AuthProgram(program): AuthProgram, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let q = EventsQuery::parse(raw.as_deref());
    Ok(envelope(ApiCode::Ok, events::list(&state, &program, q.session_identifier.as_deref(), q.after.as_deref()).await?))
}

refusals!(RedeliverRefusals: AuthProgram, EventPath;);

/// Sends one of the program's events again, under the same id: it is `pending` and due now,
/// retried for another 3 days. Any body is ignored.
#[utoipa::path(post, path = "/v1/events/{id}/redeliver", operation_id = "redeliverEvent", tag = "events", security(("ApiKey" = [])),
    params(EventPath),
    responses((status = 200, description = answer(ApiCode::Ok), body = Envelope<EventView>), RedeliverRefusals))]
pub async fn redeliver(State(state): State<AppState>, AuthProgram(program): AuthProgram, EventPath(id): EventPath) -> Result<Response, ApiError> {
    Ok(envelope(ApiCode::Ok, events::redeliver(&state, &program, &id).await?))
}
