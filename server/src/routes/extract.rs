//! The extractors every route is built from, so each route checks in one order:
//! path → authentication → headers → body (media type, size, JSON, fields) → the handler.
//! Frame calls check the proof between the body's size and its parsing (the proof signs the
//! exact bytes), and spend it after the body parsed.

use crate::config::{sha256_hex, Program};
use crate::error::ApiError;
use crate::lifecycle;
use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use capture_protocol::api::{CreateSessionRequest, StopRequest};
use capture_protocol::frame_api::{AccountSubmission, CancelRequest, MountRequest, StatusRequest, PROOF_HEADER};
use capture_protocol::{ApiCode, IdempotencyKey, SessionId};
use serde::de::DeserializeOwned;
use std::sync::Arc;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::{RefOr, Required};
use utoipa::{IntoParams, PartialSchema};

/// Request bodies are capped at 64 KiB.
pub const BODY_LIMIT: usize = 64 * 1024;

/// The codes an extractor refuses a request with, for the OpenAPI document: each list sits
/// beside the checks that answer it.
pub trait Refusals {
    fn codes() -> Vec<ApiCode>;
}

/// What any JSON body is refused for before its fields are read.
const BODY_REFUSALS: [ApiCode; 3] = [ApiCode::UnsupportedMediaType, ApiCode::BodyTooLarge, ApiCode::MalformedJson];

fn parameter(name: &str, at: ParameterIn, description: &str, schema: impl Into<RefOr<Schema>>) -> Parameter {
    ParameterBuilder::new().name(name).parameter_in(at).required(Required::True).description(Some(description)).schema(Some(schema)).build()
}

/// `{id}` of a session path; a malformed id is an unknown session.
pub struct SessionPath(pub SessionId);

impl FromRequestParts<AppState> for SessionPath {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let not_found = || ApiError::code(ApiCode::SessionNotFound);
        let Path(id) = Path::<String>::from_request_parts(parts, state).await.map_err(|_| not_found())?;
        SessionId::try_from(id.as_str()).map(SessionPath).map_err(|_| not_found())
    }
}

impl Refusals for SessionPath {
    fn codes() -> Vec<ApiCode> {
        vec![ApiCode::SessionNotFound]
    }
}

impl IntoParams for SessionPath {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![parameter("id", ParameterIn::Path, "the session_identifier", SessionId::schema())]
    }
}

/// `{id}` of an event path, as sent (the lifecycle answers a malformed one as an unknown event).
pub struct EventPath(pub String);

impl FromRequestParts<AppState> for EventPath {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let Path(id) = Path::<String>::from_request_parts(parts, state).await.map_err(|_| ApiError::code(ApiCode::EventNotFound))?;
        Ok(EventPath(id))
    }
}

impl Refusals for EventPath {
    fn codes() -> Vec<ApiCode> {
        vec![ApiCode::EventNotFound]
    }
}

impl IntoParams for EventPath {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        vec![parameter("id", ParameterIn::Path, "the event's id (Capture-Event-Id)", capture_protocol::EventId::schema())]
    }
}

/// The program whose API key is in `x-api-key` (only its SHA-256 is configured).
pub struct AuthProgram(pub Arc<Program>);

impl FromRequestParts<AppState> for AuthProgram {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let key = parts.headers.get("x-api-key").and_then(|v| v.to_str().ok()).filter(|k| !k.is_empty());
        key.and_then(|k| state.settings.program_by_key_hash(&sha256_hex(k.as_bytes())))
            .map(|p| AuthProgram(p.clone()))
            .ok_or_else(|| ApiError::code(ApiCode::Unauthorized))
    }
}

impl Refusals for AuthProgram {
    fn codes() -> Vec<ApiCode> {
        vec![ApiCode::Unauthorized]
    }
}

/// The optional `Idempotency-Key` header, validated.
pub struct IdemKey(pub Option<IdempotencyKey>);

impl FromRequestParts<AppState> for IdemKey {
    type Rejection = ApiError;
    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, ApiError> {
        let Some(v) = parts.headers.get("idempotency-key") else { return Ok(IdemKey(None)) };
        v.to_str()
            .ok()
            .and_then(|s| IdempotencyKey::try_from(s).ok())
            .map(|k| IdemKey(Some(k)))
            .ok_or_else(|| ApiError::param(ApiCode::InvalidIdempotencyKey, "Idempotency-Key"))
    }
}

impl Refusals for IdemKey {
    fn codes() -> Vec<ApiCode> {
        vec![ApiCode::InvalidIdempotencyKey]
    }
}

impl IntoParams for IdemKey {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let schema = ObjectBuilder::new().schema_type(Type::String).min_length(Some(1)).max_length(Some(IdempotencyKey::MAX_LEN));
        let mut p = parameter("Idempotency-Key", ParameterIn::Header, "visible ASCII; the same key with the same parameters within 2 h answers the same session", schema);
        p.required = Required::False;
        vec![p]
    }
}

/// The `capture-proof` header every frame call carries (documentation only: [`SignedJson`] and
/// [`FrameCall`] read it).
pub struct ProofHeader;

impl IntoParams for ProofHeader {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let description = "compact JWS, ES256, typ capture-proof+jwt, claims htm/htu/bh/iat/jti; signed by the key the mount body presents, then by the key bound at mount";
        vec![parameter(PROOF_HEADER, ParameterIn::Header, description, String::schema())]
    }
}

/// A request body type and how its shape problems map to the API's codes.
pub trait ApiBody: DeserializeOwned + Send {
    /// The codes [`ApiBody::problem`] answers with.
    const REFUSALS: &'static [ApiCode] = &[ApiCode::UnknownField, ApiCode::InvalidFieldType, ApiCode::MissingField];
    fn problem(p: FieldProblem) -> ApiError {
        default_problem(p)
    }
}

/// A JSON body: `application/json` (415), at most [`BODY_LIMIT`] bytes (413), a JSON object
/// (400), then `T`'s fields (422 with `param`).
pub struct ApiJson<T>(pub T);

impl<T: ApiBody> Refusals for ApiJson<T> {
    fn codes() -> Vec<ApiCode> {
        SignedJson::<T>::codes()
    }
}

impl<T: ApiBody> FromRequest<AppState> for ApiJson<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        SignedJson::from_request(req, state).await.map(|j| ApiJson(j.body))
    }
}

/// A body that may be left out: none at all is `T::default()`; one that is there is checked
/// like [`ApiJson`].
pub struct OptionalJson<T>(pub T);

impl<T: ApiBody> Refusals for OptionalJson<T> {
    fn codes() -> Vec<ApiCode> {
        SignedJson::<T>::codes()
    }
}

impl<T: ApiBody + Default> FromRequest<AppState> for OptionalJson<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, _: &AppState) -> Result<Self, ApiError> {
        let (parts, body) = req.into_parts();
        let raw = read_body(body).await?;
        if raw.is_empty() {
            return Ok(OptionalJson(T::default()));
        }
        require_json(&parts.headers)?;
        parse(&raw).map(OptionalJson)
    }
}

/// A JSON body checked like [`ApiJson`], with its exact bytes and the `capture-proof` header
/// that may sign them (the mount proves possession of the key it presents).
pub struct SignedJson<T> {
    pub body: T,
    pub raw: Bytes,
    pub proof: Option<String>,
    /// The request's path (what a proof's `htu` must name).
    pub path: String,
}

impl<T: ApiBody> Refusals for SignedJson<T> {
    fn codes() -> Vec<ApiCode> {
        [&BODY_REFUSALS[..], T::REFUSALS].concat()
    }
}

impl<T: ApiBody> FromRequest<AppState> for SignedJson<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, _: &AppState) -> Result<Self, ApiError> {
        let (parts, body) = req.into_parts();
        require_json(&parts.headers)?;
        let raw = read_body(body).await?;
        let proof = parts.headers.get(PROOF_HEADER).and_then(|v| v.to_str().ok()).map(str::to_owned);
        Ok(SignedJson { body: parse(&raw)?, raw, proof, path: parts.uri.path().to_owned() })
    }
}

/// A proof-checked frame call: the proof valid for this method, path and exact body against the
/// session's bound key, then the JSON body `T`. The lifecycle spends the proof (its one-time id
/// never seen) once the request passed every check, so a refused request spends nothing.
pub struct FrameCall<T> {
    pub proof: lifecycle::frame::VerifiedProof,
    pub body: T,
    /// The body's bytes as sent (what the proof signed).
    pub raw: Bytes,
}

impl<T: ApiBody> Refusals for FrameCall<T> {
    fn codes() -> Vec<ApiCode> {
        [&[ApiCode::SessionNotFound, ApiCode::InvalidProof][..], &BODY_REFUSALS, T::REFUSALS].concat()
    }
}

impl<T> IntoParams for FrameCall<T> {
    fn into_params(at: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        [SessionPath::into_params(&at), ProofHeader::into_params(&at)].concat()
    }
}

impl<T: ApiBody> FromRequest<AppState> for FrameCall<T> {
    type Rejection = ApiError;
    async fn from_request(req: Request, state: &AppState) -> Result<Self, ApiError> {
        let (mut parts, body) = req.into_parts();
        let SessionPath(id) = SessionPath::from_request_parts(&mut parts, state).await?;
        let bytes = read_body(body).await?;
        let proof = parts.headers.get(PROOF_HEADER).and_then(|v| v.to_str().ok());
        let proof = lifecycle::frame::verify_proof(state, &id, parts.method.as_str(), parts.uri.path(), proof, &bytes).await?;
        require_json(&parts.headers)?;
        Ok(FrameCall { proof, body: parse(&bytes)?, raw: bytes })
    }
}

/// Reads the whole body, refusing more than [`BODY_LIMIT`] bytes.
async fn read_body(body: Body) -> Result<Bytes, ApiError> {
    axum::body::to_bytes(body, BODY_LIMIT).await.map_err(|_| ApiError::code(ApiCode::BodyTooLarge))
}

/// `Content-Type` must be `application/json` (parameters such as `charset` allowed).
fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let mime = ct.split(';').next().unwrap_or("").trim();
    if mime.eq_ignore_ascii_case("application/json") {
        Ok(())
    } else {
        Err(ApiError::code(ApiCode::UnsupportedMediaType))
    }
}

/// Text between the first pair of backticks of a serde message: the field or variant name.
fn backticked(msg: &str) -> Option<&str> {
    let start = msg.find('`')? + 1;
    let len = msg[start..].find('`')?;
    Some(&msg[start..start + len])
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() || path == "." {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

/// How a data error (not a syntax error) was classified, with the field's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldProblem {
    Unknown(String),
    Missing(String),
    WrongType(String),
    /// An enum value it does not know: the field's path and the variants serde expected.
    UnknownVariant { path: String, expected: String },
}

/// Parses `bytes` as a JSON object and then as `T`: syntax or not-an-object → `malformed_json`;
/// otherwise `T`'s mapping of the [`FieldProblem`].
fn parse<T: ApiBody>(bytes: &[u8]) -> Result<T, ApiError> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|_| ApiError::code(ApiCode::MalformedJson))?;
    if !value.is_object() {
        return Err(ApiError::code(ApiCode::MalformedJson));
    }
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let path = e.path().to_string();
        let msg = e.inner().to_string();
        let name = backticked(&msg).unwrap_or("").to_owned();
        T::problem(if msg.starts_with("unknown field") {
            // serde_path_to_error already pushed the unknown key onto the path.
            let full = if path == name || path.ends_with(&format!(".{name}")) { path } else { join(&path, &name) };
            FieldProblem::Unknown(full)
        } else if msg.starts_with("missing field") {
            FieldProblem::Missing(join(&path, &name))
        } else if msg.starts_with("unknown variant") {
            let expected = msg.split_once("expected ").map(|(_, e)| e.to_owned()).unwrap_or_default();
            FieldProblem::UnknownVariant { path, expected }
        } else {
            FieldProblem::WrongType(path)
        })
    })
}

/// The default mapping of a [`FieldProblem`] to an error.
pub fn default_problem(p: FieldProblem) -> ApiError {
    match p {
        FieldProblem::Unknown(f) => ApiError::param(ApiCode::UnknownField, f),
        FieldProblem::Missing(f) => ApiError::param(ApiCode::MissingField, f),
        FieldProblem::WrongType(f) | FieldProblem::UnknownVariant { path: f, .. } => ApiError::param(ApiCode::InvalidFieldType, f),
    }
}

impl ApiBody for CreateSessionRequest {
    const REFUSALS: &'static [ApiCode] =
        &[ApiCode::UnknownField, ApiCode::InvalidFieldType, ApiCode::MissingField, ApiCode::InvalidRecipient, ApiCode::InvalidMetadata];
    fn problem(p: FieldProblem) -> ApiError {
        match p {
            FieldProblem::Missing(f) if f.starts_with("recipient.") => ApiError::param(ApiCode::InvalidRecipient, f).with_reason("required"),
            FieldProblem::WrongType(f) if f.starts_with("recipient") => ApiError::param(ApiCode::InvalidRecipient, f),
            FieldProblem::WrongType(f) if f.starts_with("metadata") => ApiError::param(ApiCode::InvalidMetadata, f),
            other => default_problem(other),
        }
    }
}

impl ApiBody for MountRequest {
    const REFUSALS: &'static [ApiCode] = &[ApiCode::UnknownField, ApiCode::InvalidFieldType, ApiCode::MissingField, ApiCode::InvalidJwk];
    fn problem(p: FieldProblem) -> ApiError {
        match p {
            FieldProblem::WrongType(f) | FieldProblem::Missing(f) | FieldProblem::Unknown(f) if f.starts_with("jwk") => {
                ApiError::param(ApiCode::InvalidJwk, f)
            }
            other => default_problem(other),
        }
    }
}

impl ApiBody for AccountSubmission {
    const REFUSALS: &'static [ApiCode] = &[
        ApiCode::InvalidAccount,
        ApiCode::FundingDestinationNotAllowed,
        ApiCode::MissingField,
        ApiCode::UnknownField,
        ApiCode::InvalidFieldType,
    ];
    fn problem(p: FieldProblem) -> ApiError {
        match p {
            // The tag of an internally tagged enum and a field inside it report the same path, so
            // which of the two was unknown is told by what serde expected instead.
            FieldProblem::UnknownVariant { expected, .. } if expected.contains("`checking`") => {
                ApiError::param(ApiCode::InvalidAccount, "account_type").with_reason("invalid")
            }
            FieldProblem::UnknownVariant { .. } => ApiError::param(ApiCode::FundingDestinationNotAllowed, "funding_destination"),
            FieldProblem::Missing(f) if f.ends_with("funding_destination") => ApiError::param(ApiCode::MissingField, "funding_destination"),
            FieldProblem::Missing(f) => ApiError::param(ApiCode::InvalidAccount, f).with_reason("required"),
            other => default_problem(other),
        }
    }
}

impl ApiBody for CancelRequest {}

impl ApiBody for StatusRequest {}

impl ApiBody for StopRequest {}
