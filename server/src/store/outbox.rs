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
    /// Until when a failing delivery is retried before the event is `failed`.
    pub retry_until_ms: i64,
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

/// Claim statements, one program's events at a time (so each program's in-flight bound is its
/// own). PostgreSQL skips rows another node is claiming at this instant
/// (`FOR UPDATE SKIP LOCKED`), so nodes never wait on each other's batches; SQLite has one
/// writer, so the claim is already exclusive. Either way a row is claimable only while it is
/// due and not under a live lease, so an event leased by a node that died is claimed again
/// once that lease runs out.
const CLAIM_POSTGRES: &str = "UPDATE webhook_outbox SET lease_owner = $1, lease_until_ms = $2 WHERE event_id IN (\
     SELECT event_id FROM webhook_outbox WHERE program_id = $5 AND delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at_ms <= $3 \
     AND (lease_until_ms IS NULL OR lease_until_ms <= $3) AND event_id NOT IN (SELECT jsonb_array_elements_text($6::jsonb)) \
     ORDER BY created_at, event_id LIMIT $4 FOR UPDATE SKIP LOCKED) \
     RETURNING event_id, program_id, url, payload, attempts, created_at";
const CLAIM_SQLITE: &str = "UPDATE webhook_outbox SET lease_owner = $1, lease_until_ms = $2 WHERE event_id IN (\
     SELECT event_id FROM webhook_outbox WHERE program_id = $5 AND delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at_ms <= $3 \
     AND (lease_until_ms IS NULL OR lease_until_ms <= $3) AND event_id NOT IN (SELECT value FROM json_each($6)) \
     ORDER BY created_at, event_id LIMIT $4) \
     RETURNING event_id, program_id, url, payload, attempts, created_at";

/// An event as `GET /v1/events` shows it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct EventRow {
    pub event_id: String,
    pub event_type: String,
    pub created_at: i64,
    pub attempts: i64,
    pub delivered_at: Option<i64>,
    pub failed_at: Option<i64>,
}

const EVENT_COLUMNS: &str = "event_id, event_type, created_at, attempts, delivered_at, failed_at";

/// `$first, $first+1, …` for `n` bound values (an `IN (…)` list both drivers take).
fn placeholders(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

impl Store {
    /// When the next undelivered event of one of `programs` falls due (its retry time, or its
    /// lease's end); `None` when none is waiting.
    pub async fn next_event_due_ms(&self, programs: &[&str]) -> Result<Option<i64>> {
        if programs.is_empty() {
            return Ok(None);
        }
        let sql = format!(
            "SELECT MIN(CASE WHEN lease_until_ms > next_attempt_at_ms THEN lease_until_ms ELSE next_attempt_at_ms END) \
             FROM webhook_outbox WHERE delivered_at IS NULL AND failed_at IS NULL AND program_id IN ({})",
            placeholders(1, programs.len())
        );
        Ok(on_pool!(self, |c| {
            let mut q = sqlx::query_scalar::<_, Option<i64>>(&sql);
            for p in programs {
                q = q.bind(*p);
            }
            q.fetch_one(c).await?
        }))
    }

    /// Events waiting to be delivered (neither delivered nor failed), all programs.
    pub async fn outbox_depth(&self) -> Result<i64> {
        const SQL: &str = "SELECT COUNT(*) FROM webhook_outbox WHERE delivered_at IS NULL AND failed_at IS NULL";
        Ok(on_pool!(self, |c| sqlx::query_scalar::<_, i64>(SQL).fetch_one(c).await?))
    }

    /// One program's events, oldest first: of one session if given, after the event `after`
    /// (its `(created_at, event_id)`) if given, at most `limit`.
    pub async fn list_events(&self, program: &str, session: Option<&str>, after: Option<(i64, &str)>, limit: i64) -> Result<Vec<EventRow>> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM webhook_outbox WHERE program_id = $1 AND ($2 IS NULL OR session_id = $2) \
             AND ($3 IS NULL OR created_at > $3 OR (created_at = $3 AND event_id > $4)) ORDER BY created_at, event_id LIMIT $5"
        );
        let (after_at, after_id) = after.map_or((None, None), |(t, id)| (Some(t), Some(id)));
        Ok(on_pool!(self, |c| sqlx::query_as::<_, EventRow>(&sql)
            .bind(program)
            .bind(session)
            .bind(after_at)
            .bind(after_id.unwrap_or(""))
            .bind(limit)
            .fetch_all(c)
            .await?))
    }

    /// One of `program`'s events (another program's id is not found).
    pub async fn find_event(&self, program: &str, event_id: &str) -> Result<Option<EventRow>> {
        let sql = format!("SELECT {EVENT_COLUMNS} FROM webhook_outbox WHERE program_id = $1 AND event_id = $2");
        Ok(on_pool!(self, |c| sqlx::query_as::<_, EventRow>(&sql).bind(program).bind(event_id).fetch_optional(c).await?))
    }
}

impl Tx {
    pub async fn insert_event(&mut self, e: &NewEvent<'_>) -> Result<()> {
        const SQL: &str = "INSERT INTO webhook_outbox (event_id, program_id, session_id, event_type, url, payload, created_at, attempts, next_attempt_at_ms, retry_until_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9)";
        on_tx!(self, |c| sqlx::query(SQL)
            .bind(e.event_id)
            .bind(e.program_id)
            .bind(e.session_id)
            .bind(e.event_type)
            .bind(e.url)
            .bind(e.payload)
            .bind(e.created_at)
            .bind(e.due_ms)
            .bind(e.retry_until_ms)
            .execute(&mut *c)
            .await?.rows_affected());
        Ok(())
    }

    /// Leases up to `limit` due events of `program` to `owner` until `lease_until_ms`, oldest
    /// first, except those in `sending` (the events this node is sending now).
    pub async fn claim_events(&mut self, owner: &str, program: &str, now_ms: i64, lease_until_ms: i64, limit: i64, sending: &[String]) -> Result<Vec<ClaimedEvent>> {
        // One JSON array for both backends (SQLite has no array parameters).
        let sending = serde_json::to_string(sending).expect("a list of strings serializes");
        let sql = match self {
            Tx::Sqlite(_) => CLAIM_SQLITE,
            Tx::Postgres(_) => CLAIM_POSTGRES,
        };
        let mut claimed = on_tx!(self, |c| sqlx::query_as::<_, ClaimedEvent>(sql)
            .bind(owner)
            .bind(lease_until_ms)
            .bind(now_ms)
            .bind(limit)
            .bind(program)
            .bind(&sending)
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

    /// Records a failed attempt by the lease holder and when to try again; past the event's
    /// `retry_until_ms` it is `failed` instead. `None` if the lease is no longer `owner`'s, else
    /// whether the event failed.
    pub async fn record_failed_attempt(&mut self, event_id: &str, owner: &str, now_ms: i64, next_ms: i64, status: Option<i64>) -> Result<Option<bool>> {
        const SQL: &str = "UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at_ms = $1, last_status = $2, \
             failed_at = CASE WHEN retry_until_ms <= $5 THEN $6 ELSE NULL END, \
             lease_owner = NULL, lease_until_ms = NULL WHERE event_id = $3 AND lease_owner = $4 AND delivered_at IS NULL RETURNING failed_at";
        let row = on_tx!(self, |c| sqlx::query_scalar::<_, Option<i64>>(SQL)
            .bind(next_ms)
            .bind(status)
            .bind(event_id)
            .bind(owner)
            .bind(now_ms)
            .bind(now_ms / 1000)
            .fetch_optional(&mut *c)
            .await?);
        Ok(row.map(|failed_at| failed_at.is_some()))
    }

    /// Makes one of `program`'s events due now, as pending, retried for `retry_until_ms` more:
    /// `false` when the program has no such event.
    pub async fn redeliver_event(&mut self, program: &str, event_id: &str, now_ms: i64, retry_until_ms: i64) -> Result<bool> {
        const SQL: &str = "UPDATE webhook_outbox SET delivered_at = NULL, failed_at = NULL, next_attempt_at_ms = $1, retry_until_ms = $2 \
             WHERE program_id = $3 AND event_id = $4";
        let n = on_tx!(self, |c| sqlx::query(SQL).bind(now_ms).bind(retry_until_ms).bind(program).bind(event_id).execute(&mut *c).await?.rows_affected());
        Ok(n == 1)
    }

    /// Gives back every lease `owner` holds (a node shutting down), due again at once.
    pub async fn release_leases(&mut self, owner: &str) -> Result<u64> {
        const SQL: &str = "UPDATE webhook_outbox SET lease_owner = NULL, lease_until_ms = NULL WHERE lease_owner = $1";
        Ok(on_tx!(self, |c| sqlx::query(SQL).bind(owner).execute(&mut *c).await?.rows_affected()))
    }

    /// Deletes events delivered before `before` (Unix seconds).
    pub async fn delete_delivered_events(&mut self, before: i64) -> Result<u64> {
        const SQL: &str = "DELETE FROM webhook_outbox WHERE delivered_at IS NOT NULL AND delivered_at < $1";
        Ok(on_tx!(self, |c| sqlx::query(SQL).bind(before).execute(&mut *c).await?.rows_affected()))
    }
}
