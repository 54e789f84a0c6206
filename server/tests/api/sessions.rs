use crate::common::*;
use serde_json::{json, Value};

async fn new_session_is_201_status_100_with_seed_shape(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let now = app.clock_now();
    let (status, body) = app.create_raw(Some("k-new"), &valid_body()).await;
    assert_eq!(status, 201);
    assert_eq!(body["status"], 100);
    assert_eq!(body["client_message"], "Success");
    let data = &body["data"];
    let keys: Vec<&str> = data.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["authorized_url", "authorized_url_expiration_utc", "participant_unique_id1", "participant_unique_id2", "session_identifier"]
    );
    let id = data["session_identifier"].as_str().unwrap();
    assert!(capture_protocol::SessionId::try_from(id).is_ok());
    let url = data["authorized_url"].as_str().unwrap();
    assert!(url.starts_with(&format!("{}/session/{id}#t=", app.base)), "{url}");
    let (_, token) = split_url(&data["authorized_url"]);
    assert_eq!(token.len(), 43);
    let exp = data["authorized_url_expiration_utc"].as_str().unwrap();
    let parsed = time::OffsetDateTime::parse(exp, &time::format_description::well_known::Rfc3339).unwrap();
    assert!(exp.ends_with('Z') && exp.len() == 20, "{exp}");
    assert!((parsed.unix_timestamp() - (now + 30)).abs() <= 1);
    assert_eq!(data["participant_unique_id1"], "2639d2ce-2e74-48a4-be74-9bb90a62b40b");
    assert_eq!(data["participant_unique_id2"], "");
    assert_eq!(app.count("sessions").await, 1);
    // Only the token's hash is stored.
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_sha256 FROM mount_tokens").fetch_all(&app.sql().await).await.unwrap();
    assert_eq!(stored, vec![sha256_hex(&token)]);
}

async fn same_key_same_params_within_2h_is_200_status_101_with_a_new_url(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (_, first) = app.create_raw(Some("k-same"), &valid_body()).await;
    app.clock.advance(600);
    let (status, body) = app.create_raw(Some("k-same"), &valid_body()).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], 101);
    assert_eq!(body["client_message"], "Success - Idempotent");
    assert_eq!(body["data"]["session_identifier"], first["data"]["session_identifier"]);
    assert_ne!(body["data"]["authorized_url"], first["data"]["authorized_url"]);
    let exp = body["data"]["authorized_url_expiration_utc"].as_str().unwrap();
    let exp = time::OffsetDateTime::parse(exp, &time::format_description::well_known::Rfc3339).unwrap().unix_timestamp();
    assert!((exp - (app.clock_now() + 30)).abs() <= 1, "a fresh 30 s window");
    assert_eq!(app.count("sessions").await, 1);
    // Member order and spacing in the body do not matter: the canonical request is hashed.
    let body = valid_body();
    let members: Vec<String> = body.as_object().unwrap().iter().rev().map(|(k, v)| format!("{}: {v}", json!(k))).collect();
    let reordered = format!("{{ {} }}", members.join(",\n  "));
    assert_ne!(reordered, serde_json::to_string(&body).unwrap(), "the bytes really differ");
    let (status, again) = app.create_bytes(Some("k-same"), reordered.into_bytes()).await;
    assert_eq!((status.as_u16(), again["status"].as_u64()), (200, Some(101)), "{again}");
    assert_eq!(again["data"]["session_identifier"], first["data"]["session_identifier"]);
}

async fn same_key_different_params_is_409_status_13723_and_stores_nothing(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    app.create_raw(Some("k-diff"), &valid_body()).await;
    let mut other = valid_body();
    other["client_reference_id"] = json!("order-43");
    let (status, body) = app.create_raw(Some("k-diff"), &other).await;
    assert_eq!(status, 409);
    assert_eq!(body["status"], 13723);
    assert_eq!(body["client_message"], "Idempotency key mismatch");
    assert_eq!(app.count("sessions").await, 1);
    assert_eq!(app.count("mount_tokens").await, 1);
}

async fn same_key_after_2h_is_a_new_session_201_status_100(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (_, first) = app.create_raw(Some("k-old"), &valid_body()).await;
    app.clock.advance(2 * 3600 + 1);
    let (status, body) = app.create_raw(Some("k-old"), &valid_body()).await;
    assert_eq!(status, 201);
    assert_eq!(body["status"], 100);
    assert_ne!(body["data"]["session_identifier"], first["data"]["session_identifier"]);
    // And the key now replays the new session.
    let (status, again) = app.create_raw(Some("k-old"), &valid_body()).await;
    assert_eq!(status, 200);
    assert_eq!(again["data"]["session_identifier"], body["data"]["session_identifier"]);
    // A dead key with different parameters is also a new session, not a mismatch.
    app.clock.advance(2 * 3600 + 1);
    let mut other = valid_body();
    other["client_reference_id"] = json!("changed");
    let (status, _) = app.create_raw(Some("k-old"), &other).await;
    assert_eq!(status, 201);
    assert_eq!(app.count("sessions").await, 3);
}

async fn keys_are_scoped_to_the_program(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    app.create_raw(Some("shared-key"), &valid_body()).await;
    let body = json!({
        "participant_unique_id1": "p", "host_uri": "https://other.example",
        "recipient": {"first_name": "A", "last_name": "B", "postal_code": "10001"}
    });
    let resp = app
        .client
        .post(format!("{}/v1/sessions", app.base))
        .header("x-api-key", OTHER_KEY)
        .header("Idempotency-Key", "shared-key")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let other: Value = resp.json().await.unwrap();
    // The other program cannot read the first program's sessions and vice versa.
    let id = other["data"]["session_identifier"].as_str().unwrap();
    let (status, body) = app.get(id).await;
    assert_eq!((status.as_u16(), body["status"].as_u64()), (404, Some(13718)));
}

async fn replaying_a_key_of_a_terminal_session_answers_101_and_the_frame_gets_not_mountable(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (_, first) = app.create_raw(Some("k-term"), &valid_body()).await;
    let id = first["data"]["session_identifier"].as_str().unwrap().to_owned();
    assert_eq!(app.terminate(&id).await.0, 200);
    let (status, body) = app.create_raw(Some("k-term"), &valid_body()).await;
    assert_eq!((status.as_u16(), body["status"].as_u64()), (200, Some(101)));
    assert_eq!(body["data"]["session_identifier"], id.as_str());
    let (_, token) = split_url(&body["data"]["authorized_url"]);
    let (status, body, _) = app.mount(&id, &token, &Key::new(), None).await;
    assert_eq!(status, 409);
    assert_eq!(body["status"], 13732);
    assert_eq!(body["data"]["session_status"], "terminated");
}

async fn hundred_concurrent_same_key_creates_make_exactly_one_session(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let body = valid_body();
    let futs = (0..100).map(|_| app.create_raw(Some("k-race"), &body));
    let results = futures::future::join_all(futs).await;
    let created = results.iter().filter(|(s, _)| *s == 201).count();
    let replayed = results.iter().filter(|(s, _)| *s == 200).count();
    assert_eq!(created, 1, "{:?}", results.iter().map(|(s, b)| (s.as_u16(), b["status"].clone())).collect::<Vec<_>>());
    assert_eq!(created + replayed, 100, "every other request replays the one session");
    let ids: std::collections::HashSet<String> =
        results.iter().filter(|(s, _)| s.is_success()).map(|(_, b)| b["data"]["session_identifier"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids.len(), 1);
    assert_eq!(app.count("sessions").await, 1);
    assert_eq!(app.count("idempotency_keys").await, 1);
}

async fn reaper_removes_dead_keys(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    app.create_raw(Some("k-reap-1"), &valid_body()).await;
    app.clock.advance(3600);
    app.create_raw(Some("k-reap-2"), &valid_body()).await;
    app.clock.advance(3601);
    let state = &app.app.as_ref().unwrap().state;
    capture_server::workers::reaper::reap_once(state).await.unwrap();
    let keys: Vec<String> = sqlx::query_scalar("SELECT idem_key FROM idempotency_keys").fetch_all(&app.sql().await).await.unwrap();
    assert_eq!(keys, vec!["k-reap-2".to_owned()]);
}

async fn defaults_come_from_the_program(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let body =
        json!({"participant_unique_id1": "p", "recipient": {"first_name": "Ada", "last_name": "Lovelace", "postal_code": "94107-1234"}});
    let (status, created) = app.create_raw(None, &body).await;
    assert_eq!(status, 201, "{created}");
    let id = created["data"]["session_identifier"].as_str().unwrap();
    let (_, view) = app.get(id).await;
    let v = &view["data"];
    assert_eq!(v["language_locale_code"], "en-US");
    assert_eq!(v["funding_destinations"], json!(["DEBIT", "ACH"]));
    assert_eq!(v["max_attempts"], 3);
    let host: String = sqlx::query_scalar("SELECT host_uri FROM sessions").fetch_one(&app.sql().await).await.unwrap();
    assert_eq!(host, ORIGIN);
    let created_at =
        time::OffsetDateTime::parse(v["created_at"].as_str().unwrap(), &time::format_description::well_known::Rfc3339).unwrap();
    let expires_at =
        time::OffsetDateTime::parse(v["expires_at"].as_str().unwrap(), &time::format_description::well_known::Rfc3339).unwrap();
    assert_eq!((expires_at - created_at).whole_seconds(), 3600);
}

async fn get_returns_operational_status_only(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (id, _, _) = app.create().await;
    let (status, body) = app.get(&id).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], 102);
    let v = &body["data"];
    assert_eq!(v["session_identifier"], id.as_str());
    assert_eq!(v["status"], "active");
    assert_eq!(v["attempt_count"], 0);
    assert_eq!(v["bound"], false);
    assert_eq!(v["client_reference_id"], "order-42");
    assert_eq!(v["metadata"], json!({"campaign": "spring"}));
    assert_eq!(v["decision_gate"], false);
    assert_eq!(v["outcome"], json!({"action": "none", "reason": null}));
    assert!(v.get("customer_account_token").is_none(), "no account data in a read: {v}");
    let text = body.to_string();
    assert!(!text.contains("94107") && !text.contains("Núñez"), "no recipient data: {text}");
    for bad in ["00000000-0000-4000-8000-000000000000", "not-a-uuid", "5CF34A7D-25B6-4400-B19D-53A171D324E1"] {
        let (status, body) = app.get(bad).await;
        assert_eq!((status.as_u16(), body["status"].as_u64()), (404, Some(13718)), "{bad}");
    }
    let resp = app.client.get(format!("{}/v1/sessions/{id}", app.base)).header("x-api-key", OTHER_KEY).send().await.unwrap();
    assert_eq!(resp.status(), 404);
    let resp = app.client.get(format!("{}/v1/sessions/{id}", app.base)).send().await.unwrap();
    assert_eq!(resp.status(), 401);
}

async fn terminate_ends_an_active_session_once(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (id, _, _) = app.create().await;
    let (status, body) = app.terminate(&id).await;
    assert_eq!(status, 200);
    assert_eq!(body["data"]["status"], "terminated");
    let (status, body) = app.terminate(&id).await;
    assert_eq!(status, 409);
    assert_eq!(body["status"], 13719);
    assert_eq!(body["data"]["session_status"], "terminated");
}

async fn sessions_expire_lazily(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let mut body = valid_body();
    body["expires_in"] = json!(60);
    let (_, created) = app.create_raw(None, &body).await;
    let id = created["data"]["session_identifier"].as_str().unwrap().to_owned();
    app.clock.advance(50);
    assert_eq!(app.get(&id).await.1["data"]["status"], "active");
    app.clock.advance(10);
    assert_eq!(app.get(&id).await.1["data"]["status"], "expired");
    let (status, body) = app.terminate(&id).await;
    assert_eq!((status.as_u16(), body["data"]["session_status"].as_str()), (409, Some("expired")));
}

async fn unknown_routes_and_methods_are_4xx_envelopes(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let resp = app.client.get(format!("{}/nope", app.base)).send().await.unwrap();
    assert_eq!(resp.status(), 404);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["status"], 13720);
    let resp = app.client.delete(format!("{}/v1/sessions", app.base)).send().await.unwrap();
    assert_eq!(resp.status(), 405);
    let body: Value = resp.json().await.unwrap();
    assert_eq!(body["status"], 13720);
}

/// One bad request: how to build it, and what must come back.
struct Bad {
    name: &'static str,
    http: u16,
    code: u64,
    param: Option<&'static str>,
    api_key: Option<&'static str>,
    idem: Option<String>,
    content_type: &'static str,
    body: Vec<u8>,
}

fn bad(name: &'static str, http: u16, code: u64, param: Option<&'static str>, edit: impl FnOnce(&mut Value)) -> Bad {
    let mut body = valid_body();
    edit(&mut body);
    Bad {
        name,
        http,
        code,
        param,
        api_key: Some(API_KEY),
        idem: Some(format!("k-{name}")),
        content_type: "application/json",
        body: serde_json::to_vec(&body).unwrap(),
    }
}

fn raw(name: &'static str, http: u16, code: u64, content_type: &'static str, body: &[u8]) -> Bad {
    Bad { name, http, code, param: None, api_key: Some(API_KEY), idem: None, content_type, body: body.to_vec() }
}

async fn bad_inputs_are_4xx_with_their_code_and_store_nothing(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let long = |n: usize| json!("x".repeat(n));
    let cases = vec![
        Bad { api_key: None, ..bad("no_api_key", 401, 13701, None, |_| {}) },
        Bad { api_key: Some("wrong-key"), ..bad("wrong_api_key", 401, 13701, None, |_| {}) },
        Bad { api_key: Some(""), ..bad("empty_api_key", 401, 13701, None, |_| {}) },
        Bad { content_type: "text/plain", ..bad("text_plain", 415, 13704, None, |_| {}) },
        Bad { content_type: "application/x-www-form-urlencoded", ..bad("form", 415, 13704, None, |_| {}) },
        raw("truncated_json", 400, 13702, "application/json", br#"{"participant_unique_id1": "#),
        raw("json_array", 400, 13702, "application/json", b"[]"),
        raw("json_string", 400, 13702, "application/json", br#""hello""#),
        raw("empty_body", 400, 13702, "application/json", b""),
        raw("too_large", 413, 13703, "application/json", &[b' '; 70 * 1024]),
        Bad { idem: Some("k".repeat(251)), ..bad("long_idem_key", 400, 13709, Some("Idempotency-Key"), |_| {}) },
        Bad { idem: Some("has space".into()), ..bad("idem_key_space", 400, 13709, Some("Idempotency-Key"), |_| {}) },
        bad("unknown_field", 422, 13705, Some("colour"), |b| b["colour"] = json!("red")),
        bad("unknown_recipient_field", 422, 13705, Some("recipient.middle_name"), |b| b["recipient"]["middle_name"] = json!("Q")),
        bad("pid1_number", 422, 13706, Some("participant_unique_id1"), |b| b["participant_unique_id1"] = json!(7)),
        bad("expires_in_string", 422, 13706, Some("expires_in"), |b| b["expires_in"] = json!("3600")),
        bad("expires_in_float", 422, 13706, Some("expires_in"), |b| b["expires_in"] = json!(3600.5)),
        bad("funding_not_array", 422, 13706, Some("funding_destinations"), |b| b["funding_destinations"] = json!("DEBIT")),
        bad("pid1_missing", 422, 13707, Some("participant_unique_id1"), |b| {
            b.as_object_mut().unwrap().remove("participant_unique_id1");
        }),
        bad("pid1_empty", 422, 13707, Some("participant_unique_id1"), |b| b["participant_unique_id1"] = json!("  ")),
        bad("recipient_missing", 422, 13707, Some("recipient"), |b| {
            b.as_object_mut().unwrap().remove("recipient");
        }),
        bad("pid1_too_long", 422, 13708, Some("participant_unique_id1"), |b| b["participant_unique_id1"] = long(101)),
        bad("pid2_too_long", 422, 13708, Some("participant_unique_id2"), |b| b["participant_unique_id2"] = long(101)),
        bad("client_ref_too_long", 422, 13708, Some("client_reference_id"), |b| b["client_reference_id"] = long(201)),
        bad("unknown_locale", 422, 13710, Some("language_locale_code"), |b| b["language_locale_code"] = json!("xx-XX")),
        bad("locale_not_enabled", 422, 13710, Some("language_locale_code"), |b| b["language_locale_code"] = json!("de-DE")),
        bad("locale_auto_capitalized", 422, 13710, Some("language_locale_code"), |b| b["language_locale_code"] = json!("Auto")),
        bad("decision_gate_string", 422, 13706, Some("decision_gate"), |b| b["decision_gate"] = json!("true")),
        bad("decision_gate_number", 422, 13706, Some("decision_gate"), |b| b["decision_gate"] = json!(1)),
        bad("host_uri_with_path", 422, 13711, Some("host_uri"), |b| b["host_uri"] = json!("http://localhost:8081/page")),
        bad("host_uri_no_scheme", 422, 13711, Some("host_uri"), |b| b["host_uri"] = json!("localhost:8081")),
        bad("host_uri_trailing_slash", 422, 13711, Some("host_uri"), |b| b["host_uri"] = json!("http://localhost:8081/")),
        bad("host_uri_not_allowed", 422, 13712, Some("host_uri"), |b| b["host_uri"] = json!("https://evil.example")),
        bad("host_uri_other_port", 422, 13712, Some("host_uri"), |b| b["host_uri"] = json!("http://localhost:8082")),
        bad("funding_empty", 422, 13713, Some("funding_destinations"), |b| b["funding_destinations"] = json!([])),
        bad("funding_unknown", 422, 13713, Some("funding_destinations"), |b| b["funding_destinations"] = json!(["WIRE"])),
        bad("funding_duplicate", 422, 13713, Some("funding_destinations"), |b| b["funding_destinations"] = json!(["DEBIT", "DEBIT"])),
        bad("funding_lowercase", 422, 13713, Some("funding_destinations"), |b| b["funding_destinations"] = json!(["debit"])),
        bad("metadata_51_keys", 422, 13714, Some("metadata"), |b| {
            b["metadata"] = Value::Object((0..51).map(|i| (format!("k{i}"), json!("v"))).collect());
        }),
        bad("metadata_number", 422, 13714, Some("metadata.n"), |b| b["metadata"] = json!({"n": 1})),
        bad("metadata_nested", 422, 13714, Some("metadata.o"), |b| b["metadata"] = json!({"o": {"a": "b"}})),
        bad("metadata_key_41", 422, 13714, None, |b| b["metadata"] = json!({"k".repeat(41): "v"})),
        bad("metadata_value_501", 422, 13714, Some("metadata.k"), |b| b["metadata"] = json!({"k": "v".repeat(501)})),
        bad("metadata_not_object", 422, 13714, Some("metadata"), |b| b["metadata"] = json!("x")),
        bad("return_url_http", 422, 13715, Some("return_url"), |b| b["return_url"] = json!("http://shop.example.com/done")),
        bad("return_url_relative", 422, 13715, Some("return_url"), |b| b["return_url"] = json!("/done")),
        bad("return_url_no_host", 422, 13715, Some("return_url"), |b| b["return_url"] = json!("https://")),
        bad("return_url_javascript", 422, 13715, Some("return_url"), |b| b["return_url"] = json!("javascript:alert(1)")),
        bad("expires_in_59", 422, 13716, Some("expires_in"), |b| b["expires_in"] = json!(59)),
        bad("expires_in_86401", 422, 13716, Some("expires_in"), |b| b["expires_in"] = json!(86401)),
        bad("expires_in_negative", 422, 13716, Some("expires_in"), |b| b["expires_in"] = json!(-1)),
        bad("postal_code_short", 422, 13717, Some("recipient.postal_code"), |b| b["recipient"]["postal_code"] = json!("9410")),
        bad("first_name_empty", 422, 13717, Some("recipient.first_name"), |b| b["recipient"]["first_name"] = json!("")),
        bad("last_name_digits", 422, 13717, Some("recipient.last_name"), |b| b["recipient"]["last_name"] = json!("12345")),
        bad("last_name_missing", 422, 13717, Some("recipient.last_name"), |b| {
            b["recipient"].as_object_mut().unwrap().remove("last_name");
        }),
        bad("recipient_not_object", 422, 13717, Some("recipient"), |b| b["recipient"] = json!("Ada")),
        bad("appearance_not_object", 422, 13706, Some("appearance"), |b| b["appearance"] = json!("dark")),
        bad("appearance_unknown_key", 422, 13705, Some("appearance.style"), |b| b["appearance"] = json!({"style": "x"})),
        bad("appearance_color_scheme", 422, 13706, Some("appearance.colorScheme"), |b| b["appearance"] = json!({"colorScheme": "dim"})),
        bad("appearance_accent_css", 422, 13706, Some("appearance.accentColor"), |b| b["appearance"] = json!({"accentColor": "red;}body{x:y"})),
        bad("appearance_radius_25", 422, 13706, Some("appearance.borderRadius"), |b| b["appearance"] = json!({"borderRadius": 25})),
        bad("appearance_radius_string", 422, 13706, Some("appearance.borderRadius"), |b| b["appearance"] = json!({"borderRadius": "8px"})),
        bad("appearance_font", 422, 13706, Some("appearance.fontFamily"), |b| b["appearance"] = json!({"fontFamily": "Comic Sans"})),
    ];
    for case in &cases {
        let mut req =
            app.client.post(format!("{}/v1/sessions", app.base)).header("content-type", case.content_type).body(case.body.clone());
        if let Some(k) = case.api_key {
            req = req.header("x-api-key", k);
        }
        if let Some(k) = &case.idem {
            req = req.header("Idempotency-Key", k.as_str());
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let body: Value = resp.json().await.unwrap_or_else(|e| panic!("{}: not JSON: {e}", case.name));
        assert_eq!((status, body["status"].as_u64()), (case.http, Some(case.code)), "{}: {body}", case.name);
        assert_eq!(body["data"]["error"], capture_protocol::ApiCode::from_number(case.code as u32).unwrap().name(), "{}", case.name);
        if let Some(p) = case.param {
            assert_eq!(body["data"]["param"], p, "{}: {body}", case.name);
        }
    }
    for table in ["sessions", "mount_tokens", "idempotency_keys", "webhook_outbox"] {
        assert_eq!(app.count(table).await, 0, "{table} must stay empty");
    }
    // And the valid body is accepted, so each case failed only for its own reason.
    assert_eq!(app.create_raw(Some("k-valid"), &valid_body()).await.0, 201);
}

async fn reaper_expires_overdue_sessions_without_an_access(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let mut body = valid_body();
    body["expires_in"] = json!(60);
    let (_, created) = app.create_raw(None, &body).await;
    let id = created["data"]["session_identifier"].as_str().unwrap().to_owned();
    let (keep, _, _) = app.create().await;
    app.clock.advance(120);
    capture_server::workers::reaper::reap_once(&app.app.as_ref().unwrap().state).await.unwrap();
    let q = "SELECT status FROM sessions WHERE id = $1";
    assert_eq!(sqlx::query_scalar::<_, String>(q).bind(&id).fetch_one(&app.sql().await).await.unwrap(), "expired");
    assert_eq!(sqlx::query_scalar::<_, String>(q).bind(&keep).fetch_one(&app.sql().await).await.unwrap(), "active");
}

async fn appearance_comes_back_in_the_read_and_the_mount_answer(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let appearance = json!({"colorScheme": "dark", "accentColor": "#1f6feb", "borderRadius": 8, "fontFamily": "serif"});
    let mut body = valid_body();
    body["appearance"] = appearance.clone();
    let (id, token) = app.create_from(&body).await;
    assert_eq!(app.get(&id).await.1["data"]["appearance"], appearance);
    let (s, mounted, _) = app.mount(&id, &token, &Key::new(), None).await;
    assert_eq!(s, 200, "{mounted}");
    assert_eq!(mounted["data"]["appearance"], appearance);
    // The hex is normalised; options left out stay out; no appearance reads as the defaults.
    body["appearance"] = json!({"accentColor": "#ABCDEF"});
    let (id, _) = app.create_from(&body).await;
    assert_eq!(app.get(&id).await.1["data"]["appearance"], json!({"colorScheme": "auto", "accentColor": "#abcdef"}));
    let (id, _, _) = app.create().await;
    assert_eq!(app.get(&id).await.1["data"]["appearance"], json!({"colorScheme": "auto"}));
    // A refusal says what is wrong in the embed's own words.
    body["appearance"] = json!({"borderRadius": 30});
    let (s, refused) = app.create_raw(None, &body).await;
    assert_eq!((s.as_u16(), refused["data"]["param"].as_str()), (422, Some("appearance.borderRadius")));
    assert_eq!(refused["data"]["reason"], "appearance.borderRadius must be an integer number of pixels from 0 to 24");
    assert_eq!(app.count("sessions").await, 3);
}

async fn appearance_is_an_idempotency_parameter(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let mut dark = valid_body();
    dark["appearance"] = json!({"colorScheme": "dark"});
    let (s, first) = app.create_raw(Some("look-key"), &dark).await;
    assert_eq!(s, 201, "{first}");
    let (s, again) = app.create_raw(Some("look-key"), &dark).await;
    assert_eq!((s.as_u16(), again["status"].as_u64()), (200, Some(101)));
    assert_eq!(again["data"]["session_identifier"], first["data"]["session_identifier"]);
    let mut light = valid_body();
    light["appearance"] = json!({"colorScheme": "light"});
    let (s, other) = app.create_raw(Some("look-key"), &light).await;
    assert_eq!((s.as_u16(), other["status"].as_u64()), (409, Some(13723)), "a different appearance is a different request");
    let (s, other) = app.create_raw(Some("look-key"), &valid_body()).await;
    assert_eq!((s.as_u16(), other["status"].as_u64()), (409, Some(13723)), "no appearance is a different request too");
    assert_eq!(app.count("sessions").await, 1);
}

crate::both!(
    hundred_concurrent_same_key_creates_make_exactly_one_session: multi_thread,
    new_session_is_201_status_100_with_seed_shape,
    same_key_same_params_within_2h_is_200_status_101_with_a_new_url,
    same_key_different_params_is_409_status_13723_and_stores_nothing,
    same_key_after_2h_is_a_new_session_201_status_100,
    keys_are_scoped_to_the_program,
    replaying_a_key_of_a_terminal_session_answers_101_and_the_frame_gets_not_mountable,
    reaper_removes_dead_keys,
    defaults_come_from_the_program,
    get_returns_operational_status_only,
    terminate_ends_an_active_session_once,
    sessions_expire_lazily,
    unknown_routes_and_methods_are_4xx_envelopes,
    bad_inputs_are_4xx_with_their_code_and_store_nothing,
    reaper_expires_overdue_sessions_without_an_access,
    appearance_comes_back_in_the_read_and_the_mount_answer,
    appearance_is_an_idempotency_parameter,
);
