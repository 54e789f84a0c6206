use crate::common::*;
use serde_json::{json, Value};


async fn replay_token(app: &TestApp, key: &str) -> String {
    let (status, body) = app.create_raw(Some(key), &valid_body()).await;
    assert!(status.is_success(), "{body}");
    split_url(&body["data"]["authorized_url"]).1
}

async fn first_mount_binds_and_sets_a_partitioned_cookie(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (id, token, _) = app.create().await;
    let key = Key::new();
    let (status, body, cookie) = app.mount(&id, &token, &key, None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], 102);
    let d = &body["data"];
    assert_eq!(d["session_identifier"], id.as_str());
    assert_eq!(d["locale"], "en-US");
    assert_eq!(d["dir"], "ltr");
    assert_eq!(d["parent_origin"], ORIGIN);
    assert_eq!(d["funding_destinations"], json!(["DEBIT", "ACH"]));
    assert_eq!((d["attempts_remaining"].as_u64(), d["max_attempts"].as_u64()), (Some(3), Some(3)));
    assert_eq!(d["return_url"], "https://shop.example.com/done");
    assert!((d["server_time"].as_i64().unwrap() - app.clock_now()).abs() <= 1);
    assert!(d["session_expires_at"].as_i64().unwrap() > app.clock_now() + 3500);
    let cookie = cookie.expect("binding cookie");
    assert!(cookie.starts_with("cf_bind="), "{cookie}");
    for attr in [&format!("Path=/frame/v1/sessions/{id}") as &str, "Secure", "HttpOnly", "SameSite=None", "Partitioned", "Max-Age="] {
        assert!(cookie.contains(attr), "{attr} in {cookie}");
    }
    assert_eq!(app.get(&id).await.1["data"]["bound"], true);
}

async fn mount_resolves_rtl_locales(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let mut body = valid_body();
    body["language_locale_code"] = json!("ar-sa");
    let (_, created) = app.create_raw(None, &body).await;
    let (id, token) = split_url(&created["data"]["authorized_url"]);
    let (_, body, _) = app.mount(&id, &token, &Key::new(), None).await;
    assert_eq!((body["data"]["locale"].as_str(), body["data"]["dir"].as_str()), (Some("ar-SA"), Some("rtl")));
}

async fn a_used_or_late_token_is_authorized_url_expired_and_a_replay_issues_a_fresh_one(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (status, created) = app.create_raw(Some("k-url"), &valid_body()).await;
    assert_eq!(status, 201);
    let (id, token) = split_url(&created["data"]["authorized_url"]);
    // Late: 30 s window.
    app.clock.advance(30);
    let key = Key::new();
    let (status, body, _) = app.mount(&id, &token, &key, None).await;
    assert_eq!((status.as_u16(), body["status"].as_u64()), (410, Some(13730)));
    assert_eq!(app.get(&id).await.1["data"]["status"], "active", "the session stays active");
    // Re-request with the same key: a fresh URL that mounts.
    let fresh = replay_token(&app, "k-url").await;
    app.clock.advance(28);
    let (status, _, _) = app.mount(&id, &fresh, &key, None).await;
    assert_eq!(status, 200);
    // Used: single use.
    let (status, body, _) = app.mount(&id, &fresh, &key, None).await;
    assert_eq!((status.as_u16(), body["status"].as_u64()), (410, Some(13730)));
    // Unknown token, and a token of another session.
    let (other_id, other_token, _) = app.create().await;
    assert_eq!(app.mount(&id, "nope", &key, None).await.0, 410);
    assert_eq!(app.mount(&id, &other_token, &key, None).await.0, 410);
    assert_eq!(app.mount(&other_id, &other_token, &key, None).await.0, 200);
}

async fn another_key_is_refused_without_the_binding_cookie_and_rebinds_with_it(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (status, created) = app.create_raw(Some("k-bind"), &valid_body()).await;
    assert_eq!(status, 201);
    let (id, token) = split_url(&created["data"]["authorized_url"]);
    let first = Key::new();
    let (_, _, cookie) = app.mount(&id, &token, &first, None).await;
    let cookie = cookie.unwrap();
    let cookie_value = cookie.trim_start_matches("cf_bind=").split(';').next().unwrap().to_owned();

    // Same key again with a fresh URL: fine, no new cookie.
    let t = replay_token(&app, "k-bind").await;
    let (status, _, set) = app.mount(&id, &t, &first, None).await;
    assert_eq!(status, 200);
    assert!(set.is_none());

    // Another browser (another key, no cookie): bound_to_other_device.
    let second = Key::new();
    let t = replay_token(&app, "k-bind").await;
    let (status, body, _) = app.mount(&id, &t, &second, None).await;
    assert_eq!((status.as_u16(), body["status"].as_u64()), (403, Some(13731)));
    // A forged cookie does not help.
    let t = replay_token(&app, "k-bind").await;
    assert_eq!(app.mount(&id, &t, &second, Some("forged")).await.0, 403);

    // Same browser partition, storage refused, new key + the cookie: re-bound.
    let (status, body, set) = app.mount(&id, &t, &second, Some(&cookie_value)).await;
    assert_eq!(status, 200, "{body}");
    assert!(set.is_some(), "the cookie rotates on re-bind");
    // Proofs now verify with the new key only.
    let (status, body) = app.frame_call(&id, "accounts", &first, &debit("4242424242424242", "Nobody", "00000")).await;
    assert_eq!((status.as_u16(), body["status"].as_u64()), (401, Some(13734)));
    let (status, body) = app.frame_call(&id, "cancel", &second, &json!({})).await;
    assert_eq!((status.as_u16(), body["data"]["status"].as_str()), (200, Some("canceled")));
}

async fn invalid_jwks_are_refused_and_do_not_burn_the_token(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (id, token, _) = app.create().await;
    let key = Key::new();
    let mut jwk = key.jwk();
    let url = format!("{}/frame/v1/sessions/{id}/mount", app.base);
    for bad in
        [json!({"crv": "P-384"}), json!({"kty": "RSA"}), json!({"x": "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}), json!({"y": "short"})]
    {
        let mut j = jwk.clone();
        for (k, v) in bad.as_object().unwrap() {
            j[k] = v.clone();
        }
        let resp = app.client.post(&url).json(&json!({"mount_token": token, "jwk": j})).send().await.unwrap();
        assert_eq!(resp.status(), 422, "{bad}");
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["status"], 13733);
    }
    jwk.as_object_mut().unwrap().remove("y");
    let resp = app.client.post(&url).json(&json!({"mount_token": token, "jwk": jwk})).send().await.unwrap();
    assert_eq!(resp.status(), 422);
    assert_eq!(app.mount(&id, &token, &key, None).await.0, 200);
}

async fn mount_of_unknown_or_terminal_sessions(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let key = Key::new();
    let (status, body, _) = app.mount("00000000-0000-4000-8000-000000000000", "t", &key, None).await;
    assert_eq!((status.as_u16(), body["status"].as_u64()), (404, Some(13718)));
    assert_eq!(app.mount("../etc/passwd", "t", &key, None).await.0, 404);
    let (id, token, _) = app.create().await;
    app.terminate(&id).await;
    let (status, body, _) = app.mount(&id, &token, &key, None).await;
    assert_eq!((status.as_u16(), body["status"].as_u64()), (409, Some(13732)));
    assert_eq!(body["data"]["session_status"], "terminated");
}

async fn proofs_refuse_replay_tamper_wrong_key_and_stale_time(db: Db) {
    let app = TestApp::spawn(db, Opts { max_attempts: 10, ..Opts::default() }).await;
    let (id, key) = app.mounted().await;
    let path = format!("/frame/v1/sessions/{id}/accounts");
    let body = serde_json::to_vec(&debit("4242424242424242", "Somebody Else", "94107")).unwrap();
    let now = app.clock_now();

    let good = key.proof("POST", &path, &body, now, "jti-1");
    let (status, resp) = app.frame_send(&path, &good, body.clone()).await;
    assert_eq!(status, 200, "{resp}");
    assert_eq!(resp["data"]["outcome"], "verification_failed");
    // Replay of the same proof.
    let (status, resp) = app.frame_send(&path, &good, body.clone()).await;
    assert_eq!((status.as_u16(), resp["status"].as_u64()), (401, Some(13735)));

    let other_body = serde_json::to_vec(&debit("4242424242424242", "José Núñez", "94107")).unwrap();
    let cases: Vec<(&str, String, Vec<u8>)> = vec![
        ("tampered body", key.proof("POST", &path, &body, now, "jti-2"), other_body.clone()),
        ("wrong key", Key::new().proof("POST", &path, &other_body, now, "jti-3"), other_body.clone()),
        ("stale iat", key.proof("POST", &path, &other_body, now - 62, "jti-4"), other_body.clone()),
        ("future iat", key.proof("POST", &path, &other_body, now + 62, "jti-5"), other_body.clone()),
        ("wrong path", key.proof("POST", &format!("/frame/v1/sessions/{id}/cancel"), &other_body, now, "jti-6"), other_body.clone()),
        ("wrong method", key.proof("GET", &path, &other_body, now, "jti-7"), other_body.clone()),
        ("not a jws", "garbage".into(), other_body.clone()),
        (
            "alg none",
            {
                let p = key.proof("POST", &path, &other_body, now, "jti-8");
                let mut parts: Vec<String> = p.split('.').map(str::to_owned).collect();
                use base64::Engine;
                parts[0] = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"capture-proof+jwt"}"#);
                parts.join(".")
            },
            other_body.clone(),
        ),
        (
            "signature cut",
            {
                let p = key.proof("POST", &path, &other_body, now, "jti-9");
                p[..p.len() - 4].to_owned()
            },
            other_body.clone(),
        ),
    ];
    for (name, proof, bytes) in cases {
        let (status, resp) = app.frame_send(&path, &proof, bytes).await;
        assert_eq!((status.as_u16(), resp["status"].as_u64()), (401, Some(13734)), "{name}: {resp}");
    }
    // No proof header at all.
    let resp = app
        .client
        .post(format!("{}{path}", app.base))
        .header("content-type", "application/json")
        .body(other_body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
    // A proof 58 s old is still fine (a second of slack for the clock ticking during the test); none of the refused ones counted an attempt.
    let ok = key.proof("POST", &path, &other_body, now - 58, "jti-10");
    let (status, resp) = app.frame_send(&path, &ok, other_body).await;
    assert_eq!(status, 200);
    assert_eq!(resp["data"]["outcome"], "token_success");
    assert_eq!(app.get(&id).await.1["data"]["attempt_count"], 1);
}

async fn frame_calls_need_a_bound_session(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (id, _, _) = app.create().await;
    let (status, body) = app.frame_call(&id, "cancel", &Key::new(), &json!({})).await;
    assert_eq!((status.as_u16(), body["status"].as_u64()), (401, Some(13734)));
    let (status, _) = app.frame_call("00000000-0000-4000-8000-000000000000", "cancel", &Key::new(), &json!({})).await;
    assert_eq!(status, 404);
}

async fn attempts_to_the_maximum_end_the_session(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (status, created) = app.create_raw(Some("k-max"), &valid_body()).await;
    assert_eq!(status, 201);
    let (id, token) = split_url(&created["data"]["authorized_url"]);
    let key = Key::new();
    app.mount(&id, &token, &key, None).await;
    for remaining in [2, 1] {
        let (status, body) = app.frame_call(&id, "accounts", &key, &debit("4242424242424242", "Wrong Name", "94107")).await;
        assert_eq!(status, 200);
        assert_eq!(body["data"], json!({"outcome": "verification_failed", "attempts_remaining": remaining}));
    }
    let (_, body) = app.frame_call(&id, "accounts", &key, &ach("000123456789", "José Núñez", "99999")).await;
    assert_eq!(body["data"], json!({"outcome": "max_attempts_exceeded"}));
    let view = app.get(&id).await.1;
    assert_eq!((view["data"]["status"].as_str(), view["data"]["attempt_count"].as_u64()), (Some("max_attempts_exceeded"), Some(3)));
    let (status, body) = app.frame_call(&id, "accounts", &key, &debit("4242424242424242", "José Núñez", "94107")).await;
    assert_eq!((status.as_u16(), body["data"]["session_status"].as_str()), (409, Some("max_attempts_exceeded")));
    let t = replay_token(&app, "k-max").await;
    let (status, body, _) = app.mount(&id, &t, &key, None).await;
    assert_eq!(
        (status.as_u16(), body["status"].as_u64(), body["data"]["session_status"].as_str()),
        (409, Some(13732), Some("max_attempts_exceeded"))
    );
}

async fn sandbox_accounts_have_deterministic_outcomes(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let name = "  jose   NUNEZ ";
    let cases: Vec<(Value, Value, &str)> = vec![
        (
            debit("4242424242424242", name, "94107-1234"),
            json!({"outcome": "token_success", "funding_destination": "DEBIT", "last4": "4242"}),
            "completed",
        ),
        (
            debit("5555 5555 5555 4444", "José Núñez", "94107"),
            json!({"outcome": "token_success", "funding_destination": "DEBIT", "last4": "4444"}),
            "completed",
        ),
        (
            debit("6011111111111117", "José Núñez", "94107"),
            json!({"outcome": "token_success", "funding_destination": "DEBIT", "last4": "1117"}),
            "completed",
        ),
        (debit("4000000000000002", "José Núñez", "94107"), json!({"outcome": "terminal_failure", "code": "card_declined"}), "terminated"),
        (debit("4000000000000127", "José Núñez", "94107"), json!({"outcome": "verification_failed", "attempts_remaining": 2}), "active"),
        (debit("4242424242424242", "José Núñez", "94108"), json!({"outcome": "verification_failed", "attempts_remaining": 2}), "active"),
        (
            ach("000123456789", "José Núñez", "94107"),
            json!({"outcome": "token_success", "funding_destination": "ACH", "last4": "6789"}),
            "completed",
        ),
        (ach("000111111113", "José Núñez", "94107"), json!({"outcome": "terminal_failure", "code": "account_closed"}), "terminated"),
        (ach("000222222227", "José Núñez", "94107"), json!({"outcome": "verification_failed", "attempts_remaining": 2}), "active"),
    ];
    for (submission, mut want, status) in cases {
        let (id, key) = app.mounted().await;
        let (code, body) = app.frame_call(&id, "accounts", &key, &submission).await;
        assert_eq!(code, 200, "{submission}: {body}");
        let mut got = body["data"].clone();
        if want["outcome"] == "token_success" {
            let token = got.as_object_mut().unwrap().remove("customer_account_token").unwrap();
            let token = token.as_str().unwrap();
            assert!(token.starts_with("cat_") && token.len() == 28, "{token}");
            let receipt = got.as_object_mut().unwrap().remove("receipt").unwrap();
            assert_eq!(receipt.as_str().unwrap().split('.').count(), 3, "a compact JWS");
            let stored: (Option<String>,) = sqlx::query_as("SELECT customer_account_token FROM sessions WHERE id = $1").bind(&id).fetch_one(&app.sql().await).await.unwrap();
            assert_eq!(stored.0.as_deref(), Some(token));
            // The vault holds the account only encrypted.
            let (ct, last4): (String, String) = sqlx::query_as("SELECT ciphertext_hex, last4 FROM vault_entries WHERE token = $1")
                .bind(token)
                .fetch_one(&app.sql().await)
                .await
                .unwrap();
            assert_eq!(last4, want["last4"].as_str().unwrap());
            let bytes = hex::decode(&ct).unwrap();
            assert!(!String::from_utf8_lossy(&bytes).contains(last4.as_str()));
            let (key_id, nonce, ct2): (String, String, String) = sqlx::query_as("SELECT key_id, nonce_hex, ciphertext_hex FROM vault_entries WHERE token = $1")
                .bind(token)
                .fetch_one(&app.sql().await)
                .await
                .unwrap();
            assert_eq!(key_id, "config", "sealed by the newest (here the only) key, named");
            let sealed = capture_server::vault::Sealed {
                key_id,
                nonce: hex::decode(nonce).unwrap().try_into().unwrap(),
                ciphertext: hex::decode(ct2).unwrap(),
            };
            let plain = app.app.as_ref().unwrap().state.vault.open(token, &sealed).unwrap();
            let plain: Value = serde_json::from_slice(&plain).unwrap();
            assert!(plain.get("card_number").or(plain.get("account_number")).is_some());
        }
        if let Some(o) = want.as_object_mut() {
            o.remove("customer_account_token");
        }
        assert_eq!(got, want, "{submission}");
        assert_eq!(app.get(&id).await.1["data"]["status"], status, "{submission}");
    }
}

async fn invalid_accounts_are_422_and_cost_no_attempt(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (id, key) = app.mounted().await;
    let cases: Vec<(Value, u16, u64, &str, Option<&str>)> = vec![
        (debit("4242424242424241", "A B", "94107"), 422, 13736, "card_number", Some("card_checksum")),
        (debit("3566002020360505", "A B", "94107"), 422, 13736, "card_number", Some("unsupported_brand")),
        (
            json!({"funding_destination": "DEBIT", "card_number": "4242424242424242", "expiry": "01/20", "name": "A B", "postal_code": "94107"}),
            422,
            13736,
            "expiry",
            Some("expiry_past"),
        ),
        (debit("4242424242424242", "12345", "94107"), 422, 13736, "name", Some("name")),
        (debit("4242424242424242", "A B", "9410"), 422, 13736, "postal_code", Some("postal_code")),
        (
            json!({"funding_destination": "ACH", "routing_number": "021000022", "account_number": "000123456789", "account_type": "checking", "name": "A B", "postal_code": "94107"}),
            422,
            13736,
            "routing_number",
            Some("routing_checksum"),
        ),
        (ach("12", "A B", "94107"), 422, 13736, "account_number", Some("account_number")),
        (
            json!({"funding_destination": "DEBIT", "expiry": "12/39", "name": "A B", "postal_code": "94107"}),
            422,
            13736,
            "card_number",
            Some("required"),
        ),
        (json!({"funding_destination": "WIRE", "iban": "x"}), 422, 13737, "funding_destination", None),
        (
            json!({"funding_destination": "DEBIT", "card_number": "4242424242424242", "expiry": "12/39", "name": "A B", "postal_code": "94107", "cvv": "123"}),
            422,
            13705,
            "cvv",
            None,
        ),
        (json!({"card_number": "4242424242424242"}), 422, 13707, "funding_destination", None),
    ];
    for (sub, http, code, param, reason) in cases {
        let (status, body) = app.frame_call(&id, "accounts", &key, &sub).await;
        assert_eq!((status.as_u16(), body["status"].as_u64()), (http, Some(code)), "{sub}: {body}");
        assert_eq!(body["data"]["param"], param, "{sub}: {body}");
        if let Some(r) = reason {
            assert_eq!(body["data"]["reason"], r, "{sub}: {body}");
        }
    }
    assert_eq!(app.get(&id).await.1["data"]["attempt_count"], 0);

    // A session opened for DEBIT only refuses ACH.
    let mut only_debit = valid_body();
    only_debit["funding_destinations"] = json!(["DEBIT"]);
    let (_, created) = app.create_raw(None, &only_debit).await;
    let (id, token) = split_url(&created["data"]["authorized_url"]);
    let key = Key::new();
    app.mount(&id, &token, &key, None).await;
    let (status, body) = app.frame_call(&id, "accounts", &key, &ach("000123456789", "José Núñez", "94107")).await;
    assert_eq!((status.as_u16(), body["status"].as_u64()), (422, Some(13737)));
}

async fn cancel_ends_the_session_once(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (id, key) = app.mounted().await;
    let (status, body) = app.frame_call(&id, "cancel", &key, &json!({})).await;
    assert_eq!((status.as_u16(), body["data"]["status"].as_str()), (200, Some("canceled")));
    let (status, body) = app.frame_call(&id, "cancel", &key, &json!({})).await;
    assert_eq!((status.as_u16(), body["status"].as_u64(), body["data"]["session_status"].as_str()), (409, Some(13719), Some("canceled")));
    assert_eq!(app.get(&id).await.1["data"]["status"], "canceled");
}

async fn frame_bodies_are_checked_like_the_api(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (id, token, _) = app.create().await;
    let url = format!("{}/frame/v1/sessions/{id}/mount", app.base);
    let cases: Vec<(&str, Vec<u8>, u16, u64)> = vec![
        ("text/plain", br#"{"mount_token":"x"}"#.to_vec(), 415, 13704),
        ("application/json", b"{not json".to_vec(), 400, 13702),
        ("application/json", vec![b' '; 65 * 1024], 413, 13703),
        ("application/json", br#"{"mount_token":"x","jwk":{"kty":"EC","crv":"P-256","x":"a","y":"b"},"extra":1}"#.to_vec(), 422, 13705),
        ("application/json", br#"{"jwk":{"kty":"EC","crv":"P-256","x":"a","y":"b"}}"#.to_vec(), 422, 13707),
        ("application/json", br#"{"mount_token":7,"jwk":{"kty":"EC","crv":"P-256","x":"a","y":"b"}}"#.to_vec(), 422, 13706),
    ];
    for (ct, body, http, code) in cases {
        let resp = app.client.post(&url).header("content-type", ct).body(body).send().await.unwrap();
        let status = resp.status().as_u16();
        let v: Value = resp.json().await.unwrap();
        assert_eq!((status, v["status"].as_u64()), (http, Some(code)), "{v}");
    }
    // WebCrypto's exported JWK carries `ext` and `key_ops`: accepted.
    let key = Key::new();
    let mut jwk = key.jwk();
    jwk["ext"] = json!(true);
    jwk["key_ops"] = json!(["verify"]);
    let (status, body, _) = app.mount_with(&id, &json!({"mount_token": token, "jwk": jwk}), &key, None).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(app.count("used_jti").await, 1, "only the mount's own proof id is recorded");
}

async fn mount_proves_possession_of_the_presented_key(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (id, token, _) = app.create().await;
    let key = Key::new();
    let body = json!({"mount_token": token, "jwk": key.jwk()});
    let url = format!("{}/frame/v1/sessions/{id}/mount", app.base);
    // No proof, a proof by another key, a proof for another path or body: refused, nothing spent.
    let unsigned = app.client.post(&url).json(&body).send().await.unwrap();
    assert_eq!(unsigned.status(), 401);
    assert_eq!(unsigned.json::<Value>().await.unwrap()["status"], 13734);
    let (status, reply, _) = app.mount_with(&id, &body, &Key::new(), None).await;
    assert_eq!((status.as_u16(), reply["status"].as_u64()), (401, Some(13734)), "signed by a key the body does not present");
    let bytes = serde_json::to_vec(&body).unwrap();
    for (path, signed) in [(format!("/frame/v1/sessions/{id}/cancel"), bytes.clone()), (format!("/frame/v1/sessions/{id}/mount"), b"{}".to_vec())] {
        let proof = key.proof("POST", &path, &signed, app.clock_now(), &random_jti());
        let resp = app.client.post(&url).header("content-type", "application/json").header("capture-proof", proof).body(bytes.clone()).send().await.unwrap();
        assert_eq!(resp.status(), 401, "{path}");
    }
    assert_eq!(app.count("used_jti").await, 0);
    // The right proof mounts, and its id is recorded; the same request again is refused (its
    // token is spent). Its `iat` is an hour off: the one-time token carries the freshness, so
    // a device with a wrong clock still mounts (and learns the server's time from the answer).
    let proof = key.proof("POST", &format!("/frame/v1/sessions/{id}/mount"), &bytes, app.clock_now() - 3600, "mount-jti-1");
    let send = || app.client.post(&url).header("content-type", "application/json").header("capture-proof", proof.clone()).body(bytes.clone()).send();
    assert_eq!(send().await.unwrap().status(), 200);
    assert_eq!(app.count("used_jti").await, 1);
    assert_eq!(send().await.unwrap().status(), 410);
}

crate::both!(
    mount_proves_possession_of_the_presented_key,
    first_mount_binds_and_sets_a_partitioned_cookie,
    mount_resolves_rtl_locales,
    a_used_or_late_token_is_authorized_url_expired_and_a_replay_issues_a_fresh_one,
    another_key_is_refused_without_the_binding_cookie_and_rebinds_with_it,
    invalid_jwks_are_refused_and_do_not_burn_the_token,
    mount_of_unknown_or_terminal_sessions,
    proofs_refuse_replay_tamper_wrong_key_and_stale_time,
    frame_calls_need_a_bound_session,
    attempts_to_the_maximum_end_the_session,
    sandbox_accounts_have_deterministic_outcomes,
    invalid_accounts_are_422_and_cost_no_attempt,
    cancel_ends_the_session_once,
    frame_bodies_are_checked_like_the_api,
);
