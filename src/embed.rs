//! The parent-page API: puts the capture iFrame on the integrator's page, accepts only its
//! well-formed messages (`MessageShape`, the protocol's table of their serde form), turns them into
//! typed callbacks (`onEvent`, `onSuccess`, `onExit`), re-issues the URL through the
//! integrator's `reissue` when the frame asks for a fresh one, and warms the frame origin's code
//! before any session exists (`warm`).
//!
//! One `message` listener serves every frame on the page: it finds the frame by the message's
//! source window, so a message is only ever looked at by the frame it came from.

use capture_protocol::message::{PROTOCOL, VERSION};
use capture_protocol::appearance::{parse_accent, parse_font, parse_radius};
use capture_protocol::{Appearance, AppearanceError, ColorScheme, FieldType, MessageShape, Origin, SessionId};
use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use serde::Serialize;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlIFrameElement, MessageEvent};

// The event union comes from the protocol's types (tsify): `MessageEnvelope` is every message
// the frame posts, `EmbedEvent` the embed's own. What is written here only names its parts.
#[allow(dead_code)] // rustc does not see the custom section's use; the tests read it too
const TYPES: &str = r##"
/** Every event `onEvent` receives: the frame's messages, and the embed's own in the same envelope. */
export type CaptureEvent = MessageEnvelope | (Omit<MessageEnvelope, "type" | "data"> & EmbedEvent);
/** The event of one `type` (or of several). */
export type CaptureMessage<T extends CaptureEvent["type"] = CaptureEvent["type"]> = Extract<CaptureEvent, { type: T }>;
export type ReadyEvent = CaptureMessage<"ready">;
export type ResizeEvent = CaptureMessage<"resize">;
export type TokenSuccessEvent = CaptureMessage<"token_success">;
export type AwaitingDecisionEvent = CaptureMessage<"awaiting_decision">;
export type StoppedEvent = CaptureMessage<"stopped">;
export type VerificationFailedEvent = CaptureMessage<"verification_failed">;
export type RetryRequestedEvent = CaptureMessage<"retry_requested">;
export type MaxAttemptsExceededEvent = CaptureMessage<"max_attempts_exceeded">;
export type CanceledEvent = CaptureMessage<"canceled">;
export type TerminalFailureEvent = CaptureMessage<"terminal_failure">;
export type AuthorizedUrlExpiredEvent = CaptureMessage<"authorized_url_expired">;
export type BoundToOtherDeviceEvent = CaptureMessage<"bound_to_other_device">;
export type SessionNotMountableEvent = CaptureMessage<"session_not_mountable">;
export type ReissueFailedEvent = CaptureMessage<"reissue_failed">;
export type LoadFailedEvent = CaptureMessage<"load_failed">;
export type TokenSuccessData = TokenSuccessEvent["data"];
/**
 * Exactly the events that reach `onExit` (at most one per mount, and nothing after it). The
 * embed's tests check this list against the protocol's terminal messages.
 */
export type ExitEvent = CaptureMessage<"stopped" | "max_attempts_exceeded" | "canceled" | "terminal_failure" | "authorized_url_expired" | "bound_to_other_device" | "session_not_mountable" | "reissue_failed" | "load_failed">;

export interface MountOptions {
  /** The `authorized_url` your backend got from `POST /v1/sessions`. */
  authorizedUrl: string;
  /** Every accepted event, in order (also the ones passed to onSuccess/onExit). */
  onEvent?: (event: CaptureEvent) => void;
  /** The account was captured: store `customer_account_token` (your webhook is authoritative). */
  onSuccess?: (data: TokenSuccessData, event: TokenSuccessEvent) => void;
  /** The flow ended without an account. */
  onExit?: (event: ExitEvent) => void;
  /**
   * Ask your backend for a fresh `authorized_url` of the same session (repeat the create with
   * the same Idempotency-Key). Called when the URL expired or the recipient pressed "try again";
   * the frame is re-mounted in place with the new URL. Without it, an expired URL ends the flow
   * (`onExit` with `authorized_url_expired`).
   */
  reissue?: () => Promise<string>;
  /** The iframe's accessible title, in your page's language. Default: "Payout account form". */
  title?: string;
  /** The form is interactive (the `ready` event; also passed to onEvent). */
  onReady?: (event: ReadyEvent) => void;
  /**
   * How long the frame has to say anything before the mount ends with `onExit`
   * (`load_failed`) and the iframe is removed. An integer of milliseconds, 1 to 600000.
   * Default 15000.
   */
  loadTimeoutMs?: number;
  /** How the frame looks; an invalid value rejects mount() and is never applied. */
  appearance?: Appearance;
  /**
   * Holds this many CSS pixels with a spinner until `ready` (the iframe is 0 px high before its
   * first `resize`), so the page does not jump. An integer from 0 to 4000. Default 0: no placeholder.
   */
  minHeight?: number;
  /** `"jump"` (the default) sets each new height at once; `"animate"` eases into it (not under prefers-reduced-motion). */
  heightTransition?: "animate" | "jump";
}

/** The frame's look. Every field is optional; the frame's defaults follow the recipient's system. */
export interface Appearance {
  /** `"auto"` (the default) follows the recipient's system setting. */
  colorScheme?: "light" | "dark" | "auto";
  /** Buttons, focus rings and the selected choice: `"#rrggbb"`. Its text is black or white, whichever contrasts more. */
  accentColor?: `#${string}`;
  /** Corners of fields and buttons, in CSS pixels: an integer from 0 to 24. Default 6. */
  borderRadius?: number;
  /** One of these font stacks (system fonts only). Default `"system"`. */
  fontFamily?: "system" | "sans-serif" | "serif" | "monospace";
}
"##;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = TYPES;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(typescript_type = "MountOptions")]
    pub type MountOptions;
    #[wasm_bindgen(method, getter, js_name = authorizedUrl)]
    fn authorized_url(this: &MountOptions) -> JsValue;
    #[wasm_bindgen(method, getter, js_name = onEvent)]
    fn on_event(this: &MountOptions) -> JsValue;
    #[wasm_bindgen(method, getter, js_name = onSuccess)]
    fn on_success(this: &MountOptions) -> JsValue;
    #[wasm_bindgen(method, getter, js_name = onExit)]
    fn on_exit(this: &MountOptions) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn reissue(this: &MountOptions) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn title(this: &MountOptions) -> JsValue;
    #[wasm_bindgen(method, getter, js_name = onReady)]
    fn on_ready(this: &MountOptions) -> JsValue;
    #[wasm_bindgen(method, getter, js_name = loadTimeoutMs)]
    fn load_timeout_ms(this: &MountOptions) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn appearance(this: &MountOptions) -> JsValue;
    #[wasm_bindgen(method, getter, js_name = minHeight)]
    fn min_height(this: &MountOptions) -> JsValue;
    #[wasm_bindgen(method, getter, js_name = heightTransition)]
    fn height_transition(this: &MountOptions) -> JsValue;
}

/// Why `mount` or `warm` refused; thrown (or rejected) to JavaScript as an `Error` with this text.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("capture-frame: mount target must be an HTMLElement or a CSS selector")]
    InvalidTarget,
    #[error("capture-frame: no element matches the selector `{0}`")]
    TargetNotFound(String),
    #[error("capture-frame: authorizedUrl must be an http(s) URL of the form <origin>/session/<id>#t=<token>")]
    InvalidAuthorizedUrl,
    #[error("capture-frame: warm() takes the capture server's origin (scheme://host[:port]) or an authorized_url")]
    InvalidWarmTarget,
    #[error("capture-frame: option `{0}` must be a function")]
    NotAFunction(&'static str),
    #[error("capture-frame: no document (mount and warm run in a browser page)")]
    NoDocument,
    #[error("capture-frame: warm() had no answer from {0}/warm within {1} ms")]
    WarmTimedOut(Origin, u32),
    #[error("capture-frame: loadTimeoutMs must be an integer from 1 to 600000")]
    InvalidLoadTimeout,
    #[error("capture-frame: {0}")]
    Appearance(#[from] AppearanceError),
    #[error("capture-frame: minHeight must be an integer number of pixels from 0 to 4000")]
    InvalidMinHeight,
    #[error("capture-frame: heightTransition must be \"animate\" or \"jump\"")]
    InvalidHeightTransition,
}

impl From<EmbedError> for JsValue {
    fn from(e: EmbedError) -> JsValue {
        js_sys::Error::new(&e.to_string()).into()
    }
}

/// The events the embed raises itself, in the same envelope as the frame's messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, tsify::Tsify)]
#[serde(tag = "type", content = "data", rename_all = "snake_case")]
pub enum EmbedEvent {
    /// `reissue` is missing, threw, rejected, or returned a URL for another frame or session.
    ReissueFailed { reason: String },
    /// The frame said nothing within `loadTimeoutMs`; the iframe is gone.
    LoadFailed { reason: LoadFailure },
}

/// Why the frame never spoke, as far as the parent page can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, tsify::Tsify)]
#[serde(rename_all = "snake_case")]
pub enum LoadFailure {
    /// The frame's page did not finish loading, or loaded and stayed silent.
    Timeout,
    /// The capture server answers, but would not let this page frame the session (an unknown
    /// session, or a `host_uri` that is not this page's origin): its CSP `frame-ancestors`.
    FrameRefused,
    /// The capture server could not be reached (or this page's CSP `connect-src` forbids it).
    Network,
}

impl LoadFailure {
    fn as_str(self) -> &'static str {
        match self {
            Self::Timeout => "timeout",
            Self::FrameRefused => "frame_refused",
            Self::Network => "network",
        }
    }
}

impl EmbedEvent {
    /// The event in the frame's envelope, as `onEvent` and `onExit` receive it (its serde form:
    /// the browser tests compare the two).
    pub fn to_js(&self, session: &SessionId) -> JsValue {
        let (kind, reason) = match self {
            Self::ReissueFailed { reason } => ("reissue_failed", reason.as_str()),
            Self::LoadFailed { reason } => ("load_failed", reason.as_str()),
        };
        let set = |target: &JsValue, key: &str, value: JsValue| {
            let _ = js_sys::Reflect::set(target, &key.into(), &value);
        };
        let data = js_sys::Object::new().into();
        set(&data, "reason", reason.into());
        let event = js_sys::Object::new().into();
        set(&event, "protocol", PROTOCOL.into());
        set(&event, "v", VERSION.into());
        set(&event, "type", kind.into());
        set(&event, "session_identifier", session.as_str().into());
        set(&event, "data", data);
        event
    }
}

/// What the embed does with one accepted message, besides passing it to `onEvent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Nothing,
    Ready,
    Resize(u32),
    Success,
    Exit,
    Reissue,
}

/// A message that passed every check: its shape and, for `resize`, the height.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Accepted {
    pub shape: &'static MessageShape,
    pub height: Option<u32>,
}

/// The pure routing decision; `can_reissue` says whether the integrator gave `reissue`.
pub fn route(message: Accepted, can_reissue: bool) -> Route {
    match (message.shape.kind, message.height) {
        ("resize", Some(height)) => Route::Resize(height),
        ("ready", _) => Route::Ready,
        ("token_success", _) => Route::Success,
        ("authorized_url_expired" | "retry_requested", _) if can_reissue => Route::Reissue,
        // Without `reissue` an expired URL is a dead end; a retry request just goes unanswered.
        ("authorized_url_expired", _) => Route::Exit,
        _ if message.shape.terminal => Route::Exit,
        _ => Route::Nothing,
    }
}

fn member(object: &JsValue, key: &str) -> Option<JsValue> {
    object.is_object().then(|| js_sys::Reflect::get(object, &key.into()).ok()).flatten()
}

fn string(object: &JsValue, key: &str) -> Option<String> {
    member(object, key)?.as_string()
}

/// `protocol: "capture-frame"` and `v: 1`, the head every message shares.
fn is_v1(value: &JsValue) -> bool {
    string(value, "protocol").as_deref() == Some(PROTOCOL) && member(value, "v").and_then(|v| v.as_f64()) == Some(f64::from(VERSION))
}

/// The envelope check on a posted value: protocol, version, session, a known type, and `data`
/// holding exactly that type's members with their JSON types. Anything else is `None`.
///
/// Measured (twiggy, brotli of wasm + JS, 2025-12): reading the envelope with the protocol's
/// serde derive through serde-wasm-bindgen makes the embed 56,147 B instead of 28,930 B (the
/// adjacently tagged enum's visitors, serde's `Content` buffering, f64 formatting for its error
/// messages); with a minimal hand-written JsValue deserializer whose errors format nothing,
/// 38,620 B. So the embed checks against `MessageShape`, which the protocol's tests hold to the
/// serde form of every message, and the browser tests hold this check to serde-wasm-bindgen's
/// answer on every message and every malformed one.
pub fn check_envelope(value: &JsValue, session: &SessionId) -> Option<Accepted> {
    let count = |v: &JsValue| v.as_f64().filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n)).map(|n| n as u32);
    if !is_v1(value) || string(value, "session_identifier")? != session.as_str() {
        return None;
    }
    let shape = MessageShape::of(&string(value, "type")?)?;
    let data = member(value, "data")?;
    if !data.is_object() || js_sys::Object::keys(data.unchecked_ref::<js_sys::Object>()).length() as usize != shape.fields.len() {
        return None;
    }
    let mut height = None;
    for (name, ty) in shape.fields {
        let member = member(&data, name)?;
        match ty {
            FieldType::String => drop(member.as_string()?),
            FieldType::Count => height = Some(count(&member)?),
        }
    }
    Some(Accepted { shape, height: height.filter(|_| shape.kind == "resize") })
}

/// Whether a posted value is the `/warm` page's "done":
/// `{"protocol":"capture-frame","v":1,"type":"warm"}`.
pub fn is_warmed(value: &JsValue) -> bool {
    is_v1(value) && string(value, "type").as_deref() == Some("warm")
}

/// An `authorized_url` taken apart: where the frame lives and which session it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameUrl {
    pub url: String,
    pub origin: Origin,
    pub session: SessionId,
}

impl TryFrom<&str> for FrameUrl {
    type Error = EmbedError;
    fn try_from(url: &str) -> Result<Self, EmbedError> {
        let (origin, path) = parse_url(url).ok_or(EmbedError::InvalidAuthorizedUrl)?;
        let session = path
            .strip_prefix("/session/")
            .and_then(|id| SessionId::try_from(id).ok())
            .ok_or(EmbedError::InvalidAuthorizedUrl)?;
        Ok(Self { url: url.to_owned(), origin, session })
    }
}

/// The origin and path of an absolute http(s) URL, as the browser parses it, so the origin is
/// exactly what it will report as `event.origin` (`https://h:443/…` has origin `https://h`).
fn parse_url(url: &str) -> Option<(Origin, String)> {
    let url = web_sys::Url::new(url).ok()?;
    Some((Origin::try_from(url.origin()).ok()?, url.pathname()))
}

struct Callbacks {
    on_event: Option<js_sys::Function>,
    on_ready: Option<js_sys::Function>,
    on_success: Option<js_sys::Function>,
    on_exit: Option<js_sys::Function>,
    reissue: Option<js_sys::Function>,
}

impl Callbacks {
    fn from_options(options: &MountOptions) -> Result<Self, EmbedError> {
        let function = |value: JsValue, name| match value {
            v if v.is_undefined() || v.is_null() => Ok(None),
            v => v.dyn_into::<js_sys::Function>().map(Some).map_err(|_| EmbedError::NotAFunction(name)),
        };
        Ok(Self {
            on_event: function(options.on_event(), "onEvent")?,
            on_ready: function(options.on_ready(), "onReady")?,
            on_success: function(options.on_success(), "onSuccess")?,
            on_exit: function(options.on_exit(), "onExit")?,
            reissue: function(options.reissue(), "reissue")?,
        })
    }
}

/// One mounted frame.
struct Embed {
    target: Element,
    iframe: HtmlIFrameElement,
    frame: FrameUrl,
    callbacks: Callbacks,
    /// The handle that may destroy it: the latest `mount` on this target took it over.
    owner: u32,
    /// Set by the first terminal event (or destroy): nothing reaches the integrator after it.
    finished: bool,
    reissuing: bool,
    /// How long the current iframe has to say something (`loadTimeoutMs`).
    load_timeout_ms: u32,
    /// The validated `appearance`, as the fragment pairs the frame reads (empty: the defaults).
    appearance: String,
    /// `minHeight`'s placeholder, until `ready`.
    placeholder: Option<Element>,
    min_height: u32,
    /// What watches the current iframe until it speaks: its `load` event and the deadline.
    watch: Option<LoadWatch>,
}

/// The load deadline of one iframe; dropped (and so cancelled) once the frame speaks.
struct LoadWatch {
    /// The iframe's `load` fired: the page arrived (or the browser's error page did).
    loaded: Rc<Cell<bool>>,
    _load: EventListener,
    _deadline: Timeout,
    /// Bounds the probes that tell why, once the deadline has passed.
    probe_deadline: Option<Timeout>,
}

/// How long the probes after the deadline may take before the answer is `timeout`.
const PROBE_MS: u32 = 5_000;
const DEFAULT_LOAD_TIMEOUT_MS: u32 = 15_000;

/// `loadTimeoutMs`: absent means the default; anything but an integer from 1 to 600000 is refused.
fn load_timeout(value: JsValue) -> Result<u32, EmbedError> {
    if value.is_undefined() || value.is_null() {
        return Ok(DEFAULT_LOAD_TIMEOUT_MS);
    }
    value.as_f64().filter(|n| n.fract() == 0.0 && (1.0..=600_000.0).contains(n)).map(|n| n as u32).ok_or(EmbedError::InvalidLoadTimeout)
}

/// The `appearance` option, held to the rules the frame reads it back with. Unknown keys are
/// refused too: a misspelt option silently doing nothing is what this check is for.
pub fn parse_appearance(value: &JsValue) -> Result<Appearance, AppearanceError> {
    let mut out = Appearance::default();
    if value.is_undefined() || value.is_null() {
        return Ok(out);
    }
    if !value.is_object() {
        return Err(AppearanceError::NotAnObject);
    }
    for key in js_sys::Object::keys(value.unchecked_ref::<js_sys::Object>()).iter().filter_map(|k| k.as_string()) {
        let field = member(value, &key).unwrap_or(JsValue::UNDEFINED);
        let text = || field.as_string().unwrap_or_default();
        match key.as_str() {
            "colorScheme" => out.color_scheme = ColorScheme::parse(&text())?,
            "accentColor" => out.accent = Some(parse_accent(&text())?),
            "borderRadius" => out.radius = Some(parse_radius(field.as_f64().ok_or(AppearanceError::BorderRadius)?)?),
            "fontFamily" => out.font = Some(parse_font(&text())?),
            _ => return Err(AppearanceError::UnknownKey(key.chars().take(40).collect())),
        }
    }
    Ok(out)
}

/// `minHeight`: absent is 0 (no placeholder).
fn min_height(value: JsValue) -> Result<u32, EmbedError> {
    if value.is_undefined() || value.is_null() {
        return Ok(0);
    }
    value.as_f64().filter(|n| n.fract() == 0.0 && (0.0..=4000.0).contains(n)).map(|n| n as u32).ok_or(EmbedError::InvalidMinHeight)
}

/// `heightTransition`: whether the iframe eases into each new height.
fn animates(value: JsValue) -> Result<bool, EmbedError> {
    match value.as_string().as_deref() {
        _ if value.is_undefined() || value.is_null() => Ok(false),
        Some("jump") => Ok(false),
        Some("animate") => Ok(!reduced_motion()),
        _ => Err(EmbedError::InvalidHeightTransition),
    }
}

/// `prefers-reduced-motion: reduce` (web-sys' binding needs a feature the rest does not).
fn reduced_motion() -> bool {
    let Some(window) = web_sys::window() else { return false };
    member(&window, "matchMedia")
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(&window, &"(prefers-reduced-motion: reduce)".into()).ok())
        .and_then(|list| member(&list, "matches"))
        .is_some_and(|m| m.is_truthy())
}

/// The space `minHeight` holds until `ready`: a status with the iframe's title as its name and a
/// spinning ring in the page's text colour. Styled through the CSSOM and animated with the Web
/// Animations API, so a host page's CSP without 'unsafe-inline' styles allows both.
fn placeholder(title: &str, height: u32) -> Result<Element, JsValue> {
    let doc = document()?;
    let holder: web_sys::HtmlElement = doc.create_element("div")?.unchecked_into();
    holder.set_attribute("role", "status")?;
    holder.set_attribute("aria-label", title)?;
    holder.set_attribute("data-capture-frame-placeholder", "")?;
    let style = holder.style();
    for (property, value) in [("display", "flex"), ("align-items", "center"), ("justify-content", "center"), ("height", &format!("{height}px"))] {
        style.set_property(property, value)?;
    }
    let ring: web_sys::HtmlElement = doc.create_element("div")?.unchecked_into();
    let style = ring.style();
    for (property, value) in [("width", "32px"), ("height", "32px"), ("border-radius", "50%"), ("border", "3px solid rgba(128, 128, 128, 0.35)"), ("border-top-color", "currentColor")] {
        style.set_property(property, value)?;
    }
    if !reduced_motion() {
        if let Some(animate) = member(&ring, "animate").and_then(|f| f.dyn_into::<js_sys::Function>().ok()) {
            let frames = js_sys::JSON::parse(r#"[{"transform":"rotate(0deg)"},{"transform":"rotate(360deg)"}]"#)?;
            let timing = js_sys::JSON::parse(r#"{"duration":900,"iterations":1e999}"#)?;
            let _ = animate.call2(&ring, &frames, &timing);
        }
    }
    holder.append_child(&ring)?;
    Ok(holder.into())
}

/// Starts the load deadline of the embed's current iframe.
fn watch_load(embed: &Rc<RefCell<Embed>>) {
    let loaded = Rc::new(Cell::new(false));
    let weak = Rc::downgrade(embed);
    let mut e = embed.borrow_mut();
    let seen = loaded.clone();
    let load = EventListener::new(&e.iframe, "load", move |_| seen.set(true));
    let deadline = Timeout::new(e.load_timeout_ms, move || {
        if let Some(embed) = weak.upgrade() {
            probe(&embed);
        }
    });
    e.watch = Some(LoadWatch { loaded, _load: load, _deadline: deadline, probe_deadline: None });
}

/// The deadline passed in silence: finds out what the parent page can tell, then ends the mount.
/// A CORS read of the frame's page succeeds only where the server would frame this session for
/// this page (it names the `host_uri` then), so a silent frame it would serve is a `timeout`;
/// otherwise an opaque request to the server tells a refusal (it answers) from no network.
fn probe(embed: &Rc<RefCell<Embed>>) {
    let weak = Rc::downgrade(embed);
    let (page, health, watched) = {
        let mut e = embed.borrow_mut();
        let Some(watch) = e.watch.as_mut() else { return };
        let watched = watch.loaded.clone();
        let (late, seen) = (weak.clone(), watched.clone());
        watch.probe_deadline = Some(Timeout::new(PROBE_MS, move || load_failed(&late, &seen, LoadFailure::Timeout)));
        let page = e.frame.url.split('#').next().unwrap_or_default().to_owned();
        (page, format!("{}/healthz", e.frame.origin), watched)
    };
    let loaded = watched.get();
    let Some(window) = web_sys::window() else { return };
    let fetch = move |url: &str, mode: &str| {
        let init = js_sys::Object::new();
        for (key, value) in [("mode", mode), ("credentials", "omit"), ("cache", "no-store")] {
            let _ = js_sys::Reflect::set(&init, &key.into(), &value.into());
        }
        window.fetch_with_str_and_init(url, init.unchecked_ref())
    };
    let framable = fetch(&page, "cors");
    let reachable = fetch(&health, "no-cors");
    settle(framable, move |framable| {
        let served = framable.ok().and_then(|r| member(&r, "ok")).is_some_and(|ok| ok.is_truthy());
        if served {
            return load_failed(&weak, &watched, LoadFailure::Timeout);
        }
        settle(reachable, move |reachable| {
            // The server answers, the frame stayed silent: refused, unless its page never loaded.
            let reason = match reachable {
                Err(_) => LoadFailure::Network,
                Ok(_) if loaded => LoadFailure::FrameRefused,
                Ok(_) => LoadFailure::Timeout,
            };
            load_failed(&weak, &watched, reason);
        });
    });
}

/// Ends the mount with `load_failed`: the iframe goes, `onEvent` and `onExit` hear why. Only
/// while `watched` (that iframe's watch) is still on: a frame that spoke while the probes ran,
/// or a newer iframe, is left alone.
fn load_failed(embed: &std::rc::Weak<RefCell<Embed>>, watched: &Rc<Cell<bool>>, reason: LoadFailure) {
    let Some(embed) = embed.upgrade() else { return };
    let current = {
        let e = embed.borrow();
        !e.finished && e.watch.as_ref().is_some_and(|w| Rc::ptr_eq(&w.loaded, watched))
    };
    if current {
        teardown(&embed);
        raise(&embed, EmbedEvent::LoadFailed { reason });
    }
}

/// Runs `then` with the promise's outcome. allSettled hands both outcomes to one callback, so
/// each once-closure runs (and is freed); a thrown `then` is impossible on a promise.
fn settle(promise: js_sys::Promise, then: impl FnOnce(Result<JsValue, JsValue>) + 'static) {
    let settled = Closure::once_into_js(move |results: js_sys::Array| {
        let result = results.get(0);
        let member = |key: &str| js_sys::Reflect::get(&result, &key.into()).unwrap_or(JsValue::UNDEFINED);
        then(if member("status") == "fulfilled" { Ok(member("value")) } else { Err(member("reason")) });
    });
    js_sys::Promise::all_settled(&js_sys::Array::of1(&promise)).unchecked_into::<Thenable>().then(&settled);
}

/// One `warm()` in flight: its hidden iframe, its promise and the deadline that rejects it.
struct Warming {
    origin: Origin,
    iframe: HtmlIFrameElement,
    promise: js_sys::Promise,
    resolve: js_sys::Function,
    reject: js_sys::Function,
    _deadline: Timeout,
}

/// Everything live on the page. Embeds are held here (not by their handles), so a frame keeps
/// reporting even when the integrator drops the handle; the listener lives while anything does.
struct Live {
    embeds: Vec<Rc<RefCell<Embed>>>,
    warming: Vec<Warming>,
    /// Origins whose `/warm` answered: warming them again has nothing left to do.
    warmed: Vec<Origin>,
    listener: Option<EventListener>,
}

thread_local! {
    static LIVE: RefCell<Live> = const { RefCell::new(Live { embeds: Vec::new(), warming: Vec::new(), warmed: Vec::new(), listener: None }) };
    static OWNERS: Cell<u32> = const { Cell::new(0) };
}

/// Changes the live set, then starts or stops the page's one `message` listener to match.
fn with_live<T>(change: impl FnOnce(&mut Live) -> T) -> T {
    LIVE.with(|live| {
        let mut live = live.borrow_mut();
        let out = change(&mut live);
        let busy = !live.embeds.is_empty() || !live.warming.is_empty();
        match (busy, live.listener.is_some(), web_sys::window()) {
            (true, false, Some(window)) => {
                live.listener = Some(EventListener::new(&window, "message", |event| {
                    if let Some(event) = event.dyn_ref::<MessageEvent>() {
                        on_message(event);
                    }
                }));
            }
            (false, true, _) => live.listener = None,
            _ => {}
        }
        out
    })
}

/// Handle returned by `mount`.
#[wasm_bindgen]
pub struct EmbedHandle {
    embed: Rc<RefCell<Embed>>,
    owner: u32,
}

#[wasm_bindgen]
impl EmbedHandle {
    /// Removes the iframe and every listener; no callback runs afterwards. Safe to call twice.
    /// A handle whose frame a later `mount` on the same element took over removes nothing.
    pub fn destroy(&self) {
        if self.embed.borrow().owner == self.owner {
            teardown(&self.embed);
        }
    }

    /// The session this frame shows.
    #[wasm_bindgen(getter, js_name = sessionIdentifier)]
    pub fn session_identifier(&self) -> String {
        self.embed.borrow().frame.session.as_str().to_owned()
    }

    /// The iframe element, e.g. for styling.
    #[wasm_bindgen(getter)]
    pub fn iframe(&self) -> HtmlIFrameElement {
        self.embed.borrow().iframe.clone()
    }
}

fn teardown(embed: &Rc<RefCell<Embed>>) {
    {
        let mut e = embed.borrow_mut();
        e.finished = true;
        e.watch = None;
        e.iframe.remove();
        if let Some(p) = e.placeholder.take() {
            p.remove();
        }
    }
    with_live(|live| live.embeds.retain(|e| !Rc::ptr_eq(e, embed)));
}

fn document() -> Result<web_sys::Document, EmbedError> {
    web_sys::window().and_then(|w| w.document()).ok_or(EmbedError::NoDocument)
}

fn resolve_target(target: &JsValue) -> Result<Element, EmbedError> {
    if let Some(selector) = target.as_string() {
        return document()?.query_selector(&selector).ok().flatten().ok_or(EmbedError::TargetNotFound(selector));
    }
    target.dyn_ref::<web_sys::HtmlElement>().map(|e| e.clone().into()).ok_or(EmbedError::InvalidTarget)
}

/// Puts the capture frame into `target` and reports its events. Mounting again on a target
/// that already shows the same `authorizedUrl` keeps that one iframe, takes the new callbacks
/// and makes the new handle its owner; another URL replaces it.
#[wasm_bindgen]
pub fn mount(
    #[wasm_bindgen(unchecked_param_type = "string | HTMLElement")] target: JsValue,
    options: MountOptions,
) -> Result<EmbedHandle, JsValue> {
    let target = resolve_target(&target)?;
    let frame = options.authorized_url().as_string().ok_or(EmbedError::InvalidAuthorizedUrl)?;
    let frame = FrameUrl::try_from(frame.as_str())?;
    let callbacks = Callbacks::from_options(&options)?;
    let load_timeout_ms = load_timeout(options.load_timeout_ms())?;
    let appearance = parse_appearance(&options.appearance()).map_err(EmbedError::from)?.to_fragment();
    let min_height = min_height(options.min_height())?;
    let animate = animates(options.height_transition())?;
    let owner = OWNERS.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });

    let existing = LIVE.with(|live| live.borrow().embeds.iter().find(|e| e.borrow().target == target).cloned());
    if let Some(embed) = existing {
        if embed.borrow().frame.url == frame.url {
            let mut e = embed.borrow_mut();
            e.callbacks = callbacks;
            e.owner = owner;
            drop(e);
            return Ok(EmbedHandle { embed, owner });
        }
        teardown(&embed);
    }

    let title = options.title().as_string().unwrap_or_else(|| "Payout account form".to_owned());
    let iframe = create_iframe(&title, &frame_src(&frame.url, &appearance))?;
    if animate {
        iframe.style().set_property("transition", "height 0.2s ease-out")?;
    }
    let placeholder = match min_height {
        0 => None,
        height => Some(placeholder(&title, height)?),
    };
    if let Some(p) = &placeholder {
        target.append_child(p)?;
    }
    target.append_child(&iframe)?;
    let embed = Rc::new(RefCell::new(Embed {
        target,
        iframe,
        frame,
        callbacks,
        owner,
        finished: false,
        reissuing: false,
        load_timeout_ms,
        appearance,
        placeholder,
        min_height,
        watch: None,
    }));
    watch_load(&embed);
    with_live(|live| live.embeds.push(embed.clone()));
    Ok(EmbedHandle { embed, owner })
}

/// The iframe's `src`: the authorized_url with the appearance's `&key=value` pairs added to its
/// fragment (beside the mount token).
fn frame_src(url: &str, appearance: &str) -> String {
    match (appearance.strip_prefix('&'), url.contains('#')) {
        (None, _) => url.to_owned(),
        (Some(_), true) => format!("{url}{appearance}"),
        (Some(pairs), false) => format!("{url}#{pairs}"),
    }
}

fn create_iframe(title: &str, url: &str) -> Result<HtmlIFrameElement, JsValue> {
    let iframe: HtmlIFrameElement = document()?.create_element("iframe")?.unchecked_into();
    iframe.set_title(title);
    iframe.set_attribute("allow", "payment")?;
    let style = iframe.style();
    for (property, value) in [("width", "100%"), ("border", "0"), ("display", "block"), ("height", "0px")] {
        style.set_property(property, value)?;
    }
    iframe.set_src(url);
    Ok(iframe)
}

/// Readies the frame origin's code before any session exists: a hidden iframe loads
/// `<origin>/warm`, which fetches and compiles the frame's JS and wasm into the caches of the
/// partition the real iframe will use, then says so. Resolves then (at once if this origin was
/// warmed already); rejects if the page has not answered within `timeout_ms`. Calls for one
/// origin while one is in flight share its promise.
#[wasm_bindgen]
pub fn warm(
    #[wasm_bindgen(js_name = originOrAuthorizedUrl)] origin_or_url: &str,
    #[wasm_bindgen(js_name = timeoutMs)] timeout_ms: u32,
) -> Result<js_sys::Promise, JsValue> {
    let (origin, _) = parse_url(origin_or_url).ok_or(EmbedError::InvalidWarmTarget)?;
    let known = LIVE.with(|live| {
        let live = live.borrow();
        if live.warmed.contains(&origin) {
            return Some(js_sys::Promise::resolve(&JsValue::UNDEFINED));
        }
        live.warming.iter().find(|w| w.origin == origin).map(|w| w.promise.clone())
    });
    if let Some(promise) = known {
        return Ok(promise);
    }
    let parent = document()?.body().ok_or(EmbedError::NoDocument)?;
    let iframe = create_iframe("", &format!("{origin}/warm"))?;
    iframe.set_attribute("aria-hidden", "true")?;
    iframe.set_tab_index(-1);
    // Out of sight and out of layout, but rendered: a display:none frame may be deprioritised.
    let style = iframe.style();
    for (property, value) in [("position", "absolute"), ("width", "0"), ("visibility", "hidden")] {
        style.set_property(property, value)?;
    }
    let mut settle = None;
    let promise = js_sys::Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    let (resolve, reject) = settle.ok_or(EmbedError::NoDocument)?;
    let late = origin.clone();
    let deadline = Timeout::new(timeout_ms, move || finish_warm(&late, Err(EmbedError::WarmTimedOut(late.clone(), timeout_ms))));
    parent.append_child(&iframe)?;
    with_live(|live| live.warming.push(Warming { origin, iframe, promise: promise.clone(), resolve, reject, _deadline: deadline }));
    Ok(promise)
}

fn finish_warm(origin: &Origin, outcome: Result<(), EmbedError>) {
    let Some(warming) = with_live(|live| {
        let at = live.warming.iter().position(|w| w.origin == *origin)?;
        if outcome.is_ok() {
            live.warmed.push(origin.clone());
        }
        Some(live.warming.swap_remove(at))
    }) else {
        return;
    };
    warming.iframe.remove();
    let _ = match outcome {
        Ok(()) => warming.resolve.call0(&JsValue::NULL),
        Err(e) => warming.reject.call1(&JsValue::NULL, &e.into()),
    };
}

/// Puts a fresh iframe for `next` where the old one was. Setting `src` would not do: a re-issued
/// URL differs only in its fragment, which navigates within the document instead of reloading.
fn remount(embed: &mut Embed, next: FrameUrl) -> Result<(), JsValue> {
    let iframe = create_iframe(&embed.iframe.title(), &frame_src(&next.url, &embed.appearance))?;
    for property in ["height", "transition"] {
        iframe.style().set_property(property, &embed.iframe.style().get_property_value(property)?)?;
    }
    embed.iframe.replace_with_with_node_1(&iframe)?;
    embed.iframe = iframe;
    embed.frame = next;
    Ok(())
}

/// The page's one listener: a message counts only for the frame whose window sent it, and only
/// from that frame's origin; everything else is ignored without a trace.
fn on_message(event: &MessageEvent) {
    let Some(source) = event.source().map(JsValue::from) else { return };
    let from = |iframe: &HtmlIFrameElement| iframe.content_window().is_some_and(|w| JsValue::from(w) == source);
    let (embed, warming) = LIVE.with(|live| {
        let live = live.borrow();
        let embed = live.embeds.iter().find(|e| from(&e.borrow().iframe)).cloned();
        let warming = live.warming.iter().find(|w| from(&w.iframe)).map(|w| w.origin.clone());
        (embed, warming)
    });
    if let Some(embed) = embed {
        deliver(&embed, event);
    } else if let Some(origin) = warming {
        if event.origin() == origin.as_str() && is_warmed(&event.data()) {
            finish_warm(&origin, Ok(()));
        }
    }
}

fn deliver(embed: &Rc<RefCell<Embed>>, event: &MessageEvent) {
    // Decide under the borrow, call out after it: a callback may call destroy() or mount().
    let (route, callbacks) = {
        let mut e = embed.borrow_mut();
        if e.finished || event.origin() != e.frame.origin.as_str() {
            return;
        }
        let Some(message) = check_envelope(&event.data(), &e.frame.session) else { return };
        // The frame spoke: its load deadline is over.
        e.watch = None;
        let route = route(message, e.callbacks.reissue.is_some());
        if matches!(route, Route::Success | Route::Exit) {
            e.finished = true;
        }
        if let Route::Resize(height) = route {
            let _ = e.iframe.style().set_property("height", &format!("{height}px"));
        }
        if let Some(placeholder) = e.placeholder.take_if(|_| route == Route::Ready) {
            placeholder.remove();
            // Until the first `resize`, the frame keeps the space the placeholder held.
            if e.iframe.style().get_property_value("height").ok().as_deref() == Some("0px") {
                let _ = e.iframe.style().set_property("height", &format!("{}px", e.min_height));
            }
        }
        let c = &e.callbacks;
        (route, (c.on_event.clone(), c.on_success.clone(), c.on_exit.clone(), c.on_ready.clone()))
    };
    // The structured clone the browser made for us, checked above; passed on as posted.
    let message = event.data();
    let none = JsValue::UNDEFINED;
    call(&callbacks.0, &message, &none);
    match route {
        Route::Success => {
            let data = member(&message, "data").unwrap_or(JsValue::UNDEFINED);
            call(&callbacks.1, &data, &message);
        }
        Route::Exit => call(&callbacks.2, &message, &none),
        Route::Ready => call(&callbacks.3, &message, &none),
        Route::Reissue => start_reissue(embed),
        Route::Nothing | Route::Resize(_) => {}
    }
}

fn call(callback: &Option<js_sys::Function>, first: &JsValue, second: &JsValue) {
    let Some(f) = callback else { return };
    // An integrator's exception must not break the embed; surface it on the console instead.
    if let Err(e) = f.call2(&JsValue::NULL, first, second) {
        web_sys::console::error_2(&"capture-frame: callback threw".into(), &e);
    }
}

fn start_reissue(embed: &Rc<RefCell<Embed>>) {
    let reissue = {
        let mut e = embed.borrow_mut();
        if e.reissuing {
            return;
        }
        e.reissuing = true;
        e.callbacks.reissue.clone()
    };
    let embed = embed.clone();
    // A promise chain rather than an async task keeps an executor out of the embed. `reissue`
    // still runs in a later microtask, after this message's callbacks have returned.
    let ask = Closure::once_into_js(move || match reissue {
        Some(f) => f.call0(&JsValue::NULL),
        None => Err(JsValue::from_str("no reissue callback")),
    });
    let asked = js_sys::Promise::resolve(&JsValue::UNDEFINED).unchecked_into::<Thenable>().then(&ask);
    settle(asked.unchecked_into(), move |outcome| {
        let outcome = match outcome {
            Ok(value) => value.as_string().ok_or_else(|| "reissue must resolve to the new authorized_url string".to_owned()),
            Err(reason) => Err(describe_rejection(reason)),
        };
        finish_reissue(&embed, outcome);
    });
}

#[wasm_bindgen]
extern "C" {
    /// A promise seen through `then(f)` with a function from `Closure::once_into_js` (js-sys'
    /// typed `then` takes a `Closure` that the caller must keep alive).
    type Thenable;
    #[wasm_bindgen(method)]
    fn then(this: &Thenable, f: &JsValue) -> Thenable;
}

/// What an integrator's `reissue` threw or rejected with, as a reason string.
fn describe_rejection(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_else(|| "reissue failed".to_owned())
}

/// Re-mounts with the re-issued URL, or reports why that could not be done.
fn finish_reissue(embed: &Rc<RefCell<Embed>>, outcome: Result<String, String>) {
    let failure = {
        let mut e = embed.borrow_mut();
        e.reissuing = false;
        if e.finished {
            return;
        }
        match outcome.and_then(|url| FrameUrl::try_from(url.as_str()).map_err(|e| e.to_string())) {
            Ok(next) if next.origin == e.frame.origin && next.session == e.frame.session => {
                remount(&mut e, next).err().map(|_| "the new iframe could not be inserted".to_owned())
            }
            Ok(_) => Some("reissue returned a URL for another frame or session".to_owned()),
            Err(reason) => Some(reason),
        }
    };
    match failure {
        Some(reason) => raise(embed, EmbedEvent::ReissueFailed { reason }),
        // The new iframe has its own load deadline.
        None => watch_load(embed),
    }
}

/// Reports an event of the embed's own; each ends the flow (`onExit`).
fn raise(embed: &Rc<RefCell<Embed>>, event: EmbedEvent) {
    let (value, on_event, on_exit) = {
        let mut e = embed.borrow_mut();
        e.finished = true;
        let value = event.to_js(&e.frame.session);
        (value, e.callbacks.on_event.clone(), e.callbacks.on_exit.clone())
    };
    call(&on_event, &value, &JsValue::UNDEFINED);
    call(&on_exit, &value, &JsValue::UNDEFINED);
}

#[cfg(test)]
mod tests {
    use super::*;
    use capture_protocol::{FrameMessage, LocaleCode, MessageEnvelope};
    use tsify::Tsify;

    fn accepted(kind: &str, height: Option<u32>) -> Accepted {
        Accepted { shape: MessageShape::of(kind).unwrap(), height }
    }

    #[test]
    fn routes() {
        assert_eq!(route(accepted("token_success", None), true), Route::Success);
        assert_eq!(route(accepted("resize", Some(480)), false), Route::Resize(480));
        assert_eq!(route(accepted("authorized_url_expired", None), true), Route::Reissue);
        assert_eq!(route(accepted("authorized_url_expired", None), false), Route::Exit);
        assert_eq!(route(accepted("retry_requested", None), true), Route::Reissue);
        assert_eq!(route(accepted("retry_requested", None), false), Route::Nothing);
        assert_eq!(route(accepted("verification_failed", None), true), Route::Nothing);
        assert_eq!(route(accepted("ready", None), true), Route::Ready);
        for exit in ["canceled", "max_attempts_exceeded", "terminal_failure", "bound_to_other_device", "session_not_mountable"] {
            assert_eq!(route(accepted(exit, None), true), Route::Exit, "{exit}");
        }
    }

    /// The quoted names in one `export type Name = …;` line of a declaration.
    fn quoted_in(decl: &str, name: &str) -> Vec<String> {
        let line = decl.lines().find(|l| l.starts_with(&format!("export type {name}"))).unwrap_or_else(|| panic!("no {name} in {decl}"));
        line.split('"').skip(1).step_by(2).map(str::to_owned).collect()
    }

    #[test]
    fn exit_event_is_exactly_what_reaches_on_exit() {
        // Without `reissue`, every terminal message but success ends in onExit, and so does an
        // expired URL; so does every event of the embed's own (each ends the flow).
        let mut expected: Vec<String> = MessageShape::ALL
            .iter()
            .filter(|s| (s.terminal && s.kind != "token_success") || s.kind == "authorized_url_expired")
            .map(|s| s.kind.to_owned())
            .collect();
        let own = <EmbedEvent as Tsify>::DECL;
        expected.extend(own.split("type: \"").skip(1).filter_map(|rest| rest.split('"').next()).map(str::to_owned));
        assert!(expected.iter().any(|k| k == "load_failed") && expected.iter().any(|k| k == "reissue_failed"), "{own}");
        let mut declared = quoted_in(TYPES, "ExitEvent");
        expected.sort();
        declared.sort();
        assert_eq!(declared, expected);
    }

    #[test]
    fn declarations_the_derive_is_told_match_the_types() {
        assert_eq!(quoted_in(<LocaleCode as Tsify>::DECL, "LocaleCode"), LocaleCode::ALL);
        let envelope = format!("\nexport type MessageEnvelope = {{ protocol: \"{PROTOCOL}\"; v: {VERSION}; session_identifier: SessionId }} & FrameMessage;");
        assert!(<MessageEnvelope as Tsify>::DECL.ends_with(&envelope), "{}", <MessageEnvelope as Tsify>::DECL);
        let session = SessionId::try_from("5cf34a7d-25b6-4400-b19d-53a171d324e1").unwrap();
        let json = serde_json::to_value(MessageEnvelope { session_identifier: session, message: FrameMessage::Canceled {} }).unwrap();
        let keys: Vec<_> = json.as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys.len(), 5);
        for key in ["protocol", "v", "type", "session_identifier", "data"] {
            assert!(keys.iter().any(|k| k == key), "{key} in {json}");
        }
    }
}
