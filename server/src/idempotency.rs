//! Brandur-style idempotency keys. The key row `(program_id, idem_key)` is claimed with one
//! `INSERT … ON CONFLICT DO UPDATE … WHERE expires_at <= now` in the same transaction that
//! creates the session, so the database (not a lock in this process) guarantees that any number
//! of concurrent requests with one key create at most one session: the losers wait on the row
//! and then see it committed, and replay it. The claim writes the new session's id into the key
//! row at once, so a key row without a session (only visible if a writer committed a claim
//! without its session, which this code never does) answers `idempotency_key_in_use`.

use crate::state::AppState;
use capture_protocol::api::CreateSessionRequest;
use sqlx::SqliteConnection;
use std::time::Duration;

/// SHA-256 (hex) of the canonical request: the JSON re-serialized with keys sorted.
pub fn request_hash(req: &CreateSessionRequest) -> String {
    let value = serde_json::to_value(req).unwrap_or_default();
    crate::config::sha256_hex(value.to_string().as_bytes())
}

/// What the claim found.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// The key is ours (new, or a dead key taken over): create the session.
    Claimed,
    /// A live key with the same request, and its session.
    Replay(String),
    /// A live key with another request.
    Mismatch,
    /// A live key whose session is not recorded yet.
    InUse,
}

/// Claims `key` for `program_id` inside the caller's transaction, for the session
/// `session_id` that the caller inserts in that same transaction: the row records its session
/// from the start, so a claim costs one statement and a commit shows the key and its session
/// together (or neither).
pub async fn claim(
    conn: &mut SqliteConnection,
    program_id: &str,
    key: &str,
    hash: &str,
    session_id: &str,
    now: i64,
    ttl: i64,
) -> Result<Claim, sqlx::Error> {
    let claimed = sqlx::query(
        "INSERT INTO idempotency_keys (program_id, idem_key, request_sha256, session_id, created_at, expires_at) \
         VALUES (?, ?, ?, ?, ?, ?) \
         ON CONFLICT (program_id, idem_key) DO UPDATE SET request_sha256 = excluded.request_sha256, \
         session_id = excluded.session_id, created_at = excluded.created_at, expires_at = excluded.expires_at \
         WHERE idempotency_keys.expires_at <= ?",
    )
    .bind(program_id)
    .bind(key)
    .bind(hash)
    .bind(session_id)
    .bind(now)
    .bind(now + ttl)
    .bind(now)
    .execute(&mut *conn)
    .await?
    .rows_affected()
        == 1;
    if claimed {
        return Ok(Claim::Claimed);
    }
    let (stored_hash, stored_session): (String, Option<String>) =
        sqlx::query_as("SELECT request_sha256, session_id FROM idempotency_keys WHERE program_id = ? AND idem_key = ?")
            .bind(program_id)
            .bind(key)
            .fetch_one(&mut *conn)
            .await?;
    Ok(if stored_hash != hash {
        Claim::Mismatch
    } else {
        match stored_session {
            Some(id) => Claim::Replay(id),
            None => Claim::InUse,
        }
    })
}

/// Deletes dead idempotency keys, spent proof ids and old mount tokens, and expires active
/// sessions past their TTL (so `session.expired` goes out even if nobody looks at the session
/// again; access-time expiry stays the rule). Returns rows removed or expired.
pub async fn reap_once(state: &AppState) -> Result<u64, sqlx::Error> {
    let now = state.now();
    let overdue: Vec<String> = sqlx::query_scalar("SELECT id FROM sessions WHERE status = 'active' AND expires_at <= ? LIMIT 500")
        .bind(now)
        .fetch_all(&state.pool)
        .await?;
    let mut expired = 0;
    for id in overdue {
        match crate::sessions::load_fresh(state, &id).await {
            Ok(_) => expired += 1,
            Err(e) => tracing::warn!(session_id = %id, error = %e, "reaper could not expire session"),
        }
    }
    let mut n = expired;
    let mut writer = state.writer.lock().await;
    n += sqlx::query("DELETE FROM idempotency_keys WHERE expires_at <= ?").bind(now).execute(&mut *writer).await?.rows_affected();
    n += sqlx::query("DELETE FROM used_jti WHERE expires_at <= ?").bind(now).execute(&mut *writer).await?.rows_affected();
    n += sqlx::query("DELETE FROM mount_tokens WHERE expires_at <= ?").bind(now - 86_400).execute(&mut *writer).await?.rows_affected();
    Ok(n)
}

/// The reaper task: runs [`reap_once`] at start and every `reaper_interval_secs`.
pub async fn run_reaper(state: AppState) {
    loop {
        match reap_once(&state).await {
            Ok(n) if n > 0 => tracing::info!(removed = n, "reaper removed dead rows"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "reaper failed"),
        }
        tokio::time::sleep(Duration::from_secs(state.settings.reaper_interval_secs.max(1))).await;
    }
}
