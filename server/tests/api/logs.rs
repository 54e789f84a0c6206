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
/// a new UUID; and the request's log lines name it.
async fn every_answer_and_its_log_lines_carry_the_request_id(db: Db) {
    let buf = Buf::default();
    let writer = buf.clone();
    let subscriber =
        tracing_subscriber::fmt().with_max_level(tracing::Level::TRACE).with_ansi(false).with_writer(move || writer.clone()).finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let app = TestApp::spawn(db, Opts::default()).await;
    let (id, _, _) = app.create().await;
    let get = |path: &str, rid: Option<&str>| {
        let mut req = app.client.get(format!("{}{path}", app.base)).header("x-api-key", API_KEY);
        if let Some(r) = rid {
            req = req.header("x-request-id", r);
        }
        req
    };
    let rid = |r: &reqwest::Response| r.headers().get_all("x-request-id").iter().map(|v| v.to_str().unwrap().to_owned()).collect::<Vec<_>>();
    let kept = get(&format!("/v1/sessions/{id}"), Some("trace-42.a:b_c")).send().await.unwrap();
    assert_eq!(rid(&kept), ["trace-42.a:b_c"]);
    let too_long = "a".repeat(129);
    for (path, incoming) in [
        ("/v1/sessions/nope", None),
        ("/no/such/route", None),
        ("/healthz", Some("has space")),
        (&format!("/v1/sessions/{id}")[..], Some(too_long.as_str())),
        ("/openapi.json", Some("")),
    ] {
        let r = get(path, incoming).send().await.unwrap();
        let ids = rid(&r);
        assert_eq!(ids.len(), 1, "{path}: one id");
        assert!(ids[0].len() == 36 && ids[0].split('-').count() == 5, "{path}: a new UUID, not {incoming:?}: {ids:?}");
    }
    let logs = String::from_utf8(buf.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = logs.lines().filter(|l| l.contains("request_id=trace-42.a:b_c")).collect();
    assert!(lines.iter().any(|l| l.contains("finished processing request")), "the request's log lines name its id: {logs}");
    assert!(!logs.contains("has space"), "a refused id never reaches the logs");
}

crate::both!(
    logs_never_carry_secrets,
    every_answer_and_its_log_lines_carry_the_request_id,
);
