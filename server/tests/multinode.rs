//! Many nodes as one service: three real `capture-server` processes on loopback sharing one
//! PostgreSQL database (a fresh database on the throwaway cluster of `scripts/pg`). Every
//! guarantee the API makes must hold across them, including while a node is killed.

#[path = "api/common.rs"]
mod common;

use common::*;
use futures::stream::{FuturesUnordered, StreamExt};
use serde_json::{json, Value};
use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

/// Three nodes with one configuration, one database.
struct Cluster {
    dir: tempfile::TempDir,
    db_url: String,
    config: std::path::PathBuf,
    nodes: Vec<Option<Node>>,
    client: reqwest::Client,
}

impl Cluster {
    async fn start(opts: Opts, tweak: impl Fn(String) -> String) -> Cluster {
        let dir = tempfile::tempdir().unwrap();
        let db_url = fresh_postgres_database().await;
        let config = dir.path().join("capture.toml");
        std::fs::write(&config, tweak(config_toml(&opts))).unwrap();
        let mut cluster = Cluster { dir, db_url, config, nodes: Vec::new(), client: reqwest::Client::new() };
        for _ in 0..3 {
            cluster.add_node().await;
        }
        cluster
    }

    async fn add_node(&mut self) -> usize {
        let i = self.nodes.len();
        let node = Node::start(self.dir.path(), &format!("node{i}"), &self.config, &self.db_url, free_port()).await;
        self.nodes.push(Some(node));
        i
    }

    fn base(&self, i: usize) -> String {
        self.nodes[i].as_ref().expect("node is up").base.clone()
    }

    fn alive(&self) -> Vec<usize> {
        (0..self.nodes.len()).filter(|i| self.nodes[*i].is_some()).collect()
    }

    fn kill(&mut self, i: usize) {
        self.nodes[i].take().expect("node is up").kill9();
    }

    async fn sql(&self) -> sqlx::PgPool {
        sqlx::PgPool::connect(&self.db_url).await.unwrap()
    }

    async fn create(&self, node: usize, key: Option<&str>, body: &Value) -> Option<(u16, Value)> {
        let mut req = self.client.post(format!("{}/v1/sessions", self.base(node))).header("x-api-key", API_KEY).json(body);
        if let Some(k) = key {
            req = req.header("idempotency-key", k);
        }
        let res = req.timeout(Duration::from_secs(20)).send().await.ok()?;
        let status = res.status().as_u16();
        Some((status, res.json().await.ok()?))
    }

    /// A new session, created on `node`: `(id, mount token)`.
    async fn session(&self, node: usize, key: &str) -> (String, String) {
        let (status, body) = self.create(node, Some(key), &valid_body()).await.unwrap();
        assert_eq!(status, 201, "{body}");
        split_url(&body["data"]["authorized_url"])
    }

    async fn mount(&self, node: usize, id: &str, token: &str, key: &Key) -> (u16, Value) {
        let body = json!({"mount_token": token, "jwk": key.jwk()});
        let res = mount_request(&self.client, &self.base(node), id, &body, key, now()).send().await.unwrap();
        (res.status().as_u16(), res.json().await.unwrap())
    }

    async fn frame_send(&self, node: usize, path: &str, proof: &str, body: &[u8]) -> (u16, Value) {
        let res = self
            .client
            .post(format!("{}{path}", self.base(node)))
            .header("content-type", "application/json")
            .header("capture-proof", proof)
            .body(body.to_vec())
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.json().await.unwrap())
    }
}

fn now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64
}

fn keyed_body(i: usize) -> Value {
    let mut body = valid_body();
    body["participant_unique_id1"] = json!(format!("multi-{i}"));
    body
}

/// Same-key creates spread over the nodes while one is killed mid-burst: every key answered
/// before the kill replays 101 with its session on every surviving node, and no key maps to two
/// sessions.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn same_key_creates_over_three_nodes_survive_a_sigkill() {
    const KEYS: usize = 300;
    const KILL_AFTER: usize = 100;
    let mut cluster = Cluster::start(Opts::default(), |c| c).await;
    let bases: Vec<String> = (0..3).map(|i| cluster.base(i)).collect();
    let client = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
    let create = |base: String, i: usize, round: usize| {
        let client = client.clone();
        async move {
            let res = client
                .post(format!("{base}/v1/sessions"))
                .header("x-api-key", API_KEY)
                .header("idempotency-key", format!("multi-key-{i}"))
                .json(&keyed_body(i))
                .send()
                .await
                .ok()?;
            let envelope: Value = res.json().await.ok()?;
            Some((i, round, envelope["status"].as_u64()?, envelope["data"]["session_identifier"].as_str()?.to_owned()))
        }
    };
    // Each key is sent twice at once, to two different nodes: the same key races across nodes.
    let mut in_flight = FuturesUnordered::new();
    let mut answered: HashMap<usize, String> = HashMap::new();
    let mut next = 0;
    let mut killed = false;
    while next < KEYS || !in_flight.is_empty() {
        while next < KEYS && in_flight.len() < 32 {
            in_flight.push(create(bases[next % 3].clone(), next, 0));
            in_flight.push(create(bases[(next + 1) % 3].clone(), next, 1));
            next += 1;
        }
        let Some(outcome) = in_flight.next().await else { break };
        if let Some((i, _, status, id)) = outcome {
            assert!(status == 100 || status == 101, "key {i} answered {status}");
            if let Some(before) = answered.insert(i, id.clone()) {
                assert_eq!(before, id, "key {i} answered with two sessions");
            }
        }
        if answered.len() >= KILL_AFTER && !killed {
            cluster.kill(0);
            killed = true;
        }
    }
    assert!(killed && answered.len() >= KILL_AFTER);
    for node in cluster.alive() {
        for (i, id) in &answered {
            let (status, body) = cluster.create(node, Some(&format!("multi-key-{i}")), &keyed_body(*i)).await.unwrap();
            assert_eq!((status, body["status"].as_u64()), (200, Some(101)), "key {i} on node {node}: {body}");
            assert_eq!(body["data"]["session_identifier"].as_str(), Some(id.as_str()), "key {i} keeps its session on node {node}");
        }
    }
    let pool = cluster.sql().await;
    let orphans: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sessions s WHERE NOT EXISTS (SELECT 1 FROM idempotency_keys k WHERE k.session_id = s.id)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(orphans, 0, "no session exists without its key");
    let per_key: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM idempotency_keys").fetch_one(&pool).await.unwrap();
    let sessions: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions").fetch_one(&pool).await.unwrap();
    assert_eq!(per_key, sessions, "one session per key");
}

/// Two browsers with two fresh URLs of one session mount at once on two nodes: exactly one binds,
/// the other is `bound_to_other_device` (repeated, so a lucky interleaving cannot pass).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_browsers_racing_on_two_nodes_bind_exactly_once() {
    let cluster = Cluster::start(Opts::default(), |c| c).await;
    for round in 0..30 {
        let key = format!("race-{round}");
        let (id, token_a) = cluster.session(round % 3, &key).await;
        let (_, again) = cluster.create((round + 1) % 3, Some(&key), &valid_body()).await.unwrap();
        let (_, token_b) = split_url(&again["data"]["authorized_url"]);
        let (browser_a, browser_b) = (Key::new(), Key::new());
        let (a, b) = tokio::join!(
            cluster.mount(round % 3, &id, &token_a, &browser_a),
            cluster.mount((round + 1) % 3, &id, &token_b, &browser_b)
        );
        let mut statuses = [a.0, b.0];
        statuses.sort();
        assert_eq!(statuses, [200, 403], "round {round}: {a:?} {b:?}");
        let refused = if a.0 == 403 { &a.1 } else { &b.1 };
        assert_eq!(refused["data"]["error"], "bound_to_other_device");
        let bound: Option<String> = sqlx::query_scalar("SELECT bound_thumbprint FROM sessions WHERE id = $1")
            .bind(&id)
            .fetch_one(&cluster.sql().await)
            .await
            .unwrap();
        assert!(bound.is_some());
    }
}

/// One mount token raced on three nodes: spent once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_mount_token_on_three_nodes_is_spent_once() {
    let cluster = Cluster::start(Opts::default(), |c| c).await;
    for round in 0..10 {
        let (id, token) = cluster.session(round % 3, &format!("token-{round}")).await;
        let key = Key::new();
        let (a, b, c) = tokio::join!(cluster.mount(0, &id, &token, &key), cluster.mount(1, &id, &token, &key), cluster.mount(2, &id, &token, &key));
        let mut statuses = [a.0, b.0, c.0];
        statuses.sort();
        assert_eq!(statuses, [200, 410, 410], "round {round}");
    }
}

/// Concurrent verification misses sent to two nodes stop at exactly `max_attempts`.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_mismatches_over_two_nodes_end_at_exactly_max_attempts() {
    let cluster = Cluster::start(Opts { max_attempts: 3, ..Opts::default() }, |c| c).await;
    for round in 0..5 {
        let (id, token) = cluster.session(0, &format!("miss-{round}")).await;
        let key = Key::new();
        assert_eq!(cluster.mount(0, &id, &token, &key).await.0, 200);
        let path = format!("/frame/v1/sessions/{id}/accounts");
        let miss = serde_json::to_vec(&json!({"funding_destination": "DEBIT", "card_number": "4000000000000127", "expiry": "12/39", "name": "José Núñez", "postal_code": "94107"})).unwrap();
        let sends: Vec<_> = (0..8)
            .map(|i| {
                let proof = key.proof("POST", &path, &miss, now(), &random_jti());
                let (path, miss) = (path.clone(), miss.clone());
                let cluster = &cluster;
                async move { cluster.frame_send(1 + i % 2, &path, &proof, &miss).await }
            })
            .collect();
        let answers = futures::future::join_all(sends).await;
        let outcomes: Vec<&str> = answers.iter().filter(|(s, _)| *s == 200).map(|(_, b)| b["data"]["outcome"].as_str().unwrap()).collect();
        assert_eq!(outcomes.len(), 3, "round {round}: exactly max_attempts misses count: {answers:?}");
        assert_eq!(outcomes.iter().filter(|o| **o == "max_attempts_exceeded").count(), 1, "{outcomes:?}");
        for (s, b) in answers.iter().filter(|(s, _)| *s != 200) {
            assert_eq!((*s, b["data"]["error"].as_str()), (409, Some("session_not_active")), "{b}");
        }
        let (count, status): (i64, String) = sqlx::query_as("SELECT attempt_count, status FROM sessions WHERE id = $1")
            .bind(&id)
            .fetch_one(&cluster.sql().await)
            .await
            .unwrap();
        assert_eq!((count, status.as_str()), (3, "max_attempts_exceeded"));
    }
}

/// One proof sent to every node at once is accepted by one of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_proof_on_three_nodes_is_accepted_once() {
    let cluster = Cluster::start(Opts::default(), |c| c).await;
    for round in 0..10 {
        let (id, token) = cluster.session(0, &format!("proof-{round}")).await;
        let key = Key::new();
        assert_eq!(cluster.mount(0, &id, &token, &key).await.0, 200);
        let path = format!("/frame/v1/sessions/{id}/cancel");
        let proof = key.proof("POST", &path, b"{}", now(), &random_jti());
        let (a, b, c) = tokio::join!(
            cluster.frame_send(0, &path, &proof, b"{}"),
            cluster.frame_send(1, &path, &proof, b"{}"),
            cluster.frame_send(2, &path, &proof, b"{}")
        );
        let accepted = [&a, &b, &c].iter().filter(|(s, _)| *s == 200).count();
        assert_eq!(accepted, 1, "round {round}: {a:?} {b:?} {c:?}");
        for (s, body) in [&a, &b, &c].into_iter().filter(|(s, _)| *s != 200) {
            assert_eq!((*s, body["data"]["error"].as_str()), (401, Some("proof_replayed")));
        }
    }
}

/// Events leased by a node that is then killed are delivered by the others, each signed, each
/// generated once.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn events_leased_by_a_killed_node_are_delivered_by_the_others() {
    const SESSIONS: usize = 10;
    let hold = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let rx = Receiver::start_holding(hold.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let db_url = fresh_postgres_database().await;
    let config = dir.path().join("capture.toml");
    std::fs::write(&config, config_toml(&Opts { webhook_url: Some(rx.url.clone()), ..Opts::default() })).unwrap();
    // One node first: it alone queues and leases every event, and hangs on the receiver.
    let first = Node::start(dir.path(), "first", &config, &db_url, free_port()).await;
    let client = reqwest::Client::new();
    let mut ids = Vec::new();
    for _ in 0..SESSIONS {
        let res = client.post(format!("{}/v1/sessions", first.base)).header("x-api-key", API_KEY).json(&valid_body()).send().await.unwrap();
        let (id, _) = split_url(&res.json::<Value>().await.unwrap()["data"]["authorized_url"]);
        client.post(format!("{}/v1/sessions/{id}/terminate", first.base)).header("x-api-key", API_KEY).send().await.unwrap();
        ids.push(id);
    }
    let pool = sqlx::PgPool::connect(&db_url).await.unwrap();
    // Wait until every event exists and the first node holds leases on some (its attempts time
    // out after 1 s against the hanging receiver, so the set it holds changes as it retries).
    let deadline = Instant::now() + Duration::from_secs(10);
    let held: Vec<String> = loop {
        let generated: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhook_outbox").fetch_one(&pool).await.unwrap();
        let held: Vec<String> = sqlx::query_scalar("SELECT event_id FROM webhook_outbox WHERE lease_owner IS NOT NULL AND delivered_at IS NULL")
            .fetch_all(&pool)
            .await
            .unwrap();
        if generated == SESSIONS as i64 && !held.is_empty() {
            break held;
        }
        assert!(Instant::now() < deadline, "the first node should lease events while the receiver hangs");
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    first.kill9();
    hold.store(false, std::sync::atomic::Ordering::SeqCst);
    // The others start after the kill and take the events over once the dead node's leases run out.
    let _a = Node::start(dir.path(), "second", &config, &db_url, free_port()).await;
    let _b = Node::start(dir.path(), "third", &config, &db_url, free_port()).await;
    let events = rx
        .wait_for_secs("every session.terminated from the surviving nodes", 40, |e| {
            e.iter().filter(|e| e["type"] == "session.terminated").map(|e| e["data"]["session_identifier"].clone()).collect::<HashSet<_>>().len()
                == SESSIONS
        })
        .await;
    for r in rx.got.lock().unwrap().iter() {
        assert!(signature_ok(r, WEBHOOK_SECRET), "every delivery is signed");
    }
    let generated: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhook_outbox").fetch_one(&pool).await.unwrap();
    assert_eq!(generated, SESSIONS as i64, "one event per termination, none generated twice");
    let ids_seen: HashSet<String> = events.iter().map(|e| e["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(ids_seen.len(), SESSIONS, "each event keeps its id across the takeover");
    for id in &held {
        assert!(ids_seen.contains(id), "{id}, leased by the killed node, was delivered by the others");
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let pending: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM webhook_outbox WHERE delivered_at IS NULL").fetch_one(&pool).await.unwrap();
        if pending == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "{pending} events still undelivered");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Three reapers over many overdue sessions expire each exactly once: one `session.expired` each.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_reapers_expire_each_session_once() {
    const SESSIONS: usize = 40;
    let rx = Receiver::start(0).await;
    let cluster = Cluster::start(Opts { webhook_url: Some(rx.url.clone()), ..Opts::default() }, |c| {
        c.replace("reaper_interval_secs = 3600", "reaper_interval_secs = 1")
    })
    .await;
    let mut ids = Vec::new();
    for i in 0..SESSIONS {
        let (status, body) = cluster.create(i % 3, None, &valid_body()).await.unwrap();
        assert_eq!(status, 201);
        ids.push(split_url(&body["data"]["authorized_url"]).0);
    }
    // Their TTL passes (the nodes run on the real clock, so the rows are aged instead).
    sqlx::query("UPDATE sessions SET expires_at = $1").bind(now() - 1).execute(&cluster.sql().await).await.unwrap();
    let events = rx
        .wait_for_secs("a session.expired per session", 30, |e| e.iter().filter(|e| e["type"] == "session.expired").count() >= SESSIONS)
        .await;
    // A few more reaper passes on every node must add nothing.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let expired: Vec<Value> = rx.events().into_iter().filter(|e| e["type"] == "session.expired").collect();
    assert_eq!(expired.len(), SESSIONS, "{} expired events for {SESSIONS} sessions", expired.len());
    let per_session: HashSet<_> = events.iter().filter(|e| e["type"] == "session.expired").map(|e| e["data"]["session_identifier"].clone()).collect();
    assert_eq!(per_session.len(), SESSIONS);
    let generated: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhook_outbox WHERE event_type = 'session.expired'")
        .fetch_one(&cluster.sql().await)
        .await
        .unwrap();
    assert_eq!(generated, SESSIONS as i64);
}

/// The decision gate over three nodes: created on one, mounted on another, submitted on the
/// third; continues and stops race on every node and exactly one settles each session; every
/// node's status poll then gives the same answer, and a continued session's receipt verifies
/// against any node's JWKS and names the one `session.completed` row.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn decisions_race_across_nodes_and_every_node_polls_the_same_answer() {
    const SESSIONS: usize = 6;
    let cluster = Cluster::start(Opts { webhook_url: Some("http://127.0.0.1:9/webhooks".into()), ..Opts::default() }, |c| c).await;
    let mut gated = valid_body();
    gated["decision_gate"] = json!(true);
    let card = serde_json::to_vec(&debit("4242424242424242", "José Núñez", "94107")).unwrap();
    let mut sessions = Vec::new();
    for i in 0..SESSIONS {
        let (status, body) = cluster.create(i % 3, None, &gated).await.unwrap();
        assert_eq!(status, 201, "{body}");
        let (id, token) = split_url(&body["data"]["authorized_url"]);
        let key = Key::new();
        assert_eq!(cluster.mount((i + 1) % 3, &id, &token, &key).await.0, 200);
        let path = format!("/frame/v1/sessions/{id}/accounts");
        let (status, body) = cluster.frame_send((i + 2) % 3, &path, &key.proof("POST", &path, &card, now(), &random_jti()), &card).await;
        assert_eq!((status, body["data"]["outcome"].as_str()), (200, Some("awaiting_decision")), "{body}");
        sessions.push((id, key));
    }
    let poll = |node: usize, id: String, key: &Key| {
        let path = format!("/frame/v1/sessions/{id}/status");
        let proof = key.proof("POST", &path, b"{}", now(), &random_jti());
        let cluster = &cluster;
        async move { cluster.frame_send(node, &path, &proof, b"{}").await }
    };
    for (id, key) in &sessions {
        assert_eq!(poll(0, id.clone(), key).await.1["data"], json!({"decision": "pending"}));
    }
    let mut races = FuturesUnordered::new();
    for (s, (id, _)) in sessions.iter().enumerate() {
        for n in 0..6 {
            let url = format!("{}/v1/sessions/{id}/{}", cluster.base(n % 3), if (n + s) % 2 == 0 { "continue" } else { "stop" });
            let client = cluster.client.clone();
            races.push(async move {
                let res = client.post(url).header("x-api-key", API_KEY).send().await.unwrap();
                (s, res.status().as_u16(), res.json::<Value>().await.unwrap())
            });
        }
    }
    let mut won: HashMap<usize, Vec<String>> = HashMap::new();
    while let Some((s, status, body)) = races.next().await {
        match status {
            200 => won.entry(s).or_default().push(body["data"]["status"].as_str().unwrap().to_owned()),
            _ => assert_eq!((status, body["status"].as_u64()), (409, Some(13738)), "{body}"),
        }
    }
    let jwks: Value = cluster.client.get(format!("{}/.well-known/jwks.json", cluster.base(2))).send().await.unwrap().json().await.unwrap();
    let db = cluster.sql().await;
    for (s, (id, key)) in sessions.iter().enumerate() {
        let winners = &won[&s];
        assert_eq!(winners.len(), 1, "session {s}: {winners:?}");
        let answers: Vec<Value> = futures::future::join_all((0..3).map(|n| poll(n, id.clone(), key))).await.into_iter().map(|(_, b)| b["data"].clone()).collect();
        assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
        let events: Vec<(String, String)> = sqlx::query_as("SELECT event_id, event_type FROM webhook_outbox WHERE session_id = $1 AND event_type IN ('session.completed', 'session.stopped')")
            .bind(id)
            .fetch_all(&db)
            .await
            .unwrap();
        assert_eq!(events.len(), 1, "one decision event: {events:?}");
        let vaulted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM vault_entries WHERE session_id = $1").bind(id).fetch_one(&db).await.unwrap();
        if winners[0] == "completed" {
            assert_eq!(answers[0]["decision"], "continued");
            let claims = verify_receipt(answers[0]["receipt"].as_str().unwrap(), &jwks).unwrap();
            assert_eq!((claims["event_id"].as_str(), events[0].1.as_str()), (Some(events[0].0.as_str()), "session.completed"));
            assert_eq!(vaulted, 1);
        } else {
            assert_eq!((answers[0].clone(), events[0].1.as_str(), vaulted), (json!({"decision": "stopped"}), "session.stopped", 0));
        }
    }
}
