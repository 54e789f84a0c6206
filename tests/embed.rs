//! The parent-side embed in real Chromium: envelope checks on real JS values, one iframe under
//! a repeated mount, and destroy() removing everything.
#![cfg(all(target_arch = "wasm32", feature = "embed"))]

use capture_frame::embed::{check_envelope, mount, MountOptions};
use capture_protocol::{FrameMessage, FundingDestination, LocaleCode, MessageEnvelope, SessionId, SessionStatus, TextDirection};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

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
        TokenSuccess { customer_account_token: "cat_1".into(), funding_destination: FundingDestination::Ach, last4: "6789".into() },
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

#[wasm_bindgen_test]
fn every_frame_message_is_accepted_with_its_kind() {
    for message in every_message() {
        let kind = message.kind();
        let accepted = check_envelope(&posted(message), &session()).unwrap_or_else(|| panic!("{kind} refused"));
        assert_eq!(accepted.shape.kind, kind);
    }
    let resize = check_envelope(&posted(FrameMessage::Resize { height: 480 }), &session()).unwrap();
    assert_eq!(resize.height, Some(480));
}

#[wasm_bindgen_test]
fn malformed_or_foreign_envelopes_are_refused() {
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
        (&["data", "last4"], 4242.into()),
        (&["data", "extra"], "x".into()),
        (&["data"], JsValue::NULL),
    ];
    for (path, to) in cases {
        let value = token();
        set(&value, path, to);
        assert!(check_envelope(&value, &session()).is_none(), "{path:?} should be refused");
    }
    let resize = posted(FrameMessage::Resize { height: 1 });
    set(&resize, &["data", "height"], (-3.5).into());
    assert!(check_envelope(&resize, &session()).is_none(), "a negative fractional height is refused");
    for junk in [JsValue::from_str("{\"protocol\":\"capture-frame\"}"), JsValue::NULL, JsValue::from(7)] {
        assert!(check_envelope(&junk, &session()).is_none());
    }
}

fn options(url: &str) -> MountOptions {
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"authorizedUrl".into(), &url.into()).unwrap();
    o.unchecked_into()
}

#[wasm_bindgen_test]
fn mounting_twice_keeps_one_iframe_and_destroy_removes_it() {
    let document = web_sys::window().unwrap().document().unwrap();
    let target = document.create_element("div").unwrap();
    target.set_id("embed-target");
    document.body().unwrap().append_child(&target).unwrap();
    let url = format!("http://127.0.0.1:9/session/{SESSION}#t=abc");

    let first = mount("#embed-target".into(), options(&url)).unwrap();
    let second = mount(target.clone().into(), options(&url)).unwrap();
    assert_eq!(target.query_selector_all("iframe").unwrap().length(), 1, "React StrictMode's double mount yields one iframe");
    let iframe = second.iframe();
    assert_eq!(iframe.src(), url);
    assert!(!iframe.title().is_empty(), "the iframe has an accessible title");
    assert!(!iframe.has_attribute("sandbox"));
    assert_eq!(second.session_identifier(), SESSION);

    first.destroy();
    second.destroy();
    assert_eq!(target.query_selector_all("iframe").unwrap().length(), 0);

    let err = mount("#no-such-element".into(), options(&url)).err().unwrap();
    assert!(err.dyn_ref::<js_sys::Error>().unwrap().message().as_string().unwrap().contains("no element matches"));
    assert!(mount(target.clone().into(), options("http://127.0.0.1:9/elsewhere")).is_err());
    target.remove();
}
