//! Which webhook event a change emits, and its payload (an event is written in the same
//! transaction as the change it reports, so it exists exactly when the change does); a
//! program's events as `GET /v1/events` lists them, and their redelivery.

use crate::config::Program;
use crate::error::ApiError;
use crate::lifecycle::transact;
use crate::state::AppState;
use crate::store::outbox::{EventRow, NewEvent};
use crate::store::{SessionRow, Tx};
use capture_protocol::api::{Delivery, EventList, EventView};
use capture_protocol::{ApiCode, EventId, SessionId, SessionStatus};
use rand::RngCore;
use serde_json::{json, Map, Value};

/// How long a failing event is retried before it is `failed` (DESIGN.md: 3 days).
pub const RETRY_FOR_MS: i64 = 3 * 86_400_000;

/// `evt_` + 24 random hex characters.
pub fn new_event_id() -> String {
    let mut b = [0u8; 12];
    rand::thread_rng().fill_bytes(&mut b);
    EventId::from_random_bytes(b).to_string()
}

/// Events per page of `GET /v1/events`.
pub const PAGE: usize = 100;

fn view(row: EventRow) -> EventView {
    let delivery = match (row.delivered_at, row.failed_at) {
        (Some(_), _) => Delivery::Delivered,
        (None, Some(_)) => Delivery::Failed,
        (None, None) => Delivery::Pending,
    };
    EventView {
        // Only ids this server made are stored; one that is not well formed would be a bug.
        id: EventId::try_from(row.event_id).unwrap_or_else(|_| EventId::from_random_bytes([0; 12])),
        event_type: row.event_type,
        created: row.created_at,
        delivery,
        attempts: u32::try_from(row.attempts).unwrap_or(u32::MAX),
    }
}

/// One of `program`'s events; any other id (malformed, unknown, another program's) is not found.
async fn program_event(state: &AppState, program: &Program, id: &str, param: Option<&str>) -> Result<EventRow, ApiError> {
    let not_found = || match param {
        Some(p) => ApiError::param(ApiCode::EventNotFound, p),
        None => ApiError::code(ApiCode::EventNotFound),
    };
    let id = EventId::try_from(id).map_err(|_| not_found())?;
    state.store.find_event(&program.id, id.as_str()).await?.ok_or_else(not_found)
}

/// `GET /v1/events?session_identifier=&after=`: the program's events, oldest first, a page at a
/// time. A session or `after` event that is not the program's is not found.
pub async fn list(state: &AppState, program: &Program, session: Option<&str>, after: Option<&str>) -> Result<EventList, ApiError> {
    if let Some(s) = session {
        let id = SessionId::try_from(s).map_err(|_| ApiError::param(ApiCode::SessionNotFound, "session_identifier"))?;
        super::sessions::program_session(state, program, &id).await.map_err(|_| ApiError::param(ApiCode::SessionNotFound, "session_identifier"))?;
    }
    let after = match after {
        Some(a) => Some(program_event(state, program, a, Some("after")).await?),
        None => None,
    };
    let cursor = after.as_ref().map(|e| (e.created_at, e.event_id.as_str()));
    let mut rows = state.store.list_events(&program.id, session, cursor, PAGE as i64 + 1).await?;
    let has_more = rows.len() > PAGE;
    rows.truncate(PAGE);
    Ok(EventList { events: rows.into_iter().map(view).collect(), has_more })
}

/// `POST /v1/events/{id}/redeliver`: the event (same id) is pending and due now, retried for
/// another 3 days.
pub async fn redeliver(state: &AppState, program: &Program, id: &str) -> Result<EventView, ApiError> {
    let row = program_event(state, program, id, None).await?;
    let now_ms = state.now_ms();
    let found = transact!(state, |tx| { Ok(tx.redeliver_event(&program.id, &row.event_id, now_ms, now_ms + RETRY_FOR_MS).await?) })?;
    if !found {
        return Err(ApiError::code(ApiCode::EventNotFound));
    }
    state.webhook_nudge.notify_one();
    // As it stands after this call (the worker may have sent it again already).
    Ok(view(EventRow { delivered_at: None, failed_at: None, ..row }))
}

/// Queues `event_type` for the session's program (nothing when it has no webhook URL):
/// the session's identifiers and `status`, plus `extra`. Returns the event's id, made either
/// way, so a receipt names the event even when the program takes no webhooks.
pub async fn emit(
    tx: &mut Tx,
    state: &AppState,
    row: &SessionRow,
    event_type: &str,
    status: SessionStatus,
    extra: Map<String, Value>,
    now: i64,
) -> Result<String, crate::store::StoreError> {
    let id = new_event_id();
    let Some(program) = state.program(&row.program_id) else { return Ok(id) };
    let Some(url) = &program.webhook_url else { return Ok(id) };
    let mut data = json!({
        "session_identifier": row.id,
        "status": status,
        "participant_unique_id1": row.participant_unique_id1,
        "participant_unique_id2": row.participant_unique_id2,
        "client_reference_id": row.client_reference_id,
        "metadata": row.metadata(),
    });
    if let Some(obj) = data.as_object_mut() {
        obj.extend(extra);
    }
    let payload = json!({"id": id, "type": event_type, "created": now, "data": data}).to_string();
    tx.insert_event(&NewEvent {
        event_id: &id,
        program_id: &program.id,
        session_id: &row.id,
        event_type,
        url,
        payload: &payload,
        created_at: now,
        due_ms: state.now_ms(),
        retry_until_ms: state.now_ms() + RETRY_FOR_MS,
    })
    .await?;
    tracing::info!(session_id = %row.id, event_id = %id, event_type, "webhook queued");
    Ok(id)
}

#[cfg(test)]
mod tests {
    #[test]
    fn event_ids_are_unique_and_prefixed() {
        let a = super::new_event_id();
        assert!(a.starts_with("evt_") && a.len() == 28);
        assert_ne!(a, super::new_event_id());
    }
}
