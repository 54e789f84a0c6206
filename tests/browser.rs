//! The page in headless Chromium: rendering per locale, validation, the key, messages and
//! the fragment. Locale files come in with include_str!, so no server is needed.
#![cfg(all(feature = "frame", target_arch = "wasm32"))]

use capture_frame::api::{decode, from_js, to_js, to_json};
use capture_frame::binding::{base64url, signing_input, Binding};
use capture_frame::bridge::post_to;
use capture_frame::error::FrameError;
use capture_frame::i18n::{apply_to_document, Localizer};
use capture_frame::runtime::take_mount_token;
use capture_frame::page::{next, Call, Effect, Event, MountFailure, Outcome, Phase, State};
use capture_frame::runtime;
use capture_frame::view::{Emit, View};
use capture_protocol::api::{Envelope, ErrorData};
use capture_protocol::frame_api::{AccountSubmission, AccountType, CancelResponse, MountRequest, MountResponse, SubmitOutcome};
use capture_protocol::{ApiCode, FrameMessage, FundingDestination, LocaleCode, MessageEnvelope, Origin, SessionId, SessionStatus, TextDirection};
use gloo_events::EventListener;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Document, Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const BOTH: [FundingDestination; 2] = [FundingDestination::Debit, FundingDestination::Ach];

fn doc() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

fn q(sel: &str) -> Element {
    doc().query_selector(sel).unwrap().unwrap_or_else(|| panic!("no {sel}"))
}

fn input(sel: &str) -> HtmlInputElement {
    q(sel).unchecked_into()
}

fn text(sel: &str) -> String {
    q(sel).text_content().unwrap_or_default()
}

fn locale(code: &str) -> LocaleCode {
    LocaleCode::try_from(code).unwrap()
}

/// Renders the form as the page does after mount, recording what the controls emit.
fn render(code: &str, ftl: Option<&str>, destinations: &[FundingDestination]) -> (View, Rc<RefCell<Vec<Event>>>) {
    let loc = Rc::new(Localizer::new(locale(code), ftl));
    apply_to_document(&doc(), &loc);
    let view = View::attach(&doc(), loc).unwrap();
    let events = Rc::new(RefCell::new(Vec::new()));
    let sink = events.clone();
    let emit: Emit = Rc::new(move |e| sink.borrow_mut().push(e));
    view.show_form(destinations, emit).unwrap();
    (view, events)
}

fn fire(el: &Element, kind: &str) {
    el.dispatch_event(&web_sys::Event::new(kind).unwrap()).unwrap();
}

fn type_into(sel: &str, value: &str) {
    let i = input(sel);
    i.set_value(value);
    fire(&i, "input");
    fire(&i, "blur");
}

async fn sleep(ms: i32) {
    let p = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    JsFuture::from(p).await.unwrap();
}

fn html_attr(name: &str) -> String {
    doc().document_element().unwrap().get_attribute(name).unwrap_or_default()
}

#[wasm_bindgen_test]
fn form_in_en_us_has_the_page_contract() {
    let (_view, _) = render("en-US", None, &BOTH);
    assert_eq!((html_attr("lang").as_str(), html_attr("dir").as_str()), ("en-US", "ltr"));
    assert_eq!(doc().title(), "Add your payout account");
    assert_eq!(text("legend"), "How would you like to get paid?");
    for (sel, mode) in [
        ("input[autocomplete=cc-number]", Some("numeric")),
        ("input[autocomplete=cc-exp]", Some("numeric")),
        ("input[autocomplete=cc-name]", None),
        ("input[autocomplete=postal-code]", Some("numeric")),
        ("input[name=routing_number]", Some("numeric")),
        ("input[name=account_number]", Some("numeric")),
        ("input[name=account_number_confirm]", Some("numeric")),
    ] {
        let i = q(sel);
        assert_eq!(i.get_attribute("inputmode").as_deref(), mode, "{sel}");
        // Every input has a label pointing at it.
        assert!(doc().query_selector(&format!("label[for='{}']", i.id())).unwrap().is_some(), "{sel}");
    }
    assert_eq!(text("form button[type=submit]"), "Add account");
    assert_eq!(doc().query_selector_all("input[name=account_type]").unwrap().length(), 2);
    // Bank fields wait behind the method choice.
    assert!(q("#group-ach").has_attribute("hidden"));
    let ach: HtmlInputElement = input("input[name=method][value=ACH]");
    ach.click();
    assert!(q("#group-debit").has_attribute("hidden"));
    assert!(!q("#group-ach").has_attribute("hidden"));
}

#[wasm_bindgen_test]
fn one_destination_means_no_method_choice() {
    let (_view, _) = render("en-US", None, &[FundingDestination::Ach]);
    assert!(doc().query_selector("input[name=method]").unwrap().is_none());
    assert!(doc().query_selector("input[autocomplete=cc-number]").unwrap().is_none());
    assert!(doc().query_selector("input[name=routing_number]").unwrap().is_some());
}

#[wasm_bindgen_test]
fn form_in_ar_sa_is_rtl_with_arabic_digits() {
    let ftl = include_str!("../locales/ar-SA/capture.ftl");
    let (view, _) = render("ar-SA", Some(ftl), &BOTH);
    assert_eq!((html_attr("lang").as_str(), html_attr("dir").as_str()), ("ar-SA", "rtl"));
    let loc = view.localizer();
    assert_eq!(loc.dir(), TextDirection::Rtl);
    assert_ne!(text("form button[type=submit]"), "Add account");
    assert_eq!(text("form button[type=submit]"), loc.text("submit"));
    // Numbers go through Intl.NumberFormat for the locale (3: Arabic says 0, 1 and 2 by the
    // noun's own form, without a numeral).
    let expected = js_sys::Intl::NumberFormat::new(&js_sys::Array::of1(&"ar-SA".into()), &js_sys::Object::new())
        .format()
        .call1(&JsValue::NULL, &3.into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(loc.count("attempts-remaining", "attempts", 3).contains(&expected), "{expected}");
    assert!(loc.errors().is_empty(), "{:?}", loc.errors());
}

#[wasm_bindgen_test]
fn form_in_hmn_latn_and_ja_jp() {
    for (code, ftl) in [
        ("hmn-Latn", include_str!("../locales/hmn-Latn/capture.ftl")),
        ("ja-JP", include_str!("../locales/ja-JP/capture.ftl")),
    ] {
        let (view, _) = render(code, Some(ftl), &BOTH);
        let loc = view.localizer();
        assert_eq!((html_attr("lang").as_str(), html_attr("dir").as_str()), (code, "ltr"));
        assert_ne!(text("form button[type=submit]"), "Add account", "{code}");
        assert_eq!(text("label[for=card-number]"), loc.text("card-number-label"));
        // Plural selection works even where CLDR has no rules (hmn falls back to root rules).
        for n in [0, 1, 2, 5, 1234] {
            assert!(!loc.count("attempts-remaining", "attempts", n).is_empty());
        }
        assert!(loc.errors().is_empty(), "{code}: {:?}", loc.errors());
    }
    // The number hook groups digits as the locale does (fluent-rs alone would print 1234).
    let ja = Localizer::new(locale("ja-JP"), Some(include_str!("../locales/ja-JP/capture.ftl")));
    assert!(ja.count("error-summary", "count", 1234).contains("1,234"));
}

#[wasm_bindgen_test]
fn blur_shows_the_field_error_wired_for_screen_readers() {
    let (_view, _) = render("en-US", None, &BOTH);
    let card = input("#card-number");
    assert!(card.get_attribute("aria-invalid").is_none());
    type_into("#card-number", "4242424242424241");
    assert_eq!(card.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(card.get_attribute("aria-describedby").as_deref(), Some("card-number-error"));
    assert_eq!(text("#card-number-error"), "This card number isn't valid. Check it for typos.");
    assert!(!q("#card-number-error").has_attribute("hidden"));
    // Fixed: the error goes away again, and so do the ARIA links to it.
    type_into("#card-number", "4242424242424242");
    assert!(card.get_attribute("aria-invalid").is_none());
    assert!(card.get_attribute("aria-describedby").is_none());
    assert!(q("#card-number-error").has_attribute("hidden"));
    // While typing, a shown error goes as soon as the value is right, and no new one appears.
    type_into("#card-number", "4242");
    card.set_value("4242424242424242");
    fire(&card, "input");
    assert!(card.get_attribute("aria-invalid").is_none());
    card.set_value("42");
    fire(&card, "input");
    assert!(card.get_attribute("aria-invalid").is_none());
    // A hinted field keeps its hint described alongside the error.
    type_into("#card-expiry", "13/30");
    assert_eq!(input("#card-expiry").get_attribute("aria-describedby").as_deref(), Some("card-expiry-hint card-expiry-error"));
    assert_eq!(text("#card-expiry-error"), "Enter the date as MM/YY.");
}

#[wasm_bindgen_test]
fn typing_groups_the_card_number_and_names_the_brand() {
    let (_view, _) = render("en-US", None, &BOTH);
    let card = input("#card-number");
    card.set_value("378282246310005");
    fire(&card, "input");
    assert_eq!(card.value(), "3782 822463 10005");
    assert_eq!(text("#card-brand"), "Card brand: \u{2068}American Express\u{2069}");
    let exp = input("#card-expiry");
    exp.set_value("12");
    fire(&exp, "input");
    assert_eq!(exp.value(), "12/");
}

#[wasm_bindgen_test]
fn submit_validates_everything_focuses_the_first_error_then_emits() {
    let (_view, events) = render("en-US", None, &BOTH);
    let submit: HtmlElement = q("form button[type=submit]").unchecked_into();
    submit.click();
    assert!(events.borrow().is_empty());
    for id in ["card-number", "card-expiry", "card-name", "postal-code"] {
        assert_eq!(text(&format!("#{id}-error")), "This field is required.", "{id}");
    }
    assert_eq!(text("#live"), "There are \u{2068}4\u{2069} problems with the form.");
    assert_eq!(doc().active_element().unwrap().id(), "card-number");
    // Bank: the confirmation must match.
    input("input[name=method][value=ACH]").click();
    for (sel, v) in [("#routing-number", "110000000"), ("#account-number", "000123456789"), ("#account-number-confirm", "000123456780"), ("#holder-name", "Ada Lovelace"), ("#postal-code", "94107")] {
        input(sel).set_value(v);
    }
    input("input[name=account_type][value=savings]").click();
    submit.click();
    assert_eq!(text("#account-number-confirm-error"), "The account numbers don't match.");
    assert_eq!(text("#live"), "There is \u{2068}1\u{2069} problem with the form.");
    assert_eq!(doc().active_element().unwrap().id(), "account-number-confirm");
    input("#account-number-confirm").set_value("000123456789");
    submit.click();
    assert_eq!(
        events.borrow().as_slice(),
        [Event::Submit(AccountSubmission::Ach {
            routing_number: "110000000".into(),
            account_number: "000123456789".into(),
            account_type: AccountType::Savings,
            name: "Ada Lovelace".into(),
            postal_code: "94107".into(),
        })]
    );
}

#[wasm_bindgen_test]
fn server_field_error_busy_and_cancel_confirmation() {
    let (view, events) = render("en-US", None, &BOTH);
    view.set_busy(true);
    assert!(q("form button[type=submit]").unchecked_into::<web_sys::HtmlButtonElement>().disabled());
    assert_eq!(text("form button[type=submit]"), "Verifying your account…");
    view.set_busy(false);
    assert_eq!(text("form button[type=submit]"), "Add account");
    view.server_field_error("postal_code", Some("postal_code"));
    assert_eq!(text("#postal-code-error"), "Enter a 5-digit ZIP code or ZIP+4.");
    assert_eq!(doc().active_element().unwrap().id(), "postal-code");
    q("button.secondary").unchecked_into::<HtmlElement>().click();
    assert_eq!(events.borrow().as_slice(), [Event::CancelPressed]);
    view.show_confirm(true);
    assert!(!q(".confirm").has_attribute("hidden"));
    assert_eq!(text("#confirm-title"), "Cancel adding your account?");
    assert_eq!(doc().active_element().unwrap().text_content().as_deref(), Some("No, keep going"));
    doc().active_element().unwrap().unchecked_into::<HtmlElement>().click();
    q(".confirm button.danger").unchecked_into::<HtmlElement>().click();
    assert_eq!(events.borrow()[1..], [Event::CancelAborted, Event::CancelConfirmed]);
}

#[wasm_bindgen_test]
fn result_screens_focus_their_heading() {
    let (view, events) = render("en-US", None, &BOTH);
    view.show_result(&Outcome::VerificationFailed { attempts_remaining: 2 }, true, None, Rc::new(move |e| events.borrow_mut().push(e))).unwrap();
    assert_eq!(doc().active_element().unwrap().tag_name(), "H1");
    assert_eq!(text("main h1"), "We couldn't verify this account");
    assert_eq!(text("#live"), "We couldn't verify this account");
    assert_eq!(text(".attempts"), "You have \u{2068}2\u{2069} attempts left.");
    assert!(doc().query_selector("form").unwrap().is_none());
    let recorded = Rc::new(RefCell::new(Vec::new()));
    let sink = recorded.clone();
    view.show_result(&Outcome::VerificationFailed { attempts_remaining: 1 }, true, None, Rc::new(move |e| sink.borrow_mut().push(e))).unwrap();
    q("main button").unchecked_into::<HtmlElement>().click();
    assert_eq!(recorded.borrow().as_slice(), [Event::RetryPressed]);
    // Top level: no try-again (no parent to re-issue), a link back when return_url is https.
    view.show_result(&Outcome::Success { funding_destination: FundingDestination::Debit, last4: "4242".into() }, false, Some("https://shop.example.com/done?x=1"), Rc::new(|_| {})).unwrap();
    assert_eq!(q("main a").get_attribute("href").as_deref(), Some("https://shop.example.com/done?x=1"));
    assert_eq!(text("main a"), "Return to \u{2068}shop.example.com\u{2069}");
    view.show_result(&Outcome::Canceled, false, Some("javascript:alert(1)"), Rc::new(|_| {})).unwrap();
    assert!(doc().query_selector("main a").unwrap().is_none());
    // Untrusted text stays text.
    view.show_result(&Outcome::Success { funding_destination: FundingDestination::Ach, last4: "<b>1</b>".into() }, false, None, Rc::new(|_| {})).unwrap();
    assert_eq!(q("main section").query_selector("b").unwrap(), None);
}

fn sid() -> SessionId {
    let mut bytes = [0u8; 16];
    web_sys::window().unwrap().crypto().unwrap().get_random_values_with_u8_array(&mut bytes).unwrap();
    SessionId::from_random_bytes(bytes)
}

#[wasm_bindgen_test]
async fn key_is_non_extractable_and_survives_a_reload() {
    let session = sid();
    let first = Binding::load_or_create(&session).await.unwrap();
    assert!(first.is_persisted());
    let private = first.private_key().unwrap();
    assert!(!private.extractable());
    assert_eq!(private.type_(), "private");
    let subtle = web_sys::window().unwrap().crypto().unwrap().subtle();
    assert!(JsFuture::from(subtle.export_key("jwk", &private).unwrap()).await.is_err());
    assert!(JsFuture::from(subtle.export_key("pkcs8", &private).unwrap()).await.is_err());
    let jwk = first.public_jwk().clone();
    assert!(jwk.is_p256(), "{jwk:?}");
    // A second load for the same session (what a reload does) finds the same key.
    let again = Binding::load_or_create(&session).await.unwrap();
    assert_eq!(again.public_jwk(), &jwk);
    assert!(!again.private_key().unwrap().extractable());
    // Another session gets another key.
    assert_ne!(Binding::load_or_create(&sid()).await.unwrap().public_jwk(), &jwk);
}

#[wasm_bindgen_test]
async fn proof_is_a_verifiable_es256_jws_over_the_request() {
    let binding = Binding::load_or_create(&sid()).await.unwrap();
    binding.set_server_time(2_000_000_000);
    let body = br#"{"funding_destination":"DEBIT"}"#;
    let jws = binding.proof("POST", "/frame/v1/sessions/x/accounts", body).await.unwrap();
    let parts: Vec<&str> = jws.split('.').collect();
    assert_eq!(parts.len(), 3);
    let b64 = |s: &str| {
        let padded = format!("{s}{}", "=".repeat((4 - s.len() % 4) % 4)).replace('-', "+").replace('_', "/");
        let bin = web_sys::window().unwrap().atob(&padded).unwrap();
        bin.chars().map(|c| c as u8).collect::<Vec<u8>>()
    };
    let header: serde_json::Value = serde_json::from_slice(&b64(parts[0])).unwrap();
    assert_eq!(header, serde_json::json!({"alg":"ES256","typ":"capture-proof+jwt"}));
    let claims: serde_json::Value = serde_json::from_slice(&b64(parts[1])).unwrap();
    assert_eq!(claims["htm"], "POST");
    assert_eq!(claims["htu"], "/frame/v1/sessions/x/accounts");
    let subtle = web_sys::window().unwrap().crypto().unwrap().subtle();
    let digest = JsFuture::from(subtle.digest_with_str_and_u8_array("SHA-256", body).unwrap()).await.unwrap();
    assert_eq!(claims["bh"], base64url(&js_sys::Uint8Array::new(&digest).to_vec()));
    // iat follows the server's clock, not ours.
    assert!((claims["iat"].as_i64().unwrap() - 2_000_000_000).abs() <= 2, "{claims}");
    assert_eq!(b64(claims["jti"].as_str().unwrap()).len(), 16);
    let sig = b64(parts[2]);
    assert_eq!(sig.len(), 64);
    let algorithm = js_sys::Object::new();
    js_sys::Reflect::set(&algorithm, &"name".into(), &"ECDSA".into()).unwrap();
    js_sys::Reflect::set(&algorithm, &"hash".into(), &"SHA-256".into()).unwrap();
    // Verified the way the server does it: with the public JWK the page mounted with.
    let jwk = binding.public_jwk();
    let jwk_obj = js_sys::JSON::parse(&serde_json::to_string(jwk).unwrap()).unwrap().unchecked_into::<js_sys::Object>();
    let import = js_sys::Object::new();
    js_sys::Reflect::set(&import, &"name".into(), &"ECDSA".into()).unwrap();
    js_sys::Reflect::set(&import, &"namedCurve".into(), &"P-256".into()).unwrap();
    let usages = js_sys::Array::of1(&"verify".into());
    let public = JsFuture::from(subtle.import_key_with_object("jwk", &jwk_obj, &import, true, &usages).unwrap()).await.unwrap();
    let input = format!("{}.{}", parts[0], parts[1]);
    let ok = JsFuture::from(subtle.verify_with_object_and_u8_array_and_u8_array(&algorithm, public.unchecked_ref(), &sig, input.as_bytes()).unwrap()).await.unwrap();
    assert_eq!(ok, JsValue::TRUE);
    // Two proofs never share a jti.
    let other = binding.proof("POST", "/p", b"{}").await.unwrap();
    assert_ne!(b64(other.split('.').nth(1).unwrap()), b64(parts[1]));
}

fn every_message() -> Vec<FrameMessage> {
    vec![
        FrameMessage::Ready { locale: locale("fa-IR"), dir: TextDirection::Rtl },
        FrameMessage::Resize { height: 640 },
        FrameMessage::TokenSuccess { customer_account_token: "cat_1".into(), funding_destination: FundingDestination::Debit, last4: "4242".into(), receipt: "h.c.s".into() },
        FrameMessage::AwaitingDecision { funding_destination: FundingDestination::Debit, last4: "4242".into() },
        FrameMessage::Stopped {},
        FrameMessage::VerificationFailed { attempts_remaining: 2 },
        FrameMessage::RetryRequested {},
        FrameMessage::MaxAttemptsExceeded {},
        FrameMessage::Canceled {},
        FrameMessage::TerminalFailure { code: "account_closed".into() },
        FrameMessage::AuthorizedUrlExpired {},
        FrameMessage::BoundToOtherDevice {},
        FrameMessage::SessionNotMountable { status: SessionStatus::Completed },
    ]
}

#[wasm_bindgen_test]
async fn messages_are_plain_envelopes_that_honor_the_target_origin() {
    let window = web_sys::window().unwrap();
    let own = window.location().origin().unwrap();
    let received = Rc::new(RefCell::new(Vec::<(String, serde_json::Value)>::new()));
    let sink = received.clone();
    let _listener = EventListener::new(&window, "message", move |e| {
        let e: &web_sys::MessageEvent = e.unchecked_ref();
        // Only our envelopes: the test runner may post its own messages.
        if js_sys::Reflect::get(&e.data(), &"protocol".into()).ok().and_then(|p| p.as_string()).as_deref() == Some("capture-frame") {
            let json = js_sys::JSON::stringify(&e.data()).unwrap().as_string().unwrap();
            sink.borrow_mut().push((e.origin(), serde_json::from_str(&json).unwrap()));
        }
    });
    let session = sid();
    for message in every_message() {
        let env = MessageEnvelope { session_identifier: session.clone(), message };
        post_to(&window, &own, &env).unwrap();
        // Addressed to another origin, the browser must drop it.
        post_to(&window, "https://other.example", &env).unwrap();
    }
    sleep(200).await;
    let received = received.borrow();
    let expected = every_message();
    assert_eq!(received.len(), expected.len(), "{received:?}");
    for ((origin, got), message) in received.iter().zip(expected) {
        assert_eq!(origin, &own);
        let kind = message.kind();
        let want = serde_json::to_value(MessageEnvelope { session_identifier: session.clone(), message }).unwrap();
        assert_eq!(got, &want);
        assert_eq!(got["protocol"], "capture-frame");
        assert_eq!(got["v"], 1);
        assert_eq!(got["type"], kind);
        assert_eq!(got["session_identifier"], session.as_str());
        assert!(got["data"].is_object(), "{got}");
    }
}

#[wasm_bindgen_test]
fn the_mount_token_leaves_the_address_at_once() {
    let window = web_sys::window().unwrap();
    let location = window.location();
    let path = location.pathname().unwrap();
    let search = location.search().unwrap();
    window.history().unwrap().replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{search}#t=tok_123-abc"))).unwrap();
    assert_eq!(location.hash().unwrap(), "#t=tok_123-abc");
    assert_eq!(take_mount_token(&window).as_deref(), Some("tok_123-abc"));
    assert_eq!(location.hash().unwrap(), "");
    assert!(!location.href().unwrap().contains('#'));
    assert!(!location.href().unwrap().contains("tok_123"));
    // Nothing left to take the second time (a reload).
    assert_eq!(take_mount_token(&window), None);
}

/// The envelope as the server writes it (the protocol's own serde output), as `Response.json()` gives it.
fn envelope<T: serde::Serialize>(code: ApiCode, data: T) -> JsValue {
    parsed(&serde_json::to_string(&Envelope::new(code, data)).unwrap())
}

fn parsed(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

#[wasm_bindgen_test]
fn answers_decode_into_the_protocol_types() {
    let mount = MountResponse {
        session_identifier: sid(),
        locale: locale("hmn-Latn"),
        dir: TextDirection::Ltr,
        parent_origin: Origin::try_from("http://localhost:8081").unwrap(),
        funding_destinations: vec![FundingDestination::Ach, FundingDestination::Debit],
        attempts_remaining: 2,
        max_attempts: 3,
        return_url: Some("https://shop.example.com/back".into()),
        server_time: 1_763_000_000,
        session_expires_at: 1_763_003_600,
        appearance: capture_protocol::Appearance {
            color_scheme: capture_protocol::ColorScheme::Dark,
            accent: Some([0x1f, 0x6f, 0xeb]),
            radius: Some(8),
            font: Some(capture_protocol::FontStack::Serif),
        },
    };
    assert_eq!(decode::<MountResponse>(envelope(ApiCode::Ok, &mount)).unwrap(), mount);
    let no_return = MountResponse { return_url: None, dir: TextDirection::Rtl, locale: locale("fa-IR"), appearance: Default::default(), ..mount.clone() };
    assert_eq!(decode::<MountResponse>(envelope(ApiCode::Ok, &no_return)).unwrap(), no_return);
    for outcome in [
        SubmitOutcome::TokenSuccess { customer_account_token: "cat_1".into(), funding_destination: FundingDestination::Ach, last4: "6789".into(), receipt: "h.c.s".into() },
        SubmitOutcome::AwaitingDecision { funding_destination: FundingDestination::Ach, last4: "6789".into() },
        SubmitOutcome::VerificationFailed { attempts_remaining: 1 },
        SubmitOutcome::MaxAttemptsExceeded,
        SubmitOutcome::TerminalFailure { code: "account_closed".into() },
    ] {
        assert_eq!(decode::<SubmitOutcome>(envelope(ApiCode::Ok, &outcome)).unwrap(), outcome);
    }
    let canceled = CancelResponse { status: SessionStatus::Canceled };
    assert_eq!(decode::<CancelResponse>(envelope(ApiCode::Ok, &canceled)).unwrap(), canceled);
    // Error answers keep their code and data.
    let data = ErrorData { error: "invalid_account".into(), param: Some("card_number".into()), reason: Some("card_checksum".into()), session_status: None };
    match decode::<SubmitOutcome>(envelope(ApiCode::InvalidAccount, &data)) {
        Err(FrameError::Api { code: 13736, data: Some(d) }) => assert_eq!(d, data),
        other => panic!("{other:?}"),
    }
    let not_mountable = ErrorData { error: "session_not_mountable".into(), param: None, reason: None, session_status: Some(SessionStatus::Completed) };
    match decode::<MountResponse>(envelope(ApiCode::SessionNotMountable, &not_mountable)) {
        Err(FrameError::Api { code: 13732, data: Some(d) }) => assert_eq!(d, not_mountable),
        other => panic!("{other:?}"),
    }
    assert!(matches!(decode::<CancelResponse>(parsed(r#"{"status":13799,"client_message":"x","data":null}"#)), Err(FrameError::Api { code: 13799, data: None })));
    // Not an envelope, or data that breaks the protocol's rules, is refused.
    for bad in [JsValue::UNDEFINED, JsValue::NULL, "<html>".into(), 102.into(), parsed("[102]"), parsed(r#"{"status":"102"}"#), parsed(r#"{"status":102,"client_message":"","data":{}}"#), parsed(r#"{"status":102,"data":{"status":"canceled"}}"#)] {
        assert!(matches!(decode::<CancelResponse>(bad.clone()), Err(FrameError::Decode(_))), "{bad:?}");
    }
    let mut bad = serde_json::to_value(Envelope::new(ApiCode::Ok, &mount)).unwrap();
    bad["data"]["parent_origin"] = "*".into();
    assert!(matches!(decode::<MountResponse>(parsed(&bad.to_string())), Err(FrameError::Decode(_))));
    bad["data"]["parent_origin"] = "http://localhost:8081".into();
    bad["data"]["attempts_remaining"] = (-1).into();
    assert!(matches!(decode::<MountResponse>(parsed(&bad.to_string())), Err(FrameError::Decode(_))));
    bad["data"]["attempts_remaining"] = 1.into();
    bad["data"]["funding_destinations"] = serde_json::json!(["WIRE"]);
    assert!(matches!(decode::<MountResponse>(parsed(&bad.to_string())), Err(FrameError::Decode(_))));
}

#[wasm_bindgen_test]
async fn start_up_runs_through_the_machine_with_the_browsers_key() {
    let session = sid();
    let languages = Some(vec!["es-MX".to_owned()]);
    let (s, fx) = next(&State::default(), Event::Started { mount_token: Some("tok".into()), languages: languages.clone() });
    assert_eq!(fx, [Effect::LoadKey]);
    // What the runtime does for LoadKey: the session's non-extractable key, its public half to the machine.
    let binding = Binding::load_or_create(&session).await.unwrap();
    let (s, fx) = next(&s, Event::KeyReady(binding.public_jwk().clone()));
    assert_eq!(s.phase, Phase::Mounting);
    let request = MountRequest { mount_token: "tok".into(), jwk: binding.public_jwk().clone(), languages };
    assert!(request.jwk.is_p256());
    assert_eq!(fx, [Effect::Send(Call::Mount(request.clone()))]);
    // The call goes out for real, signed; the test runner's server has no capture API, and an
    // answer that is not an envelope ends start-up on the generic screen with `internal`.
    let event = runtime::send(Call::Mount(request.clone()), &session, Some(&binding)).await;
    assert_eq!(event, Event::MountFailed(MountFailure::Other("internal")));
    let (s, fx) = next(&s, event);
    assert_eq!(s, State::new(Phase::Done(Outcome::Error), None));
    assert_eq!(fx, [Effect::StopGuard, Effect::ShowResult(Outcome::Error), Effect::Post(FrameMessage::TerminalFailure { code: "internal".into() })]);
    // Without a key nothing is signed, so nothing is sent.
    assert_eq!(runtime::send(Call::Mount(request), &session, None).await, Event::MountFailed(MountFailure::Other("invalid_proof")));
}

#[wasm_bindgen_test]
fn each_screen_posts_its_own_height_and_a_result_shrinks_the_frame() {
    let (view, _) = render("en-US", None, &BOTH);
    let posted = Rc::new(RefCell::new(Vec::new()));
    let reach = Rc::new(std::cell::Cell::new(false));
    let (sink, reaches) = (posted.clone(), reach.clone());
    let resizer = runtime::Resizer::new(&doc(), move |h| {
        sink.borrow_mut().push(h);
        reaches.get()
    })
    .unwrap();
    let root_height = || doc().document_element().unwrap().get_bounding_client_rect().height().ceil() as u32;
    // A height that did not reach the parent is sent again next time.
    resizer.update();
    reach.set(true);
    resizer.update();
    // The same height again is not news.
    resizer.update();
    let form = root_height();
    assert_eq!(posted.borrow().as_slice(), [form, form]);
    view.show_result(&Outcome::Canceled, true, None, Rc::new(|_| {})).unwrap();
    resizer.update();
    let result = root_height();
    assert_eq!(posted.borrow().as_slice(), [form, form, result]);
    assert!(result + 200 < form, "result {result} px, form {form} px");
}

#[wasm_bindgen_test]
fn bodies_and_messages_are_what_serde_json_writes_and_read_back() {
    let jwk = capture_protocol::frame_api::PublicJwk { kty: "EC".into(), crv: "P-256".into(), x: "x\"".into(), y: "y".into() };
    // `languages` only when there are some: gate.spec's `auto` session depends on it.
    for languages in [None, Some(vec![]), Some(vec!["es-MX".into(), "e\"s".into()])] {
        let request = MountRequest { mount_token: "t\n".into(), jwk: jwk.clone(), languages };
        assert_eq!(to_json(&request).unwrap(), serde_json::to_string(&request).unwrap());
        assert_eq!(from_js::<MountRequest>(to_js(&request).unwrap()).unwrap(), request);
    }
    let debit = AccountSubmission::Debit { card_number: "4242".into(), expiry: "12/30".into(), name: "Zoë \\ \u{1}".into(), postal_code: "9".into() };
    let ach = AccountSubmission::Ach { routing_number: "1".into(), account_number: "2".into(), account_type: AccountType::Savings, name: "n".into(), postal_code: "p".into() };
    for s in [debit, ach] {
        assert_eq!(to_json(&s).unwrap(), serde_json::to_string(&s).unwrap());
        assert_eq!(from_js::<AccountSubmission>(to_js(&s).unwrap()).unwrap(), s);
    }
    let claims = capture_protocol::frame_api::ProofClaims { htm: "POST".into(), htu: "/p".into(), bh: "h".into(), iat: 1, jti: "j".into() };
    let (h, c) = signing_input(&claims).map(|i| i.split_once('.').map(|(a, b)| (a.to_owned(), b.to_owned())).unwrap()).unwrap();
    assert_eq!(h, base64url(br#"{"alg":"ES256","typ":"capture-proof+jwt"}"#));
    assert_eq!(c, base64url(br#"{"htm":"POST","htu":"/p","bh":"h","iat":1,"jti":"j"}"#));
    // Every message: the object posted is the envelope serde_json writes, and reads back.
    let session = sid();
    for message in every_message() {
        let env = MessageEnvelope { session_identifier: session.clone(), message: message.clone() };
        assert_eq!(to_json(&env).unwrap(), serde_json::to_string(&env).unwrap());
        assert_eq!(from_js::<FrameMessage>(to_js(&env).unwrap()).unwrap(), message);
    }
    // Malformed messages are refused, never a panic.
    for bad in [r#"{"type":"resize","data":{"height":-1}}"#, r#"{"type":"resize","data":{"height":"1"}}"#, r#"{"type":"nope","data":{}}"#, r#"{"type":"ready","data":{"locale":"xx-XX","dir":"ltr"}}"#, "null", "[]"] {
        assert!(from_js::<FrameMessage>(parsed(bad)).is_err(), "{bad}");
    }
}
