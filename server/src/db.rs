use capture_protocol::{FundingDestination, SessionStatus};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous, SqliteTransactionManager};
use sqlx::{ConnectOptions, SqliteConnection, SqlitePool, TransactionManager};
use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

/// The pool type of the server (SQLite today; the SQL is kept portable).
pub type Pool = SqlitePool;

/// The server's connections to its database file: a pool for reads and one connection for
/// writes.
///
/// SQLite has one writer at a time. When every pooled connection may write, the writers of
/// one process contend for that lock: the losers sleep in SQLite's busy handler (1, 2, 5,
/// 10 … ms), and a connection's page cache is thrown away whenever another connection has
/// committed, so each write transaction re-reads its pages. So every write goes through
/// [`Writer`], one connection behind a fair queue: writers wait their turn without sleeping,
/// and the connection's cache stays warm. The database, not this queue, still enforces every
/// guarantee (the idempotency claim, compare-and-set status changes), so several server
/// processes on one file remain correct: they wait on the lock up to `busy_timeout`.
#[derive(Clone, Debug)]
pub struct Pools {
    /// Autocommit reads (and the tests' queries).
    pub read: Pool,
    /// Every write, and every transaction that writes.
    pub write: Arc<Writer>,
}

fn options(url: &str) -> Result<SqliteConnectOptions, sqlx::Error> {
    let url = if url.starts_with("sqlite:") { url.to_owned() } else { format!("sqlite://{url}") };
    // WAL with synchronous=NORMAL: a commit survives a crash or kill of this process (it is in
    // the WAL, in the OS's page cache); only an OS crash or power loss can lose the last commits
    // (never corrupt the file). Checkpoints fsync.
    Ok(SqliteConnectOptions::from_str(&url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(30))
        .foreign_keys(true))
}

/// Opens (creating the file and its directory when missing) and migrates the database.
pub async fn connect(url: &str) -> Result<Pools, sqlx::Error> {
    let opts = options(url)?;
    let path = opts.get_filename().to_owned();
    if let Some(dir) = path.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(sqlx::Error::Io)?;
        }
    }
    // The writer checkpoints only as a backstop (~40 MB of WAL): `run_checkpointer` does it
    // off the write path, so a commit does not stop every ~100 creates to copy pages and fsync.
    let write_opts = opts.clone().pragma("wal_autocheckpoint", WAL_BACKSTOP_PAGES.to_string());
    let mut write = write_opts.connect().await?;
    sqlx::migrate!("./migrations").run(&mut write).await?;
    // A local file cannot drop a connection: no liveness round trip (`SELECT 1` on the
    // connection's thread) before each use.
    let read = SqlitePoolOptions::new()
        .max_connections(4)
        .test_before_acquire(false)
        .acquire_timeout(Duration::from_secs(30))
        .connect_with(opts.clone())
        .await?;
    Ok(Pools { read, write: Arc::new(Writer { conn: Arc::new(Mutex::new(write)), opts: write_opts }) })
}

/// WAL pages after which a commit checkpoints by itself (SQLite's default is 1000).
pub const WAL_BACKSTOP_PAGES: u32 = 10_000;

/// How often [`run_checkpointer`] copies the WAL back into the database file.
pub const CHECKPOINT_INTERVAL: Duration = Duration::from_millis(100);

/// Checkpoints the WAL (`PASSIVE`: never waits for, nor blocks, the writer or readers) from a
/// read connection every [`CHECKPOINT_INTERVAL`], so the copying and the two fsyncs of a
/// checkpoint happen beside the write path instead of inside a commit that every other writer
/// waits for. With nothing new in the WAL it returns at once.
pub async fn run_checkpointer(read: Pool) {
    loop {
        tokio::time::sleep(CHECKPOINT_INTERVAL).await;
        if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)").execute(&read).await {
            tracing::warn!(error = %e, "WAL checkpoint failed");
        }
    }
}

/// The one write connection, behind a FIFO queue (`tokio::sync::Mutex` is fair).
///
/// Not a one-connection `Pool`: a pool pings a connection on every release (one more round
/// trip to the connection's thread while every other writer waits) and hands it over through
/// a spawned task.
pub struct Writer {
    conn: Arc<Mutex<SqliteConnection>>,
    opts: SqliteConnectOptions,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer").finish_non_exhaustive()
    }
}

impl Writer {
    /// The connection, for autocommit writes. Never call while holding it (or a [`WriteTx`]).
    pub async fn lock(&self) -> OwnedMutexGuard<SqliteConnection> {
        self.conn.clone().lock_owned().await
    }

    /// Begins a transaction (`BEGIN`: every write transaction of this server writes first, so
    /// the lock is taken at its first statement, waiting up to `busy_timeout` for another
    /// process). A connection whose thread has died is replaced.
    pub async fn begin(&self) -> Result<WriteTx, sqlx::Error> {
        let mut conn = self.lock().await;
        match SqliteTransactionManager::begin(&mut conn, None).await {
            Ok(()) => {}
            Err(sqlx::Error::WorkerCrashed) => {
                tracing::warn!("write connection lost; reopening");
                *conn = self.opts.connect().await?;
                SqliteTransactionManager::begin(&mut conn, None).await?;
            }
            Err(e) => return Err(e),
        }
        Ok(WriteTx { conn, open: true })
    }
}

/// A write transaction holding the write connection; derefs to the connection. Dropped without
/// [`WriteTx::commit`] (an error, or a cancelled request), it rolls back: the `ROLLBACK` is
/// queued on the connection's thread ahead of anything the next writer sends.
pub struct WriteTx {
    conn: OwnedMutexGuard<SqliteConnection>,
    open: bool,
}

impl WriteTx {
    pub async fn commit(mut self) -> Result<(), sqlx::Error> {
        // If this future is dropped after the COMMIT ran, the connection's thread ignores the
        // rollback that `drop` then queues (sqlx tracks that case).
        SqliteTransactionManager::commit(&mut self.conn).await?;
        self.open = false;
        Ok(())
    }
}

impl Drop for WriteTx {
    fn drop(&mut self) {
        if self.open {
            SqliteTransactionManager::start_rollback(&mut self.conn);
        }
    }
}

impl std::ops::Deref for WriteTx {
    type Target = SqliteConnection;
    fn deref(&self) -> &SqliteConnection {
        &self.conn
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut SqliteConnection {
        &mut self.conn
    }
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
