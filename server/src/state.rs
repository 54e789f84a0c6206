use crate::clock::Clock;
use crate::config::{Program, Settings};
use crate::receipts::Receipts;
use crate::store::Store;
use crate::vault::Vault;
use std::sync::Arc;
use tokio::sync::Notify;

/// Shared, cheap-to-clone state handed to every handler and worker. Nothing in it is a
/// guarantee: every cross-request fact lives in the database, so any number of nodes with the
/// same configuration behave as one.
#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub vault: Arc<Vault>,
    pub receipts: Arc<Receipts>,
    /// Wakes this node's webhook worker when it queued an event (other nodes find it by polling).
    pub webhook_nudge: Arc<Notify>,
    pub http: reqwest::Client,
    /// This process's name as a lease owner: random per start, so a restarted node never
    /// mistakes the leases of its previous life for its own.
    pub node_id: Arc<str>,
    /// This node's rate limiters (per node by design: they shed load, they guarantee nothing).
    pub limiters: Arc<crate::routes::limits::Limiters>,
}

impl AppState {
    pub fn new(settings: Settings, store: Store, clock: Arc<dyn Clock>, receipts: Receipts) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_millis(settings.webhook_timeout_ms))
            // A receiver or verifier that does not even accept the connection fails fast.
            .connect_timeout(std::time::Duration::from_secs(2))
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let mut id = [0u8; 8];
        rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut id);
        Ok(Self {
            vault: Arc::new(Vault::new(&settings.vault_keys)),
            receipts: Arc::new(receipts),
            store,
            clock,
            webhook_nudge: Arc::new(Notify::new()),
            http,
            node_id: format!("node-{}", hex::encode(id)).into(),
            limiters: Arc::new(crate::routes::limits::Limiters::new(&settings.rate_limits)),
            settings: Arc::new(settings),
        })
    }

    /// Unix seconds.
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    pub fn program(&self, id: &str) -> Option<&Arc<Program>> {
        self.settings.program(id)
    }
}
