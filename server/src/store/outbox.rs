//! `webhook_outbox`: events written in the transaction of the change they report, claimed in
//! batches under a lease (owner + expiry), recorded only by their lease holder.

use super::{on_pool, on_tx, Result, Store, Tx};

/// A new event row.
#[derive(Debug)]
pub struct NewEvent<'a> {
    pub event_id: &'a str,
    pub program_id: &'a str,
    pub session_id: &'a str,
    pub event_type: &'a str,
    pub url: &'a str,
    pub payload: &'a str,
    pub created_at: i64,
    pub due_ms: i64,
}

/// An event claimed for delivery.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClaimedEvent {
    pub event_id: String,
    pub program_id: String,
    pub url: String,
    pub payload: String,
    pub attempts: i64,
    pub created_at: i64,
}

/// Claim statements. PostgreSQL skips rows another node is claiming at this instant
/// (`FOR UPDATE SKIP LOCKED`), so nodes never wait on each other's batches; SQLite has one
/// writer, so the claim is already exclusive. Either way a row is claimable only while it is
/// due and not under a live lease, so an event leased by a node that died is claimed again
/// once that lease runs out.
const CLAIM_POSTGRES: &str = "UPDATE webhook_outbox SET lease_owner = $1, lease_until_ms = $2 WHERE event_id IN (\
     SELECT event_id FROM webhook_outbox WHERE delivered_at IS NULL AND next_attempt_at_ms <= $3 \
     AND (lease_until_ms IS NULL OR lease_until_ms <= $3) ORDER BY created_at, event_id LIMIT $4 FOR UPDATE SKIP LOCKED) \
     RETURNING event_id, program_id, url, payload, attempts, created_at";
const CLAIM_SQLITE: &str = "UPDATE webhook_outbox SET lease_owner = $1, lease_until_ms = $2 WHERE event_id IN (\
     SELECT event_id FROM webhook_outbox WHERE delivered_at IS NULL AND next_attempt_at_ms <= $3 \
     AND (lease_until_ms IS NULL OR lease_until_ms <= $3) ORDER BY created_at, event_id LIMIT $4) \
     RETURNING event_id, program_id, url, payload, attempts, created_at";

impl Store {
    /// When the next undelivered event falls due (its retry time, or its lease's end).
    pub async fn next_event_due_ms(&self) -> Result<Option<i64>> {
        const SQL: &str = "SELECT MIN(CASE WHEN lease_until_ms > next_attempt_at_ms THEN lease_until_ms ELSE next_attempt_at_ms END) \
             FROM webhook_outbox WHERE delivered_at IS NULL";
        Ok(on_pool!(self, |c| sqlx::query_scalar::<_, Option<i64>>(SQL).fetch_one(c).await?))
    }
}

impl Tx {
    pub async fn insert_event(&mut self, e: &NewEvent<'_>) -> Result<()> {
        const SQL: &str = "INSERT INTO webhook_outbox (event_id, program_id, session_id, event_type, url, payload, created_at, attempts, next_attempt_at_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8)";
        on_tx!(self, |c| sqlx::query(SQL)
            .bind(e.event_id)
            .bind(e.program_id)
            .bind(e.session_id)
            .bind(e.event_type)
            .bind(e.url)
            .bind(e.payload)
            .bind(e.created_at)
            .bind(e.due_ms)
            .execute(&mut *c)
            .await?.rows_affected());
        Ok(())
    }

    /// Leases up to `limit` due events to `owner` until `lease_until_ms`, oldest first.
    pub async fn claim_events(&mut self, owner: &str, now_ms: i64, lease_until_ms: i64, limit: i64) -> Result<Vec<ClaimedEvent>> {
        let sql = match self {
            Tx::Sqlite(_) => CLAIM_SQLITE,
            Tx::Postgres(_) => CLAIM_POSTGRES,
        };
        let mut claimed = on_tx!(self, |c| sqlx::query_as::<_, ClaimedEvent>(sql)
            .bind(owner)
            .bind(lease_until_ms)
            .bind(now_ms)
            .bind(limit)
            .fetch_all(&mut *c)
            .await?);
        // RETURNING has no order.
        claimed.sort_by(|a, b| (a.created_at, &a.event_id).cmp(&(b.created_at, &b.event_id)));
        Ok(claimed)
    }

    /// Records a delivery (2xx) by the lease holder: `false` if the lease is no longer `owner`'s.
    pub async fn record_delivered(&mut self, event_id: &str, owner: &str, at: i64, status: i64) -> Result<bool> {
        const SQL: &str = "UPDATE webhook_outbox SET delivered_at = $1, attempts = attempts + 1, last_status = $2, \
             lease_owner = NULL, lease_until_ms = NULL WHERE event_id = $3 AND lease_owner = $4 AND delivered_at IS NULL";
        let n = on_tx!(self, |c| sqlx::query(SQL).bind(at).bind(status).bind(event_id).bind(owner).execute(&mut *c).await?.rows_affected());
        Ok(n == 1)
    }

    /// Records a failed attempt by the lease holder and when to try again.
    pub async fn record_failed_attempt(&mut self, event_id: &str, owner: &str, next_ms: i64, status: Option<i64>) -> Result<bool> {
        const SQL: &str = "UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at_ms = $1, last_status = $2, \
             lease_owner = NULL, lease_until_ms = NULL WHERE event_id = $3 AND lease_owner = $4 AND delivered_at IS NULL";
        let n = on_tx!(self, |c| sqlx::query(SQL).bind(next_ms).bind(status).bind(event_id).bind(owner).execute(&mut *c).await?.rows_affected());
        Ok(n == 1)
    }

    /// Gives an event back without counting an attempt (nothing was sent), due again at `next_ms`.
    pub async fn release_event(&mut self, event_id: &str, owner: &str, next_ms: i64) -> Result<bool> {
        const SQL: &str = "UPDATE webhook_outbox SET next_attempt_at_ms = $1, lease_owner = NULL, lease_until_ms = NULL \
             WHERE event_id = $2 AND lease_owner = $3 AND delivered_at IS NULL";
        let n = on_tx!(self, |c| sqlx::query(SQL).bind(next_ms).bind(event_id).bind(owner).execute(&mut *c).await?.rows_affected());
        Ok(n == 1)
    }
}
