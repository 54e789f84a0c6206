//! The page's server calls. Answers are protocol envelopes: status 102 carries the call's
//! data, any other status an [`ErrorData`] the page maps to a screen. Bodies and answers cross
//! into and out of JavaScript through serde-wasm-bindgen and the protocol types' serde.

use crate::binding::Binding;
use crate::error::FrameError;
use capture_protocol::api::{Envelope, ErrorData};
use capture_protocol::frame_api::{AccountSubmission, CancelResponse, DecisionStatus, MountRequest, MountResponse, SubmitOutcome, PROOF_HEADER};
use capture_protocol::{ApiCode, SessionId};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
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

/// Reads an envelope (what `Response.json()` gave) through the protocol types' serde, with
/// their validating newtypes: its data on success, otherwise the code and the error data.
pub fn decode<T: DeserializeOwned>(answer: JsValue) -> Result<T, FrameError> {
    #[derive(Deserialize)]
    struct Status {
        status: u32,
    }
    let Status { status } = from_js(answer.clone())?;
    if status == ApiCode::Ok.number() {
        Ok(from_js::<Envelope<T>>(answer)?.data)
    } else {
        let data = from_js::<Envelope<Option<ErrorData>>>(answer).ok().and_then(|e| e.data);
        Err(FrameError::Api { code: status, data })
    }
}

/// A protocol value from JavaScript. serde's message is left out: it can quote the value, and
/// answers carry tokens.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, FrameError> {
    serde_wasm_bindgen::from_value(value).map_err(|_| FrameError::Decode("answer breaks the protocol".into()))
}

/// A protocol value as a plain JavaScript object (maps as objects, as JSON has them).
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, FrameError> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible()).map_err(|e| FrameError::Js(e.to_string()))
}

/// A protocol value as the JSON text the server reads and the proof hashes.
pub fn to_json<T: Serialize>(value: &T) -> Result<String, FrameError> {
    js_sys::JSON::stringify(&to_js(value)?)?.as_string().ok_or_else(|| FrameError::Js("JSON.stringify gave no text".into()))
}

/// The mount is signed by the key it presents: the server binds only a key whose holder is here.
pub async fn mount(id: &SessionId, binding: &Binding, request: &MountRequest) -> Result<MountResponse, FrameError> {
    let path = mount_path(id);
    let body = to_json(request)?;
    let proof = binding.proof("POST", &path, body.as_bytes()).await?;
    decode(post(&path, &body, &proof).await?)
}

pub async fn submit(id: &SessionId, binding: &Binding, submission: &AccountSubmission) -> Result<SubmitOutcome, FrameError> {
    let path = accounts_path(id);
    let body = to_json(submission)?;
    let proof = binding.proof("POST", &path, body.as_bytes()).await?;
    decode(post(&path, &body, &proof).await?)
}

pub async fn cancel(id: &SessionId, binding: &Binding) -> Result<CancelResponse, FrameError> {
    let path = cancel_path(id);
    let proof = binding.proof("POST", &path, b"{}").await?;
    decode(post(&path, "{}", &proof).await?)
}

/// The decision on a gated session (`{}` signed like every frame call).
pub async fn status(id: &SessionId, binding: &Binding) -> Result<DecisionStatus, FrameError> {
    let path = status_path(id);
    let proof = binding.proof("POST", &path, b"{}").await?;
    decode(post(&path, "{}", &proof).await?)
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

async fn post(path: &str, body: &str, proof: &str) -> Result<JsValue, FrameError> {
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
    // Not JSON (a proxy's error page): the envelope check refuses it like any other.
    Ok(JsFuture::from(resp.json()?).await.unwrap_or(JsValue::UNDEFINED))
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
