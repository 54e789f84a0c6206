//! `mount_tokens`: single-use mount tokens (only their SHA-256), spent by compare-and-set.

use super::{on_pool, on_tx, Result, Store, Tx};

impl Store {
    /// Whether an unused, unexpired token with this hash belongs to the session: the read that
    /// lets a mount with a wrong token be refused before it takes any write.
    pub async fn mount_token_live(&self, sha256: &str, session_id: &str, now: i64) -> Result<bool> {
        const SQL: &str = "SELECT COUNT(*) FROM mount_tokens WHERE token_sha256 = $1 AND session_id = $2 AND used_at IS NULL AND expires_at > $3";
        let n = on_pool!(self, |c| sqlx::query_scalar::<_, i64>(SQL).bind(sha256).bind(session_id).bind(now).fetch_one(c).await?);
        Ok(n > 0)
    }

    /// When the session's last unused mount window closes, if any.
    pub async fn mount_window_closes(&self, session_id: &str) -> Result<Option<i64>> {
        const SQL: &str = "SELECT MAX(expires_at) FROM mount_tokens WHERE session_id = $1 AND used_at IS NULL";
        Ok(on_pool!(self, |c| sqlx::query_scalar::<_, Option<i64>>(SQL).bind(session_id).fetch_one(c).await?))
    }
}

impl Tx {
    pub async fn insert_mount_token(&mut self, sha256: &str, session_id: &str, now: i64, expires_at: i64) -> Result<()> {
        const SQL: &str = "INSERT INTO mount_tokens (token_sha256, session_id, issued_at, expires_at, used_at) VALUES ($1, $2, $3, $4, NULL)";
        on_tx!(self, |c| sqlx::query(SQL).bind(sha256).bind(session_id).bind(now).bind(expires_at).execute(&mut *c).await?.rows_affected());
        Ok(())
    }

    /// Spends the token: `true` for exactly one caller, and only while it is unused and in time.
    pub async fn spend_mount_token(&mut self, sha256: &str, session_id: &str, now: i64) -> Result<bool> {
        const SQL: &str =
            "UPDATE mount_tokens SET used_at = $1 WHERE token_sha256 = $2 AND session_id = $3 AND used_at IS NULL AND expires_at > $1";
        let n = on_tx!(self, |c| sqlx::query(SQL).bind(now).bind(sha256).bind(session_id).execute(&mut *c).await?.rows_affected());
        Ok(n == 1)
    }

    /// Drops the unused tokens of a session that became terminal.
    pub async fn delete_unused_mount_tokens(&mut self, session_id: &str) -> Result<()> {
        const SQL: &str = "DELETE FROM mount_tokens WHERE session_id = $1 AND used_at IS NULL";
        on_tx!(self, |c| sqlx::query(SQL).bind(session_id).execute(&mut *c).await?.rows_affected());
        Ok(())
    }

    /// Deletes tokens that expired before `before`; returns how many.
    pub async fn delete_old_mount_tokens(&mut self, before: i64) -> Result<u64> {
        const SQL: &str = "DELETE FROM mount_tokens WHERE expires_at <= $1";
        Ok(on_tx!(self, |c| sqlx::query(SQL).bind(before).execute(&mut *c).await?.rows_affected()))
    }
}
