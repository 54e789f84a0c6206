//! `POST /frame/v1/sessions/{id}/mount`, `…/accounts`, `…/cancel`, `…/status`: the hosted
//! page's calls.

use super::extract::{FrameCall, ProofHeader, SessionPath, SignedJson};
use crate::error::{envelope, ApiError};
use crate::lifecycle::frame;
use crate::openapi::{answer, refusals};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use capture_protocol::api::Envelope;
use capture_protocol::frame_api::{AccountSubmission, CancelRequest, CancelResponse, DecisionStatus, MountRequest, MountResponse, StatusRequest, SubmitOutcome};
use capture_protocol::ApiCode;
use cookie::{Cookie, SameSite};

/// Name of the partitioned binding cookie.
pub const BINDING_COOKIE: &str = "cf_bind";

/// Every value the request carries for a cookie named exactly [`BINDING_COOKIE`] (a browser may
/// send several of one name, set for other paths): each is a candidate, none is picked blindly.
fn binding_cookies(headers: &HeaderMap) -> Vec<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| Cookie::split_parse(v.to_owned()).filter_map(Result::ok).collect::<Vec<_>>())
        .filter(|c| c.name() == BINDING_COOKIE)
        .map(|c| c.value().to_owned())
        .collect()
}

/// The `Set-Cookie` value of a binding cookie: partitioned (CHIPS), so it survives a reload in
/// the cross-site iframe where storage is refused, and scoped to exactly the session's frame calls.
pub fn binding_cookie(session_id: &str, value: &str, max_age: i64) -> String {
    Cookie::build((BINDING_COOKIE, value.to_owned()))
        .path(format!("/frame/v1/sessions/{session_id}"))
        .max_age(cookie::time::Duration::seconds(max_age.max(0)))
        .secure(true)
        .http_only(true)
        .same_site(SameSite::None)
        .partitioned(true)
        .build()
        .to_string()
}

refusals!(MountRefusals: SessionPath, SignedJson<MountRequest>;
    SessionNotMountable, AuthorizedUrlExpired, InvalidProof, ProofReplayed, BoundToOtherDevice);

/// Spends the mount token and binds the session to the presented key (the proof signed by it);
/// a new binding sets the partitioned `cf_bind` cookie.
#[utoipa::path(post, path = "/frame/v1/sessions/{id}/mount", operation_id = "frameMount", tag = "frame",
    params(SessionPath, ProofHeader), request_body = MountRequest,
    responses(
        (status = 200, description = answer(ApiCode::Ok), body = Envelope<MountResponse>,
            headers(("set-cookie" = String, description = "on a new binding: the partitioned `cf_bind` cookie, scoped to the session's frame calls"))),
        MountRefusals))]
pub async fn mount(
    State(state): State<AppState>,
    SessionPath(id): SessionPath,
    headers: HeaderMap,
    req: SignedJson<MountRequest>,
) -> Result<Response, ApiError> {
    let proof = frame::MountProof { jws: req.proof.as_deref(), path: &req.path, body: &req.raw };
    let mounted = frame::mount(&state, &id, &req.body, &proof, &binding_cookies(&headers)).await?;
    let mut resp = envelope(ApiCode::Ok, mounted.response);
    if let Some(cookie) = mounted.new_cookie {
        if let Ok(v) = HeaderValue::from_str(&binding_cookie(id.as_str(), &cookie, mounted.cookie_max_age)) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    Ok(resp)
}

refusals!(AccountsRefusals: FrameCall<AccountSubmission>; ProofReplayed, SessionNotActive, VerifierUnavailable);

/// Verifies and tokenizes the entered account (a live program asks its verifier).
#[utoipa::path(post, path = "/frame/v1/sessions/{id}/accounts", operation_id = "frameSubmitAccount", tag = "frame",
    params(FrameCall<AccountSubmission>), request_body = AccountSubmission,
    responses((status = 200, description = answer(ApiCode::Ok), body = Envelope<SubmitOutcome>), AccountsRefusals))]
pub async fn accounts(State(state): State<AppState>, call: FrameCall<AccountSubmission>) -> Result<Response, ApiError> {
    Ok(envelope(ApiCode::Ok, frame::submit(&state, call.proof, &call.body, &call.raw).await?))
}

refusals!(CancelRefusals: FrameCall<CancelRequest>; ProofReplayed, SessionNotActive);

/// The recipient cancels. Body `{}`.
#[utoipa::path(post, path = "/frame/v1/sessions/{id}/cancel", operation_id = "frameCancel", tag = "frame",
    params(FrameCall<CancelRequest>), request_body = CancelRequest,
    responses((status = 200, description = answer(ApiCode::Ok), body = Envelope<CancelResponse>), CancelRefusals))]
pub async fn cancel(State(state): State<AppState>, call: FrameCall<CancelRequest>) -> Result<Response, ApiError> {
    Ok(envelope(ApiCode::Ok, frame::cancel(&state, call.proof).await?))
}

refusals!(StatusRefusals: FrameCall<StatusRequest>; ProofReplayed, SessionNotAwaitingDecision);

/// Body `{}`: the decision on a gated session, polled by the page (any status; the proof's
/// one-time id is spent).
#[utoipa::path(post, path = "/frame/v1/sessions/{id}/status", operation_id = "frameDecisionStatus", tag = "frame",
    params(FrameCall<StatusRequest>), request_body = StatusRequest,
    responses((status = 200, description = answer(ApiCode::Ok), body = Envelope<DecisionStatus>), StatusRefusals))]
pub async fn status(State(state): State<AppState>, call: FrameCall<StatusRequest>) -> Result<Response, ApiError> {
    Ok(envelope(ApiCode::Ok, frame::decision(&state, call.proof).await?))
}
