//! Webhook delivery from the durable outbox: events are claimed in batches under a lease
//! (this node's id, for the HTTP timeout plus a margin), POSTed concurrently, and recorded
//! only by their lease holder; a failed attempt is retried with exponential backoff until a
//! 2xx. A node that dies mid-delivery leaves its leases to run out and any node picks the
//! events up again. Each request carries `Capture-Event-Id: evt_…` and
//! `Capture-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.

use crate::signing::{sign, SIGNATURE_HEADER};
use crate::state::AppState;
use crate::store::outbox::ClaimedEvent;
use crate::store::StoreError;
use std::time::Duration;

pub const EVENT_ID_HEADER: &str = "Capture-Event-Id";

/// Events claimed (and delivered concurrently) per pass.
const BATCH: i64 = 32;
/// How long an event whose program left the configuration waits before it is looked at again.
const ORPHAN_RETRY_MS: i64 = 60_000;

/// The delay before attempt `attempts + 1`: base · 2^attempts, capped.
pub fn backoff_ms(base: u64, cap: u64, attempts: i64) -> u64 {
    let shift = attempts.clamp(0, 30) as u32;
    base.saturating_mul(1u64 << shift).min(cap)
}

/// Claims and delivers one batch of due events. Returns how many were claimed.
pub async fn deliver_due(state: &AppState) -> Result<usize, StoreError> {
    let now_ms = state.now_ms();
    // The lease outlives one delivery attempt (the HTTP timeout) with room to record it.
    let lease_until = now_ms + state.settings.webhook_timeout_ms as i64 + 5_000;
    let mut tx = state.store.begin().await?;
    let claimed = tx.claim_events(&state.node_id, now_ms, lease_until, BATCH).await?;
    tx.commit().await?;
    let n = claimed.len();
    let mut deliveries = tokio::task::JoinSet::new();
    for ev in claimed {
        let state = state.clone();
        deliveries.spawn(async move {
            let event_id = ev.event_id.clone();
            if let Err(e) = deliver(&state, ev).await {
                tracing::warn!(event_id = %event_id, error = %e, "could not record a webhook attempt; its lease will run out");
            }
        });
    }
    while deliveries.join_next().await.is_some() {}
    Ok(n)
}

/// One attempt at one leased event.
async fn deliver(state: &AppState, ev: ClaimedEvent) -> Result<(), StoreError> {
    let owner = &state.node_id;
    let secret = state.program(&ev.program_id).map(|p| p.webhook_secret.as_str()).filter(|s| !s.is_empty());
    let Some(secret) = secret else {
        // Never signed with an empty secret: it waits for its program to come back.
        tracing::error!(event_id = %ev.event_id, program = %ev.program_id, "webhook left pending: its program (or its webhook_secret) is not in the configuration");
        let mut tx = state.store.begin().await?;
        tx.release_event(&ev.event_id, owner, state.now_ms() + ORPHAN_RETRY_MS).await?;
        return tx.commit().await;
    };
    let t = state.now();
    let result = state
        .http
        .post(&ev.url)
        .header("content-type", "application/json")
        .header(EVENT_ID_HEADER, &ev.event_id)
        .header(SIGNATURE_HEADER, sign(secret, t, &ev.payload))
        .body(ev.payload.clone())
        .send()
        .await;
    let status = result.as_ref().ok().map(|r| i64::from(r.status().as_u16()));
    let mut tx = state.store.begin().await?;
    let recorded = if status.is_some_and(|s| (200..300).contains(&s)) {
        let ok = tx.record_delivered(&ev.event_id, owner, t, status.unwrap_or_default()).await?;
        if ok {
            tracing::info!(event_id = %ev.event_id, attempts = ev.attempts + 1, "webhook delivered");
        }
        ok
    } else {
        let delay = backoff_ms(state.settings.webhook_backoff_base_ms, state.settings.webhook_backoff_cap_ms, ev.attempts);
        let ok = tx.record_failed_attempt(&ev.event_id, owner, state.now_ms() + delay as i64, status).await?;
        if ok {
            tracing::warn!(event_id = %ev.event_id, attempts = ev.attempts + 1, status = ?status, retry_in_ms = delay, "webhook delivery failed");
        }
        ok
    };
    tx.commit().await?;
    if !recorded {
        tracing::warn!(event_id = %ev.event_id, "webhook lease lost before the attempt was recorded; another node owns the event now");
    }
    Ok(())
}

/// Delivers due events, then sleeps until the next one is due, the poll interval passes, or
/// this node queued an event.
pub async fn run(state: AppState) {
    loop {
        let claimed = match deliver_due(&state).await {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!(error = %e, "webhook worker pass failed");
                0
            }
        };
        if claimed as i64 == BATCH {
            continue;
        }
        let poll = state.settings.webhook_poll_ms as i64;
        let next = state.store.next_event_due_ms().await.ok().flatten();
        let wait = next.map_or(poll, |n| (n - state.now_ms()).clamp(0, poll)).max(5);
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
    fn backoff_doubles_to_the_cap() {
        let b: Vec<u64> = (0..8).map(|n| backoff_ms(1000, 20_000, n)).collect();
        assert_eq!(b, [1000, 2000, 4000, 8000, 16000, 20000, 20000, 20000]);
        assert_eq!(backoff_ms(1000, u64::MAX, 100), 1000 << 30);
    }
}
