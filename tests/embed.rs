//! The parent-side embed in real Chromium: its envelope check held to the protocol's serde (read
//! through serde-wasm-bindgen) on every message and every malformed one, messages that only
//! count from the frame's own window, one iframe under a repeated mount, handles that remove
//! only what they own, and `warm()` per its contract with the frame origin's `/warm` page.
//!
//! The "frame" here is a same-origin iframe of the test server's own pages, so a test can make
//! it post (from inside its window, as the real frame does) without a capture server.
#![cfg(all(target_arch = "wasm32", feature = "embed"))]

use capture_frame::embed::{check_envelope, is_warmed, mount, warm, EmbedEvent, FrameUrl, LoadFailure, MountOptions};
use capture_protocol::{FrameMessage, FundingDestination, LocaleCode, MessageEnvelope, SessionId, SessionStatus, TextDirection};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::HtmlIFrameElement;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
export function loaded(iframe) {
  return new Promise((resolve) => {
    if (iframe.contentDocument && iframe.contentDocument.readyState === "complete" && iframe.contentWindow.location.href !== "about:blank") resolve();
    else iframe.addEventListener("load", () => resolve(), { once: true });
  });
}
// Runs in the iframe's own realm, so the parent sees the iframe's window as the message source.
export function postFromFrame(iframe, message) {
  iframe.contentWindow.eval(`parent.postMessage(${JSON.stringify(message)}, ${JSON.stringify(window.location.origin)})`);
}
export function postFromParent(message) { window.postMessage(message, window.location.origin); }
export function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }
export function recorder() {
  const log = { events: [], successes: [], exits: [] };
  log.options = (authorizedUrl, extra) => ({
    authorizedUrl,
    onEvent: (e) => log.events.push(e.type),
    onSuccess: (data) => log.successes.push(data.last4),
    onExit: (e) => log.exits.push(e.type),
    ...extra,
  });
  return log;
}
export function count(log, list) { return log[list].length; }
export function list(log, name) { return log[name].join(","); }
"#)]
extern "C" {
    fn loaded(iframe: &HtmlIFrameElement) -> js_sys::Promise;
    #[wasm_bindgen(js_name = postFromFrame)]
    fn post_from_frame(iframe: &HtmlIFrameElement, message: &JsValue);
    #[wasm_bindgen(js_name = postFromParent)]
    fn post_from_parent(message: &JsValue);
    fn sleep(ms: u32) -> js_sys::Promise;
    type Log;
    fn recorder() -> Log;
    #[wasm_bindgen(method)]
    fn options(this: &Log, url: &str, extra: &JsValue) -> MountOptions;
    fn list(log: &Log, name: &str) -> String;
}

const SESSION: &str = "5cf34a7d-25b6-4400-b19d-53a171d324e1";

fn session() -> SessionId {
    SessionId::try_from(SESSION).unwrap()
}

/// Exactly what the frame posts: the protocol's serde form, as a structured-clone object.
fn posted(message: FrameMessage) -> JsValue {
    let json = serde_json::to_string(&MessageEnvelope { session_identifier: session(), message }).unwrap();
    js_sys::JSON::parse(&json).unwrap()
}

fn every_message() -> Vec<FrameMessage> {
    use FrameMessage::*;
    vec![
        Ready { locale: LocaleCode::EN_US, dir: TextDirection::Ltr },
        Resize { height: 480 },
        TokenSuccess { customer_account_token: "cat_1".into(), funding_destination: FundingDestination::Ach, last4: "6789".into(), receipt: "h.c.s".into() },
        AwaitingDecision { funding_destination: FundingDestination::Ach, last4: "6789".into() },
        Stopped {},
        VerificationFailed { attempts_remaining: 2 },
        RetryRequested {},
        MaxAttemptsExceeded {},
        Canceled {},
        TerminalFailure { code: "card_declined".into() },
        AuthorizedUrlExpired {},
        BoundToOtherDevice {},
        SessionNotMountable { status: SessionStatus::Completed },
    ]
}

/// What the protocol's own serde makes of a posted value, for this session.
fn serde_accepts(value: &JsValue) -> bool {
    serde_wasm_bindgen::from_value::<MessageEnvelope>(value.clone()).is_ok_and(|e| e.session_identifier == session())
}

#[wasm_bindgen_test]
fn every_frame_message_is_accepted_with_its_kind_as_serde_reads_it() {
    for message in every_message() {
        let kind = message.kind();
        let value = posted(message.clone());
        let accepted = check_envelope(&value, &session()).unwrap_or_else(|| panic!("{kind} refused"));
        assert_eq!(accepted.shape.kind, kind);
        let read: MessageEnvelope = serde_wasm_bindgen::from_value(value).unwrap();
        assert_eq!(read.message, message, "serde-wasm-bindgen reads back what the frame posted");
    }
    let resize = check_envelope(&posted(FrameMessage::Resize { height: 480 }), &session()).unwrap();
    assert_eq!(resize.height, Some(480));
}

#[wasm_bindgen_test]
fn malformed_or_foreign_envelopes_are_refused_as_serde_refuses_them() {
    let set = |value: &JsValue, path: &[&str], to: JsValue| {
        let mut target = value.clone();
        for key in &path[..path.len() - 1] {
            target = js_sys::Reflect::get(&target, &(*key).into()).unwrap();
        }
        js_sys::Reflect::set(&target, &(*path.last().unwrap()).into(), &to).unwrap();
    };
    let token = || posted(every_message().swap_remove(2));
    let cases: Vec<(&[&str], JsValue)> = vec![
        (&["protocol"], "other".into()),
        (&["v"], 2.into()),
        (&["type"], "token_stolen".into()),
        (&["session_identifier"], "00000000-0000-4000-8000-000000000000".into()),
        (&["session_identifier"], 7.into()),
        (&["data", "last4"], 4242.into()),
        (&["data", "funding_destination"], JsValue::NULL),
        (&["data"], JsValue::NULL),
        (&["data"], "{}".into()),
    ];
    for (path, to) in cases {
        let value = token();
        set(&value, path, to);
        assert!(check_envelope(&value, &session()).is_none(), "{path:?} should be refused");
        assert!(!serde_accepts(&value), "serde refuses {path:?} too");
    }
    let resize = posted(FrameMessage::Resize { height: 1 });
    set(&resize, &["data", "height"], (-3.5).into());
    assert!(check_envelope(&resize, &session()).is_none(), "a negative fractional height is refused");
    assert!(!serde_accepts(&resize));
    for junk in [JsValue::from_str("{\"protocol\":\"capture-frame\"}"), JsValue::NULL, JsValue::from(7), js_sys::Array::new().into()] {
        assert!(check_envelope(&junk, &session()).is_none());
        assert!(!serde_accepts(&junk));
    }
}

#[wasm_bindgen_test]
fn the_embeds_own_events_are_their_serde_form_in_the_envelope() {
    let events = [EmbedEvent::ReissueFailed { reason: "backend down".into() }]
        .into_iter()
        .chain([LoadFailure::Timeout, LoadFailure::FrameRefused, LoadFailure::Network].map(|reason| EmbedEvent::LoadFailed { reason }));
    for event in events {
        let mut expected = serde_json::to_value(&event).unwrap();
        expected["protocol"] = "capture-frame".into();
        expected["v"] = 1.into();
        expected["session_identifier"] = SESSION.into();
        let js = js_sys::JSON::stringify(&event.to_js(&session())).unwrap().as_string().unwrap();
        assert_eq!(serde_json::from_str::<serde_json::Value>(&js).unwrap(), expected);
    }
}

#[wasm_bindgen_test]
fn warm_messages() {
    let warm = js_sys::JSON::parse(r#"{"protocol":"capture-frame","v":1,"type":"warm"}"#).unwrap();
    assert!(is_warmed(&warm));
    for bad in [r#"{"protocol":"capture-frame","v":2,"type":"warm"}"#, r#"{"protocol":"x","v":1,"type":"warm"}"#, r#"{"protocol":"capture-frame","v":1,"type":"ready"}"#, "null", "\"warm\""] {
        assert!(!is_warmed(&js_sys::JSON::parse(bad).unwrap()), "{bad}");
    }
}

#[wasm_bindgen_test]
fn frame_urls() {
    let ok = FrameUrl::try_from("http://127.0.0.1:8080/session/5cf34a7d-25b6-4400-b19d-53a171d324e1#t=abc").unwrap();
    assert_eq!(ok.origin.as_str(), "http://127.0.0.1:8080");
    assert_eq!(ok.session.as_str(), SESSION);
    // The origin as the browser will report it in `event.origin`.
    assert_eq!(FrameUrl::try_from("https://Capture.Example.com:443/session/5cf34a7d-25b6-4400-b19d-53a171d324e1").unwrap().origin.as_str(), "https://capture.example.com");
    for bad in [
        "",
        "/session/5cf34a7d-25b6-4400-b19d-53a171d324e1",
        "javascript:alert(1)//session/5cf34a7d-25b6-4400-b19d-53a171d324e1",
        "data:text/html,/session/5cf34a7d-25b6-4400-b19d-53a171d324e1",
        "http://127.0.0.1:8080/other/5cf34a7d-25b6-4400-b19d-53a171d324e1",
        "http://127.0.0.1:8080/session/not-a-session",
        "http://127.0.0.1:8080/session/5cf34a7d-25b6-4400-b19d-53a171d324e1/extra",
    ] {
        assert!(FrameUrl::try_from(bad).is_err(), "{bad}");
    }
}

fn target(id: &str) -> web_sys::Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let target = document.create_element("div").unwrap();
    target.set_id(id);
    document.body().unwrap().append_child(&target).unwrap();
    target
}

fn origin() -> String {
    web_sys::window().unwrap().location().origin().unwrap()
}

fn iframes(target: &web_sys::Element) -> u32 {
    target.query_selector_all("iframe").unwrap().length()
}

#[wasm_bindgen_test]
fn mounting_twice_keeps_one_iframe_and_only_the_owner_removes_it() {
    let target = target("embed-target");
    let url = format!("http://127.0.0.1:9/session/{SESSION}#t=abc");
    let log = recorder();

    let first = mount("#embed-target".into(), log.options(&url, &JsValue::UNDEFINED)).unwrap();
    let second = mount(target.clone().into(), log.options(&url, &JsValue::UNDEFINED)).unwrap();
    assert_eq!(iframes(&target), 1, "React StrictMode's double mount yields one iframe");
    let iframe = second.iframe();
    assert_eq!(iframe.src(), url);
    assert!(!iframe.title().is_empty(), "the iframe has an accessible title");
    assert!(!iframe.has_attribute("sandbox"));
    assert_eq!(second.session_identifier(), SESSION);

    first.destroy();
    assert_eq!(iframes(&target), 1, "a handle whose frame a newer mount took over removes nothing");
    second.destroy();
    assert_eq!(iframes(&target), 0);
    second.destroy();

    let err = mount("#no-such-element".into(), log.options(&url, &JsValue::UNDEFINED)).err().unwrap();
    assert!(err.dyn_ref::<js_sys::Error>().unwrap().message().as_string().unwrap().contains("no element matches"));
    assert!(mount(target.clone().into(), log.options("http://127.0.0.1:9/elsewhere", &JsValue::UNDEFINED)).is_err());
    let not_a_function = js_sys::JSON::parse(r#"{"onExit": "nope"}"#).unwrap();
    let err = mount(target.clone().into(), log.options(&url, &not_a_function)).err().unwrap();
    assert!(err.dyn_ref::<js_sys::Error>().unwrap().message().as_string().unwrap().contains("`onExit` must be a function"));
    target.remove();
}

#[wasm_bindgen_test]
async fn only_the_frames_own_window_is_heard_and_each_terminal_callback_runs_once() {
    let target = target("embed-messages");
    let log = recorder();
    let url = format!("{}/session/{SESSION}#t=abc", origin());
    let handle = mount(target.clone().into(), log.options(&url, &JsValue::UNDEFINED)).unwrap();
    let iframe = handle.iframe();
    JsFuture::from(loaded(&iframe)).await.unwrap();

    post_from_parent(&posted(every_message().swap_remove(0)));
    post_from_frame(&iframe, &posted(FrameMessage::Ready { locale: LocaleCode::EN_US, dir: TextDirection::Ltr }));
    post_from_frame(&iframe, &posted(FrameMessage::Resize { height: 321 }));
    let token = posted(every_message().swap_remove(2));
    post_from_frame(&iframe, &token);
    post_from_frame(&iframe, &token);
    post_from_frame(&iframe, &posted(FrameMessage::Canceled {}));
    JsFuture::from(sleep(200)).await.unwrap();

    assert_eq!(list(&log, "events"), "ready,resize,token_success", "the forged ready and everything after success are ignored");
    assert_eq!(list(&log, "successes"), "6789");
    assert_eq!(list(&log, "exits"), "");
    assert_eq!(iframe.style().get_property_value("height").unwrap(), "321px", "the iframe follows resize");
    handle.destroy();
    target.remove();
}

#[wasm_bindgen_test]
async fn an_expired_url_without_reissue_exits_and_a_failing_reissue_exits_once() {
    let target = target("embed-reissue");
    let url = format!("{}/session/{SESSION}#t=abc", origin());

    let log = recorder();
    let handle = mount(target.clone().into(), log.options(&url, &JsValue::UNDEFINED)).unwrap();
    JsFuture::from(loaded(&handle.iframe())).await.unwrap();
    post_from_frame(&handle.iframe(), &posted(FrameMessage::AuthorizedUrlExpired {}));
    JsFuture::from(sleep(100)).await.unwrap();
    assert_eq!(list(&log, "exits"), "authorized_url_expired");
    handle.destroy();

    let log = recorder();
    let failing = js_sys::Object::new();
    let reissue = js_sys::Function::new_no_args("return Promise.reject(new Error('backend down'))");
    js_sys::Reflect::set(&failing, &"reissue".into(), &reissue).unwrap();
    let handle = mount(target.clone().into(), log.options(&url, &failing)).unwrap();
    JsFuture::from(loaded(&handle.iframe())).await.unwrap();
    post_from_frame(&handle.iframe(), &posted(FrameMessage::RetryRequested {}));
    JsFuture::from(sleep(200)).await.unwrap();
    post_from_frame(&handle.iframe(), &posted(FrameMessage::AuthorizedUrlExpired {}));
    JsFuture::from(sleep(100)).await.unwrap();
    assert_eq!(list(&log, "exits"), "reissue_failed");
    assert_eq!(list(&log, "events"), "retry_requested,reissue_failed", "nothing after the exit");
    handle.destroy();
    target.remove();
}

/// The hidden warm-up iframes `warm()` has on the page.
fn warm_frames() -> u32 {
    web_sys::window().unwrap().document().unwrap().query_selector_all("iframe[aria-hidden=true]").unwrap().length()
}

fn rejection(value: JsValue) -> String {
    value.dyn_into::<js_sys::Error>().unwrap().message().into()
}

#[wasm_bindgen_test]
async fn warm_resolves_on_its_frames_word_only_and_removes_the_frame() {
    // Another origin's word would not count: the test server's own origin stands in for the
    // capture server, and its `/warm` (whatever it serves) is made to speak from inside.
    let promise = warm(&origin(), 5_000).unwrap();
    let again = warm(&format!("{}/session/{SESSION}#t=x", origin()), 5_000).unwrap();
    assert_eq!(warm_frames(), 1, "calls for one origin share one warm-up frame");
    let iframe: HtmlIFrameElement = web_sys::window().unwrap().document().unwrap().query_selector("iframe[aria-hidden=true]").unwrap().unwrap().unchecked_into();
    assert_eq!(iframe.src(), format!("{}/warm", origin()));
    JsFuture::from(loaded(&iframe)).await.unwrap();
    let warm_message = js_sys::JSON::parse(r#"{"protocol":"capture-frame","v":1,"type":"warm"}"#).unwrap();
    post_from_parent(&warm_message);
    post_from_frame(&iframe, &js_sys::JSON::parse(r#"{"protocol":"capture-frame","v":1,"type":"ready"}"#).unwrap());
    JsFuture::from(sleep(100)).await.unwrap();
    assert_eq!(warm_frames(), 1, "a forged or other message does not finish the warm-up");
    post_from_frame(&iframe, &warm_message);
    JsFuture::from(promise).await.expect("warm() resolves once its frame says so");
    JsFuture::from(again).await.unwrap();
    assert_eq!(warm_frames(), 0, "the warm-up frame is removed");
    JsFuture::from(warm(&origin(), 5_000).unwrap()).await.expect("an origin already warmed resolves at once");
    assert_eq!(warm_frames(), 0);
}

#[wasm_bindgen_test]
async fn warm_rejects_after_its_deadline_and_on_a_bad_target() {
    let silent = "http://127.0.0.1:9";
    let err = JsFuture::from(warm(silent, 300).unwrap()).await.err().expect("an origin that never answers rejects");
    assert_eq!(rejection(err), "capture-frame: warm() had no answer from http://127.0.0.1:9/warm within 300 ms");
    assert_eq!(warm_frames(), 0, "the warm-up frame is removed after the deadline too");
    for bad in ["", "not a url", "javascript:alert(1)"] {
        assert!(rejection(warm(bad, 300).err().unwrap()).contains("warm() takes the capture server's origin"), "{bad}");
    }
}

#[wasm_bindgen_test]
fn appearance_rides_in_the_fragment_and_a_bad_one_is_refused() {
    let target = target("embed-appearance");
    let log = recorder();
    let url = format!("http://127.0.0.1:9/session/{SESSION}#t=abc");
    let options = |appearance: &str| {
        let extra = js_sys::JSON::parse(&format!(r#"{{"appearance": {appearance}}}"#)).unwrap();
        log.options(&url, &extra)
    };
    let handle = mount(target.clone().into(), options(r##"{"colorScheme": "dark", "accentColor": "#1F6FEB", "borderRadius": 12, "fontFamily": "serif"}"##)).unwrap();
    assert_eq!(handle.iframe().src(), format!("{url}&color_scheme=dark&accent=1f6feb&radius=12&font=serif"));
    handle.destroy();
    let handle = mount(target.clone().into(), options("{}")).unwrap();
    assert_eq!(handle.iframe().src(), url, "the defaults add nothing");
    handle.destroy();
    for (bad, says) in [
        (r#"{"colorScheme": "dim"}"#, "appearance.colorScheme must be"),
        (r#"{"accentColor": "red; background: url(x)"}"#, "appearance.accentColor must be"),
        (r#"{"borderRadius": 25}"#, "appearance.borderRadius must be"),
        (r#"{"borderRadius": "8px"}"#, "appearance.borderRadius must be"),
        (r#"{"fontFamily": "Comic Sans MS"}"#, "appearance.fontFamily must be"),
        (r#"{"colour": "dark"}"#, "appearance has no option `colour`"),
        (r#""dark""#, "appearance must be an object"),
    ] {
        let err = mount(target.clone().into(), options(bad)).err().unwrap_or_else(|| panic!("{bad} accepted"));
        let message = String::from(err.dyn_into::<js_sys::Error>().unwrap().message());
        assert!(message.contains(says), "{bad}: {message}");
        assert_eq!(iframes(&target), 0, "{bad}: no iframe");
    }
    target.remove();
}

#[wasm_bindgen_test]
async fn a_frame_that_never_speaks_ends_in_one_load_failed_and_goes() {
    let target = target("embed-deadline");
    let log = recorder();
    let extra = js_sys::JSON::parse(r#"{"loadTimeoutMs": 300}"#).unwrap();
    // Nothing listens on port 9: the probes after the deadline find no network.
    let handle = mount(target.clone().into(), log.options(&format!("http://127.0.0.1:9/session/{SESSION}#t=abc"), &extra)).unwrap();
    assert_eq!(iframes(&target), 1);
    JsFuture::from(sleep(2_000)).await.unwrap();
    assert_eq!(list(&log, "exits"), "load_failed");
    assert_eq!(list(&log, "events"), "load_failed");
    assert_eq!(iframes(&target), 0, "the iframe is removed");
    handle.destroy();

    // A frame that speaks in time is not touched by the deadline.
    let log = recorder();
    let handle = mount(target.clone().into(), log.options(&format!("{}/session/{SESSION}#t=abc", origin()), &extra)).unwrap();
    JsFuture::from(loaded(&handle.iframe())).await.unwrap();
    post_from_frame(&handle.iframe(), &posted(FrameMessage::Ready { locale: LocaleCode::EN_US, dir: TextDirection::Ltr }));
    JsFuture::from(sleep(1_000)).await.unwrap();
    assert_eq!(list(&log, "exits"), "");
    assert_eq!(iframes(&target), 1);
    handle.destroy();
    target.remove();
}

fn placeholders(target: &web_sys::Element) -> u32 {
    target.query_selector_all("[data-capture-frame-placeholder]").unwrap().length()
}

#[wasm_bindgen_test]
async fn min_height_holds_the_space_with_a_status_until_ready() {
    let target = target("embed-placeholder");
    let log = recorder();
    let url = format!("{}/session/{SESSION}#t=abc", origin());
    let extra = js_sys::JSON::parse(r#"{"minHeight": 200, "heightTransition": "animate", "title": "Payout form"}"#).unwrap();
    let handle = mount(target.clone().into(), log.options(&url, &extra)).unwrap();
    let holder: web_sys::HtmlElement = target.query_selector("[data-capture-frame-placeholder]").unwrap().unwrap().unchecked_into();
    assert_eq!(holder.get_attribute("role").as_deref(), Some("status"));
    assert_eq!(holder.get_attribute("aria-label").as_deref(), Some("Payout form"));
    assert_eq!(holder.offset_height(), 200);
    let iframe = handle.iframe();
    assert_eq!(iframe.style().get_property_value("height").unwrap(), "0px");
    assert!(iframe.style().get_property_value("transition").unwrap().contains("height"));
    JsFuture::from(loaded(&iframe)).await.unwrap();
    post_from_frame(&iframe, &posted(FrameMessage::Resize { height: 0 }));
    JsFuture::from(sleep(100)).await.unwrap();
    assert_eq!(placeholders(&target), 1, "only ready ends the placeholder");
    post_from_frame(&iframe, &posted(FrameMessage::Ready { locale: LocaleCode::EN_US, dir: TextDirection::Ltr }));
    JsFuture::from(sleep(100)).await.unwrap();
    assert_eq!(placeholders(&target), 0);
    assert_eq!(iframe.style().get_property_value("height").unwrap(), "200px", "the frame keeps the space until it resizes");
    post_from_frame(&iframe, &posted(FrameMessage::Resize { height: 321 }));
    JsFuture::from(sleep(100)).await.unwrap();
    assert_eq!(iframe.style().get_property_value("height").unwrap(), "321px");
    handle.destroy();

    // destroy() before ready takes the placeholder too; bad values are refused.
    let handle = mount(target.clone().into(), log.options(&url, &extra)).unwrap();
    handle.destroy();
    assert_eq!(placeholders(&target), 0);
    for (bad, says) in [(r#"{"minHeight": -1}"#, "minHeight must be"), (r#"{"minHeight": "200px"}"#, "minHeight must be"), (r#"{"heightTransition": "slide"}"#, "heightTransition must be")] {
        let err = mount(target.clone().into(), log.options(&url, &js_sys::JSON::parse(bad).unwrap())).err().unwrap();
        assert!(String::from(err.dyn_into::<js_sys::Error>().unwrap().message()).contains(says), "{bad}");
    }
    assert_eq!(iframes(&target) + placeholders(&target), 0);
    target.remove();
}
