use crate::common::*;
use serde_json::{json, Value};

fn of_type<'a>(events: &'a [Value], t: &str) -> Vec<&'a Value> {
    events.iter().filter(|e| e["type"] == t).collect()
}

async fn completed_webhook_is_signed_unique_and_retried_through_failures(db: Db) {
    let rx = Receiver::start(2).await;
    let app = TestApp::spawn(db, Opts { webhook_url: Some(rx.url.clone()), ..Opts::default() }).await;
    let (id, key) = app.mounted().await;
    let (_, body) = app
        .frame_call(&id, "accounts", &key, &json!({"funding_destination": "DEBIT", "card_number": "4242424242424242", "expiry": "12/39", "name": "José Núñez", "postal_code": "94107"}))
        .await;
    let token = body["data"]["customer_account_token"].as_str().unwrap().to_owned();
    let events = rx.wait_for("session.completed", |e| !of_type(e, "session.completed").is_empty()).await;
    assert!(rx.hits.load(std::sync::atomic::Ordering::SeqCst) >= 3, "two failures, then a success");
    let ev = of_type(&events, "session.completed")[0];
    let id_str = ev["id"].as_str().unwrap();
    assert!(id_str.starts_with("evt_") && id_str.len() > 20);
    assert!(ev["created"].as_i64().unwrap() > 1_700_000_000);
    let d = &ev["data"];
    assert_eq!(d["session_identifier"], id.as_str());
    assert_eq!(d["client_reference_id"], "order-42");
    assert_eq!(d["metadata"], json!({"campaign": "spring"}));
    assert_eq!(d["customer_account_token"], token.as_str());
    assert_eq!(d["funding_destination"], "DEBIT");
    assert_eq!(d["last4"], "4242");
    assert!(!ev.to_string().contains("4242424242424242"));
    let received = rx.got.lock().unwrap().clone();
    let r = received.iter().find(|r| r.body.contains("session.completed")).unwrap();
    assert!(signature_ok(r, WEBHOOK_SECRET), "signature verifies");
    assert!(!signature_ok(r, "wrong-secret"));
    assert_eq!(r.headers.get("capture-event-id").unwrap().to_str().unwrap(), id_str);
    // The worker records the delivery right after the receiver's 2xx.
    for _ in 0..100 {
        let (attempts, delivered): (i64, Option<i64>) =
            sqlx::query_as("SELECT attempts, delivered_at FROM webhook_outbox WHERE event_id = $1")
                .bind(id_str)
                .fetch_one(&app.sql().await)
                .await
                .unwrap();
        if delivered.is_some() {
            assert_eq!(attempts, 3);
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("delivery never recorded");
}

async fn failure_max_attempts_terminate_cancel_and_expiry_events(db: Db) {
    let rx = Receiver::start(0).await;
    let app = TestApp::spawn(db, Opts { webhook_url: Some(rx.url.clone()), max_attempts: 2, ..Opts::default() }).await;
    let (id, key) = app.mounted().await;
    for _ in 0..2 {
        app.frame_call(&id, "accounts", &key, &json!({"funding_destination": "DEBIT", "card_number": "4000000000000127", "expiry": "12/39", "name": "José Núñez", "postal_code": "94107"})).await;
    }
    let (t_id, _, _) = app.create().await;
    app.terminate(&t_id).await;
    let (c_id, c_key) = app.mounted().await;
    app.frame_call(&c_id, "cancel", &c_key, &json!({})).await;
    let mut short = valid_body();
    short["expires_in"] = json!(60);
    let (_, created) = app.create_raw(None, &short).await;
    let e_id = created["data"]["session_identifier"].as_str().unwrap().to_owned();
    app.clock.advance(61);
    app.get(&e_id).await;

    let events = rx.wait_for("all events", |e| e.len() >= 6).await;
    let failed = of_type(&events, "verification.failed");
    assert_eq!(failed.len(), 2);
    let counts: Vec<(u64, u64)> =
        failed.iter().map(|e| (e["data"]["attempt_count"].as_u64().unwrap(), e["data"]["max_attempts"].as_u64().unwrap())).collect();
    assert!(counts.contains(&(1, 2)) && counts.contains(&(2, 2)), "{counts:?}");
    assert_eq!(of_type(&events, "session.max_attempts_exceeded")[0]["data"]["session_identifier"], id.as_str());
    assert_eq!(of_type(&events, "session.terminated")[0]["data"]["session_identifier"], t_id.as_str());
    assert_eq!(of_type(&events, "session.canceled")[0]["data"]["session_identifier"], c_id.as_str());
    assert_eq!(of_type(&events, "session.expired")[0]["data"]["session_identifier"], e_id.as_str());
    let ids: std::collections::HashSet<&str> = events.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), events.len(), "event ids are unique");
    assert!(rx.got.lock().unwrap().iter().all(|r| signature_ok(r, WEBHOOK_SECRET)));
}

async fn a_restart_keeps_sessions_keys_and_the_outbox(db: Db) {
    let rx = Receiver::start(usize::MAX).await;
    let app = TestApp::spawn(db, Opts { webhook_url: Some(rx.url.clone()), ..Opts::default() }).await;
    let (_, created) = app.create_raw(Some("k-restart"), &valid_body()).await;
    let id = created["data"]["session_identifier"].as_str().unwrap().to_owned();
    let (status, _) = app.terminate(&id).await;
    assert_eq!(status, 200);
    // The receiver is failing: the event waits in the outbox.
    while rx.hits.load(std::sync::atomic::Ordering::SeqCst) == 0 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let app = app.restart().await;
    assert_eq!(app.get(&id).await.1["data"]["status"], "terminated");
    let (status, body) = app.create_raw(Some("k-restart"), &valid_body()).await;
    assert_eq!((status.as_u16(), body["data"]["session_identifier"].as_str()), (200, Some(id.as_str())));
    let mut other = valid_body();
    other["client_reference_id"] = json!("changed");
    assert_eq!(app.create_raw(Some("k-restart"), &other).await.0, 409);
    // The receiver recovers; the new process delivers the stored event.
    rx.fail_first.store(0, std::sync::atomic::Ordering::SeqCst);
    let events = rx.wait_for("session.terminated after restart", |e| !of_type(e, "session.terminated").is_empty()).await;
    assert_eq!(of_type(&events, "session.terminated")[0]["data"]["session_identifier"], id.as_str());
}

async fn receiver_down_then_up_gets_every_event_once_signed(db: Db) {
    // Reserve an address, then close it: deliveries meet "connection refused" until it is back.
    let reserved = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = reserved.local_addr().unwrap();
    drop(reserved);
    let url = format!("http://{addr}/webhooks");
    let app = TestApp::spawn(db, Opts { webhook_url: Some(url), ..Opts::default() }).await;
    const SESSIONS: usize = 12;
    let mut ids = Vec::new();
    for _ in 0..SESSIONS {
        let (id, _, _) = app.create().await;
        assert_eq!(app.terminate(&id).await.0, 200);
        ids.push(id);
    }
    // Let several delivery attempts fail against the closed port.
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    let failed_attempts: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(SUM(attempts), 0) AS BIGINT) FROM webhook_outbox WHERE delivered_at IS NULL")
        .fetch_one(&app.sql().await)
        .await
        .unwrap();
    assert!(failed_attempts >= SESSIONS as i64, "deliveries were tried while the receiver was down");

    let rx = Receiver::start_on(tokio::net::TcpListener::bind(addr).await.unwrap(), 0);
    let events = rx.wait_for("every session.terminated", |e| {
        let sessions: std::collections::HashSet<_> = of_type(e, "session.terminated").iter().map(|v| v["data"]["session_identifier"].clone()).collect();
        sessions.len() == SESSIONS
    }).await;
    for id in &ids {
        let event_ids: std::collections::HashSet<_> = of_type(&events, "session.terminated")
            .iter()
            .filter(|e| e["data"]["session_identifier"] == id.as_str())
            .map(|e| e["id"].as_str().unwrap().to_owned())
            .collect();
        assert_eq!(event_ids.len(), 1, "session {id}: one event id, never the same event under two ids");
    }
    for r in rx.got.lock().unwrap().iter() {
        assert!(signature_ok(r, WEBHOOK_SECRET), "every delivery after the outage is signed");
    }
}

/// An app whose program `test` has a receiver that holds every request while `hold` is set
/// (and an HTTP timeout longer than any test), and whose program `other` has one that answers.
async fn with_a_hanging_receiver(db: Db) -> (std::sync::Arc<std::sync::atomic::AtomicBool>, Receiver, Receiver, TestApp) {
    let hold = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let hanging = Receiver::start_holding(hold.clone()).await;
    let other = Receiver::start(0).await;
    let opts = Opts { webhook_url: Some(hanging.url.clone()), other_webhook_url: Some(other.url.clone()), webhook_timeout_ms: 60_000, ..Opts::default() };
    (hold, hanging, other, TestApp::spawn(db, opts).await)
}

/// Program `test`'s receiver hangs (longer than the test); program `other`'s event is delivered
/// all the same, and `test` never has more than its bound of deliveries in flight.
async fn a_hanging_receiver_of_one_program_never_delays_another_programs_events(db: Db) {
    let (hold, _, other, app) = with_a_hanging_receiver(db).await;
    let bound = app.state().settings.webhook_concurrency_per_program as i64;
    for _ in 0..bound + 4 {
        let (id, _, _) = app.create().await;
        assert_eq!(app.terminate(&id).await.0, 200);
    }
    let leased = "SELECT COUNT(*) FROM webhook_outbox WHERE program_id = 'test' AND lease_owner IS NOT NULL";
    for _ in 0..200 {
        if sqlx::query_scalar::<_, i64>(leased).fetch_one(&app.sql().await).await.unwrap() == bound {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let other_id = app.other_program_event().await;
    let events = other.wait_for_secs("the other program's event while the first one's receiver hangs", 3, |e| !e.is_empty()).await;
    assert_eq!(events[0]["data"]["session_identifier"], other_id.as_str());
    assert!(signature_ok(&other.got.lock().unwrap()[0], WEBHOOK_SECRET));
    assert_eq!(sqlx::query_scalar::<_, i64>(leased).fetch_one(&app.sql().await).await.unwrap(), bound, "in flight: the bound, no more");
    hold.store(false, std::sync::atomic::Ordering::SeqCst);
}

/// An attempt that outlives its lease (here: the clock jumps an hour while the receiver hangs)
/// is not claimed again by the node sending it, so it cannot be sent twice when the attempt
/// ends just as the new claim is made (as `gate::other_exits…` once saw).
async fn an_attempt_outliving_its_lease_is_sent_once(db: Db) {
    let (hold, rx, other, app) = with_a_hanging_receiver(db).await;
    let (id, _, _) = app.create().await;
    assert_eq!(app.terminate(&id).await.0, 200);
    let lease = "SELECT lease_until_ms FROM webhook_outbox WHERE program_id = 'test'";
    let mut leased = None;
    for _ in 0..200 {
        leased = sqlx::query_scalar::<_, Option<i64>>(lease).fetch_one(&app.sql().await).await.unwrap();
        if leased.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let leased = leased.expect("the event is claimed");
    app.clock.advance(3600);
    // Passes of the worker after the lease ran out: another program's event wakes it, and
    // waiting for that event to arrive means the pass that claimed it is over.
    app.other_program_event().await;
    other.wait_for_secs("the other program's event", 3, |e| !e.is_empty()).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let now = sqlx::query_scalar::<_, Option<i64>>(lease).fetch_one(&app.sql().await).await.unwrap();
    assert_eq!(now, Some(leased), "the node sending the event did not claim it again");
    hold.store(false, std::sync::atomic::Ordering::SeqCst);
    rx.wait_for("the held event", |e| e.len() == 1).await;
    let delivered = "SELECT COUNT(*) FROM webhook_outbox WHERE program_id = 'test' AND delivered_at IS NOT NULL";
    for _ in 0..200 {
        if sqlx::query_scalar::<_, i64>(delivered).fetch_one(&app.sql().await).await.unwrap() == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(rx.hits.load(std::sync::atomic::Ordering::SeqCst), 1, "sent once");
    assert_eq!(sqlx::query_scalar::<_, i64>(delivered).fetch_one(&app.sql().await).await.unwrap(), 1, "recorded by its attempt");
}

/// A receiver that fails for 3 days: the event is `failed` and no longer tried.
async fn an_event_failing_for_three_days_is_failed(db: Db) {
    let rx = Receiver::start(usize::MAX).await;
    let app = TestApp::spawn(db, Opts { webhook_url: Some(rx.url.clone()), ..Opts::default() }).await;
    let (id, _, _) = app.create().await;
    app.terminate(&id).await;
    while rx.hits.load(std::sync::atomic::Ordering::SeqCst) == 0 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let failed = "SELECT COUNT(*) FROM webhook_outbox WHERE failed_at IS NOT NULL";
    assert_eq!(sqlx::query_scalar::<_, i64>(failed).fetch_one(&app.sql().await).await.unwrap(), 0, "failing, still retried");
    app.clock.advance(3 * 86_400);
    for _ in 0..200 {
        if sqlx::query_scalar::<_, i64>(failed).fetch_one(&app.sql().await).await.unwrap() == 1 {
            let hits = rx.hits.load(std::sync::atomic::Ordering::SeqCst);
            tokio::time::sleep(std::time::Duration::from_millis(600)).await;
            assert_eq!(rx.hits.load(std::sync::atomic::Ordering::SeqCst), hits, "a failed event is not tried again");
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("the event never failed");
}

crate::both!(
    a_hanging_receiver_of_one_program_never_delays_another_programs_events: multi_thread,
    an_attempt_outliving_its_lease_is_sent_once,
    an_event_failing_for_three_days_is_failed,
    completed_webhook_is_signed_unique_and_retried_through_failures,
    failure_max_attempts_terminate_cancel_and_expiry_events,
    a_restart_keeps_sessions_keys_and_the_outbox,
    receiver_down_then_up_gets_every_event_once_signed,
);
