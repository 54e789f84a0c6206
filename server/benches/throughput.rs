//! Server throughput benchmark: the real `capture-server` binary on 127.0.0.1 with a fresh SQLite
//! file, driven over real HTTP/1.1 keep-alive connections.
//!
//! ```sh
//! cargo bench -p capture-server --bench throughput
//! ```
//!
//! Scenarios, each at concurrency 1, 16 and 64 (`BENCH_CONCURRENCY`):
//!
//! - `create`: `POST /v1/sessions` without `Idempotency-Key` (201, status 100);
//! - `create+key`: with a unique `Idempotency-Key` per request (201, status 100);
//! - `replay`: with a key already used, same body (200, status 101, the same session);
//! - `mount`: `POST /frame/v1/sessions/{id}/mount` with the token from `authorized_url`'s fragment
//!   and a fresh P-256 public JWK (200, status 102); the sessions, keys and bodies are prepared
//!   untimed just before.
//!
//! Each scenario runs a warm-up (`BENCH_WARMUP` requests, at most 1 s, not recorded), then
//! `BENCH_REQUESTS` requests (`BENCH_MOUNT_REQUESTS` for mount) or `BENCH_SECONDS` seconds,
//! whichever comes first (defaults 200, 20000, 6000 and 4 s: about a minute in all). Every
//! answer is checked (HTTP status, envelope status, identifiers); a failed request counts as an
//! error, is never timed, and makes the bench exit 1. Throughput is successful requests over the
//! scenario's wall time.
//!
//! Output: a markdown table on stdout and in `BENCH_OUT` (default `<target dir>/bench/server.md`;
//! a relative path is taken from the workspace root), with the machine facts, and a JSON twin
//! beside it (`.json`). `BENCH_SCENARIOS` (e.g. `create,mount`) runs a subset;
//! `BENCH_SERVER_BIN` benchmarks another build of the server; `BENCH_KEEP_DB=1` keeps the temp
//! directory (database and server log).
//!
//! The load generator runs in this process on one thread and shares the machine's cores with
//! the server; its CPU time per request is reported beside the server's.

use p256::ecdsa::SigningKey;
use serde_json::{json, Value};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const API_KEY: &str = "bench-api-key";
const ORIGIN: &str = "http://localhost:8081";
/// The issue's target: sessions/s for `POST /v1/sessions` at concurrency 16.
const TARGET_C16: f64 = 3000.0;

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

fn env_f64(name: &str, default: f64) -> f64 {
    std::env::var(name).ok().and_then(|v| v.trim().parse().ok()).unwrap_or(default)
}

#[derive(Clone, Debug)]
struct Limits {
    requests: usize,
    mount_requests: usize,
    seconds: f64,
    warmup: usize,
    concurrency: Vec<usize>,
    scenarios: Vec<String>,
}

impl Limits {
    fn from_env() -> Limits {
        let concurrency = std::env::var("BENCH_CONCURRENCY")
            .ok()
            .map(|s| s.split(',').filter_map(|c| c.trim().parse().ok()).filter(|&c| c > 0).collect::<Vec<usize>>())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| vec![1, 16, 64]);
        let all = ["create", "create+key", "replay", "mount"];
        let scenarios = std::env::var("BENCH_SCENARIOS")
            .ok()
            .map(|s| s.split(',').map(|x| x.trim().to_owned()).filter(|x| all.contains(&x.as_str())).collect::<Vec<_>>())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| all.iter().map(|s| s.to_string()).collect());
        Limits {
            requests: env_usize("BENCH_REQUESTS", 20_000),
            mount_requests: env_usize("BENCH_MOUNT_REQUESTS", 6_000),
            seconds: env_f64("BENCH_SECONDS", 4.0),
            warmup: env_usize("BENCH_WARMUP", 200),
            concurrency,
            scenarios,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The server under test

struct Server {
    child: Option<Child>,
    pid: u32,
    base: String,
    dir: Option<tempfile::TempDir>,
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

fn sha256_hex(s: &str) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(s.as_bytes()))
}

fn config_toml() -> String {
    format!(
        r#"
vault_key = "{vault}"
receipt_keys = "bench:{receipt}"
reaper_interval_secs = 3600

[[program]]
id = "bench"
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
        key = sha256_hex(API_KEY),
    )
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("a free port").local_addr().expect("its address").port()
}

impl Server {
    async fn start(bin: &Path) -> Server {
        let dir = tempfile::Builder::new().prefix("capture-bench-").tempdir().expect("temp dir");
        let config = dir.path().join("capture.toml");
        std::fs::write(&config, config_toml()).expect("write config");
        let port = free_port();
        let base = format!("http://127.0.0.1:{port}");
        let log = dir.path().join("server.log");
        let child = Command::new(bin)
            .env("CAPTURE_CONFIG", &config)
            .env("CAPTURE_LISTEN", format!("127.0.0.1:{port}"))
            .env("CAPTURE_DATABASE_URL", format!("sqlite://{}", dir.path().join("capture.db").display()))
            .env("CAPTURE_PUBLIC_BASE_URL", &base)
            .env("CAPTURE_WEB_ROOT", workspace_root())
            .env("RUST_LOG", "warn")
            .env_remove("CAPTURE_VAULT_KEY")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).expect("server log"))
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let pid = child.id();
        let mut server = Server { child: Some(child), pid, base, dir: Some(dir), log };
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(r) = client.get(format!("{}/openapi.json", server.base)).send().await {
                if r.status().is_success() {
                    break;
                }
            }
            if let Some(Ok(Some(status))) = server.child.as_mut().map(|c| c.try_wait()) {
                panic!("capture-server exited with {status} before answering; log:\n{}", server.log_tail());
            }
            assert!(Instant::now() < deadline, "capture-server did not answer within 30 s; log:\n{}", server.log_tail());
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        server
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

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
        if std::env::var("BENCH_KEEP_DB").is_ok_and(|v| v == "1") {
            if let Some(dir) = self.dir.take() {
                eprintln!("kept {}", dir.keep().display());
            }
        }
    }
}

/// User + system CPU seconds of a process (all its threads), from `/proc/<pid>/stat`.
fn cpu_seconds(pid: &str) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the `(comm)`: state is field 3, utime 14, stime 15.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / clock_ticks())
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

// ---------------------------------------------------------------------------------------------
// Requests and their checks

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

async fn replay(client: &reqwest::Client, base: &str, key: &str, body: &[u8], want_id: &str) -> Result<(), String> {
    let headers = [("x-api-key", API_KEY), ("idempotency-key", key)];
    let (http, v) = post(client, format!("{base}/v1/sessions"), &headers, body.to_vec()).await?;
    expect(http, &v, 200, 101)?;
    let (id, _) = created(&v)?;
    if id != want_id {
        return Err(format!("replay of {key} answered session {id}, not {want_id}"));
    }
    Ok(())
}

/// A session ready to mount: its id and the request body (token + a fresh public JWK).
struct Mountable {
    id: String,
    body: Vec<u8>,
}

fn jwk(key: &SigningKey) -> Value {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
    use base64::Engine;
    let point = key.verifying_key().to_encoded_point(false);
    json!({"kty": "EC", "crv": "P-256", "x": B64.encode(point.x().expect("x")), "y": B64.encode(point.y().expect("y"))})
}

async fn mount(client: &reqwest::Client, base: &str, m: &Mountable) -> Result<(), String> {
    let (http, v) = post(client, format!("{base}/frame/v1/sessions/{}/mount", m.id), &[], m.body.clone()).await?;
    expect(http, &v, 200, 102)?;
    if v["data"]["session_identifier"].as_str() != Some(m.id.as_str()) {
        return Err(format!("mount answered another session: {v}"));
    }
    Ok(())
}

/// Creates `n` sessions (untimed, 16 at a time) and builds their mount bodies.
async fn prepare_mounts(client: &reqwest::Client, base: &str, n: usize) -> Vec<Mountable> {
    use futures::stream::{self, StreamExt};
    let body = create_body();
    let made: Vec<Result<Created, String>> =
        stream::iter(0..n).map(|_| create(client, base, None, &body)).buffer_unordered(16).collect().await;
    made.into_iter()
        .map(|r| {
            let (id, token) = r.unwrap_or_else(|e| panic!("preparing the mount scenario: {e}"));
            let key = SigningKey::random(&mut rand::rngs::OsRng);
            let body = serde_json::to_vec(&json!({"mount_token": token, "jwk": jwk(&key)})).expect("mount body");
            Mountable { id, body }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The load loop

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Create,
    CreateKey,
    Replay,
    Mount,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Create => "create",
            Kind::CreateKey => "create+key",
            Kind::Replay => "replay",
            Kind::Mount => "mount",
        }
    }
    fn describe(self) -> &'static str {
        match self {
            Kind::Create => "`POST /v1/sessions`, no Idempotency-Key",
            Kind::CreateKey => "`POST /v1/sessions`, a unique Idempotency-Key per request",
            Kind::Replay => "`POST /v1/sessions`, a repeated Idempotency-Key (101 replay)",
            Kind::Mount => "`POST /frame/v1/sessions/{id}/mount`, token + fresh P-256 JWK",
        }
    }
    fn unit(self) -> &'static str {
        match self {
            Kind::Create | Kind::CreateKey => "sessions/s",
            Kind::Replay | Kind::Mount => "requests/s",
        }
    }
}

/// What one scenario's workers share.
struct Job {
    kind: Kind,
    base: String,
    body: Vec<u8>,
    /// A run-unique prefix for idempotency keys.
    tag: String,
    /// Replay: `(key, session id)` per worker.
    replay_keys: Vec<(String, String)>,
    /// Mount: one prepared session per request.
    mounts: Vec<Mountable>,
}

impl Job {
    async fn one(&self, client: &reqwest::Client, worker: usize, i: usize) -> Result<(), String> {
        match self.kind {
            Kind::Create => create(client, &self.base, None, &self.body).await.map(|_| ()),
            Kind::CreateKey => create(client, &self.base, Some(&format!("{}-{i}", self.tag)), &self.body).await.map(|_| ()),
            Kind::Replay => {
                let (key, id) = &self.replay_keys[worker % self.replay_keys.len()];
                replay(client, &self.base, key, &self.body, id).await
            }
            Kind::Mount => mount(client, &self.base, &self.mounts[i]).await,
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
async fn drive(client: &reqwest::Client, job: &Arc<Job>, concurrency: usize, start: usize, max: usize, seconds: f64) -> Outcome {
    let next = Arc::new(AtomicUsize::new(0));
    let t0 = Instant::now();
    let deadline = t0 + Duration::from_secs_f64(seconds);
    let mut tasks = Vec::new();
    for w in 0..concurrency {
        let (client, job, next) = (client.clone(), job.clone(), next.clone());
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(max / concurrency + 1);
            let (mut errors, mut first_error) = (0usize, None);
            loop {
                let n = next.fetch_add(1, Ordering::Relaxed);
                if n >= max || Instant::now() >= deadline {
                    break;
                }
                let t = Instant::now();
                match job.one(&client, w, start + n).await {
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
    scenario: &'static str,
    concurrency: usize,
    requests: usize,
    errors: usize,
    unit: &'static str,
    throughput: f64,
    p50_ms: f64,
    p99_ms: f64,
    max_ms: f64,
    wall_s: f64,
    server_cpu_us_per_req: Option<f64>,
    client_cpu_us_per_req: Option<f64>,
    /// Share of the machine's CPU time left idle during the timed run.
    machine_idle_pct: Option<f64>,
    /// CPUs' worth of time used by processes other than the server and this load generator
    /// (other work on a shared machine).
    other_cpus: Option<f64>,
    /// Only on the rows the target applies to (create and create+key at concurrency 16).
    target_met: Option<bool>,
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

async fn scenario(client: &reqwest::Client, server: &mut Server, kind: Kind, concurrency: usize, limits: &Limits, run: &str) -> Row {
    let base = server.base.clone();
    let body = create_body();
    let max = if kind == Kind::Mount { limits.mount_requests } else { limits.requests };
    let warmup = limits.warmup;
    let mut job = Job {
        kind,
        base: base.clone(),
        body: body.clone(),
        tag: format!("bench-{run}-{}-c{concurrency}", kind.name()),
        replay_keys: Vec::new(),
        mounts: Vec::new(),
    };
    match kind {
        Kind::Replay => {
            for w in 0..concurrency {
                let key = format!("bench-{run}-replay-c{concurrency}-w{w}");
                let (id, _) = create(client, &base, Some(&key), &body).await.unwrap_or_else(|e| panic!("preparing replay: {e}"));
                job.replay_keys.push((key, id));
            }
        }
        Kind::Mount => job.mounts = prepare_mounts(client, &base, warmup + max).await,
        _ => {}
    }
    let job = Arc::new(job);
    // Warm-up: connections opened, statement caches filled; not recorded.
    let w = drive(client, &job, concurrency, 0, warmup, 1.0).await;
    if w.errors > 0 {
        eprintln!("warm-up of {} c{concurrency}: {} errors, first: {}", kind.name(), w.errors, w.first_error.unwrap_or_default());
    }
    let pid = server.pid.to_string();
    let (s0, c0, m0) = (cpu_seconds(&pid), cpu_seconds("self"), machine_jiffies());
    let out = drive(client, &job, concurrency, warmup, max, limits.seconds).await;
    let (s1, c1, m1) = (cpu_seconds(&pid), cpu_seconds("self"), machine_jiffies());
    let wall = out.wall.as_secs_f64();
    let idle_pct = || {
        let ((b0, t0), (b1, t1)) = (m0?, m1?);
        (t1 > t0).then(|| 100.0 * (1.0 - (b1 - b0) / (t1 - t0)))
    };
    let other_cpus = || {
        let ((b0, _), (b1, _)) = (m0?, m1?);
        let ours = (s1? - s0?) + (c1? - c0?);
        Some(((b1 - b0) / clock_ticks() - ours).max(0.0) / wall)
    };
    let done = (out.ok + out.errors).max(1) as f64;
    let per_req = |a: Option<f64>, b: Option<f64>| Some((b? - a?) * 1e6 / done);
    let mut lat = out.latencies_us;
    lat.sort_unstable();
    let throughput = out.ok as f64 / out.wall.as_secs_f64();
    let applies = matches!(kind, Kind::Create | Kind::CreateKey) && concurrency == 16;
    if !server.alive() {
        panic!("capture-server died during {} c{concurrency}; log:\n{}", kind.name(), server.log_tail());
    }
    Row {
        scenario: kind.name(),
        concurrency,
        requests: out.ok,
        errors: out.errors,
        unit: kind.unit(),
        throughput,
        p50_ms: percentile_ms(&lat, 50.0),
        p99_ms: percentile_ms(&lat, 99.0),
        max_ms: lat.last().map_or(f64::NAN, |&m| m as f64 / 1000.0),
        wall_s: out.wall.as_secs_f64(),
        server_cpu_us_per_req: per_req(s0, s1),
        client_cpu_us_per_req: per_req(c0, c1),
        machine_idle_pct: idle_pct(),
        other_cpus: other_cpus(),
        target_met: applies.then_some(throughput >= TARGET_C16 && out.errors == 0),
        first_error: out.first_error,
    }
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
}

fn machine(bin: &Path) -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let field =
        |name: &str| cpuinfo.lines().find(|l| l.starts_with(name)).and_then(|l| l.split_once(':')).map(|(_, v)| v.trim().to_owned());
    let cpus = cpuinfo.lines().filter(|l| l.starts_with("processor")).count();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_total = meminfo.lines().find(|l| l.starts_with("MemTotal")).and_then(|l| l.split_once(':')).map(|(_, v)| v.trim().to_owned());
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
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
    let git = command_line("git", &["-C", &workspace_root().to_string_lossy(), "rev-parse", "--short", "HEAD"])
        .map(|h| {
            let dirty = command_line("git", &["-C", &workspace_root().to_string_lossy(), "status", "--porcelain", "--", "server"])
                .is_some_and(|s| !s.is_empty());
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
        date_utc: capture_server::clock::rfc3339(now),
        rustc: command_line("rustc", &["-V"]).unwrap_or_else(|| "unknown".into()),
        profile,
        server_binary: bin.display().to_string(),
        git,
    }
}

fn fmt_opt(v: Option<f64>) -> String {
    v.map_or("–".into(), |v| format!("{v:.0}"))
}

fn table(rows: &[Row]) -> String {
    let mut s = String::new();
    s.push_str("| scenario | concurrency | requests | errors | throughput | p50 ms | p99 ms | max ms | server CPU µs/req | client CPU µs/req | machine idle | other processes | target (c16 create ≥ 3,000/s) |\n");
    s.push_str("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    for r in rows {
        let target = match r.target_met {
            Some(true) => "**met**".to_owned(),
            Some(false) => format!("**MISSED** ({:.0}% of target)", 100.0 * r.throughput / TARGET_C16),
            None => String::new(),
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {:.0} {} | {:.2} | {:.2} | {:.1} | {} | {} | {} | {} | {} |",
            r.scenario,
            r.concurrency,
            r.requests,
            r.errors,
            r.throughput,
            r.unit,
            r.p50_ms,
            r.p99_ms,
            r.max_ms,
            fmt_opt(r.server_cpu_us_per_req),
            fmt_opt(r.client_cpu_us_per_req),
            r.machine_idle_pct.map_or("–".into(), |v| format!("{v:.0}%")),
            r.other_cpus.map_or("–".into(), |v| format!("{v:.2} CPU")),
            target
        );
    }
    s
}

/// What the CPU accounting says about a missed target.
fn why_missed(r: &Row) -> String {
    let (Some(idle), Some(others)) = (r.machine_idle_pct, r.other_cpus) else {
        return "Why: no CPU accounting (/proc) on this machine.".into();
    };
    let mut why = if idle >= 20.0 {
        format!(
            "Why: the machine was {idle:.0}% idle, so the server was not short of CPU: it was bound by latency, each create \
             waiting its turn for SQLite's one writer and, holding it, for round trips to the connection's thread"
        )
    } else {
        format!(
            "Why: the CPUs were busy ({idle:.0}% idle): the server used {:.0} µs and the load generator {:.0} µs of CPU per request",
            r.server_cpu_us_per_req.unwrap_or(f64::NAN),
            r.client_cpu_us_per_req.unwrap_or(f64::NAN)
        )
    };
    if others >= 0.1 {
        let _ = write!(why, "; other processes took {others:.2} CPUs of the machine during the run, so rerun on a quiet machine");
    }
    why.push('.');
    why
}

fn report(m: &Machine, limits: &Limits, rows: &[Row], total: Duration) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "# capture-server throughput\n");
    let _ = writeln!(s, "- date: {}", m.date_utc);
    let _ = writeln!(s, "- machine: {} × {} (logical CPUs in /proc/cpuinfo), {} RAM, {}", m.cpus, m.cpu_model, m.mem_total, m.kernel);
    let _ = writeln!(s, "- rustc: {}", m.rustc);
    let _ = writeln!(s, "- profile: {}", m.profile);
    let built = if std::env::var_os("BENCH_SERVER_BIN").is_some() {
        format!("given by BENCH_SERVER_BIN (the working tree is at {})", m.git)
    } else {
        format!("built from {}", m.git)
    };
    let _ = writeln!(s, "- server: `{}`, {built}; SQLite (WAL) on a fresh file in a temp dir; RUST_LOG=warn", m.server_binary);
    let _ = writeln!(
        s,
        "- load: this process, one thread, reqwest over HTTP/1.1 keep-alive on 127.0.0.1. **It shares the {} CPUs with the server** (see client CPU µs/req): the numbers are a floor for a server with the machine to itself.",
        m.cpus
    );
    let _ = writeln!(
        s,
        "- bounds per scenario: warm-up {} requests (≤ 1 s, not recorded), then {} requests ({} for mount) or {} s, whichever first. Throughput counts checked successes only; errors are not timed.",
        limits.warmup, limits.requests, limits.mount_requests, limits.seconds
    );
    let _ = writeln!(s, "- scenarios run in the order below on one server and one database, which grows as they run.");
    let _ = writeln!(
        s,
        "- machine idle and other processes: all CPUs' idle share during the timed run, and the CPU time used by processes other than the server and the load generator (per second of run)."
    );
    let _ = writeln!(s, "- total bench wall time: {:.1} s\n", total.as_secs_f64());
    s.push_str(&table(rows));
    s.push('\n');
    for k in [Kind::Create, Kind::CreateKey, Kind::Replay, Kind::Mount] {
        if rows.iter().any(|r| r.scenario == k.name()) {
            let _ = writeln!(s, "- `{}`: {}", k.name(), k.describe());
        }
    }
    s.push('\n');
    let target_rows: Vec<&Row> = rows.iter().filter(|r| r.target_met.is_some()).collect();
    if target_rows.is_empty() {
        let _ = writeln!(s, "Target (≥ 3,000 sessions/s at concurrency 16): not measured in this run.");
    }
    for r in target_rows {
        let _ = writeln!(
            s,
            "Target ≥ 3,000 sessions/s for `{}` at concurrency 16: **{}** ({:.0} sessions/s{}).",
            r.scenario,
            if r.target_met == Some(true) { "met" } else { "MISSED" },
            r.throughput,
            if r.errors > 0 { format!(", {} errors", r.errors) } else { String::new() }
        );
        if r.target_met == Some(false) {
            let _ = writeln!(s, "{}", why_missed(r));
        }
    }
    let errs: Vec<&Row> = rows.iter().filter(|r| r.errors > 0).collect();
    if !errs.is_empty() {
        let _ = writeln!(s, "\nErrors:");
        for r in errs {
            let _ =
                writeln!(s, "- {} c{}: {} errors; first: {}", r.scenario, r.concurrency, r.errors, r.first_error.as_deref().unwrap_or(""));
        }
    }
    s
}

fn main() {
    // `cargo bench` passes `--bench`; a filter or other flags are not supported and ignored.
    let t0 = Instant::now();
    let limits = Limits::from_env();
    let bin =
        std::env::var_os("BENCH_SERVER_BIN").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_capture-server")));
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    let rows = rt.block_on(async {
        let mut server = Server::start(&bin).await;
        let client = reqwest::Client::builder()
            .pool_max_idle_per_host(1024)
            .tcp_nodelay(true)
            .timeout(Duration::from_secs(30))
            .build()
            .expect("http client");
        let run = format!("{:x}", std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0));
        let mut rows = Vec::new();
        for name in &limits.scenarios {
            let kind = match name.as_str() {
                "create" => Kind::Create,
                "create+key" => Kind::CreateKey,
                "replay" => Kind::Replay,
                _ => Kind::Mount,
            };
            for &c in &limits.concurrency {
                let row = scenario(&client, &mut server, kind, c, &limits, &run).await;
                eprintln!(
                    "{:<10} c{:<3} {:>6} ok {:>3} err  {:>7.0} {:<10}  p50 {:>6.2} ms  p99 {:>6.2} ms",
                    row.scenario, row.concurrency, row.requests, row.errors, row.throughput, row.unit, row.p50_ms, row.p99_ms
                );
                rows.push(row);
            }
        }
        server.stop();
        rows
    });
    let total = t0.elapsed();
    let m = machine(&bin);
    let md = report(&m, &limits, &rows, total);
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
                   "warmup": limits.warmup, "concurrency": limits.concurrency, "scenarios": limits.scenarios},
        "target": {"scenario": "create and create+key", "concurrency": 16, "sessions_per_s": TARGET_C16},
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
