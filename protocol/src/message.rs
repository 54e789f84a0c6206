//! Frame → parent messages: `{"protocol":"capture-frame","v":1,"type":…,"session_identifier":…,"data":{…}}`.

use crate::ids::{FundingDestination, SessionId};
use crate::locale::{LocaleCode, TextDirection};
use crate::status::SessionStatus;
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub const PROTOCOL: &str = "capture-frame";
pub const VERSION: u8 = 1;

/// One message and its data. Data-less messages are empty structs so `data` is always an
/// object (`{}`), which is what a JavaScript consumer destructures most easily.
/// Serialized only inside [`MessageEnvelope`]; deserialized by the derive (adjacently tagged).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(tag = "type", content = "data", rename_all = "snake_case")]
pub enum FrameMessage {
    Ready { locale: LocaleCode, dir: TextDirection },
    Resize { height: u32 },
    TokenSuccess { customer_account_token: String, funding_destination: FundingDestination, last4: String, receipt: String },
    AwaitingDecision { funding_destination: FundingDestination, last4: String },
    Stopped {},
    VerificationFailed { attempts_remaining: u32 },
    RetryRequested {},
    MaxAttemptsExceeded {},
    Canceled {},
    TerminalFailure { code: String },
    AuthorizedUrlExpired {},
    BoundToOtherDevice {},
    SessionNotMountable { status: SessionStatus },
}

impl FrameMessage {
    /// The wire `type`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Ready { .. } => "ready",
            Self::Resize { .. } => "resize",
            Self::TokenSuccess { .. } => "token_success",
            Self::AwaitingDecision { .. } => "awaiting_decision",
            Self::Stopped {} => "stopped",
            Self::VerificationFailed { .. } => "verification_failed",
            Self::RetryRequested {} => "retry_requested",
            Self::MaxAttemptsExceeded {} => "max_attempts_exceeded",
            Self::Canceled {} => "canceled",
            Self::TerminalFailure { .. } => "terminal_failure",
            Self::AuthorizedUrlExpired {} => "authorized_url_expired",
            Self::BoundToOtherDevice {} => "bound_to_other_device",
            Self::SessionNotMountable { .. } => "session_not_mountable",
        }
    }

    /// A terminal message ends the session for good: the embed reports it once and stops.
    pub fn is_terminal(&self) -> bool {
        MessageShape::of(self.kind()).is_some_and(|s| s.terminal)
    }
}

/// The JSON type of one `data` member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    String,
    /// A non-negative integer.
    Count,
}

/// The wire shape of one message type, for consumers that check envelopes without serde (the
/// embed, whose size budget has no room for a JSON deserializer). A test proves it matches the
/// serde form of every message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MessageShape {
    pub kind: &'static str,
    pub fields: &'static [(&'static str, FieldType)],
    pub terminal: bool,
}

impl MessageShape {
    pub const ALL: [MessageShape; 13] = {
        use FieldType::{Count, String as Str};
        const fn shape(kind: &'static str, fields: &'static [(&'static str, FieldType)], terminal: bool) -> MessageShape {
            MessageShape { kind, fields, terminal }
        }
        [
            shape("ready", &[("locale", Str), ("dir", Str)], false),
            shape("resize", &[("height", Count)], false),
            shape("token_success", &[("customer_account_token", Str), ("funding_destination", Str), ("last4", Str), ("receipt", Str)], true),
            shape("awaiting_decision", &[("funding_destination", Str), ("last4", Str)], false),
            shape("stopped", &[], true),
            shape("verification_failed", &[("attempts_remaining", Count)], false),
            shape("retry_requested", &[], false),
            shape("max_attempts_exceeded", &[], true),
            shape("canceled", &[], true),
            shape("terminal_failure", &[("code", Str)], true),
            shape("authorized_url_expired", &[], false),
            shape("bound_to_other_device", &[], true),
            shape("session_not_mountable", &[("status", Str)], true),
        ]
    };

    pub fn of(kind: &str) -> Option<&'static MessageShape> {
        Self::ALL.iter().find(|s| s.kind == kind)
    }
}

/// A message with the envelope around it.
#[derive(Debug, Clone, PartialEq, Eq)]
// Its serde is written by hand (below), so the derive is told the wire form; the embed's tests
// check it against `PROTOCOL`, `VERSION` and the serialized envelope.
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(type = "{ protocol: \"capture-frame\"; v: 1; session_identifier: SessionId } & FrameMessage")
)]
pub struct MessageEnvelope {
    pub session_identifier: SessionId,
    pub message: FrameMessage,
}

/// Written by hand so the keys come in the documented order (a derive with `flatten` would
/// put `session_identifier` last).
impl Serialize for MessageEnvelope {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("protocol", PROTOCOL)?;
        map.serialize_entry("v", &VERSION)?;
        map.serialize_entry("type", self.message.kind())?;
        map.serialize_entry("session_identifier", &self.session_identifier)?;
        map.serialize_entry("data", &DataOf(&self.message))?;
        map.end()
    }
}

/// The `data` half of a message.
struct DataOf<'a>(&'a FrameMessage);

impl Serialize for DataOf<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use FrameMessage::*;
        let mut map = s.serialize_map(None)?;
        match self.0 {
            Ready { locale, dir } => {
                map.serialize_entry("locale", locale)?;
                map.serialize_entry("dir", dir)?;
            }
            Resize { height } => map.serialize_entry("height", height)?,
            TokenSuccess { customer_account_token, funding_destination, last4, receipt } => {
                map.serialize_entry("customer_account_token", customer_account_token)?;
                map.serialize_entry("funding_destination", funding_destination)?;
                map.serialize_entry("last4", last4)?;
                map.serialize_entry("receipt", receipt)?;
            }
            AwaitingDecision { funding_destination, last4 } => {
                map.serialize_entry("funding_destination", funding_destination)?;
                map.serialize_entry("last4", last4)?;
            }
            VerificationFailed { attempts_remaining } => map.serialize_entry("attempts_remaining", attempts_remaining)?,
            TerminalFailure { code } => map.serialize_entry("code", code)?,
            SessionNotMountable { status } => map.serialize_entry("status", status)?,
            Stopped {} | RetryRequested {} | MaxAttemptsExceeded {} | Canceled {} | AuthorizedUrlExpired {} | BoundToOtherDevice {} => {}
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for MessageEnvelope {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Raw {
            protocol: String,
            v: u8,
            session_identifier: SessionId,
            #[serde(flatten)]
            message: FrameMessage,
        }
        let raw = Raw::deserialize(d)?;
        if raw.protocol != PROTOCOL || raw.v != VERSION {
            return Err(serde::de::Error::custom("not a capture-frame v1 message"));
        }
        Ok(Self { session_identifier: raw.session_identifier, message: raw.message })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sid() -> SessionId {
        SessionId::try_from("5cf34a7d-25b6-4400-b19d-53a171d324e1").unwrap()
    }

    fn all_messages() -> Vec<FrameMessage> {
        use FrameMessage::*;
        vec![
            Ready { locale: LocaleCode::try_from("ar-SA").unwrap(), dir: TextDirection::Rtl },
            Resize { height: 612 },
            TokenSuccess { customer_account_token: "cat_1".into(), funding_destination: FundingDestination::Debit, last4: "4242".into(), receipt: "h.c.s".into() },
            AwaitingDecision { funding_destination: FundingDestination::Debit, last4: "4242".into() },
            Stopped {},
            VerificationFailed { attempts_remaining: 2 },
            RetryRequested {},
            MaxAttemptsExceeded {},
            Canceled {},
            TerminalFailure { code: "account_closed".into() },
            AuthorizedUrlExpired {},
            BoundToOtherDevice {},
            SessionNotMountable { status: SessionStatus::Completed },
        ]
    }

    #[test]
    fn envelope_matches_design_byte_for_byte() {
        let env = MessageEnvelope {
            session_identifier: sid(),
            message: FrameMessage::TokenSuccess {
                customer_account_token: "cat_1".into(),
                funding_destination: FundingDestination::Ach,
                last4: "6789".into(),
                receipt: "h.c.s".into(),
            },
        };
        assert_eq!(
            serde_json::to_string(&env).unwrap(),
            r#"{"protocol":"capture-frame","v":1,"type":"token_success","session_identifier":"5cf34a7d-25b6-4400-b19d-53a171d324e1","data":{"customer_account_token":"cat_1","funding_destination":"ACH","last4":"6789","receipt":"h.c.s"}}"#
        );
        let ready = MessageEnvelope { session_identifier: sid(), message: all_messages().remove(0) };
        assert_eq!(
            serde_json::to_string(&ready).unwrap(),
            r#"{"protocol":"capture-frame","v":1,"type":"ready","session_identifier":"5cf34a7d-25b6-4400-b19d-53a171d324e1","data":{"locale":"ar-SA","dir":"rtl"}}"#
        );
        let empty = MessageEnvelope { session_identifier: sid(), message: FrameMessage::Canceled {} };
        assert!(serde_json::to_string(&empty).unwrap().ends_with(r#""type":"canceled","session_identifier":"5cf34a7d-25b6-4400-b19d-53a171d324e1","data":{}}"#));
    }

    #[test]
    fn every_message_round_trips_with_its_design_type_name() {
        let names = [
            "ready", "resize", "token_success", "awaiting_decision", "stopped", "verification_failed", "retry_requested", "max_attempts_exceeded",
            "canceled", "terminal_failure", "authorized_url_expired", "bound_to_other_device", "session_not_mountable",
        ];
        for (message, name) in all_messages().into_iter().zip(names) {
            assert_eq!(message.kind(), name);
            let env = MessageEnvelope { session_identifier: sid(), message };
            let json = serde_json::to_string(&env).unwrap();
            assert!(json.contains(&format!(r#""type":"{name}""#)), "{json}");
            assert_eq!(serde_json::from_str::<MessageEnvelope>(&json).unwrap(), env, "{json}");
        }
    }

    #[test]
    fn foreign_or_malformed_envelopes_are_refused() {
        let good = serde_json::to_value(MessageEnvelope { session_identifier: sid(), message: FrameMessage::Canceled {} }).unwrap();
        for (key, value) in [
            ("protocol", serde_json::json!("other")),
            ("v", serde_json::json!(2)),
            ("type", serde_json::json!("token_stolen")),
            ("session_identifier", serde_json::json!("nope")),
        ] {
            let mut bad = good.clone();
            bad[key] = value;
            assert!(serde_json::from_value::<MessageEnvelope>(bad).is_err(), "{key}");
        }
        let missing_data = serde_json::json!({"protocol":"capture-frame","v":1,"type":"resize","session_identifier":sid()});
        assert!(serde_json::from_value::<MessageEnvelope>(missing_data).is_err());
    }

    #[test]
    fn shapes_match_the_serde_form_of_every_message() {
        let messages = all_messages();
        assert_eq!(messages.len(), MessageShape::ALL.len());
        for message in messages {
            let json = serde_json::to_value(MessageEnvelope { session_identifier: sid(), message }).unwrap();
            let shape = MessageShape::of(json["type"].as_str().unwrap()).expect("every type has a shape");
            let data = json["data"].as_object().unwrap();
            assert_eq!(data.len(), shape.fields.len(), "{json}");
            for (name, ty) in shape.fields {
                let value = &data[*name];
                match ty {
                    FieldType::String => assert!(value.is_string(), "{name} in {json}"),
                    FieldType::Count => assert!(value.is_u64(), "{name} in {json}"),
                }
            }
        }
    }

    #[test]
    fn terminal_messages() {
        let terminal: Vec<_> = all_messages().into_iter().filter(FrameMessage::is_terminal).map(|m| m.kind()).collect();
        assert_eq!(terminal, ["token_success", "stopped", "max_attempts_exceeded", "canceled", "terminal_failure", "bound_to_other_device", "session_not_mountable"]);
    }
}
