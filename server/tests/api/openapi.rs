//! The served OpenAPI document against the running server: every documented (route, status)
//! is driven here over HTTP and observed, nothing observed is undocumented, and each API code
//! answered is one the document names for that route and status.

use crate::common::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

/// `(method, path template, HTTP status)`.
type Seen = BTreeSet<(String, String, String)>;

/// The API codes each documented `(method, path, status)` names: its examples' envelopes, or the
/// `name (number): …` of its description.
fn documented_codes(doc: &Value) -> BTreeMap<(String, String, String), BTreeSet<u64>> {
    let mut out = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for (status, response) in op["responses"].as_object().unwrap() {
                let examples = response["content"]["application/json"]["examples"].as_object();
                let codes: BTreeSet<u64> = match examples {
                    Some(examples) => examples.values().filter_map(|e| e["value"]["status"].as_u64()).collect(),
                    None => response["description"]
                        .as_str()
                        .and_then(|d| d.split_once(" (")?.1.split_once("):"))
                        .and_then(|(n, _)| n.parse().ok())
                        .into_iter()
                        .collect(),
                };
                out.insert((method.clone(), path.clone(), status.clone()), codes);
            }
        }
    }
    out
}

/// The document's `(method, path, status)` triples; `default` (`internal`, a fault on our
/// side) is not one a test of correct input can drive.
fn documented(doc: &Value) -> Seen {
    let mut out = Seen::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for status in op["responses"].as_object().unwrap().keys().filter(|s| *s != "default") {
                out.insert((method.clone(), path.clone(), status.clone()));
            }
        }
    }
    out
}

/// The app's requests, each recorded under its route's template.
struct Probe<'a> {
    app: &'a TestApp,
    seen: Seen,
    /// The envelope codes answered, by `(method, path, status)`.
    codes: BTreeMap<(String, String, String), BTreeSet<u64>>,
}

impl<'a> Probe<'a> {
    fn new(app: &'a TestApp) -> Self {
        Probe { app, seen: Seen::new(), codes: BTreeMap::new() }
    }

    fn saw(&mut self, method: &str, template: &str, status: impl Into<u16>, body: &Value) -> u16 {
        let status = status.into();
        let key = (method.to_owned(), template.to_owned(), status.to_string());
        if let Some(code) = body["status"].as_u64() {
            self.codes.entry(key.clone()).or_default().insert(code);
        }
        self.seen.insert(key);
        status
    }

    /// `method path` with these headers and body; the status.
    async fn send(&mut self, method: &str, template: &str, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> u16 {
        let mut req = self.app.client.request(method.to_uppercase().parse().unwrap(), format!("{}{path}", self.app.base)).body(body);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let resp = req.send().await.unwrap();
        let status = resp.status().as_u16();
        let body = serde_json::from_slice(&resp.bytes().await.unwrap()).unwrap_or(Value::Null);
        self.saw(method, template, status, &body)
    }

    /// A frame call with a valid proof over `body`, sent as `content_type`.
    async fn frame(&mut self, id: &str, what: &str, key: &Key, content_type: &str, body: &[u8]) -> u16 {
        let path = format!("/frame/v1/sessions/{id}/{what}");
        let proof = key.proof("POST", &path, body, self.app.clock_now(), &random_jti());
        let template = format!("/frame/v1/sessions/{{id}}/{what}");
        self.send("post", &template, &path, &[("content-type", content_type), ("capture-proof", &proof)], body.to_vec()).await
    }

    /// A mount of `id` with `body`, its proof signed by `signer`.
    async fn mount(&mut self, id: &str, body: &Value, signer: &Key) -> u16 {
        let (status, answer, _) = self.app.mount_with(id, body, signer, None).await;
        self.saw("post", "/frame/v1/sessions/{id}/mount", status.as_u16(), &answer)
    }
}

/// Adds what `p` observed to what was observed before.
fn merge(seen: &mut Seen, codes: &mut BTreeMap<(String, String, String), BTreeSet<u64>>, p: Probe) {
    seen.extend(p.seen);
    for (key, answered) in p.codes {
        codes.entry(key).or_default().extend(answered);
    }
}

const UNKNOWN: &str = "5cf34a7d-25b6-4400-b19d-53a171d324e1";
const JSON: &str = "application/json";

/// Every documented status of every route, driven on the real server.
async fn every_documented_status_is_observed_and_nothing_else(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let doc: Value = app.client.get(format!("{}/openapi.json", app.base)).send().await.unwrap().json().await.unwrap();
    let mut p = Probe::new(&app);
    let big = vec![b' '; 70 * 1024];
    let key_header = ("x-api-key", API_KEY);

    // POST /v1/sessions
    let t = "/v1/sessions";
    let (s, first) = app.create_raw(Some("idem-1"), &valid_body()).await;
    assert_eq!(p.saw("post", t, s.as_u16(), &first), 201);
    let (s, again) = app.create_raw(Some("idem-1"), &valid_body()).await;
    assert_eq!(p.saw("post", t, s.as_u16(), &again), 200);
    let mut other = valid_body();
    other["client_reference_id"] = json!("another");
    let (s, mismatch) = app.create_raw(Some("idem-1"), &other).await;
    assert_eq!(p.saw("post", t, s.as_u16(), &mismatch), 409);
    assert_eq!(p.send("post", t, t, &[key_header, ("content-type", JSON)], b"{".to_vec()).await, 400);
    assert_eq!(p.send("post", t, t, &[("content-type", JSON)], b"{}".to_vec()).await, 401);
    assert_eq!(p.send("post", t, t, &[key_header, ("content-type", JSON)], big.clone()).await, 413);
    assert_eq!(p.send("post", t, t, &[key_header, ("content-type", "text/plain")], b"{}".to_vec()).await, 415);
    assert_eq!(p.send("post", t, t, &[key_header, ("content-type", JSON)], b"{}".to_vec()).await, 422);
    let (id, token) = split_url(&first["data"]["authorized_url"]);
    let (_, reissued) = split_url(&again["data"]["authorized_url"]);

    // GET /v1/sessions/{id}, POST /v1/sessions/{id}/terminate
    let t = "/v1/sessions/{id}";
    assert_eq!(p.send("get", t, &format!("/v1/sessions/{id}"), &[key_header], vec![]).await, 200);
    assert_eq!(p.send("get", t, &format!("/v1/sessions/{id}"), &[], vec![]).await, 401);
    assert_eq!(p.send("get", t, &format!("/v1/sessions/{UNKNOWN}"), &[key_header], vec![]).await, 404);
    let t = "/v1/sessions/{id}/terminate";
    let (doomed, _, _) = app.create().await;
    let doomed_path = format!("/v1/sessions/{doomed}/terminate");
    assert_eq!(p.send("post", t, &doomed_path, &[key_header], vec![]).await, 200);
    assert_eq!(p.send("post", t, &doomed_path, &[key_header], vec![]).await, 409);
    assert_eq!(p.send("post", t, &doomed_path, &[], vec![]).await, 401);
    assert_eq!(p.send("post", t, &format!("/v1/sessions/{UNKNOWN}/terminate"), &[key_header], vec![]).await, 404);

    // POST /frame/v1/sessions/{id}/mount
    let t = "/frame/v1/sessions/{id}/mount";
    let key = Key::new();
    let other_key = Key::new();
    let mount_body = |token: &str, key: &Key| json!({"mount_token": token, "jwk": key.jwk()});
    assert_eq!(p.mount(&id, &mount_body(&token, &key), &other_key).await, 401, "a proof by another key than the presented one");
    assert_eq!(p.mount(&id, &mount_body("not-the-token", &key), &key).await, 410);
    assert_eq!(p.mount(&id, &json!({"mount_token": token}), &key).await, 422);
    assert_eq!(p.mount(&id, &mount_body(&token, &key), &key).await, 200);
    assert_eq!(p.mount(&id, &mount_body(&reissued, &other_key), &other_key).await, 403, "another browser, no binding cookie");
    assert_eq!(p.mount(UNKNOWN, &mount_body(&token, &key), &key).await, 404);
    assert_eq!(p.mount(&doomed, &mount_body(&token, &key), &key).await, 409, "terminated: not mountable");
    let mount_path = format!("/frame/v1/sessions/{id}/mount");
    assert_eq!(p.send("post", t, &mount_path, &[("content-type", JSON)], b"[".to_vec()).await, 400);
    assert_eq!(p.send("post", t, &mount_path, &[("content-type", JSON)], big.clone()).await, 413);
    assert_eq!(p.send("post", t, &mount_path, &[("content-type", "text/plain")], b"{}".to_vec()).await, 415);

    // POST /frame/v1/sessions/{id}/accounts and …/cancel, on the session mounted above
    let card = serde_json::to_vec(&debit("4242424242424242", "José Núñez", "94107")).unwrap();
    for what in ["accounts", "cancel"] {
        let t = format!("/frame/v1/sessions/{{id}}/{what}");
        let path = format!("/frame/v1/sessions/{id}/{what}");
        assert_eq!(p.frame(&id, what, &key, JSON, b"{").await, 400, "{what}");
        assert_eq!(p.send("post", &t, &path, &[("content-type", JSON), ("capture-proof", "x.y.z")], b"{}".to_vec()).await, 401, "{what}");
        assert_eq!(p.frame(UNKNOWN, what, &key, JSON, b"{}").await, 404, "{what}");
        assert_eq!(p.send("post", &t, &path, &[("content-type", JSON)], big.clone()).await, 413, "{what}");
        assert_eq!(p.frame(&id, what, &key, "text/plain", b"{}").await, 415, "{what}");
        assert_eq!(p.frame(&id, what, &key, JSON, br#"{"funding_destination":"WIRE"}"#).await, 422, "{what}");
    }
    assert_eq!(p.frame(&id, "accounts", &key, JSON, &card).await, 200);
    assert_eq!(p.frame(&id, "accounts", &key, JSON, &card).await, 409, "completed: not active");
    let (fresh, fresh_key) = app.mounted().await;
    assert_eq!(p.frame(&fresh, "cancel", &fresh_key, JSON, b"{}").await, 200);
    assert_eq!(p.frame(&fresh, "cancel", &fresh_key, JSON, b"{}").await, 409, "canceled: not active");

    // The decision gate: POST /v1/sessions/{id}/continue, …/stop, /frame/v1/sessions/{id}/status
    let mut gated_body = valid_body();
    gated_body["decision_gate"] = json!(true);
    let mut awaiting = Vec::new();
    for _ in 0..2 {
        let (gid, gtoken) = app.create_from(&gated_body).await;
        let gkey = Key::new();
        assert_eq!(app.mount(&gid, &gtoken, &gkey, None).await.0, 200);
        assert_eq!(app.frame_call(&gid, "accounts", &gkey, &debit("4242424242424242", "José Núñez", "94107")).await.0, 200);
        awaiting.push((gid, gkey));
    }
    let t = "/frame/v1/sessions/{id}/status";
    let (gid, gkey) = &awaiting[0];
    let status_path = format!("/frame/v1/sessions/{gid}/status");
    assert_eq!(p.frame(gid, "status", gkey, JSON, b"{}").await, 200);
    assert_eq!(p.frame(gid, "status", gkey, JSON, b"{").await, 400);
    assert_eq!(p.send("post", t, &status_path, &[("content-type", JSON), ("capture-proof", "x.y.z")], b"{}".to_vec()).await, 401);
    assert_eq!(p.frame(UNKNOWN, "status", gkey, JSON, b"{}").await, 404);
    assert_eq!(p.send("post", t, &status_path, &[("content-type", JSON)], big.clone()).await, 413);
    assert_eq!(p.frame(gid, "status", gkey, "text/plain", b"{}").await, 415);
    assert_eq!(p.frame(gid, "status", gkey, JSON, br#"{"x":1}"#).await, 422);
    let (never_gated, never_gated_key) = app.mounted().await;
    assert_eq!(p.frame(&never_gated, "status", &never_gated_key, JSON, b"{}").await, 409, "no decision to wait for");
    let t = "/v1/sessions/{id}/continue";
    let path = format!("/v1/sessions/{gid}/continue");
    assert_eq!(p.send("post", t, &path, &[], vec![]).await, 401);
    assert_eq!(p.send("post", t, &format!("/v1/sessions/{UNKNOWN}/continue"), &[key_header], vec![]).await, 404);
    assert_eq!(p.send("post", t, &path, &[key_header], vec![]).await, 200);
    assert_eq!(p.send("post", t, &path, &[key_header], vec![]).await, 409, "decided already");
    let t = "/v1/sessions/{id}/stop";
    let path = format!("/v1/sessions/{}/stop", awaiting[1].0);
    assert_eq!(p.send("post", t, &path, &[key_header, ("content-type", JSON)], b"{".to_vec()).await, 400);
    assert_eq!(p.send("post", t, &path, &[], vec![]).await, 401);
    assert_eq!(p.send("post", t, &format!("/v1/sessions/{UNKNOWN}/stop"), &[key_header], vec![]).await, 404);
    assert_eq!(p.send("post", t, &path, &[key_header, ("content-type", JSON)], big.clone()).await, 413);
    assert_eq!(p.send("post", t, &path, &[key_header, ("content-type", "text/plain")], b"{}".to_vec()).await, 415);
    let long = serde_json::to_vec(&json!({"reason": "r".repeat(201)})).unwrap();
    assert_eq!(p.send("post", t, &path, &[key_header, ("content-type", JSON)], long).await, 422);
    assert_eq!(p.send("post", t, &path, &[key_header, ("content-type", JSON)], br#"{"reason":"not eligible"}"#.to_vec()).await, 200);
    assert_eq!(p.send("post", t, &path, &[key_header], vec![]).await, 409, "stopped already");
    assert_eq!(p.send("get", "/.well-known/jwks.json", "/.well-known/jwks.json", &[], vec![]).await, 200);

    // The hosted page and this document
    assert_eq!(p.send("get", "/session/{id}", &format!("/session/{UNKNOWN}"), &[], vec![]).await, 404);
    assert_eq!(p.send("get", "/openapi.json", "/openapi.json", &[], vec![]).await, 200);
    assert_eq!(p.send("get", "/warm", "/warm", &[], vec![]).await, 200);
    let page = app.client.get(format!("{}/session/{id}", app.base)).send().await.unwrap();
    assert_eq!(p.saw("get", "/session/{id}", page.status().as_u16(), &Value::Null), 200);
    let html = page.text().await.unwrap();
    let prefix = html.split("name=\"cf-static\" content=\"").nth(1).and_then(|r| r.split('"').next()).expect("the shell names its static prefix");

    // Each file route: whole, a range, not modified, a range past the end, no such file.
    for (t, file, missing) in [
        ("/static/{build}/{path}", format!("{prefix}/assets/frame.css"), "/static/0123456789abcdef/assets/frame.css".to_owned()),
        ("/assets/{path}", "/assets/frame.css".to_owned(), "/assets/missing.css".to_owned()),
        ("/pkg/{path}", "/pkg/web/capture_frame.js".to_owned(), "/pkg/web/missing.js".to_owned()),
        ("/locales/{path}", "/locales/en-US/capture.ftl".to_owned(), "/locales/xx-XX/capture.ftl".to_owned()),
    ] {
        let whole = app.client.get(format!("{}{file}", app.base)).send().await.unwrap();
        assert_eq!(p.saw("get", t, whole.status().as_u16(), &Value::Null), 200, "{file}");
        let modified = whole.headers()["last-modified"].to_str().unwrap().to_owned();
        assert_eq!(p.send("get", t, &file, &[("range", "bytes=0-3")], vec![]).await, 206, "{file}");
        assert_eq!(p.send("get", t, &file, &[("if-modified-since", &modified)], vec![]).await, 304, "{file}");
        assert_eq!(p.send("get", t, &file, &[("range", "bytes=999999-1000000")], vec![]).await, 416, "{file}");
        assert_eq!(p.send("get", t, &missing, &[], vec![]).await, 404, "{missing}");
    }
    let (mut seen, mut codes) = (p.seen, p.codes);

    // GET /v1/events, POST /v1/events/{id}/redeliver (a program that takes webhooks)
    let rx = Receiver::start(0).await;
    let hooked = TestApp::spawn(db, Opts { webhook_url: Some(rx.url.clone()), ..Opts::default() }).await;
    let mut p = Probe::new(&hooked);
    let (ended, _, _) = hooked.create().await;
    hooked.terminate(&ended).await;
    let t = "/v1/events";
    let (s, list) = hooked.api(reqwest::Method::GET, t, API_KEY).await;
    assert_eq!(p.saw("get", t, s.as_u16(), &list), 200);
    assert_eq!(p.send("get", t, t, &[], vec![]).await, 401);
    assert_eq!(p.send("get", t, &format!("{t}?session_identifier={UNKNOWN}"), &[key_header], vec![]).await, 404);
    assert_eq!(p.send("get", t, &format!("{t}?after=evt_000000000000000000000000"), &[key_header], vec![]).await, 404);
    let event = list["data"]["events"][0]["id"].as_str().unwrap().to_owned();
    let t = "/v1/events/{id}/redeliver";
    assert_eq!(p.send("post", t, &format!("/v1/events/{event}/redeliver"), &[key_header], vec![]).await, 200);
    assert_eq!(p.send("post", t, &format!("/v1/events/{event}/redeliver"), &[], vec![]).await, 401);
    assert_eq!(p.send("post", t, "/v1/events/evt_000000000000000000000000/redeliver", &[key_header], vec![]).await, 404);
    merge(&mut seen, &mut codes, p);

    // GET /healthz, GET /readyz: 503 once the database is gone (its pool closed).
    let mut p = Probe::new(&hooked);
    assert_eq!(p.send("get", "/healthz", "/healthz", &[], vec![]).await, 200);
    assert_eq!(p.send("get", "/readyz", "/readyz", &[], vec![]).await, 200);
    hooked.state().store.close().await;
    assert_eq!(p.send("get", "/readyz", "/readyz", &[], vec![]).await, 503);
    merge(&mut seen, &mut codes, p);

    // 429 on every rate-limited route: each budget is one request, so the second is refused.
    let limited = TestApp::spawn(db, Opts { tables: "[rate_limits]\napi_program_per_second = 1\nframe_ip_per_minute = 1\n".into(), ..Opts::default() }).await;
    let mut p = Probe::new(&limited);
    let routes = [
        ("post", "/v1/sessions", "/v1/sessions".to_owned()),
        ("get", "/v1/sessions/{id}", format!("/v1/sessions/{UNKNOWN}")),
        ("post", "/v1/sessions/{id}/terminate", format!("/v1/sessions/{UNKNOWN}/terminate")),
        ("post", "/v1/sessions/{id}/continue", format!("/v1/sessions/{UNKNOWN}/continue")),
        ("post", "/v1/sessions/{id}/stop", format!("/v1/sessions/{UNKNOWN}/stop")),
        ("get", "/v1/events", "/v1/events".to_owned()),
        ("post", "/v1/events/{id}/redeliver", "/v1/events/evt_000000000000000000000000/redeliver".to_owned()),
        ("post", "/frame/v1/sessions/{id}/status", format!("/frame/v1/sessions/{UNKNOWN}/status")),
        ("post", "/frame/v1/sessions/{id}/mount", format!("/frame/v1/sessions/{UNKNOWN}/mount")),
        ("post", "/frame/v1/sessions/{id}/accounts", format!("/frame/v1/sessions/{UNKNOWN}/accounts")),
        ("post", "/frame/v1/sessions/{id}/cancel", format!("/frame/v1/sessions/{UNKNOWN}/cancel")),
    ];
    for (method, t, path) in &routes {
        // The program's budget refills each second: a slow machine may need a few tries.
        let refused = 'tries: {
            for _ in 0..20 {
                if p.send(method, t, path, &[key_header, ("content-type", JSON)], b"{}".to_vec()).await == 429 {
                    break 'tries true;
                }
            }
            false
        };
        assert!(refused, "{method} {t} never answered 429");
    }
    merge(&mut seen, &mut codes, p);

    // 503 on a live program whose verifier does not answer.
    let down = format!("http://127.0.0.1:{}/verify", free_port());
    let extra = format!("mode = \"live\"\nverifier_url = {down:?}\nverifier_secret = \"vsec_test\"\n");
    let live = TestApp::spawn(db, Opts { program_extra: extra, ..Opts::default() }).await;
    let (id, key) = live.mounted().await;
    let mut p = Probe::new(&live);
    assert_eq!(p.frame(&id, "accounts", &key, JSON, &card).await, 503);
    merge(&mut seen, &mut codes, p);

    let documented = documented(&doc);
    let never: Vec<_> = documented.difference(&seen).collect();
    let undocumented: Vec<_> = seen.difference(&documented).collect();
    assert!(never.is_empty() && undocumented.is_empty(), "documented but never observed: {never:?}\nobserved but undocumented: {undocumented:?}");
    let named = documented_codes(&doc);
    for (key, answered) in &codes {
        let unnamed: Vec<_> = answered.difference(&named[key]).collect();
        assert!(unnamed.is_empty(), "{key:?} answered codes {unnamed:?}, the document names {:?}", named[key]);
    }
}

/// The document served is the generated one, for this server.
async fn the_served_document_is_generated_for_this_server(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let resp = app.client.get(format!("{}/openapi.json", app.base)).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "application/json");
    let served: Value = resp.json().await.unwrap();
    let generated = serde_json::to_value(capture_server::openapi::document(&app.state().settings.public_base_url)).unwrap();
    assert_eq!(served, generated);
    assert_eq!(served["openapi"], "3.1.0");
    assert_eq!(served["servers"][0]["url"], app.state().settings.public_base_url.as_str());
    assert_eq!(served["components"]["securitySchemes"]["ApiKey"], json!({"type": "apiKey", "in": "header", "name": "x-api-key"}));
    let create = &served["paths"]["/v1/sessions"]["post"];
    assert_eq!(create["security"], json!([{"ApiKey": []}]));
    assert_eq!(create["parameters"][0]["name"], "Idempotency-Key");
    let accounts = &served["paths"]["/frame/v1/sessions/{id}/accounts"]["post"];
    assert!(accounts["parameters"].as_array().unwrap().iter().any(|p| p["name"] == "capture-proof" && p["in"] == "header" && p["required"] == true));
    assert!(accounts.get("security").is_none(), "frame calls carry a proof, not the API key");
}

crate::both!(every_documented_status_is_observed_and_nothing_else, the_served_document_is_generated_for_this_server);
