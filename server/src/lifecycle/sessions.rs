//! The integrator's calls: create (with an Idempotency-Key claimed in the database), read,
//! terminate, the decision on a gated session (continue, stop), and the validation of a create
//! request against its program.

use super::{apply, load_fresh, transact};
use crate::clock::rfc3339;
use crate::config::{sha256_hex, Program};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::sessions::NewSessionRow;
use crate::store::{SessionRow, Tx};
use base64::Engine;
use capture_protocol::account;
use capture_protocol::api::{CreateSessionRequest, MetadataValue, Outcome, SessionCreated, SessionView, StopRequest};
use capture_protocol::{locale, ApiCode, Appearance, FundingDestination, IdempotencyKey, LocaleCode, Origin, SessionEvent, SessionId, SessionStatus};
use rand::RngCore;
use serde_json::json;
use std::collections::BTreeMap;

pub const MAX_PARTICIPANT_ID: usize = 100;
pub const MAX_CLIENT_REFERENCE_ID: usize = 200;
pub const MAX_METADATA_KEYS: usize = 50;
pub const MAX_METADATA_KEY: usize = 40;
pub const MAX_METADATA_VALUE: usize = 500;
pub const MAX_RETURN_URL: usize = 2048;
pub const EXPIRES_IN: std::ops::RangeInclusive<i64> = 60..=86_400;

/// A create request that passed validation, with the program's defaults applied.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub participant_unique_id1: String,
    pub participant_unique_id2: String,
    /// A program's locale, or `None` for `"auto"` (negotiated at mount).
    pub locale: Option<LocaleCode>,
    pub host_uri: Origin,
    pub funding_destinations: Vec<FundingDestination>,
    pub first_name: String,
    pub last_name: String,
    pub postal_code: String,
    pub client_reference_id: Option<String>,
    pub metadata: BTreeMap<String, String>,
    pub return_url: Option<String>,
    pub expires_in: i64,
    pub decision_gate: bool,
    pub appearance: Appearance,
}

fn too_long(s: &str, max: usize) -> bool {
    s.chars().count() > max
}


/// Checks every field against the API's rules and the program; the first problem wins.
pub fn validate(req: &CreateSessionRequest, program: &Program) -> Result<NewSession, ApiError> {
    use ApiCode::*;
    let pid1 = req.participant_unique_id1.as_deref().map(str::trim).unwrap_or("");
    if pid1.is_empty() {
        return Err(ApiError::param(MissingField, "participant_unique_id1"));
    }
    if too_long(pid1, MAX_PARTICIPANT_ID) {
        return Err(ApiError::param(FieldTooLong, "participant_unique_id1"));
    }
    let pid2 = req.participant_unique_id2.as_deref().map(str::trim).unwrap_or("");
    if too_long(pid2, MAX_PARTICIPANT_ID) {
        return Err(ApiError::param(FieldTooLong, "participant_unique_id2"));
    }
    let locale = match &req.language_locale_code {
        None => Some(program.languages[0]),
        Some(s) if s == locale::AUTO => None,
        Some(s) => Some(
            LocaleCode::try_from(s.as_str())
                .ok()
                .filter(|c| program.languages.contains(c))
                .ok_or_else(|| ApiError::param(UnsupportedLocale, "language_locale_code"))?,
        ),
    };
    let host_uri = match &req.host_uri {
        None => program.allowed_origins[0].clone(),
        Some(s) => {
            let o = Origin::try_from(s.as_str()).map_err(|_| ApiError::param(InvalidHostUri, "host_uri"))?;
            if !program.allowed_origins.contains(&o) {
                return Err(ApiError::param(HostUriNotAllowed, "host_uri"));
            }
            o
        }
    };
    let funding_destinations = match &req.funding_destinations {
        None => program.funding_destinations.clone(),
        Some(list) => {
            let bad = || ApiError::param(InvalidFundingDestinations, "funding_destinations");
            if list.is_empty() {
                return Err(bad());
            }
            let mut out = Vec::new();
            for d in list {
                let fd = FundingDestination::try_from(d.as_str()).map_err(|_| bad())?;
                if out.contains(&fd) || !program.funding_destinations.contains(&fd) {
                    return Err(bad());
                }
                out.push(fd);
            }
            out
        }
    };
    let recipient = req.recipient.as_ref().ok_or_else(|| ApiError::param(MissingField, "recipient"))?;
    let first_name = account::name(&recipient.first_name)
        .map_err(|e| ApiError::param(InvalidRecipient, "recipient.first_name").with_reason(super::account_reason(e)))?;
    let last_name = account::name(&recipient.last_name)
        .map_err(|e| ApiError::param(InvalidRecipient, "recipient.last_name").with_reason(super::account_reason(e)))?;
    let postal_code = account::postal_code(&recipient.postal_code)
        .map_err(|e| ApiError::param(InvalidRecipient, "recipient.postal_code").with_reason(super::account_reason(e)))?;
    if let Some(r) = &req.client_reference_id {
        if too_long(r, MAX_CLIENT_REFERENCE_ID) {
            return Err(ApiError::param(FieldTooLong, "client_reference_id"));
        }
    }
    let mut metadata = BTreeMap::new();
    if let Some(md) = &req.metadata {
        if md.len() > MAX_METADATA_KEYS {
            return Err(ApiError::param(InvalidMetadata, "metadata").with_reason("too_many_keys"));
        }
        for (k, v) in md {
            let param = || format!("metadata.{}", k.chars().take(MAX_METADATA_KEY).collect::<String>());
            if k.is_empty() || too_long(k, MAX_METADATA_KEY) {
                return Err(ApiError::param(InvalidMetadata, param()).with_reason("key_too_long"));
            }
            match v {
                MetadataValue::String(s) if too_long(s, MAX_METADATA_VALUE) => {
                    return Err(ApiError::param(InvalidMetadata, param()).with_reason("value_too_long"));
                }
                MetadataValue::String(s) => {
                    metadata.insert(k.clone(), s.clone());
                }
                MetadataValue::NotString => return Err(ApiError::param(InvalidMetadata, param()).with_reason("not_string")),
            }
        }
    }
    let return_url = match &req.return_url {
        None => None,
        Some(u) => {
            let ok = u.len() <= MAX_RETURN_URL
                && u.get(..8).is_some_and(|p| p.eq_ignore_ascii_case("https://"))
                && !u.chars().any(|c| c.is_whitespace() || c.is_control())
                && Origin::of_url(u).is_ok();
            if !ok {
                return Err(ApiError::param(InvalidReturnUrl, "return_url"));
            }
            Some(u.clone())
        }
    };
    let expires_in = req.expires_in.unwrap_or(program.session_ttl_secs);
    if !EXPIRES_IN.contains(&expires_in) {
        return Err(ApiError::param(InvalidExpiresIn, "expires_in"));
    }
    // The embed's own rules (protocol::appearance), so a session's appearance is one the
    // embed would have accepted too; `reason` is the embed's message.
    let appearance = req
        .appearance
        .clone()
        .map(Appearance::try_from)
        .transpose()
        .map_err(|e| ApiError::param(InvalidFieldType, format!("appearance.{}", e.key())).with_reason(e.to_string()))?
        .unwrap_or_default();
    Result::Ok(NewSession {
        participant_unique_id1: pid1.to_owned(),
        participant_unique_id2: pid2.to_owned(),
        locale,
        host_uri,
        funding_destinations,
        first_name,
        last_name,
        postal_code,
        client_reference_id: req.client_reference_id.clone(),
        metadata,
        return_url,
        expires_in,
        decision_gate: req.decision_gate.unwrap_or(false),
        appearance,
    })
}

/// 32 random bytes, base64url without padding.
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

fn new_session_id() -> SessionId {
    let mut b = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut b);
    SessionId::from_random_bytes(b)
}

/// SHA-256 (hex) of the canonical request: the JSON re-serialized with keys sorted, so two
/// bodies that differ only in member order or spacing are the same request.
pub fn request_hash(req: &CreateSessionRequest) -> String {
    let value = serde_json::to_value(req).unwrap_or_default();
    sha256_hex(value.to_string().as_bytes())
}

/// A fresh single-use mount token: the token for the URL, the SHA-256 that is stored, and when
/// it expires. Made before the write transaction begins, to keep hashing out of it.
pub struct MountToken {
    pub token: String,
    pub sha256: String,
    pub expires_at: i64,
}

impl MountToken {
    pub fn new(now: i64, window: i64) -> MountToken {
        let token = random_token();
        MountToken { sha256: sha256_hex(token.as_bytes()), token, expires_at: now + window }
    }

    async fn insert(&self, tx: &mut Tx, session_id: &str, now: i64) -> Result<(), ApiError> {
        Ok(tx.insert_mount_token(&self.sha256, session_id, now, self.expires_at).await?)
    }
}

fn stored_id(id: &str) -> Result<SessionId, ApiError> {
    SessionId::try_from(id).map_err(|_| ApiError::Internal("stored session id is malformed".into()))
}

fn created(state: &AppState, row_id: &str, pid1: &str, pid2: &str, mount: &MountToken) -> Result<SessionCreated, ApiError> {
    Ok(SessionCreated {
        session_identifier: stored_id(row_id)?,
        authorized_url: format!("{}/session/{row_id}#t={}", state.settings.public_base_url, mount.token),
        authorized_url_expiration_utc: rfc3339(mount.expires_at),
        participant_unique_id1: pid1.to_owned(),
        participant_unique_id2: pid2.to_owned(),
    })
}

/// `POST /v1/sessions`: a new session (`success`), or with a live Idempotency-Key and the same
/// request the same session with a fresh URL (`success_idempotent`).
pub async fn create(
    state: &AppState,
    program: &Program,
    key: Option<&IdempotencyKey>,
    req: &CreateSessionRequest,
) -> Result<(ApiCode, SessionCreated), ApiError> {
    let new = validate(req, program)?;
    // Hashing and the random token happen before the write transaction: on SQLite it holds
    // the database's one writer, so its length bounds the server's sessions per second.
    let now = state.now();
    let id = new_session_id();
    let hash = key.map(|_| request_hash(req));
    let mount = MountToken::new(now, program.mount_window_secs);
    let fds: Vec<&str> = new.funding_destinations.iter().map(|d| d.as_str()).collect();
    let metadata = serde_json::to_string(&new.metadata).unwrap_or_else(|_| "{}".into());
    let row = NewSessionRow {
        id: id.as_str(),
        program_id: &program.id,
        participant_unique_id1: &new.participant_unique_id1,
        participant_unique_id2: &new.participant_unique_id2,
        language_locale_code: new.locale.map_or(locale::AUTO, LocaleCode::as_str),
        host_uri: new.host_uri.as_str(),
        funding_destinations: fds.join(","),
        recipient_first_name: &new.first_name,
        recipient_last_name: &new.last_name,
        recipient_postal_code: &new.postal_code,
        client_reference_id: new.client_reference_id.as_deref(),
        metadata,
        return_url: new.return_url.as_deref(),
        max_attempts: i64::from(program.max_attempts),
        decision_gate: new.decision_gate,
        appearance: new.appearance.to_fragment(),
        now,
        expires_at: now + new.expires_in,
    };
    let outcome = transact!(state, |tx| {
        if let (Some(key), Some(hash)) = (key, &hash) {
            let ttl = state.settings.idempotency_ttl_secs;
            if !tx.claim_idempotency_key(&program.id, key.as_str(), hash, id.as_str(), now, ttl).await? {
                return replay(tx, state, program, key, hash, &mount, now).await;
            }
        }
        tx.insert_session(&row).await?;
        mount.insert(tx, id.as_str(), now).await?;
        Ok((ApiCode::Success, created(state, id.as_str(), &new.participant_unique_id1, &new.participant_unique_id2, &mount)?))
    })?;
    match outcome.0 {
        ApiCode::Success => {
            metrics::counter!("capture_sessions_created_total", "program" => program.id.clone()).increment(1);
            tracing::info!(session_id = %id, program = %program.id, "session created");
        }
        _ => {
            state.webhook_nudge.notify_one();
            tracing::info!(session_id = %outcome.1.session_identifier, program = %program.id, "idempotent replay");
        }
    }
    Ok(outcome)
}

/// The key is live: the same request replays its session with a fresh mount token; another
/// request is a mismatch. The key row and its session were committed together, so the
/// session is always there.
async fn replay(
    tx: &mut Tx,
    state: &AppState,
    program: &Program,
    key: &IdempotencyKey,
    hash: &str,
    mount: &MountToken,
    now: i64,
) -> Result<(ApiCode, SessionCreated), ApiError> {
    let (stored_hash, session_id) =
        tx.idempotency_key(&program.id, key.as_str()).await?.ok_or_else(|| ApiError::Internal("claimed key vanished".into()))?;
    if stored_hash != hash {
        return Err(ApiError::param(ApiCode::IdempotencyKeyMismatch, "Idempotency-Key"));
    }
    let row = tx.session(&session_id).await?.ok_or_else(|| ApiError::Internal("key without session".into()))?;
    super::expire_if_due(tx, state, &row, now).await?;
    mount.insert(tx, &row.id, now).await?;
    Ok((ApiCode::SuccessIdempotent, created(state, &row.id, &row.participant_unique_id1, &row.participant_unique_id2, mount)?))
}

/// The API view of a session row.
pub fn view(row: &SessionRow) -> Result<SessionView, ApiError> {
    Ok(SessionView {
        session_identifier: stored_id(&row.id)?,
        status: row.status(),
        attempt_count: row.attempt_count.max(0) as u32,
        max_attempts: row.max_attempts.max(0) as u32,
        bound: row.bound_thumbprint.is_some(),
        language_locale_code: row.language_locale_code.clone(),
        funding_destinations: row.funding_destinations(),
        participant_unique_id1: row.participant_unique_id1.clone(),
        participant_unique_id2: row.participant_unique_id2.clone(),
        client_reference_id: row.client_reference_id.clone(),
        metadata: row.metadata(),
        created_at: rfc3339(row.created_at),
        updated_at: rfc3339(row.updated_at),
        expires_at: rfc3339(row.expires_at),
        decision_gate: row.gated(),
        appearance: row.appearance(),
        outcome: Outcome::of(row.status(), row.end_reason.as_deref()),
    })
}

/// The program's session (freshly expired when due); another program's is not found.
pub(crate) async fn program_session(state: &AppState, program: &Program, id: &SessionId) -> Result<SessionRow, ApiError> {
    let row = load_fresh(state, id.as_str()).await?.ok_or_else(|| ApiError::code(ApiCode::SessionNotFound))?;
    if row.program_id != program.id {
        return Err(ApiError::code(ApiCode::SessionNotFound));
    }
    Ok(row)
}

/// `GET /v1/sessions/{id}`.
pub async fn read(state: &AppState, program: &Program, id: &SessionId) -> Result<SessionView, ApiError> {
    view(&program_session(state, program, id).await?)
}

/// `POST /v1/sessions/{id}/terminate`: the integrator ends an active session.
pub async fn terminate(state: &AppState, program: &Program, id: &SessionId) -> Result<SessionView, ApiError> {
    let row = program_session(state, program, id).await?;
    let now = state.now();
    let extra = json!({"reason": "integrator_terminated"}).as_object().cloned().unwrap_or_default();
    transact!(state, |tx| { apply(tx, state, &row, SessionEvent::IntegratorTerminated, now, extra.clone()).await })?;
    state.webhook_nudge.notify_one();
    reread(state, id).await
}

async fn reread(state: &AppState, id: &SessionId) -> Result<SessionView, ApiError> {
    let row = state.store.session(id.as_str()).await?.ok_or_else(|| ApiError::code(ApiCode::SessionNotFound))?;
    view(&row)
}

/// The longest stop reason.
pub const MAX_STOP_REASON: usize = 200;

fn not_awaiting(status: SessionStatus) -> ApiError {
    ApiError::code(ApiCode::SessionNotAwaitingDecision).with_status(status)
}

/// The program's session, required to be awaiting a decision.
async fn awaiting_session(state: &AppState, program: &Program, id: &SessionId) -> Result<SessionRow, ApiError> {
    let row = program_session(state, program, id).await?;
    match row.status() {
        SessionStatus::AwaitingDecision => Ok(row),
        other => Err(not_awaiting(other)),
    }
}

/// `apply` for a decision: a session another request moved first (a concurrent continue, stop,
/// expiry, on any node: the compare-and-set lets one win) is not awaiting a decision any more.
fn decided(e: ApiError) -> ApiError {
    match e {
        ApiError::Api { code: ApiCode::SessionNotActive, session_status, .. } => not_awaiting(session_status.unwrap_or(SessionStatus::Terminated)),
        other => other,
    }
}

/// `POST /v1/sessions/{id}/continue`: the integrator takes the gated account; the session
/// completes (`session.completed` with the account fields, and a receipt for the page's poll).
pub async fn continue_session(state: &AppState, program: &Program, id: &SessionId) -> Result<SessionView, ApiError> {
    let row = awaiting_session(state, program, id).await?;
    let now = state.now();
    let stored = || ApiError::Internal("a session awaiting a decision has no vault entry".into());
    transact!(state, |tx| {
        let token = row.customer_account_token.as_deref().ok_or_else(stored)?;
        let Some((destination, last4)) = tx.vault_summary(token).await? else {
            // A stop (or expiry) committed since our read took the entry with it.
            return match tx.session(&row.id).await?.map(|r| r.status()) {
                Some(SessionStatus::AwaitingDecision) | None => Err(stored()),
                Some(now_status) => Err(not_awaiting(now_status)),
            };
        };
        let destination = FundingDestination::try_from(destination.as_str()).map_err(|_| stored())?;
        let extra = json!({"customer_account_token": token, "funding_destination": destination, "last4": last4});
        let moved = apply(tx, state, &row, SessionEvent::IntegratorContinued, now, extra.as_object().cloned().unwrap_or_default()).await.map_err(decided)?;
        super::issue_receipt(tx, state, &row, (token, destination, &last4), moved.event_id, now).await?;
        Ok(())
    })?;
    state.webhook_nudge.notify_one();
    tracing::info!(session_id = %id, "decision: continued");
    reread(state, id).await
}

/// `POST /v1/sessions/{id}/stop`: the integrator refuses the gated account; the session is
/// `stopped` (terminal; `session.stopped` with the reason), and the vault entry is deleted.
pub async fn stop(state: &AppState, program: &Program, id: &SessionId, req: &StopRequest) -> Result<SessionView, ApiError> {
    // An empty reason says nothing: stored as none.
    let reason = req.reason.as_deref().filter(|r| !r.trim().is_empty());
    if reason.is_some_and(|r| too_long(r, MAX_STOP_REASON)) {
        return Err(ApiError::param(ApiCode::FieldTooLong, "reason"));
    }
    let row = awaiting_session(state, program, id).await?;
    let now = state.now();
    let extra = json!({"reason": reason}).as_object().cloned().unwrap_or_default();
    transact!(state, |tx| {
        apply(tx, state, &row, SessionEvent::IntegratorStopped, now, extra.clone()).await.map_err(decided)?;
        tx.set_end_reason(&row.id, reason).await?;
        Ok(())
    })?;
    state.webhook_nudge.notify_one();
    tracing::info!(session_id = %id, "decision: stopped");
    reread(state, id).await
}
