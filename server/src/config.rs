use capture_protocol::{FundingDestination, LocaleCode, Origin};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// A configuration problem found at startup.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("config is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("config: {0}")]
    Invalid(String),
    #[error("CAPTURE_DATABASE_URL {url:?}: {why}")]
    DatabaseUrl { url: String, why: &'static str },
}

/// Which database `CAPTURE_DATABASE_URL` names: the URL's scheme picks the backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A `sqlite:` URL (a bare path is made one).
    Sqlite(String),
    /// A `postgres://` or `postgresql://` URL, as given.
    Postgres(String),
}

impl TryFrom<&str> for DatabaseUrl {
    type Error = ConfigError;

    /// A path (`var/capture.db`, `/data/capture.db`) or `sqlite:…` is SQLite;
    /// `postgres://…` or `postgresql://…` is PostgreSQL; anything else with a scheme is refused,
    /// so a typo never starts the server on a stray SQLite file named after it.
    fn try_from(url: &str) -> Result<Self, ConfigError> {
        let refuse = |why| ConfigError::DatabaseUrl { url: url.to_owned(), why };
        if url.trim().is_empty() {
            return Err(refuse("is empty: give a SQLite file path, sqlite://<path> or postgres://…"));
        }
        let scheme = url.split_once(':').map(|(s, _)| s).filter(|s| {
            s.len() > 1 && s.starts_with(|c: char| c.is_ascii_alphabetic()) && s.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        });
        match scheme.map(str::to_ascii_lowercase).as_deref() {
            None => Ok(DatabaseUrl::Sqlite(format!("sqlite://{url}"))),
            Some("sqlite") => Ok(DatabaseUrl::Sqlite(url.to_owned())),
            Some("postgres" | "postgresql") if url[url.find(':').unwrap_or(0)..].starts_with("://") => Ok(DatabaseUrl::Postgres(url.to_owned())),
            Some("postgres" | "postgresql") => Err(refuse("a PostgreSQL URL starts with postgres://")),
            Some(_) => Err(refuse("unsupported scheme: use a SQLite file path, sqlite://<path>, or postgres://user@host:port/database")),
        }
    }
}

/// One `[[program]]` of the TOML file, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProgramFile {
    id: String,
    api_key_sha256: String,
    allowed_origins: Vec<String>,
    languages: Vec<String>,
    #[serde(default = "default_max_attempts")]
    max_attempts: u32,
    funding_destinations: Vec<String>,
    #[serde(default)]
    webhook_url: Option<String>,
    #[serde(default)]
    webhook_secret: Option<String>,
    #[serde(default = "default_mount_window")]
    mount_window_secs: i64,
    #[serde(default = "default_ttl")]
    session_ttl_secs: i64,
    #[serde(default)]
    mode: Mode,
    #[serde(default)]
    verifier_url: Option<String>,
    #[serde(default)]
    verifier_secret: Option<String>,
}

/// Whether a program's submissions meet the deterministic sandbox accounts or its verifier.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    #[default]
    Sandbox,
    Live,
}

/// Where a live program's submissions are verified (DESIGN.md "Programs: sandbox and live").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verifier {
    pub url: String,
    pub secret: String,
}

/// A URL a live program may use: https, or http on a loopback host (tests, a sidecar).
fn live_url_ok(url: &str) -> bool {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") {
        return Origin::of_url(url).is_ok();
    }
    let Some(rest) = lower.strip_prefix("http://") else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = if host.starts_with('[') { host.split(']').next().map(|h| &h[1..]).unwrap_or("") } else { host.split(':').next().unwrap_or("") };
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn default_max_attempts() -> u32 {
    3
}
fn default_mount_window() -> i64 {
    30
}
fn default_ttl() -> i64 {
    3600
}

/// The TOML file: top-level options and `[[program]]` tables.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    /// 64 hex chars; `CAPTURE_VAULT_KEYS` / `CAPTURE_VAULT_KEY` win. Only a demo or test
    /// config should carry one (the committed demo key is refused outside `CAPTURE_DEMO=1`).
    #[serde(default)]
    vault_key: Option<String>,
    /// Receipt signing keys, `id:hex,…` like `CAPTURE_RECEIPT_KEYS` (which wins); the same rule
    /// as `vault_key` for the committed demo key.
    #[serde(default)]
    receipt_keys: Option<String>,
    /// Days a terminal session keeps its recipient's name and postal code (default 30).
    #[serde(default)]
    pii_retention_days: Option<u32>,
    #[serde(default)]
    rate_limits: RateLimits,
    /// Overrides every program's `mount_window_secs` (tests).
    #[serde(default)]
    mount_window_secs: Option<i64>,
    #[serde(default)]
    webhook_backoff_base_ms: Option<u64>,
    #[serde(default)]
    webhook_backoff_cap_ms: Option<u64>,
    #[serde(default)]
    webhook_poll_ms: Option<u64>,
    #[serde(default)]
    webhook_timeout_ms: Option<u64>,
    /// Deliveries in flight at once per program on one node (default 8).
    #[serde(default)]
    webhook_concurrency_per_program: Option<usize>,
    #[serde(default)]
    reaper_interval_secs: Option<u64>,
    #[serde(rename = "program")]
    programs: Vec<ProgramFile>,
}

/// A program (an integrator's configuration), validated.
#[derive(Debug, Clone)]
pub struct Program {
    pub id: String,
    /// Lowercase hex SHA-256 of the API key; the key itself is never stored.
    pub api_key_sha256: String,
    pub allowed_origins: Vec<Origin>,
    /// Ordered; the first is the default.
    pub languages: Vec<LocaleCode>,
    pub max_attempts: u32,
    pub funding_destinations: Vec<FundingDestination>,
    pub webhook_url: Option<String>,
    pub webhook_secret: String,
    pub mount_window_secs: i64,
    pub session_ttl_secs: i64,
    pub mode: Mode,
    /// Set exactly for live programs.
    pub verifier: Option<Verifier>,
}

/// A 32-byte key and its id: a vault key (the id its entries are stored under) or a receipt
/// signing key (its JWS `kid`).
#[derive(Clone, PartialEq, Eq)]
pub struct NamedKey {
    pub id: String,
    pub key: [u8; 32],
}

impl std::fmt::Debug for NamedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NamedKey").field("id", &self.id).finish_non_exhaustive()
    }
}

/// Per-node rate limits (`[rate_limits]`; 0 turns one off). Counted in each node's memory: they
/// shed abuse, they guarantee nothing, so N nodes allow up to N times the rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RateLimits {
    /// Requests per minute to `/frame/v1/…` from one client IP.
    pub frame_ip_per_minute: u32,
    /// Requests per minute to `/frame/v1/sessions/{id}/…` for one session.
    pub frame_session_per_minute: u32,
    /// Requests per second to `/v1/…` for one program (by its API key).
    pub api_program_per_second: u32,
    /// Where the client IP comes from: the TCP peer, or (behind your load balancer) the last
    /// address of `X-Forwarded-For`, the one your proxy appended.
    pub client_ip: ClientIp,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self { frame_ip_per_minute: 600, frame_session_per_minute: 120, api_program_per_second: 1000, client_ip: ClientIp::Peer }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClientIp {
    #[default]
    Peer,
    XForwardedFor,
}

/// The vault key `server/demo.toml` commits so the demo runs with no setup; refused unless
/// `CAPTURE_DEMO=1`.
pub const DEMO_VAULT_KEY: &str = "5c210ca049656fb6aa7610fa2837f16e3afbda4314932b22de37b678e4887568";

/// The receipt signing key `server/demo.toml` commits, under the same rule.
pub const DEMO_RECEIPT_KEY: &str = "3f8d0c2b7a9e41d6b5c8e07f1a2d3c4b5e6f708192a3b4c5d6e7f8091a2b3c4d";

/// What a start without a receipt key says.
pub const NO_RECEIPT_KEY: &str = "no receipt key: set CAPTURE_RECEIPT_KEYS (id:hex,…, newest first; each 64 hex characters, a P-256 private key)";

/// Everything the server needs to run.
#[derive(Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    /// `CAPTURE_METRICS_LISTEN`: where Prometheus scrapes `GET /metrics` (none: no metrics).
    pub metrics_listen: Option<SocketAddr>,
    pub database_url: DatabaseUrl,
    /// What `authorized_url` starts with; empty means `http://<bound address>`.
    pub public_base_url: String,
    /// Repository root: static files come from `<root>/www`, `<root>/locales`, `<root>/pkg`.
    pub web_root: PathBuf,
    /// The vault's keys, newest first: the first encrypts, every one decrypts.
    pub vault_keys: Vec<NamedKey>,
    /// Receipt signing keys (P-256 private scalars), newest first: the first signs, every one is
    /// published in `/.well-known/jwks.json` (so receipts signed before a rotation still verify).
    pub receipt_keys: Vec<NamedKey>,
    /// Seconds a terminal session keeps its recipient's name and postal code.
    pub pii_retention_secs: i64,
    pub rate_limits: RateLimits,
    pub programs: Vec<Arc<Program>>,
    /// PostgreSQL connections per node (`CAPTURE_DATABASE_MAX_CONNECTIONS`).
    pub database_max_connections: u32,
    pub webhook_backoff_base_ms: u64,
    pub webhook_backoff_cap_ms: u64,
    pub webhook_poll_ms: u64,
    pub webhook_timeout_ms: u64,
    /// Deliveries in flight at once per program on this node: a program whose receiver hangs
    /// holds at most this many of its own events, never another program's.
    pub webhook_concurrency_per_program: usize,
    pub reaper_interval_secs: u64,
    /// Life of an Idempotency-Key (2 h).
    pub idempotency_ttl_secs: i64,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("listen", &self.listen)
            .field("public_base_url", &self.public_base_url)
            .field("web_root", &self.web_root)
            .field("programs", &self.programs.iter().map(|p| &p.id).collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// Lowercase hex SHA-256, the form API keys are configured in.
pub fn sha256_hex(data: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(data))
}

fn parse_vault_key(what: &str, hex_key: &str) -> Result<[u8; 32], ConfigError> {
    let bad = || ConfigError::Invalid(format!("{what}: a key is 64 hex characters (32 bytes)"));
    hex::decode(hex_key.trim()).map_err(|_| bad())?.try_into().map_err(|_| bad())
}

/// `CAPTURE_VAULT_KEYS`: `id:hex,id:hex,…`, newest first.
pub fn parse_vault_keys(list: &str) -> Result<Vec<NamedKey>, ConfigError> {
    parse_named_keys("CAPTURE_VAULT_KEYS", list)
}

/// `CAPTURE_RECEIPT_KEYS` (or the file's `receipt_keys`, named `what`): `id:hex,…`, newest
/// first; each a P-256 private scalar (a random 32 bytes is one, but zero or ≥ the group order
/// is not).
pub fn parse_receipt_keys(what: &str, list: &str) -> Result<Vec<NamedKey>, ConfigError> {
    let keys = parse_named_keys(what, list)?;
    if let Some(k) = keys.iter().find(|k| p256::SecretKey::from_slice(&k.key).is_err()) {
        return Err(ConfigError::Invalid(format!("{what}: key {:?} is not a P-256 private key (a random 32 bytes is)", k.id)));
    }
    Ok(keys)
}

/// A list `id:hex,id:hex,…` of 32-byte keys, newest first, as `what` (a variable or option)
/// gives it. Ids are 1–32 of `[A-Za-z0-9._-]`, distinct.
pub fn parse_named_keys(what: &str, list: &str) -> Result<Vec<NamedKey>, ConfigError> {
    let mut keys: Vec<NamedKey> = Vec::new();
    for item in list.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        let (id, hex_key) = item.split_once(':').ok_or_else(|| ConfigError::Invalid(format!("{what}: each entry is <id>:<64 hex characters>")))?;
        let id_ok = (1..=32).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
        if !id_ok {
            return Err(ConfigError::Invalid(format!("{what}: key id {id:?} must be 1-32 of A-Z a-z 0-9 . _ -")));
        }
        if keys.iter().any(|k| k.id == id) {
            return Err(ConfigError::Invalid(format!("{what}: key id {id:?} appears twice")));
        }
        keys.push(NamedKey { id: id.to_owned(), key: parse_vault_key(what, hex_key)? });
    }
    if keys.is_empty() {
        return Err(ConfigError::Invalid(format!("{what} is empty")));
    }
    Ok(keys)
}

impl Settings {
    /// Parses the TOML text; operational fields get their defaults (listen 127.0.0.1:8080,
    /// database `sqlite://var/capture.db`, base URL from the bound address, web root `.`).
    pub fn from_toml(text: &str) -> Result<Settings, ConfigError> {
        let file: ConfigFile = toml::from_str(text)?;
        if file.programs.is_empty() {
            return Err(ConfigError::Invalid("at least one [[program]] is required".into()));
        }
        let mut programs = Vec::new();
        for p in file.programs {
            let bad = |what: &str| ConfigError::Invalid(format!("program {}: {what}", p.id));
            let key_hash = p.api_key_sha256.to_ascii_lowercase();
            if key_hash.len() != 64 || !key_hash.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(bad("api_key_sha256 must be 64 hex characters"));
            }
            let allowed_origins = p
                .allowed_origins
                .iter()
                .map(|o| Origin::try_from(o.as_str()).map_err(|_| bad(&format!("allowed origin {o:?} is not an origin"))))
                .collect::<Result<Vec<_>, _>>()?;
            if allowed_origins.is_empty() {
                return Err(bad("allowed_origins must not be empty"));
            }
            let mut languages = Vec::new();
            for l in &p.languages {
                let code = LocaleCode::try_from(l.as_str()).map_err(|_| bad(&format!("unknown language {l:?}")))?;
                if !languages.contains(&code) {
                    languages.push(code);
                }
            }
            if languages.is_empty() {
                return Err(bad("languages must not be empty"));
            }
            let mut funding_destinations = Vec::new();
            for d in &p.funding_destinations {
                let fd = FundingDestination::try_from(d.as_str()).map_err(|_| bad(&format!("unknown funding destination {d:?}")))?;
                if !funding_destinations.contains(&fd) {
                    funding_destinations.push(fd);
                }
            }
            if funding_destinations.is_empty() {
                return Err(bad("funding_destinations must not be empty"));
            }
            if p.max_attempts == 0 {
                return Err(bad("max_attempts must be at least 1"));
            }
            if p.webhook_url.is_some() && p.webhook_secret.as_deref().unwrap_or("").is_empty() {
                return Err(bad("webhook_secret is required with webhook_url"));
            }
            let verifier = match (p.mode, p.verifier_url, p.verifier_secret) {
                (Mode::Sandbox, None, None) => None,
                (Mode::Sandbox, _, _) => return Err(bad("verifier_url and verifier_secret are for mode = \"live\" (a sandbox program verifies with the sandbox accounts)")),
                (Mode::Live, Some(url), Some(secret)) if !secret.is_empty() => {
                    if !live_url_ok(&url) {
                        return Err(bad("verifier_url of a live program must be https (or http on a loopback host)"));
                    }
                    Some(Verifier { url, secret })
                }
                (Mode::Live, _, _) => return Err(bad("a live program needs verifier_url and a non-empty verifier_secret")),
            };
            if p.mode == Mode::Live {
                if let Some(o) = allowed_origins.iter().find(|o| !live_url_ok(o.as_str())) {
                    return Err(bad(&format!("allowed origin {:?} of a live program must be https (or http on a loopback host)", o.as_str())));
                }
                if p.webhook_url.as_deref().is_some_and(|u| !live_url_ok(u)) {
                    return Err(bad("webhook_url of a live program must be https (or http on a loopback host)"));
                }
            }
            if programs.iter().any(|q: &Arc<Program>| q.id == p.id) {
                return Err(ConfigError::Invalid(format!("program id {:?} appears twice", p.id)));
            }
            if let Some(q) = programs.iter().find(|q: &&Arc<Program>| q.api_key_sha256 == key_hash) {
                return Err(ConfigError::Invalid(format!("programs {:?} and {:?} have the same API key", q.id, p.id)));
            }
            let mount_window_secs = file.mount_window_secs.unwrap_or(p.mount_window_secs);
            if mount_window_secs < 1 || p.session_ttl_secs < 60 {
                return Err(bad("mount_window_secs must be >= 1 and session_ttl_secs >= 60"));
            }
            programs.push(Arc::new(Program {
                id: p.id.clone(),
                api_key_sha256: key_hash,
                allowed_origins,
                languages,
                max_attempts: p.max_attempts,
                funding_destinations,
                webhook_url: p.webhook_url,
                webhook_secret: p.webhook_secret.unwrap_or_default(),
                mount_window_secs,
                session_ttl_secs: p.session_ttl_secs,
                mode: p.mode,
                verifier,
            }));
        }
        let vault_keys = match &file.vault_key {
            Some(k) => vec![NamedKey { id: "config".into(), key: parse_vault_key("vault_key", k)? }],
            None => Vec::new(),
        };
        let receipt_keys = match &file.receipt_keys {
            Some(list) => parse_receipt_keys("receipt_keys", list)?,
            None => Vec::new(),
        };
        Ok(Settings {
            listen: "127.0.0.1:8080".parse().expect("literal address"),
            metrics_listen: None,
            database_url: DatabaseUrl::Sqlite("sqlite://var/capture.db".into()),
            database_max_connections: 16,
            public_base_url: String::new(),
            web_root: PathBuf::from("."),
            vault_keys,
            receipt_keys,
            pii_retention_secs: i64::from(file.pii_retention_days.unwrap_or(30)) * 86_400,
            rate_limits: file.rate_limits,
            programs,
            webhook_backoff_base_ms: file.webhook_backoff_base_ms.unwrap_or(1000),
            webhook_backoff_cap_ms: file.webhook_backoff_cap_ms.unwrap_or(3_600_000),
            webhook_poll_ms: file.webhook_poll_ms.unwrap_or(1000),
            webhook_timeout_ms: file.webhook_timeout_ms.unwrap_or(10_000),
            webhook_concurrency_per_program: file.webhook_concurrency_per_program.unwrap_or(8).max(1),
            reaper_interval_secs: file.reaper_interval_secs.unwrap_or(60),
            idempotency_ttl_secs: 7200,
        })
    }

    /// Reads `CAPTURE_CONFIG` (default `server/demo.toml`) and applies the `CAPTURE_*`
    /// environment variables. A vault key is required from `CAPTURE_VAULT_KEY` or the file.
    pub fn from_env() -> Result<Settings, ConfigError> {
        let path = std::env::var("CAPTURE_CONFIG").unwrap_or_else(|_| "server/demo.toml".into());
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read { path: format!("{path} (CAPTURE_CONFIG)"), source })?;
        let mut s = Settings::from_toml(&text)?;
        if let Ok(listen) = std::env::var("CAPTURE_LISTEN") {
            s.listen = listen.parse().map_err(|_| ConfigError::Invalid(format!("CAPTURE_LISTEN {listen:?} is not ip:port")))?;
        }
        if let Ok(listen) = std::env::var("CAPTURE_METRICS_LISTEN") {
            s.metrics_listen = Some(listen.parse().map_err(|_| ConfigError::Invalid(format!("CAPTURE_METRICS_LISTEN {listen:?} is not ip:port")))?);
        }
        if let Ok(url) = std::env::var("CAPTURE_DATABASE_URL") {
            s.database_url = DatabaseUrl::try_from(url.as_str())?;
        }
        if let Ok(n) = std::env::var("CAPTURE_DATABASE_MAX_CONNECTIONS") {
            s.database_max_connections = n.trim().parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                ConfigError::Invalid(format!("CAPTURE_DATABASE_MAX_CONNECTIONS {n:?} is not a positive integer"))
            })?;
        }
        if let Ok(url) = std::env::var("CAPTURE_PUBLIC_BASE_URL") {
            s.public_base_url = url.trim_end_matches('/').to_owned();
        }
        if let Ok(root) = std::env::var("CAPTURE_WEB_ROOT") {
            s.web_root = PathBuf::from(root);
        }
        match (std::env::var("CAPTURE_VAULT_KEYS"), std::env::var("CAPTURE_VAULT_KEY")) {
            (Ok(_), Ok(_)) => return Err(ConfigError::Invalid("set CAPTURE_VAULT_KEYS or CAPTURE_VAULT_KEY, not both".into())),
            (Ok(list), _) => s.vault_keys = parse_vault_keys(&list)?,
            (_, Ok(k)) => s.vault_keys = vec![NamedKey { id: "default".into(), key: parse_vault_key("CAPTURE_VAULT_KEY", &k)? }],
            _ => {}
        }
        if let Ok(list) = std::env::var("CAPTURE_RECEIPT_KEYS") {
            s.receipt_keys = parse_receipt_keys("CAPTURE_RECEIPT_KEYS", &list)?;
        }
        s.check_keys(std::env::var("CAPTURE_DEMO").is_ok_and(|v| v == "1"))?;
        Ok(s)
    }

    /// A vault key and a receipt key are required, and the committed demo keys only run the demo.
    pub fn check_keys(&self, demo: bool) -> Result<(), ConfigError> {
        if self.vault_keys.is_empty() {
            return Err(ConfigError::Invalid(
                "no vault key: set CAPTURE_VAULT_KEYS (id:hex,…, newest first) or CAPTURE_VAULT_KEY (64 hex characters)".into(),
            ));
        }
        let demo_key = parse_vault_key("demo", DEMO_VAULT_KEY)?;
        if !demo && self.vault_keys.iter().any(|k| k.key == demo_key) {
            return Err(ConfigError::Invalid(
                "the vault key committed in server/demo.toml is public: set CAPTURE_VAULT_KEYS (or CAPTURE_VAULT_KEY) to your own key, or CAPTURE_DEMO=1 to run the demo".into(),
            ));
        }
        if self.receipt_keys.is_empty() {
            return Err(ConfigError::Invalid(NO_RECEIPT_KEY.into()));
        }
        let demo_receipt = parse_vault_key("demo", DEMO_RECEIPT_KEY)?;
        if !demo && self.receipt_keys.iter().any(|k| k.key == demo_receipt) {
            return Err(ConfigError::Invalid(
                "the receipt key committed in server/demo.toml is public: set CAPTURE_RECEIPT_KEYS to your own key (id:64 hex), or CAPTURE_DEMO=1 to run the demo".into(),
            ));
        }
        Ok(())
    }

    /// The program whose API key hashes to `key_sha256`.
    pub fn program_by_key_hash(&self, key_sha256: &str) -> Option<&Arc<Program>> {
        self.programs.iter().find(|p| p.api_key_sha256 == key_sha256)
    }

    pub fn program(&self, id: &str) -> Option<&Arc<Program>> {
        self.programs.iter().find(|p| p.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_config_matches_the_design() {
        let s = Settings::from_toml(include_str!("../demo.toml")).unwrap();
        assert_eq!(s.programs.len(), 1);
        let p = &s.programs[0];
        assert_eq!(p.api_key_sha256, sha256_hex(b"demo-api-key"));
        assert!(s.program_by_key_hash(&sha256_hex(b"demo-api-key")).is_some());
        assert_eq!(p.allowed_origins, vec![Origin::try_from("http://localhost:8081").unwrap()]);
        assert_eq!(p.languages.len(), 28);
        assert_eq!(p.languages[0], LocaleCode::EN_US);
        assert_eq!(p.max_attempts, 3);
        assert_eq!(p.funding_destinations, vec![FundingDestination::Debit, FundingDestination::Ach]);
        assert_eq!(p.webhook_url.as_deref(), Some("http://localhost:8081/webhooks"));
        assert_eq!((p.mount_window_secs, p.session_ttl_secs), (30, 3600));
        assert_eq!(hex::encode(s.vault_keys[0].key), DEMO_VAULT_KEY);
        assert_eq!(hex::encode(s.receipt_keys[0].key), DEMO_RECEIPT_KEY);
        assert!(s.check_keys(false).is_err(), "the committed demo keys are refused outside the demo");
        assert!(s.check_keys(true).is_ok());
        let mut own_vault = s.clone();
        own_vault.vault_keys = parse_vault_keys(&format!("k:{KEY_A}")).unwrap();
        assert!(own_vault.check_keys(false).unwrap_err().to_string().contains("CAPTURE_RECEIPT_KEYS"), "the demo receipt key alone is refused too");
        own_vault.receipt_keys = parse_receipt_keys("CAPTURE_RECEIPT_KEYS", &format!("r:{KEY_B}")).unwrap();
        assert!(own_vault.check_keys(false).is_ok());
        own_vault.receipt_keys.clear();
        assert!(own_vault.check_keys(true).unwrap_err().to_string().contains("CAPTURE_RECEIPT_KEYS"), "a receipt key is required");
    }

    #[test]
    fn the_database_url_scheme_picks_the_backend() {
        let sqlite = |u: &str| DatabaseUrl::Sqlite(u.to_owned());
        assert_eq!(DatabaseUrl::try_from("var/capture.db").unwrap(), sqlite("sqlite://var/capture.db"));
        assert_eq!(DatabaseUrl::try_from("/data/c.db").unwrap(), sqlite("sqlite:///data/c.db"));
        assert_eq!(DatabaseUrl::try_from("sqlite://var/x.db").unwrap(), sqlite("sqlite://var/x.db"));
        assert_eq!(DatabaseUrl::try_from("sqlite::memory:").unwrap(), sqlite("sqlite::memory:"));
        let pg = "postgres://capture@127.0.0.1:5432/capture";
        assert_eq!(DatabaseUrl::try_from(pg).unwrap(), DatabaseUrl::Postgres(pg.into()));
        let pg2 = "postgresql://u:p@db.internal/capture?sslmode=require";
        assert_eq!(DatabaseUrl::try_from(pg2).unwrap(), DatabaseUrl::Postgres(pg2.into()));
        for bad in ["", "mysql://u@h/db", "postgres:capture", "redis://h", "file:x.db"] {
            let e = DatabaseUrl::try_from(bad).unwrap_err().to_string();
            assert!(e.starts_with("CAPTURE_DATABASE_URL"), "{bad}: {e}");
        }
    }

    #[test]
    fn bad_configs_are_refused() {
        let base = r#"
[[program]]
id = "p"
api_key_sha256 = "KEY"
allowed_origins = ["ORIGIN"]
languages = ["LANG"]
funding_destinations = ["FD"]
"#;
        let ok = |k: &str, o: &str, l: &str, f: &str| base.replace("KEY", k).replace("ORIGIN", o).replace("LANG", l).replace("FD", f);
        let key = "a".repeat(64);
        assert!(Settings::from_toml(&ok(&key, "https://a.example", "fr-FR", "ACH")).is_ok());
        assert!(Settings::from_toml(&ok("demo-api-key", "https://a.example", "fr-FR", "ACH")).is_err(), "key in clear");
        assert!(Settings::from_toml(&ok(&key, "https://a.example/path", "fr-FR", "ACH")).is_err());
        assert!(Settings::from_toml(&ok(&key, "https://a.example", "xx-XX", "ACH")).is_err());
        assert!(Settings::from_toml(&ok(&key, "https://a.example", "fr-FR", "WIRE")).is_err());
        assert!(Settings::from_toml("").is_err());
        let with_override = format!("mount_window_secs = 5\n{}", ok(&key, "https://a.example", "fr-FR", "ACH"));
        assert_eq!(Settings::from_toml(&with_override).unwrap().programs[0].mount_window_secs, 5);
        let webhook_without_secret = format!("{}webhook_url = \"https://h.example/w\"\n", ok(&key, "https://a.example", "fr-FR", "ACH"));
        assert!(Settings::from_toml(&webhook_without_secret).is_err());
    }

    const KEY_A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const KEY_B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    fn program(id: &str, key: &str, extra: &str) -> String {
        format!("[[program]]\nid = {id:?}\napi_key_sha256 = {key:?}\nallowed_origins = [\"https://a.example\"]\nlanguages = [\"en-US\"]\nfunding_destinations = [\"ACH\"]\n{extra}\n")
    }

    #[test]
    fn duplicate_ids_and_api_keys_are_refused_by_name() {
        let e = Settings::from_toml(&(program("p", KEY_A, "") + &program("p", KEY_B, ""))).unwrap_err().to_string();
        assert!(e.contains("program id \"p\" appears twice"), "{e}");
        let e = Settings::from_toml(&(program("p", KEY_A, "") + &program("q", KEY_A, ""))).unwrap_err().to_string();
        assert!(e.contains("\"p\" and \"q\" have the same API key"), "{e}");
        assert!(Settings::from_toml(&(program("p", KEY_A, "") + &program("q", KEY_B, ""))).is_ok());
    }

    #[test]
    fn live_programs_need_a_verifier_and_https_or_loopback() {
        let live = |extra: &str| Settings::from_toml(&program("p", KEY_A, &format!("mode = \"live\"\n{extra}")));
        let ok = "verifier_url = \"https://verify.example/v\"\nverifier_secret = \"s\"";
        let p = live(ok).unwrap().programs[0].clone();
        assert_eq!((p.mode, p.verifier.as_ref().map(|v| v.url.as_str())), (Mode::Live, Some("https://verify.example/v")));
        assert!(live("").unwrap_err().to_string().contains("needs verifier_url"));
        assert!(live("verifier_url = \"https://v.example\"\nverifier_secret = \"\"").is_err());
        for url in ["http://verify.example/v", "ftp://v.example", "https://v.example/path with space"] {
            let e = live(&format!("verifier_url = {url:?}\nverifier_secret = \"s\"")).unwrap_err().to_string();
            assert!(e.contains("verifier_url"), "{url}: {e}");
        }
        for url in ["http://127.0.0.1:9/v", "http://localhost:8/v", "http://[::1]:7/v"] {
            assert!(live(&format!("verifier_url = {url:?}\nverifier_secret = \"s\"")).is_ok(), "{url}");
        }
        let e = live(&format!("{ok}\nwebhook_url = \"http://hooks.example/w\"\nwebhook_secret = \"w\"")).unwrap_err().to_string();
        assert!(e.contains("webhook_url of a live program"), "{e}");
        let http_origin = program("p", KEY_A, &format!("mode = \"live\"\n{ok}")).replace("https://a.example", "http://a.example");
        assert!(Settings::from_toml(&http_origin).unwrap_err().to_string().contains("allowed origin"));
        let sandbox_with_verifier = Settings::from_toml(&program("p", KEY_A, ok)).unwrap_err().to_string();
        assert!(sandbox_with_verifier.contains("for mode = \"live\""), "{sandbox_with_verifier}");
        assert_eq!(Settings::from_toml(&program("p", KEY_A, "")).unwrap().programs[0].mode, Mode::Sandbox, "sandbox is the default");
    }

    #[test]
    fn vault_keys_carry_ids_newest_first() {
        let keys = parse_vault_keys(&format!("2026-12:{KEY_A}, 2026-01:{KEY_B}")).unwrap();
        assert_eq!(keys.iter().map(|k| k.id.as_str()).collect::<Vec<_>>(), ["2026-12", "2026-01"]);
        assert_eq!(keys[0].key, [0xaa; 32]);
        for bad in ["", "k1", &format!("k1:{}", &KEY_A[2..]), &format!("k 1:{KEY_A}"), &format!("k1:{KEY_A},k1:{KEY_B}")] {
            assert!(parse_vault_keys(bad).unwrap_err().to_string().contains("CAPTURE_VAULT_KEYS"), "{bad}");
        }
        assert!(!format!("{:?}", keys[0]).contains("aaaa"), "Debug never shows key material");
    }

    #[test]
    fn receipt_keys_must_be_p256_private_keys() {
        assert_eq!(parse_receipt_keys("CAPTURE_RECEIPT_KEYS", &format!("r2:{KEY_A},r1:{KEY_B}")).unwrap().len(), 2);
        // Zero and the group order itself are 32 bytes but no private key.
        let order = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
        for bad in ["0".repeat(64).as_str(), order] {
            let e = parse_receipt_keys("CAPTURE_RECEIPT_KEYS", &format!("r:{bad}")).unwrap_err().to_string();
            assert!(e.contains("CAPTURE_RECEIPT_KEYS") && e.contains("not a P-256 private key"), "{e}");
        }
        assert!(parse_receipt_keys("receipt_keys", "r:zz").unwrap_err().to_string().contains("receipt_keys"));
    }
}
