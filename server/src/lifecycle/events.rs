//! Which webhook event a change emits, and its payload. An event is written in the same
//! transaction as the change it reports, so it exists exactly when the change does.

use crate::state::AppState;
use crate::store::outbox::NewEvent;
use crate::store::{SessionRow, Tx};
use capture_protocol::SessionStatus;
use rand::RngCore;
use serde_json::{json, Map, Value};

/// How long a failing event is retried before it is `failed` (DESIGN.md: 3 days).
pub const RETRY_FOR_MS: i64 = 3 * 86_400_000;

/// `evt_` + 24 random hex characters.
pub fn new_event_id() -> String {
    let mut b = [0u8; 12];
    rand::thread_rng().fill_bytes(&mut b);
    format!("evt_{}", hex::encode(b))
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
