//! Webhook delivery from the durable outbox: events are claimed per program under a lease
//! (this node's id, for the HTTP timeout plus a margin), POSTed concurrently, and recorded
//! only by their lease holder; a failed attempt is retried with exponential backoff until a
//! 2xx, for 3 days, and the event is `failed` after that. Each program has at most
//! `webhook_concurrency_per_program` deliveries in flight on a node, and the worker never waits
//! for one to finish before claiming more, so a program whose receiver hangs holds only its own
//! events. A node that dies mid-delivery leaves its leases to run out and any node picks the
//! events up again; one that shuts down gives them back at once. Each request carries
//! `Capture-Event-Id: evt_…` and `Capture-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.

use crate::config::Program;
use crate::signing::{sign, SIGNATURE_HEADER};
use crate::state::AppState;
use crate::store::outbox::ClaimedEvent;
use crate::store::StoreError;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const EVENT_ID_HEADER: &str = "Capture-Event-Id";

/// The delay before attempt `attempts + 1`: base · 2^attempts, capped.
pub fn backoff_ms(base: u64, cap: u64, attempts: i64) -> u64 {
    let shift = attempts.clamp(0, 30) as u32;
    base.saturating_mul(1u64 << shift).min(cap)
}

/// This node's deliveries in flight: how many per program, and which events (a bound on this
/// node's work, not a guarantee: which node sends an event is decided by the leases in the
/// database).
#[derive(Default)]
struct InFlight(Mutex<Running>);

#[derive(Default)]
struct Running {
    per_program: HashMap<String, usize>,
    events: HashSet<String>,
}

/// One delivery's place in [`InFlight`], given back when the delivery ends or is aborted.
struct Slot {
    in_flight: Arc<InFlight>,
    program: String,
    event_id: String,
}

impl InFlight {
    fn lock(&self) -> std::sync::MutexGuard<'_, Running> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many more deliveries `program` may start.
    fn free(&self, program: &str, limit: usize) -> usize {
        limit.saturating_sub(self.lock().per_program.get(program).copied().unwrap_or(0))
    }

    /// The events this node is sending. The claim leaves them out: a slow attempt's lease can
    /// run out (e.g. after a clock jump) and, were it claimed again, the attempt could record
    /// its delivery and end between that claim and the new attempt's start, sending it twice.
    /// A slot ends only after its attempt is recorded, so an event missing here is either
    /// recorded or never claimed by this node.
    fn sending(&self) -> Vec<String> {
        self.lock().events.iter().cloned().collect()
    }

    /// A slot for this delivery.
    fn take(self: &Arc<Self>, program: &str, event_id: &str) -> Slot {
        let mut running = self.lock();
        running.events.insert(event_id.to_owned());
        *running.per_program.entry(program.to_owned()).or_default() += 1;
        Slot { in_flight: self.clone(), program: program.to_owned(), event_id: event_id.to_owned() }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut running = self.in_flight.lock();
        running.events.remove(&self.event_id);
        if let Some(n) = running.per_program.get_mut(&self.program) {
            *n = n.saturating_sub(1);
        }
    }
}

/// The programs that can take webhooks (an event of a program that left the configuration, or
/// has no secret, is never claimed, so never signed with an empty secret: it waits pending).
fn deliverable(state: &AppState) -> impl Iterator<Item = &Arc<Program>> {
    state.settings.programs.iter().filter(|p| !p.webhook_secret.is_empty())
}

/// Claims the due events of every program with a free slot, up to its free slots, and starts
/// their deliveries in `deliveries`. Returns how many were claimed.
async fn claim_and_start(state: &AppState, in_flight: &Arc<InFlight>, deliveries: &mut tokio::task::JoinSet<()>) -> Result<usize, StoreError> {
    let limit = state.settings.webhook_concurrency_per_program;
    let ready: Vec<(&Arc<Program>, usize)> = deliverable(state).map(|p| (p, in_flight.free(&p.id, limit))).filter(|(_, free)| *free > 0).collect();
    if ready.is_empty() {
        return Ok(0);
    }
    let now_ms = state.now_ms();
    // The lease outlives one delivery attempt (the HTTP timeout) with room to record it.
    let lease_until = now_ms + state.settings.webhook_timeout_ms as i64 + 5_000;
    let sending = in_flight.sending();
    let mut claimed = Vec::new();
    let mut tx = state.store.begin().await?;
    for (program, free) in ready {
        for ev in tx.claim_events(&state.node_id, &program.id, now_ms, lease_until, free as i64, &sending).await? {
            claimed.push((program.clone(), ev));
        }
    }
    tx.commit().await?;
    let n = claimed.len();
    for (program, ev) in claimed {
        let slot = in_flight.take(&program.id, &ev.event_id);
        let state = state.clone();
        deliveries.spawn(async move {
            let event_id = ev.event_id.clone();
            if let Err(e) = deliver(&state, &program, ev).await {
                tracing::warn!(event_id = %event_id, error = %e, "could not record a webhook attempt; its lease will run out");
            }
            drop(slot);
            // Its program may claim again.
            state.webhook_nudge.notify_one();
        });
    }
    Ok(n)
}

/// One attempt at one leased event.
async fn deliver(state: &AppState, program: &Program, ev: ClaimedEvent) -> Result<(), StoreError> {
    let owner = &state.node_id;
    let t = state.now();
    let result = state
        .http
        .post(&ev.url)
        .header("content-type", "application/json")
        .header(EVENT_ID_HEADER, &ev.event_id)
        .header(SIGNATURE_HEADER, sign(&program.webhook_secret, t, &ev.payload))
        .body(ev.payload.clone())
        .send()
        .await;
    let status = result.as_ref().ok().map(|r| i64::from(r.status().as_u16()));
    let mut tx = state.store.begin().await?;
    let recorded = match status {
        Some(s) if (200..300).contains(&s) => {
            let ok = tx.record_delivered(&ev.event_id, owner, t, s).await?;
            if ok {
                tracing::info!(event_id = %ev.event_id, attempts = ev.attempts + 1, "webhook delivered");
            }
            ok
        }
        _ => {
            let delay = backoff_ms(state.settings.webhook_backoff_base_ms, state.settings.webhook_backoff_cap_ms, ev.attempts);
            let now_ms = state.now_ms();
            let outcome = tx.record_failed_attempt(&ev.event_id, owner, now_ms, now_ms + delay as i64, status).await?;
            metrics::counter!("capture_webhook_delivery_failures_total", "program" => program.id.clone()).increment(1);
            match outcome {
                Some(true) => tracing::error!(event_id = %ev.event_id, program = %program.id, attempts = ev.attempts + 1, status = ?status, "webhook failed: retried for 3 days; redeliver it with POST /v1/events/{{id}}/redeliver"),
                Some(false) => tracing::warn!(event_id = %ev.event_id, attempts = ev.attempts + 1, status = ?status, retry_in_ms = delay, "webhook delivery failed"),
                None => {}
            }
            outcome.is_some()
        }
    };
    tx.commit().await?;
    if !recorded {
        tracing::warn!(event_id = %ev.event_id, "webhook lease lost before the attempt was recorded; another node owns the event now");
    }
    Ok(())
}

/// Claims and delivers due events without waiting on any one delivery, then sleeps until the
/// next event of a program with a free slot is due, the poll interval passes, this node queued
/// an event, or a delivery ended. Aborting this task aborts its deliveries (their leases run out,
/// or [`release_leases`] gives them back).
pub async fn run(state: AppState) {
    let in_flight = Arc::new(InFlight::default());
    let mut deliveries = tokio::task::JoinSet::new();
    loop {
        while deliveries.try_join_next().is_some() {}
        let claimed = match claim_and_start(&state, &in_flight, &mut deliveries).await {
            Ok(n) => n,
            Err(e) => {
                tracing::warn!(error = %e, "webhook worker pass failed");
                0
            }
        };
        if claimed > 0 {
            continue;
        }
        let poll = state.settings.webhook_poll_ms as i64;
        let limit = state.settings.webhook_concurrency_per_program;
        let ready: Vec<&str> = deliverable(&state).filter(|p| in_flight.free(&p.id, limit) > 0).map(|p| p.id.as_str()).collect();
        let next = state.store.next_event_due_ms(&ready).await.ok().flatten();
        let wait = next.map_or(poll, |n| (n - state.now_ms()).clamp(0, poll)).max(5);
        tokio::select! {
            _ = state.webhook_nudge.notified() => {}
            _ = tokio::time::sleep(Duration::from_millis(wait as u64)) => {}
        }
    }
}

/// Gives back the leases this node holds (at shutdown, after its deliveries were stopped), so
/// another node sends those events now instead of when the leases run out.
pub async fn release_leases(state: &AppState) -> Result<u64, StoreError> {
    let mut tx = state.store.begin().await?;
    let n = tx.release_leases(&state.node_id).await?;
    tx.commit().await?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_to_the_cap() {
        let b: Vec<u64> = (0..8).map(|n| backoff_ms(1000, 20_000, n)).collect();
        assert_eq!(b, [1000, 2000, 4000, 8000, 16000, 20000, 20000, 20000]);
        assert_eq!(backoff_ms(1000, u64::MAX, 100), 1000 << 30);
    }

    #[test]
    fn a_program_at_its_bound_has_no_free_slot_until_one_ends() {
        let f = Arc::new(InFlight::default());
        let slots: Vec<Slot> = (0..3).map(|i| f.take("a", &format!("evt_{i}"))).collect();
        assert_eq!((f.free("a", 3), f.free("b", 3)), (0, 3));
        let mut sending = f.sending();
        sending.sort();
        assert_eq!(sending, ["evt_0", "evt_1", "evt_2"], "the claim leaves these out");
        drop(slots);
        assert_eq!(f.free("a", 3), 3);
        assert!(f.sending().is_empty());
    }
}
