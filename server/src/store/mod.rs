//! Every SQL statement of the server, grouped by table, behind one API with two backends:
//! SQLite (the embedded default for one node) and PostgreSQL (any number of nodes).
//!
//! Statements are portable where the SQL allows (both drivers take `$1` placeholders, both
//! have `ON CONFLICT … DO UPDATE … WHERE` and `RETURNING`), so most are one text run on either
//! connection through [`on_tx!`] / [`on_pool!`]; where the backends differ (claiming outbox rows
//! with `FOR UPDATE SKIP LOCKED`) each has its own. Every cross-request guarantee is a unique
//! key or a compare-and-set `UPDATE … WHERE <expected state>` here, never a lock in a process.

pub mod idempotency;
pub mod mount_tokens;
pub mod outbox;
mod postgres;
pub mod proofs;
pub mod sessions;
mod sqlite;
pub mod vault;

use crate::config::DatabaseUrl;
use std::time::Duration;

pub use sessions::SessionRow;

/// Runs `$body` with `$c` bound to the transaction's connection, whichever the backend.
macro_rules! on_tx {
    ($tx:expr, |$c:ident| $body:expr) => {
        match $tx {
            $crate::store::Tx::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::store::Tx::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}

/// Runs `$body` with `$c` bound to the store's read pool (autocommit), whichever the backend.
macro_rules! on_pool {
    ($store:expr, |$c:ident| $body:expr) => {
        match $store {
            $crate::store::Store::Sqlite(s) => {
                let $c = &s.read;
                $body
            }
            $crate::store::Store::Postgres(p) => {
                let $c = p;
                $body
            }
        }
    };
}
pub(crate) use {on_pool, on_tx};

/// A database fault (never bad input: that is refused before any statement runs).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Sql(#[from] sqlx::Error),
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("cannot create the database directory {path}: {source}")]
    Directory { path: String, source: std::io::Error },
}

impl StoreError {
    /// A transaction that lost a race the database detected (PostgreSQL: serialization failure
    /// 40001, deadlock 40P01): running it again from the start is safe and may succeed.
    pub fn is_retryable(&self) -> bool {
        match self {
            StoreError::Sql(sqlx::Error::Database(e)) => matches!(e.code().as_deref(), Some("40001" | "40P01")),
            _ => false,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Which database a [`Store`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The server's database: cheap to clone, shared by every handler and worker.
#[derive(Clone, Debug)]
pub enum Store {
    Sqlite(std::sync::Arc<sqlite::SqliteStore>),
    Postgres(sqlx::PgPool),
}

/// One write transaction. Dropped without [`Tx::commit`], it rolls back.
pub enum Tx {
    Sqlite(sqlite::WriteTx),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Connection limits and timeouts, from configuration.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// PostgreSQL pool size per node.
    pub max_connections: u32,
    /// PostgreSQL `statement_timeout`: a statement stuck on a lock fails instead of hanging.
    pub statement_timeout: Duration,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self { max_connections: 16, statement_timeout: Duration::from_secs(10) }
    }
}

impl Store {
    /// Opens the database the URL names and runs its backend's migrations.
    pub async fn connect(url: &DatabaseUrl, options: &StoreOptions) -> Result<Store> {
        match url {
            DatabaseUrl::Sqlite(u) => Ok(Store::Sqlite(std::sync::Arc::new(sqlite::SqliteStore::connect(u).await?))),
            DatabaseUrl::Postgres(u) => Ok(Store::Postgres(postgres::connect(u, options).await?)),
        }
    }

    pub fn backend(&self) -> Backend {
        match self {
            Store::Sqlite(_) => Backend::Sqlite,
            Store::Postgres(_) => Backend::Postgres,
        }
    }

    /// Begins a write transaction (READ COMMITTED on PostgreSQL; SQLite's one writer, queued).
    pub async fn begin(&self) -> Result<Tx> {
        Ok(match self {
            Store::Sqlite(s) => Tx::Sqlite(s.writer.begin().await?),
            Store::Postgres(p) => Tx::Postgres(p.begin().await?),
        })
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> Result<()> {
        on_pool!(self, |c| sqlx::query("SELECT 1").execute(c).await?.rows_affected());
        Ok(())
    }

    /// Closes every connection (after the last request and worker pass).
    pub async fn close(&self) {
        match self {
            Store::Sqlite(s) => s.read.close().await,
            Store::Postgres(p) => p.close().await,
        }
    }

    /// Rows in one of the server's tables (operations and tests).
    pub async fn count(&self, table: &str) -> Result<i64> {
        const TABLES: [&str; 6] = ["sessions", "mount_tokens", "idempotency_keys", "used_jti", "vault_entries", "webhook_outbox"];
        let Some(table) = TABLES.iter().find(|t| **t == table) else {
            return Err(sqlx::Error::Protocol(format!("unknown table {table}")).into());
        };
        let sql = format!("SELECT COUNT(*) FROM {table}");
        Ok(on_pool!(self, |c| sqlx::query_scalar::<_, i64>(&sql).fetch_one(c).await?))
    }

    /// Spawns the backend's own housekeeping (SQLite: the WAL checkpointer), if any.
    pub fn spawn_housekeeping(&self) -> Option<tokio::task::JoinHandle<()>> {
        match self {
            Store::Sqlite(s) => Some(tokio::spawn(sqlite::run_checkpointer(s.read.clone()))),
            Store::Postgres(_) => None,
        }
    }
}

impl Tx {
    pub async fn commit(self) -> Result<()> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }
}

/// How often a transaction that lost a detected race is run again before the error stands.
pub const MAX_TX_ATTEMPTS: u32 = 5;
