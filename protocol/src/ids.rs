use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a value was refused at the edge. Each maps to one stable API code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("session identifier must be a lowercase UUID (8-4-4-4-12 hex digits)")]
    SessionId,
    #[error("Idempotency-Key must be 1 to 250 visible ASCII characters")]
    IdempotencyKey,
    #[error("origin must be scheme://host[:port] with scheme http or https, no path and no trailing slash")]
    Origin,
    #[error("funding destination must be DEBIT or ACH")]
    FundingDestination,
    #[error("unsupported locale code")]
    Locale,
    #[error("unknown session status")]
    SessionStatus,
    #[error("event id must be evt_ and 24 lowercase hex digits")]
    EventId,
}

macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
        impl TryFrom<&str> for $name {
            type Error = IdError;
            fn try_from(s: &str) -> Result<Self, IdError> {
                Self::try_from(s.to_owned())
            }
        }
        impl From<$name> for String {
            fn from(v: $name) -> String {
                v.0
            }
        }
        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

/// A session identifier: a UUID in its canonical lowercase hyphenated form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(format = "uuid"))]
#[serde(try_from = "String", into = "String")]
pub struct SessionId(String);
string_newtype!(SessionId);

impl SessionId {
    /// Builds an id from 16 random bytes as a version-4 UUID (the caller supplies the entropy,
    /// so this crate needs no RNG and stays the same on wasm and native).
    pub fn from_random_bytes(mut b: [u8; 16]) -> Self {
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
        Self(format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32]))
    }
}

impl TryFrom<String> for SessionId {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        let well_formed = s.len() == 36
            && s.char_indices().all(|(i, c)| match i {
                8 | 13 | 18 | 23 => c == '-',
                _ => matches!(c, '0'..='9' | 'a'..='f'),
            });
        if well_formed { Ok(Self(s)) } else { Err(IdError::SessionId) }
    }
}

/// A webhook event's id (`Capture-Event-Id`): `evt_` and 24 lowercase hex digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(pattern = "^evt_[0-9a-f]{24}$"))]
#[serde(try_from = "String", into = "String")]
pub struct EventId(String);
string_newtype!(EventId);

impl EventId {
    /// `evt_` and the hex of 12 random bytes (entropy from the caller, as for [`SessionId`]).
    pub fn from_random_bytes(b: [u8; 12]) -> Self {
        Self(format!("evt_{}", b.iter().map(|x| format!("{x:02x}")).collect::<String>()))
    }
}

impl TryFrom<String> for EventId {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        let ok = s.len() == 28 && s.starts_with("evt_") && s[4..].bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if ok { Ok(Self(s)) } else { Err(IdError::EventId) }
    }
}

/// The `Idempotency-Key` header: 1–250 visible ASCII characters (a V4 UUID is recommended).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct IdempotencyKey(String);
string_newtype!(IdempotencyKey);

impl IdempotencyKey {
    pub const MAX_LEN: usize = 250;
}

impl TryFrom<String> for IdempotencyKey {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        let ok = (1..=Self::MAX_LEN).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_graphic());
        if ok { Ok(Self(s)) } else { Err(IdError::IdempotencyKey) }
    }
}

/// A web origin as browsers report it in `event.origin`: `scheme://host[:port]`.
/// The host is kept lowercase so two spellings of one origin compare equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(example = "https://shop.example.com"))]
#[serde(try_from = "String", into = "String")]
pub struct Origin(String);
string_newtype!(Origin);

impl Origin {
    /// The origin of an absolute http(s) URL (what the embed derives from `authorized_url`).
    pub fn of_url(url: &str) -> Result<Self, IdError> {
        let scheme_end = url.find("://").ok_or(IdError::Origin)?;
        let rest = &url[scheme_end + 3..];
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        Self::try_from(&url[..scheme_end + 3 + end])
    }

    pub fn is_https(&self) -> bool {
        self.0.starts_with("https://")
    }
}

impl TryFrom<String> for Origin {
    type Error = IdError;
    fn try_from(s: String) -> Result<Self, IdError> {
        let lower = s.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
            .ok_or(IdError::Origin)?;
        let (host, port) = match rest.rsplit_once(':') {
            // An IPv6 literal has colons inside brackets; only a colon after `]` starts a port.
            Some((h, p)) if !p.contains(']') => (h, Some(p)),
            _ => (rest, None),
        };
        let host_ok = if let Some(v6) = host.strip_prefix('[') {
            v6.strip_suffix(']').is_some_and(is_ipv6)
        } else {
            // A browser reads a host whose last label is a number as an IPv4 address (WHATWG
            // URL, "ends in a number") and reports it as a dotted quad, so only that spelling
            // can ever equal an `event.origin`.
            let last = host.rsplit('.').next().unwrap_or_default();
            let numeric = (!last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()))
                || last.strip_prefix("0x").is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
            !host.is_empty()
                && host.len() <= 253
                && host.split('.').all(|label| {
                    !label.is_empty()
                        && label.len() <= 63
                        && !label.starts_with('-')
                        && !label.ends_with('-')
                        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                })
                && (!numeric || is_ipv4(host))
        };
        // Decimal as browsers write it: no sign, no leading zero, 1 to 65535.
        let port_ok = port.is_none_or(|p| {
            !p.starts_with('0') && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u16>().is_ok_and(|n| n > 0)
        });
        if host_ok && port_ok { Ok(Self(lower)) } else { Err(IdError::Origin) }
    }
}

/// A dotted-quad IPv4 address as browsers print it: four decimal numbers 0–255, no leading zeros.
fn is_ipv4(s: &str) -> bool {
    let mut parts = 0;
    let ok = s.split('.').all(|p| {
        parts += 1;
        (1..=3).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()) && (p == "0" || !p.starts_with('0')) && p.parse::<u8>().is_ok()
    });
    ok && parts == 4
}

/// The groups an IPv6 address text has on one side of its `::` (all of it when there is none):
/// 1–4 hex digits each; a dotted quad, worth two groups, may end the address.
fn ipv6_groups(s: &str, ends_address: bool) -> Option<usize> {
    if s.is_empty() {
        return Some(0);
    }
    let mut parts = s.split(':').peekable();
    let mut groups = 0;
    while let Some(p) = parts.next() {
        groups += if ends_address && parts.peek().is_none() && p.contains('.') {
            is_ipv4(p).then_some(2)?
        } else {
            ((1..=4).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_hexdigit())).then_some(1)?
        };
    }
    Some(groups)
}

/// An IPv6 address in text form (RFC 4291 section 2.2): eight groups, or fewer and one `::`.
fn is_ipv6(s: &str) -> bool {
    match s.split_once("::") {
        Some((head, tail)) => matches!((ipv6_groups(head, false), ipv6_groups(tail, true)), (Some(h), Some(t)) if h + t <= 7),
        None => ipv6_groups(s, true) == Some(8),
    }
}

/// Where a payout goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FundingDestination {
    #[serde(rename = "DEBIT")]
    Debit,
    #[serde(rename = "ACH")]
    Ach,
}

impl FundingDestination {
    pub const ALL: [FundingDestination; 2] = [Self::Debit, Self::Ach];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Debit => "DEBIT",
            Self::Ach => "ACH",
        }
    }
}

impl TryFrom<&str> for FundingDestination {
    type Error = IdError;
    fn try_from(s: &str) -> Result<Self, IdError> {
        Self::ALL.into_iter().find(|d| d.as_str() == s).ok_or(IdError::FundingDestination)
    }
}

impl fmt::Display for FundingDestination {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_id_accepts_canonical_uuid_only() {
        assert!(SessionId::try_from("5cf34a7d-25b6-4400-b19d-53a171d324e1").is_ok());
        for bad in [
            "",
            "5CF34A7D-25B6-4400-B19D-53A171D324E1",
            "5cf34a7d25b64400b19d53a171d324e1",
            "5cf34a7d-25b6-4400-b19d-53a171d324e",
            "5cf34a7d-25b6-4400-b19d-53a171d324e1x",
            "5cf34a7d-25b6-4400-b19d_53a171d324e1",
            "../../etc/passwd-aaaa-aaaa-aaaaaaaaaaa",
        ] {
            assert_eq!(SessionId::try_from(bad), Err(IdError::SessionId), "{bad}");
        }
    }

    #[test]
    fn session_id_from_random_bytes_is_v4_and_valid() {
        let id = SessionId::from_random_bytes([0xff; 16]);
        assert_eq!(id.as_str(), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert!(SessionId::try_from(id.as_str()).is_ok());
    }

    #[test]
    fn idempotency_key_bounds() {
        assert!(IdempotencyKey::try_from("70646041-01ea-4cd6-b657-18ff88e465c7").is_ok());
        assert!(IdempotencyKey::try_from("a").is_ok());
        assert!(IdempotencyKey::try_from("~".repeat(250)).is_ok());
        for bad in ["".to_owned(), "x".repeat(251), "has space".into(), "tab\t".into(), "é".into(), "nul\0".into()] {
            assert_eq!(IdempotencyKey::try_from(bad.clone()), Err(IdError::IdempotencyKey), "{bad:?}");
        }
    }

    #[test]
    fn origin_accepts_scheme_host_port_only() {
        for (input, want) in [
            ("http://localhost:8081", "http://localhost:8081"),
            ("https://Shop.Example.com", "https://shop.example.com"),
            ("http://127.0.0.1:9", "http://127.0.0.1:9"),
            ("http://[::1]:8080", "http://[::1]:8080"),
            ("http://[::]", "http://[::]"),
            ("http://[2001:DB8::1]:443", "http://[2001:db8::1]:443"),
            ("http://[1:2:3:4:5:6:7:8]", "http://[1:2:3:4:5:6:7:8]"),
            ("http://[::ffff:192.0.2.1]", "http://[::ffff:192.0.2.1]"),
            ("http://0.0.0.0:65535", "http://0.0.0.0:65535"),
            ("http://10.0.0.255", "http://10.0.0.255"),
            ("https://a1.example-2.com", "https://a1.example-2.com"),
            ("http://1x.example", "http://1x.example"),
        ] {
            assert_eq!(Origin::try_from(input).unwrap().as_str(), want);
        }
        for bad in [
            "localhost:8081",
            "ftp://example.com",
            "https://example.com/",
            "https://example.com/path",
            "https://example.com?q",
            "https://example.com:0",
            "https://example.com:65536",
            "https://example.com:",
            "https://",
            "https://exa mple.com",
            "https://-bad.com",
            "https://user@example.com",
            "javascript:alert(1)",
            "null",
            // No browser reports these as an origin (the `ids` fuzz target's invariant; it found `:081`).
            "http://localhost:081",
            "http://localhost:+8081",
            "http://localhost:00",
            "http://[]",
            "http://[:]",
            "http://[...]",
            "http://[1.2.3.4]",
            "http://[1:2:3:4:5:6:7]",
            "http://[1::2::3]",
            "http://[::ffff:1.2.3.04]",
            "http://127.1",
            "http://1.2.3.256",
            "http://01.2.3.4",
            "http://example.123",
            "http://0x7f",
            "http://a.0x",
        ] {
            assert_eq!(Origin::try_from(bad), Err(IdError::Origin), "{bad}");
        }
    }

    #[test]
    fn origin_of_url_strips_path_query_and_fragment() {
        let o = Origin::of_url("http://127.0.0.1:8080/session/abc#t=secret").unwrap();
        assert_eq!(o.as_str(), "http://127.0.0.1:8080");
        assert_eq!(Origin::of_url("https://a.example?x").unwrap().as_str(), "https://a.example");
        assert!(Origin::of_url("/relative/path").is_err());
    }

    #[test]
    fn funding_destination_wire_names() {
        assert_eq!(serde_json::to_string(&FundingDestination::Ach).unwrap(), "\"ACH\"");
        assert_eq!(FundingDestination::try_from("DEBIT"), Ok(FundingDestination::Debit));
        assert!(FundingDestination::try_from("debit").is_err());
        assert!(serde_json::from_str::<FundingDestination>("\"WIRE\"").is_err());
    }
}
