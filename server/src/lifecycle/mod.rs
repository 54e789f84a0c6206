//! The session lifecycle: every status change goes through the protocol's pure
//! `SessionStatus::apply`, then a compare-and-set in the store, with the webhook event it emits
//! in the same transaction. Routes call in here; this calls the store; nothing here knows HTTP.

/// Which webhook event a change emits, and its payload.
pub mod events;
/// The hosted page's calls: mount (binding), proof-checked calls, submission, cancel.
pub mod frame;
/// The integrator's calls: create (with idempotency), read, terminate, continue and stop.
pub mod sessions;

use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{SessionRow, Tx};
use capture_protocol::api::ReceiptClaims;
use capture_protocol::{ApiCode, FundingDestination, SessionEvent, SessionId, SessionStatus};
use serde_json::{Map, Value};

/// Whether this node can serve: its database answers a trivial query within 2 s (a database
/// that hangs is as unready as one that refuses).
pub async fn ready(state: &AppState) -> Result<(), ApiError> {
    match tokio::time::timeout(std::time::Duration::from_secs(2), state.store.ping()).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "not ready: the database does not answer");
            Err(ApiError::code(ApiCode::DatabaseUnavailable))
        }
        Err(_) => {
            tracing::warn!("not ready: the database did not answer within 2 s");
            Err(ApiError::code(ApiCode::DatabaseUnavailable))
        }
    }
}

/// Runs `$body` (a block using `$tx: &mut Tx` and evaluating to `Result<T, ApiError>`) in a
/// write transaction and commits it. A transaction that lost a race the database detected (a
/// deadlock, a serialization failure) is run again from the start. A macro, not a function
/// taking a closure: a closure over `&mut Tx` makes the future's `Send`-ness higher-ranked,
/// which the compiler cannot prove for axum's handlers today.
macro_rules! transact {
    ($state:expr, |$tx:ident| $body:block) => {{
        let state: &$crate::state::AppState = $state;
        let mut attempt = 1;
        loop {
            let outcome: Result<_, $crate::error::ApiError> = async {
                let mut tx = state.store.begin().await?;
                let $tx = &mut tx;
                let value: Result<_, $crate::error::ApiError> = async $body.await;
                let value = value?;
                tx.commit().await?;
                Ok(value)
            }
            .await;
            match outcome {
                Err(e) if e.is_retryable() && attempt < $crate::store::MAX_TX_ATTEMPTS => {
                    tracing::info!(attempt, error = %e, "transaction lost a race; running it again");
                    attempt += 1;
                }
                other => break other,
            }
        }
    }};
}
pub(crate) use transact;

/// The serde name of an account validator's error: the `reason` of `invalid_*` answers.
fn account_reason(e: capture_protocol::account::AccountError) -> String {
    serde_json::to_value(e).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

fn not_active(status: SessionStatus) -> ApiError {
    ApiError::code(ApiCode::SessionNotActive).with_status(status)
}

/// A status change that happened: the new status, and the id of the webhook event it emitted.
#[derive(Debug)]
pub struct Moved {
    pub status: SessionStatus,
    pub event_id: Option<String>,
}

/// Applies `event` to the session: the new status from the protocol's transition function,
/// stored by compare-and-set against the status `row` was read with, the unused mount tokens
/// dropped when it is terminal, a gated account the integrator did not take (stopped, expired,
/// terminated while awaiting) deleted from the vault, and its webhook queued with `extra` data.
/// A session another request moved first answers `session_not_active` with the status it has now.
pub async fn apply(tx: &mut Tx, state: &AppState, row: &SessionRow, event: SessionEvent, now: i64, extra: Map<String, Value>) -> Result<Moved, ApiError> {
    let from = row.status();
    let to = from.apply(event).map_err(|e| not_active(e.from))?;
    if to == from {
        return Ok(Moved { status: to, event_id: None });
    }
    if !tx.move_status(&row.id, from, to, now).await? {
        let current = tx.session(&row.id).await?.map_or(SessionStatus::Terminated, |r| r.status());
        return Err(not_active(current));
    }
    if to.is_terminal() {
        tx.delete_unused_mount_tokens(&row.id).await?;
    }
    if from == SessionStatus::AwaitingDecision && to != SessionStatus::Completed {
        if let Some(token) = &row.customer_account_token {
            tx.delete_vault_entry(token).await?;
        }
        tx.set_account_token(&row.id, None).await?;
    }
    let mut event_id = None;
    if let Some(event_type) = to.webhook_event() {
        event_id = Some(events::emit(tx, state, row, event_type, to, extra, now).await?);
    }
    tracing::info!(session_id = %row.id, status = to.as_str(), "session status changed");
    Ok(Moved { status: to, event_id })
}

/// Signs the receipt of a session that just completed with this account (`event_id`: its
/// `session.completed` event) and stores it, for the page's later status polls. Signing runs in
/// the transaction because the event id is made there; it is tens of microseconds.
pub async fn issue_receipt(
    tx: &mut Tx,
    state: &AppState,
    row: &SessionRow,
    account: (&str, FundingDestination, &str),
    event_id: Option<String>,
    now: i64,
) -> Result<String, ApiError> {
    let (customer_account_token, funding_destination, last4) = account;
    let claims = ReceiptClaims {
        session_identifier: SessionId::try_from(row.id.as_str()).map_err(|_| ApiError::Internal("stored session id is malformed".into()))?,
        customer_account_token: customer_account_token.to_owned(),
        funding_destination,
        last4: last4.to_owned(),
        event_id: event_id.ok_or_else(|| ApiError::Internal("completion emitted no event".into()))?,
        iat: now,
    };
    let receipt = state.receipts.sign(&claims);
    tx.set_receipt(&row.id, &receipt).await?;
    Ok(receipt)
}

/// Lazy expiry inside a transaction: an open session (active or awaiting a decision) past its
/// TTL becomes `expired` (once: a node that loses the compare-and-set to another moves nothing
/// and emits nothing). Returns whether this call moved it.
pub async fn expire_if_due(tx: &mut Tx, state: &AppState, row: &SessionRow, now: i64) -> Result<bool, ApiError> {
    if row.status().is_terminal() || now < row.expires_at {
        return Ok(false);
    }
    match apply(tx, state, row, SessionEvent::TtlElapsed, now, Map::new()).await {
        Ok(_) => Ok(true),
        Err(ApiError::Api { code: ApiCode::SessionNotActive, .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Loads a session, expiring it first (in its own transaction) when its TTL has passed.
pub async fn load_fresh(state: &AppState, id: &str) -> Result<Option<SessionRow>, ApiError> {
    let Some(row) = state.store.session(id).await? else { return Ok(None) };
    let now = state.now();
    if row.status().is_terminal() || now < row.expires_at {
        return Ok(Some(row));
    }
    let moved = transact!(state, |tx| { expire_if_due(tx, state, &row, now).await })?;
    if moved {
        state.webhook_nudge.notify_one();
    }
    Ok(state.store.session(id).await?)
}
