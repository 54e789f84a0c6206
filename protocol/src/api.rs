//! The Session Management API (server to server) and the envelope every answer uses,
//! frame endpoints included.

use crate::ids::{EventId, FundingDestination, SessionId};
#[cfg(feature = "openapi")]
use crate::locale::LocaleCode;
use crate::status::SessionStatus;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `{"status": <code>, "client_message": "...", "data": {...}}` on every answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Envelope<T> {
    /// The API code (see `x-api-codes`).
    pub status: u32,
    pub client_message: String,
    pub data: T,
}

impl<T> Envelope<T> {
    pub fn new(code: ApiCode, data: T) -> Self {
        Self { status: code.number(), client_message: code.client_message().to_owned(), data }
    }
}

macro_rules! api_codes {
    ($( $(#[$doc:meta])* $variant:ident = $num:literal, $http:literal, $name:literal, $msg:literal; )*) => {
        /// Every status code the API answers with. Numbers are stable: never reuse one (13724, a
        /// claim state the database made unreachable, is retired).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ApiCode { $( $(#[$doc])* $variant, )* }

        impl ApiCode {
            pub const ALL: &'static [ApiCode] = &[$(ApiCode::$variant),*];
            pub fn number(self) -> u32 { match self { $(ApiCode::$variant => $num,)* } }
            /// The HTTP status that carries this code.
            pub fn http_status(self) -> u16 { match self { $(ApiCode::$variant => $http,)* } }
            /// A stable snake_case name, for logs and the frame's messages.
            pub fn name(self) -> &'static str { match self { $(ApiCode::$variant => $name,)* } }
            /// The `client_message` text (English, for developers; the page localizes).
            pub fn client_message(self) -> &'static str { match self { $(ApiCode::$variant => $msg,)* } }
            pub fn from_number(n: u32) -> Option<ApiCode> { Self::ALL.iter().copied().find(|c| c.number() == n) }
        }
    };
}

api_codes! {
    /// A new session was created.
    Success = 100, 201, "success", "Success";
    /// The Idempotency-Key matched a live key with the same parameters: same session, new URL.
    SuccessIdempotent = 101, 200, "success_idempotent", "Success - Idempotent";
    /// A read, terminate or frame call succeeded.
    Ok = 102, 200, "ok", "OK";
    /// The Idempotency-Key was used within 2 h with different parameters.
    IdempotencyKeyMismatch = 13723, 409, "idempotency_key_mismatch", "Idempotency key mismatch";
    /// `x-api-key` missing or not a known program's key.
    Unauthorized = 13701, 401, "unauthorized", "Missing or invalid API key";
    /// The body is not valid JSON, or not a JSON object.
    MalformedJson = 13702, 400, "malformed_json", "Request body is not valid JSON";
    /// The body is larger than the limit (64 KiB).
    BodyTooLarge = 13703, 413, "body_too_large", "Request body is too large";
    /// The body is not `application/json`.
    UnsupportedMediaType = 13704, 415, "unsupported_media_type", "Content-Type must be application/json";
    /// A field the API does not know.
    UnknownField = 13705, 422, "unknown_field", "Unknown field";
    /// A field has the wrong JSON type (e.g. a number where a string belongs).
    InvalidFieldType = 13706, 422, "invalid_field_type", "Field has the wrong type";
    /// A required field is missing or empty.
    MissingField = 13707, 422, "missing_field", "Required field is missing";
    /// A string field is longer than its limit.
    FieldTooLong = 13708, 422, "field_too_long", "Field is too long";
    /// `Idempotency-Key` is empty, over 250 characters or not visible ASCII.
    InvalidIdempotencyKey = 13709, 400, "invalid_idempotency_key", "Invalid Idempotency-Key header";
    /// `language_locale_code` is not one of the 28 supported codes or not enabled for the program.
    UnsupportedLocale = 13710, 422, "unsupported_locale", "Unsupported language_locale_code";
    /// `host_uri` is not an origin (scheme://host[:port], no path).
    InvalidHostUri = 13711, 422, "invalid_host_uri", "host_uri must be an origin: scheme://host[:port]";
    /// `host_uri` is an origin but not on the program's allowlist.
    HostUriNotAllowed = 13712, 422, "host_uri_not_allowed", "host_uri is not on the program's allowlist";
    /// `funding_destinations` empty, unknown, repeated or not enabled for the program.
    InvalidFundingDestinations = 13713, 422, "invalid_funding_destinations", "Invalid funding_destinations";
    /// `metadata` has more than 50 keys, a non-string value, or an oversized key or value.
    InvalidMetadata = 13714, 422, "invalid_metadata", "metadata must have at most 50 string-valued keys";
    /// `return_url` is not an absolute https URL.
    InvalidReturnUrl = 13715, 422, "invalid_return_url", "return_url must be an https URL";
    /// `expires_in` is outside 60 to 86400 seconds.
    InvalidExpiresIn = 13716, 422, "invalid_expires_in", "expires_in must be between 60 and 86400 seconds";
    /// `recipient` is missing a part or a part is malformed (postal code, name).
    InvalidRecipient = 13717, 422, "invalid_recipient", "Invalid recipient";
    /// No such session for this program (or a malformed session id).
    SessionNotFound = 13718, 404, "session_not_found", "Session not found";
    /// The session is terminal; the operation needs an active session.
    SessionNotActive = 13719, 409, "session_not_active", "Session is not active";
    /// Path or method not served.
    NotFound = 13720, 404, "not_found", "Not found";
    /// The mount token is unknown, used, or older than the mount window.
    AuthorizedUrlExpired = 13730, 410, "authorized_url_expired", "Authorized URL expired";
    /// Another browser opened this session first.
    BoundToOtherDevice = 13731, 403, "bound_to_other_device", "Session is bound to another device";
    /// The session is terminal and cannot be mounted (`data.session_status` says which).
    SessionNotMountable = 13732, 409, "session_not_mountable", "Session cannot be mounted";
    /// The public key is not an EC P-256 JWK.
    InvalidJwk = 13733, 422, "invalid_jwk", "Invalid public key";
    /// The proof header is missing, malformed, signed by another key, stale, or for another request.
    InvalidProof = 13734, 401, "invalid_proof", "Invalid proof of possession";
    /// The proof's one-time id was already used.
    ProofReplayed = 13735, 401, "proof_replayed", "Proof was already used";
    /// The submitted account fails validation (`data.param`, `data.reason`).
    InvalidAccount = 13736, 422, "invalid_account", "Invalid account details";
    /// The funding destination is not allowed for this session.
    FundingDestinationNotAllowed = 13737, 422, "funding_destination_not_allowed", "Funding destination not allowed for this session";
    /// `continue` or `stop` on a session that is not awaiting a decision.
    SessionNotAwaitingDecision = 13738, 409, "session_not_awaiting_decision", "Session is not awaiting a decision";
    /// Too many requests from this client, session or program; retry after `Retry-After` seconds.
    RateLimited = 13739, 429, "rate_limited", "Too many requests";
    /// A live program's verifier did not answer (or answered nonsense); no attempt was counted, retry.
    VerifierUnavailable = 13740, 503, "verifier_unavailable", "Verification is unavailable; try again";
    /// A fault on our side; retrying later may help. Never used for bad input.
    /// No event with that id belongs to the program (`GET /v1/events?after=`, redelivery).
    EventNotFound = 13741, 404, "event_not_found", "Event not found";
    /// `GET /readyz`: the database does not answer.
    DatabaseUnavailable = 13742, 503, "database_unavailable", "The database does not answer";
    Internal = 13799, 500, "internal", "Internal error";
}

#[cfg(feature = "openapi")]
impl ApiCode {
    /// The schema of `data.error`: one of the codes' names.
    pub fn names_schema() -> utoipa::openapi::Object {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new().schema_type(Type::String).enum_values(Some(Self::ALL.iter().map(|c| c.name()))).build()
    }
}

/// `data` of an error answer: which code, and which parameter when one is to blame.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorData {
    /// The code's name.
    #[cfg_attr(feature = "openapi", schema(schema_with = ApiCode::names_schema))]
    pub error: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// For `session_not_mountable` and `session_not_active`: the session's status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_status: Option<SessionStatus>,
}

/// Who the entered account must belong to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Recipient {
    pub first_name: String,
    pub last_name: String,
    pub postal_code: String,
}

/// `POST /v1/sessions` body, as sent. Shapes only; the server validates values against the
/// program and answers the first problem with its code and `param`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateSessionRequest {
    pub participant_unique_id1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant_unique_id2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::locale::requested_locale_schema))]
    pub language_locale_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::Origin>))]
    pub host_uri: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Vec<FundingDestination>>))]
    pub funding_destinations: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<Recipient>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_reference_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<BTreeMap<String, String>>))]
    pub metadata: Option<BTreeMap<String, MetadataValue>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(format = "uri"))]
    pub return_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
    /// A verified account waits in `awaiting_decision` for `continue` or `stop` (default false).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_gate: Option<bool>,
    /// How the page looks (the embed's `mount()` option of the same name wins option by option).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub appearance: Option<crate::AppearanceOptions>,
}

/// A `metadata` value as sent: only strings are accepted, and the server says so with
/// `invalid_metadata` rather than a generic type error, so any other JSON is kept as `NotString`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetadataValue {
    String(String),
    NotString,
}

impl<'de> Deserialize<'de> for MetadataValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Any {
            String(String),
            Other(serde::de::IgnoredAny),
        }
        Ok(match Any::deserialize(d)? {
            Any::String(s) => Self::String(s),
            Any::Other(_) => Self::NotString,
        })
    }
}

impl Serialize for MetadataValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::String(v) => s.serialize_str(v),
            Self::NotString => s.serialize_none(),
        }
    }
}

/// `data` of a create answer (seed 000's shape).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionCreated {
    pub session_identifier: SessionId,
    #[cfg_attr(feature = "openapi", schema(format = "uri"))]
    pub authorized_url: String,
    /// RFC 3339, UTC, whole seconds: when the 30 s mount window closes.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub authorized_url_expiration_utc: String,
    pub participant_unique_id1: String,
    pub participant_unique_id2: String,
}

/// `data` of `GET /v1/sessions/{id}`: operational status only, never account data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionView {
    pub session_identifier: SessionId,
    pub status: SessionStatus,
    pub attempt_count: u32,
    pub max_attempts: u32,
    pub bound: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = LocaleCode))]
    pub language_locale_code: String,
    pub funding_destinations: Vec<FundingDestination>,
    pub participant_unique_id1: String,
    pub participant_unique_id2: String,
    pub client_reference_id: Option<String>,
    pub metadata: BTreeMap<String, String>,
    /// RFC 3339 timestamps.
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub created_at: String,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub updated_at: String,
    #[cfg_attr(feature = "openapi", schema(format = DateTime))]
    pub expires_at: String,
    pub decision_gate: bool,
    /// As created (every option unset when none was given).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::AppearanceOptions))]
    pub appearance: crate::Appearance,
    /// The finish status.
    pub outcome: Outcome,
}

/// How far a webhook event's delivery got.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Delivery {
    /// Not delivered yet; retried with exponential backoff.
    Pending,
    /// A 2xx was received.
    Delivered,
    /// Retried for 3 days without a 2xx; `POST /v1/events/{id}/redeliver` sends it again.
    Failed,
}

/// One of a program's webhook events, as `GET /v1/events` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventView {
    pub id: EventId,
    /// `session.completed`, `verification.failed`, …
    #[serde(rename = "type")]
    pub event_type: String,
    /// Unix seconds, as in the event's payload.
    pub created: i64,
    pub delivery: Delivery,
    /// Delivery attempts so far.
    pub attempts: u32,
}

/// `data` of `GET /v1/events`: oldest first; when `has_more`, ask again with `after` = the last id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EventList {
    pub events: Vec<EventView>,
    pub has_more: bool,
}

/// `POST /v1/sessions/{id}/stop` body (optional): why the integrator stopped it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StopRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// What a finished session came to (after seed 001's finish status).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum OutcomeAction {
    Approved,
    Rejected,
    None,
}

/// `outcome` of a session read: `approved` (completed), `rejected` (too many attempts, a
/// terminal failure with its code, or stopped with the integrator's reason), `none` otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Outcome {
    pub action: OutcomeAction,
    pub reason: Option<String>,
}

impl Outcome {
    /// The outcome of a session in `status` that ended for `reason` (a terminal failure's
    /// code, the stop reason; `None` when it ended without one).
    pub fn of(status: SessionStatus, reason: Option<&str>) -> Outcome {
        let (action, reason) = match status {
            SessionStatus::Completed => (OutcomeAction::Approved, None),
            SessionStatus::MaxAttemptsExceeded => (OutcomeAction::Rejected, Some("max_attempts_exceeded")),
            SessionStatus::Stopped => (OutcomeAction::Rejected, reason),
            // A terminated session with a reason ended on a terminal failure; without, the
            // integrator terminated it.
            SessionStatus::Terminated if reason.is_some() => (OutcomeAction::Rejected, reason),
            _ => (OutcomeAction::None, None),
        };
        Outcome { action, reason: reason.map(str::to_owned) }
    }
}

/// Claims of a receipt: the server's signed word that a session completed with this account,
/// tying it to the `session.completed` webhook by `event_id`. A compact JWS, ES256, header
/// `{"alg":"ES256","typ":"capture-receipt+jwt","kid":…}`, verifiable with `/.well-known/jwks.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptClaims {
    pub session_identifier: SessionId,
    pub customer_account_token: String,
    pub funding_destination: FundingDestination,
    pub last4: String,
    /// The id of the matching `session.completed` webhook event.
    pub event_id: String,
    /// Unix seconds.
    pub iat: i64,
}

/// The JWS `typ` of a receipt.
pub const RECEIPT_TYP: &str = "capture-receipt+jwt";

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_named() {
        let numbers: HashSet<_> = ApiCode::ALL.iter().map(|c| c.number()).collect();
        let names: HashSet<_> = ApiCode::ALL.iter().map(|c| c.name()).collect();
        assert_eq!(numbers.len(), ApiCode::ALL.len());
        assert_eq!(names.len(), ApiCode::ALL.len());
        for c in ApiCode::ALL {
            assert_eq!(ApiCode::from_number(c.number()), Some(*c));
            // Bad input is never a 5xx: only our faults and an unreachable verifier are.
            assert_eq!(c.http_status() >= 500, matches!(c, ApiCode::Internal | ApiCode::VerifierUnavailable | ApiCode::DatabaseUnavailable), "{c:?}");
        }
    }

    #[test]
    fn every_code_is_documented_in_the_readme() {
        let readme = include_str!("../../README.md");
        for c in ApiCode::ALL {
            let row = format!("| {} | {} | `{}` | {} |", c.number(), c.http_status(), c.name(), c.client_message());
            assert!(readme.contains(&row), "README.md lacks the row for {c:?}: {row}");
        }
    }

    #[test]
    fn design_table_codes() {
        assert_eq!((ApiCode::Success.number(), ApiCode::Success.http_status(), ApiCode::Success.client_message()), (100, 201, "Success"));
        assert_eq!(
            (ApiCode::SuccessIdempotent.number(), ApiCode::SuccessIdempotent.http_status(), ApiCode::SuccessIdempotent.client_message()),
            (101, 200, "Success - Idempotent")
        );
        assert_eq!(
            (ApiCode::IdempotencyKeyMismatch.number(), ApiCode::IdempotencyKeyMismatch.http_status(), ApiCode::IdempotencyKeyMismatch.client_message()),
            (13723, 409, "Idempotency key mismatch")
        );
    }

    #[test]
    fn outcome_of_every_status() {
        use OutcomeAction as A;
        use SessionStatus::*;
        let o = |s, r| Outcome::of(s, r);
        assert_eq!(o(Completed, None), Outcome { action: A::Approved, reason: None });
        assert_eq!(o(MaxAttemptsExceeded, None), Outcome { action: A::Rejected, reason: Some("max_attempts_exceeded".into()) });
        assert_eq!(o(Terminated, Some("card_declined")), Outcome { action: A::Rejected, reason: Some("card_declined".into()) });
        assert_eq!(o(Stopped, Some("fraud review")), Outcome { action: A::Rejected, reason: Some("fraud review".into()) });
        assert_eq!(o(Stopped, None), Outcome { action: A::Rejected, reason: None });
        for s in [Active, AwaitingDecision, Canceled, Expired] {
            assert_eq!(o(s, None), Outcome { action: A::None, reason: None }, "{s:?}");
        }
        assert_eq!(o(Terminated, None).action, A::None, "terminated by the integrator");
        assert_eq!(serde_json::to_string(&o(Completed, None)).unwrap(), r#"{"action":"approved","reason":null}"#);
    }

    #[test]
    fn seed_000_example_parses_into_the_response_type() {
        // Verbatim from seeds/000, except the truncated URL's "..." which is kept as given.
        let seed = r#"{
  "status": 101,
  "client_message": "Success - Idempotent",
  "data": {
    "session_identifier": "5cf34a7d-25b6-4400-b19d-53a171d324e1",
    "authorized_url": "https://iip-webplugin-uat.ingo.money/session/5cf34a7d-...",
    "authorized_url_expiration_utc": "2024-01-17T20:30:30Z",
    "participant_unique_id1": "2639d2ce-2e74-48a4-be74-9bb90a62b40b",
    "participant_unique_id2": ""
  }
}"#;
        let env: Envelope<SessionCreated> = serde_json::from_str(seed).unwrap();
        assert_eq!(ApiCode::from_number(env.status), Some(ApiCode::SuccessIdempotent));
        assert_eq!(env.client_message, ApiCode::SuccessIdempotent.client_message());
        assert_eq!(env.data.session_identifier.as_str(), "5cf34a7d-25b6-4400-b19d-53a171d324e1");
        assert_eq!(env.data.participant_unique_id2, "");
        // And it serializes back to the same shape, field for field.
        let back: serde_json::Value = serde_json::to_value(&env).unwrap();
        assert_eq!(back, serde_json::from_str::<serde_json::Value>(seed).unwrap());
    }

    #[test]
    fn create_request_rejects_unknown_fields_and_keeps_metadata_types() {
        let err = serde_json::from_str::<CreateSessionRequest>(r#"{"participant_unique_id1":"a","colour":"red"}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `colour`"), "{err}");
        let req: CreateSessionRequest = serde_json::from_str(r#"{"participant_unique_id1":"a","metadata":{"k":"v","n":1}}"#).unwrap();
        let md = req.metadata.unwrap();
        assert_eq!(md["k"], MetadataValue::String("v".into()));
        assert_eq!(md["n"], MetadataValue::NotString);
    }
}
