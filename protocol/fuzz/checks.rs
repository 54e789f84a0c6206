//! Invariant checks for `capture-protocol`, shared by the cargo-fuzz targets (this file is the
//! fuzz crate's library) and by `protocol/tests/fuzz_corpus.rs`, which replays every committed
//! corpus and regression file through the same functions under a plain `cargo test`.
//!
//! Each check takes the raw input bytes, decodes them itself (no `arbitrary`: the replay test
//! must decode a file exactly as the fuzzer did, with only the protocol's own dependencies), and
//! panics when a documented property does not hold. Never panicking is the least of it: what a
//! validator accepts must have the properties its docs promise, and what a wire type parses
//! must serialize and parse back to the same value.

use capture_protocol::account::{self, AccountError, CardBrand, CardNumber, Expiry};
use capture_protocol::api::{CreateSessionRequest, Envelope, ErrorData, ReceiptClaims, Recipient, SessionCreated, SessionView, StopRequest};
use capture_protocol::frame_api::{
    AccountSubmission, AccountType, CancelResponse, DecisionStatus, MountRequest, MountResponse, ProofClaims, ProofHeader, PublicJwk,
    SubmitOutcome,
};
use capture_protocol::message::{FieldType, MessageEnvelope, MessageShape};
use capture_protocol::{
    FundingDestination, IdempotencyKey, LocaleCode, Origin, SessionEvent, SessionId, SessionStatus, TextDirection, TransitionError,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt::{Debug, Display};

/// A check: panics when an invariant does not hold for the input.
pub type Check = fn(&[u8]);

/// Every fuzz target: its name (`fuzz_targets/<name>.rs`, `corpus/<name>/`) and its check.
pub const TARGETS: &[(&str, Check)] = &[("account", account), ("ids", ids), ("wire", wire), ("status", status)];

// ---------------------------------------------------------------------------------------------
// (1) Account validators, on arbitrary UTF-8.

/// Runs every account validator on the input and checks each answer against its documented
/// rule, written here independently of the validator.
pub fn account(data: &[u8]) {
    let Ok(input) = std::str::from_utf8(data) else { return };
    card_number(input);
    expiry(input);
    routing_number(input);
    account_number(input);
    postal_code(input);
    name(input);
}

fn is_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

fn luhn(digits: &str) -> bool {
    // Double every second digit from the right; the digit sum must end in 0.
    let mut sum = 0;
    for (i, b) in digits.bytes().rev().enumerate() {
        let d = u32::from(b - b'0');
        sum += if i % 2 == 1 { (d * 2) / 10 + (d * 2) % 10 } else { d };
    }
    sum % 10 == 0
}

fn card_number(input: &str) {
    let got = account::card_number(input);
    // A person may type spaces or dashes between groups, nothing else.
    let typed: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
    let shape_ok = is_digits(&typed) && (12..=19).contains(&typed.len());
    let want_err = if input.trim().is_empty() {
        Some(AccountError::Required)
    } else if !shape_ok {
        Some(AccountError::CardLength)
    } else if !luhn(&typed) {
        Some(AccountError::CardChecksum)
    } else {
        None
    };
    match (&got, want_err) {
        (Err(e), Some(want)) => assert_eq!(*e, want, "card_number({input:?})"),
        (Err(AccountError::UnsupportedBrand), None) => {
            assert_eq!(CardBrand::from_prefix(&typed), None, "card_number({input:?}): UnsupportedBrand for a known prefix")
        }
        (Ok(card), None) => {
            assert_eq!(card.digits, typed, "card_number({input:?}): digits are the typed digits");
            assert_eq!(CardBrand::from_prefix(&card.digits), Some(card.brand), "card_number({input:?}): brand");
            assert_eq!(card.last4(), &typed[typed.len() - 4..], "card_number({input:?}): last4");
            // Idempotent, and the page's own grouping (the brand's groups) validates the same.
            assert_eq!(account::card_number(&card.digits).as_ref(), Ok(card));
            assert_eq!(account::card_number(&grouped(card)).as_ref(), Ok(card), "grouped {:?}", grouped(card));
        }
        (got, want) => panic!("card_number({input:?}) = {got:?}, documented answer: {want:?}"),
    }
    // A brand, once the typed digits decide it, stays decided as more digits come.
    if let Ok(card) = &got {
        let mut decided = None;
        for end in 1..=card.digits.len() {
            let brand = CardBrand::from_prefix(&card.digits[..end]);
            if decided.is_some() {
                assert_eq!(brand, decided, "brand of {:?} changed after it was decided", &card.digits[..end]);
            }
            decided = decided.or(brand);
        }
    }
}

fn grouped(card: &CardNumber) -> String {
    let mut out = String::new();
    let mut rest = card.digits.as_str();
    for &size in CardBrand::groups(Some(card.brand)) {
        let (head, tail) = rest.split_at(size.min(rest.len()));
        if !head.is_empty() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(head);
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

/// Clocks to check expiry against, earliest first.
const TODAYS: [(u16, u8); 5] = [(0, 0), (2000, 1), (2026, 11), (2099, 12), (u16::MAX, u8::MAX)];

fn expiry(input: &str) {
    let squeezed: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    let b = squeezed.as_bytes();
    // `MM/YY`, `MM/20YY` or `MMYY` once whitespace is gone, month 01–12.
    let (mm, yy) = match b.len() {
        5 | 7 if b[2] == b'/' => (&squeezed[..2], &squeezed[3..]),
        4 if is_digits(&squeezed) => (&squeezed[..2], &squeezed[2..]),
        _ => ("", ""),
    };
    let short_year = match yy.len() {
        2 => Some(yy),
        4 => yy.strip_prefix("20"),
        _ => None,
    };
    let parsed = short_year
        .filter(|y| mm.len() == 2 && is_digits(mm) && y.len() == 2 && is_digits(y))
        .map(|y| Expiry { month: mm.parse().unwrap(), year: 2000 + y.parse::<u16>().unwrap() })
        .filter(|e| (1..=12).contains(&e.month));
    let mut accepted_before = true;
    for today in TODAYS {
        let got = account::expiry(input, today);
        let want = match parsed {
            _ if squeezed.is_empty() => Err(AccountError::Required),
            None => Err(AccountError::ExpiryFormat),
            Some(e) if (e.year, e.month) < today => Err(AccountError::ExpiryPast),
            Some(e) => Ok(e),
        };
        assert_eq!(got, want, "expiry({input:?}, {today:?})");
        if let Ok(e) = got {
            // A card valid at a later date was valid at every earlier one.
            assert!(accepted_before, "expiry({input:?}) accepted at {today:?} but not earlier");
            for form in [format!("{:02}/{:02}", e.month, e.year - 2000), format!("{:02}{:02}", e.month, e.year - 2000), format!("{:02}/{}", e.month, e.year)] {
                assert_eq!(account::expiry(&form, today), Ok(e), "{form:?}");
            }
        }
        accepted_before = got.is_ok();
    }
}

fn routing_number(input: &str) {
    let got = account::routing_number(input);
    let t = input.trim();
    let want = if t.is_empty() {
        Err(AccountError::Required)
    } else if t.len() != 9 || !is_digits(t) {
        Err(AccountError::RoutingLength)
    } else {
        let w = [3, 7, 1, 3, 7, 1, 3, 7, 1];
        let sum: u32 = t.bytes().zip(w).map(|(b, w)| u32::from(b - b'0') * w).sum();
        if sum % 10 == 0 { Ok(t.to_owned()) } else { Err(AccountError::RoutingChecksum) }
    };
    assert_eq!(got, want, "routing_number({input:?})");
}

fn account_number(input: &str) {
    let got = account::account_number(input);
    let t = input.trim();
    let want = match t.len() {
        0 => Err(AccountError::Required),
        4..=17 if is_digits(t) => Ok(t.to_owned()),
        _ => Err(AccountError::AccountNumber),
    };
    assert_eq!(got, want, "account_number({input:?})");
}

fn postal_code(input: &str) {
    let got = account::postal_code(input);
    let t = input.trim();
    let b = t.as_bytes();
    let zip5 = |s: &[u8]| s.len() == 5 && s.iter().all(u8::is_ascii_digit);
    let want = if t.is_empty() {
        Err(AccountError::Required)
    } else if zip5(b) || (b.len() == 10 && zip5(&b[..5]) && b[5] == b'-' && b[6..].iter().all(u8::is_ascii_digit)) {
        Ok(t.to_owned())
    } else {
        Err(AccountError::PostalCode)
    };
    assert_eq!(got, want, "postal_code({input:?})");
}

fn name(input: &str) {
    let got = account::name(input);
    let t = input.trim();
    let want = if t.is_empty() {
        Err(AccountError::Required)
    } else if t.chars().count() <= 100 && t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_control) {
        Ok(t.to_owned())
    } else {
        Err(AccountError::Name)
    };
    assert_eq!(got, want, "name({input:?})");
    if let Ok(n) = &got {
        assert_eq!(account::name(n).as_ref(), Ok(n), "name is idempotent");
    }
}

// ---------------------------------------------------------------------------------------------
// (2) Validated newtypes via TryFrom<&str>: round trip, serde agrees, documented shape.

/// Offers the input to every validated newtype (and `Origin::of_url`).
pub fn ids(data: &[u8]) {
    if let Ok(bytes) = <[u8; 16]>::try_from(data.get(..16).unwrap_or_default()) {
        let id = SessionId::from_random_bytes(bytes);
        session_id_shape(id.as_str());
        let s = id.as_str().as_bytes();
        assert!(s[14] == b'4' && matches!(s[19], b'8' | b'9' | b'a' | b'b'), "{id} is not a v4 UUID");
        assert_eq!(SessionId::try_from(id.as_str()), Ok(id));
    }
    let Ok(s) = std::str::from_utf8(data) else { return };
    if let Some(id) = newtype::<SessionId>(s) {
        assert_eq!(id.as_str(), s);
        session_id_shape(s);
    }
    if let Some(key) = newtype::<IdempotencyKey>(s) {
        assert_eq!(key.as_str(), s);
        assert!((1..=IdempotencyKey::MAX_LEN).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_graphic()), "{s:?}");
    }
    if let Some(code) = newtype::<LocaleCode>(s) {
        assert!(LocaleCode::ALL.contains(&code.as_str()) && code.as_str().eq_ignore_ascii_case(s), "{s:?} -> {code}");
        assert_eq!(code.direction() == TextDirection::Rtl, matches!(code.as_str(), "ar-SA" | "fa-IR"));
    }
    if let Some(dest) = newtype::<FundingDestination>(s) {
        assert_eq!(dest.as_str(), s);
    }
    if let Some(status) = newtype::<SessionStatus>(s) {
        assert_eq!(status.as_str(), s);
    }
    if let Some(origin) = newtype::<Origin>(s) {
        assert_eq!(origin.as_str(), s.to_ascii_lowercase());
        origin_shape(origin.as_str());
        assert_eq!(origin.is_https(), origin.as_str().starts_with("https:"));
        // The origin of the origin, or of any URL on it, is itself.
        assert_eq!(Origin::of_url(origin.as_str()).as_ref(), Ok(&origin));
        assert_eq!(Origin::of_url(&format!("{s}/session/x?y=1#t=z")).as_ref(), Ok(&origin));
    }
    // And every IP address a browser can report is accepted: any IPv6 text, a dotted quad.
    match s.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(ip)) => {
            for host in [format!("[{s}]"), format!("[{ip}]")] {
                assert!(Origin::try_from(format!("http://{host}:8080")).is_ok(), "IPv6 origin http://{host}:8080 refused");
            }
        }
        Ok(std::net::IpAddr::V4(ip)) => assert!(Origin::try_from(format!("https://{ip}")).is_ok(), "IPv4 origin https://{ip} refused"),
        Err(_) => {}
    }
    if let Ok(origin) = Origin::of_url(s) {
        // The origin is the URL's own prefix (ASCII case aside) up to the path, query or
        // fragment: the embed slices the URL's path off by the origin's length.
        let n = origin.as_str().len();
        let head = s.get(..n).unwrap_or_else(|| panic!("of_url({s:?}) = {origin} is longer than the URL"));
        assert!(head.eq_ignore_ascii_case(origin.as_str()), "of_url({s:?}) = {origin} is not its prefix");
        assert!(matches!(s.as_bytes().get(n), None | Some(b'/' | b'?' | b'#')), "of_url({s:?}) = {origin}: rest {:?}", &s[n..]);
        assert_eq!(Origin::try_from(head), Ok(origin));
    }
}

/// `T::try_from(s)`; when it accepts, the value survives Display/TryFrom and serde, and serde
/// accepts exactly what TryFrom accepts.
fn newtype<T>(s: &str) -> Option<T>
where
    T: for<'a> TryFrom<&'a str, Error: Debug> + Display + Serialize + DeserializeOwned + PartialEq + Debug,
{
    let got = T::try_from(s);
    let json = serde_json::to_string(s).unwrap();
    let via_serde = serde_json::from_str::<T>(&json);
    match (&got, &via_serde) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "TryFrom and serde disagree on {s:?}"),
        (Err(_), Err(_)) => {}
        _ => panic!("TryFrom and serde disagree on {s:?}: {got:?} vs {:?}", via_serde.map_err(|e| e.to_string())),
    }
    let value = got.ok()?;
    let shown = value.to_string();
    assert_eq!(T::try_from(shown.as_str()).as_ref().ok(), Some(&value), "{s:?} shows as {shown:?}, which does not parse back");
    assert_eq!(serde_json::to_value(&value).unwrap(), serde_json::Value::String(shown.clone()), "serde form of {s:?}");
    assert_eq!(serde_json::from_value::<T>(serde_json::Value::String(shown)).ok().as_ref(), Some(&value));
    Some(value)
}

fn session_id_shape(s: &str) {
    let b = s.as_bytes();
    assert_eq!(b.len(), 36, "{s:?}");
    for (i, &c) in b.iter().enumerate() {
        let ok = if matches!(i, 8 | 13 | 18 | 23) { c == b'-' } else { c.is_ascii_digit() || (b'a'..=b'f').contains(&c) };
        assert!(ok, "{s:?} is not a lowercase hyphenated UUID");
    }
}

/// What a browser would report as `event.origin`: a lowercase http(s) scheme, a host that is a
/// DNS name, a canonical dotted-quad IPv4 address or a bracketed IPv6 address, and a port
/// written as browsers write it (decimal, no sign, no leading zero, 1–65535).
fn origin_shape(o: &str) {
    let rest = o.strip_prefix("https://").or_else(|| o.strip_prefix("http://")).unwrap_or_else(|| panic!("{o:?}: scheme"));
    let (host, port) = match rest.find(']') {
        Some(end) if rest.starts_with('[') => {
            let (host, after) = rest.split_at(end + 1);
            assert!(after.is_empty() || after.starts_with(':'), "{o:?}: {after:?} after the IPv6 literal");
            (host, after.strip_prefix(':'))
        }
        _ => rest.rsplit_once(':').map_or((rest, None), |(h, p)| (h, Some(p))),
    };
    if let Some(v6) = host.strip_prefix('[') {
        let v6 = v6.strip_suffix(']').unwrap();
        assert!(v6.parse::<std::net::Ipv6Addr>().is_ok(), "{o:?}: {v6:?} is not an IPv6 address");
    } else {
        assert!(!host.is_empty() && host.len() <= 253, "{o:?}: host length");
        let labels: Vec<&str> = host.split('.').collect();
        for label in &labels {
            let b = label.as_bytes();
            assert!(
                (1..=63).contains(&b.len())
                    && b.iter().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
                    && b[0] != b'-'
                    && b[b.len() - 1] != b'-',
                "{o:?}: label {label:?}"
            );
        }
        // A host whose last label is a number is an IPv4 address to a browser (WHATWG URL
        // "ends in a number"), which it prints as a canonical dotted quad.
        let last = labels[labels.len() - 1];
        let numeric = is_digits(last) || last.strip_prefix("0x").is_some_and(|h| h.bytes().all(|c| c.is_ascii_hexdigit()));
        if numeric {
            let ip = host.parse::<std::net::Ipv4Addr>();
            assert!(ip.is_ok_and(|ip| ip.to_string() == host), "{o:?}: numeric host is not a canonical IPv4 address");
        }
    }
    if let Some(port) = port {
        let canonical = port.parse::<u16>().is_ok_and(|n| n > 0 && n.to_string() == port);
        assert!(canonical, "{o:?}: port {port:?} is not as a browser writes it");
    }
}

// ---------------------------------------------------------------------------------------------
// (3) Wire types: whatever parses re-serializes, re-parses to an equal value, and serializes
// the same way again.

/// Parses the input as every wire type the protocol exposes.
pub fn wire(data: &[u8]) {
    round_trip::<CreateSessionRequest>(data);
    round_trip::<Recipient>(data);
    round_trip::<Envelope<SessionCreated>>(data);
    round_trip::<Envelope<SessionView>>(data);
    round_trip::<Envelope<ErrorData>>(data);
    round_trip::<Envelope<MountResponse>>(data);
    round_trip::<Envelope<SubmitOutcome>>(data);
    round_trip::<Envelope<CancelResponse>>(data);
    round_trip::<Envelope<DecisionStatus>>(data);
    round_trip::<MountRequest>(data);
    round_trip::<StopRequest>(data);
    round_trip::<ReceiptClaims>(data);
    round_trip::<ProofClaims>(data);
    round_trip::<ProofHeader>(data);
    round_trip::<SubmitOutcome>(data);
    round_trip::<AccountType>(data);
    round_trip::<AccountError>(data);
    round_trip::<CardBrand>(data);
    round_trip::<SessionStatus>(data);
    round_trip::<FundingDestination>(data);
    round_trip::<LocaleCode>(data);
    round_trip::<TextDirection>(data);
    if let Some(jwk) = round_trip::<PublicJwk>(data) {
        public_jwk(&jwk);
    }
    if let Some(sub) = round_trip_with::<AccountSubmission>(data, |s| serde_json::to_string(s).unwrap()) {
        account_submission(&sub);
    }
    if let Some(env) = round_trip::<MessageEnvelope>(data) {
        message_envelope(&env);
    }
}

fn round_trip<T: Serialize + DeserializeOwned + PartialEq + Debug>(data: &[u8]) -> Option<T> {
    round_trip_with(data, |v| format!("{v:?}"))
}

fn round_trip_with<T: Serialize + DeserializeOwned + PartialEq>(data: &[u8], show: impl Fn(&T) -> String) -> Option<T> {
    let ty = std::any::type_name::<T>();
    let value: T = serde_json::from_slice(data).ok()?;
    let json = serde_json::to_string(&value).unwrap_or_else(|e| panic!("{ty}: {} parsed but does not serialize: {e}", show(&value)));
    let back: T = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{ty}: {json} (from {}) does not parse back: {e}", show(&value)));
    assert!(back == value, "{ty}: {json} parses back to {}, not {}", show(&back), show(&value));
    assert_eq!(serde_json::to_string(&back).unwrap(), json, "{ty}: serialization is not stable");
    // The `serde_json::Value` path (what a server handler may use) agrees with the text path.
    let tree = serde_json::to_value(&value).unwrap();
    assert_eq!(tree, serde_json::from_str::<serde_json::Value>(&json).unwrap(), "{ty}: to_value and to_string disagree");
    let from_tree: T = serde_json::from_value(tree).unwrap_or_else(|e| panic!("{ty}: from_value({json}) fails: {e}"));
    assert!(from_tree == value, "{ty}: from_value({json}) is another value");
    Some(value)
}

/// The thumbprint input of a key that passed the shape check is exactly the RFC 7638 JSON:
/// the four members, sorted, no whitespace, as a JSON serializer writes them.
fn public_jwk(jwk: &PublicJwk) {
    if jwk.is_p256() {
        let members = std::collections::BTreeMap::from([("crv", &jwk.crv), ("kty", &jwk.kty), ("x", &jwk.x), ("y", &jwk.y)]);
        assert_eq!(jwk.thumbprint_input(), serde_json::to_string(&members).unwrap());
    }
}

/// The tag names the variant, and `Debug` never shows what the recipient typed.
fn account_submission(sub: &AccountSubmission) {
    let json = serde_json::to_value(sub).unwrap();
    assert_eq!(json["funding_destination"], sub.funding_destination().as_str());
    let debug = format!("{sub:?}");
    assert_eq!(debug, format!("AccountSubmission {{ funding_destination: {:?}, .. }}", sub.funding_destination()));
}

/// Keys in the documented order, `type` is the message's kind, and `data` has exactly the
/// members of the kind's `MessageShape` with their JSON types (what the embed checks by hand).
fn message_envelope(env: &MessageEnvelope) {
    let json = serde_json::to_string(env).unwrap();
    let prefix = format!(r#"{{"protocol":"capture-frame","v":1,"type":"{}","session_identifier":"{}","data":{{"#, env.message.kind(), env.session_identifier);
    assert!(json.starts_with(&prefix), "{json}");
    let tree: serde_json::Value = serde_json::from_str(&json).unwrap();
    let shape = MessageShape::of(env.message.kind()).unwrap_or_else(|| panic!("no shape for {}", env.message.kind()));
    assert_eq!(env.message.is_terminal(), shape.terminal);
    let data = tree["data"].as_object().unwrap();
    assert_eq!(data.len(), shape.fields.len(), "{json}");
    for (name, ty) in shape.fields {
        let ok = match ty {
            FieldType::String => data[*name].is_string(),
            FieldType::Count => data[*name].is_u64(),
        };
        assert!(ok, "{name} in {json}");
    }
}

// ---------------------------------------------------------------------------------------------
// (4) The status transition function over arbitrary (status, event) sequences.

/// Decodes a start status and a sequence of events and walks them through `apply`.
pub fn status(data: &[u8]) {
    let mut r = Reader(data);
    let mut status = SessionStatus::ALL[usize::from(r.byte()) % SessionStatus::ALL.len()];
    let mut moves_to_terminal = 0;
    while !r.0.is_empty() {
        let event = match r.byte() % 9 {
            0 => SessionEvent::Tokenized { decision_gate: r.byte() % 2 == 1 },
            1 => SessionEvent::VerificationMismatch { attempts_used: r.count(), max_attempts: r.count() },
            2 => SessionEvent::TerminalFailure,
            3 => SessionEvent::RecipientCanceled,
            4 => SessionEvent::IntegratorTerminated,
            5 => SessionEvent::IntegratorContinued,
            6 => SessionEvent::IntegratorStopped,
            _ => SessionEvent::TtlElapsed,
        };
        let got = status.apply(event);
        // The spec, stated apart from `apply`: what each open status does with each event.
        use SessionStatus::*;
        let want = match (status, event) {
            (Active, SessionEvent::Tokenized { decision_gate: false }) => Some(Completed),
            (Active, SessionEvent::Tokenized { decision_gate: true }) => Some(AwaitingDecision),
            (Active, SessionEvent::VerificationMismatch { attempts_used, max_attempts }) if attempts_used < max_attempts => Some(Active),
            (Active, SessionEvent::VerificationMismatch { .. }) => Some(MaxAttemptsExceeded),
            (Active, SessionEvent::TerminalFailure) => Some(Terminated),
            (Active, SessionEvent::RecipientCanceled) => Some(Canceled),
            (Active | AwaitingDecision, SessionEvent::IntegratorTerminated) => Some(Terminated),
            (Active | AwaitingDecision, SessionEvent::TtlElapsed) => Some(Expired),
            (AwaitingDecision, SessionEvent::IntegratorContinued) => Some(Completed),
            (AwaitingDecision, SessionEvent::IntegratorStopped) => Some(Stopped),
            _ => None,
        };
        let Some(want) = want else {
            // Terminal statuses absorb, and an open one refuses what it cannot do: the status stays.
            assert_eq!(got, Err(TransitionError { from: status, event }), "{status:?} + {event:?}");
            continue;
        };
        assert_eq!(got, Ok(want), "{status:?} + {event:?}");
        status = want;
        moves_to_terminal += usize::from(status.is_terminal());
        // Every status but `active` emits a webhook when entered; the name round-trips.
        assert_eq!(status.webhook_event().is_some(), status != Active);
        assert_eq!(SessionStatus::try_from(status.as_str()), Ok(status));
        assert_eq!(serde_json::to_value(status).unwrap(), status.as_str());
    }
    // A session ends once: at most one move into a terminal status (one webhook).
    assert!(moves_to_terminal <= 1);
}

/// Reads the fuzzer's bytes front to back; past the end every read is zero.
struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn byte(&mut self) -> u8 {
        let (&b, rest) = self.0.split_first().unwrap_or((&0, &[]));
        self.0 = rest;
        b
    }

    /// A small count, or one near `u32::MAX` (bytes 0xf0..=0xff), so both ends get exercised.
    fn count(&mut self) -> u32 {
        match self.byte() {
            b @ 0xf0.. => u32::MAX - u32::from(0xff - b),
            b => u32::from(b),
        }
    }
}
