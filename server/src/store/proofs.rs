//! `used_jti`: the one-time ids of accepted proofs; the primary key makes each one single-use.

use super::{on_tx, Result, Tx};

impl Tx {
    /// Records a proof's `jti` for the session: `true` the first time, `false` on a replay
    /// (on any node: the row is the claim).
    pub async fn record_jti(&mut self, session_id: &str, jti: &str, expires_at: i64) -> Result<bool> {
        const SQL: &str = "INSERT INTO used_jti (session_id, jti, expires_at) VALUES ($1, $2, $3) ON CONFLICT (session_id, jti) DO NOTHING";
        let n = on_tx!(self, |c| sqlx::query(SQL).bind(session_id).bind(jti).bind(expires_at).execute(&mut *c).await?.rows_affected());
        Ok(n == 1)
    }

    /// Deletes ids whose proofs can no longer be fresh; returns how many.
    pub async fn delete_spent_jtis(&mut self, now: i64) -> Result<u64> {
        const SQL: &str = "DELETE FROM used_jti WHERE expires_at <= $1";
        Ok(on_tx!(self, |c| sqlx::query(SQL).bind(now).execute(&mut *c).await?.rows_affected()))
    }
}
