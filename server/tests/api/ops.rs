//! Operations over HTTP: `GET /healthz` and `GET /readyz` (ready while the database answers,
//! 503 with the API's error envelope once it does not, while health stays 200); graceful
//! shutdown (a request in flight finishes, leased webhook events are given back).

use crate::common::*;
use reqwest::Method;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn readyz_is_503_when_the_database_does_not_answer(db: Db) {
    let app = TestApp::spawn(db, Opts::default()).await;
    let (s, body) = app.api(Method::GET, "/readyz", "").await;
    assert_eq!((s.as_u16(), body["status"].as_u64()), (200, Some(102)));
    // The database goes away under the running server.
    app.state().store.close().await;
    let (s, body) = app.api(Method::GET, "/readyz", "").await;
    assert_eq!((s.as_u16(), body["status"].as_u64(), body["data"]["error"].as_str()), (503, Some(13742), Some("database_unavailable")), "{body}");
    let (s, body) = app.api(Method::GET, "/healthz", "").await;
    assert_eq!((s.as_u16(), body["status"].as_u64()), (200, Some(102)), "the process still serves");
}

async fn shutdown_finishes_the_request_in_flight_and_gives_back_leased_events(db: Db) {
    let hold = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let rx = Receiver::start_holding(hold.clone()).await;
    let mut app = TestApp::spawn(db, Opts { webhook_url: Some(rx.url.clone()), webhook_timeout_ms: 60_000, ..Opts::default() }).await;
    let (id, _, _) = app.create().await;
    app.terminate(&id).await;
    let leased = "SELECT COUNT(*) FROM webhook_outbox WHERE lease_owner IS NOT NULL";
    let pool = app.sql().await;
    for _ in 0..200 {
        if sqlx::query_scalar::<_, i64>(leased).fetch_one(&pool).await.unwrap() == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(sqlx::query_scalar::<_, i64>(leased).fetch_one(&pool).await.unwrap(), 1, "the hanging delivery holds its lease");
    // A create whose body is still on its way when the shutdown begins.
    let body = serde_json::to_vec(&valid_body()).unwrap();
    let mut conn = tokio::net::TcpStream::connect(app.app.as_ref().unwrap().addr).await.unwrap();
    let head = format!("POST /v1/sessions HTTP/1.1\r\nhost: x\r\nx-api-key: {API_KEY}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len());
    conn.write_all(head.as_bytes()).await.unwrap();
    conn.write_all(&body[..10]).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let running = app.app.take().unwrap();
    let addr = running.addr;
    let shutdown = tokio::spawn(running.shutdown());
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(!shutdown.is_finished(), "the shutdown waits for the request in flight");
    assert!(tokio::net::TcpStream::connect(addr).await.is_err(), "no new connections while draining");
    conn.write_all(&body[10..]).await.unwrap();
    let mut answer = Vec::new();
    conn.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 201"), "the request in flight is answered: {answer}");
    shutdown.await.unwrap();
    assert_eq!(sqlx::query_scalar::<_, i64>(leased).fetch_one(&pool).await.unwrap(), 0, "the lease is given back at shutdown");
    assert_eq!(sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sessions").fetch_one(&pool).await.unwrap(), 2);
    hold.store(false, std::sync::atomic::Ordering::SeqCst);
}

/// Metrics scraped over HTTP from their own listener (the recorder is the process's, shared by
/// the tests running beside this one, so counts are checked as at least this test's).
async fn metrics_are_scraped_from_their_own_listener(db: Db) {
    let rx = Receiver::start(usize::MAX).await;
    let opts = Opts { webhook_url: Some(rx.url.clone()), metrics: true, tables: "[rate_limits]\napi_program_per_second = 2\n".into(), ..Opts::default() };
    let app = TestApp::spawn(db, opts).await;
    let (id, _, _) = app.create().await;
    app.terminate(&id).await;
    while rx.hits.load(std::sync::atomic::Ordering::SeqCst) == 0 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    app.api(Method::GET, "/no/such/path", "").await;
    let mut limited = false;
    for _ in 0..20 {
        if app.api(Method::GET, &format!("/v1/sessions/{id}"), API_KEY).await.0 == 429 {
            limited = true;
            break;
        }
    }
    assert!(limited);
    let addr = app.app.as_ref().unwrap().metrics_addr.expect("a metrics listener");
    // The worker counts the failed attempt after the receiver answered: scrape until it has.
    let mut text = String::new();
    for _ in 0..100 {
        let resp = reqwest::get(format!("http://{addr}/metrics")).await.unwrap();
        assert_eq!(resp.status(), 200);
        text = resp.text().await.unwrap();
        if text.contains(r#"capture_webhook_delivery_failures_total{program="test"}"#) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let value = |prefix: &str| -> f64 {
        text.lines().filter(|l| l.starts_with(prefix)).filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok()).sum()
    };
    let has = |needle: &str| text.lines().any(|l| !l.starts_with('#') && l.contains(needle));
    assert!(value(r#"capture_http_requests_total{route="/v1/sessions",method="POST",status="201"}"#) >= 1.0, "{text}");
    assert!(value(r#"capture_http_requests_total{route="/v1/sessions/{id}",method="GET",status="429"}"#) >= 1.0, "{text}");
    assert!(has(r#"capture_http_requests_total{route="unmatched",method="GET",status="404"}"#), "{text}");
    assert!(has(r#"capture_http_request_duration_seconds_bucket{route="/v1/sessions",method="POST",le="0.1"}"#), "{text}");
    assert!(has("capture_http_request_duration_seconds_count"), "{text}");
    assert!(value(r#"capture_sessions_created_total{program="test"}"#) >= 1.0, "{text}");
    assert!(value(r#"capture_webhook_delivery_failures_total{program="test"}"#) >= 1.0, "{text}");
    assert!(value(r#"capture_rate_limited_total{scope="program"}"#) >= 1.0, "{text}");
    assert!(value("capture_webhook_outbox_depth") >= 1.0, "the failing event is waiting: {text}");
    // Never on the public listener.
    assert_eq!(app.api(Method::GET, "/metrics", "").await.0, 404);
}

crate::both!(metrics_are_scraped_from_their_own_listener, readyz_is_503_when_the_database_does_not_answer, shutdown_finishes_the_request_in_flight_and_gives_back_leased_events: multi_thread);
