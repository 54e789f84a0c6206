//! SQLite (WAL): a read pool, the one write connection behind a fair queue, the checkpointer.

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous, SqliteTransactionManager};
use sqlx::{ConnectOptions, SqliteConnection, SqlitePool, TransactionManager};
use std::str::FromStr;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};

/// The server's connections to its database file: a pool for reads and one connection for
/// writes.
///
/// SQLite has one writer at a time. When every pooled connection may write, the writers of
/// one process contend for that lock: the losers sleep in SQLite's busy handler (1, 2, 5,
/// 10 … ms), and a connection's page cache is thrown away whenever another connection has
/// committed, so each write transaction re-reads its pages. So every write goes through
/// [`Writer`], one connection behind a fair queue: writers wait their turn without sleeping,
/// and the connection's cache stays warm. The queue is a performance detail: the statements
/// themselves (unique claims, compare-and-set updates) carry every guarantee, so several
/// processes on one file stay correct (they wait on the file lock up to `busy_timeout`).
#[derive(Debug)]
pub struct SqliteStore {
    /// Autocommit reads.
    pub read: SqlitePool,
    /// Every write, and every transaction that writes.
    pub writer: Writer,
}

fn options(url: &str) -> Result<SqliteConnectOptions, sqlx::Error> {
    // WAL with synchronous=NORMAL: a commit survives a crash or kill of this process (it is in
    // the WAL, in the OS's page cache); only an OS crash or power loss can lose the last commits
    // (never corrupt the file). Checkpoints fsync.
    Ok(SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(30))
        .foreign_keys(true))
}

impl SqliteStore {
    /// Opens (creating the file and its directory when missing) and migrates the database.
    pub async fn connect(url: &str) -> Result<SqliteStore, super::StoreError> {
        let opts = options(url)?;
        let path = opts.get_filename().to_owned();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| super::StoreError::Directory { path: dir.display().to_string(), source })?;
        }
        // The writer checkpoints only as a backstop (~40 MB of WAL): `run_checkpointer` does it
        // off the write path, so a commit does not stop every ~100 creates to copy pages and fsync.
        let write_opts = opts.clone().pragma("wal_autocheckpoint", WAL_BACKSTOP_PAGES.to_string());
        let mut write = write_opts.connect().await?;
        sqlx::migrate!("./migrations/sqlite").run(&mut write).await?;
        // A local file cannot drop a connection: no liveness round trip (`SELECT 1` on the
        // connection's thread) before each use.
        let read = SqlitePoolOptions::new()
            .max_connections(4)
            .test_before_acquire(false)
            .acquire_timeout(Duration::from_secs(30))
            .connect_with(opts)
            .await?;
        Ok(SqliteStore { read, writer: Writer { conn: std::sync::Arc::new(Mutex::new(write)), opts: write_opts } })
    }
}

/// WAL pages after which a commit checkpoints by itself (SQLite's default is 1000).
pub const WAL_BACKSTOP_PAGES: u32 = 10_000;

/// How often [`run_checkpointer`] copies the WAL back into the database file.
pub const CHECKPOINT_INTERVAL: Duration = Duration::from_millis(100);

/// Checkpoints the WAL (`PASSIVE`: never waits for, nor blocks, the writer or readers) from a
/// read connection every [`CHECKPOINT_INTERVAL`], so the copying and the two fsyncs of a
/// checkpoint happen beside the write path instead of inside a commit that every other writer
/// waits for. With nothing new in the WAL it returns at once.
pub async fn run_checkpointer(read: SqlitePool) {
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
    conn: std::sync::Arc<Mutex<SqliteConnection>>,
    opts: SqliteConnectOptions,
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Writer").finish_non_exhaustive()
    }
}

impl Writer {
    /// Begins a transaction (`BEGIN`: every write transaction of this server writes first, so
    /// the lock is taken at its first statement, waiting up to `busy_timeout` for another
    /// process). A connection whose thread has died is replaced.
    pub async fn begin(&self) -> Result<WriteTx, sqlx::Error> {
        let mut conn = self.conn.clone().lock_owned().await;
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
