use capture_protocol::{FundingDestination, LocaleCode, Origin};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::PathBuf;

/// A configuration problem found at startup.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("config is not valid TOML: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("config: {0}")]
    Invalid(String),
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
    /// 64 hex chars; `CAPTURE_VAULT_KEY` wins. Only a demo config should carry one.
    #[serde(default)]
    vault_key: Option<String>,
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
}

/// Everything the server needs to run.
#[derive(Clone)]
pub struct Settings {
    pub listen: SocketAddr,
    pub database_url: String,
    /// What `authorized_url` starts with; empty means `http://<bound address>`.
    pub public_base_url: String,
    /// Repository root: static files come from `<root>/www`, `<root>/locales`, `<root>/pkg`.
    pub web_root: PathBuf,
    pub vault_key: [u8; 32],
    /// Whether `vault_key` came from somewhere (file or environment) rather than the zero default.
    pub vault_key_configured: bool,
    pub programs: Vec<Program>,
    pub webhook_backoff_base_ms: u64,
    pub webhook_backoff_cap_ms: u64,
    pub webhook_poll_ms: u64,
    pub webhook_timeout_ms: u64,
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

fn parse_vault_key(hex_key: &str) -> Result<[u8; 32], ConfigError> {
    let bytes = hex::decode(hex_key.trim()).map_err(|_| ConfigError::Invalid("vault key must be 64 hex characters".into()))?;
    bytes.try_into().map_err(|_| ConfigError::Invalid("vault key must be 64 hex characters (32 bytes)".into()))
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
            let mount_window_secs = file.mount_window_secs.unwrap_or(p.mount_window_secs);
            if mount_window_secs < 1 || p.session_ttl_secs < 60 {
                return Err(bad("mount_window_secs must be >= 1 and session_ttl_secs >= 60"));
            }
            programs.push(Program {
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
            });
        }
        let vault_key = match &file.vault_key {
            Some(k) => parse_vault_key(k)?,
            None => [0; 32],
        };
        Ok(Settings {
            listen: "127.0.0.1:8080".parse().expect("literal address"),
            database_url: "sqlite://var/capture.db".into(),
            public_base_url: String::new(),
            web_root: PathBuf::from("."),
            vault_key,
            vault_key_configured: file.vault_key.is_some(),
            programs,
            webhook_backoff_base_ms: file.webhook_backoff_base_ms.unwrap_or(1000),
            webhook_backoff_cap_ms: file.webhook_backoff_cap_ms.unwrap_or(3_600_000),
            webhook_poll_ms: file.webhook_poll_ms.unwrap_or(1000),
            webhook_timeout_ms: file.webhook_timeout_ms.unwrap_or(10_000),
            reaper_interval_secs: file.reaper_interval_secs.unwrap_or(60),
            idempotency_ttl_secs: 7200,
        })
    }

    /// Reads `CAPTURE_CONFIG` (default `server/demo.toml`) and applies the `CAPTURE_*`
    /// environment variables. A vault key is required from `CAPTURE_VAULT_KEY` or the file.
    pub fn from_env() -> Result<Settings, ConfigError> {
        let path = std::env::var("CAPTURE_CONFIG").unwrap_or_else(|_| "server/demo.toml".into());
        let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::Read { path: path.clone(), source })?;
        let mut s = Settings::from_toml(&text)?;
        if let Ok(listen) = std::env::var("CAPTURE_LISTEN") {
            s.listen = listen.parse().map_err(|_| ConfigError::Invalid(format!("CAPTURE_LISTEN {listen:?} is not ip:port")))?;
        }
        if let Ok(url) = std::env::var("CAPTURE_DATABASE_URL") {
            s.database_url = url;
        }
        if let Ok(url) = std::env::var("CAPTURE_PUBLIC_BASE_URL") {
            s.public_base_url = url.trim_end_matches('/').to_owned();
        }
        if let Ok(root) = std::env::var("CAPTURE_WEB_ROOT") {
            s.web_root = PathBuf::from(root);
        }
        if let Ok(k) = std::env::var("CAPTURE_VAULT_KEY") {
            s.vault_key = parse_vault_key(&k)?;
            s.vault_key_configured = true;
        }
        if !s.vault_key_configured {
            return Err(ConfigError::Invalid("CAPTURE_VAULT_KEY (64 hex chars) is required".into()));
        }
        Ok(s)
    }

    /// The program whose API key hashes to `key_sha256`.
    pub fn program_by_key_hash(&self, key_sha256: &str) -> Option<&Program> {
        self.programs.iter().find(|p| p.api_key_sha256 == key_sha256)
    }

    pub fn program(&self, id: &str) -> Option<&Program> {
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
        assert_ne!(s.vault_key, [0; 32]);
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
}
