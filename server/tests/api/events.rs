//! `GET /v1/events` and `POST /v1/events/{id}/redeliver`: scoped to the program, paged,
//! filtered; redelivery under the same id; failed events; delivered ones pruned after 30 days.

use crate::common::*;
use reqwest::Method;
use serde_json::Value;
use std::sync::atomic::Ordering;

async fn events(app: &TestApp, query: &str, key: &str) -> (u16, Value) {
    let (s, body) = app.api(Method::GET, &format!("/v1/events{query}"), key).await;
    (s.as_u16(), body)
}

fn ids(list: &Value) -> Vec<String> {
    list["data"]["events"].as_array().unwrap().iter().map(|e| e["id"].as_str().unwrap().to_owned()).collect()
}

/// Waits (bounded) until every listed event of the program is `delivery`.
async fn until_all(app: &TestApp, key: &str, delivery: &str) -> Value {
    for _ in 0..400 {
        let (_, list) = events(app, "", key).await;
        if list["data"]["events"].as_array().unwrap().iter().all(|e| e["delivery"] == delivery) {
            return list;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("events never all {delivery}");
}

async fn the_list_is_the_programs_own_oldest_first_filtered_and_paged(db: Db) {
    let rx = Receiver::start(0).await;
    let other_rx = Receiver::start(0).await;
    let app = TestApp::spawn(db, Opts { webhook_url: Some(rx.url.clone()), other_webhook_url: Some(other_rx.url.clone()), ..Opts::default() }).await;
    let mut sessions = Vec::new();
    for _ in 0..3 {
        let (id, _, _) = app.create().await;
        app.terminate(&id).await;
        sessions.push(id);
        // Distinct `created` seconds, so "oldest first" is observable.
        app.clock.advance(1);
    }
    let other_session = app.other_program_event().await;
    let list = until_all(&app, API_KEY, "delivered").await;
    assert_eq!((list["status"].as_u64(), list["data"]["has_more"].as_bool()), (Some(102), Some(false)));
    let all = list["data"]["events"].as_array().unwrap();
    assert_eq!(all.len(), 3, "only this program's events: {list}");
    for e in all {
        assert_eq!((e["type"].as_str(), e["attempts"].as_u64()), (Some("session.terminated"), Some(1)));
        let keys: Vec<&str> = e.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys.len(), 5, "id, type, created, delivery, attempts: {e}");
    }
    let created: Vec<i64> = all.iter().map(|e| e["created"].as_i64().unwrap()).collect();
    assert!(created.windows(2).all(|w| w[0] < w[1]), "oldest first: {created:?}");
    let received: Vec<String> = rx.events().iter().map(|e| e["id"].as_str().unwrap().to_owned()).collect();
    let mut listed = ids(&list);
    listed.sort();
    let mut got = received.clone();
    got.sort();
    assert_eq!(listed, got, "the listed ids are the delivered Capture-Event-Ids");

    let (s, one) = events(&app, &format!("?session_identifier={}", sessions[1]), API_KEY).await;
    assert_eq!((s, ids(&one)), (200, vec![ids(&list)[1].clone()]));
    let (s, rest) = events(&app, &format!("?after={}", ids(&list)[0]), API_KEY).await;
    assert_eq!((s, ids(&rest)), (200, ids(&list)[1..].to_vec()));

    // The other program sees only its own, and neither sees the other's session or event.
    let (_, theirs) = events(&app, "", OTHER_KEY).await;
    assert_eq!(ids(&theirs).len(), 1);
    let their_event = ids(&theirs)[0].clone();
    let refused = [
        (format!("?after={their_event}"), API_KEY, 13741, "after"),
        (format!("?after={}", ids(&list)[0]), OTHER_KEY, 13741, "after"),
        ("?after=evt_nope".to_owned(), API_KEY, 13741, "after"),
        (format!("?session_identifier={other_session}"), API_KEY, 13718, "session_identifier"),
        (format!("?session_identifier={}", sessions[0]), OTHER_KEY, 13718, "session_identifier"),
        ("?session_identifier=not-a-session".to_owned(), API_KEY, 13718, "session_identifier"),
    ];
    for (query, key, code, param) in refused {
        let (s, body) = events(&app, &query, key).await;
        assert_eq!((s, body["status"].as_u64(), body["data"]["param"].as_str()), (404, Some(code), Some(param)), "{query}: {body}");
    }
    assert_eq!(events(&app, "", "wrong-key").await.0, 401);

    // Paging: 100 a page, then the rest after the last id.
    for _ in 0..100 {
        let (id, _, _) = app.create().await;
        app.terminate(&id).await;
    }
    let (_, first) = events(&app, "", API_KEY).await;
    assert_eq!((ids(&first).len(), first["data"]["has_more"].as_bool()), (100, Some(true)));
    let (_, second) = events(&app, &format!("?after={}", ids(&first)[99]), API_KEY).await;
    assert_eq!((ids(&second).len(), second["data"]["has_more"].as_bool()), (3, Some(false)));
    let mut every: Vec<String> = ids(&first).into_iter().chain(ids(&second)).collect();
    every.sort();
    every.dedup();
    assert_eq!(every.len(), 103, "no event on two pages, none left out");
}

async fn redelivery_sends_the_same_event_again_and_only_the_programs_own(db: Db) {
    let rx = Receiver::start(0).await;
    let other_rx = Receiver::start(0).await;
    let app = TestApp::spawn(db, Opts { webhook_url: Some(rx.url.clone()), other_webhook_url: Some(other_rx.url.clone()), ..Opts::default() }).await;
    let (id, _, _) = app.create().await;
    app.terminate(&id).await;
    app.other_program_event().await;
    let list = until_all(&app, API_KEY, "delivered").await;
    let event = ids(&list)[0].clone();
    let their_event = ids(&until_all(&app, OTHER_KEY, "delivered").await)[0].clone();

    for (path, key) in [(format!("/v1/events/{their_event}/redeliver"), API_KEY), ("/v1/events/evt_0/redeliver".to_owned(), API_KEY), (format!("/v1/events/{event}/redeliver"), OTHER_KEY)] {
        let (s, body) = app.api(Method::POST, &path, key).await;
        assert_eq!((s.as_u16(), body["status"].as_u64()), (404, Some(13741)), "{path}: {body}");
    }
    assert_eq!(other_rx.hits.load(Ordering::SeqCst), 1, "refused redeliveries send nothing");

    let (s, body) = app.api(Method::POST, &format!("/v1/events/{event}/redeliver"), API_KEY).await;
    assert_eq!((s.as_u16(), body["data"]["id"].as_str(), body["data"]["delivery"].as_str()), (200, Some(event.as_str()), Some("pending")), "{body}");
    rx.wait_for("the event again", |e| e.len() == 2).await;
    let got = rx.got.lock().unwrap().clone();
    assert!(got.iter().all(|r| r.headers["capture-event-id"] == event.as_str() && signature_ok(r, WEBHOOK_SECRET)), "same id, signed");
    let list = until_all(&app, API_KEY, "delivered").await;
    assert_eq!(list["data"]["events"][0]["attempts"], 2);
}

async fn a_failed_event_is_listed_failed_and_redelivered(db: Db) {
    let rx = Receiver::start(usize::MAX).await;
    let app = TestApp::spawn(db, Opts { webhook_url: Some(rx.url.clone()), ..Opts::default() }).await;
    let (id, _, _) = app.create().await;
    app.terminate(&id).await;
    while rx.hits.load(Ordering::SeqCst) == 0 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(events(&app, "", API_KEY).await.1["data"]["events"][0]["delivery"], "pending");
    app.clock.advance(3 * 86_400);
    let list = until_all(&app, API_KEY, "failed").await;
    let event = ids(&list)[0].clone();
    rx.fail_first.store(0, Ordering::SeqCst);
    let (s, _) = app.api(Method::POST, &format!("/v1/events/{event}/redeliver"), API_KEY).await;
    assert_eq!(s, 200);
    until_all(&app, API_KEY, "delivered").await;
    assert_eq!(rx.events()[0]["id"], event.as_str());
}

async fn delivered_events_are_pruned_after_30_days(db: Db) {
    let rx = Receiver::start(0).await;
    let app = TestApp::spawn(db, Opts { webhook_url: Some(rx.url.clone()), ..Opts::default() }).await;
    let (id, _, _) = app.create().await;
    app.terminate(&id).await;
    until_all(&app, API_KEY, "delivered").await;
    // One still pending beside it: its receiver now fails.
    rx.fail_first.store(usize::MAX, Ordering::SeqCst);
    let (pending, _, _) = app.create().await;
    app.terminate(&pending).await;
    app.clock.advance(29 * 86_400);
    capture_server::workers::reaper::reap_once(app.state()).await.unwrap();
    assert_eq!(app.count("webhook_outbox").await, 2, "kept for 30 days");
    app.clock.advance(2 * 86_400);
    capture_server::workers::reaper::reap_once(app.state()).await.unwrap();
    let (_, list) = events(&app, "", API_KEY).await;
    let left = list["data"]["events"].as_array().unwrap();
    assert_eq!(left.len(), 1, "{list}");
    assert_ne!(left[0]["delivery"], "delivered");
}

crate::both!(
    the_list_is_the_programs_own_oldest_first_filtered_and_paged,
    redelivery_sends_the_same_event_again_and_only_the_programs_own,
    a_failed_event_is_listed_failed_and_redelivered,
    delivered_events_are_pruned_after_30_days,
);
