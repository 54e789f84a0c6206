use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use capture_protocol::api::ErrorData;
use capture_protocol::{ApiCode, Envelope, SessionStatus};

/// Every way a request can fail. `Api` carries a client-facing code; the others are real faults
/// and answer `internal` without any detail (the detail goes to the log).
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{}", .code.name())]
    Api { code: ApiCode, param: Option<String>, reason: Option<String>, session_status: Option<SessionStatus> },
    #[error("database: {0}")]
    Store(#[from] crate::store::StoreError),
    #[error("internal: {0}")]
    Internal(String),
}

impl ApiError {
    pub fn code(code: ApiCode) -> Self {
        ApiError::Api { code, param: None, reason: None, session_status: None }
    }
    pub fn param(code: ApiCode, param: impl Into<String>) -> Self {
        ApiError::Api { code, param: Some(param.into()), reason: None, session_status: None }
    }
    pub fn with_reason(mut self, r: impl Into<String>) -> Self {
        if let ApiError::Api { reason, .. } = &mut self {
            *reason = Some(r.into());
        }
        self
    }
    pub fn with_status(mut self, s: SessionStatus) -> Self {
        if let ApiError::Api { session_status, .. } = &mut self {
            *session_status = Some(s);
        }
        self
    }
    /// Whether the failed transaction may simply be run again (see `StoreError::is_retryable`).
    pub fn is_retryable(&self) -> bool {
        matches!(self, ApiError::Store(e) if e.is_retryable())
    }

    /// The client-facing code.
    pub fn api_code(&self) -> ApiCode {
        match self {
            ApiError::Api { code, .. } => *code,
            _ => ApiCode::Internal,
        }
    }
}

/// An envelope answer with the code's HTTP status.
pub fn envelope<T: serde::Serialize>(code: ApiCode, data: T) -> Response {
    let status = StatusCode::from_u16(code.http_status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, Json(Envelope::new(code, data))).into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (code, param, reason, session_status) = match self {
            ApiError::Api { code, param, reason, session_status } => (code, param, reason, session_status),
            ApiError::Store(e) => {
                tracing::error!(error = %e, "database fault");
                (ApiCode::Internal, None, None, None)
            }
            ApiError::Internal(e) => {
                tracing::error!(error = %e, "internal fault");
                (ApiCode::Internal, None, None, None)
            }
        };
        envelope(code, ErrorData { error: code.name().to_owned(), param, reason, session_status })
    }
}

/// Router fallback: unknown path.
pub async fn not_found() -> ApiError {
    ApiError::code(ApiCode::NotFound)
}

/// Known path, wrong method: 405 with the `not_found` envelope.
pub async fn method_not_allowed() -> Response {
    let mut r = ApiError::code(ApiCode::NotFound).into_response();
    *r.status_mut() = StatusCode::METHOD_NOT_ALLOWED;
    r
}

/// Last resort for a panic in a handler: `internal`, no detail.
pub fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("handler panicked");
    ApiError::code(ApiCode::Internal).into_response()
}
