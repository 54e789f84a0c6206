//! The reaper: expires overdue sessions (so `session.expired` goes out even if nobody looks at
//! the session again; access-time expiry stays the rule) and deletes dead idempotency keys,
//! spent proof ids and old mount tokens, and erases the recipient's name and postal code of
//! sessions that ended longer ago than the retention period.

use crate::error::ApiError;
use crate::lifecycle::{self, transact};
use crate::state::AppState;
use std::time::Duration;

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
        Ok(keys + jtis + tokens + erased)
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
