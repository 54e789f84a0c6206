//! `sessions`: one row per session; status, attempts and binding change only by compare-and-set.

use super::{on_pool, on_tx, Result, Store, Tx};
use capture_protocol::{Appearance, FundingDestination, SessionStatus};
use std::collections::BTreeMap;

/// A session row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub id: String,
    pub program_id: String,
    pub status: String,
    pub participant_unique_id1: String,
    pub participant_unique_id2: String,
    pub language_locale_code: String,
    pub host_uri: String,
    pub funding_destinations: String,
    pub recipient_first_name: String,
    pub recipient_last_name: String,
    pub recipient_postal_code: String,
    pub client_reference_id: Option<String>,
    pub metadata: String,
    pub return_url: Option<String>,
    pub attempt_count: i64,
    pub max_attempts: i64,
    pub bound_thumbprint: Option<String>,
    pub bound_jwk: Option<String>,
    pub binding_cookie_sha256: Option<String>,
    pub customer_account_token: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub expires_at: i64,
    pub pii_erased_at: Option<i64>,
    /// 1 when a verified account waits in `awaiting_decision` for the integrator.
    pub decision_gate: i64,
    /// A terminal failure's code or the integrator's stop reason.
    pub end_reason: Option<String>,
    /// The signed receipt, once completed.
    pub receipt: Option<String>,
    /// The session's appearance as fragment pairs (`&color_scheme=dark&radius=8`; empty: none).
    pub appearance: String,
}

impl SessionRow {
    pub fn status(&self) -> SessionStatus {
        // Only this crate writes the column, always from `SessionStatus::as_str`.
        SessionStatus::try_from(self.status.as_str()).unwrap_or(SessionStatus::Terminated)
    }

    pub fn funding_destinations(&self) -> Vec<FundingDestination> {
        self.funding_destinations.split(',').filter_map(|d| FundingDestination::try_from(d).ok()).collect()
    }

    pub fn metadata(&self) -> BTreeMap<String, String> {
        serde_json::from_str(&self.metadata).unwrap_or_default()
    }

    pub fn gated(&self) -> bool {
        self.decision_gate != 0
    }

    pub fn appearance(&self) -> Appearance {
        // Only this crate writes the column, always from `Appearance::to_fragment`.
        Appearance::from_fragment(&self.appearance).unwrap_or_default()
    }

    pub fn attempts_remaining(&self) -> u32 {
        (self.max_attempts - self.attempt_count).max(0) as u32
    }
}

/// What a new session row holds (validated by the lifecycle before it gets here).
#[derive(Debug)]
pub struct NewSessionRow<'a> {
    pub id: &'a str,
    pub program_id: &'a str,
    pub participant_unique_id1: &'a str,
    pub participant_unique_id2: &'a str,
    pub language_locale_code: &'a str,
    pub host_uri: &'a str,
    /// Comma-separated, in the session's order.
    pub funding_destinations: String,
    pub recipient_first_name: &'a str,
    pub recipient_last_name: &'a str,
    pub recipient_postal_code: &'a str,
    pub client_reference_id: Option<&'a str>,
    /// JSON object of strings.
    pub metadata: String,
    pub return_url: Option<&'a str>,
    pub max_attempts: i64,
    pub decision_gate: bool,
    /// `Appearance::to_fragment`.
    pub appearance: String,
    pub now: i64,
    pub expires_at: i64,
}

const SELECT_ONE: &str = "SELECT * FROM sessions WHERE id = $1";

impl Store {
    pub async fn session(&self, id: &str) -> Result<Option<SessionRow>> {
        Ok(on_pool!(self, |c| sqlx::query_as::<_, SessionRow>(SELECT_ONE).bind(id).fetch_optional(c).await?))
    }

    /// Open (active or awaiting a decision) sessions whose TTL has passed, oldest first.
    pub async fn overdue_sessions(&self, now: i64, limit: i64) -> Result<Vec<String>> {
        static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let sql = SQL.get_or_init(|| {
            format!("SELECT id FROM sessions WHERE status IN {} AND expires_at <= $1 ORDER BY expires_at LIMIT $2", status_list(false))
        });
        Ok(on_pool!(self, |c| sqlx::query_scalar::<_, String>(sql).bind(now).bind(limit).fetch_all(c).await?))
    }
}

/// `('completed', 'canceled', …)`: every terminal (or every open) status, from the protocol's
/// own list.
fn status_list(terminal: bool) -> String {
    let names: Vec<String> = SessionStatus::ALL.iter().filter(|s| s.is_terminal() == terminal).map(|s| format!("'{}'", s.as_str())).collect();
    format!("({})", names.join(", "))
}

fn terminal_statuses() -> &'static str {
    static LIST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    LIST.get_or_init(|| status_list(true))
}

impl Tx {
    /// Erases the recipient's name and postal code of sessions that ended at or before
    /// `ended_before` (their retention passed); returns how many.
    pub async fn erase_recipient_pii(&mut self, ended_before: i64, now: i64) -> Result<u64> {
        let sql = format!(
            "UPDATE sessions SET recipient_first_name = '', recipient_last_name = '', recipient_postal_code = '', pii_erased_at = $1 \
             WHERE pii_erased_at IS NULL AND updated_at <= $2 AND status IN {}",
            terminal_statuses()
        );
        Ok(on_tx!(self, |c| sqlx::query(&sql).bind(now).bind(ended_before).execute(&mut *c).await?.rows_affected()))
    }

    pub async fn session(&mut self, id: &str) -> Result<Option<SessionRow>> {
        Ok(on_tx!(self, |c| sqlx::query_as::<_, SessionRow>(SELECT_ONE).bind(id).fetch_optional(&mut *c).await?))
    }

    pub async fn insert_session(&mut self, s: &NewSessionRow<'_>) -> Result<()> {
        const SQL: &str = "INSERT INTO sessions (id, program_id, status, participant_unique_id1, participant_unique_id2, \
             language_locale_code, host_uri, funding_destinations, recipient_first_name, recipient_last_name, \
             recipient_postal_code, client_reference_id, metadata, return_url, attempt_count, max_attempts, created_at, \
             updated_at, expires_at, decision_gate, appearance) \
             VALUES ($1, $2, 'active', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, $14, $15, $15, $16, $17, $18)";
        on_tx!(self, |c| sqlx::query(SQL)
            .bind(s.id)
            .bind(s.program_id)
            .bind(s.participant_unique_id1)
            .bind(s.participant_unique_id2)
            .bind(s.language_locale_code)
            .bind(s.host_uri)
            .bind(&s.funding_destinations)
            .bind(s.recipient_first_name)
            .bind(s.recipient_last_name)
            .bind(s.recipient_postal_code)
            .bind(s.client_reference_id)
            .bind(&s.metadata)
            .bind(s.return_url)
            .bind(s.max_attempts)
            .bind(s.now)
            .bind(s.expires_at)
            .bind(i64::from(s.decision_gate))
            .bind(&s.appearance)
            .execute(&mut *c)
            .await?.rows_affected());
        Ok(())
    }

    /// Compare-and-set of the status: `false` when the session is no longer in `from`.
    pub async fn move_status(&mut self, id: &str, from: SessionStatus, to: SessionStatus, now: i64) -> Result<bool> {
        const SQL: &str = "UPDATE sessions SET status = $1, updated_at = $2 WHERE id = $3 AND status = $4";
        let n = on_tx!(self, |c| sqlx::query(SQL)
            .bind(to.as_str())
            .bind(now)
            .bind(id)
            .bind(from.as_str())
            .execute(&mut *c)
            .await?
            .rows_affected());
        Ok(n == 1)
    }

    /// Binds an active session to a key: the first binding when `expected` is `None`
    /// (`bound_thumbprint IS NULL`), else a re-binding of the key `expected`. `false` when
    /// another request changed the binding first.
    pub async fn bind(&mut self, id: &str, expected: Option<&str>, thumbprint: &str, jwk: &str, cookie_sha256: &str, now: i64) -> Result<bool> {
        const FIRST: &str = "UPDATE sessions SET bound_thumbprint = $1, bound_jwk = $2, binding_cookie_sha256 = $3, updated_at = $4 \
             WHERE id = $5 AND status = 'active' AND bound_thumbprint IS NULL";
        const AGAIN: &str = "UPDATE sessions SET bound_thumbprint = $1, bound_jwk = $2, binding_cookie_sha256 = $3, updated_at = $4 \
             WHERE id = $5 AND status = 'active' AND bound_thumbprint = $6";
        let n = on_tx!(self, |c| {
            let q = sqlx::query(if expected.is_some() { AGAIN } else { FIRST });
            let q = q.bind(thumbprint).bind(jwk).bind(cookie_sha256).bind(now).bind(id);
            match expected {
                Some(e) => q.bind(e),
                None => q,
            }
            .execute(&mut *c)
            .await?
            .rows_affected()
        });
        Ok(n == 1)
    }

    /// Counts one verification miss on an active session below its maximum; returns
    /// `(attempt_count, max_attempts)` after it, or `None` when the session was not active or
    /// already at its maximum (a concurrent miss got there first).
    pub async fn count_attempt(&mut self, id: &str, now: i64) -> Result<Option<(i64, i64)>> {
        const SQL: &str = "UPDATE sessions SET attempt_count = attempt_count + 1, updated_at = $1 \
             WHERE id = $2 AND status = 'active' AND attempt_count < max_attempts RETURNING attempt_count, max_attempts";
        Ok(on_tx!(self, |c| sqlx::query_as::<_, (i64, i64)>(SQL).bind(now).bind(id).fetch_optional(&mut *c).await?))
    }

    /// Sets (or, with `None`, clears) the session's vault token.
    pub async fn set_account_token(&mut self, id: &str, token: Option<&str>) -> Result<()> {
        const SQL: &str = "UPDATE sessions SET customer_account_token = $1 WHERE id = $2";
        on_tx!(self, |c| sqlx::query(SQL).bind(token).bind(id).execute(&mut *c).await?.rows_affected());
        Ok(())
    }

    /// Why the session ended (a terminal failure's code, a stop reason).
    pub async fn set_end_reason(&mut self, id: &str, reason: Option<&str>) -> Result<()> {
        const SQL: &str = "UPDATE sessions SET end_reason = $1 WHERE id = $2";
        on_tx!(self, |c| sqlx::query(SQL).bind(reason).bind(id).execute(&mut *c).await?.rows_affected());
        Ok(())
    }

    pub async fn set_receipt(&mut self, id: &str, receipt: &str) -> Result<()> {
        const SQL: &str = "UPDATE sessions SET receipt = $1 WHERE id = $2";
        on_tx!(self, |c| sqlx::query(SQL).bind(receipt).bind(id).execute(&mut *c).await?.rows_affected());
        Ok(())
    }
}
