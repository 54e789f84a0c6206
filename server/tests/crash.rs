//! Fault test: the real `capture-server` binary is killed with SIGKILL during a burst of creates
//! with Idempotency-Keys, then restarted on the same SQLite file. Every create that was answered
//! 100/101 still has its session, repeating each key answers 101 with the same id, and no key
//! ever maps to two sessions.

#[path = "api/common.rs"]
mod common;

use common::{config_toml, free_port, Node, Opts, API_KEY, ORIGIN};
use futures::stream::{FuturesUnordered, StreamExt};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::time::Duration;

const KEYS: usize = 400;
const CONCURRENCY: usize = 24;
/// Kill after this many answers: well inside the burst, so requests are still in flight.
const KILL_AFTER: usize = 120;

/// The server on a fixed port and SQLite file, so a restart finds both again.
async fn start(dir: &std::path::Path, port: u16) -> Node {
    let config = dir.join("capture.toml");
    std::fs::write(&config, config_toml(&Opts::default())).unwrap();
    Node::start(dir, "server", &config, &format!("sqlite://{}", dir.join("capture.db").display()), port).await
}

fn body(i: usize) -> Value {
    json!({
        "participant_unique_id1": format!("crash-{i}"),
        "host_uri": ORIGIN,
        "recipient": {"first_name": "Ada", "last_name": "Lovelace", "postal_code": "94107"},
    })
}

/// One create: `Some((status code, session id))` when answered, `None` when the connection died.
async fn create(client: &reqwest::Client, base: &str, i: usize) -> Option<(u64, String)> {
    let res = client
        .post(format!("{base}/v1/sessions"))
        .header("x-api-key", API_KEY)
        .header("idempotency-key", format!("crash-key-{i}"))
        .json(&body(i))
        .send()
        .await
        .ok()?;
    let envelope: Value = res.json().await.ok()?;
    Some((envelope["status"].as_u64()?, envelope["data"]["session_identifier"].as_str()?.to_owned()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_during_a_burst_loses_no_answered_session() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let client = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap();

    let server = start(dir.path(), port).await;
    let base = server.base.clone();
    let mut answered: HashMap<usize, String> = HashMap::new();
    let mut in_flight = FuturesUnordered::new();
    let mut next = 0;
    let mut server = Some(server);
    while next < KEYS || !in_flight.is_empty() {
        while next < KEYS && in_flight.len() < CONCURRENCY && server.is_some() {
            let (client, base, i) = (client.clone(), base.clone(), next);
            in_flight.push(async move { (i, create(&client, &base, i).await) });
            next += 1;
        }
        let Some((i, outcome)) = in_flight.next().await else { break };
        if let Some((status, id)) = outcome {
            assert!(status == 100 || status == 101, "key {i} answered {status}");
            answered.insert(i, id);
        }
        if answered.len() == KILL_AFTER {
            if let Some(s) = server.take() {
                s.kill9();
            }
        }
    }
    assert!(answered.len() >= KILL_AFTER, "the burst got {} answers before the kill", answered.len());
    assert!(answered.len() < KEYS, "the kill landed after the burst; nothing was in flight");
    eprintln!("{} of {KEYS} creates answered before SIGKILL; the rest died in flight or were never sent", answered.len());

    let server = start(dir.path(), port).await;
    let mut ids_per_key: HashMap<usize, String> = HashMap::new();
    for i in 0..KEYS {
        let (status, id) = create(&client, &server.base, i).await.expect("restarted server answers");
        if let Some(before) = answered.get(&i) {
            assert_eq!(status, 101, "key {i} was answered before the crash, so repeating it is idempotent");
            assert_eq!(&id, before, "key {i} must keep its session across the crash");
        }
        // Whatever the crash left, a second repeat is idempotent and stable.
        let (again_status, again_id) = create(&client, &server.base, i).await.unwrap();
        assert_eq!((again_status, &again_id), (101, &id), "key {i} repeated");
        ids_per_key.insert(i, id);
    }
    let distinct: HashSet<_> = ids_per_key.values().collect();
    assert_eq!(distinct.len(), KEYS, "no two keys share a session");
    server.kill9();

    // And in the database itself: one session per key, no orphan session from a half-done create.
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", dir.path().join("capture.db").display())).await.unwrap();
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions").fetch_one(&pool).await.unwrap();
    let keyed: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT session_id) FROM idempotency_keys WHERE session_id IS NOT NULL")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(keyed, KEYS as i64, "every key maps to exactly one session");
    assert_eq!(sessions, KEYS as i64, "no session exists without its key (the claim and the insert commit together)");
}
