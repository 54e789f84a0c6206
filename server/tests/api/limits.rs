//! Rate limits: per client IP and per session on the frame API, per program on the session API.

use crate::common::*;
use serde_json::Value;

fn limited(tables: &str) -> Opts {
    Opts { tables: format!("[rate_limits]\n{tables}\n"), ..Opts::default() }
}

/// A frame call with a bad body: cheap, and counted like any other.
async fn frame_poke(app: &TestApp, id: &str, xff: &str) -> (u16, Value, Option<String>) {
    let resp = app
        .client
        .post(format!("{}/frame/v1/sessions/{id}/cancel", app.base))
        .header("x-forwarded-for", format!("203.0.113.9, {xff}"))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    let retry = resp.headers().get("retry-after").map(|v| v.to_str().unwrap().to_owned());
    (status, resp.json().await.unwrap(), retry)
}

async fn frame_calls_are_limited_per_client_ip(db: Db) {
    let app = TestApp::spawn(db, limited("frame_ip_per_minute = 3\nframe_session_per_minute = 0\nclient_ip = \"x-forwarded-for\"")).await;
    let (id, _, _) = app.create().await;
    for _ in 0..3 {
        assert_eq!(frame_poke(&app, &id, "198.51.100.1").await.0, 401, "under the limit the call reaches the proof check");
    }
    let (status, body, retry) = frame_poke(&app, &id, "198.51.100.1").await;
    assert_eq!((status, body["status"].as_u64(), body["data"]["error"].as_str()), (429, Some(13739), Some("rate_limited")));
    let retry: u64 = retry.expect("Retry-After").parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    // The last X-Forwarded-For hop (the one our proxy appended) is the client: another is not limited.
    assert_eq!(frame_poke(&app, &id, "198.51.100.2").await.0, 401);
}

async fn frame_calls_are_limited_per_session(db: Db) {
    let app = TestApp::spawn(db, limited("frame_ip_per_minute = 0\nframe_session_per_minute = 2")).await;
    let (a, _, _) = app.create().await;
    let (b, _, _) = app.create().await;
    assert_eq!(frame_poke(&app, &a, "x").await.0, 401);
    assert_eq!(frame_poke(&app, &a, "x").await.0, 401);
    assert_eq!(frame_poke(&app, &a, "x").await.0, 429);
    assert_eq!(frame_poke(&app, &b, "x").await.0, 401, "another session has its own budget");
}

async fn the_session_api_is_limited_per_program_and_stores_nothing_when_refused(db: Db) {
    let app = TestApp::spawn(db, limited("api_program_per_second = 2")).await;
    assert_eq!(app.create_raw(None, &valid_body()).await.0, 201);
    assert_eq!(app.create_raw(None, &valid_body()).await.0, 201);
    let (status, body) = app.create_raw(None, &valid_body()).await;
    assert_eq!((status.as_u16(), body["status"].as_u64()), (429, Some(13739)));
    assert_eq!(app.count("sessions").await, 2, "a refused create stores nothing");
    // Another program's budget is its own.
    let other = app
        .client
        .get(format!("{}/v1/sessions/5cf34a7d-25b6-4400-b19d-53a171d324e1", app.base))
        .header("x-api-key", OTHER_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 404);
    // An unknown key is refused by authentication, not counted against anyone.
    let stranger = app.client.get(format!("{}/v1/sessions/x", app.base)).header("x-api-key", "nope").send().await.unwrap();
    assert_eq!(stranger.status(), 401);
}

crate::both!(
    frame_calls_are_limited_per_client_ip,
    frame_calls_are_limited_per_session,
    the_session_api_is_limited_per_program_and_stores_nothing_when_refused,
);
