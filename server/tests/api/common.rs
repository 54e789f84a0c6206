//! Test harness: the whole app on 127.0.0.1:0 with a fresh database (a SQLite file, or a new
//! database on the throwaway PostgreSQL cluster of `scripts/pg`), a manual clock, a temporary
//! web root, a local webhook receiver, and WebCrypto-like P-256 proofs. [`both!`] declares a
//! test once per backend.

#![allow(dead_code)]

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode};
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use capture_server::{start, ManualClock, RunningApp, Settings};
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

pub const API_KEY: &str = "test-api-key";
pub const OTHER_KEY: &str = "other-api-key";
pub const ORIGIN: &str = "http://localhost:8081";
pub const WEBHOOK_SECRET: &str = "whsec_test";
/// The test config's receipt signing key (a P-256 private scalar) and its `kid`.
pub const RECEIPT_KID: &str = "test-r1";
pub const RECEIPT_KEY: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0";

/// The backend a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// Declares each named `async fn(db: Db)` as two tests, `<name>::sqlite` and `<name>::postgres`,
/// on a current-thread runtime (the app's tasks run on the test's thread, so a thread-local
/// log subscriber sees them); `name: multi_thread` runs one on four worker threads.
#[macro_export]
macro_rules! both {
    (@one $name:ident, $($flavor:tt)*) => {
        mod $name {
            #[tokio::test($($flavor)*)]
            async fn sqlite() {
                super::$name($crate::common::Db::Sqlite).await
            }
            #[tokio::test($($flavor)*)]
            async fn postgres() {
                super::$name($crate::common::Db::Postgres).await
            }
        }
    };
    (@each) => {};
    (@each $name:ident: multi_thread $(, $($rest:tt)*)?) => {
        $crate::both!(@one $name, flavor = "multi_thread", worker_threads = 4);
        $crate::both!(@each $($($rest)*)?);
    };
    (@each $name:ident $(, $($rest:tt)*)?) => {
        $crate::both!(@one $name,);
        $crate::both!(@each $($($rest)*)?);
    };
    ($($t:tt)*) => {
        $crate::both!(@each $($t)*);
    };
}

/// The throwaway cluster's admin URL, from `scripts/pg`.
pub fn postgres_admin_url() -> String {
    std::env::var("CAPTURE_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!("CAPTURE_TEST_POSTGRES_URL is not set: run the tests inside a throwaway cluster, e.g. `scripts/pg cargo test -p capture-server` (./scripts/test does)")
    })
}

/// A new, empty database on the throwaway cluster; returns its URL.
pub async fn fresh_postgres_database() -> String {
    use sqlx::Connection;
    let admin = postgres_admin_url();
    let name = format!("t_{}", random_jti());
    let mut conn = sqlx::PgConnection::connect(&admin).await.expect("the throwaway PostgreSQL cluster answers");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.unwrap();
    let (base, _) = admin.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

/// A database URL of a fresh database on `db`, with files under `dir`.
pub async fn fresh_database(db: Db, dir: &std::path::Path) -> String {
    match db {
        Db::Sqlite => format!("sqlite://{}", dir.join("db/capture.db").display()),
        Db::Postgres => fresh_postgres_database().await,
    }
}

pub fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// Options of one spawned app.
#[derive(Clone)]
pub struct Opts {
    pub webhook_url: Option<String>,
    pub max_attempts: u32,
    pub languages: Vec<&'static str>,
    pub funding: Vec<&'static str>,
    /// TOML tables placed before the programs (e.g. `[rate_limits]`).
    pub tables: String,
    /// Lines added to the test program's table (e.g. `mode = "live"`).
    pub program_extra: String,
    /// `CAPTURE_VAULT_KEYS` to run with instead of the config's one key.
    pub vault_keys: Option<String>,
    /// `CAPTURE_PUBLIC_BASE_URL` (default: the bound `http://` address).
    pub public_base_url: Option<String>,
    /// `CAPTURE_RECEIPT_KEYS` to run with instead of the config's one key.
    pub receipt_keys: Option<String>,
    /// The `other` program's webhook URL (signed with [`WEBHOOK_SECRET`] too).
    pub other_webhook_url: Option<String>,
    pub webhook_timeout_ms: u64,
    /// A metrics listener on `127.0.0.1:0`.
    pub metrics: bool,
}

impl Default for Opts {
    fn default() -> Self {
        Opts {
            webhook_url: None,
            max_attempts: 3,
            languages: vec!["en-US", "fr-FR", "ar-SA"],
            funding: vec!["DEBIT", "ACH"],
            tables: String::new(),
            program_extra: String::new(),
            vault_keys: None,
            public_base_url: None,
            receipt_keys: None,
            other_webhook_url: None,
            webhook_timeout_ms: 1000,
            metrics: false,
        }
    }
}

pub fn config_toml(o: &Opts) -> String {
    let langs: Vec<String> = o.languages.iter().map(|l| format!("{l:?}")).collect();
    let funding: Vec<String> = o.funding.iter().map(|l| format!("{l:?}")).collect();
    let hook = |url: &Option<String>| url.as_ref().map(|u| format!("webhook_url = {u:?}\nwebhook_secret = {WEBHOOK_SECRET:?}\n")).unwrap_or_default();
    let (webhook, other_webhook) = (hook(&o.webhook_url), hook(&o.other_webhook_url));
    format!(
        r#"
vault_key = "{vault}"
receipt_keys = "{RECEIPT_KID}:{RECEIPT_KEY}"
webhook_backoff_base_ms = 50
webhook_backoff_cap_ms = 400
webhook_poll_ms = 100
webhook_timeout_ms = {timeout}
reaper_interval_secs = 3600
{tables}
[[program]]
id = "test"
api_key_sha256 = "{key}"
allowed_origins = ["{ORIGIN}", "https://shop.example.com"]
languages = [{langs}]
max_attempts = {max}
funding_destinations = [{funding}]
mount_window_secs = 30
session_ttl_secs = 3600
{webhook}
{program_extra}
[[program]]
id = "other"
api_key_sha256 = "{other}"
allowed_origins = ["https://other.example"]
languages = ["en-US"]
funding_destinations = ["DEBIT"]
{other_webhook}
"#,
        vault = "11".repeat(32),
        key = sha256_hex(API_KEY),
        other = sha256_hex(OTHER_KEY),
        langs = langs.join(", "),
        funding = funding.join(", "),
        max = o.max_attempts,
        tables = o.tables,
        program_extra = o.program_extra,
        timeout = o.webhook_timeout_ms,
    )
}

/// A temporary web root with the files the hosted routes serve.
pub fn web_root(dir: &std::path::Path) -> PathBuf {
    let root = dir.join("web");
    std::fs::create_dir_all(root.join("www/assets")).unwrap();
    std::fs::create_dir_all(root.join("pkg/web")).unwrap();
    std::fs::create_dir_all(root.join("locales/en-US")).unwrap();
    std::fs::create_dir_all(root.join("locales/ar-SA")).unwrap();
    std::fs::write(
        root.join("www/session.html"),
        "<!doctype html><html><head><meta name=\"cf-mount-expires-at\" content=\"{{MOUNT_EXPIRES_AT}}\"><meta name=\"cf-server-time\" content=\"{{SERVER_TIME}}\"><meta name=\"cf-static\" content=\"{{STATIC}}\">{{LOCALE_PRELOAD}}</head><body></body></html>",
    )
    .unwrap();
    std::fs::write(root.join("www/assets/frame.css"), "body { margin: 0 }\n".repeat(100)).unwrap();
    std::fs::write(root.join("www/assets/boot.js"), "import init from '/pkg/web/capture_frame.js';\n".repeat(50)).unwrap();
    std::fs::write(root.join("pkg/web/capture_frame.js"), "export default function init() {}\n").unwrap();
    std::fs::write(root.join("pkg/web/capture_frame_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(root.join("locales/en-US/capture.ftl"), "title = Add a payout account\n").unwrap();
    std::fs::write(root.join("locales/ar-SA/capture.ftl"), "title = أضف حسابًا\n").unwrap();
    std::fs::write(dir.join("secret.txt"), "top secret").unwrap();
    root
}

pub struct TestApp {
    pub db: Db,
    pub base: String,
    pub client: reqwest::Client,
    pub clock: ManualClock,
    pub app: Option<RunningApp>,
    pub db_url: String,
    pub dir: Arc<tempfile::TempDir>,
    pub opts: Opts,
}

impl TestApp {
    pub async fn spawn(db: Db, opts: Opts) -> TestApp {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let db_url = fresh_database(db, dir.path()).await;
        Self::spawn_on(db, opts, dir, db_url, ManualClock::new()).await
    }

    pub async fn spawn_on(db: Db, opts: Opts, dir: Arc<tempfile::TempDir>, db_url: String, clock: ManualClock) -> TestApp {
        let mut settings = Settings::from_toml(&config_toml(&opts)).unwrap();
        settings.listen = "127.0.0.1:0".parse().unwrap();
        settings.database_url = capture_server::config::DatabaseUrl::try_from(db_url.as_str()).unwrap();
        settings.web_root = web_root(dir.path());
        settings.public_base_url = opts.public_base_url.clone().unwrap_or_default();
        if opts.metrics {
            settings.metrics_listen = Some("127.0.0.1:0".parse().unwrap());
        }
        if let Some(keys) = &opts.vault_keys {
            settings.vault_keys = capture_server::config::parse_vault_keys(keys).unwrap();
        }
        if let Some(keys) = &opts.receipt_keys {
            settings.receipt_keys = capture_server::config::parse_receipt_keys("CAPTURE_RECEIPT_KEYS", keys).unwrap();
        }
        let app = start(settings, Arc::new(clock.clone())).await.unwrap();
        let base = app.base_url();
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        TestApp { db, base, client, clock, app: Some(app), db_url, dir, opts }
    }

    /// Stops this app and starts a new one on the same database and clock.
    pub async fn restart(mut self) -> TestApp {
        self.app.take().unwrap().shutdown().await;
        Self::spawn_on(self.db, self.opts.clone(), self.dir.clone(), self.db_url.clone(), self.clock.clone()).await
    }

    pub fn state(&self) -> &capture_server::AppState {
        &self.app.as_ref().unwrap().state
    }

    /// A connection pool of the test's own on the app's database, for looking at rows. Both
    /// backends take `$1` placeholders, so one query text serves both.
    pub async fn sql(&self) -> sqlx::AnyPool {
        sqlx::any::install_default_drivers();
        sqlx::pool::PoolOptions::new().max_connections(2).connect(&self.db_url).await.unwrap()
    }

    pub async fn count(&self, table: &str) -> i64 {
        self.state().store.count(table).await.unwrap()
    }

    pub async fn create_raw(&self, key: Option<&str>, body: &Value) -> (StatusCode, Value) {
        self.create_bytes(key, serde_json::to_vec(body).unwrap()).await
    }

    /// A create with exactly these body bytes (`application/json`).
    pub async fn create_bytes(&self, key: Option<&str>, body: Vec<u8>) -> (StatusCode, Value) {
        let mut req = self
            .client
            .post(format!("{}/v1/sessions", self.base))
            .header("x-api-key", API_KEY)
            .header("content-type", "application/json")
            .body(body);
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status();
        (status, resp.json().await.unwrap())
    }

    /// `method path` with the API key `key` and no body.
    pub async fn api(&self, method: reqwest::Method, path: &str, key: &str) -> (StatusCode, Value) {
        let resp = self.client.request(method, format!("{}{path}", self.base)).header("x-api-key", key).send().await.unwrap();
        let s = resp.status();
        (s, resp.json().await.unwrap())
    }

    /// Creates a session of the `other` program and terminates it: its one event queued.
    pub async fn other_program_event(&self) -> String {
        let mut body = valid_body();
        body["host_uri"] = json!("https://other.example");
        body["funding_destinations"] = json!(["DEBIT"]);
        let resp = self.client.post(format!("{}/v1/sessions", self.base)).header("x-api-key", OTHER_KEY).json(&body).send().await.unwrap();
        assert_eq!(resp.status(), 201);
        let (id, _) = split_url(&resp.json::<Value>().await.unwrap()["data"]["authorized_url"]);
        assert_eq!(self.api(reqwest::Method::POST, &format!("/v1/sessions/{id}/terminate"), OTHER_KEY).await.0, 200);
        id
    }

    /// Creates a session; returns `(id, mount_token, full response data)`.
    pub async fn create(&self) -> (String, String, Value) {
        let (status, body) = self.create_raw(None, &valid_body()).await;
        assert_eq!(status, 201, "{body}");
        let (id, token) = split_url(&body["data"]["authorized_url"]);
        (id, token, body["data"].clone())
    }

    pub async fn get(&self, id: &str) -> (StatusCode, Value) {
        let resp = self.client.get(format!("{}/v1/sessions/{id}", self.base)).header("x-api-key", API_KEY).send().await.unwrap();
        let s = resp.status();
        (s, resp.json().await.unwrap())
    }

    pub async fn terminate(&self, id: &str) -> (StatusCode, Value) {
        let resp = self.client.post(format!("{}/v1/sessions/{id}/terminate", self.base)).header("x-api-key", API_KEY).send().await.unwrap();
        let s = resp.status();
        (s, resp.json().await.unwrap())
    }

    /// Creates a session from `body`; returns `(id, mount_token)`.
    pub async fn create_from(&self, body: &Value) -> (String, String) {
        let (status, resp) = self.create_raw(None, body).await;
        assert_eq!(status, 201, "{resp}");
        split_url(&resp["data"]["authorized_url"])
    }

    /// `POST /v1/sessions/{id}/<what>` (`continue`, `stop`) with an optional JSON body.
    pub async fn decide(&self, id: &str, what: &str, body: Option<&Value>) -> (StatusCode, Value) {
        let mut req = self.client.post(format!("{}/v1/sessions/{id}/{what}", self.base)).header("x-api-key", API_KEY);
        if let Some(b) = body {
            req = req.header("content-type", "application/json").body(serde_json::to_vec(b).unwrap());
        }
        let resp = req.send().await.unwrap();
        let s = resp.status();
        (s, resp.json().await.unwrap())
    }

    /// `GET /.well-known/jwks.json`.
    pub async fn jwks(&self) -> Value {
        self.client.get(format!("{}/.well-known/jwks.json", self.base)).send().await.unwrap().json().await.unwrap()
    }

    /// Mounts with `key`, optionally presenting a binding cookie; returns status, body, Set-Cookie.
    pub async fn mount(&self, id: &str, token: &str, key: &Key, cookie: Option<&str>) -> (StatusCode, Value, Option<String>) {
        self.mount_with(id, &json!({"mount_token": token, "jwk": key.jwk()}), key, cookie).await
    }

    /// Mounts with `body`, its proof signed by `signer`.
    pub async fn mount_with(&self, id: &str, body: &Value, signer: &Key, cookie: Option<&str>) -> (StatusCode, Value, Option<String>) {
        let mut req = mount_request(&self.client, &self.base, id, body, signer, self.clock_now());
        if let Some(c) = cookie {
            req = req.header("cookie", format!("cf_bind={c}"));
        }
        let resp = req.send().await.unwrap();
        let s = resp.status();
        let set_cookie = resp.headers().get("set-cookie").map(|v| v.to_str().unwrap().to_owned());
        (s, resp.json().await.unwrap(), set_cookie)
    }

    /// A proof-carrying frame call (`accounts` or `cancel`).
    pub async fn frame_call(&self, id: &str, what: &str, key: &Key, body: &Value) -> (StatusCode, Value) {
        let path = format!("/frame/v1/sessions/{id}/{what}");
        let bytes = serde_json::to_vec(body).unwrap();
        let proof = key.proof("POST", &path, &bytes, self.clock_now(), &random_jti());
        self.frame_send(&path, &proof, bytes).await
    }

    pub async fn frame_send(&self, path: &str, proof: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
        let resp = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/json")
            .header("capture-proof", proof)
            .body(bytes)
            .send()
            .await
            .unwrap();
        let s = resp.status();
        (s, resp.json().await.unwrap())
    }

    pub fn clock_now(&self) -> i64 {
        use capture_server::Clock;
        self.clock.now()
    }

    /// A session created and mounted with a fresh key.
    pub async fn mounted(&self) -> (String, Key) {
        let (id, token, _) = self.create().await;
        let key = Key::new();
        let (s, body, _) = self.mount(&id, &token, &key, None).await;
        assert_eq!(s, 200, "{body}");
        (id, key)
    }
}

/// `POST …/mount` with `body` and a `capture-proof` over it signed by `signer`, as the page
/// sends it (the proof of possession of the key the body presents).
pub fn mount_request(client: &reqwest::Client, base: &str, id: &str, body: &Value, signer: &Key, now: i64) -> reqwest::RequestBuilder {
    let path = format!("/frame/v1/sessions/{id}/mount");
    let bytes = serde_json::to_vec(body).unwrap();
    let proof = signer.proof("POST", &path, &bytes, now, &random_jti());
    client.post(format!("{base}{path}")).header("content-type", "application/json").header("capture-proof", proof).body(bytes)
}

/// A debit submission with this card, name and ZIP.
pub fn debit(card: &str, name: &str, zip: &str) -> Value {
    json!({"funding_destination": "DEBIT", "card_number": card, "expiry": "12/39", "name": name, "postal_code": zip})
}

/// A bank submission with this account, name and ZIP.
pub fn ach(account: &str, name: &str, zip: &str) -> Value {
    json!({"funding_destination": "ACH", "routing_number": "110000000", "account_number": account, "account_type": "checking", "name": name, "postal_code": zip})
}

pub fn random_jti() -> String {
    let mut b = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut b);
    hex::encode(b)
}

/// `(session id, mount token)` of an authorized_url.
pub fn split_url(url: &Value) -> (String, String) {
    let url = url.as_str().unwrap();
    let (path, frag) = url.split_once("#t=").unwrap();
    let id = path.rsplit('/').next().unwrap().to_owned();
    (id, frag.to_owned())
}

/// A create request that every test program accepts (its `host_uri` is [`ORIGIN`]); the
/// throughput bench sends the same file.
pub fn valid_body() -> Value {
    serde_json::from_str(include_str!("../fixtures/create_session.json")).expect("fixture is JSON")
}

/// A browser key pair, as WebCrypto's ECDSA P-256 would make.
pub struct Key(pub SigningKey);

impl Key {
    pub fn new() -> Key {
        Key(SigningKey::random(&mut rand::rngs::OsRng))
    }

    pub fn jwk(&self) -> Value {
        let point = self.0.verifying_key().to_encoded_point(false);
        json!({"kty": "EC", "crv": "P-256", "x": B64.encode(point.x().unwrap()), "y": B64.encode(point.y().unwrap())})
    }

    /// A compact JWS with an r‖s signature, like `crypto.subtle.sign({name:"ECDSA",hash:"SHA-256"})`.
    pub fn proof(&self, method: &str, path: &str, body: &[u8], iat: i64, jti: &str) -> String {
        let header = B64.encode(br#"{"alg":"ES256","typ":"capture-proof+jwt"}"#);
        let claims = json!({"htm": method, "htu": path, "bh": B64.encode(Sha256::digest(body)), "iat": iat, "jti": jti});
        let payload = B64.encode(claims.to_string());
        let input = format!("{header}.{payload}");
        let sig: Signature = self.0.sign(input.as_bytes());
        format!("{input}.{}", B64.encode(sig.to_bytes()))
    }
}

/// One webhook request as received.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: HeaderMap,
    pub body: String,
}

/// A local webhook receiver that answers 500 to the first `fail_first` requests.
#[derive(Clone)]
pub struct Receiver {
    pub url: String,
    pub got: Arc<Mutex<Vec<Received>>>,
    pub hits: Arc<AtomicUsize>,
    pub fail_first: Arc<AtomicUsize>,
}

impl Receiver {
    pub async fn start(fail_first: usize) -> Receiver {
        Self::start_on(tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(), fail_first)
    }

    /// A receiver on an address picked in advance (so it can be down first and come up later).
    pub fn start_on(listener: tokio::net::TcpListener, fail_first: usize) -> Receiver {
        Self::serve(listener, fail_first, Arc::new(std::sync::atomic::AtomicBool::new(false)))
    }

    /// A receiver that holds every request open while `hold` is set (a hanging receiver); a
    /// request whose sender went away meanwhile is never recorded.
    pub async fn start_holding(hold: Arc<std::sync::atomic::AtomicBool>) -> Receiver {
        Self::serve(tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap(), 0, hold)
    }

    fn serve(listener: tokio::net::TcpListener, fail_first: usize, hold: Arc<std::sync::atomic::AtomicBool>) -> Receiver {
        let got = Arc::new(Mutex::new(Vec::new()));
        let hits = Arc::new(AtomicUsize::new(0));
        let fail = Arc::new(AtomicUsize::new(fail_first));
        let (g, h, f) = (got.clone(), hits.clone(), fail.clone());
        let app = axum::Router::new().route(
            "/webhooks",
            axum::routing::post(move |headers: HeaderMap, body: Bytes| {
                let (g, h, f, hold) = (g.clone(), h.clone(), f.clone(), hold.clone());
                async move {
                    while hold.load(Ordering::SeqCst) {
                        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                    }
                    let n = h.fetch_add(1, Ordering::SeqCst);
                    if n < f.load(Ordering::SeqCst) {
                        return StatusCode::INTERNAL_SERVER_ERROR;
                    }
                    g.lock().unwrap().push(Received { headers, body: String::from_utf8(body.to_vec()).unwrap() });
                    StatusCode::OK
                }
            }),
        );
        let url = format!("http://{}/webhooks", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Receiver { url, got, hits, fail_first: fail }
    }

    pub fn events(&self) -> Vec<Value> {
        self.got.lock().unwrap().iter().map(|r| serde_json::from_str(&r.body).unwrap()).collect()
    }

    /// Waits (bounded) until `pred` holds on the received events.
    pub async fn wait_for(&self, what: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        self.wait_for_secs(what, 10, pred).await
    }

    pub async fn wait_for_secs(&self, what: &str, secs: u64, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        for _ in 0..secs * 40 {
            let ev = self.events();
            if pred(&ev) {
                return ev;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        panic!("timed out waiting for {what}; got {:?}", self.events());
    }
}

/// Checks `Capture-Signature: t=<t>,v1=<hex>` against the secret and body.
pub fn signature_ok(r: &Received, secret: &str) -> bool {
    use hmac::{Hmac, Mac};
    let Some(sig) = r.headers.get("capture-signature").and_then(|v| v.to_str().ok()) else { return false };
    let mut t = None;
    let mut v1 = None;
    for part in sig.split(',') {
        match part.split_once('=') {
            Some(("t", x)) => t = Some(x.to_owned()),
            Some(("v1", x)) => v1 = Some(x.to_owned()),
            _ => {}
        }
    }
    let (Some(t), Some(v1)) = (t, v1) else { return false };
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(format!("{t}.{}", r.body).as_bytes());
    mac.verify_slice(&hex::decode(v1).unwrap_or_default()).is_ok()
}

/// A real `capture-server` process (the binary cargo built for these tests), for fault and
/// multi-node tests. Its log goes to `<dir>/<name>.log`.
pub struct Node {
    pub child: std::process::Child,
    pub base: String,
    pub port: u16,
}

impl Node {
    /// Starts the binary with `config` on `port` against `db_url` and waits until it answers.
    pub async fn start(dir: &std::path::Path, name: &str, config: &std::path::Path, db_url: &str, port: u16) -> Node {
        let log = std::fs::File::create(dir.join(format!("{name}.log"))).unwrap();
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_capture-server"))
            .env("CAPTURE_CONFIG", config)
            .env("CAPTURE_LISTEN", format!("127.0.0.1:{port}"))
            .env("CAPTURE_DATABASE_URL", db_url)
            .env("CAPTURE_WEB_ROOT", web_root(dir))
            .env("RUST_LOG", "info")
            .stdout(std::process::Stdio::null())
            .stderr(log)
            .spawn()
            .expect("capture-server binary starts");
        let node = Node { child, base: format!("http://127.0.0.1:{port}"), port };
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while reqwest::get(format!("{}/openapi.json", node.base)).await.is_err() {
            assert!(std::time::Instant::now() < deadline, "capture-server {name} did not start listening within 30 s (see {name}.log)");
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        node
    }

    /// SIGKILL: no shutdown hook runs.
    pub fn kill9(mut self) {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port free at the time of asking.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Verifies a receipt as an integrator's backend would, with nothing of the server's code: the
/// compact JWS's header (ES256, `capture-receipt+jwt`, a `kid` the JWKS has), its P-256
/// signature (r‖s) against that key; returns the claims.
pub fn verify_receipt(receipt: &str, jwks: &Value) -> Result<Value, String> {
    use p256::ecdsa::signature::Verifier;
    let parts: Vec<&str> = receipt.split('.').collect();
    let [h, p, sig] = parts[..] else { return Err("not three parts".into()) };
    let header: Value = serde_json::from_slice(&B64.decode(h).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    if header["alg"] != "ES256" || header["typ"] != "capture-receipt+jwt" {
        return Err(format!("header {header}"));
    }
    let jwk = jwks["keys"].as_array().and_then(|ks| ks.iter().find(|k| k["kid"] == header["kid"])).ok_or("unknown kid")?;
    let coord = |c: &str| B64.decode(jwk[c].as_str().unwrap_or("")).map_err(|e| e.to_string());
    let mut sec1 = vec![4u8];
    sec1.extend(coord("x")?);
    sec1.extend(coord("y")?);
    let key = p256::ecdsa::VerifyingKey::from_sec1_bytes(&sec1).map_err(|e| e.to_string())?;
    let sig = Signature::from_slice(&B64.decode(sig).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
    key.verify(format!("{h}.{p}").as_bytes(), &sig).map_err(|e| e.to_string())?;
    serde_json::from_slice(&B64.decode(p).map_err(|e| e.to_string())?).map_err(|e| e.to_string())
}
