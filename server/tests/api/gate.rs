//! The decision gate (awaiting_decision → continue / stop), the outcome of every status, the
//! `"auto"` locale negotiated at mount, receipts verified independently against the JWKS, and
//! the page's decision poll.

use crate::common::*;
use serde_json::{json, Value};

fn of_type<'a>(events: &'a [Value], t: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["type"] == t).collect()
}

fn good_card() -> Value {
    debit("4242424242424242", "José Núñez", "94107")
}

fn gated_body() -> Value {
    let mut b = valid_body();
    b["decision_gate"] = json!(true);
    b
}

/// A gated session, created, mounted and submitted with a good card: awaiting a decision.
async fn awaiting(app: &TestApp) -> (String, Key) {
    let (id, token) = app.create_from(&gated_body()).await;
    let key = Key::new();
    let (s, body, _) = app.mount(&id, &token, &key, None).await;
    assert_eq!(s, 200, "{body}");
    let (s, body) = app.frame_call(&id, "accounts", &key, &good_card()).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["data"], json!({"outcome": "awaiting_decision", "funding_destination": "DEBIT", "last4": "4242"}), "no token or receipt before the decision");
    (id, key)
}

async fn poll(app: &TestApp, id: &str, key: &Key) -> (u16, Value) {
    let (s, body) = app.frame_call(id, "status", key, &json!({})).await;
    (s.as_u16(), body)
}

async fn vault_rows(app: &TestApp, id: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM vault_entries WHERE session_id = $1").bind(id).fetch_one(&app.sql().await).await.unwrap()
}

async fn stored_token(app: &TestApp, id: &str) -> Option<String> {
    sqlx::query_scalar("SELECT customer_account_token FROM sessions WHERE id = $1").bind(id).fetch_one(&app.sql().await).await.unwrap()
}

async fn gated_capture_continued(db: Db) {
    let rx = Receiver::start(0).await;
    let app = TestApp::spawn(db, Opts { webhook_url: Some(rx.url.clone()), ..Opts::default() }).await;
    let (id, key) = awaiting(&app).await;
    let view = app.get(&id).await.1["data"].clone();
    assert_eq!((view["status"].as_str(), view["decision_gate"].as_bool()), (Some("awaiting_decision"), Some(true)));
    assert_eq!(view["outcome"], json!({"action": "none", "reason": null}));
    let events = rx.wait_for("session.awaiting_decision", |e| !of_type(e, "session.awaiting_decision").is_empty()).await;
    let gate = &of_type(&events, "session.awaiting_decision")[0]["data"];
    let token = gate["customer_account_token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("cat_"), "{gate}");
    assert_eq!((gate["status"].as_str(), gate["funding_destination"].as_str(), gate["last4"].as_str()), (Some("awaiting_decision"), Some("DEBIT"), Some("4242")));
    assert_eq!(vault_rows(&app, &id).await, 1, "vaulted before the decision");
    assert_eq!(poll(&app, &id, &key).await.1["data"], json!({"decision": "pending"}));

    // The page cannot submit again or cancel while the integrator decides.
    let (s, body) = app.frame_call(&id, "accounts", &key, &good_card()).await;
    assert_eq!((s.as_u16(), body["status"].as_u64(), body["data"]["session_status"].as_str()), (409, Some(13719), Some("awaiting_decision")));
    let (s, body) = app.frame_call(&id, "cancel", &key, &json!({})).await;
    assert_eq!((s.as_u16(), body["status"].as_u64()), (409, Some(13719)), "{body}");

    let (s, body) = app.decide(&id, "continue", None).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!((body["data"]["status"].as_str(), body["data"]["outcome"]["action"].as_str()), (Some("completed"), Some("approved")));
    let events = rx.wait_for("session.completed", |e| !of_type(e, "session.completed").is_empty()).await;
    let done = of_type(&events, "session.completed")[0];
    assert_eq!((done["data"]["customer_account_token"].as_str(), done["data"]["last4"].as_str()), (Some(token.as_str()), Some("4242")));

    // The open page learns it from its poll: the account and a receipt naming the webhook.
    let (s, body) = poll(&app, &id, &key).await;
    assert_eq!(s, 200, "{body}");
    let d = &body["data"];
    assert_eq!((d["decision"].as_str(), d["customer_account_token"].as_str(), d["funding_destination"].as_str(), d["last4"].as_str()), (Some("continued"), Some(token.as_str()), Some("DEBIT"), Some("4242")));
    let claims = verify_receipt(d["receipt"].as_str().unwrap(), &app.jwks().await).unwrap();
    assert_eq!(claims["event_id"], done["id"], "the receipt names the session.completed event");
    assert_eq!((claims["session_identifier"].as_str(), claims["customer_account_token"].as_str()), (Some(id.as_str()), Some(token.as_str())));
    assert_eq!(poll(&app, &id, &key).await.1["data"], *d, "the same answer on every poll");
    assert_eq!(vault_rows(&app, &id).await, 1, "a continued account stays in the vault");

    // Decided: neither decision applies again, and nothing moves.
    for what in ["continue", "stop"] {
        let (s, body) = app.decide(&id, what, None).await;
        assert_eq!((s.as_u16(), body["status"].as_u64(), body["data"]["session_status"].as_str()), (409, Some(13738), Some("completed")), "{what}: {body}");
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(of_type(&rx.events(), "session.completed").len(), 1, "one completion event");
}

async fn gated_capture_stopped_deletes_the_account(db: Db) {
    let rx = Receiver::start(0).await;
    let app = TestApp::spawn(db, Opts { webhook_url: Some(rx.url.clone()), ..Opts::default() }).await;
    let (id, key) = awaiting(&app).await;
    // A reason over 200 characters is refused, and nothing changes.
    let (s, body) = app.decide(&id, "stop", Some(&json!({"reason": "x".repeat(201)}))).await;
    assert_eq!((s.as_u16(), body["status"].as_u64(), body["data"]["param"].as_str()), (422, Some(13708), Some("reason")));
    for (bad, code) in [(json!({"why": "x"}), 13705), (json!({"reason": 5}), 13706)] {
        let (s, body) = app.decide(&id, "stop", Some(&bad)).await;
        assert_eq!((s.as_u16(), body["status"].as_u64()), (422, Some(code)), "{bad}: {body}");
    }
    let resp = app.client.post(format!("{}/v1/sessions/{id}/stop", app.base)).header("x-api-key", API_KEY).header("content-type", "application/json").body("{").send().await.unwrap();
    assert_eq!(resp.status(), 400);
    assert_eq!(app.get(&id).await.1["data"]["status"], "awaiting_decision");
    assert_eq!(vault_rows(&app, &id).await, 1);

    let reason = "é".repeat(200);
    let (s, body) = app.decide(&id, "stop", Some(&json!({"reason": reason}))).await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["data"]["status"], "stopped");
    assert_eq!(body["data"]["outcome"], json!({"action": "rejected", "reason": reason}));
    assert_eq!(vault_rows(&app, &id).await, 0, "the vault entry is deleted");
    assert_eq!(stored_token(&app, &id).await, None, "and the session forgets its token");
    let events = rx.wait_for("session.stopped", |e| !of_type(e, "session.stopped").is_empty()).await;
    let stopped = &of_type(&events, "session.stopped")[0]["data"];
    assert_eq!((stopped["status"].as_str(), stopped["reason"].as_str()), (Some("stopped"), Some(reason.as_str())));
    assert!(stopped.get("customer_account_token").is_none(), "{stopped}");
    assert_eq!(poll(&app, &id, &key).await.1["data"], json!({"decision": "stopped"}));
    for what in ["continue", "stop"] {
        let (s, body) = app.decide(&id, what, None).await;
        assert_eq!((s.as_u16(), body["status"].as_u64(), body["data"]["session_status"].as_str()), (409, Some(13738), Some("stopped")), "{what}");
    }

    // Without a body (or with `{}`), a stop has no reason.
    for body in [None, Some(json!({}))] {
        let (id, _) = awaiting(&app).await;
        let (s, resp) = app.decide(&id, "stop", body.as_ref()).await;
        assert_eq!(s, 200, "{resp}");
        assert_eq!(resp["data"]["outcome"], json!({"action": "rejected", "reason": null}));
    }
}

async fn decisions_need_a_session_awaiting_one(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    // Gated but not yet submitted, and not gated at all: both active.
    let (gated, gated_key) = {
        let (id, token) = app.create_from(&gated_body()).await;
        let key = Key::new();
        assert_eq!(app.mount(&id, &token, &key, None).await.0, 200);
        (id, key)
    };
    let (plain, plain_key) = app.mounted().await;
    for (id, key) in [(&gated, &gated_key), (&plain, &plain_key)] {
        for what in ["continue", "stop"] {
            let (s, body) = app.decide(id, what, None).await;
            assert_eq!((s.as_u16(), body["status"].as_u64(), body["data"]["session_status"].as_str()), (409, Some(13738), Some("active")), "{what}");
        }
        let (s, body) = poll(&app, id, key).await;
        assert_eq!((s, body["status"].as_u64()), (409, Some(13738)), "{body}");
    }
    // A non-gated completion is not a decision either, and gets its receipt at once.
    let (s, body) = app.frame_call(&plain, "accounts", &plain_key, &good_card()).await;
    assert_eq!((s.as_u16(), body["data"]["outcome"].as_str()), (200, Some("token_success")));
    assert!(body["data"]["receipt"].is_string());
    assert_eq!(app.decide(&plain, "continue", None).await.1["status"], 13738);
    // Unknown or another program's session: not found, before anything else.
    let (s, body) = app.decide("00000000-0000-4000-8000-000000000000", "continue", None).await;
    assert_eq!((s.as_u16(), body["status"].as_u64()), (404, Some(13718)));
    let other = app.client.post(format!("{}/v1/sessions/{gated}/stop", app.base)).header("x-api-key", OTHER_KEY).send().await.unwrap();
    assert_eq!(other.status(), 404);
    let anon = app.client.post(format!("{}/v1/sessions/{gated}/continue", app.base)).send().await.unwrap();
    assert_eq!(anon.status(), 401);
    assert_eq!(app.get(&gated).await.1["data"]["status"], "active");
}

async fn other_exits_from_the_gate_delete_the_account(db: Db) {
    let rx = Receiver::start(0).await;
    let app = TestApp::spawn(db, Opts { webhook_url: Some(rx.url.clone()), ..Opts::default() }).await;
    // TTL elapses while awaiting: lazily on the next read, and by the reaper.
    let (lazy, key) = awaiting(&app).await;
    let (reaped, _) = awaiting(&app).await;
    let (terminated, _) = awaiting(&app).await;
    let (s, body) = app.terminate(&terminated).await;
    assert_eq!((s.as_u16(), body["data"]["status"].as_str()), (200, Some("terminated")), "{body}");
    app.clock.advance(3600);
    let (s, body) = app.decide(&lazy, "continue", None).await;
    assert_eq!((s.as_u16(), body["status"].as_u64(), body["data"]["session_status"].as_str()), (409, Some(13738), Some("expired")));
    capture_server::workers::reaper::reap_once(app.state()).await.unwrap();
    let status: String = sqlx::query_scalar("SELECT status FROM sessions WHERE id = $1").bind(&reaped).fetch_one(&app.sql().await).await.unwrap();
    assert_eq!(status, "expired", "the reaper expires a session awaiting a decision");
    for (id, status) in [(&lazy, "expired"), (&reaped, "expired"), (&terminated, "terminated")] {
        let view = app.get(id).await.1["data"].clone();
        assert_eq!((view["status"].as_str(), view["outcome"]["action"].as_str()), (Some(status), Some("none")));
        assert_eq!(vault_rows(&app, id).await, 0, "{status}: the vault entry is deleted");
        assert_eq!(stored_token(&app, id).await, None);
    }
    assert_eq!(poll(&app, &lazy, &key).await.1["data"], json!({"decision": "ended", "status": "expired"}));
    let events = rx.wait_for("two expiries", |e| of_type(e, "session.expired").len() == 2).await;
    assert_eq!(of_type(&events, "session.terminated").len(), 1);
}

async fn outcome_of_every_status(db: Db) {
    let app = TestApp::spawn(db, Opts { max_attempts: 1, ..Opts::default() }).await;
    let submit = |card: &'static str| {
        let app = &app;
        async move {
            let (id, key) = app.mounted().await;
            app.frame_call(&id, "accounts", &key, &debit(card, "José Núñez", "94107")).await;
            id
        }
    };
    let completed = submit("4242424242424242").await;
    let declined = submit("4000000000000002").await;
    let missed = submit("4000000000000127").await;
    let (canceled, key) = app.mounted().await;
    assert_eq!(app.frame_call(&canceled, "cancel", &key, &json!({})).await.0, 200);
    let (terminated, _, _) = app.create().await;
    app.terminate(&terminated).await;
    let (stopped, _) = awaiting(&app).await;
    app.decide(&stopped, "stop", Some(&json!({"reason": "fraud review"}))).await;
    let (active, _, _) = app.create().await;
    let (gated, _) = awaiting(&app).await;
    let want = [
        (&completed, "completed", json!({"action": "approved", "reason": null})),
        (&declined, "terminated", json!({"action": "rejected", "reason": "card_declined"})),
        (&missed, "max_attempts_exceeded", json!({"action": "rejected", "reason": "max_attempts_exceeded"})),
        (&canceled, "canceled", json!({"action": "none", "reason": null})),
        (&terminated, "terminated", json!({"action": "none", "reason": null})),
        (&stopped, "stopped", json!({"action": "rejected", "reason": "fraud review"})),
        (&active, "active", json!({"action": "none", "reason": null})),
        (&gated, "awaiting_decision", json!({"action": "none", "reason": null})),
    ];
    for (id, status, outcome) in &want {
        let view = app.get(id).await.1["data"].clone();
        assert_eq!((view["status"].as_str(), &view["outcome"]), (Some(*status), outcome), "{status}");
    }
    let (expired, _, _) = app.create().await;
    app.clock.advance(3600);
    assert_eq!(app.get(&expired).await.1["data"]["outcome"], json!({"action": "none", "reason": null}));
}

async fn receipts_verify_against_the_jwks_and_name_the_webhook(db: Db) {
    let rx = Receiver::start(0).await;
    let keys = format!("r-new:{},r-old:{}", "2a".repeat(32), RECEIPT_KEY);
    let app = TestApp::spawn(db, Opts { webhook_url: Some(rx.url.clone()), receipt_keys: Some(keys), ..Opts::default() }).await;
    let resp = app.client.get(format!("{}/.well-known/jwks.json", app.base)).send().await.unwrap();
    assert_eq!(resp.headers()["cache-control"], "public, max-age=300");
    let jwks: Value = resp.json().await.unwrap();
    let kids: Vec<&str> = jwks["keys"].as_array().unwrap().iter().map(|k| k["kid"].as_str().unwrap()).collect();
    assert_eq!(kids, ["r-new", "r-old"], "every key is published, newest first");
    assert!(jwks["keys"].as_array().unwrap().iter().all(|k| k.get("d").is_none() && k["kty"] == "EC" && k["alg"] == "ES256"), "public halves only");

    let (id, key) = app.mounted().await;
    let (_, body) = app.frame_call(&id, "accounts", &key, &ach("000123456789", "José Núñez", "94107")).await;
    let d = &body["data"];
    assert_eq!(d["outcome"], "token_success", "{body}");
    let receipt = d["receipt"].as_str().unwrap();
    let claims = verify_receipt(receipt, &jwks).unwrap();
    let header: Value = serde_json::from_slice(&base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, receipt.split('.').next().unwrap()).unwrap()).unwrap();
    assert_eq!(header["kid"], "r-new", "the newest key signs");
    assert_eq!(
        claims,
        json!({
            "session_identifier": id, "customer_account_token": d["customer_account_token"], "funding_destination": "ACH",
            "last4": "6789", "event_id": claims["event_id"], "iat": app.clock_now(),
        })
    );
    let events = rx.wait_for("session.completed", |e| !of_type(e, "session.completed").is_empty()).await;
    let completed = of_type(&events, "session.completed")[0];
    assert_eq!(claims["event_id"], completed["id"], "reconciled with the webhook by event_id");
    let delivered = rx.got.lock().unwrap().iter().find(|r| r.body.contains("session.completed")).unwrap().headers["capture-event-id"].clone();
    assert_eq!(claims["event_id"].as_str(), delivered.to_str().ok());

    // Tampered claims, a swapped signature, or a key the JWKS does not have: refused.
    let parts: Vec<&str> = receipt.split('.').collect();
    let b64 = |v: &Value| base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, v.to_string());
    let mut forged = claims.clone();
    forged["last4"] = json!("0000");
    assert!(verify_receipt(&format!("{}.{}.{}", parts[0], b64(&forged), parts[2]), &jwks).is_err());
    let mut sig = base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, parts[2]).unwrap();
    sig[10] ^= 1;
    let flipped = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, &sig);
    assert!(verify_receipt(&format!("{}.{}.{flipped}", parts[0], parts[1]), &jwks).is_err());
    let other_kid = b64(&json!({"alg": "ES256", "typ": "capture-receipt+jwt", "kid": "r-old"}));
    assert!(verify_receipt(&format!("{other_kid}.{}.{}", parts[1], parts[2]), &jwks).is_err(), "signed by r-new, not r-old");
    assert!(verify_receipt(receipt, &json!({"keys": [jwks["keys"][1]]})).is_err(), "a JWKS without the key");

    // Without a webhook URL the receipt still names an event id.
    let quiet = TestApp::spawn(db, Opts::default()).await;
    let (id, key) = quiet.mounted().await;
    let (_, body) = quiet.frame_call(&id, "accounts", &key, &good_card()).await;
    let claims = verify_receipt(body["data"]["receipt"].as_str().unwrap(), &quiet.jwks().await).unwrap();
    assert!(claims["event_id"].as_str().unwrap().starts_with("evt_"));
    assert_eq!(quiet.jwks().await["keys"][0]["kid"], RECEIPT_KID);
}

async fn status_poll_is_proof_checked_and_answers_on_every_node(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (id, key) = awaiting(&app).await;
    let path = format!("/frame/v1/sessions/{id}/status");
    let proof = key.proof("POST", &path, b"{}", app.clock_now(), &random_jti());
    assert_eq!(app.frame_send(&path, &proof, b"{}".to_vec()).await.0, 200);
    let (s, body) = app.frame_send(&path, &proof, b"{}".to_vec()).await;
    assert_eq!((s.as_u16(), body["status"].as_u64()), (401, Some(13735)), "a proof is spent once, also by a poll");
    let stranger = Key::new().proof("POST", &path, b"{}", app.clock_now(), &random_jti());
    assert_eq!(app.frame_send(&path, &stranger, b"{}".to_vec()).await.1["status"], 13734, "only the bound key");
    let wrong_path = key.proof("POST", &format!("/frame/v1/sessions/{id}/cancel"), b"{}", app.clock_now(), &random_jti());
    assert_eq!(app.frame_send(&path, &wrong_path, b"{}".to_vec()).await.1["status"], 13734);
    let (s, body) = app.frame_call(&id, "status", &key, &json!({"x": 1})).await;
    assert_eq!((s.as_u16(), body["status"].as_u64()), (422, Some(13705)), "{body}");

    // A second node on the same database: the decision taken on one is seen on the other.
    let other = TestApp::spawn_on(db, app.opts.clone(), app.dir.clone(), app.db_url.clone(), app.clock.clone()).await;
    assert_eq!(poll(&other, &id, &key).await.1["data"], json!({"decision": "pending"}));
    assert_eq!(app.decide(&id, "continue", None).await.0, 200);
    let (s, body) = poll(&other, &id, &key).await;
    assert_eq!((s, body["data"]["decision"].as_str()), (200, Some("continued")), "{body}");
    verify_receipt(body["data"]["receipt"].as_str().unwrap(), &other.jwks().await).unwrap();
}

async fn racing_decisions_settle_once(db: Db) {
    let rx = Receiver::start(0).await;
    let app = TestApp::spawn(db, Opts { webhook_url: Some(rx.url.clone()), ..Opts::default() }).await;
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(awaiting(&app).await.0);
    }
    for id in &ids {
        // Continues and stops at once: the status compare-and-set lets exactly one through.
        let calls = (0..6).map(|i| app.decide(id, if i % 2 == 0 { "continue" } else { "stop" }, None));
        let answers = futures::future::join_all(calls).await;
        let won: Vec<&Value> = answers.iter().filter(|(s, _)| *s == 200).map(|(_, b)| b).collect();
        assert_eq!(won.len(), 1, "{answers:?}");
        assert!(answers.iter().filter(|(s, _)| *s != 200).all(|(s, b)| *s == 409 && b["status"] == 13738), "{answers:?}");
        let status = won[0]["data"]["status"].as_str().unwrap().to_owned();
        assert_eq!(app.get(id).await.1["data"]["status"], status.as_str());
        assert_eq!(vault_rows(&app, id).await, i64::from(status == "completed"));
    }
    let events = rx.wait_for("three decisions", |e| of_type(e, "session.completed").len() + of_type(e, "session.stopped").len() >= 3).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(of_type(&rx.events(), "session.completed").len() + of_type(&rx.events(), "session.stopped").len(), 3, "one event per session: {events:?}");
}

async fn decision_gate_is_an_idempotency_parameter(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (s, first) = app.create_raw(Some("gate-key"), &gated_body()).await;
    assert_eq!(s, 201, "{first}");
    let (s, again) = app.create_raw(Some("gate-key"), &gated_body()).await;
    assert_eq!((s.as_u16(), again["status"].as_u64()), (200, Some(101)));
    assert_eq!(again["data"]["session_identifier"], first["data"]["session_identifier"]);
    let mut ungated = gated_body();
    ungated["decision_gate"] = json!(false);
    let (s, other) = app.create_raw(Some("gate-key"), &ungated).await;
    assert_eq!((s.as_u16(), other["status"].as_u64()), (409, Some(13723)), "a different gate is a different request");
    assert_eq!(app.count("sessions").await, 1);
}

const NEGOTIATED: [&str; 8] = ["en-US", "es-ES", "es-US", "pt-BR", "zh-TW", "zh-CN", "de-DE", "fr-FR"];

async fn auto_locale_is_negotiated_at_mount(db: Db) {
    let app = TestApp::spawn(db, Opts { languages: NEGOTIATED.to_vec(), ..Opts::default() }).await;
    let mut auto = valid_body();
    auto["language_locale_code"] = json!("auto");
    let cases: Vec<(Value, &str)> = vec![
        (json!(["es-MX", "es"]), "es-US"),
        (json!(["pt-PT"]), "pt-BR"),
        (json!(["zh-HK"]), "zh-TW"),
        (json!(["de-AT", "en"]), "de-DE"),
        (json!(["es"]), "es-ES"),
        (json!(["xx-YY", "not a tag"]), "en-US"),
        (json!([]), "en-US"),
        (Value::Null, "en-US"),
    ];
    for (languages, want) in cases {
        let (id, token) = app.create_from(&auto).await;
        let key = Key::new();
        let mut body = json!({"mount_token": token, "jwk": key.jwk()});
        if !languages.is_null() {
            body["languages"] = languages.clone();
        }
        let (s, resp, _) = app.mount_with(&id, &body, &key, None).await;
        assert_eq!(s, 200, "{resp}");
        assert_eq!(resp["data"]["locale"], want, "{languages}");
        assert_eq!(app.get(&id).await.1["data"]["language_locale_code"], "auto");
    }
    // An explicit locale wins over the browser's.
    let mut fixed = valid_body();
    fixed["language_locale_code"] = json!("fr-FR");
    let (id, token) = app.create_from(&fixed).await;
    let key = Key::new();
    let (_, resp, _) = app.mount_with(&id, &json!({"mount_token": token, "jwk": key.jwk(), "languages": ["es-MX"]}), &key, None).await;
    assert_eq!(resp["data"]["locale"], "fr-FR");
    // "auto" is exact.
    let mut upper = valid_body();
    upper["language_locale_code"] = json!("AUTO");
    let (s, body) = app.create_raw(None, &upper).await;
    assert_eq!((s.as_u16(), body["status"].as_u64()), (422, Some(13710)));
}

async fn bad_language_lists_are_refused_and_spend_nothing(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let mut auto = valid_body();
    auto["language_locale_code"] = json!("auto");
    let (id, token) = app.create_from(&auto).await;
    let key = Key::new();
    let eleven: Vec<String> = (0..11).map(|i| format!("en-{i:02}")).collect();
    let cases: Vec<(Value, u16, u64, &str)> = vec![
        (json!(eleven), 422, 13708, "languages"),
        (json!(["en-US", "x".repeat(65)]), 422, 13708, "languages[1]"),
        (json!([1]), 422, 13706, "languages[0]"),
        (json!("es-MX"), 422, 13706, "languages"),
        (json!({"0": "es"}), 422, 13706, "languages"),
    ];
    for (languages, http, code, param) in cases {
        let body = json!({"mount_token": token, "jwk": key.jwk(), "languages": languages});
        let (s, resp, _) = app.mount_with(&id, &body, &key, None).await;
        assert_eq!((s.as_u16(), resp["status"].as_u64(), resp["data"]["param"].as_str()), (http, Some(code), Some(param)), "{languages}: {resp}");
    }
    assert_eq!(app.get(&id).await.1["data"]["bound"], false, "nothing bound");
    let ten: Vec<String> = (0..9).map(|_| "xx".to_string()).chain(["es-MX".to_string()]).collect();
    let (s, resp, _) = app.mount_with(&id, &json!({"mount_token": token, "jwk": key.jwk(), "languages": ten}), &key, None).await;
    assert_eq!((s.as_u16(), resp["data"]["locale"].as_str()), (200, Some("en-US")), "ten are accepted (this program has no Spanish: its first language): {resp}");
}

crate::both!(
    gated_capture_continued,
    gated_capture_stopped_deletes_the_account,
    decisions_need_a_session_awaiting_one,
    other_exits_from_the_gate_delete_the_account,
    outcome_of_every_status,
    receipts_verify_against_the_jwks_and_name_the_webhook,
    status_poll_is_proof_checked_and_answers_on_every_node,
    auto_locale_is_negotiated_at_mount,
    bad_language_lists_are_refused_and_spend_nothing,
    racing_decisions_settle_once: multi_thread,
    decision_gate_is_an_idempotency_parameter,
);
