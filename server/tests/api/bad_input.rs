//! Bad input on the frame API, the session reads and decisions: each request a 4xx with its documented
//! code, and nothing stored (no row anywhere, no proof id spent, no attempt counted). The
//! create body has its own table in `sessions.rs`.

use crate::common::*;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use base64::Engine;
use serde_json::{json, Value};

/// Everything a request could have stored.
async fn footprint(app: &TestApp) -> Vec<i64> {
    let mut f = Vec::new();
    for t in ["sessions", "mount_tokens", "idempotency_keys", "used_jti", "vault_entries", "webhook_outbox"] {
        f.push(app.count(t).await);
    }
    let attempts: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(SUM(attempt_count), 0) AS BIGINT) FROM sessions").fetch_one(&app.sql().await).await.unwrap();
    let bound: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions WHERE status <> 'active'").fetch_one(&app.sql().await).await.unwrap();
    f.extend([attempts, bound]);
    f
}

/// A compact JWS with any header and claims, signed by `key`.
fn jws(key: &Key, header: &Value, claims: &Value) -> String {
    use p256::ecdsa::signature::Signer;
    let input = format!("{}.{}", B64.encode(header.to_string()), B64.encode(claims.to_string()));
    let sig: p256::ecdsa::Signature = key.0.sign(input.as_bytes());
    format!("{input}.{}", B64.encode(sig.to_bytes()))
}

struct Case {
    name: &'static str,
    method: reqwest::Method,
    path: String,
    content_type: &'static str,
    body: Vec<u8>,
    headers: Vec<(&'static str, String)>,
    want: (u16, u64),
}

async fn frame_and_read_routes_refuse_bad_input_with_their_code_and_store_nothing(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (id, key) = app.mounted().await;
    let mut debit_only = valid_body();
    debit_only["funding_destinations"] = json!(["DEBIT"]);
    let (_, created) = app.create_raw(None, &debit_only).await;
    let (debit_id, debit_token) = split_url(&created["data"]["authorized_url"]);
    let debit_key = Key::new();
    assert_eq!(app.mount(&debit_id, &debit_token, &debit_key, None).await.0, 200);
    let (fresh_id, fresh_token, _) = app.create().await;
    let now = app.clock_now();
    let accounts = format!("/frame/v1/sessions/{id}/accounts");
    let cancel = format!("/frame/v1/sessions/{id}/cancel");
    let status = format!("/frame/v1/sessions/{id}/status");
    let good = serde_json::to_vec(&debit("4242424242424242", "José Núñez", "94107")).unwrap();
    let proof_for = |path: &str, body: &[u8]| key.proof("POST", path, body, now, &random_jti());
    let claims = |over: Value| {
        let mut c = json!({"htm": "POST", "htu": accounts, "bh": B64.encode(<sha2::Sha256 as sha2::Digest>::digest(&good)), "iat": now, "jti": random_jti()});
        for (k, v) in over.as_object().unwrap() {
            c[k] = v.clone();
        }
        c
    };
    let es256 = json!({"alg": "ES256", "typ": "capture-proof+jwt"});
    let signed = |body: Value| {
        let bytes = serde_json::to_vec(&body).unwrap();
        (proof_for(&accounts, &bytes), bytes)
    };
    let post = |name, path: &str, content_type, body: Vec<u8>, proof: Option<String>, want| Case {
        name,
        method: reqwest::Method::POST,
        path: path.to_owned(),
        content_type,
        body,
        headers: proof.map(|p| vec![("capture-proof", p)]).unwrap_or_default(),
        want,
    };
    let account = |name, body: Value, want| {
        let (proof, bytes) = signed(body);
        post(name, &accounts, "application/json", bytes, Some(proof), want)
    };
    let with_proof = |name, proof: String, want| post(name, &accounts, "application/json", good.clone(), Some(proof), want);
    let unknown = "5cf34a7d-25b6-4400-b19d-53a171d324e1";
    let mut cases = vec![
        // Paths and methods.
        post("malformed_session_id", "/frame/v1/sessions/not-a-uuid/accounts", "application/json", good.clone(), Some(proof_for(&accounts, &good)), (404, 13718)),
        post("unknown_session", &format!("/frame/v1/sessions/{unknown}/accounts"), "application/json", good.clone(), None, (404, 13718)),
        post("unknown_session_mount", &format!("/frame/v1/sessions/{unknown}/mount"), "application/json", b"{}".to_vec(), None, (422, 13707)),
        post("unknown_frame_route", &format!("/frame/v1/sessions/{id}/refund"), "application/json", b"{}".to_vec(), None, (404, 13720)),
        Case { method: reqwest::Method::GET, ..post("get_accounts", &accounts, "application/json", Vec::new(), None, (405, 13720)) },
        Case { method: reqwest::Method::PUT, ..post("put_cancel", &cancel, "application/json", b"{}".to_vec(), None, (405, 13720)) },
        // Proofs.
        with_proof("no_proof", String::new(), (401, 13734)),
        with_proof("garbage_proof", "not.a.jws".into(), (401, 13734)),
        with_proof("two_part_proof", "abc.def".into(), (401, 13734)),
        with_proof("alg_none", format!("{}.{}.", B64.encode(r#"{"alg":"none","typ":"capture-proof+jwt"}"#), B64.encode(claims(json!({})).to_string())), (401, 13734)),
        with_proof("wrong_typ", jws(&key, &json!({"alg": "ES256", "typ": "JWT"}), &claims(json!({}))), (401, 13734)),
        with_proof("another_key", jws(&Key::new(), &es256, &claims(json!({}))), (401, 13734)),
        with_proof("wrong_method", jws(&key, &es256, &claims(json!({"htm": "GET"}))), (401, 13734)),
        with_proof("wrong_path", jws(&key, &es256, &claims(json!({"htu": cancel}))), (401, 13734)),
        with_proof("wrong_body_hash", jws(&key, &es256, &claims(json!({"bh": B64.encode([0u8; 32])}))), (401, 13734)),
        with_proof("stale_iat", jws(&key, &es256, &claims(json!({"iat": now - 120}))), (401, 13734)),
        with_proof("future_iat", jws(&key, &es256, &claims(json!({"iat": now + 120}))), (401, 13734)),
        with_proof("iat_max", jws(&key, &es256, &claims(json!({"iat": i64::MAX}))), (401, 13734)),
        with_proof("iat_min", jws(&key, &es256, &claims(json!({"iat": i64::MIN}))), (401, 13734)),
        with_proof("iat_string", jws(&key, &es256, &claims(json!({"iat": "now"}))), (401, 13734)),
        with_proof("empty_jti", jws(&key, &es256, &claims(json!({"jti": ""}))), (401, 13734)),
        with_proof("long_jti", jws(&key, &es256, &claims(json!({"jti": "j".repeat(200)}))), (401, 13734)),
        with_proof("huge_proof", "a".repeat(5000), (401, 13734)),
        post("proof_on_unbound_session", &format!("/frame/v1/sessions/{fresh_id}/cancel"), "application/json", b"{}".to_vec(), Some(proof_for(&format!("/frame/v1/sessions/{fresh_id}/cancel"), b"{}")), (401, 13734)),
        // Bodies, each under a valid proof of its exact bytes.
        post("text_plain", &accounts, "text/plain", good.clone(), Some(proof_for(&accounts, &good)), (415, 13704)),
        post("no_content_type", &accounts, "", good.clone(), Some(proof_for(&accounts, &good)), (415, 13704)),
        post("malformed_json", &accounts, "application/json", b"{oops".to_vec(), Some(proof_for(&accounts, b"{oops")), (400, 13702)),
        post("json_array", &accounts, "application/json", b"[]".to_vec(), Some(proof_for(&accounts, b"[]")), (400, 13702)),
        post("too_large", &accounts, "application/json", vec![b' '; 65 * 1024], None, (413, 13703)),
        account("unknown_field", json!({"funding_destination": "DEBIT", "card_number": "4242424242424242", "expiry": "12/39", "name": "José Núñez", "postal_code": "94107", "cvv": "123"}), (422, 13705)),
        account("no_funding_destination", json!({"card_number": "4242424242424242"}), (422, 13707)),
        account("wire_destination", json!({"funding_destination": "WIRE"}), (422, 13737)),
        account("card_number_as_number", json!({"funding_destination": "DEBIT", "card_number": 4242424242424242u64, "expiry": "12/39", "name": "José Núñez", "postal_code": "94107"}), (422, 13706)),
        account("missing_expiry", json!({"funding_destination": "DEBIT", "card_number": "4242424242424242", "name": "José Núñez", "postal_code": "94107"}), (422, 13736)),
        account("card_checksum", debit("4242424242424241", "José Núñez", "94107"), (422, 13736)),
        account("card_short", debit("4242", "José Núñez", "94107"), (422, 13736)),
        account("expiry_past", json!({"funding_destination": "DEBIT", "card_number": "4242424242424242", "expiry": "01/20", "name": "José Núñez", "postal_code": "94107"}), (422, 13736)),
        account("expiry_garbage", json!({"funding_destination": "DEBIT", "card_number": "4242424242424242", "expiry": "13/99", "name": "José Núñez", "postal_code": "94107"}), (422, 13736)),
        account("name_digits", debit("4242424242424242", "12345", "94107"), (422, 13736)),
        account("postal_code", debit("4242424242424242", "José Núñez", "941"), (422, 13736)),
        account("routing_checksum", json!({"funding_destination": "ACH", "routing_number": "110000001", "account_number": "000123456789", "account_type": "checking", "name": "José Núñez", "postal_code": "94107"}), (422, 13736)),
        account("account_letters", ach("00012345678x", "José Núñez", "94107"), (422, 13736)),
        account("account_type_business", json!({"funding_destination": "ACH", "routing_number": "110000000", "account_number": "000123456789", "account_type": "business", "name": "José Núñez", "postal_code": "94107"}), (422, 13736)),
        {
            let path = format!("/frame/v1/sessions/{debit_id}/accounts");
            let bytes = serde_json::to_vec(&ach("000123456789", "José Núñez", "94107")).unwrap();
            let proof = debit_key.proof("POST", &path, &bytes, now, &random_jti());
            post("destination_not_allowed", &path, "application/json", bytes, Some(proof), (422, 13737))
        },
        post("cancel_unknown_field", &cancel, "application/json", br#"{"why":"x"}"#.to_vec(), Some(proof_for(&cancel, br#"{"why":"x"}"#)), (422, 13705)),
        post("cancel_text_plain", &cancel, "text/plain", b"{}".to_vec(), Some(proof_for(&cancel, b"{}")), (415, 13704)),
        // The decision poll.
        post("status_unknown_field", &status, "application/json", br#"{"why":"x"}"#.to_vec(), Some(proof_for(&status, br#"{"why":"x"}"#)), (422, 13705)),
        post("status_text_plain", &status, "text/plain", b"{}".to_vec(), Some(proof_for(&status, b"{}")), (415, 13704)),
        post("status_no_proof", &status, "application/json", b"{}".to_vec(), None, (401, 13734)),
        post("status_proof_for_cancel", &status, "application/json", b"{}".to_vec(), Some(proof_for(&cancel, b"{}")), (401, 13734)),
        post("status_unknown_session", &format!("/frame/v1/sessions/{unknown}/status"), "application/json", b"{}".to_vec(), None, (404, 13718)),
        Case { method: reqwest::Method::GET, ..post("get_status", &status, "application/json", Vec::new(), None, (405, 13720)) },
    ];
    // Mount bodies and tokens.
    let fresh_mount = format!("/frame/v1/sessions/{fresh_id}/mount");
    let mount_case = |name, body: Value, signer: &Key, want| {
        let bytes = serde_json::to_vec(&body).unwrap();
        let proof = signer.proof("POST", &fresh_mount, &bytes, now, &random_jti());
        post(name, &fresh_mount, "application/json", bytes, Some(proof), want)
    };
    let mk = Key::new();
    let mut p384 = mk.jwk();
    p384["crv"] = json!("P-384");
    cases.extend([
        mount_case("mount_wrong_token", json!({"mount_token": "x".repeat(43), "jwk": mk.jwk()}), &mk, (410, 13730)),
        mount_case("mount_p384", json!({"mount_token": fresh_token, "jwk": p384}), &mk, (422, 13733)),
        mount_case("mount_jwk_missing", json!({"mount_token": fresh_token}), &mk, (422, 13733)),
        mount_case("mount_token_number", json!({"mount_token": 7, "jwk": mk.jwk()}), &mk, (422, 13706)),
        mount_case("mount_unknown_field", json!({"mount_token": fresh_token, "jwk": mk.jwk(), "colors": 3}), &mk, (422, 13705)),
        mount_case("mount_eleven_languages", json!({"mount_token": fresh_token, "jwk": mk.jwk(), "languages": vec!["en"; 11]}), &mk, (422, 13708)),
        mount_case("mount_language_too_long", json!({"mount_token": fresh_token, "jwk": mk.jwk(), "languages": ["e".repeat(65)]}), &mk, (422, 13708)),
        mount_case("mount_languages_number", json!({"mount_token": fresh_token, "jwk": mk.jwk(), "languages": 3}), &mk, (422, 13706)),
        mount_case("mount_signed_by_another_key", json!({"mount_token": fresh_token, "jwk": mk.jwk()}), &Key::new(), (401, 13734)),
        post("mount_unsigned", &fresh_mount, "application/json", serde_json::to_vec(&json!({"mount_token": fresh_token, "jwk": mk.jwk()})).unwrap(), None, (401, 13734)),
    ]);
    // Session reads and terminate.
    let api = |name, method: reqwest::Method, path: String, key: Option<&str>, want| Case {
        name,
        method,
        path,
        content_type: "application/json",
        body: Vec::new(),
        headers: key.map(|k| vec![("x-api-key", k.to_owned())]).unwrap_or_default(),
        want,
    };
    cases.extend([
        api("read_without_key", reqwest::Method::GET, format!("/v1/sessions/{id}"), None, (401, 13701)),
        api("read_with_wrong_key", reqwest::Method::GET, format!("/v1/sessions/{id}"), Some("nope"), (401, 13701)),
        api("read_malformed_id", reqwest::Method::GET, "/v1/sessions/..%2f..%2fetc".into(), Some(API_KEY), (404, 13718)),
        api("read_unknown", reqwest::Method::GET, format!("/v1/sessions/{unknown}"), Some(API_KEY), (404, 13718)),
        api("read_other_programs", reqwest::Method::GET, format!("/v1/sessions/{id}"), Some(OTHER_KEY), (404, 13718)),
        api("terminate_other_programs", reqwest::Method::POST, format!("/v1/sessions/{id}/terminate"), Some(OTHER_KEY), (404, 13718)),
        api("terminate_unknown", reqwest::Method::POST, format!("/v1/sessions/{unknown}/terminate"), Some(API_KEY), (404, 13718)),
        api("continue_without_key", reqwest::Method::POST, format!("/v1/sessions/{id}/continue"), None, (401, 13701)),
        api("continue_other_programs", reqwest::Method::POST, format!("/v1/sessions/{id}/continue"), Some(OTHER_KEY), (404, 13718)),
        api("stop_unknown", reqwest::Method::POST, format!("/v1/sessions/{unknown}/stop"), Some(API_KEY), (404, 13718)),
        api("events_without_key", reqwest::Method::GET, "/v1/events".into(), None, (401, 13701)),
        api("events_of_another_programs_session", reqwest::Method::GET, format!("/v1/events?session_identifier={id}"), Some(OTHER_KEY), (404, 13718)),
        api("events_malformed_session", reqwest::Method::GET, "/v1/events?session_identifier=%00%ff".into(), Some(API_KEY), (404, 13718)),
        api("events_after_malformed", reqwest::Method::GET, format!("/v1/events?after={}", "e".repeat(300)), Some(API_KEY), (404, 13741)),
        api("events_after_unknown", reqwest::Method::GET, "/v1/events?after=evt_000000000000000000000000".into(), Some(API_KEY), (404, 13741)),
        api("redeliver_without_key", reqwest::Method::POST, "/v1/events/evt_000000000000000000000000/redeliver".into(), None, (401, 13701)),
        api("redeliver_unknown", reqwest::Method::POST, "/v1/events/evt_000000000000000000000000/redeliver".into(), Some(API_KEY), (404, 13741)),
        api("redeliver_malformed", reqwest::Method::POST, "/v1/events/..%2f..%2fetc/redeliver".into(), Some(API_KEY), (404, 13741)),
        api("continue_active", reqwest::Method::POST, format!("/v1/sessions/{id}/continue"), Some(API_KEY), (409, 13738)),
        api("stop_active", reqwest::Method::POST, format!("/v1/sessions/{id}/stop"), Some(API_KEY), (409, 13738)),
        Case { body: br#"{"reason": 1}"#.to_vec(), ..api("stop_reason_number", reqwest::Method::POST, format!("/v1/sessions/{id}/stop"), Some(API_KEY), (422, 13706)) },
        Case { body: br#"{"why": "x"}"#.to_vec(), ..api("stop_unknown_field", reqwest::Method::POST, format!("/v1/sessions/{id}/stop"), Some(API_KEY), (422, 13705)) },
        Case { body: b"{oops".to_vec(), ..api("stop_malformed", reqwest::Method::POST, format!("/v1/sessions/{id}/stop"), Some(API_KEY), (400, 13702)) },
        Case {
            body: serde_json::to_vec(&json!({"reason": "r".repeat(201)})).unwrap(),
            ..api("stop_reason_too_long", reqwest::Method::POST, format!("/v1/sessions/{id}/stop"), Some(API_KEY), (422, 13708))
        },
        Case {
            content_type: "text/plain",
            body: b"{}".to_vec(),
            ..api("stop_text_plain", reqwest::Method::POST, format!("/v1/sessions/{id}/stop"), Some(API_KEY), (415, 13704))
        },
        api("get_continue", reqwest::Method::GET, format!("/v1/sessions/{id}/continue"), Some(API_KEY), (405, 13720)),
        api("delete_session", reqwest::Method::DELETE, format!("/v1/sessions/{id}"), Some(API_KEY), (405, 13720)),
        api("unknown_api_route", reqwest::Method::GET, "/v1/nope".into(), Some(API_KEY), (404, 13720)),
    ]);
    // Each case is a request of its own: a copied row would test nothing new.
    let names: std::collections::HashSet<_> = cases.iter().map(|c| c.name).collect();
    assert_eq!(names.len(), cases.len(), "two cases share a name");
    let before = footprint(&app).await;
    for case in &cases {
        let mut req = app.client.request(case.method.clone(), format!("{}{}", app.base, case.path)).body(case.body.clone());
        if !case.content_type.is_empty() {
            req = req.header("content-type", case.content_type);
        }
        for (k, v) in &case.headers {
            if !v.is_empty() {
                req = req.header(*k, v);
            }
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let body: Value = resp.json().await.unwrap_or_else(|e| panic!("{}: not JSON: {e}", case.name));
        assert_eq!((status, body["status"].as_u64()), (case.want.0, Some(case.want.1)), "{}: {body}", case.name);
        assert_eq!(body["data"]["error"], capture_protocol::ApiCode::from_number(case.want.1 as u32).unwrap().name(), "{}", case.name);
        assert_eq!(footprint(&app).await, before, "{} stored something", case.name);
    }
    // The same good submission is still accepted afterwards: every case failed for its own reason.
    let (status, body) = app.frame_send(&accounts, &proof_for(&accounts, &good), good.clone()).await;
    assert_eq!((status.as_u16(), body["data"]["outcome"].as_str()), (200, Some("token_success")));
}

crate::both!(frame_and_read_routes_refuse_bad_input_with_their_code_and_store_nothing);
