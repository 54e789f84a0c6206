//! Whether the entered account belongs to the session's recipient: the deterministic sandbox
//! accounts (see `server/SANDBOX.md`) for sandbox programs, the program's own verifier for
//! live ones (DESIGN.md "Programs: sandbox and live").

use crate::config::Verifier;
use crate::signing::{sign, SIGNATURE_HEADER};
use serde::Deserialize;
use serde_json::{json, Value};
use std::time::Duration;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The outcome of checking one submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Verified,
    Mismatch,
    TerminalFailure(String),
}

/// How long a live verifier may take before the submission answers `verifier_unavailable`.
pub const VERIFIER_TIMEOUT: Duration = Duration::from_secs(10);

/// Why a live verifier gave no verdict (logged; the page gets `verifier_unavailable`).
#[derive(Debug, thiserror::Error)]
pub enum VerifierError {
    #[error("unreachable or too slow: {0}")]
    Unreachable(String),
    #[error("answered HTTP {0}")]
    Status(u16),
    #[error("answered something other than the verifier contract")]
    Malformed,
}

/// What a live program's verifier is asked.
pub struct VerifyRequest<'a> {
    pub session_identifier: &'a str,
    pub funding_destination: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub postal_code: &'a str,
    /// The submission as the page sent it.
    pub account: &'a Value,
}

/// The verifier's answer: `{"result": "verified" | "mismatch" | "terminal_failure", "code": "…"}`.
#[derive(Debug, Deserialize)]
struct VerifierAnswer {
    result: String,
    #[serde(default)]
    code: Option<String>,
}

/// A failure code as the verifier names it: 1–64 of `[a-z0-9_]`, so it is safe to pass on to
/// the page, the webhook and the logs.
fn code_ok(code: &str) -> bool {
    (1..=64).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// POSTs the request to the verifier, signed like a webhook with the verifier's secret.
pub async fn verify_live(http: &reqwest::Client, verifier: &Verifier, now: i64, req: &VerifyRequest<'_>) -> Result<Verdict, VerifierError> {
    let body = json!({
        "session_identifier": req.session_identifier,
        "funding_destination": req.funding_destination,
        "recipient": {"first_name": req.first_name, "last_name": req.last_name, "postal_code": req.postal_code},
        "account": req.account,
    })
    .to_string();
    let answer = http
        .post(&verifier.url)
        .timeout(VERIFIER_TIMEOUT)
        .header("content-type", "application/json")
        .header(SIGNATURE_HEADER, sign(&verifier.secret, now, &body))
        .body(body)
        .send()
        .await
        .map_err(|e| VerifierError::Unreachable(e.without_url().to_string()))?;
    if !answer.status().is_success() {
        return Err(VerifierError::Status(answer.status().as_u16()));
    }
    let bytes = answer.bytes().await.map_err(|e| VerifierError::Unreachable(e.without_url().to_string()))?;
    let parsed: VerifierAnswer = serde_json::from_slice(&bytes).map_err(|_| VerifierError::Malformed)?;
    match (parsed.result.as_str(), parsed.code) {
        ("verified", _) => Ok(Verdict::Verified),
        ("mismatch", _) => Ok(Verdict::Mismatch),
        ("terminal_failure", Some(code)) if code_ok(&code) => Ok(Verdict::TerminalFailure(code)),
        _ => Err(VerifierError::Malformed),
    }
}

/// Case-, space- and accent-insensitive form: NFD, combining marks dropped, lowercase,
/// whitespace collapsed.
pub fn normalize_name(s: &str) -> String {
    let stripped: String = s.nfd().filter(|c| !is_combining_mark(*c)).collect();
    stripped.to_lowercase().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Name equals `first last` (normalized) and the 5-digit ZIPs agree.
pub fn identity_matches(entered_name: &str, entered_zip: &str, first: &str, last: &str, zip: &str) -> bool {
    let want = normalize_name(&format!("{first} {last}"));
    let zip5 = |z: &str| z.trim().chars().take(5).collect::<String>();
    normalize_name(entered_name) == want && zip5(entered_zip) == zip5(zip)
}

pub const CARD_DECLINED: &str = "4000000000000002";
pub const CARD_ALWAYS_MISMATCH: &str = "4000000000000127";
pub const ACH_ACCOUNT_CLOSED: &str = "000111111113";
pub const ACH_ALWAYS_MISMATCH: &str = "000222222227";

/// Debit: declined and always-mismatch test cards, otherwise identity decides.
pub fn verify_card(digits: &str, identity_ok: bool) -> Verdict {
    match digits {
        CARD_DECLINED => Verdict::TerminalFailure("card_declined".into()),
        CARD_ALWAYS_MISMATCH => Verdict::Mismatch,
        _ if identity_ok => Verdict::Verified,
        _ => Verdict::Mismatch,
    }
}

/// ACH: closed and always-mismatch test accounts, otherwise identity decides.
pub fn verify_bank(_routing: &str, account: &str, identity_ok: bool) -> Verdict {
    match account {
        ACH_ACCOUNT_CLOSED => Verdict::TerminalFailure("account_closed".into()),
        ACH_ALWAYS_MISMATCH => Verdict::Mismatch,
        _ if identity_ok => Verdict::Verified,
        _ => Verdict::Mismatch,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_ignoring_case_space_and_accents() {
        assert!(identity_matches("  josé   ÑÚÑEZ ", "94107-1234", "Jose", "Nunez", "94107"));
        assert!(identity_matches("Ada Lovelace", "94107", "Ada", "Lovelace", "94107-0001"));
        assert!(!identity_matches("Ada Lovelace", "94108", "Ada", "Lovelace", "94107"));
        assert!(!identity_matches("Ada Byron", "94107", "Ada", "Lovelace", "94107"));
    }

    #[test]
    fn failure_codes_are_safe_names() {
        assert!(code_ok("account_closed") && code_ok("r01"));
        for bad in ["", "Account", "a b", "<script>", &"x".repeat(65)] {
            assert!(!code_ok(bad), "{bad}");
        }
    }

    #[test]
    fn sandbox_verdicts() {
        assert_eq!(verify_card("4242424242424242", true), Verdict::Verified);
        assert_eq!(verify_card("4242424242424242", false), Verdict::Mismatch);
        assert_eq!(verify_card(CARD_DECLINED, true), Verdict::TerminalFailure("card_declined".into()));
        assert_eq!(verify_card(CARD_ALWAYS_MISMATCH, true), Verdict::Mismatch);
        assert_eq!(verify_bank("110000000", "000123456789", true), Verdict::Verified);
        assert_eq!(verify_bank("110000000", ACH_ACCOUNT_CLOSED, true), Verdict::TerminalFailure("account_closed".into()));
        assert_eq!(verify_bank("110000000", ACH_ALWAYS_MISMATCH, true), Verdict::Mismatch);
    }
}
