//! Wire types that the capture page (wasm) and `capture-server` must agree on.
//!
//! Everything that crosses a boundary (server API, frame API, postMessage) is defined here
//! once, with serde, and every value that can be wrong is a validated newtype built with
//! `TryFrom`, so a bad value cannot exist past the edge.

/// Payout-account validators: card number, expiry, routing and account numbers, postal code.
pub mod account;
/// The frame's look as the integrator's page asks for it, validated the same way on both sides.
pub mod appearance;
/// Session Management API: the envelope, its status codes, create/read request and response.
pub mod api;
/// The frame ↔ server API: mount, proof of possession, account submission and outcomes.
pub mod frame_api;
/// Validated identifiers: session id, idempotency key, origin, funding destination.
pub mod ids;
/// The 28 supported locales and their text direction.
pub mod locale;
/// Frame → parent postMessage envelope and its message types.
pub mod message;
/// Session status and its pure transition function.
pub mod status;

pub use account::{AccountError, CardBrand};
pub use api::{ApiCode, Envelope};
pub use appearance::{Appearance, AppearanceError, AppearanceOptions, ColorScheme, FontStack};
pub use ids::{EventId, FundingDestination, IdError, IdempotencyKey, Origin, SessionId};
pub use locale::{LocaleCode, TextDirection};
pub use message::{FieldType, FrameMessage, MessageEnvelope, MessageShape};
pub use status::{SessionEvent, SessionStatus, TransitionError};
