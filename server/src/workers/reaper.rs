//! The reaper: expires overdue sessions (so `session.expired` goes out even if nobody looks at
//! the session again; access-time expiry stays the rule) and deletes dead idempotency keys,
//! spent proof ids and old mount tokens, and erases the recipient's name and postal code of
//! sessions that ended longer ago than the retention period, and webhook events delivered
//! more than 30 days ago (pending and failed ones stay, for `GET /v1/events` and redelivery).

use crate::error::ApiError;
use crate::lifecycle::{self, transact};
use crate::state::AppState;
use std::time::Duration;

/// How long a delivered event is kept (DESIGN.md: 30 days).
pub const KEEP_DELIVERED_SECS: i64 = 30 * 86_400;

/// Overdue sessions expired per pass.
const EXPIRE_BATCH: i64 = 500;

/// One pass; returns rows removed plus sessions looked at for expiry.
pub async fn reap_once(state: &AppState) -> Result<u64, ApiError> {
    let now = state.now();
    let mut n = 0;
    for id in state.store.overdue_sessions(now, EXPIRE_BATCH).await? {
        // Another node's reaper may expire it first: the compare-and-set makes that a no-op here.
        match lifecycle::load_fresh(state, &id).await {
            Ok(_) => n += 1,
            Err(e) => tracing::warn!(session_id = %id, error = %e, "reaper could not expire session"),
        }
    }
    n += transact!(state, |tx| {
        let keys = tx.delete_dead_idempotency_keys(now).await?;
        let jtis = tx.delete_spent_jtis(now).await?;
        let tokens = tx.delete_old_mount_tokens(now - 86_400).await?;
        let erased = tx.erase_recipient_pii(now - state.settings.pii_retention_secs, now).await?;
        let events = tx.delete_delivered_events(now - KEEP_DELIVERED_SECS).await?;
        Ok(keys + jtis + tokens + erased + events)
    })?;
    Ok(n)
}

/// Runs [`reap_once`] at start and every `reaper_interval_secs`.
pub async fn run(state: AppState) {
    loop {
        match reap_once(&state).await {
            Ok(n) if n > 0 => tracing::info!(removed = n, "reaper removed dead rows"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "reaper failed"),
        }
        tokio::time::sleep(Duration::from_secs(state.settings.reaper_interval_secs.max(1))).await;
    }
}
