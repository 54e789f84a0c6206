//! Server throughput beside its ceilings, in one run:
//!
//! ```sh
//! bash scripts/pg cargo bench -p capture-server --bench throughput   # scripts/bench does this
//! ```
//!
//! Scenarios, each at concurrency 1, 16 and 64 (`BENCH_CONCURRENCY`):
//!
//! - `create`: `POST /v1/sessions` without `Idempotency-Key` (201, status 100);
//! - `create+key`: with a unique `Idempotency-Key` per request (201, status 100);
//! - `mount`: `POST /frame/v1/sessions/{id}/mount` with the token from `authorized_url`'s fragment,
//!   a fresh P-256 public JWK and its `capture-proof` (200, status 102); sessions, keys, bodies
//!   and proofs are prepared untimed just before.
//!
//! Targets (columns), in this order (`BENCH_TARGETS`, e.g. `sqlite,sqlite-store`, runs a subset):
//!
//! - `sqlite`: the real `capture-server` binary on a fresh SQLite file;
//! - `sqlite-store`: the SQLite store's ceiling: the same store calls (the same SQL transactions)
//!   the create, keyed-create and mount handlers issue, called in this process through the
//!   store API at the same concurrency, with no HTTP, JSON, validation or proof checks;
//! - `pg`: one `capture-server` on a fresh database of the PostgreSQL at
//!   `CAPTURE_TEST_POSTGRES_URL` (`scripts/pg` starts a throwaway cluster and sets it);
//! - `pg3`: three `capture-server` processes on one fresh database, the load generator's
//!   connections spread round-robin over them (as a load balancer would);
//! - `pg-store`: the PostgreSQL store's ceiling, as `sqlite-store` (a pool of the node's size);
//! - `http`: the HTTP ceiling: this bench binary in server mode (`BENCH_HTTP_CEILING_LISTEN`),
//!   an axum app answering each route with a small fixed JSON and no database, driven by the
//!   same load generator.
//!
//! Without `CAPTURE_TEST_POSTGRES_URL` the PostgreSQL columns are skipped and say so.
//!
//! Each measurement runs a warm-up (`BENCH_WARMUP` requests, at most 1 s, not recorded), then
//! `BENCH_REQUESTS` requests (`BENCH_MOUNT_REQUESTS` for mount) or `BENCH_SECONDS` seconds,
//! whichever comes first (defaults 200, 20000, 6000 and 2.5 s: a few minutes in all). Every
//! answer is checked (HTTP status, envelope status, identifiers; for the store, every
//! compare-and-set's result); a failed request counts as an error, is never timed, and makes
//! the bench exit 1. Throughput is successful requests over the measurement's wall time.
//!
//! Output: the side-by-side table, a details table (latency, CPU per request) and the target
//! verdicts on stdout and in `BENCH_OUT` (default `<target dir>/bench/server.md`; a relative path
//! is taken from the workspace root), and a JSON twin beside it (`.json`). `BENCH_SERVER_BIN`
//! benchmarks another build of the server; `BENCH_KEEP_DB=1` keeps the temp directories.
//!
//! The HTTP load generator runs in this process on one thread and shares the machine's cores
//! with the servers; its CPU time per request is reported beside theirs.

use capture_server::config::DatabaseUrl;
use capture_server::store::sessions::NewSessionRow;
use capture_server::store::{Store, StoreOptions};
use p256::ecdsa::SigningKey;
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const API_KEY: &str = "bench-api-key";
const PROGRAM: &str = "bench";
const ORIGIN: &str = "http://localhost:8081";
/// The targets at concurrency 16 on SQLite: create (an earlier issue's) and keyed create.
const TARGET_SQLITE_CREATE_C16: f64 = 3000.0;
const TARGET_SQLITE_C16: f64 = 5000.0;
/// Keyed create at concurrency 16 on each backend, against its store's ceiling.
const TARGET_SHARE_OF_CEILING: f64 = 0.60;
/// The HTTP ceiling's server mode: set to a listen address, this binary serves instead.
const HTTP_CEILING_ENV: &str = "BENCH_HTTP_CEILING_LISTEN";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

fn env_f64(name: &str, default: f64) -> f64 {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

fn env_list(name: &str) -> Option<Vec<String>> {
    let v: Vec<String> = std::env::var(name).ok()?.split(',').map(|x| x.trim().to_owned()).filter(|x| !x.is_empty()).collect();
    (!v.is_empty()).then_some(v)
}

#[derive(Clone, Debug)]
struct Limits {
    requests: usize,
    mount_requests: usize,
    seconds: f64,
    warmup: usize,
    concurrency: Vec<usize>,
    kinds: Vec<Kind>,
    targets: Vec<Target>,
}

impl Limits {
    fn from_env() -> Limits {
        let concurrency = env_list("BENCH_CONCURRENCY")
            .map(|v| v.iter().filter_map(|c| c.parse().ok()).filter(|&c: &usize| c > 0).collect::<Vec<_>>())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| vec![1, 16, 64]);
        let kinds = env_list("BENCH_SCENARIOS")
            .map(|v| Kind::ALL.into_iter().filter(|k| v.iter().any(|n| n == k.name())).collect::<Vec<_>>())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| Kind::ALL.to_vec());
        let targets = env_list("BENCH_TARGETS")
            .map(|v| Target::ALL.into_iter().filter(|t| v.iter().any(|n| n == t.key())).collect::<Vec<_>>())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| Target::ALL.to_vec());
        Limits {
            requests: env_usize("BENCH_REQUESTS", 20_000),
            mount_requests: env_usize("BENCH_MOUNT_REQUESTS", 6_000),
            seconds: env_f64("BENCH_SECONDS", 2.5),
            warmup: env_usize("BENCH_WARMUP", 200),
            concurrency,
            kinds,
            targets,
        }
    }

    fn max(&self, kind: Kind) -> usize {
        if kind == Kind::Mount {
            self.mount_requests
        } else {
            self.requests
        }
    }
}

// ---------------------------------------------------------------------------------------------
// What is measured

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
enum Kind {
    #[serde(rename = "create")]
    Create,
    #[serde(rename = "create+key")]
    CreateKey,
    #[serde(rename = "mount")]
    Mount,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::Create, Kind::CreateKey, Kind::Mount];

    fn name(self) -> &'static str {
        match self {
            Kind::Create => "create",
            Kind::CreateKey => "create+key",
            Kind::Mount => "mount",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Kind::Create => {
                "`POST /v1/sessions`, no Idempotency-Key. Store: one transaction inserting the session and its mount token"
            }
            Kind::CreateKey => {
                "`POST /v1/sessions`, a unique Idempotency-Key per request. Store: one transaction claiming the key, inserting the session and its mount token"
            }
            Kind::Mount => {
                "`POST /frame/v1/sessions/{id}/mount`, token + fresh P-256 JWK + proof. Store: two reads (the session, the token's liveness), then one transaction spending the token, recording the proof's id, reading the session and binding it"
            }
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
enum Target {
    Sqlite,
    SqliteStore,
    Pg,
    Pg3,
    PgStore,
    Http,
}

impl Target {
    /// Run order and column order.
    const ALL: [Target; 6] = [Target::Sqlite, Target::SqliteStore, Target::Pg, Target::Pg3, Target::PgStore, Target::Http];

    fn key(self) -> &'static str {
        match self {
            Target::Sqlite => "sqlite",
            Target::SqliteStore => "sqlite-store",
            Target::Pg => "pg",
            Target::Pg3 => "pg3",
            Target::PgStore => "pg-store",
            Target::Http => "http",
        }
    }

    fn column(self) -> &'static str {
        match self {
            Target::Sqlite => "SQLite 1 node",
            Target::SqliteStore => "SQLite store ceiling",
            Target::Pg => "PostgreSQL 1 node",
            Target::Pg3 => "PostgreSQL 3 nodes",
            Target::PgStore => "PostgreSQL store ceiling",
            Target::Http => "HTTP ceiling",
        }
    }

    fn needs_postgres(self) -> bool {
        matches!(self, Target::Pg | Target::Pg3 | Target::PgStore)
    }

    /// The store ceiling a server target is held against.
    fn ceiling(self) -> Option<Target> {
        match self {
            Target::Sqlite => Some(Target::SqliteStore),
            Target::Pg | Target::Pg3 => Some(Target::PgStore),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Processes: capture-server nodes and the HTTP ceiling

struct Proc {
    child: Option<Child>,
    pid: u32,
    base: String,
    log: PathBuf,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("server/ has a parent").to_path_buf()
}

/// `<target dir>` from this executable's path (`<target>/<profile>/deps/throughput-…`).
fn target_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|p| p.parent()?.parent()?.parent().map(Path::to_path_buf))
        .unwrap_or_else(|| workspace_root().join("target"))
}

fn sha256_hex(s: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(s))
}

fn config_toml() -> String {
    format!(
        r#"
vault_key = "{vault}"
receipt_keys = "bench:{receipt}"
reaper_interval_secs = 3600

# Off (0): the bench measures the work, not the abuse shedding (which counts in memory only).
[rate_limits]
frame_ip_per_minute = 0
frame_session_per_minute = 0
api_program_per_second = 0

[[program]]
id = "{PROGRAM}"
api_key_sha256 = "{key}"
allowed_origins = ["{ORIGIN}", "https://shop.example.com"]
languages = ["en-US", "fr-FR", "ar-SA"]
max_attempts = 3
funding_destinations = ["DEBIT", "ACH"]
# No webhook_url: creates and mounts queue no webhook. 30 s as in production: the mount
# scenario prepares its sessions right before it runs.
mount_window_secs = 30
session_ttl_secs = 3600
"#,
        vault = "5a".repeat(32),
        receipt = "6b".repeat(32),
        key = sha256_hex(API_KEY.as_bytes()),
    )
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("its address").port()
}

impl Proc {
    /// Starts `cmd` listening on `port` (its stderr to `log`) and waits until it answers.
    async fn start(mut cmd: Command, port: u16, log: PathBuf) -> Proc {
        let child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("server log"))
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
        let pid = child.id();
        let mut proc = Proc { child: Some(child), pid, base: format!("http://127.0.0.1:{port}"), log };
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = client.get(format!("{}/openapi.json", proc.base)).send().await {
                if r.status().is_success() {
                    break;
                }
            }
            if let Some(Ok(Some(status))) = proc.child.as_mut().map(|c| c.try_wait()) {
                panic!("{cmd:?} exited with {status} before answering; log:\n{}", proc.log_tail());
            }
            assert!(Instant::now() < deadline, "{cmd:?} did not answer within 30 s; log:\n{}", proc.log_tail());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        proc
    }

    /// A capture-server node on `database_url`.
    async fn node(bin: &Path, dir: &Path, name: &str, database_url: &str) -> Proc {
        let config = dir.join("capture.toml");
        if !config.exists() {
            std::fs::write(&config, config_toml()).expect("write config");
        }
        let port = free_port();
        let mut cmd = Command::new(bin);
        cmd.env("CAPTURE_CONFIG", &config)
            .env("CAPTURE_LISTEN", format!("127.0.0.1:{port}"))
            .env("CAPTURE_DATABASE_URL", database_url)
            .env("CAPTURE_PUBLIC_BASE_URL", format!("http://127.0.0.1:{port}"))
            .env("CAPTURE_WEB_ROOT", workspace_root())
            .env("RUST_LOG", "warn")
            .env_remove("CAPTURE_VAULT_KEY");
        Proc::start(cmd, port, dir.join(format!("{name}.log"))).await
    }

    /// This binary in HTTP-ceiling mode.
    async fn http_ceiling(dir: &Path) -> Proc {
        let port = free_port();
        let mut cmd = Command::new(std::env::current_exe().expect("this bench's path"));
        cmd.env(HTTP_CEILING_ENV, format!("127.0.0.1:{port}"));
        Proc::start(cmd, port, dir.join("http-ceiling.log")).await
    }

    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    fn alive(&mut self) -> bool {
        matches!(self.child.as_mut().map(|c| c.try_wait()), Some(Ok(None)))
    }

    /// SIGTERM (graceful), then SIGKILL after 5 s.
    fn stop(&mut self) {
        let Some(mut child) = self.child.take() else { return };
        let _ = Command::new("kill").arg("-TERM").arg(self.pid.to_string()).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A temp directory, kept with `BENCH_KEEP_DB=1`.
struct Scratch(Option<tempfile::TempDir>);

impl Scratch {
    fn new(name: &str) -> Scratch {
        Scratch(Some(tempfile::Builder::new().prefix(&format!("capture-bench-{name}-")).tempdir().expect("temp dir")))
    }
    fn path(&self) -> &Path {
        self.0.as_ref().expect("scratch dir").path()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::env::var("BENCH_KEEP_DB").is_ok_and(|v| v == "1") {
            if let Some(dir) = self.0.take() {
                eprintln!("kept {}", dir.keep().display());
            }
        }
    }
}

/// The HTTP ceiling: each route answers a small fixed JSON, shaped like the server's, without
/// touching a database (the body is read, as the server reads it).
fn serve_http_ceiling(listen: &str) {
    use axum::routing::{get, post};
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    rt.block_on(async move {
        let id = "00000000-0000-4000-8000-000000000000";
        let created = json!({"status": 100, "client_message": "Success", "data": {
            "session_identifier": id,
            "authorized_url": format!("http://{listen}/session/{id}#t={}", "A".repeat(43)),
            "authorized_url_expiration_utc": "2030-01-01T00:00:00Z",
            "participant_unique_id1": "2639d2ce-2e74-48a4-be74-9bb90a62b40b",
            "participant_unique_id2": ""}})
        .to_string();
        let app = axum::Router::new()
            .route(
                "/v1/sessions",
                post(move |_body: axum::body::Bytes| {
                    let created = created.clone();
                    async move { (axum::http::StatusCode::CREATED, [("content-type", "application/json")], created) }
                }),
            )
            .route(
                "/frame/v1/sessions/{id}/mount",
                post(|axum::extract::Path(id): axum::extract::Path<String>, _body: axum::body::Bytes| async move {
                    axum::Json(json!({"status": 102, "client_message": "OK", "data": {"session_identifier": id, "status": "active"}}))
                }),
            )
            .route("/openapi.json", get(|| async { "{}" }));
        let listener = tokio::net::TcpListener::bind(listen).await.expect("bind the HTTP ceiling");
        axum::serve(listener, app).await.expect("serve the HTTP ceiling");
    });
}

// ---------------------------------------------------------------------------------------------
// CPU accounting

/// `(utime + stime, cutime + cstime, ppid)` of a process in seconds, from `/proc/<pid>/stat`.
fn proc_stat(pid: &str) -> Option<(f64, f64, u32)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the `(comm)`: state is field 3, ppid 4, utime 14, stime 15, cutime 16, cstime 17.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let num = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok());
    Some(((num(11)? + num(12)?) / clock_ticks(), (num(13)? + num(14)?) / clock_ticks(), f.get(1)?.parse().ok()?))
}

fn cpu_seconds(pid: &str) -> Option<f64> {
    proc_stat(pid).map(|(own, _, _)| own)
}

/// CPU seconds of the PostgreSQL cluster: the postmaster with its reaped children, and every
/// live child (the backends of the pools, the WAL writer, the checkpointer).
fn cluster_cpu_seconds(postmaster: u32) -> Option<f64> {
    let (own, reaped, _) = proc_stat(&postmaster.to_string())?;
    let mut total = own + reaped;
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().filter(|n| n.bytes().all(|b| b.is_ascii_digit())) else { continue };
        if let Some((cpu, _, ppid)) = proc_stat(pid) {
            if ppid == postmaster {
                total += cpu;
            }
        }
    }
    Some(total)
}

/// `(busy, total)` jiffies of all CPUs together, from the first line of `/proc/stat`.
fn machine_jiffies() -> Option<(f64, f64)> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let f: Vec<f64> = stat.lines().next()?.split_whitespace().skip(1).take(8).filter_map(|x| x.parse().ok()).collect();
    // user nice system idle iowait irq softirq steal
    let total: f64 = f.iter().sum();
    let idle = f.get(3)? + f.get(4)?;
    Some((total - idle, total))
}

fn clock_ticks() -> f64 {
    static TICKS: std::sync::OnceLock<f64> = std::sync::OnceLock::new();
    *TICKS.get_or_init(|| {
        Command::new("getconf")
            .arg("CLK_TCK")
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .and_then(|s| s.trim().parse().ok())
            .unwrap_or(100.0)
    })
}

/// Whose CPU a measurement counts as server, load generator and database.
struct Sides {
    /// The server processes (HTTP targets), or none: the store ceiling runs in this process.
    server: Vec<u32>,
    /// The PostgreSQL postmaster, if the target uses it.
    postmaster: Option<u32>,
}

#[derive(Clone, Copy)]
struct CpuSample {
    server: Option<f64>,
    this: Option<f64>,
    db: Option<f64>,
    machine: Option<(f64, f64)>,
}

impl Sides {
    fn sample(&self) -> CpuSample {
        let server = if self.server.is_empty() {
            None
        } else {
            self.server.iter().map(|p| cpu_seconds(&p.to_string())).sum::<Option<f64>>()
        };
        CpuSample { server, this: cpu_seconds("self"), db: self.postmaster.and_then(cluster_cpu_seconds), machine: machine_jiffies() }
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP requests and their checks

/// The API tests' valid create request (its `host_uri` is [`ORIGIN`]).
fn create_body() -> Vec<u8> {
    include_bytes!("../tests/fixtures/create_session.json").to_vec()
}

/// `(session id, mount token)` of a checked create answer.
type Created = (String, String);

async fn post(client: &reqwest::Client, url: String, headers: &[(&str, &str)], body: Vec<u8>) -> Result<(u16, Value), String> {
    let mut req = client.post(url).header("content-type", "application/json").body(body);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let resp = req.send().await.map_err(|e| format!("transport: {e}"))?;
    let status = resp.status().as_u16();
    let bytes = resp.bytes().await.map_err(|e| format!("body: {e}"))?;
    let v: Value = serde_json::from_slice(&bytes).map_err(|_| format!("HTTP {status}: not JSON: {}", String::from_utf8_lossy(&bytes)))?;
    Ok((status, v))
}

fn expect(http: u16, v: &Value, want_http: u16, want_code: u64) -> Result<(), String> {
    let code = v["status"].as_u64().unwrap_or(0);
    if http != want_http || code != want_code {
        return Err(format!("HTTP {http} status {code} (want {want_http}/{want_code}): {v}"));
    }
    Ok(())
}

fn created(v: &Value) -> Result<Created, String> {
    let id = v["data"]["session_identifier"].as_str().ok_or_else(|| format!("no session_identifier: {v}"))?;
    let url = v["data"]["authorized_url"].as_str().ok_or_else(|| format!("no authorized_url: {v}"))?;
    let (path, token) = url.split_once("#t=").ok_or_else(|| format!("authorized_url without #t=: {url}"))?;
    if !path.ends_with(&format!("/session/{id}")) || token.len() < 40 {
        return Err(format!("authorized_url does not match the session: {url}"));
    }
    Ok((id.to_owned(), token.to_owned()))
}

async fn create(client: &reqwest::Client, base: &str, key: Option<&str>, body: &[u8]) -> Result<Created, String> {
    let headers: Vec<(&str, &str)> = key.map(|k| vec![("idempotency-key", k)]).unwrap_or_default();
    let (http, v) = post(client, format!("{base}/v1/sessions"), &[&[("x-api-key", API_KEY)], &headers[..]].concat(), body.to_vec()).await?;
    expect(http, &v, 201, 100)?;
    created(&v)
}

/// A session ready to mount: its id, the request body (token + a fresh public JWK) and the
/// body's `capture-proof` (mount checks no freshness, so it is signed untimed, beforehand).
struct Mountable {
    id: String,
    body: Vec<u8>,
    proof: String,
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn jwk(key: &SigningKey) -> Value {
    let point = key.verifying_key().to_encoded_point(false);
    json!({"kty": "EC", "crv": "P-256", "x": b64(point.x().expect("x")), "y": b64(point.y().expect("y"))})
}

fn random_hex(bytes: usize) -> String {
    let mut b = vec![0u8; bytes];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut b);
    hex::encode(b)
}

/// The page's proof of possession over `body` for `POST path`.
fn proof(key: &SigningKey, path: &str, body: &[u8]) -> String {
    use p256::ecdsa::{signature::Signer, Signature};
    let header = b64(br#"{"alg":"ES256","typ":"capture-proof+jwt"}"#);
    let claims = json!({"htm": "POST", "htu": path, "bh": b64(&<sha2::Sha256 as sha2::Digest>::digest(body)), "iat": now_secs(), "jti": random_hex(16)});
    let input = format!("{header}.{}", b64(claims.to_string().as_bytes()));
    let sig: Signature = key.sign(input.as_bytes());
    format!("{input}.{}", b64(&sig.to_bytes()))
}

async fn mount(client: &reqwest::Client, base: &str, m: &Mountable) -> Result<(), String> {
    let (http, v) =
        post(client, format!("{base}/frame/v1/sessions/{}/mount", m.id), &[("capture-proof", m.proof.as_str())], m.body.clone()).await?;
    expect(http, &v, 200, 102)?;
    if v["data"]["session_identifier"].as_str() != Some(m.id.as_str()) {
        return Err(format!("mount answered another session: {v}"));
    }
    Ok(())
}

/// Creates `n` sessions over HTTP (untimed, 16 at a time, round-robin over `bases`) and
/// builds their signed mount requests.
async fn prepare_mounts(client: &reqwest::Client, bases: &[String], n: usize) -> Vec<Mountable> {
    use futures::stream::{self, StreamExt};
    let body = create_body();
    let made: Vec<Result<Created, String>> =
        stream::iter(0..n).map(|i| create(client, &bases[i % bases.len()], None, &body)).buffer_unordered(16).collect().await;
    made.into_iter()
        .map(|r| {
            let (id, token) = r.unwrap_or_else(|e| panic!("preparing the mount scenario: {e}"));
            let key = SigningKey::random(&mut rand::rngs::OsRng);
            let body = serde_json::to_vec(&json!({"mount_token": token, "jwk": jwk(&key)})).expect("mount body");
            let proof = proof(&key, &format!("/frame/v1/sessions/{id}/mount"), &body);
            Mountable { id, body, proof }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The store's ceiling: the handlers' store calls, without HTTP

fn now_secs() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0)
}

fn new_session_id() -> String {
    let mut b = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut b);
    capture_protocol::SessionId::from_random_bytes(b).as_str().to_owned()
}

/// A session the store mounts: what the mount handler has computed before its transaction.
struct StoreMount {
    id: String,
    token_sha256: String,
    thumbprint: String,
    jwk: String,
    cookie_sha256: String,
    jti: String,
}

fn fail(what: &str) -> String {
    format!("store: {what}")
}

/// The create handler's transaction (`lifecycle::sessions::create`): with a key, its claim
/// first; then the session row and its mount token. Ids and hashes are made beforehand, as the
/// handler makes them before it begins.
async fn store_create(store: &Store, key: Option<&str>, token_sha256: &str) -> Result<String, String> {
    let id = new_session_id();
    let now = now_secs();
    let request_sha256 = key.map(|k| sha256_hex(k.as_bytes()));
    let row = NewSessionRow {
        id: &id,
        program_id: PROGRAM,
        participant_unique_id1: "2639d2ce-2e74-48a4-be74-9bb90a62b40b",
        participant_unique_id2: "",
        language_locale_code: "en-US",
        host_uri: ORIGIN,
        funding_destinations: "DEBIT,ACH".to_owned(),
        recipient_first_name: "José",
        recipient_last_name: "Núñez",
        recipient_postal_code: "94107",
        client_reference_id: Some("order-42"),
        metadata: r#"{"campaign":"spring"}"#.to_owned(),
        return_url: Some("https://shop.example.com/done"),
        max_attempts: 3,
        decision_gate: false,
        appearance: String::new(),
        now,
        expires_at: now + 3600,
    };
    let e = |e: capture_server::store::StoreError| fail(&e.to_string());
    let mut tx = store.begin().await.map_err(e)?;
    if let (Some(key), Some(hash)) = (key, &request_sha256) {
        if !tx.claim_idempotency_key(PROGRAM, key, hash, &id, now, 86_400).await.map_err(e)? {
            return Err(fail("a fresh key was already claimed"));
        }
    }
    tx.insert_session(&row).await.map_err(e)?;
    tx.insert_mount_token(token_sha256, &id, now, now + 30).await.map_err(e)?;
    tx.commit().await.map_err(e)?;
    Ok(id)
}

/// The mount handler's store calls (`lifecycle::frame::mount`) for a first binding: the session
/// and the token's liveness read, then the transaction.
async fn store_mount(store: &Store, m: &StoreMount) -> Result<(), String> {
    let now = now_secs();
    let e = |e: capture_server::store::StoreError| fail(&e.to_string());
    store.session(&m.id).await.map_err(e)?.ok_or_else(|| fail("no session"))?;
    if !store.mount_token_live(&m.token_sha256, &m.id, now).await.map_err(e)? {
        return Err(fail("token not live"));
    }
    let mut tx = store.begin().await.map_err(e)?;
    if !tx.spend_mount_token(&m.token_sha256, &m.id, now).await.map_err(e)? {
        return Err(fail("token not spent"));
    }
    if !tx.record_jti(&m.id, &m.jti, now + 61).await.map_err(e)? {
        return Err(fail("proof id already used"));
    }
    let row = tx.session(&m.id).await.map_err(e)?.ok_or_else(|| fail("no session in the transaction"))?;
    if row.bound_thumbprint.is_some() {
        return Err(fail("already bound"));
    }
    if !tx.bind(&m.id, None, &m.thumbprint, &m.jwk, &m.cookie_sha256, now).await.map_err(e)? {
        return Err(fail("binding lost its compare-and-set"));
    }
    tx.commit().await.map_err(e)?;
    Ok(())
}

/// Inserts `n` sessions through the store (untimed, 16 at a time) and what mounting them takes.
async fn prepare_store_mounts(store: &Store, n: usize) -> Vec<StoreMount> {
    use futures::stream::{self, StreamExt};
    let key = SigningKey::random(&mut rand::rngs::OsRng);
    let jwk = jwk(&key).to_string();
    stream::iter(0..n)
        .map(|_| {
            let jwk = jwk.clone();
            async move {
                let token_sha256 = random_hex(32);
                let id = store_create(store, None, &token_sha256).await.unwrap_or_else(|e| panic!("preparing the store mounts: {e}"));
                StoreMount { id, token_sha256, thumbprint: b64(&rand::random::<[u8; 32]>()), jwk, cookie_sha256: random_hex(32), jti: random_hex(16) }
            }
        })
        .buffer_unordered(16)
        .collect()
        .await
}

// ---------------------------------------------------------------------------------------------
// The load loop

/// What one measurement's workers share.
enum Load {
    Http {
        client: reqwest::Client,
        kind: Kind,
        /// Worker `w` sends to `bases[w % len]`: connections round-robin over the nodes.
        bases: Vec<String>,
        body: Vec<u8>,
        /// A run-unique prefix for idempotency keys.
        tag: String,
        mounts: Vec<Mountable>,
    },
    Store {
        store: Store,
        kind: Kind,
        tag: String,
        mounts: Vec<StoreMount>,
    },
}

impl Load {
    async fn one(&self, worker: usize, i: usize) -> Result<(), String> {
        match self {
            Load::Http { client, kind, bases, body, tag, mounts } => {
                let base = &bases[worker % bases.len()];
                match kind {
                    Kind::Create => create(client, base, None, body).await.map(|_| ()),
                    Kind::CreateKey => create(client, base, Some(&format!("{tag}-{i}")), body).await.map(|_| ()),
                    Kind::Mount => mount(client, base, &mounts[i]).await,
                }
            }
            Load::Store { store, kind, tag, mounts } => match kind {
                Kind::Create => store_create(store, None, &random_hex(32)).await.map(|_| ()),
                Kind::CreateKey => store_create(store, Some(&format!("{tag}-{i}")), &random_hex(32)).await.map(|_| ()),
                Kind::Mount => store_mount(store, &mounts[i]).await,
            },
        }
    }
}

struct Outcome {
    ok: usize,
    errors: usize,
    first_error: Option<String>,
    latencies_us: Vec<u32>,
    wall: Duration,
}

/// Runs requests `start..start+max` (or until `seconds`) on `concurrency` workers.
async fn drive(load: &Arc<Load>, concurrency: usize, start: usize, max: usize, seconds: f64) -> Outcome {
    let next = Arc::new(AtomicUsize::new(0));
    let t0 = Instant::now();
    let deadline = t0 + Duration::from_secs_f64(seconds);
    let mut tasks = Vec::new();
    for w in 0..concurrency {
        let (load, next) = (load.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(max / concurrency + 1);
            let (mut errors, mut first_error) = (0usize, None);
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= max || Instant::now() >= deadline {
                    break;
                }
                let t = Instant::now();
                match load.one(w, start + n).await {
                    Ok(()) => lat.push(t.elapsed().as_micros().min(u32::MAX as u128) as u32),
                    Err(e) => {
                        errors += 1;
                        first_error.get_or_insert(e);
                    }
                }
            }
            (lat, errors, first_error)
        }));
    }
    let mut out = Outcome { ok: 0, errors: 0, first_error: None, latencies_us: Vec::new(), wall: Duration::ZERO };
    for t in tasks {
        let (lat, errors, first) = t.await.expect("worker task");
        out.ok += lat.len();
        out.latencies_us.extend(lat);
        out.errors += errors;
        if out.first_error.is_none() {
            out.first_error = first;
        }
    }
    out.wall = t0.elapsed();
    out
}

#[derive(serde::Serialize, Clone, Debug)]
struct Row {
    target: Target,
    scenario: Kind,
    concurrency: usize,
    requests: usize,
    errors: usize,
    throughput: f64,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    wall_s: f64,
    /// The capture-server processes (HTTP targets) or this process (store ceilings).
    server_cpu_us_per_req: Option<f64>,
    /// The HTTP load generator (HTTP targets only).
    client_cpu_us_per_req: Option<f64>,
    /// The PostgreSQL cluster (PostgreSQL targets only).
    db_cpu_us_per_req: Option<f64>,
    /// Share of the machine's CPU time left idle during the timed run.
    machine_idle_pct: Option<f64>,
    /// CPUs' worth of time used by processes other than the ones above (other work on a
    /// shared machine).
    other_cpus: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_error: Option<String>,
}

fn percentile_ms(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    // Nearest rank.
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1] as f64 / 1000.0
}

/// Warms up, then measures one `load` at `concurrency`.
async fn measure(target: Target, kind: Kind, load: Load, concurrency: usize, limits: &Limits, sides: &Sides) -> Row {
    let load = Arc::new(load);
    let warmup = limits.warmup;
    // Warm-up: connections opened, statement caches filled; not recorded.
    let w = drive(&load, concurrency, 0, warmup, 1.0).await;
    if w.errors > 0 {
        eprintln!("warm-up of {} {} c{concurrency}: {} errors, first: {}", target.key(), kind.name(), w.errors, w.first_error.unwrap_or_default());
    }
    let a = sides.sample();
    let out = drive(&load, concurrency, warmup, limits.max(kind), limits.seconds).await;
    let b = sides.sample();
    let wall = out.wall.as_secs_f64();
    let done = (out.ok + out.errors).max(1) as f64;
    let delta = |x: Option<f64>, y: Option<f64>| Some(y? - x?);
    let per_req = |d: Option<f64>| d.map(|d| d * 1e6 / done);
    let in_process = sides.server.is_empty();
    let (server, this, db) = (delta(a.server, b.server), delta(a.this, b.this), delta(a.db, b.db));
    let machine = match (a.machine, b.machine) {
        (Some((b0, t0)), Some((b1, t1))) => Some((b1 - b0, t1 - t0)),
        _ => None,
    };
    let idle_pct = machine.and_then(|(busy, total)| (total > 0.0).then(|| 100.0 * (1.0 - busy / total)));
    let other_cpus = machine.and_then(|(busy, _)| {
        let ours = server.unwrap_or(0.0) + this? + db.unwrap_or(0.0);
        Some((busy / clock_ticks() - ours).max(0.0) / wall)
    });
    let mut lat = out.latencies_us;
    lat.sort_unstable();
    Row {
        target,
        scenario: kind,
        concurrency,
        requests: out.ok,
        errors: out.errors,
        throughput: out.ok as f64 / wall,
        p50_ms: percentile_ms(&lat, 50.0),
        p99_ms: percentile_ms(&lat, 99.0),
        max_ms: lat.last().map_or(f64::NAN, |&m| m as f64 / 1000.0),
        wall_s: wall,
        server_cpu_us_per_req: per_req(if in_process { this } else { server }),
        client_cpu_us_per_req: if in_process { None } else { per_req(this) },
        db_cpu_us_per_req: per_req(db),
        machine_idle_pct: idle_pct,
        other_cpus,
        first_error: out.first_error,
    }
}

fn progress(r: &Row) {
    eprintln!(
        "{:<12} {:<10} c{:<3} {:>6} ok {:>3} err  {:>7.0}/s  p50 {:>6.2} ms  p99 {:>6.2} ms",
        r.target.key(),
        r.scenario.name(),
        r.concurrency,
        r.requests,
        r.errors,
        r.throughput,
        r.p50_ms,
        r.p99_ms
    );
}

/// A fresh database on the cluster of `admin` (a `postgres://…/postgres` URL) and the cluster's
/// postmaster pid (the parent of this connection's backend), for its CPU accounting.
async fn fresh_postgres_database(admin: &str, name: &str) -> (String, Option<u32>) {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(admin).await.expect("the PostgreSQL of CAPTURE_TEST_POSTGRES_URL answers");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut conn).await.expect("create the bench database");
    let backend: i32 = sqlx::query_scalar("SELECT pg_backend_pid()").fetch_one(&mut conn).await.expect("backend pid");
    let postmaster = u32::try_from(backend).ok().and_then(|pid| proc_stat(&pid.to_string())).map(|(_, _, ppid)| ppid);
    let _ = conn.close().await;
    let (base, _) = admin.rsplit_once('/').expect("a database URL has a path");
    (format!("{base}/{name}"), postmaster)
}

/// Every measurement of one target.
async fn run_target(target: Target, limits: &Limits, bin: &Path, pg_admin: Option<&str>, run: &str) -> Vec<Row> {
    let scratch = Scratch::new(target.key());
    let dir = scratch.path();
    let (db_url, postmaster) = match (target, pg_admin) {
        (Target::Sqlite | Target::SqliteStore, _) => (Some(format!("sqlite://{}", dir.join("capture.db").display())), None),
        (Target::Http, _) => (None, None),
        (_, Some(admin)) => {
            let (url, pm) = fresh_postgres_database(admin, &format!("bench_{run}_{}", target.key().replace('-', "_"))).await;
            (Some(url), pm)
        }
        (_, None) => unreachable!("PostgreSQL targets are skipped without a cluster"),
    };
    let mut rows = Vec::new();
    if matches!(target, Target::SqliteStore | Target::PgStore) {
        let url = DatabaseUrl::try_from(db_url.as_deref().expect("a database")).expect("a database URL");
        // The node's own pool settings: the ceiling of what one node's store can do.
        let store = Store::connect(&url, &StoreOptions::default()).await.expect("open the store");
        let housekeeping = store.spawn_housekeeping();
        let sides = Sides { server: Vec::new(), postmaster };
        for &kind in &limits.kinds {
            for &c in &limits.concurrency {
                let mounts = if kind == Kind::Mount { prepare_store_mounts(&store, limits.warmup + limits.max(kind)).await } else { Vec::new() };
                let tag = format!("bench-{run}-{}-c{c}", kind.name());
                let row = measure(target, kind, Load::Store { store: store.clone(), kind, tag, mounts }, c, limits, &sides).await;
                progress(&row);
                rows.push(row);
            }
        }
        if let Some(h) = housekeeping {
            h.abort();
        }
        store.close().await;
        return rows;
    }
    let mut procs = Vec::new();
    match target {
        Target::Http => procs.push(Proc::http_ceiling(dir).await),
        Target::Pg3 => {
            for i in 0..3 {
                procs.push(Proc::node(bin, dir, &format!("node{i}"), db_url.as_deref().expect("a database")).await);
            }
        }
        _ => procs.push(Proc::node(bin, dir, "node0", db_url.as_deref().expect("a database")).await),
    }
    let bases: Vec<String> = procs.iter().map(|p| p.base.clone()).collect();
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1024)
        .tcp_nodelay(true)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("http client");
    let sides = Sides { server: procs.iter().map(|p| p.pid).collect(), postmaster };
    for &kind in &limits.kinds {
        for &c in &limits.concurrency {
            let mounts = if kind == Kind::Mount { prepare_mounts(&client, &bases, limits.warmup + limits.max(kind)).await } else { Vec::new() };
            let load = Load::Http {
                client: client.clone(),
                kind,
                bases: bases.clone(),
                body: create_body(),
                tag: format!("bench-{run}-{}-c{c}", kind.name()),
                mounts,
            };
            let row = measure(target, kind, load, c, limits, &sides).await;
            progress(&row);
            for p in &mut procs {
                if !p.alive() {
                    panic!("{} died during {} c{c}; log:\n{}", target.column(), kind.name(), p.log_tail());
                }
            }
            rows.push(row);
        }
    }
    rows
}

// ---------------------------------------------------------------------------------------------
// Machine facts and the report

fn command_line(cmd: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(cmd).args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

#[derive(serde::Serialize)]
struct Machine {
    cpu_model: String,
    cpus: usize,
    mem_total: String,
    kernel: String,
    date_utc: String,
    rustc: String,
    profile: String,
    server_binary: String,
    git: String,
    postgres: Option<String>,
}

async fn postgres_version(admin: &str) -> Option<String> {
    use sqlx::Connection;
    let mut conn = sqlx::PgConnection::connect(admin).await.ok()?;
    let v: String = sqlx::query_scalar("SHOW server_version").fetch_one(&mut conn).await.ok()?;
    let settings: Vec<(String, String)> =
        sqlx::query_as("SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes') ORDER BY name")
            .fetch_all(&mut conn)
            .await
            .ok()?;
    let _ = conn.close().await;
    let s: Vec<String> = settings.into_iter().map(|(k, v)| format!("{k}={v}")).collect();
    Some(format!("PostgreSQL {v} ({})", s.join(", ")))
}

fn machine(bin: &Path, postgres: Option<String>) -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let field =
        |name: &str| cpuinfo.lines().find(|l| l.starts_with(name)).and_then(|l| l.split_once(':')).map(|(_, v)| v.trim().to_owned());
    let cpus = cpuinfo.lines().filter(|l| l.starts_with("processor")).count();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_total = meminfo.lines().find(|l| l.starts_with("MemTotal")).and_then(|l| l.split_once(':')).map(|(_, v)| v.trim().to_owned());
    // The profile's settings as written in the workspace manifest.
    let manifest = std::fs::read_to_string(workspace_root().join("Cargo.toml")).unwrap_or_default();
    let bench_profile: Vec<&str> = manifest
        .lines()
        .skip_while(|l| l.trim() != "[profile.bench]")
        .skip(1)
        .take_while(|l| !l.trim_start().starts_with('['))
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(str::trim)
        .collect();
    let dir = std::env::current_exe().ok().and_then(|p| Some(p.parent()?.parent()?.file_name()?.to_string_lossy().into_owned()));
    let profile = format!(
        "{} (target/{}; [profile.bench]: {}; debug_assertions {})",
        if cfg!(debug_assertions) { "debug" } else { "bench" },
        dir.unwrap_or_default(),
        if bench_profile.is_empty() { "absent, inherits release".to_owned() } else { bench_profile.join(", ") },
        if cfg!(debug_assertions) { "on" } else { "off" },
    );
    let root = workspace_root().to_string_lossy().into_owned();
    let git = command_line("git", &["-C", &root, "rev-parse", "--short", "HEAD"])
        .map(|h| {
            let dirty = command_line("git", &["-C", &root, "status", "--porcelain", "--", "server"]).is_some_and(|s| !s.is_empty());
            if dirty {
                format!("{h} + uncommitted changes in server/")
            } else {
                h
            }
        })
        .unwrap_or_else(|| "unknown".into());
    Machine {
        cpu_model: field("model name").unwrap_or_else(|| "unknown".into()),
        cpus: if cpus > 0 { cpus } else { std::thread::available_parallelism().map_or(0, |n| n.get()) },
        mem_total: mem_total.unwrap_or_else(|| "unknown".into()),
        kernel: command_line("uname", &["-sr"]).unwrap_or_else(|| "unknown".into()),
        date_utc: capture_server::clock::rfc3339(now_secs()),
        rustc: command_line("rustc", &["-V"]).unwrap_or_else(|| "unknown".into()),
        profile,
        server_binary: bin.display().to_string(),
        git,
        postgres,
    }
}

fn fmt_opt(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{v:.0}"))
}

/// `12,345`.
fn thousands(v: f64) -> String {
    let s = format!("{:.0}", v.max(0.0));
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

struct Results<'a> {
    rows: &'a [Row],
}

impl Results<'_> {
    fn get(&self, target: Target, kind: Kind, c: usize) -> Option<&Row> {
        self.rows.iter().find(|r| r.target == target && r.scenario == kind && r.concurrency == c)
    }

    /// `part`'s share of its store ceiling in the same cell.
    fn share(&self, part: Target, kind: Kind, c: usize) -> Option<f64> {
        let ceiling = self.get(part.ceiling()?, kind, c)?.throughput;
        (ceiling > 0.0).then(|| self.get(part, kind, c).map(|r| r.throughput / ceiling)).flatten()
    }

    fn cell(&self, target: Target, kind: Kind, c: usize) -> String {
        match self.get(target, kind, c) {
            Some(r) if r.errors > 0 => format!("{} ({} errors)", thousands(r.throughput), r.errors),
            Some(r) => thousands(r.throughput),
            None => "–".into(),
        }
    }

    fn pct(&self, part: Target, kind: Kind, c: usize) -> String {
        self.share(part, kind, c).map_or("–".into(), |s| format!("{:.0} %", 100.0 * s))
    }

    /// The side-by-side table: requests/s per target, and each server's share of its ceiling.
    fn side_by_side(&self, limits: &Limits) -> String {
        let mut s = String::new();
        s.push_str("| scenario | c | SQLite 1 node | SQLite store ceiling | SQLite % of ceiling | PostgreSQL 1 node | PostgreSQL 3 nodes | PostgreSQL store ceiling | PG 1 node % of ceiling | PG 3 nodes % of ceiling | HTTP ceiling |\n");
        s.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        use Target::*;
        for &kind in &limits.kinds {
            for &c in &limits.concurrency {
                let _ = writeln!(
                    s,
                    "| {} | {c} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                    kind.name(),
                    self.cell(Sqlite, kind, c),
                    self.cell(SqliteStore, kind, c),
                    self.pct(Sqlite, kind, c),
                    self.cell(Pg, kind, c),
                    self.cell(Pg3, kind, c),
                    self.cell(PgStore, kind, c),
                    self.pct(Pg, kind, c),
                    self.pct(Pg3, kind, c),
                    self.cell(Http, kind, c),
                );
            }
        }
        s
    }

    fn details(&self) -> String {
        let mut s = String::new();
        s.push_str("| target | scenario | c | requests | errors | per s | p50 ms | p99 ms | max ms | server CPU µs/req | load gen. CPU µs/req | PostgreSQL CPU µs/req | machine idle | other processes |\n");
        s.push_str("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for r in self.rows {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {:.0} | {:.2} | {:.2} | {:.1} | {} | {} | {} | {} | {} |",
                r.target.column(),
                r.scenario.name(),
                r.concurrency,
                r.requests,
                r.errors,
                r.throughput,
                r.p50_ms,
                r.p99_ms,
                r.max_ms,
                fmt_opt(r.server_cpu_us_per_req),
                fmt_opt(r.client_cpu_us_per_req),
                fmt_opt(r.db_cpu_us_per_req),
                r.machine_idle_pct.map_or("–".into(), |v| format!("{v:.0}%")),
                r.other_cpus.map_or("–".into(), |v| format!("{v:.2} CPU")),
            );
        }
        s
    }

    /// `| target | measured | verdict |` rows (scripts/bench lifts them into its summary).
    fn targets(&self) -> String {
        let mut s = String::from("| target | measured | |\n|---|---|---|\n");
        let k = Kind::CreateKey;
        let verdict = |met: bool, missed: String| if met { "met".to_owned() } else { format!("**missed** by {missed}") };
        for (kind, floor, name) in [
            (Kind::Create, TARGET_SQLITE_CREATE_C16, "create at c16 ≥ 3,000 sessions/s on SQLite"),
            (k, TARGET_SQLITE_C16, "keyed create at c16 ≥ 5,000 sessions/s on SQLite"),
        ] {
            match self.get(Target::Sqlite, kind, 16) {
                Some(r) => {
                    let _ = writeln!(
                        s,
                        "| {name} | {} sessions/s | {} |",
                        thousands(r.throughput),
                        verdict(r.throughput >= floor && r.errors == 0, format!("{} sessions/s", thousands(floor - r.throughput)))
                    );
                }
                None => {
                    let _ = writeln!(s, "| {name} | not measured | – |");
                }
            }
        }
        for part in [Target::Sqlite, Target::Pg, Target::Pg3] {
            let name = format!("keyed create at c16 ≥ 60 % of the store's ceiling, {}", part.column());
            match (self.share(part, k, 16), self.get(part, k, 16), part.ceiling().and_then(|c| self.get(c, k, 16))) {
                (Some(share), Some(r), Some(ceiling)) => {
                    let _ = writeln!(
                        s,
                        "| {name} | {:.0} % ({} of {} sessions/s) | {} |",
                        100.0 * share,
                        thousands(r.throughput),
                        thousands(ceiling.throughput),
                        verdict(share >= TARGET_SHARE_OF_CEILING && r.errors == 0, format!("{:.0} points", 100.0 * (TARGET_SHARE_OF_CEILING - share)))
                    );
                }
                _ => {
                    let _ = writeln!(s, "| {name} | not measured | – |");
                }
            }
        }
        s
    }
}

fn report(m: &Machine, limits: &Limits, rows: &[Row], skipped: &[Target], total: Duration) -> String {
    let res = Results { rows };
    let mut s = String::new();
    let _ = writeln!(s, "# capture-server throughput\n");
    let _ = writeln!(s, "- date: {}", m.date_utc);
    let _ = writeln!(s, "- machine: {} × {} (logical CPUs in /proc/cpuinfo), {} RAM, {}", m.cpus, m.cpu_model, m.mem_total, m.kernel);
    let _ = writeln!(s, "- rustc: {}; profile: {}", m.rustc, m.profile);
    let built = if std::env::var_os("BENCH_SERVER_BIN").is_some() {
        format!("given by BENCH_SERVER_BIN (the working tree is at {})", m.git)
    } else {
        format!("built from {}", m.git)
    };
    let _ = writeln!(s, "- server: `{}`, {built}; RUST_LOG=warn; each target on a fresh database", m.server_binary);
    let _ = writeln!(s, "- SQLite: WAL, synchronous=NORMAL (a commit is not fsynced; it survives a crash of the process, not of the OS)");
    match &m.postgres {
        Some(pg) => {
            let _ = writeln!(s, "- {pg}: the throwaway cluster of `scripts/pg`, on this machine; a commit is not fsynced either; pool of 16 connections per node");
        }
        None => {
            let _ = writeln!(s, "- PostgreSQL: no cluster (CAPTURE_TEST_POSTGRES_URL unset): its columns were not measured");
        }
    }
    let _ = writeln!(
        s,
        "- load: this process, one thread, reqwest over HTTP/1.1 keep-alive on 127.0.0.1; with three nodes, connections round-robin over them. **It shares the {} CPUs with the servers and the database** (see the details): the numbers are a floor for a server with the machine to itself.",
        m.cpus
    );
    let _ = writeln!(
        s,
        "- per measurement: warm-up {} requests (≤ 1 s, not recorded), then {} requests ({} for mount) or {} s, whichever first. Throughput counts checked successes only; errors are not timed.",
        limits.warmup, limits.requests, limits.mount_requests, limits.seconds
    );
    let _ = writeln!(s, "- total bench wall time: {:.1} s\n", total.as_secs_f64());
    let _ = writeln!(s, "## Side by side (requests/s; create: sessions/s)\n");
    s.push_str(&res.side_by_side(limits));
    s.push('\n');
    for k in &limits.kinds {
        let _ = writeln!(s, "- `{}`: {}.", k.name(), k.describe());
    }
    let _ = writeln!(s, "- store ceiling: the same store calls as the handler, in the bench process at the same concurrency (tokio multi-thread runtime, the node's pool settings), with no HTTP, JSON, validation, hashing or proof checks.");
    let _ = writeln!(s, "- HTTP ceiling: this bench binary as an axum server answering each route with a small fixed JSON, no database, driven by the same load generator.");
    if !skipped.is_empty() {
        let names: Vec<&str> = skipped.iter().map(|t| t.column()).collect();
        let _ = writeln!(s, "- not measured in this run: {}.", names.join(", "));
    }
    let _ = writeln!(s, "\n## Targets\n");
    s.push_str(&res.targets());
    let _ = writeln!(s, "\n## Details\n");
    let _ = writeln!(s, "Server CPU: the capture-server processes, or for a store ceiling the bench process. Other processes: CPU used during the measurement by everything else on the machine, per second of run.\n");
    s.push_str(&res.details());
    let errs: Vec<&Row> = rows.iter().filter(|r| r.errors > 0).collect();
    if !errs.is_empty() {
        let _ = writeln!(s, "\nErrors:");
        for r in errs {
            let _ = writeln!(
                s,
                "- {} {} c{}: {} errors; first: {}",
                r.target.column(),
                r.scenario.name(),
                r.concurrency,
                r.errors,
                r.first_error.as_deref().unwrap_or("")
            );
        }
    }
    s
}

fn main() {
    if let Ok(listen) = std::env::var(HTTP_CEILING_ENV) {
        serve_http_ceiling(&listen);
        return;
    }
    // `cargo bench` passes `--bench`; a filter or other flags are not supported and ignored.
    let t0 = Instant::now();
    let limits = Limits::from_env();
    let bin =
        std::env::var_os("BENCH_SERVER_BIN").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_capture-server")));
    let pg_admin = std::env::var("CAPTURE_TEST_POSTGRES_URL").ok().filter(|u| !u.is_empty());
    // The HTTP load generator on one thread; the store ceilings on a multi-thread runtime, as
    // the server runs its handlers.
    let load_rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    let store_rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    let run = format!("{:x}", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0));
    let (mut rows, mut skipped) = (Vec::new(), Vec::new());
    for &target in &limits.targets {
        if target.needs_postgres() && pg_admin.is_none() {
            eprintln!("{}: skipped (no CAPTURE_TEST_POSTGRES_URL; run under scripts/pg)", target.column());
            skipped.push(target);
            continue;
        }
        let rt = if matches!(target, Target::SqliteStore | Target::PgStore) { &store_rt } else { &load_rt };
        rows.extend(rt.block_on(run_target(target, &limits, &bin, pg_admin.as_deref(), &run)));
    }
    let postgres = pg_admin.as_deref().and_then(|u| load_rt.block_on(postgres_version(u)));
    let total = t0.elapsed();
    let m = machine(&bin, postgres);
    let md = report(&m, &limits, &rows, &skipped, total);
    println!("\n{md}");
    let out = std::env::var_os("BENCH_OUT").map(PathBuf::from).unwrap_or_else(|| target_dir().join("bench/server.md"));
    let out = if out.is_relative() { workspace_root().join(out) } else { out };
    if let Some(dir) = out.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let json_path = out.with_extension("json");
    let json = json!({
        "machine": m,
        "limits": {"requests": limits.requests, "mount_requests": limits.mount_requests, "seconds": limits.seconds,
                   "warmup": limits.warmup, "concurrency": limits.concurrency, "scenarios": limits.kinds, "targets": limits.targets},
        "targets": {"create_c16_sqlite_per_s": TARGET_SQLITE_CREATE_C16, "keyed_create_c16_sqlite_per_s": TARGET_SQLITE_C16, "keyed_create_c16_share_of_store_ceiling": TARGET_SHARE_OF_CEILING},
        "skipped": skipped,
        "total_wall_s": total.as_secs_f64(),
        "rows": rows,
    });
    match std::fs::write(&out, &md).and_then(|_| std::fs::write(&json_path, serde_json::to_string_pretty(&json).unwrap_or_default())) {
        Ok(()) => eprintln!("wrote {} and {}", out.display(), json_path.display()),
        Err(e) => eprintln!("cannot write {}: {e}", out.display()),
    }
    if rows.iter().any(|r| r.errors > 0) {
        eprintln!("some requests failed: see the errors above");
        std::process::exit(1);
    }
}
