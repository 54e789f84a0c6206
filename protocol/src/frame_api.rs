//! The hosted page's calls to the server under `/frame/v1/sessions/{id}/…`.
//!
//! Mount carries the single-use token and the browser's public key; every later call carries
//! a proof (`Capture-Proof` header): a compact JWS, ES256, signed by the key bound at mount,
//! over the request's method, path, body hash, time and a one-time id (after RFC 9449, DPoP).

use crate::ids::{FundingDestination, Origin, SessionId};
use crate::locale::{LocaleCode, TextDirection};
use crate::status::SessionStatus;
use serde::{Deserialize, Serialize};

/// The request header that carries the proof JWS.
pub const PROOF_HEADER: &str = "capture-proof";
/// The JWS `typ` of a proof.
pub const PROOF_TYP: &str = "capture-proof+jwt";
/// How far a proof's `iat` may be from the server's clock, in seconds.
pub const PROOF_MAX_SKEW_SECS: i64 = 60;

/// The public half of the browser's ECDSA P-256 key, as `SubtleCrypto.exportKey("jwk")` gives it
/// (only the members RFC 7638 uses for the thumbprint are kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicJwk {
    pub kty: String,
    pub crv: String,
    pub x: String,
    pub y: String,
}

impl PublicJwk {
    /// The RFC 7638 thumbprint input: the required members in lexicographic order, no spaces.
    /// The caller hashes it with SHA-256 and base64url-encodes the digest.
    pub fn thumbprint_input(&self) -> String {
        format!(r#"{{"crv":"{}","kty":"{}","x":"{}","y":"{}"}}"#, self.crv, self.kty, self.x, self.y)
    }

    /// Shape check before any cryptography: EC, P-256, 32-byte coordinates in base64url.
    pub fn is_p256(&self) -> bool {
        let coord = |c: &str| c.len() == 43 && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        self.kty == "EC" && self.crv == "P-256" && coord(&self.x) && coord(&self.y)
    }
}

/// `POST /frame/v1/sessions/{id}/mount`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MountRequest {
    pub mount_token: String,
    pub jwk: PublicJwk,
    /// The browser's `navigator.languages` (at most [`MAX_LANGUAGES`]), for a session created
    /// with `language_locale_code: "auto"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub languages: Option<Vec<String>>,
}

/// How many browser languages a mount may send.
pub const MAX_LANGUAGES: usize = 10;

/// What the page needs once mounted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MountResponse {
    pub session_identifier: SessionId,
    pub locale: LocaleCode,
    pub dir: TextDirection,
    /// Where messages go: the session's `host_uri`.
    pub parent_origin: Origin,
    pub funding_destinations: Vec<FundingDestination>,
    pub attempts_remaining: u32,
    pub max_attempts: u32,
    pub return_url: Option<String>,
    /// Server clock in Unix seconds, so the page can sign proofs with a corrected `iat`.
    pub server_time: i64,
    /// Unix seconds when the session itself expires.
    pub session_expires_at: i64,
    /// The session's appearance; the page lays the one in its fragment (the embed's) over it.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::AppearanceOptions))]
    pub appearance: crate::Appearance,
}

/// Claims of a proof JWS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofClaims {
    /// HTTP method, uppercase.
    pub htm: String,
    /// Request path, e.g. `/frame/v1/sessions/{id}/accounts` (no origin, no query).
    pub htu: String,
    /// base64url (no padding) SHA-256 of the exact request body bytes.
    pub bh: String,
    /// Unix seconds.
    pub iat: i64,
    /// A one-time id; the server refuses one it has seen.
    pub jti: String,
}

/// The JWS protected header of a proof.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofHeader {
    pub alg: String,
    pub typ: String,
}

impl ProofHeader {
    pub fn es256() -> Self {
        Self { alg: "ES256".into(), typ: PROOF_TYP.into() }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AccountType {
    Checking,
    Savings,
}

/// `POST /frame/v1/sessions/{id}/accounts`: what the recipient entered.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "funding_destination", deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AccountSubmission {
    #[serde(rename = "DEBIT")]
    Debit { card_number: String, expiry: String, name: String, postal_code: String },
    #[serde(rename = "ACH")]
    Ach { routing_number: String, account_number: String, account_type: AccountType, name: String, postal_code: String },
}

impl AccountSubmission {
    pub fn funding_destination(&self) -> FundingDestination {
        match self {
            Self::Debit { .. } => FundingDestination::Debit,
            Self::Ach { .. } => FundingDestination::Ach,
        }
    }
}

/// Account numbers must never reach a log line, so `Debug` shows only the destination.
impl std::fmt::Debug for AccountSubmission {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountSubmission").field("funding_destination", &self.funding_destination()).finish_non_exhaustive()
    }
}

/// The answer to an account submission (`data` of a 200 envelope).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum SubmitOutcome {
    /// Completed: the vault token, and the server's signed receipt of it.
    TokenSuccess { customer_account_token: String, funding_destination: FundingDestination, last4: String, receipt: String },
    /// Verified and vaulted behind the decision gate: the integrator decides.
    AwaitingDecision { funding_destination: FundingDestination, last4: String },
    VerificationFailed { attempts_remaining: u32 },
    MaxAttemptsExceeded,
    TerminalFailure { code: String },
}

/// `POST /frame/v1/sessions/{id}/cancel`: an empty object (`{}`); the proof says who asks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancelRequest {}

/// `POST /frame/v1/sessions/{id}/status` body: `{}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusRequest {}

/// The answer to `POST /frame/v1/sessions/{id}/status` (body `{}`), which a page showing the
/// "being reviewed" screen polls: still waiting, or what the integrator decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DecisionStatus {
    Pending,
    Continued { customer_account_token: String, funding_destination: FundingDestination, last4: String, receipt: String },
    Stopped,
    /// The session ended another way (expired, terminated): the page shows it has ended.
    Ended { status: SessionStatus },
}

/// The answer to `POST /frame/v1/sessions/{id}/cancel`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CancelResponse {
    pub status: SessionStatus,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc7638_thumbprint_input_is_ordered_and_compact() {
        let jwk = PublicJwk { kty: "EC".into(), crv: "P-256".into(), x: "X".into(), y: "Y".into() };
        assert_eq!(jwk.thumbprint_input(), r#"{"crv":"P-256","kty":"EC","x":"X","y":"Y"}"#);
    }

    #[test]
    fn jwk_shape_check() {
        let c = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU".to_string();
        let good = PublicJwk { kty: "EC".into(), crv: "P-256".into(), x: c.clone(), y: c.clone() };
        assert!(good.is_p256());
        assert!(!PublicJwk { crv: "P-384".into(), ..good.clone() }.is_p256());
        assert!(!PublicJwk { kty: "RSA".into(), ..good.clone() }.is_p256());
        assert!(!PublicJwk { x: format!("{c}="), ..good.clone() }.is_p256());
        assert!(!PublicJwk { y: c[..42].into(), ..good }.is_p256());
    }

    #[test]
    fn submission_wire_shape_and_debug_hides_numbers() {
        let s = AccountSubmission::Ach {
            routing_number: "110000000".into(),
            account_number: "000123456789".into(),
            account_type: AccountType::Checking,
            name: "Ada Lovelace".into(),
            postal_code: "94107".into(),
        };
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(
            json,
            r#"{"funding_destination":"ACH","routing_number":"110000000","account_number":"000123456789","account_type":"checking","name":"Ada Lovelace","postal_code":"94107"}"#
        );
        assert_eq!(serde_json::from_str::<AccountSubmission>(&json).unwrap(), s);
        let debug = format!("{s:?}");
        assert!(!debug.contains("000123456789") && !debug.contains("110000000"), "{debug}");
    }

    #[test]
    fn outcome_wire_shape() {
        let o = SubmitOutcome::TokenSuccess {
            customer_account_token: "cat_x".into(),
            funding_destination: FundingDestination::Debit,
            last4: "4242".into(),
            receipt: "r.e.c".into(),
        };
        assert_eq!(
            serde_json::to_string(&o).unwrap(),
            r#"{"outcome":"token_success","customer_account_token":"cat_x","funding_destination":"DEBIT","last4":"4242","receipt":"r.e.c"}"#
        );
        let gated = SubmitOutcome::AwaitingDecision { funding_destination: FundingDestination::Ach, last4: "6789".into() };
        assert_eq!(serde_json::to_string(&gated).unwrap(), r#"{"outcome":"awaiting_decision","funding_destination":"ACH","last4":"6789"}"#);
        assert_eq!(serde_json::to_string(&DecisionStatus::Pending).unwrap(), r#"{"decision":"pending"}"#);
        assert_eq!(serde_json::to_string(&SubmitOutcome::MaxAttemptsExceeded).unwrap(), r#"{"outcome":"max_attempts_exceeded"}"#);
    }
}
