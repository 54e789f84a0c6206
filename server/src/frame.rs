//! The hosted page's API: mount (token + public key → binding) and the proof-carrying calls.

use crate::config::sha256_hex;
use crate::db::{load_session, SessionRow};
use crate::error::{envelope, ApiError};
use crate::json::{self, FieldProblem};
use crate::proof;
use crate::sessions::{self, apply_event, load_fresh};
use crate::state::AppState;
use crate::vault;
use crate::verification::{self, Verdict};
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, Uri};
use axum::response::Response;
use capture_protocol::account;
use capture_protocol::frame_api::{
    AccountSubmission, CancelResponse, MountRequest, MountResponse, PublicJwk, SubmitOutcome, PROOF_HEADER, PROOF_MAX_SKEW_SECS,
};
use capture_protocol::{ApiCode, FundingDestination, LocaleCode, Origin, SessionEvent, SessionId, SessionStatus};
use serde_json::{json, Map, Value};

/// Name of the partitioned binding cookie.
pub const BINDING_COOKIE: &str = "cf_bind";

fn not_found() -> ApiError {
    ApiError::code(ApiCode::SessionNotFound)
}

fn cookie_value<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// The `Set-Cookie` value of a binding cookie.
pub fn binding_cookie(session_id: &str, value: &str, max_age: i64) -> String {
    format!(
        "{BINDING_COOKIE}={value}; Path=/frame/v1/sessions/{session_id}; Max-Age={}; Secure; HttpOnly; SameSite=None; Partitioned",
        max_age.max(0)
    )
}

fn mount_problem(p: FieldProblem) -> ApiError {
    match p {
        FieldProblem::WrongType(f) | FieldProblem::Missing(f) | FieldProblem::Unknown(f) if f.starts_with("jwk") => {
            ApiError::param(ApiCode::InvalidJwk, f)
        }
        other => json::default_problem(other),
    }
}

fn mount_response(row: &SessionRow, now: i64) -> Result<MountResponse, ApiError> {
    let bad = |what: &str| ApiError::Internal(format!("stored session has a bad {what}"));
    let locale = LocaleCode::try_from(row.language_locale_code.as_str()).map_err(|_| bad("locale"))?;
    Ok(MountResponse {
        session_identifier: SessionId::try_from(row.id.as_str()).map_err(|_| bad("id"))?,
        locale,
        dir: locale.direction(),
        parent_origin: Origin::try_from(row.host_uri.as_str()).map_err(|_| bad("host_uri"))?,
        funding_destinations: row.funding_destinations(),
        attempts_remaining: row.attempts_remaining(),
        max_attempts: row.max_attempts.max(0) as u32,
        return_url: row.return_url.clone(),
        server_time: now,
        session_expires_at: row.expires_at,
    })
}

/// `POST /frame/v1/sessions/{id}/mount`.
pub async fn mount(State(state): State<AppState>, Path(id): Path<String>, headers: HeaderMap, body: Body) -> Result<Response, ApiError> {
    SessionId::try_from(id.as_str()).map_err(|_| not_found())?;
    let bytes = json::read_body(body).await?;
    let row = load_fresh(&state, &id).await?.ok_or_else(not_found)?;
    if row.status().is_terminal() {
        return Err(ApiError::code(ApiCode::SessionNotMountable).with_status(row.status()));
    }
    json::require_json(&headers)?;
    let req: MountRequest = json::parse(&bytes).map_err(|e| e.map_or_else(|api| api, mount_problem))?;
    let now = state.now();
    // The key check, hashes and the cookie are computed before the write transaction (it holds
    // the database's one writer); their outcome is applied in the documented order below.
    let jwk_ok = proof::verifying_key(&req.jwk).is_some();
    let thumbprint = proof::thumbprint(&req.jwk);
    let token_sha256 = sha256_hex(req.mount_token.as_bytes());
    let fresh_cookie = sessions::random_token();
    let mut tx = state.begin_write().await?;
    let used =
        sqlx::query("UPDATE mount_tokens SET used_at = ? WHERE token_sha256 = ? AND session_id = ? AND used_at IS NULL AND expires_at > ?")
            .bind(now)
            .bind(&token_sha256)
            .bind(&id)
            .bind(now)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if used != 1 {
        tracing::info!(session_id = %id, "mount refused: token unknown, used or late");
        return Err(ApiError::code(ApiCode::AuthorizedUrlExpired));
    }
    if !jwk_ok {
        return Err(ApiError::param(ApiCode::InvalidJwk, "jwk"));
    }
    let row = load_session(&mut *tx, &id).await?.ok_or_else(not_found)?;
    if row.status().is_terminal() {
        return Err(ApiError::code(ApiCode::SessionNotMountable).with_status(row.status()));
    }
    let cookie_ok = || {
        let presented = cookie_value(&headers, BINDING_COOKIE).map(|c| sha256_hex(c.as_bytes()));
        presented.is_some() && presented == row.binding_cookie_sha256
    };
    let new_cookie = match &row.bound_thumbprint {
        None => Some(fresh_cookie),
        Some(t) if *t == thumbprint => None,
        Some(_) if cookie_ok() => Some(fresh_cookie),
        Some(_) => {
            tracing::info!(session_id = %id, "mount refused: bound to another device");
            return Err(ApiError::code(ApiCode::BoundToOtherDevice));
        }
    };
    if let Some(cookie) = &new_cookie {
        sqlx::query("UPDATE sessions SET bound_thumbprint = ?, bound_jwk = ?, binding_cookie_sha256 = ?, updated_at = ? WHERE id = ?")
            .bind(&thumbprint)
            .bind(serde_json::to_string(&req.jwk).unwrap_or_default())
            .bind(sha256_hex(cookie.as_bytes()))
            .bind(now)
            .bind(&id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    tracing::info!(session_id = %id, rebound = new_cookie.is_some() && row.bound_thumbprint.is_some(), "session mounted");
    let mut resp = envelope(ApiCode::Ok, mount_response(&row, now)?);
    if let Some(cookie) = new_cookie {
        if let Ok(v) = HeaderValue::from_str(&binding_cookie(&id, &cookie, row.expires_at - now)) {
            resp.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    resp.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(resp)
}

/// Verifies the request's proof against the bound key, records its one-time id, applies lazy
/// expiry and requires an active session.
async fn authorize(state: &AppState, id: &str, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> Result<SessionRow, ApiError> {
    SessionId::try_from(id).map_err(|_| not_found())?;
    let row = load_session(&state.pool, id).await?.ok_or_else(not_found)?;
    let invalid = || ApiError::code(ApiCode::InvalidProof);
    let jwk: PublicJwk = row.bound_jwk.as_deref().and_then(|j| serde_json::from_str(j).ok()).ok_or_else(invalid)?;
    let key = proof::verifying_key(&jwk).ok_or_else(invalid)?;
    let jws = headers.get(PROOF_HEADER).and_then(|v| v.to_str().ok()).ok_or_else(invalid)?;
    let now = state.now();
    let claims = proof::verify(jws, &key, "POST", uri.path(), body, now).map_err(|e| {
        tracing::info!(session_id = %id, reason = %e, "proof refused");
        invalid()
    })?;
    let inserted = sqlx::query("INSERT INTO used_jti (session_id, jti, expires_at) VALUES (?, ?, ?)")
        .bind(id)
        .bind(&claims.jti)
        .bind(now + 2 * PROOF_MAX_SKEW_SECS + 1)
        .execute(&mut *state.writer.lock().await)
        .await;
    match inserted {
        Ok(_) => {}
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            tracing::info!(session_id = %id, "proof replayed");
            return Err(ApiError::code(ApiCode::ProofReplayed));
        }
        Err(e) => return Err(e.into()),
    }
    let row = load_fresh(state, id).await?.ok_or_else(not_found)?;
    if row.status().is_terminal() {
        return Err(ApiError::code(ApiCode::SessionNotActive).with_status(row.status()));
    }
    Ok(row)
}

fn account_problem(p: FieldProblem) -> ApiError {
    match p {
        FieldProblem::UnknownVariant(f) if f.contains("account_type") => {
            ApiError::param(ApiCode::InvalidAccount, "account_type").with_reason("invalid")
        }
        FieldProblem::UnknownVariant(_) => ApiError::param(ApiCode::FundingDestinationNotAllowed, "funding_destination"),
        FieldProblem::Missing(f) if f.ends_with("funding_destination") => ApiError::param(ApiCode::MissingField, "funding_destination"),
        FieldProblem::Missing(f) => ApiError::param(ApiCode::InvalidAccount, f).with_reason("required"),
        other => json::default_problem(other),
    }
}

fn reason(e: account::AccountError) -> String {
    serde_json::to_value(e).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// A submission that passed the field validators.
struct Checked {
    destination: FundingDestination,
    brand: Option<String>,
    last4: String,
    verdict: Verdict,
    secret: Value,
}

fn check(sub: &AccountSubmission, row: &SessionRow, now: i64) -> Result<Checked, ApiError> {
    let field = |f: &'static str| move |e: account::AccountError| ApiError::param(ApiCode::InvalidAccount, f).with_reason(reason(e));
    let identity = |name: &str, zip: &str| {
        verification::identity_matches(name, zip, &row.recipient_first_name, &row.recipient_last_name, &row.recipient_postal_code)
    };
    match sub {
        AccountSubmission::Debit { card_number, expiry, name, postal_code } => {
            let card = account::card_number(card_number).map_err(field("card_number"))?;
            let exp = account::expiry(expiry, crate::clock::year_month(now)).map_err(field("expiry"))?;
            let name = account::name(name).map_err(field("name"))?;
            let zip = account::postal_code(postal_code).map_err(field("postal_code"))?;
            let verdict = verification::verify_card(&card.digits, identity(&name, &zip));
            Ok(Checked {
                destination: FundingDestination::Debit,
                brand: serde_json::to_value(card.brand).ok().and_then(|v| v.as_str().map(str::to_owned)),
                last4: card.last4().to_owned(),
                verdict,
                secret: json!({"card_number": card.digits, "expiry": format!("{:02}/{:02}", exp.month, exp.year % 100), "name": name, "postal_code": zip}),
            })
        }
        AccountSubmission::Ach { routing_number, account_number, account_type, name, postal_code } => {
            let routing = account::routing_number(routing_number).map_err(field("routing_number"))?;
            let acct = account::account_number(account_number).map_err(field("account_number"))?;
            let name = account::name(name).map_err(field("name"))?;
            let zip = account::postal_code(postal_code).map_err(field("postal_code"))?;
            let verdict = verification::verify_bank(&routing, &acct, identity(&name, &zip));
            Ok(Checked {
                destination: FundingDestination::Ach,
                brand: None,
                last4: acct[acct.len() - 4..].to_owned(),
                verdict,
                secret: json!({"routing_number": routing, "account_number": acct, "account_type": account_type, "name": name, "postal_code": zip}),
            })
        }
    }
}

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

/// `POST /frame/v1/sessions/{id}/accounts`.
pub async fn accounts(
    State(state): State<AppState>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let bytes = json::read_body(body).await?;
    let row = authorize(&state, &id, &uri, &headers, &bytes).await?;
    json::require_json(&headers)?;
    let sub: AccountSubmission = json::parse(&bytes).map_err(|e| e.map_or_else(|api| api, account_problem))?;
    if !row.funding_destinations().contains(&sub.funding_destination()) {
        return Err(ApiError::param(ApiCode::FundingDestinationNotAllowed, "funding_destination"));
    }
    let now = state.now();
    let checked = check(&sub, &row, now)?;
    let mut tx = state.begin_write().await?;
    let outcome = match checked.verdict {
        Verdict::Verified => {
            let token = vault::new_token();
            let sealed = state.vault.seal(&token, checked.secret.to_string().as_bytes());
            let extra = obj(json!({
                "customer_account_token": token,
                "funding_destination": checked.destination,
                "last4": checked.last4,
            }));
            apply_event(&mut tx, &state, &row, SessionEvent::Tokenized, now, extra).await?;
            sqlx::query("UPDATE sessions SET customer_account_token = ? WHERE id = ?").bind(&token).bind(&id).execute(&mut *tx).await?;
            sqlx::query(
                "INSERT INTO vault_entries (token, session_id, funding_destination, brand, last4, nonce_hex, ciphertext_hex, created_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&token)
            .bind(&id)
            .bind(checked.destination.as_str())
            .bind(&checked.brand)
            .bind(&checked.last4)
            .bind(hex::encode(sealed.nonce))
            .bind(hex::encode(&sealed.ciphertext))
            .bind(now)
            .execute(&mut *tx)
            .await?;
            SubmitOutcome::TokenSuccess { customer_account_token: token, funding_destination: checked.destination, last4: checked.last4 }
        }
        Verdict::TerminalFailure(code) => {
            apply_event(
                &mut tx,
                &state,
                &row,
                SessionEvent::TerminalFailure,
                now,
                obj(json!({"reason": "terminal_failure", "failure_code": code})),
            )
            .await?;
            SubmitOutcome::TerminalFailure { code: code.to_owned() }
        }
        Verdict::Mismatch => {
            let moved =
                sqlx::query("UPDATE sessions SET attempt_count = attempt_count + 1, updated_at = ? WHERE id = ? AND status = 'active'")
                    .bind(now)
                    .bind(&id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            let fresh = load_session(&mut *tx, &id).await?.ok_or_else(not_found)?;
            if moved == 0 {
                return Err(ApiError::code(ApiCode::SessionNotActive).with_status(fresh.status()));
            }
            let used = fresh.attempt_count.max(0) as u32;
            let max = fresh.max_attempts.max(0) as u32;
            let failed = obj(json!({"attempt_count": used, "max_attempts": max, "attempts_remaining": fresh.attempts_remaining()}));
            crate::webhooks::enqueue(&mut tx, &state, &fresh, "verification.failed", SessionStatus::Active, failed.clone(), now).await?;
            let status = apply_event(
                &mut tx,
                &state,
                &fresh,
                SessionEvent::VerificationMismatch { attempts_used: used, max_attempts: max },
                now,
                failed,
            )
            .await?;
            if status == SessionStatus::MaxAttemptsExceeded {
                SubmitOutcome::MaxAttemptsExceeded
            } else {
                SubmitOutcome::VerificationFailed { attempts_remaining: fresh.attempts_remaining() }
            }
        }
    };
    tx.commit().await?;
    state.webhook_nudge.notify_one();
    tracing::info!(session_id = %id, destination = checked.destination.as_str(), outcome = outcome_name(&outcome), "account submitted");
    Ok(envelope(ApiCode::Ok, outcome))
}

fn outcome_name(o: &SubmitOutcome) -> &'static str {
    match o {
        SubmitOutcome::TokenSuccess { .. } => "token_success",
        SubmitOutcome::VerificationFailed { .. } => "verification_failed",
        SubmitOutcome::MaxAttemptsExceeded => "max_attempts_exceeded",
        SubmitOutcome::TerminalFailure { .. } => "terminal_failure",
    }
}

/// `POST /frame/v1/sessions/{id}/cancel` (body `{}`).
pub async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiError> {
    let bytes = json::read_body(body).await?;
    let row = authorize(&state, &id, &uri, &headers, &bytes).await?;
    let _: Map<String, Value> = json::parse(&bytes).map_err(|e| e.map_or_else(|api| api, json::default_problem))?;
    let now = state.now();
    let mut tx = state.begin_write().await?;
    let status =
        apply_event(&mut tx, &state, &row, SessionEvent::RecipientCanceled, now, obj(json!({"reason": "recipient_canceled"}))).await?;
    tx.commit().await?;
    state.webhook_nudge.notify_one();
    Ok(envelope(ApiCode::Ok, CancelResponse { status }))
}
