//! Webhooks leave through a durable outbox: an event row is written in the same transaction as
//! the status change it reports, and a worker POSTs it until a 2xx, with exponential backoff
//! (base doubling to a cap). Rows survive restarts. Each request carries
//! `Capture-Event-Id: evt_…` and `Capture-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.

use crate::db::SessionRow;
use crate::state::AppState;
use capture_protocol::SessionStatus;
use hmac::{Hmac, Mac};
use rand::RngCore;
use serde_json::{json, Map, Value};
use sqlx::SqliteConnection;
use std::time::Duration;

pub const SIGNATURE_HEADER: &str = "Capture-Signature";
pub const EVENT_ID_HEADER: &str = "Capture-Event-Id";

fn now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// `evt_` + 24 random hex characters.
pub fn new_event_id() -> String {
    let mut b = [0u8; 12];
    rand::thread_rng().fill_bytes(&mut b);
    format!("evt_{}", hex::encode(b))
}

/// `t=<t>,v1=<hex hmac>` over `"<t>.<body>"`.
pub fn sign(secret: &str, t: i64, body: &str) -> String {
    let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(format!("{t}.{body}").as_bytes());
    format!("t={t},v1={}", hex::encode(mac.finalize().into_bytes()))
}

/// Queues an event for the session's program (no-op when it has no webhook URL).
pub async fn enqueue(
    conn: &mut SqliteConnection,
    state: &AppState,
    row: &SessionRow,
    event_type: &str,
    status: SessionStatus,
    extra: Map<String, Value>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let Some(program) = state.program(&row.program_id) else { return Ok(()) };
    let Some(url) = &program.webhook_url else { return Ok(()) };
    let id = new_event_id();
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
    let payload = json!({"id": id, "type": event_type, "created": now, "data": data});
    sqlx::query(
        "INSERT INTO webhook_outbox (event_id, program_id, session_id, event_type, url, payload, created_at, attempts, next_attempt_at_ms) \
         VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)",
    )
    .bind(&id)
    .bind(&program.id)
    .bind(&row.id)
    .bind(event_type)
    .bind(url)
    .bind(payload.to_string())
    .bind(now)
    .bind(now_ms())
    .execute(conn)
    .await?;
    tracing::info!(session_id = %row.id, event_id = %id, event_type, "webhook queued");
    Ok(())
}

/// The delay before attempt `attempts + 1`: base · 2^attempts, capped.
pub fn backoff_ms(base: u64, cap: u64, attempts: i64) -> u64 {
    let shift = attempts.clamp(0, 30) as u32;
    base.saturating_mul(1u64 << shift).min(cap)
}

#[derive(sqlx::FromRow)]
struct Due {
    event_id: String,
    program_id: String,
    url: String,
    payload: String,
    attempts: i64,
    next_attempt_at_ms: i64,
}

/// Delivers every due event once. Returns how many were delivered.
pub async fn deliver_due(state: &AppState) -> Result<usize, sqlx::Error> {
    let due: Vec<Due> = sqlx::query_as(
        "SELECT event_id, program_id, url, payload, attempts, next_attempt_at_ms FROM webhook_outbox \
         WHERE delivered_at IS NULL AND next_attempt_at_ms <= ? ORDER BY created_at, next_attempt_at_ms LIMIT 50",
    )
    .bind(now_ms())
    .fetch_all(&state.pool)
    .await?;
    let mut delivered = 0;
    for ev in due {
        // Lease the event (compare-and-set on its due time) so that two server processes on one
        // database do not send it at the same time; an abandoned lease simply falls due again.
        let lease_until = now_ms() + state.settings.webhook_timeout_ms as i64 + 1_000;
        let leased = sqlx::query(
            "UPDATE webhook_outbox SET next_attempt_at_ms = ? WHERE event_id = ? AND delivered_at IS NULL AND next_attempt_at_ms = ?",
        )
        .bind(lease_until)
        .bind(&ev.event_id)
        .bind(ev.next_attempt_at_ms)
        .execute(&mut *state.writer.lock().await)
        .await?
        .rows_affected();
        if leased != 1 {
            continue;
        }
        let secret = state.program(&ev.program_id).map(|p| p.webhook_secret.clone()).unwrap_or_default();
        let t = state.now();
        let result = state
            .http
            .post(&ev.url)
            .header("content-type", "application/json")
            .header(EVENT_ID_HEADER, &ev.event_id)
            .header(SIGNATURE_HEADER, sign(&secret, t, &ev.payload))
            .body(ev.payload.clone())
            .send()
            .await;
        let status = result.as_ref().ok().map(|r| r.status().as_u16());
        if status.is_some_and(|s| (200..300).contains(&s)) {
            sqlx::query("UPDATE webhook_outbox SET delivered_at = ?, attempts = attempts + 1, last_status = ? WHERE event_id = ?")
                .bind(t)
                .bind(status.map(i64::from))
                .bind(&ev.event_id)
                .execute(&mut *state.writer.lock().await)
                .await?;
            delivered += 1;
            tracing::info!(event_id = %ev.event_id, attempts = ev.attempts + 1, "webhook delivered");
        } else {
            let delay = backoff_ms(state.settings.webhook_backoff_base_ms, state.settings.webhook_backoff_cap_ms, ev.attempts);
            sqlx::query("UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at_ms = ?, last_status = ? WHERE event_id = ?")
                .bind(now_ms() + delay as i64)
                .bind(status.map(i64::from))
                .bind(&ev.event_id)
                .execute(&mut *state.writer.lock().await)
                .await?;
            tracing::warn!(event_id = %ev.event_id, attempts = ev.attempts + 1, status = ?status, retry_in_ms = delay, "webhook delivery failed");
        }
    }
    Ok(delivered)
}

/// Milliseconds until the next undelivered event is due, if any.
async fn next_due_in_ms(state: &AppState) -> Option<i64> {
    let next: Option<i64> = sqlx::query_scalar("SELECT MIN(next_attempt_at_ms) FROM webhook_outbox WHERE delivered_at IS NULL")
        .fetch_one(&state.pool)
        .await
        .ok()
        .flatten();
    next.map(|n| (n - now_ms()).max(0))
}

/// The worker: delivers due events, then sleeps until the next one is due, the poll interval
/// passes, or an insert nudges it.
pub async fn run_worker(state: AppState) {
    loop {
        if let Err(e) = deliver_due(&state).await {
            tracing::warn!(error = %e, "webhook worker pass failed");
        }
        let poll = state.settings.webhook_poll_ms as i64;
        let wait = next_due_in_ms(&state).await.map_or(poll, |d| d.min(poll)).max(5);
        tokio::select! {
            _ = state.webhook_nudge.notified() => {}
            _ = tokio::time::sleep(Duration::from_millis(wait as u64)) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_hmac_sha256_over_timestamp_and_body() {
        assert_eq!(
            sign("whsec_test", 1_700_000_000, r#"{"id":"evt_1"}"#),
            // Computed independently (Python's hmac module).
            format!("t=1700000000,v1={}", include_str!("../tests/fixtures/webhook_signature.txt").trim())
        );
    }

    #[test]
    fn backoff_doubles_to_the_cap() {
        let b: Vec<u64> = (0..8).map(|n| backoff_ms(1000, 20_000, n)).collect();
        assert_eq!(b, [1000, 2000, 4000, 8000, 16000, 20000, 20000, 20000]);
        assert_eq!(backoff_ms(1000, u64::MAX, 100), 1000 << 30);
    }

    #[test]
    fn event_ids_are_unique_and_prefixed() {
        let a = new_event_id();
        assert!(a.starts_with("evt_") && a.len() == 28);
        assert_ne!(a, new_event_id());
    }
}
