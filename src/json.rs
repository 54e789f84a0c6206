//! The JSON the page sends, written by hand: serde_json's serializer costs kilobytes of the
//! page's wasm for four small objects. The output is byte-for-byte what serde_json writes for
//! the protocol types (same member order, same escapes), which the tests hold it to.

use capture_protocol::frame_api::{AccountSubmission, AccountType, MountRequest, ProofClaims, ProofHeader, PublicJwk};
use capture_protocol::{FrameMessage, MessageEnvelope};

/// A JSON object under construction; members appear in the order they are added.
pub struct Object(String);

impl Object {
    pub fn new() -> Self {
        Self("{".to_owned())
    }

    fn key(mut self, key: &str) -> Self {
        if self.0.len() > 1 {
            self.0.push(',');
        }
        push_string(&mut self.0, key);
        self.0.push(':');
        self
    }

    pub fn string(self, key: &str, value: &str) -> Self {
        let mut o = self.key(key);
        push_string(&mut o.0, value);
        o
    }

    pub fn number(self, key: &str, value: i64) -> Self {
        let mut o = self.key(key);
        o.0.push_str(&value.to_string());
        o
    }

    pub fn strings(self, key: &str, values: &[String]) -> Self {
        let mut o = self.key(key);
        o.0.push('[');
        for (i, v) in values.iter().enumerate() {
            if i > 0 {
                o.0.push(',');
            }
            push_string(&mut o.0, v);
        }
        o.0.push(']');
        o
    }

    pub fn object(self, key: &str, value: Object) -> Self {
        let mut o = self.key(key);
        o.0.push_str(&value.end());
        o
    }

    pub fn end(mut self) -> String {
        self.0.push('}');
        self.0
    }
}

impl Default for Object {
    fn default() -> Self {
        Self::new()
    }
}

/// A JSON string literal, escaped as serde_json does: `"`, `\`, the short escapes for
/// backspace, form feed, newline, carriage return and tab, `\u00xx` for other control
/// characters; everything else as is.
fn push_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c < ' ' => {
                let b = c as u8;
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn jwk(jwk: &PublicJwk) -> Object {
    Object::new().string("kty", &jwk.kty).string("crv", &jwk.crv).string("x", &jwk.x).string("y", &jwk.y)
}

pub fn mount_request(r: &MountRequest) -> String {
    let o = Object::new().string("mount_token", &r.mount_token).object("jwk", jwk(&r.jwk));
    match &r.languages {
        Some(languages) => o.strings("languages", languages).end(),
        None => o.end(),
    }
}

pub fn submission(s: &AccountSubmission) -> String {
    match s {
        AccountSubmission::Debit { card_number, expiry, name, postal_code } => Object::new()
            .string("funding_destination", "DEBIT")
            .string("card_number", card_number)
            .string("expiry", expiry)
            .string("name", name)
            .string("postal_code", postal_code),
        AccountSubmission::Ach { routing_number, account_number, account_type, name, postal_code } => Object::new()
            .string("funding_destination", "ACH")
            .string("routing_number", routing_number)
            .string("account_number", account_number)
            .string(
                "account_type",
                match account_type {
                    AccountType::Checking => "checking",
                    AccountType::Savings => "savings",
                },
            )
            .string("name", name)
            .string("postal_code", postal_code),
    }
    .end()
}

pub fn proof_header(h: &ProofHeader) -> String {
    Object::new().string("alg", &h.alg).string("typ", &h.typ).end()
}

pub fn proof_claims(c: &ProofClaims) -> String {
    Object::new().string("htm", &c.htm).string("htu", &c.htu).string("bh", &c.bh).number("iat", c.iat).string("jti", &c.jti).end()
}

pub fn envelope(e: &MessageEnvelope) -> String {
    use FrameMessage::*;
    let data = Object::new();
    let data = match &e.message {
        Ready { locale, dir } => data.string("locale", locale.as_str()).string("dir", dir.as_str()),
        Resize { height } => data.number("height", i64::from(*height)),
        TokenSuccess { customer_account_token, funding_destination, last4, receipt } => data
            .string("customer_account_token", customer_account_token)
            .string("funding_destination", funding_destination.as_str())
            .string("last4", last4)
            .string("receipt", receipt),
        AwaitingDecision { funding_destination, last4 } => data.string("funding_destination", funding_destination.as_str()).string("last4", last4),
        VerificationFailed { attempts_remaining } => data.number("attempts_remaining", i64::from(*attempts_remaining)),
        TerminalFailure { code } => data.string("code", code),
        SessionNotMountable { status } => data.string("status", status.as_str()),
        Stopped {} | RetryRequested {} | MaxAttemptsExceeded {} | Canceled {} | AuthorizedUrlExpired {} | BoundToOtherDevice {} => data,
    };
    Object::new()
        .string("protocol", capture_protocol::message::PROTOCOL)
        .number("v", i64::from(capture_protocol::message::VERSION))
        .string("type", e.message.kind())
        .string("session_identifier", e.session_identifier.as_str())
        .object("data", data)
        .end()
}

#[cfg(test)]
mod tests {
    use super::*;
    use capture_protocol::{FundingDestination, LocaleCode, SessionId, SessionStatus, TextDirection};

    #[test]
    fn escapes_like_serde_json() {
        let tricky = "a\"b\\c\u{8}\u{c}\n\r\t\u{0}\u{1f}\u{7f}é€😀/";
        let mut ours = String::new();
        push_string(&mut ours, tricky);
        assert_eq!(ours, serde_json::to_string(tricky).unwrap());
    }

    #[test]
    fn writes_what_serde_json_writes() {
        let jwk = PublicJwk { kty: "EC".into(), crv: "P-256".into(), x: "x\"".into(), y: "y".into() };
        for languages in [None, Some(vec![]), Some(vec!["es-MX".into()]), Some(vec!["es-MX".into(), "e\"s".into()])] {
            let request = MountRequest { mount_token: "t".into(), jwk: jwk.clone(), languages };
            assert_eq!(mount_request(&request), serde_json::to_string(&request).unwrap());
        }
        let debit = AccountSubmission::Debit { card_number: "4242".into(), expiry: "12/30".into(), name: "Zoë \\".into(), postal_code: "9".into() };
        assert_eq!(submission(&debit), serde_json::to_string(&debit).unwrap());
        for account_type in [AccountType::Checking, AccountType::Savings] {
            let ach = AccountSubmission::Ach {
                routing_number: "1".into(),
                account_number: "2".into(),
                account_type,
                name: "n".into(),
                postal_code: "p".into(),
            };
            assert_eq!(submission(&ach), serde_json::to_string(&ach).unwrap());
        }
        assert_eq!(proof_header(&ProofHeader::es256()), serde_json::to_string(&ProofHeader::es256()).unwrap());
        let claims = ProofClaims { htm: "POST".into(), htu: "/p".into(), bh: "h".into(), iat: -1_700_000_000, jti: "j".into() };
        assert_eq!(proof_claims(&claims), serde_json::to_string(&claims).unwrap());
    }

    #[test]
    fn envelopes_match_serde_json() {
        use FrameMessage::*;
        let session = SessionId::try_from("5cf34a7d-25b6-4400-b19d-53a171d324e1").unwrap();
        let messages = vec![
            Ready { locale: LocaleCode::try_from("ar-SA").unwrap(), dir: TextDirection::Rtl },
            Resize { height: u32::MAX },
            TokenSuccess { customer_account_token: "cat".into(), funding_destination: FundingDestination::Ach, last4: "6789".into(), receipt: "h.c.s".into() },
            VerificationFailed { attempts_remaining: 2 },
            TerminalFailure { code: "c".into() },
            SessionNotMountable { status: SessionStatus::MaxAttemptsExceeded },
            RetryRequested {},
            MaxAttemptsExceeded {},
            Canceled {},
            AuthorizedUrlExpired {},
            BoundToOtherDevice {},
        ];
        for message in messages {
            let e = MessageEnvelope { session_identifier: session.clone(), message };
            assert_eq!(envelope(&e), serde_json::to_string(&e).unwrap());
        }
    }
}
