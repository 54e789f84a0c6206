use crate::common::*;
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
struct Buf(Arc<Mutex<Vec<u8>>>);

impl Write for Buf {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every log line of a whole flow (current-thread runtime: the server's tasks log on this
/// thread) is free of API keys, mount tokens, cookies, proofs, account numbers and vault tokens.
async fn logs_never_carry_secrets(db: Db) {
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber =
        tracing_subscriber::fmt().with_max_level(tracing::Level::TRACE).with_ansi(false).with_writer(move || writer.clone()).finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let rx = Receiver::start(1).await;
    let app = TestApp::spawn(db, Opts { webhook_url: Some(rx.url.clone()), ..Opts::default() }).await;
    let (id, token, _) = app.create().await;
    let key = Key::new();
    let (_, _, cookie) = app.mount(&id, &token, &key, None).await;
    let cookie = cookie.unwrap().trim_start_matches("cf_bind=").split(';').next().unwrap().to_owned();
    let miss = json!({"funding_destination": "ACH", "routing_number": "110000000", "account_number": "000222222227", "account_type": "checking", "name": "José Núñez", "postal_code": "94107"});
    app.frame_call(&id, "accounts", &key, &miss).await;
    let path = format!("/frame/v1/sessions/{id}/accounts");
    let body = serde_json::to_vec(&json!({"funding_destination": "DEBIT", "card_number": "4242424242424242", "expiry": "12/39", "name": "José Núñez", "postal_code": "94107"})).unwrap();
    let proof = key.proof("POST", &path, &body, app.clock_now(), "jti-log");
    let (_, done) = app.frame_send(&path, &proof, body.clone()).await;
    app.frame_send(&path, &proof, body).await; // a replay, logged as refused
    let cat = done["data"]["customer_account_token"].as_str().unwrap().to_owned();
    rx.wait_for("completed", |e| e.iter().any(|e| e["type"] == "session.completed")).await;

    let logs = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    assert!(logs.contains(&id), "the session id is logged");
    assert!(logs.contains("webhook delivery failed"), "the worker logs (first attempt refused)");
    for (what, secret) in [
        ("api key", API_KEY.to_owned()),
        ("mount token", token),
        ("binding cookie", cookie),
        ("proof", proof),
        ("card number", "4242424242424242".to_owned()),
        ("account number", "000222222227".to_owned()),
        ("vault token", cat),
        ("recipient name", "Núñez".to_owned()),
        ("webhook secret", WEBHOOK_SECRET.to_owned()),
    ] {
        assert!(!logs.contains(&secret), "{what} leaked into the logs");
    }
}

/// Every answer carries `x-request-id`: a valid incoming one is kept, any other is replaced by
/// a new UUID; and the request's log lines name it. The real binary with
/// `CAPTURE_LOG_FORMAT=json`, read from its stdout: a thread-local test subscriber misses lines
/// when other tests' subscribers come and go (tracing's callsite cache), and this also checks
/// the format a log collector gets.
async fn every_answer_and_its_log_lines_carry_the_request_id(db: Db) {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("capture.toml");
    std::fs::write(&config, config_toml(&Opts::default())).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_capture-server"))
        .env_clear()
        .env("CAPTURE_CONFIG", &config)
        .env("CAPTURE_DATABASE_URL", fresh_database(db, dir.path()).await)
        .env("CAPTURE_LISTEN", "127.0.0.1:0")
        .env("CAPTURE_LOG_FORMAT", "json")
        .env("RUST_LOG", "info,tower_http=debug")
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let lines = Arc::new(Mutex::new(Vec::<serde_json::Value>::new()));
    let reader = std::io::BufReader::new(child.stdout.take().unwrap());
    let sink = lines.clone();
    std::thread::spawn(move || {
        for line in reader.lines().map_while(Result::ok) {
            let parsed = serde_json::from_str(&line).unwrap_or_else(|e| panic!("not a JSON log line ({e}): {line}"));
            sink.lock().unwrap().push(parsed);
        }
    });
    let wait_for = |what: &str, pred: &dyn Fn(&serde_json::Value) -> bool| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            if let Some(l) = lines.lock().unwrap().iter().find(|l| pred(l)) {
                return l.clone();
            }
            assert!(std::time::Instant::now() < deadline, "no log line {what}: {:?}", lines.lock().unwrap());
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    };
    let listening = wait_for("saying where it listens", &|l| l["fields"]["message"] == "capture-server listening");
    let base = format!("http://{}", listening["fields"]["addr"].as_str().unwrap());
    let client = reqwest::Client::new();
    let get = |path: &str, rid: Option<&str>| {
        let mut req = client.get(format!("{base}{path}")).header("x-api-key", API_KEY);
        if let Some(r) = rid {
            req = req.header("x-request-id", r);
        }
        req
    };
    let rid = |r: &reqwest::Response| r.headers().get_all("x-request-id").iter().map(|v| v.to_str().unwrap().to_owned()).collect::<Vec<_>>();
    let kept = get("/v1/sessions/5cf34a7d-25b6-4400-b19d-53a171d324e1", Some("trace-42.a:b_c")).send().await.unwrap();
    assert_eq!(rid(&kept), ["trace-42.a:b_c"]);
    let too_long = "a".repeat(129);
    for (path, incoming) in [
        ("/v1/sessions/nope", None),
        ("/no/such/route", None),
        ("/healthz", Some("has space")),
        ("/v1/sessions/5cf34a7d-25b6-4400-b19d-53a171d324e1", Some(too_long.as_str())),
        ("/openapi.json", Some("")),
    ] {
        let r = get(path, incoming).send().await.unwrap();
        let ids = rid(&r);
        assert_eq!(ids.len(), 1, "{path}: one id");
        assert!(ids[0].len() == 36 && ids[0].split('-').count() == 5, "{path}: a new UUID, not {incoming:?}: {ids:?}");
    }
    wait_for("finishing the kept id's request, in its span", &|l| {
        l["fields"]["message"] == "finished processing request" && l["span"]["request_id"] == "trace-42.a:b_c"
    });
    // The last request's line is written by now too: every refused id has had its chance to leak.
    wait_for("finishing /openapi.json", &|l| l["fields"]["message"] == "finished processing request" && l["span"]["path"] == "/openapi.json");
    child.kill().unwrap();
    child.wait().unwrap();
    let logs = serde_json::to_string(&*lines.lock().unwrap()).unwrap();
    assert!(!logs.contains("has space") && !logs.contains(&too_long), "a refused id never reaches the logs");
}

crate::both!(
    logs_never_carry_secrets,
    every_answer_and_its_log_lines_carry_the_request_id,
);
