//! The OpenAPI 3.0 document, assembled at run time from the protocol's types and codes, so
//! the code table can never drift from [`ApiCode`].

use crate::state::AppState;
use axum::extract::State;
use axum::Json;
use capture_protocol::{ApiCode, LocaleCode, SessionStatus};
use serde_json::{json, Value};

fn str_schema(max: Option<usize>) -> Value {
    match max {
        Some(m) => json!({"type": "string", "maxLength": m}),
        None => json!({"type": "string"}),
    }
}

/// Builds the document.
pub fn document(base_url: &str) -> Value {
    let codes: Vec<Value> = ApiCode::ALL
        .iter()
        .map(|c| json!({"status": c.number(), "http": c.http_status(), "name": c.name(), "client_message": c.client_message()}))
        .collect();
    let statuses: Vec<&str> = SessionStatus::ALL.iter().map(|s| s.as_str()).collect();
    let envelope = |data: &str| {
        json!({"type": "object", "required": ["status", "client_message", "data"], "properties": {
            "status": {"type": "integer", "description": "API code; see x-api-codes"},
            "client_message": {"type": "string"},
            "data": {"$ref": format!("#/components/schemas/{data}")}
        }})
    };
    let error_responses = |list: &[ApiCode]| {
        let mut m = serde_json::Map::new();
        for c in list {
            let entry = m.entry(c.http_status().to_string()).or_insert_with(
                || json!({"description": "", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}}}),
            );
            let d = entry["description"].as_str().unwrap_or("").to_owned();
            entry["description"] =
                json!(if d.is_empty() { format!("{} ({})", c.name(), c.number()) } else { format!("{d}, {} ({})", c.name(), c.number()) });
        }
        m
    };
    use ApiCode::*;
    let create_errors = error_responses(&[
        Unauthorized,
        MalformedJson,
        BodyTooLarge,
        UnsupportedMediaType,
        UnknownField,
        InvalidFieldType,
        MissingField,
        FieldTooLong,
        InvalidIdempotencyKey,
        UnsupportedLocale,
        InvalidHostUri,
        HostUriNotAllowed,
        InvalidFundingDestinations,
        InvalidMetadata,
        InvalidReturnUrl,
        InvalidExpiresIn,
        InvalidRecipient,
        IdempotencyKeyMismatch,
        IdempotencyKeyInUse,
    ]);
    let mut create_responses = create_errors;
    create_responses.insert(
        "201".into(),
        json!({"description": "success (100): a new session", "content": {"application/json": {"schema": envelope("SessionCreated")}}}),
    );
    create_responses.insert("200".into(), json!({"description": "success_idempotent (101): same session, new authorized_url", "content": {"application/json": {"schema": envelope("SessionCreated")}}}));
    let mut read_responses = error_responses(&[Unauthorized, SessionNotFound]);
    read_responses
        .insert("200".into(), json!({"description": "ok (102)", "content": {"application/json": {"schema": envelope("SessionView")}}}));
    let mut term_responses = error_responses(&[Unauthorized, SessionNotFound, SessionNotActive]);
    term_responses.insert(
        "200".into(),
        json!({"description": "ok (102): terminated", "content": {"application/json": {"schema": envelope("SessionView")}}}),
    );
    let id_param = json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}});
    let body_errors = [MalformedJson, BodyTooLarge, UnsupportedMediaType, UnknownField, InvalidFieldType, MissingField];
    let mut mount_responses = error_responses(
        &[&body_errors[..], &[SessionNotFound, SessionNotMountable, AuthorizedUrlExpired, InvalidJwk, BoundToOtherDevice]].concat(),
    );
    mount_responses.insert("200".into(), json!({"description": "ok (102): mounted; may set the partitioned `cf_bind` cookie", "content": {"application/json": {"schema": envelope("MountResponse")}}}));
    let proof_errors = [SessionNotFound, InvalidProof, ProofReplayed, SessionNotActive];
    let mut accounts_responses =
        error_responses(&[&body_errors[..], &proof_errors[..], &[InvalidAccount, FundingDestinationNotAllowed]].concat());
    accounts_responses.insert("200".into(), json!({"description": "ok (102): the verification outcome", "content": {"application/json": {"schema": envelope("SubmitOutcome")}}}));
    let mut cancel_responses = error_responses(&[&body_errors[..], &proof_errors[..]].concat());
    cancel_responses.insert(
        "200".into(),
        json!({"description": "ok (102): canceled", "content": {"application/json": {"schema": envelope("CancelResponse")}}}),
    );
    let proof_param = json!({"name": capture_protocol::frame_api::PROOF_HEADER, "in": "header", "required": true,
        "description": "compact JWS, ES256, typ capture-proof+jwt, claims htm/htu/bh/iat/jti, signed by the key bound at mount",
        "schema": {"type": "string"}});
    let digits = |min: u32, max: u32| json!({"type": "string", "pattern": format!("^[0-9]{{{min},{max}}}$")});
    json!({
        "openapi": "3.0.3",
        "info": {"title": "capture-frame Session Management API", "version": env!("CARGO_PKG_VERSION")},
        "servers": [{"url": base_url}],
        "security": [{"ApiKey": []}],
        "x-api-codes": codes,
        "paths": {
            "/v1/sessions": {"post": {
                "operationId": "createSession",
                "parameters": [{"name": "Idempotency-Key", "in": "header", "required": false, "schema": {"type": "string", "minLength": 1, "maxLength": 250}}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateSessionRequest"}}}},
                "responses": create_responses
            }},
            "/v1/sessions/{id}": {"get": {"operationId": "getSession", "parameters": [id_param.clone()], "responses": read_responses}},
            "/v1/sessions/{id}/terminate": {"post": {"operationId": "terminateSession", "parameters": [id_param.clone()], "responses": term_responses}},
            "/frame/v1/sessions/{id}/mount": {"post": {
                "operationId": "frameMount", "tags": ["frame"], "security": [], "parameters": [id_param.clone()],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/MountRequest"}}}},
                "responses": mount_responses
            }},
            "/frame/v1/sessions/{id}/accounts": {"post": {
                "operationId": "frameSubmitAccount", "tags": ["frame"], "security": [], "parameters": [id_param.clone(), proof_param.clone()],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AccountSubmission"}}}},
                "responses": accounts_responses
            }},
            "/frame/v1/sessions/{id}/cancel": {"post": {
                "operationId": "frameCancel", "tags": ["frame"], "security": [], "parameters": [id_param, proof_param],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "maxProperties": 0}}}},
                "responses": cancel_responses
            }}
        },
        "components": {
            "securitySchemes": {"ApiKey": {"type": "apiKey", "in": "header", "name": "x-api-key"}},
            "schemas": {
                "CreateSessionRequest": {"type": "object", "additionalProperties": false, "required": ["participant_unique_id1", "recipient"], "properties": {
                    "participant_unique_id1": str_schema(Some(crate::sessions::MAX_PARTICIPANT_ID)),
                    "participant_unique_id2": str_schema(Some(crate::sessions::MAX_PARTICIPANT_ID)),
                    "language_locale_code": {"type": "string", "enum": LocaleCode::ALL},
                    "host_uri": {"type": "string", "description": "origin scheme://host[:port] on the program's allowlist"},
                    "funding_destinations": {"type": "array", "minItems": 1, "uniqueItems": true, "items": {"type": "string", "enum": ["DEBIT", "ACH"]}},
                    "recipient": {"type": "object", "additionalProperties": false, "required": ["first_name", "last_name", "postal_code"], "properties": {
                        "first_name": str_schema(Some(100)), "last_name": str_schema(Some(100)), "postal_code": {"type": "string", "pattern": "^[0-9]{5}(-[0-9]{4})?$"}}},
                    "client_reference_id": str_schema(Some(crate::sessions::MAX_CLIENT_REFERENCE_ID)),
                    "metadata": {"type": "object", "maxProperties": crate::sessions::MAX_METADATA_KEYS, "additionalProperties": str_schema(Some(crate::sessions::MAX_METADATA_VALUE))},
                    "return_url": {"type": "string", "format": "uri", "pattern": "^https://"},
                    "expires_in": {"type": "integer", "minimum": 60, "maximum": 86400, "default": 3600}
                }},
                "SessionCreated": {"type": "object", "required": ["session_identifier", "authorized_url", "authorized_url_expiration_utc", "participant_unique_id1", "participant_unique_id2"], "properties": {
                    "session_identifier": {"type": "string", "format": "uuid"},
                    "authorized_url": {"type": "string", "format": "uri"},
                    "authorized_url_expiration_utc": {"type": "string", "format": "date-time"},
                    "participant_unique_id1": {"type": "string"},
                    "participant_unique_id2": {"type": "string"}
                }},
                "SessionView": {"type": "object", "properties": {
                    "session_identifier": {"type": "string", "format": "uuid"},
                    "status": {"type": "string", "enum": statuses},
                    "attempt_count": {"type": "integer"}, "max_attempts": {"type": "integer"}, "bound": {"type": "boolean"},
                    "language_locale_code": {"type": "string"},
                    "funding_destinations": {"type": "array", "items": {"type": "string", "enum": ["DEBIT", "ACH"]}},
                    "participant_unique_id1": {"type": "string"}, "participant_unique_id2": {"type": "string"},
                    "client_reference_id": {"type": "string", "nullable": true},
                    "metadata": {"type": "object", "additionalProperties": {"type": "string"}},
                    "created_at": {"type": "string", "format": "date-time"}, "updated_at": {"type": "string", "format": "date-time"},
                    "expires_at": {"type": "string", "format": "date-time"},
                    "customer_account_token": {"type": "string", "nullable": true}
                }},
                "ErrorData": {"type": "object", "required": ["error"], "properties": {
                    "error": {"type": "string", "enum": ApiCode::ALL.iter().map(|c| c.name()).collect::<Vec<_>>()},
                    "param": {"type": "string"}, "reason": {"type": "string"},
                    "session_status": {"type": "string", "enum": statuses}
                }},
                "ErrorEnvelope": envelope("ErrorData"),
                "PublicJwk": {"type": "object", "required": ["kty", "crv", "x", "y"], "properties": {
                    "kty": {"type": "string", "enum": ["EC"]}, "crv": {"type": "string", "enum": ["P-256"]},
                    "x": {"type": "string", "pattern": "^[A-Za-z0-9_-]{43}$"}, "y": {"type": "string", "pattern": "^[A-Za-z0-9_-]{43}$"}}},
                "MountRequest": {"type": "object", "additionalProperties": false, "required": ["mount_token", "jwk"], "properties": {
                    "mount_token": {"type": "string"}, "jwk": {"$ref": "#/components/schemas/PublicJwk"}}},
                "MountResponse": {"type": "object", "properties": {
                    "session_identifier": {"type": "string", "format": "uuid"},
                    "locale": {"type": "string", "enum": LocaleCode::ALL},
                    "dir": {"type": "string", "enum": ["ltr", "rtl"]},
                    "parent_origin": {"type": "string"},
                    "funding_destinations": {"type": "array", "items": {"type": "string", "enum": ["DEBIT", "ACH"]}},
                    "attempts_remaining": {"type": "integer"}, "max_attempts": {"type": "integer"},
                    "return_url": {"type": "string", "nullable": true},
                    "server_time": {"type": "integer", "description": "Unix seconds"},
                    "session_expires_at": {"type": "integer", "description": "Unix seconds"}
                }},
                "AccountSubmission": {"oneOf": [
                    {"type": "object", "additionalProperties": false, "required": ["funding_destination", "card_number", "expiry", "name", "postal_code"], "properties": {
                        "funding_destination": {"type": "string", "enum": ["DEBIT"]}, "card_number": {"type": "string"},
                        "expiry": {"type": "string", "description": "MM/YY"}, "name": {"type": "string"}, "postal_code": {"type": "string"}}},
                    {"type": "object", "additionalProperties": false, "required": ["funding_destination", "routing_number", "account_number", "account_type", "name", "postal_code"], "properties": {
                        "funding_destination": {"type": "string", "enum": ["ACH"]}, "routing_number": digits(9, 9), "account_number": digits(4, 17),
                        "account_type": {"type": "string", "enum": ["checking", "savings"]}, "name": {"type": "string"}, "postal_code": {"type": "string"}}}
                ], "discriminator": {"propertyName": "funding_destination"}},
                "SubmitOutcome": {"type": "object", "required": ["outcome"], "properties": {
                    "outcome": {"type": "string", "enum": ["token_success", "verification_failed", "max_attempts_exceeded", "terminal_failure"]},
                    "customer_account_token": {"type": "string"}, "funding_destination": {"type": "string", "enum": ["DEBIT", "ACH"]},
                    "last4": {"type": "string"}, "attempts_remaining": {"type": "integer"}, "code": {"type": "string"}}},
                "CancelResponse": {"type": "object", "required": ["status"], "properties": {"status": {"type": "string", "enum": statuses}}}
            }
        }
    })
}

/// `GET /openapi.json`.
pub async fn serve(State(state): State<AppState>) -> Json<Value> {
    Json(document(&state.settings.public_base_url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readme_code_table_matches_the_code() {
        let readme = include_str!("../README.md");
        for c in ApiCode::ALL {
            let row = format!("| {} | {} | `{}` | {} |", c.number(), c.http_status(), c.name(), c.client_message());
            assert!(readme.contains(&row), "README.md lacks: {row}");
        }
    }

    fn keys(v: &Value) -> Vec<String> {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    }

    /// The schemas' property lists are checked against the wire types, so they cannot drift.
    #[test]
    fn schemas_match_the_wire_types() {
        use capture_protocol::api::{CreateSessionRequest, MetadataValue, Recipient, SessionCreated, SessionView};
        use capture_protocol::{FundingDestination, SessionId};
        let doc = document("http://x");
        let schemas = &doc["components"]["schemas"];
        let recipient = Recipient { first_name: "a".into(), last_name: "b".into(), postal_code: "c".into() };
        let full = CreateSessionRequest {
            participant_unique_id1: Some("p".into()),
            participant_unique_id2: Some("p".into()),
            language_locale_code: Some("en-US".into()),
            host_uri: Some("https://a.example".into()),
            funding_destinations: Some(vec!["DEBIT".into()]),
            recipient: Some(recipient.clone()),
            client_reference_id: Some("r".into()),
            metadata: Some([("k".to_owned(), MetadataValue::String("v".into()))].into()),
            return_url: Some("https://a.example".into()),
            expires_in: Some(60),
        };
        let req = serde_json::to_value(&full).unwrap();
        assert_eq!(keys(&req), keys(&schemas["CreateSessionRequest"]["properties"]));
        assert_eq!(keys(&req["recipient"]), keys(&schemas["CreateSessionRequest"]["properties"]["recipient"]["properties"]));
        let id = SessionId::from_random_bytes([1; 16]);
        let created = SessionCreated {
            session_identifier: id.clone(),
            authorized_url: String::new(),
            authorized_url_expiration_utc: String::new(),
            participant_unique_id1: String::new(),
            participant_unique_id2: String::new(),
        };
        assert_eq!(keys(&serde_json::to_value(&created).unwrap()), keys(&schemas["SessionCreated"]["properties"]));
        let view = SessionView {
            session_identifier: id,
            status: SessionStatus::Active,
            attempt_count: 0,
            max_attempts: 3,
            bound: false,
            language_locale_code: "en-US".into(),
            funding_destinations: vec![FundingDestination::Debit],
            participant_unique_id1: String::new(),
            participant_unique_id2: String::new(),
            client_reference_id: None,
            metadata: Default::default(),
            created_at: String::new(),
            updated_at: String::new(),
            expires_at: String::new(),
            customer_account_token: None,
        };
        assert_eq!(keys(&serde_json::to_value(&view).unwrap()), keys(&schemas["SessionView"]["properties"]));
        let err = capture_protocol::api::ErrorData {
            error: String::new(),
            param: Some(String::new()),
            reason: Some(String::new()),
            session_status: Some(SessionStatus::Active),
        };
        assert_eq!(keys(&serde_json::to_value(&err).unwrap()), keys(&schemas["ErrorData"]["properties"]));
        use capture_protocol::frame_api::{MountResponse, SubmitOutcome};
        let mount = MountResponse {
            session_identifier: SessionId::from_random_bytes([2; 16]),
            locale: LocaleCode::EN_US,
            dir: LocaleCode::EN_US.direction(),
            parent_origin: capture_protocol::Origin::try_from("https://a.example").unwrap(),
            funding_destinations: vec![],
            attempts_remaining: 1,
            max_attempts: 1,
            return_url: None,
            server_time: 0,
            session_expires_at: 0,
        };
        assert_eq!(keys(&serde_json::to_value(&mount).unwrap()), keys(&schemas["MountResponse"]["properties"]));
        let mut outcome_keys: Vec<String> = [
            SubmitOutcome::TokenSuccess {
                customer_account_token: String::new(),
                funding_destination: FundingDestination::Ach,
                last4: String::new(),
            },
            SubmitOutcome::VerificationFailed { attempts_remaining: 1 },
            SubmitOutcome::MaxAttemptsExceeded,
            SubmitOutcome::TerminalFailure { code: String::new() },
        ]
        .iter()
        .flat_map(|o| keys(&serde_json::to_value(o).unwrap()))
        .collect();
        outcome_keys.sort();
        outcome_keys.dedup();
        assert_eq!(outcome_keys, keys(&schemas["SubmitOutcome"]["properties"]));
    }

    #[test]
    fn document_lists_every_code() {
        let doc = document("http://x");
        assert_eq!(doc["x-api-codes"].as_array().unwrap().len(), ApiCode::ALL.len());
    }
}
