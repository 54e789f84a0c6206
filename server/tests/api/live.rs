//! Live programs: each submission goes to the program's verifier (a real local HTTP server
//! here), signed; the sandbox accounts mean nothing; a verifier that gives no verdict counts no
//! attempt and answers 503 `verifier_unavailable`.

use crate::common::*;
use axum::http::{HeaderMap, StatusCode};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};

const VERIFIER_SECRET: &str = "vsec_test";

/// What the stub verifier answers next.
#[derive(Clone)]
enum Answer {
    Json(Value),
    Status(u16),
    Garbage,
}

#[derive(Clone)]
struct Verifier {
    url: String,
    answer: Arc<Mutex<Answer>>,
    got: Arc<Mutex<Vec<Received>>>,
}

impl Verifier {
    async fn start() -> Verifier {
        let answer = Arc::new(Mutex::new(Answer::Json(json!({"result": "verified"}))));
        let got = Arc::new(Mutex::new(Vec::new()));
        let (a, g) = (answer.clone(), got.clone());
        let app = axum::Router::new().route(
            "/verify",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let (a, g) = (a.clone(), g.clone());
                async move {
                    g.lock().unwrap().push(Received { headers, body });
                    match a.lock().unwrap().clone() {
                        Answer::Json(v) => (StatusCode::OK, v.to_string()),
                        Answer::Status(s) => (StatusCode::from_u16(s).unwrap(), String::new()),
                        Answer::Garbage => (StatusCode::OK, "<html>not the contract</html>".into()),
                    }
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/verify", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Verifier { url, answer, got }
    }

    fn answer(&self, a: Answer) {
        *self.answer.lock().unwrap() = a;
    }
}

fn live(url: &str) -> Opts {
    Opts { program_extra: format!("mode = \"live\"\nverifier_url = {url:?}\nverifier_secret = {VERIFIER_SECRET:?}\n"), ..Opts::default() }
}

async fn a_live_program_asks_its_verifier_signed_and_follows_its_verdict(db: Db) {
    let v = Verifier::start().await;
    let app = TestApp::spawn(db, live(&v.url)).await;
    // The sandbox's "declined" card means nothing in live mode: the verifier decides.
    let (id, key) = app.mounted().await;
    let sent = debit("4000000000000002", "José Núñez", "94107");
    let (status, body) = app.frame_call(&id, "accounts", &key, &sent).await;
    assert_eq!((status.as_u16(), body["data"]["outcome"].as_str()), (200, Some("token_success")), "{body}");
    let asked = v.got.lock().unwrap().clone();
    assert_eq!(asked.len(), 1);
    assert!(signature_ok(&asked[0], VERIFIER_SECRET), "the verifier request carries Capture-Signature with the verifier secret");
    let request: Value = serde_json::from_str(&asked[0].body).unwrap();
    assert_eq!(request["session_identifier"], id.as_str());
    assert_eq!(request["funding_destination"], "DEBIT");
    assert_eq!(request["recipient"], json!({"first_name": "José", "last_name": "Núñez", "postal_code": "94107"}));
    assert_eq!(request["account"], sent, "the submission as the page sent it");

    // mismatch counts an attempt; terminal_failure ends the session with the verifier's code.
    v.answer(Answer::Json(json!({"result": "mismatch", "code": "name_mismatch"})));
    let (id, key) = app.mounted().await;
    let (_, body) = app.frame_call(&id, "accounts", &key, &ach("000123456789", "José Núñez", "94107")).await;
    assert_eq!(body["data"], json!({"outcome": "verification_failed", "attempts_remaining": 2}));
    assert_eq!(app.get(&id).await.1["data"]["attempt_count"], 1);
    v.answer(Answer::Json(json!({"result": "terminal_failure", "code": "account_frozen"})));
    let (_, body) = app.frame_call(&id, "accounts", &key, &ach("000123456789", "José Núñez", "94107")).await;
    assert_eq!(body["data"], json!({"outcome": "terminal_failure", "code": "account_frozen"}));
    assert_eq!(app.get(&id).await.1["data"]["status"], "terminated");
}

async fn an_unreachable_or_malformed_verifier_is_503_and_counts_no_attempt(db: Db) {
    let v = Verifier::start().await;
    let app = TestApp::spawn(db, live(&v.url)).await;
    let (id, key) = app.mounted().await;
    let sub = debit("4242424242424242", "José Núñez", "94107");
    for answer in [
        Answer::Status(500),
        Answer::Status(404),
        Answer::Garbage,
        Answer::Json(json!({"result": "maybe"})),
        Answer::Json(json!({"result": "terminal_failure"})),
        Answer::Json(json!({"result": "terminal_failure", "code": "<script>"})),
    ] {
        v.answer(answer);
        let (status, body) = app.frame_call(&id, "accounts", &key, &sub).await;
        assert_eq!((status.as_u16(), body["status"].as_u64(), body["data"]["error"].as_str()), (503, Some(13740), Some("verifier_unavailable")));
    }
    let view = app.get(&id).await.1;
    assert_eq!((view["data"]["status"].as_str(), view["data"]["attempt_count"].as_u64()), (Some("active"), Some(0)), "no attempt counted");
    assert_eq!(app.count("vault_entries").await, 0);
    // A verifier that is down entirely.
    let down = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}/verify", l.local_addr().unwrap())
    };
    let app = TestApp::spawn(db, live(&down)).await;
    let (id, key) = app.mounted().await;
    let (status, body) = app.frame_call(&id, "accounts", &key, &sub).await;
    assert_eq!((status.as_u16(), body["status"].as_u64()), (503, Some(13740)));
    assert_eq!(app.get(&id).await.1["data"]["attempt_count"], 0);
    // And the page may simply try again once it is back: the session is still active.
    let (status, _) = app.frame_call(&id, "cancel", &key, &json!({})).await;
    assert_eq!(status, 200);
}

async fn sandbox_programs_keep_their_deterministic_accounts(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (id, key) = app.mounted().await;
    let (_, body) = app.frame_call(&id, "accounts", &key, &debit("4000000000000002", "José Núñez", "94107")).await;
    assert_eq!(body["data"], json!({"outcome": "terminal_failure", "code": "card_declined"}));
}

crate::both!(
    a_live_program_asks_its_verifier_signed_and_follows_its_verdict,
    an_unreachable_or_malformed_verifier_is_503_and_counts_no_attempt,
    sandbox_programs_keep_their_deterministic_accounts,
);
