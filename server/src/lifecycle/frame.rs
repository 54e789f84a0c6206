//! The hosted page's calls: mount (first-open binding by compare-and-set), the proof check of
//! every later call (one-time `jti` recorded in the database), submission, cancel and the
//! decision poll of a gated session.

use super::{apply, load_fresh, transact};
use crate::config::sha256_hex;
use crate::error::ApiError;
use crate::proof;
use crate::state::AppState;
use crate::store::vault::VaultEntry;
use crate::store::SessionRow;
use crate::vault;
use crate::verification::{self, Verdict};
use capture_protocol::account;
use capture_protocol::frame_api::{
    AccountSubmission, CancelResponse, DecisionStatus, MountRequest, MountResponse, PublicJwk, SubmitOutcome, MAX_LANGUAGES, PROOF_MAX_SKEW_SECS,
};
use capture_protocol::{locale, ApiCode, FundingDestination, LocaleCode, Origin, SessionEvent, SessionId, SessionStatus};
use serde_json::{json, Map, Value};

fn not_found() -> ApiError {
    ApiError::code(ApiCode::SessionNotFound)
}

fn not_mountable(status: SessionStatus) -> ApiError {
    ApiError::code(ApiCode::SessionNotMountable).with_status(status)
}

/// The page's answer; an `"auto"` session's locale negotiated from the browser's `languages`
/// against the program's.
fn mount_response(state: &AppState, row: &SessionRow, languages: &[String], now: i64) -> Result<MountResponse, ApiError> {
    let bad = |what: &str| ApiError::Internal(format!("stored session has a bad {what}"));
    let locale = if row.language_locale_code == locale::AUTO {
        let program = state.program(&row.program_id).ok_or_else(|| bad("program"))?;
        locale::negotiate(languages, &program.languages)
    } else {
        LocaleCode::try_from(row.language_locale_code.as_str()).map_err(|_| bad("locale"))?
    };
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
        appearance: row.appearance(),
    })
}

/// A successful mount: the page's answer, and a new binding cookie when the session was bound
/// (or re-bound) by this call.
#[derive(Debug)]
pub struct Mounted {
    pub response: MountResponse,
    pub new_cookie: Option<String>,
    /// Seconds the cookie should live: until the session expires.
    pub cookie_max_age: i64,
}

/// The mount's proof of possession: a `capture-proof` JWS over this request, signed by the key
/// the body presents (so nobody binds a session to a public key whose private half they lack).
pub struct MountProof<'a> {
    pub jws: Option<&'a str>,
    pub path: &'a str,
    pub body: &'a [u8],
}

/// The longest language tag a mount may send (BCP 47 tags in practice stay far below).
pub const MAX_LANGUAGE_TAG: usize = 64;

/// The browser's languages: at most [`MAX_LANGUAGES`] of at most [`MAX_LANGUAGE_TAG`]
/// characters. A tag that is no language is not an error (browsers send what users set): the
/// negotiation skips it.
fn check_languages(languages: &[String]) -> Result<(), ApiError> {
    if languages.len() > MAX_LANGUAGES {
        return Err(ApiError::param(ApiCode::FieldTooLong, "languages").with_reason("too_many"));
    }
    if let Some(i) = languages.iter().position(|l| l.chars().count() > MAX_LANGUAGE_TAG) {
        return Err(ApiError::param(ApiCode::FieldTooLong, format!("languages[{i}]")));
    }
    Ok(())
}

/// `POST /frame/v1/sessions/{id}/mount`: spends the mount token and binds the session to the
/// key's thumbprint on first mount. A later key is accepted only with the binding cookie of
/// this browser partition (a reload); any other gets `bound_to_other_device`. `cookies` are the
/// request's values of the binding cookie's name.
pub async fn mount(state: &AppState, id: &SessionId, req: &MountRequest, proof: &MountProof<'_>, cookies: &[String]) -> Result<Mounted, ApiError> {
    let languages = req.languages.as_deref().unwrap_or_default();
    check_languages(languages)?;
    let row = load_fresh(state, id.as_str()).await?.ok_or_else(not_found)?;
    // Only an active session mounts: a verified one awaiting a decision is past its form.
    if row.status() != SessionStatus::Active {
        return Err(not_mountable(row.status()));
    }
    let now = state.now();
    let token_sha256 = sha256_hex(req.mount_token.as_bytes());
    // A read first: a wrong, spent or late token is refused without taking any write.
    if !state.store.mount_token_live(&token_sha256, id.as_str(), now).await? {
        tracing::info!(session_id = %id, "mount refused: token unknown, used or late");
        return Err(ApiError::code(ApiCode::AuthorizedUrlExpired));
    }
    let key = proof::verifying_key(&req.jwk).ok_or_else(|| ApiError::param(ApiCode::InvalidJwk, "jwk"))?;
    let claims = proof::verify(proof.jws.ok_or_else(|| ApiError::code(ApiCode::InvalidProof))?, &key, "POST", proof.path, proof.body, None)
        .map_err(|e| {
            tracing::info!(session_id = %id, reason = %e, "mount proof refused");
            ApiError::code(ApiCode::InvalidProof)
        })?;
    let thumbprint = proof::thumbprint(&req.jwk);
    let jwk_json = serde_json::to_string(&req.jwk).map_err(|e| ApiError::Internal(e.to_string()))?;
    let presented: Vec<String> = cookies.iter().map(|c| sha256_hex(c.as_bytes())).collect();
    let fresh_cookie = super::sessions::random_token();
    let fresh_cookie_sha256 = sha256_hex(fresh_cookie.as_bytes());
    let (row, bound) = transact!(state, |tx| {
        if !tx.spend_mount_token(&token_sha256, id.as_str(), now).await? {
            return Err(ApiError::code(ApiCode::AuthorizedUrlExpired));
        }
        if !tx.record_jti(id.as_str(), &claims.jti, now + 2 * PROOF_MAX_SKEW_SECS + 1).await? {
            return Err(ApiError::code(ApiCode::ProofReplayed));
        }
        let row = tx.session(id.as_str()).await?.ok_or_else(not_found)?;
        if row.status() != SessionStatus::Active {
            return Err(not_mountable(row.status()));
        }
        let expected = match &row.bound_thumbprint {
            Some(t) if *t == thumbprint => return Ok((row, false)),
            Some(t) if row.binding_cookie_sha256.as_ref().is_some_and(|stored| presented.contains(stored)) => Some(t.clone()),
            Some(_) => return Err(ApiError::code(ApiCode::BoundToOtherDevice)),
            None => None,
        };
        if tx.bind(id.as_str(), expected.as_deref(), &thumbprint, &jwk_json, &fresh_cookie_sha256, now).await? {
            return Ok((row, true));
        }
        // Another mount changed the binding between our read and our write.
        match tx.session(id.as_str()).await?.ok_or_else(not_found)? {
            r if r.bound_thumbprint.as_deref() == Some(thumbprint.as_str()) => Ok((r, false)),
            _ => Err(ApiError::code(ApiCode::BoundToOtherDevice)),
        }
    })
    .inspect_err(|e| {
        if e.api_code() == ApiCode::BoundToOtherDevice {
            tracing::info!(session_id = %id, "mount refused: bound to another device");
        }
    })?;
    tracing::info!(session_id = %id, rebound = bound && row.bound_thumbprint.is_some(), "session mounted");
    Ok(Mounted { response: mount_response(state, &row, languages, now)?, new_cookie: bound.then_some(fresh_cookie), cookie_max_age: row.expires_at - now })
}

/// A proof that verified against the session's bound key, not yet spent, and the session as
/// it was read to verify it.
pub struct VerifiedProof {
    pub session: SessionRow,
    session_id: SessionId,
    jti: String,
    now: i64,
}

/// The proof check of every call after mount, without any write: the `capture-proof` JWS
/// verified against the bound key for this method, path and body.
pub async fn verify_proof(state: &AppState, id: &SessionId, method: &str, path: &str, proof_jws: Option<&str>, body: &[u8]) -> Result<VerifiedProof, ApiError> {
    let row = state.store.session(id.as_str()).await?.ok_or_else(not_found)?;
    let invalid = || ApiError::code(ApiCode::InvalidProof);
    let jwk: PublicJwk = row.bound_jwk.as_deref().and_then(|j| serde_json::from_str(j).ok()).ok_or_else(invalid)?;
    let key = proof::verifying_key(&jwk).ok_or_else(invalid)?;
    let now = state.now();
    let claims = proof::verify(proof_jws.ok_or_else(invalid)?, &key, method, path, body, Some(now)).map_err(|e| {
        tracing::info!(session_id = %id, reason = %e, "proof refused");
        invalid()
    })?;
    Ok(VerifiedProof { session: row, session_id: id.clone(), jti: claims.jti, now })
}

/// Spends a verified proof (its one-time id recorded: a replay on any node is refused), then
/// loads the session, freshly expired when due.
async fn spend_proof(state: &AppState, proof: VerifiedProof) -> Result<SessionRow, ApiError> {
    let (id, now) = (proof.session_id.as_str(), proof.now);
    let first_use = transact!(state, |tx| { Ok(tx.record_jti(id, &proof.jti, now + 2 * PROOF_MAX_SKEW_SECS + 1).await?) })?;
    if !first_use {
        tracing::info!(session_id = %id, "proof replayed");
        return Err(ApiError::code(ApiCode::ProofReplayed));
    }
    load_fresh(state, id).await?.ok_or_else(not_found)
}

/// [`spend_proof`], for a call only an active session takes.
async fn spend_proof_active(state: &AppState, proof: VerifiedProof) -> Result<SessionRow, ApiError> {
    let row = spend_proof(state, proof).await?;
    if row.status() != SessionStatus::Active {
        return Err(ApiError::code(ApiCode::SessionNotActive).with_status(row.status()));
    }
    Ok(row)
}

/// A submission that passed the field validators.
struct Checked {
    destination: FundingDestination,
    brand: Option<String>,
    last4: String,
    /// What the sandbox accounts say (only a sandbox program uses it).
    sandbox: Verdict,
    secret: Value,
}

fn check(sub: &AccountSubmission, row: &SessionRow, now: i64) -> Result<Checked, ApiError> {
    let field = |f: &'static str| move |e: account::AccountError| ApiError::param(ApiCode::InvalidAccount, f).with_reason(super::account_reason(e));
    let identity = |name: &str, zip: &str| {
        verification::identity_matches(name, zip, &row.recipient_first_name, &row.recipient_last_name, &row.recipient_postal_code)
    };
    match sub {
        AccountSubmission::Debit { card_number, expiry, name, postal_code } => {
            let card = account::card_number(card_number).map_err(field("card_number"))?;
            let exp = account::expiry(expiry, crate::clock::year_month(now)).map_err(field("expiry"))?;
            let name = account::name(name).map_err(field("name"))?;
            let zip = account::postal_code(postal_code).map_err(field("postal_code"))?;
            let sandbox = verification::verify_card(&card.digits, identity(&name, &zip));
            Ok(Checked {
                destination: FundingDestination::Debit,
                brand: serde_json::to_value(card.brand).ok().and_then(|v| v.as_str().map(str::to_owned)),
                last4: card.last4().to_owned(),
                sandbox,
                secret: json!({"card_number": card.digits, "expiry": format!("{:02}/{:02}", exp.month, exp.year % 100), "name": name, "postal_code": zip}),
            })
        }
        AccountSubmission::Ach { routing_number, account_number, account_type, name, postal_code } => {
            let routing = account::routing_number(routing_number).map_err(field("routing_number"))?;
            let acct = account::account_number(account_number).map_err(field("account_number"))?;
            let name = account::name(name).map_err(field("name"))?;
            let zip = account::postal_code(postal_code).map_err(field("postal_code"))?;
            let sandbox = verification::verify_bank(&routing, &acct, identity(&name, &zip));
            Ok(Checked {
                destination: FundingDestination::Ach,
                brand: None,
                last4: acct[acct.len() - 4..].to_owned(),
                sandbox,
                secret: json!({"routing_number": routing, "account_number": acct, "account_type": account_type, "name": name, "postal_code": zip}),
            })
        }
    }
}

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().unwrap_or_default()
}

/// The verdict on a checked submission: the sandbox accounts for a sandbox program, the
/// program's verifier for a live one. A verifier that gives no verdict counts no attempt.
async fn verdict(state: &AppState, row: &SessionRow, checked: &Checked, raw: &Value, now: i64) -> Result<Verdict, ApiError> {
    let program = state.program(&row.program_id).ok_or_else(|| ApiError::Internal(format!("program {} is not configured", row.program_id)))?;
    let Some(verifier) = &program.verifier else { return Ok(checked.sandbox.clone()) };
    let request = verification::VerifyRequest {
        session_identifier: &row.id,
        funding_destination: checked.destination.as_str(),
        first_name: &row.recipient_first_name,
        last_name: &row.recipient_last_name,
        postal_code: &row.recipient_postal_code,
        account: raw,
    };
    verification::verify_live(&state.http, verifier, now, &request).await.map_err(|e| {
        tracing::warn!(session_id = %row.id, program = %program.id, error = %e, "verifier gave no verdict; no attempt counted");
        ApiError::code(ApiCode::VerifierUnavailable)
    })
}

/// `POST /frame/v1/sessions/{id}/accounts`: validates the account (a refused one spends
/// nothing), spends the proof, verifies the account and, by its verdict, completes the session
/// (vaulted), counts a miss (compare-and-set below the maximum), or ends it. `raw` is the
/// submission as the page sent it (what a live verifier gets).
pub async fn submit(state: &AppState, proof: VerifiedProof, sub: &AccountSubmission, raw: &[u8]) -> Result<SubmitOutcome, ApiError> {
    if !proof.session.funding_destinations().contains(&sub.funding_destination()) {
        return Err(ApiError::param(ApiCode::FundingDestinationNotAllowed, "funding_destination"));
    }
    let now = state.now();
    let checked = check(sub, &proof.session, now)?;
    let row = &spend_proof_active(state, proof).await?;
    let raw: Value = serde_json::from_slice(raw).map_err(|e| ApiError::Internal(format!("parsed body is not JSON: {e}")))?;
    let verdict = verdict(state, row, &checked, &raw, now).await?;
    // Sealing happens before the transaction, like every other CPU-only step.
    let sealed = match verdict {
        Verdict::Verified => {
            let token = vault::new_token();
            let sealed = state.vault.seal(&token, checked.secret.to_string().as_bytes());
            Some((token, sealed))
        }
        _ => None,
    };
    let outcome = transact!(state, |tx| { match (&verdict, &sealed) {
        (Verdict::Verified, Some((token, sealed))) => {
            // The gated webhook (`session.awaiting_decision`) carries the same account fields.
            let extra = obj(json!({"customer_account_token": token, "funding_destination": checked.destination, "last4": checked.last4}));
            let moved = apply(tx, state, row, SessionEvent::Tokenized { decision_gate: row.gated() }, now, extra).await?;
            tx.set_account_token(&row.id, Some(token)).await?;
            tx.insert_vault_entry(&VaultEntry {
                token,
                session_id: &row.id,
                funding_destination: checked.destination.as_str(),
                brand: checked.brand.as_deref(),
                last4: &checked.last4,
                key_id: &sealed.key_id,
                nonce_hex: hex::encode(sealed.nonce),
                ciphertext_hex: hex::encode(&sealed.ciphertext),
                now,
            })
            .await?;
            if moved.status == SessionStatus::AwaitingDecision {
                return Ok(SubmitOutcome::AwaitingDecision { funding_destination: checked.destination, last4: checked.last4.clone() });
            }
            let receipt = super::issue_receipt(tx, state, row, (token, checked.destination, &checked.last4), moved.event_id, now).await?;
            Ok(SubmitOutcome::TokenSuccess {
                customer_account_token: token.clone(),
                funding_destination: checked.destination,
                last4: checked.last4.clone(),
                receipt,
            })
        }
        (Verdict::TerminalFailure(code), _) => {
            let extra = obj(json!({"reason": "terminal_failure", "failure_code": code}));
            apply(tx, state, row, SessionEvent::TerminalFailure, now, extra).await?;
            tx.set_end_reason(&row.id, Some(code)).await?;
            Ok(SubmitOutcome::TerminalFailure { code: code.clone() })
        }
        _ => count_miss(tx, state, row, now).await,
    } })?;
    state.webhook_nudge.notify_one();
    tracing::info!(session_id = %row.id, destination = checked.destination.as_str(), outcome = outcome_name(&outcome), "account submitted");
    Ok(outcome)
}

/// A verification miss: counted by compare-and-set below the maximum (so concurrent misses on
/// any nodes stop at exactly `max_attempts`), `verification.failed` queued, and the session
/// ended when that was the last attempt.
async fn count_miss(tx: &mut crate::store::Tx, state: &AppState, row: &SessionRow, now: i64) -> Result<SubmitOutcome, ApiError> {
    let Some((used, max)) = tx.count_attempt(&row.id, now).await? else {
        let current = tx.session(&row.id).await?.map_or(SessionStatus::Terminated, |r| r.status());
        return Err(ApiError::code(ApiCode::SessionNotActive).with_status(current));
    };
    let (used, max) = (used.max(0) as u32, max.max(0) as u32);
    let remaining = max.saturating_sub(used);
    let failed = obj(json!({"attempt_count": used, "max_attempts": max, "attempts_remaining": remaining}));
    super::events::emit(tx, state, row, "verification.failed", SessionStatus::Active, failed.clone(), now).await?;
    let status = apply(tx, state, row, SessionEvent::VerificationMismatch { attempts_used: used, max_attempts: max }, now, failed).await?.status;
    Ok(if status == SessionStatus::MaxAttemptsExceeded {
        SubmitOutcome::MaxAttemptsExceeded
    } else {
        SubmitOutcome::VerificationFailed { attempts_remaining: remaining }
    })
}

fn outcome_name(o: &SubmitOutcome) -> &'static str {
    match o {
        SubmitOutcome::TokenSuccess { .. } => "token_success",
        SubmitOutcome::AwaitingDecision { .. } => "awaiting_decision",
        SubmitOutcome::VerificationFailed { .. } => "verification_failed",
        SubmitOutcome::MaxAttemptsExceeded => "max_attempts_exceeded",
        SubmitOutcome::TerminalFailure { .. } => "terminal_failure",
    }
}

/// `POST /frame/v1/sessions/{id}/cancel`: the recipient ends the session.
pub async fn cancel(state: &AppState, proof: VerifiedProof) -> Result<CancelResponse, ApiError> {
    let row = &spend_proof_active(state, proof).await?;
    let now = state.now();
    let extra = obj(json!({"reason": "recipient_canceled"}));
    let moved = transact!(state, |tx| { apply(tx, state, row, SessionEvent::RecipientCanceled, now, extra.clone()).await })?;
    state.webhook_nudge.notify_one();
    Ok(CancelResponse { status: moved.status })
}

/// `POST /frame/v1/sessions/{id}/status`: what a page showing "being reviewed" polls (any node
/// answers from the database). Spends the proof like every call, on a session in any status:
/// still awaiting, continued (with the account and its receipt), stopped, or ended otherwise.
/// A session that never reached the gate is not awaiting a decision (409).
pub async fn decision(state: &AppState, proof: VerifiedProof) -> Result<DecisionStatus, ApiError> {
    let row = spend_proof(state, proof).await?;
    Ok(match row.status() {
        SessionStatus::Active => return Err(ApiError::code(ApiCode::SessionNotAwaitingDecision).with_status(SessionStatus::Active)),
        SessionStatus::AwaitingDecision => DecisionStatus::Pending,
        SessionStatus::Stopped => DecisionStatus::Stopped,
        SessionStatus::Completed => match continued(state, &row).await? {
            Some(c) => c,
            // Completed before receipts existed: nothing to hand over but that it ended.
            None => DecisionStatus::Ended { status: SessionStatus::Completed },
        },
        status => DecisionStatus::Ended { status },
    })
}

/// A completed session's account and receipt, as the polling page gets them.
async fn continued(state: &AppState, row: &SessionRow) -> Result<Option<DecisionStatus>, ApiError> {
    let (Some(token), Some(receipt)) = (&row.customer_account_token, &row.receipt) else { return Ok(None) };
    let Some((destination, last4)) = state.store.vault_summary(token).await? else { return Ok(None) };
    let funding_destination = FundingDestination::try_from(destination.as_str()).map_err(|_| ApiError::Internal("stored funding destination is malformed".into()))?;
    Ok(Some(DecisionStatus::Continued { customer_account_token: token.clone(), funding_destination, last4, receipt: receipt.clone() }))
}

/// What the hosted shell needs of a session.
#[derive(Debug)]
pub struct Shell {
    /// The only origin that may frame the page.
    pub host_uri: String,
    /// When the last unused mount window closes, if one is open.
    pub mount_window_closes: Option<i64>,
    /// The locale file the page will fetch after its mount, when the session names one (not
    /// `"auto"`, which the mount negotiates, nor en-US, which is built into the page).
    pub locale_file: Option<LocaleCode>,
}

/// `GET /session/{id}`: the session (freshly expired when due) as the shell needs it.
pub async fn shell(state: &AppState, id: &SessionId) -> Result<Option<Shell>, ApiError> {
    let Some(row) = load_fresh(state, id.as_str()).await? else { return Ok(None) };
    let mount_window_closes = state.store.mount_window_closes(id.as_str()).await?;
    let locale_file = LocaleCode::try_from(row.language_locale_code.as_str()).ok().filter(|c| *c != LocaleCode::EN_US);
    Ok(Some(Shell { host_uri: row.host_uri, mount_window_closes, locale_file }))
}
