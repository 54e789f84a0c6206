//! `idempotency_keys`: the key row `(program_id, idem_key)` is the claim.

use super::{on_tx, Result, Tx};

impl Tx {
    /// Claims `key` for the session `session_id` that the caller inserts in this same
    /// transaction: a new key, or a dead one (past `expires_at`) taken over. `false` when a live
    /// key holds it; then [`Tx::idempotency_key`] says with which request and session.
    ///
    /// One statement: concurrent claimers of one key queue on the row (PostgreSQL's row lock,
    /// SQLite's writer) and each later one re-evaluates the `WHERE` against the committed row,
    /// so one key yields at most one live session however many nodes race for it.
    pub async fn claim_idempotency_key(&mut self, program_id: &str, key: &str, request_sha256: &str, session_id: &str, now: i64, ttl: i64) -> Result<bool> {
        const SQL: &str = "INSERT INTO idempotency_keys (program_id, idem_key, request_sha256, session_id, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (program_id, idem_key) DO UPDATE SET request_sha256 = excluded.request_sha256, \
             session_id = excluded.session_id, created_at = excluded.created_at, expires_at = excluded.expires_at \
             WHERE idempotency_keys.expires_at <= $5";
        let n = on_tx!(self, |c| sqlx::query(SQL)
            .bind(program_id)
            .bind(key)
            .bind(request_sha256)
            .bind(session_id)
            .bind(now)
            .bind(now + ttl)
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(n == 1)
    }

    /// The live key's request hash and session.
    pub async fn idempotency_key(&mut self, program_id: &str, key: &str) -> Result<Option<(String, String)>> {
        const SQL: &str = "SELECT request_sha256, session_id FROM idempotency_keys WHERE program_id = $1 AND idem_key = $2";
        Ok(on_tx!(self, |c| sqlx::query_as::<_, (String, String)>(SQL).bind(program_id).bind(key).fetch_optional(&mut *c).await?))
    }

    /// Deletes keys past their life; returns how many.
    pub async fn delete_dead_idempotency_keys(&mut self, now: i64) -> Result<u64> {
        const SQL: &str = "DELETE FROM idempotency_keys WHERE expires_at <= $1";
        Ok(on_tx!(self, |c| sqlx::query(SQL).bind(now).execute(&mut *c).await?.rows_affected()))
    }
}
