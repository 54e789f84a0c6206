//! `POST /v1/sessions`, `GET /v1/sessions/{id}`, `POST /v1/sessions/{id}/terminate`,
//! `…/continue` and `…/stop`.

use super::extract::{ApiJson, AuthProgram, IdemKey, OptionalJson, SessionPath};
use crate::error::{envelope, ApiError};
use crate::lifecycle::sessions;
use crate::openapi::{answer, refusals};
use crate::state::AppState;
use axum::extract::State;
use axum::response::Response;
use capture_protocol::api::{CreateSessionRequest, Envelope, SessionCreated, SessionView, StopRequest};
use capture_protocol::ApiCode;

refusals!(CreateRefusals: AuthProgram, IdemKey, ApiJson<CreateSessionRequest>;
    FieldTooLong, UnsupportedLocale, InvalidHostUri, HostUriNotAllowed, InvalidFundingDestinations, InvalidMetadata,
    InvalidReturnUrl, InvalidExpiresIn, InvalidRecipient, IdempotencyKeyMismatch);

/// Creates a session; the same `Idempotency-Key` with the same parameters within 2 h answers the
/// same session with a new `authorized_url`.
#[utoipa::path(post, path = "/v1/sessions", operation_id = "createSession", tag = "sessions", security(("ApiKey" = [])),
    params(IdemKey), request_body = CreateSessionRequest,
    responses(
        (status = 201, description = answer(ApiCode::Success), body = Envelope<SessionCreated>),
        (status = 200, description = answer(ApiCode::SuccessIdempotent), body = Envelope<SessionCreated>),
        CreateRefusals))]
pub async fn create(
    State(state): State<AppState>,
    AuthProgram(program): AuthProgram,
    IdemKey(key): IdemKey,
    ApiJson(req): ApiJson<CreateSessionRequest>,
) -> Result<Response, ApiError> {
    let (code, data) = sessions::create(&state, &program, key.as_ref(), &req).await?;
    Ok(envelope(code, data))
}

refusals!(ReadRefusals: AuthProgram, SessionPath;);

/// The session's status, attempts and timestamps (never account data).
#[utoipa::path(get, path = "/v1/sessions/{id}", operation_id = "getSession", tag = "sessions", security(("ApiKey" = [])),
    params(SessionPath),
    responses((status = 200, description = answer(ApiCode::Ok), body = Envelope<SessionView>), ReadRefusals))]
pub async fn read(State(state): State<AppState>, AuthProgram(program): AuthProgram, SessionPath(id): SessionPath) -> Result<Response, ApiError> {
    Ok(envelope(ApiCode::Ok, sessions::read(&state, &program, &id).await?))
}

refusals!(TerminateRefusals: AuthProgram, SessionPath; SessionNotActive);

/// Ends an active session. Any body is ignored.
#[utoipa::path(post, path = "/v1/sessions/{id}/terminate", operation_id = "terminateSession", tag = "sessions", security(("ApiKey" = [])),
    params(SessionPath),
    responses((status = 200, description = answer(ApiCode::Ok), body = Envelope<SessionView>), TerminateRefusals))]
pub async fn terminate(State(state): State<AppState>, AuthProgram(program): AuthProgram, SessionPath(id): SessionPath) -> Result<Response, ApiError> {
    Ok(envelope(ApiCode::Ok, sessions::terminate(&state, &program, &id).await?))
}

refusals!(DecisionRefusals: AuthProgram, SessionPath; SessionNotAwaitingDecision);

/// Completes a session awaiting a decision (`decision_gate`): `session.completed` with the
/// account fields, and an open page gets the account and its receipt. Any body is ignored.
#[utoipa::path(post, path = "/v1/sessions/{id}/continue", operation_id = "continueSession", tag = "sessions", security(("ApiKey" = [])),
    params(SessionPath),
    responses((status = 200, description = answer(ApiCode::Ok), body = Envelope<SessionView>), DecisionRefusals))]
pub async fn continue_session(State(state): State<AppState>, AuthProgram(program): AuthProgram, SessionPath(id): SessionPath) -> Result<Response, ApiError> {
    Ok(envelope(ApiCode::Ok, sessions::continue_session(&state, &program, &id).await?))
}

refusals!(StopRefusals: AuthProgram, SessionPath, OptionalJson<StopRequest>; FieldTooLong, SessionNotAwaitingDecision);

/// Stops a session awaiting a decision: `stopped`, terminal, the vault entry deleted. Body
/// optional: `{"reason": "…"}` (≤ 200 characters).
#[utoipa::path(post, path = "/v1/sessions/{id}/stop", operation_id = "stopSession", tag = "sessions", security(("ApiKey" = [])),
    params(SessionPath), request_body(content = Option<StopRequest>, description = "optional"),
    responses((status = 200, description = answer(ApiCode::Ok), body = Envelope<SessionView>), StopRefusals))]
pub async fn stop(
    State(state): State<AppState>,
    AuthProgram(program): AuthProgram,
    SessionPath(id): SessionPath,
    OptionalJson(req): OptionalJson<StopRequest>,
) -> Result<Response, ApiError> {
    Ok(envelope(ApiCode::Ok, sessions::stop(&state, &program, &id, &req).await?))
}
