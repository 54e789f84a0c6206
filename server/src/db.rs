use capture_protocol::{FundingDestination, SessionStatus};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::collections::BTreeMap;
use std::str::FromStr;
use std::time::Duration;

/// The pool type of the server (SQLite today; the SQL is kept portable).
pub type Pool = SqlitePool;

/// Opens (creating the file and its directory when missing) and migrates the database.
pub async fn connect(url: &str) -> Result<Pool, sqlx::Error> {
    let url = if url.starts_with("sqlite:") { url.to_owned() } else { format!("sqlite://{url}") };
    let opts = SqliteConnectOptions::from_str(&url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(30))
        .foreign_keys(true);
    let path = opts.get_filename().to_owned();
    if let Some(dir) = path.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
        }
    }
    let pool = SqlitePoolOptions::new().max_connections(8).acquire_timeout(Duration::from_secs(30)).connect_with(opts).await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

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

    pub fn attempts_remaining(&self) -> u32 {
        (self.max_attempts - self.attempt_count).max(0) as u32
    }
}

/// Loads one session by id.
pub async fn load_session<'e, E: sqlx::SqliteExecutor<'e>>(e: E, id: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as::<_, SessionRow>("SELECT * FROM sessions WHERE id = ?").bind(id).fetch_optional(e).await
}

/// Rows in a table (tests and diagnostics).
pub async fn count(pool: &Pool, table: &str) -> Result<i64, sqlx::Error> {
    let allowed = ["sessions", "mount_tokens", "idempotency_keys", "used_jti", "vault_entries", "webhook_outbox"];
    if !allowed.contains(&table) {
        return Err(sqlx::Error::Protocol(format!("unknown table {table}")));
    }
    sqlx::query_scalar::<_, i64>(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(pool).await
}
