//! The parent-page API: puts the capture iFrame on the integrator's page, accepts only its
//! messages, and turns them into typed callbacks (`onEvent`, `onSuccess`, `onExit`), re-issuing
//! the URL through the integrator's `reissue` when the frame asks for a fresh one.

use capture_protocol::{FieldType, MessageShape, Origin, SessionId};
use gloo_events::EventListener;
use std::cell::RefCell;
use std::rc::{Rc, Weak};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlIFrameElement, MessageEvent};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** One of the 28 locales the capture page speaks. */
export type LocaleCode =
  | "ar-SA" | "cs-CZ" | "da-DK" | "de-DE" | "en-GB" | "en-US" | "es-ES" | "es-US" | "fa-IR" | "fi-FI"
  | "fr-FR" | "hmn-Latn" | "it-IT" | "ja-JP" | "km-KH" | "ko-KR" | "nb-NO" | "nl-NL" | "pl-PL" | "pt-BR"
  | "ru-RU" | "sv-SE" | "tl-PH" | "tr-TR" | "vi-VN" | "zh-CN" | "zh-Hans" | "zh-TW";
export type SessionStatus = "active" | "completed" | "canceled" | "terminated" | "max_attempts_exceeded" | "expired";
export type FundingDestination = "DEBIT" | "ACH";

/** A message from the capture frame, exactly as it was posted. */
export interface CaptureMessage<T extends string, D> {
  protocol: "capture-frame";
  v: 1;
  type: T;
  session_identifier: string;
  data: D;
}
export interface TokenSuccessData { customer_account_token: string; funding_destination: FundingDestination; last4: string }
export type ReadyEvent = CaptureMessage<"ready", { locale: LocaleCode; dir: "ltr" | "rtl" }>;
export type ResizeEvent = CaptureMessage<"resize", { height: number }>;
export type TokenSuccessEvent = CaptureMessage<"token_success", TokenSuccessData>;
export type VerificationFailedEvent = CaptureMessage<"verification_failed", { attempts_remaining: number }>;
export type RetryRequestedEvent = CaptureMessage<"retry_requested", {}>;
export type MaxAttemptsExceededEvent = CaptureMessage<"max_attempts_exceeded", {}>;
export type CanceledEvent = CaptureMessage<"canceled", {}>;
export type TerminalFailureEvent = CaptureMessage<"terminal_failure", { code: string }>;
export type AuthorizedUrlExpiredEvent = CaptureMessage<"authorized_url_expired", {}>;
export type BoundToOtherDeviceEvent = CaptureMessage<"bound_to_other_device", {}>;
export type SessionNotMountableEvent = CaptureMessage<"session_not_mountable", { status: SessionStatus }>;
/** Raised by the embed itself when `reissue` is missing, rejects, or returns a URL for another frame. */
export type ReissueFailedEvent = CaptureMessage<"reissue_failed", { reason: string }>;

/** Every event `onEvent` receives. */
export type CaptureEvent =
  | ReadyEvent | ResizeEvent | TokenSuccessEvent | VerificationFailedEvent | RetryRequestedEvent
  | MaxAttemptsExceededEvent | CanceledEvent | TerminalFailureEvent | AuthorizedUrlExpiredEvent
  | BoundToOtherDeviceEvent | SessionNotMountableEvent | ReissueFailedEvent;
/** The events that end the flow without an account; `onExit` gets each at most once. */
export type ExitEvent =
  | MaxAttemptsExceededEvent | CanceledEvent | TerminalFailureEvent | BoundToOtherDeviceEvent
  | SessionNotMountableEvent | ReissueFailedEvent;

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
   * the frame is re-mounted in place with the new URL.
   */
  reissue?: () => Promise<string>;
  /** The iframe's accessible title, in your page's language. Default: "Payout account form". */
  title?: string;
}
"#;

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

/// Why `mount` refused; thrown to JavaScript as an `Error` with this text.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    #[error("capture-frame: mount target must be an HTMLElement or a CSS selector")]
    InvalidTarget,
    #[error("capture-frame: no element matches the selector {0:?}")]
    TargetNotFound(String),
    #[error("capture-frame: authorizedUrl must be an http(s) URL of the form <origin>/session/<id>#t=<token>")]
    InvalidAuthorizedUrl,
    #[error("capture-frame: option `{0}` must be a function")]
    NotAFunction(&'static str),
    #[error("capture-frame: no document (mount runs in a browser page)")]
    NoDocument,
}

impl From<EmbedError> for JsValue {
    fn from(e: EmbedError) -> JsValue {
        js_sys::Error::new(&e.to_string()).into()
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
        let origin = Origin::of_url(url).map_err(|_| EmbedError::InvalidAuthorizedUrl)?;
        let path = url.get(origin.as_str().len()..).unwrap_or_default().split(['?', '#']).next().unwrap_or_default();
        let session = path
            .strip_prefix("/session/")
            .and_then(|id| SessionId::try_from(id).ok())
            .ok_or(EmbedError::InvalidAuthorizedUrl)?;
        Ok(Self { url: url.to_owned(), origin, session })
    }
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
    /// Set by the first terminal event (or destroy): nothing reaches the integrator after it.
    finished: bool,
    reissuing: bool,
    listener: Option<EventListener>,
}

thread_local! {
    /// Live embeds, so a second `mount` on the same target (React StrictMode) finds the first.
    static LIVE: RefCell<Vec<Weak<RefCell<Embed>>>> = const { RefCell::new(Vec::new()) };
}

/// Handle returned by `mount`.
#[wasm_bindgen]
pub struct EmbedHandle {
    inner: Rc<RefCell<Embed>>,
}

#[wasm_bindgen]
impl EmbedHandle {
    /// Removes the iframe and every listener; no callback runs afterwards. Safe to call twice.
    pub fn destroy(&self) {
        teardown(&self.inner);
    }

    /// The session this frame shows.
    #[wasm_bindgen(getter, js_name = sessionIdentifier)]
    pub fn session_identifier(&self) -> String {
        self.inner.borrow().frame.session.as_str().to_owned()
    }

    /// The iframe element, e.g. for styling.
    #[wasm_bindgen(getter)]
    pub fn iframe(&self) -> HtmlIFrameElement {
        self.inner.borrow().iframe.clone()
    }
}

fn teardown(inner: &Rc<RefCell<Embed>>) {
    let mut embed = inner.borrow_mut();
    embed.finished = true;
    embed.listener = None;
    embed.iframe.remove();
    LIVE.with(|live| live.borrow_mut().retain(|w| w.upgrade().is_some_and(|e| !Rc::ptr_eq(&e, inner))));
}

fn resolve_target(target: &JsValue) -> Result<Element, EmbedError> {
    if let Some(selector) = target.as_string() {
        let document = web_sys::window().and_then(|w| w.document()).ok_or(EmbedError::NoDocument)?;
        return document
            .query_selector(&selector)
            .map_err(|_| EmbedError::TargetNotFound(selector.clone()))?
            .ok_or(EmbedError::TargetNotFound(selector));
    }
    target.dyn_ref::<web_sys::HtmlElement>().map(|e| e.clone().into()).ok_or(EmbedError::InvalidTarget)
}

/// Puts the capture frame into `target` and reports its events. Mounting again on a target
/// that already shows the same `authorizedUrl` keeps that one iframe and takes the new
/// callbacks; another URL replaces it.
#[wasm_bindgen]
pub fn mount(
    #[wasm_bindgen(unchecked_param_type = "string | HTMLElement")] target: JsValue,
    options: MountOptions,
) -> Result<EmbedHandle, JsValue> {
    let target = resolve_target(&target)?;
    let frame = options.authorized_url().as_string().ok_or(EmbedError::InvalidAuthorizedUrl)?;
    let frame = FrameUrl::try_from(frame.as_str())?;
    let callbacks = Callbacks::from_options(&options)?;

    let existing = LIVE.with(|live| live.borrow().iter().filter_map(Weak::upgrade).find(|e| e.borrow().target == target));
    if let Some(inner) = existing {
        if inner.borrow().frame.url == frame.url {
            inner.borrow_mut().callbacks = callbacks;
            return Ok(EmbedHandle { inner });
        }
        teardown(&inner);
    }

    let title = options.title().as_string().unwrap_or_else(|| "Payout account form".to_owned());
    let iframe = create_iframe(&title, &frame.url)?;

    let inner = Rc::new(RefCell::new(Embed {
        target: target.clone(),
        iframe: iframe.clone(),
        frame,
        callbacks,
        finished: false,
        reissuing: false,
        listener: None,
    }));
    let weak = Rc::downgrade(&inner);
    let window = web_sys::window().ok_or(EmbedError::NoDocument)?;
    let listener = EventListener::new(&window, "message", move |event| {
        if let (Some(inner), Some(event)) = (weak.upgrade(), event.dyn_ref::<MessageEvent>()) {
            on_message(&inner, event);
        }
    });
    inner.borrow_mut().listener = Some(listener);
    target.append_child(&iframe)?;
    LIVE.with(|live| live.borrow_mut().push(Rc::downgrade(&inner)));
    Ok(EmbedHandle { inner })
}

fn create_iframe(title: &str, url: &str) -> Result<HtmlIFrameElement, JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or(EmbedError::NoDocument)?;
    let iframe: HtmlIFrameElement = document.create_element("iframe")?.unchecked_into();
    iframe.set_title(title);
    iframe.set_attribute("allow", "payment")?;
    let style = iframe.style();
    for (property, value) in [("width", "100%"), ("border", "0"), ("display", "block"), ("height", "0px")] {
        style.set_property(property, value)?;
    }
    iframe.set_src(url);
    Ok(iframe)
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

/// Accepts a message only from this iframe's window at the frame's origin, for this session,
/// in a well-formed envelope (`MessageShape`); everything else is ignored without a trace.
fn accept(embed: &Embed, event: &MessageEvent) -> Option<Accepted> {
    if embed.finished || event.origin() != embed.frame.origin.as_str() {
        return None;
    }
    let from_our_iframe = match (event.source(), embed.iframe.content_window()) {
        (Some(source), Some(window)) => JsValue::from(source) == JsValue::from(window),
        _ => false,
    };
    if !from_our_iframe {
        return None;
    }
    check_envelope(&event.data(), &embed.frame.session)
}

/// The envelope check on a posted value: protocol, version, session, a known type, and `data`
/// holding exactly that type's members with their JSON types.
pub fn check_envelope(value: &JsValue, session: &SessionId) -> Option<Accepted> {
    let get = |object: &JsValue, key: &str| js_sys::Reflect::get(object, &key.into()).ok().filter(|_| object.is_object());
    let string = |object: &JsValue, key: &str| get(object, key).and_then(|v| v.as_string());
    let count = |v: &JsValue| v.as_f64().filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n)).map(|n| n as u32);
    if string(value, "protocol")? != capture_protocol::message::PROTOCOL
        || get(value, "v")?.as_f64()? != f64::from(capture_protocol::message::VERSION)
        || string(value, "session_identifier")? != session.as_str()
    {
        return None;
    }
    let shape = MessageShape::of(&string(value, "type")?)?;
    let data = get(value, "data")?;
    if !data.is_object() || js_sys::Object::keys(data.unchecked_ref::<js_sys::Object>()).length() as usize != shape.fields.len() {
        return None;
    }
    let mut height = None;
    for (name, ty) in shape.fields {
        let member = get(&data, name)?;
        match ty {
            FieldType::String => drop(member.as_string()?),
            FieldType::Count => height = Some(count(&member)?),
        }
    }
    Some(Accepted { shape, height: height.filter(|_| shape.kind == "resize") })
}

fn on_message(inner: &Rc<RefCell<Embed>>, event: &MessageEvent) {
    // Decide under the borrow, call out after it: a callback may call destroy() or mount().
    let (route, callbacks) = {
        let mut embed = inner.borrow_mut();
        let Some(accepted) = accept(&embed, event) else { return };
        let route = route(accepted, embed.callbacks.reissue.is_some());
        if matches!(route, Route::Success | Route::Exit) {
            embed.finished = true;
        }
        if let Route::Resize(height) = route {
            let _ = embed.iframe.style().set_property("height", &format!("{height}px"));
        }
        (route, (embed.callbacks.on_event.clone(), embed.callbacks.on_success.clone(), embed.callbacks.on_exit.clone()))
    };
    let message = event.data();
    call(&callbacks.0, &[&message]);
    match route {
        Route::Success => {
            let data = js_sys::Reflect::get(&message, &"data".into()).unwrap_or(JsValue::UNDEFINED);
            call(&callbacks.1, &[&data, &message]);
        }
        Route::Exit => call(&callbacks.2, &[&message]),
        Route::Reissue => start_reissue(inner),
        Route::Nothing | Route::Resize(_) => {}
    }
}

fn call(callback: &Option<js_sys::Function>, args: &[&JsValue]) {
    let Some(f) = callback else { return };
    let args: js_sys::Array = args.iter().copied().collect();
    // An integrator's exception must not break the embed; surface it on the console instead.
    if let Err(e) = f.apply(&JsValue::NULL, &args) {
        web_sys::console::error_2(&"capture-frame: callback threw".into(), &e);
    }
}

/// An event the embed raises itself, in the same envelope as the frame's messages.
fn js_event(kind: &str, session: &SessionId, data: &[(&str, &str)]) -> JsValue {
    let set = |target: &js_sys::Object, key: &str, value: JsValue| {
        let _ = js_sys::Reflect::set(target, &key.into(), &value);
    };
    let payload = js_sys::Object::new();
    for (key, value) in data {
        set(&payload, key, (*value).into());
    }
    let event = js_sys::Object::new();
    set(&event, "protocol", capture_protocol::message::PROTOCOL.into());
    set(&event, "v", capture_protocol::message::VERSION.into());
    set(&event, "type", kind.into());
    set(&event, "session_identifier", session.as_str().into());
    set(&event, "data", payload.into());
    event.into()
}

fn start_reissue(inner: &Rc<RefCell<Embed>>) {
    let reissue = {
        let mut embed = inner.borrow_mut();
        if embed.reissuing {
            return;
        }
        embed.reissuing = true;
        embed.callbacks.reissue.clone()
    };
    let weak = Rc::downgrade(inner);
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
        if let Some(inner) = weak.upgrade() {
            finish_reissue(&inner, outcome);
        }
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
fn finish_reissue(inner: &Rc<RefCell<Embed>>, outcome: Result<String, String>) {
    let failure = {
        let mut embed = inner.borrow_mut();
        embed.reissuing = false;
        if embed.finished {
            return;
        }
        match outcome.and_then(|url| FrameUrl::try_from(url.as_str()).map_err(|e| e.to_string())) {
            Ok(next) if next.origin == embed.frame.origin && next.session == embed.frame.session => {
                remount(&mut embed, next).err().map(|_| "the new iframe could not be inserted".to_owned())
            }
            Ok(_) => Some("reissue returned a URL for another frame or session".to_owned()),
            Err(reason) => Some(reason),
        }
    };
    if let Some(reason) = failure {
        report_reissue_failure(inner, &reason);
    }
}

fn report_reissue_failure(inner: &Rc<RefCell<Embed>>, reason: &str) {
    let (event, on_event, on_exit) = {
        let mut embed = inner.borrow_mut();
        embed.finished = true;
        let event = js_event("reissue_failed", &embed.frame.session, &[("reason", reason)]);
        (event, embed.callbacks.on_event.clone(), embed.callbacks.on_exit.clone())
    };
    call(&on_event, &[&event]);
    call(&on_exit, &[&event]);
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn frame_urls() {
        let ok = FrameUrl::try_from("http://127.0.0.1:8080/session/5cf34a7d-25b6-4400-b19d-53a171d324e1#t=abc").unwrap();
        assert_eq!(ok.origin.as_str(), "http://127.0.0.1:8080");
        assert_eq!(ok.session.as_str(), "5cf34a7d-25b6-4400-b19d-53a171d324e1");
        for bad in [
            "",
            "/session/5cf34a7d-25b6-4400-b19d-53a171d324e1",
            "javascript:alert(1)//session/5cf34a7d-25b6-4400-b19d-53a171d324e1",
            "http://127.0.0.1:8080/other/5cf34a7d-25b6-4400-b19d-53a171d324e1",
            "http://127.0.0.1:8080/session/not-a-session",
            "http://127.0.0.1:8080/session/5cf34a7d-25b6-4400-b19d-53a171d324e1/extra",
        ] {
            assert!(FrameUrl::try_from(bad).is_err(), "{bad}");
        }
    }
}
