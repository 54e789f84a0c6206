//! PostgreSQL: one pool per node; READ COMMITTED with a statement timeout.

use super::{StoreError, StoreOptions};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;
use std::str::FromStr;

/// Connects and runs the PostgreSQL migrations. Several nodes may start at once: sqlx's
/// migrator serializes them (an advisory lock held only while migrating).
pub async fn connect(url: &str, o: &StoreOptions) -> Result<PgPool, StoreError> {
    let timeout = format!("{}ms", o.statement_timeout.as_millis());
    // Explicit, so a server whose default is stricter still behaves as the code assumes:
    // every guarantee is a compare-and-set that READ COMMITTED re-checks after a row lock.
    let opts = PgConnectOptions::from_str(url)?.options([
        ("default_transaction_isolation", r"read\ committed"),
        ("statement_timeout", timeout.as_str()),
        ("lock_timeout", timeout.as_str()),
    ]);
    let pool = PgPoolOptions::new()
        .max_connections(o.max_connections)
        .acquire_timeout(o.statement_timeout)
        .connect_with(opts)
        .await?;
    sqlx::migrate!("./migrations/postgres").run(&pool).await?;
    Ok(pool)
}
