use crate::error::ApiError;
use axum::body::{Body, Bytes};
use axum::http::{header, HeaderMap};
use capture_protocol::ApiCode;
use serde::de::DeserializeOwned;

/// Request bodies are capped at 64 KiB.
pub const BODY_LIMIT: usize = 64 * 1024;

/// Reads the whole body, refusing more than [`BODY_LIMIT`] bytes.
pub async fn read_body(body: Body) -> Result<Bytes, ApiError> {
    axum::body::to_bytes(body, BODY_LIMIT).await.map_err(|_| ApiError::code(ApiCode::BodyTooLarge))
}

/// `Content-Type` must be `application/json` (parameters such as `charset` allowed).
pub fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
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

/// How a data error (not a syntax error) was classified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldProblem {
    Unknown(String),
    Missing(String),
    WrongType(String),
    UnknownVariant(String),
}

/// Parses `bytes` as a JSON object and then as `T`, mapping serde's errors to the API's codes:
/// syntax or not-an-object → `malformed_json`; otherwise a [`FieldProblem`] with the field path.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Result<FieldProblem, ApiError>> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|_| Err(ApiError::code(ApiCode::MalformedJson)))?;
    if !value.is_object() {
        return Err(Err(ApiError::code(ApiCode::MalformedJson)));
    }
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let path = e.path().to_string();
        let msg = e.inner().to_string();
        let name = backticked(&msg).unwrap_or("").to_owned();
        Ok(if msg.starts_with("unknown field") {
            // serde_path_to_error already pushed the unknown key onto the path.
            let full = if path == name || path.ends_with(&format!(".{name}")) { path } else { join(&path, &name) };
            FieldProblem::Unknown(full)
        } else if msg.starts_with("missing field") {
            FieldProblem::Missing(join(&path, &name))
        } else if msg.starts_with("unknown variant") {
            FieldProblem::UnknownVariant(path)
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
        FieldProblem::WrongType(f) | FieldProblem::UnknownVariant(f) => ApiError::param(ApiCode::InvalidFieldType, f),
    }
}
