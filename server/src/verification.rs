//! Whether the entered account belongs to the session's recipient, and the sandbox accounts
//! (see `server/SANDBOX.md`).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The outcome of checking one submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Verified,
    Mismatch,
    TerminalFailure(&'static str),
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
        CARD_DECLINED => Verdict::TerminalFailure("card_declined"),
        CARD_ALWAYS_MISMATCH => Verdict::Mismatch,
        _ if identity_ok => Verdict::Verified,
        _ => Verdict::Mismatch,
    }
}

/// ACH: closed and always-mismatch test accounts, otherwise identity decides.
pub fn verify_bank(_routing: &str, account: &str, identity_ok: bool) -> Verdict {
    match account {
        ACH_ACCOUNT_CLOSED => Verdict::TerminalFailure("account_closed"),
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
    fn sandbox_verdicts() {
        assert_eq!(verify_card("4242424242424242", true), Verdict::Verified);
        assert_eq!(verify_card("4242424242424242", false), Verdict::Mismatch);
        assert_eq!(verify_card(CARD_DECLINED, true), Verdict::TerminalFailure("card_declined"));
        assert_eq!(verify_card(CARD_ALWAYS_MISMATCH, true), Verdict::Mismatch);
        assert_eq!(verify_bank("110000000", "000123456789", true), Verdict::Verified);
        assert_eq!(verify_bank("110000000", ACH_ACCOUNT_CLOSED, true), Verdict::TerminalFailure("account_closed"));
        assert_eq!(verify_bank("110000000", ACH_ALWAYS_MISMATCH, true), Verdict::Mismatch);
    }
}
