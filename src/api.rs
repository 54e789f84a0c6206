//! The page's three server calls. Answers are protocol envelopes: status 102 carries the
//! call's data, any other status an [`ErrorData`] the page maps to a screen.

use crate::binding::Binding;
use crate::error::FrameError;
use capture_protocol::api::ErrorData;
use capture_protocol::frame_api::{AccountSubmission, CancelResponse, DecisionStatus, MountRequest, MountResponse, SubmitOutcome, PROOF_HEADER};
use capture_protocol::{ApiCode, FundingDestination, SessionId, SessionStatus, TextDirection};
use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

pub fn mount_path(id: &SessionId) -> String {
    format!("/frame/v1/sessions/{id}/mount")
}

pub fn accounts_path(id: &SessionId) -> String {
    format!("/frame/v1/sessions/{id}/accounts")
}

pub fn cancel_path(id: &SessionId) -> String {
    format!("/frame/v1/sessions/{id}/cancel")
}

pub fn status_path(id: &SessionId) -> String {
    format!("/frame/v1/sessions/{id}/status")
}

/// Reads an envelope: its data on success, otherwise the code and the error data.
///
/// Answers are read with the browser's `JSON.parse` and checked field by field into the
/// protocol types (with their own validating constructors): serde_json's deserializer
/// would be a quarter of the page's whole download. Browser tests feed it what the
/// protocol's serde output looks like.
pub fn decode<T: Decode>(body: &str) -> Result<T, FrameError> {
    let v = js_sys::JSON::parse(body).map_err(|_| FrameError::Decode("answer is not JSON".into()))?;
    let status = uint(&v, "status")?;
    let data = get(&v, "data");
    if status == ApiCode::Ok.number() {
        T::decode(&data)
    } else {
        Err(FrameError::Api { code: status, data: ErrorData::decode(&data).ok() })
    }
}

/// A protocol type read from a parsed JSON value.
pub trait Decode: Sized {
    fn decode(v: &JsValue) -> Result<Self, FrameError>;
}

fn get(v: &JsValue, name: &str) -> JsValue {
    if v.is_object() { Reflect::get(v, &name.into()).unwrap_or(JsValue::UNDEFINED) } else { JsValue::UNDEFINED }
}

fn missing(name: &str) -> FrameError {
    FrameError::Decode(format!("bad or missing `{name}`"))
}

fn string(v: &JsValue, name: &str) -> Result<String, FrameError> {
    get(v, name).as_string().ok_or_else(|| missing(name))
}

/// `null` or absent is `None`; anything else must be a string.
fn opt_string(v: &JsValue, name: &str) -> Result<Option<String>, FrameError> {
    let f = get(v, name);
    if f.is_null() || f.is_undefined() { Ok(None) } else { f.as_string().map(Some).ok_or_else(|| missing(name)) }
}

fn int(v: &JsValue, name: &str) -> Result<i64, FrameError> {
    get(v, name).as_f64().filter(|n| n.fract() == 0.0 && n.abs() < 9.0e15).map(|n| n as i64).ok_or_else(|| missing(name))
}

fn uint(v: &JsValue, name: &str) -> Result<u32, FrameError> {
    u32::try_from(int(v, name)?).map_err(|_| missing(name))
}

fn parsed<T: for<'a> TryFrom<&'a str>>(v: &JsValue, name: &str) -> Result<T, FrameError> {
    T::try_from(string(v, name)?.as_str()).map_err(|_| missing(name))
}

impl Decode for MountResponse {
    fn decode(v: &JsValue) -> Result<Self, FrameError> {
        let dir = match string(v, "dir")?.as_str() {
            "ltr" => TextDirection::Ltr,
            "rtl" => TextDirection::Rtl,
            _ => return Err(missing("dir")),
        };
        let list = get(v, "funding_destinations");
        let funding_destinations = js_sys::Array::is_array(&list)
            .then(|| js_sys::Array::from(&list).iter().map(|d| d.as_string().and_then(|d| FundingDestination::try_from(d.as_str()).ok())).collect::<Option<Vec<_>>>())
            .flatten()
            .ok_or_else(|| missing("funding_destinations"))?;
        Ok(MountResponse {
            session_identifier: parsed(v, "session_identifier")?,
            locale: parsed(v, "locale")?,
            dir,
            parent_origin: parsed(v, "parent_origin")?,
            funding_destinations,
            attempts_remaining: uint(v, "attempts_remaining")?,
            max_attempts: uint(v, "max_attempts")?,
            return_url: opt_string(v, "return_url")?,
            server_time: int(v, "server_time")?,
            session_expires_at: int(v, "session_expires_at")?,
            appearance: crate::appearance::decode(&get(v, "appearance")).map_err(|_| missing("appearance"))?,
        })
    }
}

impl Decode for SubmitOutcome {
    fn decode(v: &JsValue) -> Result<Self, FrameError> {
        Ok(match string(v, "outcome")?.as_str() {
            "token_success" => SubmitOutcome::TokenSuccess {
                customer_account_token: string(v, "customer_account_token")?,
                funding_destination: parsed(v, "funding_destination")?,
                last4: string(v, "last4")?,
                receipt: string(v, "receipt")?,
            },
            "awaiting_decision" => SubmitOutcome::AwaitingDecision { funding_destination: parsed(v, "funding_destination")?, last4: string(v, "last4")? },
            "verification_failed" => SubmitOutcome::VerificationFailed { attempts_remaining: uint(v, "attempts_remaining")? },
            "max_attempts_exceeded" => SubmitOutcome::MaxAttemptsExceeded,
            "terminal_failure" => SubmitOutcome::TerminalFailure { code: string(v, "code")? },
            _ => return Err(missing("outcome")),
        })
    }
}

impl Decode for DecisionStatus {
    fn decode(v: &JsValue) -> Result<Self, FrameError> {
        Ok(match string(v, "decision")?.as_str() {
            "pending" => DecisionStatus::Pending,
            "continued" => DecisionStatus::Continued {
                customer_account_token: string(v, "customer_account_token")?,
                funding_destination: parsed(v, "funding_destination")?,
                last4: string(v, "last4")?,
                receipt: string(v, "receipt")?,
            },
            "stopped" => DecisionStatus::Stopped,
            "ended" => DecisionStatus::Ended { status: parsed(v, "status")? },
            _ => return Err(missing("decision")),
        })
    }
}

impl Decode for CancelResponse {
    fn decode(v: &JsValue) -> Result<Self, FrameError> {
        Ok(CancelResponse { status: parsed(v, "status")? })
    }
}

impl Decode for ErrorData {
    fn decode(v: &JsValue) -> Result<Self, FrameError> {
        let session_status = match opt_string(v, "session_status")? {
            Some(s) => Some(SessionStatus::try_from(s.as_str()).map_err(|_| missing("session_status"))?),
            None => None,
        };
        Ok(ErrorData { error: string(v, "error")?, param: opt_string(v, "param")?, reason: opt_string(v, "reason")?, session_status })
    }
}

/// The mount is signed by the key it presents: the server binds only a key whose holder is here.
pub async fn mount(id: &SessionId, binding: &Binding, request: &MountRequest) -> Result<MountResponse, FrameError> {
    let path = mount_path(id);
    let body = crate::json::mount_request(request);
    let proof = binding.proof("POST", &path, body.as_bytes()).await?;
    decode(&post(&path, &body, &proof).await?)
}

pub async fn submit(id: &SessionId, binding: &Binding, submission: &AccountSubmission) -> Result<SubmitOutcome, FrameError> {
    let path = accounts_path(id);
    let body = crate::json::submission(submission);
    let proof = binding.proof("POST", &path, body.as_bytes()).await?;
    decode(&post(&path, &body, &proof).await?)
}

pub async fn cancel(id: &SessionId, binding: &Binding) -> Result<CancelResponse, FrameError> {
    let path = cancel_path(id);
    let proof = binding.proof("POST", &path, b"{}").await?;
    decode(&post(&path, "{}", &proof).await?)
}

/// The decision on a gated session (`{}` signed like every frame call).
pub async fn status(id: &SessionId, binding: &Binding) -> Result<DecisionStatus, FrameError> {
    let path = status_path(id);
    let proof = binding.proof("POST", &path, b"{}").await?;
    decode(&post(&path, "{}", &proof).await?)
}

/// `GET` a text file (a locale's `capture.ftl`); any non-2xx is an error.
pub async fn get_text(url: &str) -> Result<String, FrameError> {
    let init = web_sys::RequestInit::new();
    init.set_method("GET");
    let resp = fetch(url, &init).await?;
    if !resp.ok() {
        return Err(FrameError::Network(format!("{url}: HTTP {}", resp.status())));
    }
    text_of(&resp).await
}

async fn post(path: &str, body: &str, proof: &str) -> Result<String, FrameError> {
    let headers = web_sys::Headers::new()?;
    headers.set("content-type", "application/json")?;
    headers.set(PROOF_HEADER, proof)?;
    let init = web_sys::RequestInit::new();
    init.set_method("POST");
    init.set_body(&body.into());
    init.set_headers(&headers);
    // The binding cookie is partitioned and HttpOnly; it must travel with every call.
    init.set_credentials(web_sys::RequestCredentials::SameOrigin);
    let resp = fetch(path, &init).await?;
    text_of(&resp).await
}

async fn fetch(url: &str, init: &web_sys::RequestInit) -> Result<web_sys::Response, FrameError> {
    let window = web_sys::window().ok_or_else(|| FrameError::Js("no window".into()))?;
    let answer = JsFuture::from(window.fetch_with_str_and_init(url, init)).await;
    let resp = answer.map_err(|e| FrameError::Network(format!("{e:?}")))?;
    resp.dyn_into().map_err(FrameError::from)
}

async fn text_of(resp: &web_sys::Response) -> Result<String, FrameError> {
    let text = JsFuture::from(resp.text()?).await.map_err(|e| FrameError::Network(format!("{e:?}")))?;
    text.as_string().ok_or_else(|| FrameError::Decode("body is not text".into()))
}
