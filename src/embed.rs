//! The parent-page API: puts the capture iFrame on the integrator's page, accepts only its
//! well-formed messages (`MessageShape`, the protocol's table of their serde form), turns them into
//! typed callbacks (`onEvent`, `onSuccess`, `onExit`), re-issues the URL through the
//! integrator's `reissue` when the frame asks for a fresh one, and warms the frame origin's code
//! before any session exists (`warm`).
//!
//! One `message` listener serves every frame on the page: it finds the frame by the message's
//! source window, so a message is only ever looked at by the frame it came from.

use capture_protocol::message::{PROTOCOL, VERSION};
use capture_protocol::{FieldType, MessageShape, Origin, SessionId};
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
const TYPES: &str = r#"
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
export type TokenSuccessData = TokenSuccessEvent["data"];
/**
 * Exactly the events that reach `onExit` (at most one per mount, and nothing after it). The
 * embed's tests check this list against the protocol's terminal messages.
 */
export type ExitEvent = CaptureMessage<"stopped" | "max_attempts_exceeded" | "canceled" | "terminal_failure" | "authorized_url_expired" | "bound_to_other_device" | "session_not_mountable" | "reissue_failed">;

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
}
"#;

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
}

impl EmbedEvent {
    /// The event in the frame's envelope, as `onEvent` and `onExit` receive it (its serde form:
    /// the browser tests compare the two).
    pub fn to_js(&self, session: &SessionId) -> JsValue {
        let Self::ReissueFailed { reason } = self;
        let set = |target: &JsValue, key: &str, value: JsValue| {
            let _ = js_sys::Reflect::set(target, &key.into(), &value);
        };
        let data = js_sys::Object::new().into();
        set(&data, "reason", reason.into());
        let event = js_sys::Object::new().into();
        set(&event, "protocol", PROTOCOL.into());
        set(&event, "v", VERSION.into());
        set(&event, "type", "reissue_failed".into());
        set(&event, "session_identifier", session.as_str().into());
        set(&event, "data", data);
        event
    }
}

/// What the embed does with one accepted message, besides passing it to `onEvent`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Nothing,
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
        e.iframe.remove();
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
    let iframe = create_iframe(&title, &frame.url)?;
    target.append_child(&iframe)?;
    let embed = Rc::new(RefCell::new(Embed { target, iframe, frame, callbacks, owner, finished: false, reissuing: false }));
    with_live(|live| live.embeds.push(embed.clone()));
    Ok(EmbedHandle { embed, owner })
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
    let iframe = create_iframe(&embed.iframe.title(), &next.url)?;
    let height = embed.iframe.style().get_property_value("height")?;
    iframe.style().set_property("height", &height)?;
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
        let route = route(message, e.callbacks.reissue.is_some());
        if matches!(route, Route::Success | Route::Exit) {
            e.finished = true;
        }
        if let Route::Resize(height) = route {
            let _ = e.iframe.style().set_property("height", &format!("{height}px"));
        }
        (route, (e.callbacks.on_event.clone(), e.callbacks.on_success.clone(), e.callbacks.on_exit.clone()))
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
    // allSettled hands both outcomes to one callback, so each once-closure runs (and is freed).
    let settled = Closure::once_into_js(move |results: js_sys::Array| {
        let result = results.get(0);
        let member = |key: &str| js_sys::Reflect::get(&result, &key.into()).unwrap_or(JsValue::UNDEFINED);
        let outcome = if member("status") == "fulfilled" {
            member("value").as_string().ok_or_else(|| "reissue must resolve to the new authorized_url string".to_owned())
        } else {
            Err(describe_rejection(member("reason")))
        };
        finish_reissue(&embed, outcome);
    });
    let asked = js_sys::Promise::resolve(&JsValue::UNDEFINED).unchecked_into::<Thenable>().then(&ask);
    js_sys::Promise::all_settled(&js_sys::Array::of1(&asked)).unchecked_into::<Thenable>().then(&settled);
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
    if let Some(reason) = failure {
        raise(embed, EmbedEvent::ReissueFailed { reason });
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
        assert_eq!(route(accepted("ready", None), true), Route::Nothing);
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
        // expired URL; with it, the embed's own `reissue_failed` can too.
        let mut expected: Vec<String> = MessageShape::ALL
            .iter()
            .filter(|s| (s.terminal && s.kind != "token_success") || s.kind == "authorized_url_expired")
            .map(|s| s.kind.to_owned())
            .collect();
        expected.push("reissue_failed".into());
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
