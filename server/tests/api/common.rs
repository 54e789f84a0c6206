//! Test harness: the whole app on 127.0.0.1:0 with a fresh SQLite file, a manual clock,
//! a temporary web root, a local webhook receiver, and WebCrypto-like P-256 proofs.

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
}

impl Default for Opts {
    fn default() -> Self {
        Opts { webhook_url: None, max_attempts: 3, languages: vec!["en-US", "fr-FR", "ar-SA"], funding: vec!["DEBIT", "ACH"] }
    }
}

pub fn config_toml(o: &Opts) -> String {
    let langs: Vec<String> = o.languages.iter().map(|l| format!("{l:?}")).collect();
    let funding: Vec<String> = o.funding.iter().map(|l| format!("{l:?}")).collect();
    let webhook = o.webhook_url.as_ref().map(|u| format!("webhook_url = {u:?}\nwebhook_secret = {WEBHOOK_SECRET:?}\n")).unwrap_or_default();
    format!(
        r#"
vault_key = "{vault}"
webhook_backoff_base_ms = 50
webhook_backoff_cap_ms = 400
webhook_poll_ms = 100
webhook_timeout_ms = 1000
reaper_interval_secs = 3600

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
[[program]]
id = "other"
api_key_sha256 = "{other}"
allowed_origins = ["https://other.example"]
languages = ["en-US"]
funding_destinations = ["DEBIT"]
"#,
        vault = "11".repeat(32),
        key = sha256_hex(API_KEY),
        other = sha256_hex(OTHER_KEY),
        langs = langs.join(", "),
        funding = funding.join(", "),
        max = o.max_attempts,
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
        "<!doctype html><html><head><meta name=\"cf-mount-expires-at\" content=\"{{MOUNT_EXPIRES_AT}}\"><meta name=\"cf-server-time\" content=\"{{SERVER_TIME}}\"></head><body></body></html>",
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
    pub base: String,
    pub client: reqwest::Client,
    pub clock: ManualClock,
    pub app: Option<RunningApp>,
    pub db_url: String,
    pub dir: Arc<tempfile::TempDir>,
    pub opts: Opts,
}

impl TestApp {
    pub async fn spawn(opts: Opts) -> TestApp {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let db_url = format!("sqlite://{}", dir.path().join("db/capture.db").display());
        Self::spawn_on(opts, dir, db_url, ManualClock::new()).await
    }

    pub async fn spawn_on(opts: Opts, dir: Arc<tempfile::TempDir>, db_url: String, clock: ManualClock) -> TestApp {
        let mut settings = Settings::from_toml(&config_toml(&opts)).unwrap();
        settings.listen = "127.0.0.1:0".parse().unwrap();
        settings.database_url = db_url.clone();
        settings.web_root = web_root(dir.path());
        let app = start(settings, Arc::new(clock.clone())).await.unwrap();
        let base = app.base_url();
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        TestApp { base, client, clock, app: Some(app), db_url, dir, opts }
    }

    /// Stops this app and starts a new one on the same database file and clock.
    pub async fn restart(mut self) -> TestApp {
        self.app.take().unwrap().shutdown().await;
        Self::spawn_on(self.opts.clone(), self.dir.clone(), self.db_url.clone(), self.clock.clone()).await
    }

    pub fn pool(&self) -> &sqlx::SqlitePool {
        &self.app.as_ref().unwrap().state.pool
    }

    pub async fn count(&self, table: &str) -> i64 {
        capture_server::db::count(self.pool(), table).await.unwrap()
    }

    pub async fn create_raw(&self, key: Option<&str>, body: &Value) -> (StatusCode, Value) {
        let mut req = self.client.post(format!("{}/v1/sessions", self.base)).header("x-api-key", API_KEY).json(body);
        if let Some(k) = key {
            req = req.header("Idempotency-Key", k);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status();
        (status, resp.json().await.unwrap())
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

    /// Mounts with `key`, optionally presenting a binding cookie; returns status, body, Set-Cookie.
    pub async fn mount(&self, id: &str, token: &str, key: &Key, cookie: Option<&str>) -> (StatusCode, Value, Option<String>) {
        let mut req =
            self.client.post(format!("{}/frame/v1/sessions/{id}/mount", self.base)).json(&json!({"mount_token": token, "jwk": key.jwk()}));
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
        let got = Arc::new(Mutex::new(Vec::new()));
        let hits = Arc::new(AtomicUsize::new(0));
        let fail = Arc::new(AtomicUsize::new(fail_first));
        let (g, h, f) = (got.clone(), hits.clone(), fail.clone());
        let app = axum::Router::new().route(
            "/webhooks",
            axum::routing::post(move |headers: HeaderMap, body: Bytes| {
                let (g, h, f) = (g.clone(), h.clone(), f.clone());
                async move {
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
        for _ in 0..400 {
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
