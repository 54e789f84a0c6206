use crate::clock::Clock;
use crate::config::{Program, Settings};
use crate::db::{Pool, Pools, WriteTx, Writer};
use crate::vault::Vault;
use std::sync::Arc;
use tokio::sync::Notify;

/// Shared, cheap-to-clone state.
#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    /// Reads (see [`Pools`]).
    pub pool: Pool,
    /// Writes: one connection (see [`Pools`]). Never acquire it while holding it.
    pub writer: Arc<Writer>,
    pub clock: Arc<dyn Clock>,
    pub vault: Arc<Vault>,
    /// Wakes the webhook worker when an event is queued.
    pub webhook_nudge: Arc<Notify>,
    pub http: reqwest::Client,
}

impl AppState {
    pub fn new(settings: Settings, pools: Pools, clock: Arc<dyn Clock>) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_millis(settings.webhook_timeout_ms))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Self {
            vault: Arc::new(Vault::new(&settings.vault_key)),
            settings: Arc::new(settings),
            pool: pools.read,
            writer: pools.write,
            clock,
            webhook_nudge: Arc::new(Notify::new()),
            http,
        })
    }

    /// A transaction on the write connection.
    pub async fn begin_write(&self) -> Result<WriteTx, sqlx::Error> {
        self.writer.begin().await
    }

    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    pub fn program(&self, id: &str) -> Option<&Program> {
        self.settings.program(id)
    }
}
