use crate::clock::rfc3339;
use crate::config::{sha256_hex, Program};
use crate::db::{load_session, SessionRow};
use crate::error::{envelope, ApiError};
use crate::idempotency::{self, Claim};
use crate::json::{self, FieldProblem};
use crate::state::AppState;
use crate::webhooks;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use base64::Engine;
use capture_protocol::account;
use capture_protocol::api::{CreateSessionRequest, MetadataValue, SessionCreated, SessionView};
use capture_protocol::{ApiCode, FundingDestination, IdempotencyKey, LocaleCode, Origin, SessionEvent, SessionId, SessionStatus};
use rand::RngCore;
use serde_json::{json, Map, Value};
use sqlx::SqliteConnection;
use std::collections::BTreeMap;

pub const MAX_PARTICIPANT_ID: usize = 100;
pub const MAX_CLIENT_REFERENCE_ID: usize = 200;
pub const MAX_METADATA_KEYS: usize = 50;
pub const MAX_METADATA_KEY: usize = 40;
pub const MAX_METADATA_VALUE: usize = 500;
pub const MAX_RETURN_URL: usize = 2048;
pub const EXPIRES_IN: std::ops::RangeInclusive<i64> = 60..=86_400;

/// The program whose API key is in `x-api-key`.
pub fn authenticate<'s>(state: &'s AppState, headers: &HeaderMap) -> Result<&'s Program, ApiError> {
    let key = headers.get("x-api-key").and_then(|v| v.to_str().ok()).filter(|k| !k.is_empty());
    key.and_then(|k| state.settings.program_by_key_hash(&sha256_hex(k.as_bytes()))).ok_or_else(|| ApiError::code(ApiCode::Unauthorized))
}

/// A create request that passed validation, with the program's defaults applied.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub participant_unique_id1: String,
    pub participant_unique_id2: String,
    pub locale: LocaleCode,
    pub host_uri: Origin,
    pub funding_destinations: Vec<FundingDestination>,
    pub first_name: String,
    pub last_name: String,
    pub postal_code: String,
    pub client_reference_id: Option<String>,
    pub metadata: BTreeMap<String, String>,
    pub return_url: Option<String>,
    pub expires_in: i64,
}

fn too_long(s: &str, max: usize) -> bool {
    s.chars().count() > max
}

fn account_reason(e: account::AccountError) -> String {
    serde_json::to_value(e).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
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
        None => program.languages[0],
        Some(s) => LocaleCode::try_from(s.as_str())
            .ok()
            .filter(|c| program.languages.contains(c))
            .ok_or_else(|| ApiError::param(UnsupportedLocale, "language_locale_code"))?,
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
        .map_err(|e| ApiError::param(InvalidRecipient, "recipient.first_name").with_reason(account_reason(e)))?;
    let last_name = account::name(&recipient.last_name)
        .map_err(|e| ApiError::param(InvalidRecipient, "recipient.last_name").with_reason(account_reason(e)))?;
    let postal_code = account::postal_code(&recipient.postal_code)
        .map_err(|e| ApiError::param(InvalidRecipient, "recipient.postal_code").with_reason(account_reason(e)))?;
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
    })
}

/// Maps a body shape problem of a create request to its code.
fn create_problem(p: FieldProblem) -> ApiError {
    match p {
        FieldProblem::Missing(f) if f.starts_with("recipient.") => ApiError::param(ApiCode::InvalidRecipient, f).with_reason("required"),
        FieldProblem::WrongType(f) if f.starts_with("recipient") => ApiError::param(ApiCode::InvalidRecipient, f),
        FieldProblem::WrongType(f) if f.starts_with("metadata") => ApiError::param(ApiCode::InvalidMetadata, f),
        other => json::default_problem(other),
    }
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

    /// Stores the token (its hash) for `session_id`.
    pub async fn insert(&self, conn: &mut SqliteConnection, session_id: &str, now: i64) -> Result<(), sqlx::Error> {
        sqlx::query("INSERT INTO mount_tokens (token_sha256, session_id, issued_at, expires_at, used_at) VALUES (?, ?, ?, ?, NULL)")
            .bind(&self.sha256)
            .bind(session_id)
            .bind(now)
            .bind(self.expires_at)
            .execute(conn)
            .await?;
        Ok(())
    }
}

fn stored_id(id: &str) -> Result<SessionId, ApiError> {
    SessionId::try_from(id).map_err(|_| ApiError::Internal("stored session id is malformed".into()))
}

fn created(state: &AppState, id: &str, pid1: &str, pid2: &str, token: &str, url_expires: i64) -> Result<SessionCreated, ApiError> {
    Ok(SessionCreated {
        session_identifier: stored_id(id)?,
        authorized_url: format!("{}/session/{id}#t={token}", state.settings.public_base_url),
        authorized_url_expiration_utc: rfc3339(url_expires),
        participant_unique_id1: pid1.to_owned(),
        participant_unique_id2: pid2.to_owned(),
    })
}

/// Inserts the session row. Its first mount token is a second statement: one statement per
/// query keeps the SQL portable to PostgreSQL, whose prepared statements take one.
async fn insert_session(conn: &mut SqliteConnection, id: &str, program: &Program, s: &NewSession, now: i64) -> Result<(), sqlx::Error> {
    let fds: Vec<&str> = s.funding_destinations.iter().map(|d| d.as_str()).collect();
    sqlx::query(
        "INSERT INTO sessions (id, program_id, status, participant_unique_id1, participant_unique_id2, language_locale_code, \
         host_uri, funding_destinations, recipient_first_name, recipient_last_name, recipient_postal_code, client_reference_id, \
         metadata, return_url, attempt_count, max_attempts, created_at, updated_at, expires_at) \
         VALUES (?, ?, 'active', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(&program.id)
    .bind(&s.participant_unique_id1)
    .bind(&s.participant_unique_id2)
    .bind(s.locale.as_str())
    .bind(s.host_uri.as_str())
    .bind(fds.join(","))
    .bind(&s.first_name)
    .bind(&s.last_name)
    .bind(&s.postal_code)
    .bind(&s.client_reference_id)
    .bind(serde_json::to_string(&s.metadata).unwrap_or_else(|_| "{}".into()))
    .bind(&s.return_url)
    .bind(i64::from(program.max_attempts))
    .bind(now)
    .bind(now)
    .bind(now + s.expires_in)
    .execute(conn)
    .await?;
    Ok(())
}

/// `POST /v1/sessions`.
pub async fn create(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Result<Response, ApiError> {
    let program = authenticate(&state, &headers)?;
    let idem_key = match headers.get("idempotency-key") {
        None => None,
        Some(v) => Some(
            v.to_str()
                .ok()
                .and_then(|s| IdempotencyKey::try_from(s).ok())
                .ok_or_else(|| ApiError::param(ApiCode::InvalidIdempotencyKey, "Idempotency-Key"))?,
        ),
    };
    json::require_json(&headers)?;
    let bytes = json::read_body(body).await?;
    let req: CreateSessionRequest = json::parse(&bytes).map_err(|e| e.map_or_else(|api| api, create_problem))?;
    let new = validate(&req, program)?;

    // Hashing and the random token happen before the write transaction: it holds the database's
    // one writer, so its length bounds the server's sessions per second.
    let now = state.now();
    let id = new_session_id();
    let hash = idem_key.as_ref().map(|_| idempotency::request_hash(&req));
    let mount = MountToken::new(now, program.mount_window_secs);
    let mut tx = state.begin_write().await?;
    if let (Some(key), Some(hash)) = (&idem_key, &hash) {
        match idempotency::claim(&mut tx, &program.id, key.as_str(), hash, id.as_str(), now, state.settings.idempotency_ttl_secs).await? {
            Claim::Claimed => {}
            Claim::Mismatch => return Err(ApiError::param(ApiCode::IdempotencyKeyMismatch, "Idempotency-Key")),
            Claim::InUse => return Err(ApiError::param(ApiCode::IdempotencyKeyInUse, "Idempotency-Key")),
            Claim::Replay(session_id) => {
                let row = load_session(&mut *tx, &session_id).await?.ok_or_else(|| ApiError::Internal("key without session".into()))?;
                expire_if_due(&mut tx, &state, &row, now).await?;
                mount.insert(&mut tx, &row.id, now).await?;
                tx.commit().await?;
                state.webhook_nudge.notify_one();
                tracing::info!(session_id = %row.id, program = %program.id, "idempotent replay");
                let data =
                    created(&state, &row.id, &row.participant_unique_id1, &row.participant_unique_id2, &mount.token, mount.expires_at)?;
                return Ok(envelope(ApiCode::SuccessIdempotent, data));
            }
        }
    }
    insert_session(&mut tx, id.as_str(), program, &new, now).await?;
    mount.insert(&mut tx, id.as_str(), now).await?;
    tx.commit().await?;
    tracing::info!(session_id = %id, program = %program.id, "session created");
    let data = created(&state, id.as_str(), &new.participant_unique_id1, &new.participant_unique_id2, &mount.token, mount.expires_at)?;
    Ok(envelope(ApiCode::Success, data))
}

/// Lazy expiry inside a transaction: an active session past its TTL becomes `expired`.
/// Returns whether it moved.
pub async fn expire_if_due(conn: &mut SqliteConnection, state: &AppState, row: &SessionRow, now: i64) -> Result<bool, ApiError> {
    if row.status() != SessionStatus::Active || now < row.expires_at {
        return Ok(false);
    }
    match apply_event(conn, state, row, SessionEvent::TtlElapsed, now, Map::new()).await {
        Ok(_) => Ok(true),
        Err(ApiError::Api { code: ApiCode::SessionNotActive, .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Loads a session and applies lazy expiry (in its own transaction when due).
pub async fn load_fresh(state: &AppState, id: &str) -> Result<Option<SessionRow>, ApiError> {
    let Some(row) = load_session(&state.pool, id).await? else { return Ok(None) };
    let now = state.now();
    if row.status() == SessionStatus::Active && now >= row.expires_at {
        let mut tx = state.begin_write().await?;
        expire_if_due(&mut tx, state, &row, now).await?;
        tx.commit().await?;
        state.webhook_nudge.notify_one();
        return Ok(load_session(&state.pool, id).await?);
    }
    Ok(Some(row))
}

/// Moves an active session to the terminal status `event` leads to (compare-and-set on
/// `status = 'active'`), queues its webhook with `extra` data, and purges its mount tokens.
pub async fn apply_event(
    conn: &mut SqliteConnection,
    state: &AppState,
    row: &SessionRow,
    event: SessionEvent,
    now: i64,
    extra: Map<String, Value>,
) -> Result<SessionStatus, ApiError> {
    let not_active = |s: SessionStatus| ApiError::code(ApiCode::SessionNotActive).with_status(s);
    let new = row.status().apply(event).map_err(|e| not_active(e.from))?;
    let moved = sqlx::query("UPDATE sessions SET status = ?, updated_at = ? WHERE id = ? AND status = 'active'")
        .bind(new.as_str())
        .bind(now)
        .bind(&row.id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    if moved == 0 {
        let current = load_session(&mut *conn, &row.id).await?.map(|r| r.status()).unwrap_or(SessionStatus::Terminated);
        return Err(not_active(current));
    }
    if new.is_terminal() {
        sqlx::query("DELETE FROM mount_tokens WHERE session_id = ? AND used_at IS NULL").bind(&row.id).execute(&mut *conn).await?;
    }
    if let Some(event_type) = new.webhook_event() {
        webhooks::enqueue(conn, state, row, event_type, new, extra, now).await?;
    }
    tracing::info!(session_id = %row.id, status = new.as_str(), "session status changed");
    Ok(new)
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
        customer_account_token: row.customer_account_token.clone(),
    })
}

async fn program_session(state: &AppState, program: &Program, id: &str) -> Result<SessionRow, ApiError> {
    let not_found = || ApiError::code(ApiCode::SessionNotFound);
    SessionId::try_from(id).map_err(|_| not_found())?;
    let row = load_fresh(state, id).await?.ok_or_else(not_found)?;
    if row.program_id != program.id {
        return Err(not_found());
    }
    Ok(row)
}

/// `GET /v1/sessions/{id}`.
pub async fn read(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Result<Response, ApiError> {
    let program = authenticate(&state, &headers)?;
    let row = program_session(&state, program, &id).await?;
    Ok(envelope(ApiCode::Ok, view(&row)?))
}

/// `POST /v1/sessions/{id}/terminate` (any body is ignored).
pub async fn terminate(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Body,
) -> Result<Response, ApiError> {
    let program = authenticate(&state, &headers)?;
    json::read_body(body).await?;
    let row = program_session(&state, program, &id).await?;
    let now = state.now();
    let mut tx = state.begin_write().await?;
    apply_event(
        &mut tx,
        &state,
        &row,
        SessionEvent::IntegratorTerminated,
        now,
        json!({"reason": "integrator_terminated"}).as_object().cloned().unwrap_or_default(),
    )
    .await?;
    tx.commit().await?;
    state.webhook_nudge.notify_one();
    let row = load_session(&state.pool, &id).await?.ok_or_else(|| ApiError::code(ApiCode::SessionNotFound))?;
    Ok(envelope(ApiCode::Ok, view(&row)?))
}
