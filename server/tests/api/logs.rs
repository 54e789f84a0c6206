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

crate::both!(
    logs_never_carry_secrets,
);
