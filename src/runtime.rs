//! The page's runtime: start-up and the dispatcher. `start` reads the session id from the path
//! and the mount token from the fragment (and removes it at once), arms the guard for the mount
//! window the server gave and hands the token to the machine ([`Event::Started`]); key creation
//! and mount are its effects like every other call. Every input is a [`page::Event`] through
//! [`dispatch`], and only [`App::perform`] carries out effects.

use crate::api;
use crate::binding::Binding;
use crate::bridge::Bridge;
use crate::i18n::{self, Localizer};
use crate::page::{self, Call, CallFailure, Effect, Event, MountFailure, Outcome, State};
use crate::view::{Emit, View};
use capture_protocol::{ApiCode, FrameMessage, LocaleCode, SessionId, SessionStatus};
use gloo_timers::callback::Timeout;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;

/// The mount window when the shell's times are missing or unreadable (DESIGN.md: 30 s).
const DEFAULT_MOUNT_WINDOW_MS: u32 = 30_000;

/// The session id of a `/session/{id}` path.
pub fn session_id_from_path(path: &str) -> Option<SessionId> {
    let id = path.strip_prefix("/session/")?.trim_end_matches('/');
    SessionId::try_from(id).ok()
}

/// The `t` parameter of a `#t=…` fragment.
pub fn token_from_fragment(hash: &str) -> Option<String> {
    let params = hash.strip_prefix('#').unwrap_or(hash);
    params.split('&').find_map(|p| p.strip_prefix("t=")).filter(|t| !t.is_empty()).map(str::to_owned)
}

/// How long the guard waits when the window had already closed when the shell was served
/// (no live token: a reused link, a finished session). The server's answer then says which
/// of expired, bound or ended it is; the guard only covers a server that does not answer.
const CLOSED_WINDOW_GRACE_MS: u32 = 5_000;

/// How long mounting may take: `expires_at − server_time` from the shell, both stamped by
/// the server, so the local clock's skew does not matter.
pub fn mount_window_ms(expires_at: &str, server_time: &str) -> u32 {
    match (expires_at.trim().parse::<i64>(), server_time.trim().parse::<i64>()) {
        (Ok(e), Ok(s)) if e > s => ((e - s).min(3600) * 1000) as u32,
        (Ok(_), Ok(_)) => CLOSED_WINDOW_GRACE_MS,
        _ => DEFAULT_MOUNT_WINDOW_MS,
    }
}

/// Reads the mount token and removes the fragment from the address and the history entry,
/// so it is not left for a reload, a bookmark or a screenshot.
pub fn take_mount_token(window: &web_sys::Window) -> Option<String> {
    let location = window.location();
    let hash = location.hash().ok()?;
    if !hash.is_empty() {
        let url = format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }
    token_from_fragment(&hash)
}

fn meta(doc: &web_sys::Document, name: &str) -> Option<String> {
    doc.query_selector(&format!("meta[name=\"{name}\"]")).ok().flatten().and_then(|m| m.get_attribute("content"))
}

/// The browser's preferred languages, for a session created with `"auto"` (the server
/// negotiates them against the program's; it ignores them otherwise).
fn browser_languages(window: &web_sys::Window) -> Option<Vec<String>> {
    let list: Vec<String> = window.navigator().languages().iter().filter_map(|l| l.as_string()).take(capture_protocol::frame_api::MAX_LANGUAGES).collect();
    (!list.is_empty()).then_some(list)
}

fn warn(what: &str) {
    web_sys::console::warn_1(&what.into());
}

#[wasm_bindgen(start)]
pub fn start() {
    let Some(window) = web_sys::window() else { return };
    let Some(doc) = window.document() else { return };
    // Only the served shell carries the mount window; any other page that loads this module
    // (a test page) is left alone.
    let Some(expires_at) = meta(&doc, "capture-mount-expires-at") else { return };
    // The appearance rides in the same fragment: read it before the fragment goes.
    crate::appearance::apply(&window, &doc);
    // First thing: the token leaves the address bar before anything else can run or fail.
    let token = take_mount_token(&window);
    let window_ms = mount_window_ms(&expires_at, &meta(&doc, "capture-server-time").unwrap_or_default());
    spawn_local(run(window, doc, token, window_ms));
}

async fn run(window: web_sys::Window, doc: web_sys::Document, token: Option<String>, window_ms: u32) {
    let loc = Rc::new(Localizer::en_us());
    i18n::apply_to_document(&doc, &loc);
    let view = match View::attach(&doc, loc) {
        Ok(v) => Rc::new(v),
        Err(e) => return warn(&e.to_string()),
    };
    // Without a session id there is no one to tell (messages carry it): only the screen.
    let Some(session) = session_id_from_path(&window.location().pathname().unwrap_or_default()) else {
        let _ = view.show_result(&Outcome::Error, false, None, Rc::new(|_| {}));
        return;
    };
    let bridge = Rc::new(Bridge::new(&window, session.clone()));
    let resize = if bridge.is_framed() { ResizeWatch::new(&doc, bridge.clone()) } else { None };
    let app = App {
        state: State::default(),
        session,
        doc,
        view,
        bridge,
        binding: None,
        guard: Some(Timeout::new(window_ms, || dispatch(Event::GuardElapsed))),
        poll: None,
        resize,
    };
    APP.with(|a| *a.borrow_mut() = Some(app));
    dispatch(Event::Started { mount_token: token, languages: browser_languages(&window) });
}

thread_local! {
    static APP: RefCell<Option<App>> = const { RefCell::new(None) };
    static QUEUE: RefCell<VecDeque<Event>> = const { RefCell::new(VecDeque::new()) };
}

/// Feeds an event to the page. An event raised while another is being handled (a focus
/// change firing `blur`, say) is queued and handled right after, in order.
pub fn dispatch(event: Event) {
    QUEUE.with(|q| q.borrow_mut().push_back(event));
    APP.with(|slot| {
        let Ok(mut slot) = slot.try_borrow_mut() else { return };
        let Some(app) = slot.as_mut() else { return };
        while let Some(event) = QUEUE.with(|q| q.borrow_mut().pop_front()) {
            let (state, effects) = page::next(&app.state, event);
            app.state = state;
            for effect in effects {
                app.perform(effect);
            }
        }
    });
}

fn emit() -> Emit {
    Rc::new(dispatch)
}

/// Everything the page holds for its lifetime; timers and observers stop when dropped.
struct App {
    state: State,
    session: SessionId,
    doc: web_sys::Document,
    view: Rc<View>,
    bridge: Rc<Bridge>,
    /// The session's key, once [`Effect::LoadKey`] has it.
    binding: Option<Rc<Binding>>,
    guard: Option<Timeout>,
    /// The next decision poll, while the page waits behind the gate (dropped: cancelled).
    poll: Option<Timeout>,
    resize: Option<ResizeWatch>,
}

impl App {
    /// After a screen change the parent hears the new height at once: before the screen's own
    /// message, which for a result may be the last one the embed listens to (a later observer
    /// callback would leave the frame at the form's height).
    fn resized(&self) {
        if let Some(watch) = &self.resize {
            watch.resizer.update();
        }
    }

    fn perform(&mut self, effect: Effect) {
        let shown = match effect {
            Effect::StopGuard => {
                self.guard = None;
                Ok(())
            }
            Effect::LoadKey => {
                spawn_local(load_key(self.session.clone()));
                Ok(())
            }
            Effect::Configure { parent_origin, server_time } => {
                self.bridge.set_parent_origin(&parent_origin);
                if let Some(b) = &self.binding {
                    b.set_server_time(server_time);
                }
                Ok(())
            }
            Effect::LoadLocale(code) => {
                spawn_local(load_locale(code, self.doc.clone(), self.view.clone()));
                Ok(())
            }
            Effect::ShowForm(destinations) => self.view.show_form(&destinations, emit()).map(|()| self.resized()),
            Effect::SetBusy(busy) => {
                self.view.set_busy(busy);
                Ok(())
            }
            Effect::ShowConfirm(open) => {
                self.view.show_confirm(open);
                Ok(())
            }
            Effect::ShowResult(outcome) => {
                let return_url = self.state.mounted.as_ref().and_then(|m| m.return_url.as_deref());
                self.view.show_result(&outcome, self.bridge.is_framed(), return_url, emit()).map(|()| self.resized())
            }
            Effect::FieldError { param, reason } => {
                self.view.server_field_error(&param, reason.as_deref());
                Ok(())
            }
            Effect::Announce(id) => {
                self.view.announce_id(id);
                Ok(())
            }
            Effect::Send(call) => {
                let (session, binding) = (self.session.clone(), self.binding.clone());
                spawn_local(async move { dispatch(send(call, &session, binding.as_deref()).await) });
                Ok(())
            }
            Effect::Post(message) => self.bridge.post(message).map(drop),
            Effect::SchedulePoll(ms) => {
                self.poll = Some(Timeout::new(ms, || dispatch(Event::PollDue)));
                Ok(())
            }
            Effect::PostAfterPaint(message) => {
                let bridge = self.bridge.clone();
                after_paint(move || {
                    if let Err(e) = bridge.post(message) {
                        warn(&e.to_string());
                    }
                });
                Ok(())
            }
        };
        if let Err(e) = shown {
            warn(&e.to_string());
        }
    }
}

/// Fetches the session's locale (en-US is built in), switches the page to it and reports
/// the locale actually spoken.
async fn load_locale(code: LocaleCode, doc: web_sys::Document, view: Rc<View>) {
    let ftl = match code {
        LocaleCode::EN_US => None,
        // Under the shell's build prefix (immutable, cached across sessions); plain without one.
        _ => match api::get_text(&format!("{}/locales/{code}/capture.ftl", meta(&doc, "capture-static").unwrap_or_default())).await {
            Ok(text) => Some(text),
            Err(e) => {
                warn(&e.to_string());
                None
            }
        },
    };
    let loc = Rc::new(Localizer::new(code, ftl.as_deref()));
    for e in loc.errors() {
        warn(&e);
    }
    i18n::apply_to_document(&doc, &loc);
    if let Err(e) = view.set_localizer(loc.clone()) {
        warn(&e.to_string());
    }
    dispatch(Event::Localized { locale: loc.locale(), dir: loc.dir() });
}

/// Loads or creates the session's key, keeps it for the calls and reports its public half.
async fn load_key(session: SessionId) {
    let event = match Binding::load_or_create(&session).await {
        Ok(binding) => {
            if !binding.is_persisted() {
                // Expected in cross-site iframes: the partitioned binding cookie carries a reload.
                web_sys::console::info_1(&"capture-frame: storage refused, session key kept in memory".into());
            }
            let jwk = binding.public_jwk().clone();
            APP.with(|a| a.borrow_mut().as_mut().map(|a| a.binding = Some(Rc::new(binding))));
            Event::KeyReady(jwk)
        }
        Err(e) => {
            warn(&e.to_string());
            Event::KeyFailed
        }
    };
    dispatch(event);
}

/// Makes one server call and says how it went, as the event the page handles next.
pub async fn send(call: Call, session: &SessionId, binding: Option<&Binding>) -> Event {
    // Every call is signed; without a key the server would refuse it.
    let Some(binding) = binding else {
        let refused = CallFailure::Api(ApiCode::InvalidProof);
        return match call {
            Call::Mount(_) => Event::MountFailed(MountFailure::Other(ApiCode::InvalidProof.name())),
            Call::Submit(_) => Event::SubmitFailed(refused),
            Call::Cancel => Event::CancelFailed(refused),
            Call::Status => Event::PollFailed(refused),
        };
    };
    match call {
        Call::Mount(request) => match api::mount(session, binding, &request).await {
            Ok(resp) => {
                crate::appearance::apply_session(resp.appearance);
                Event::Mounted(Box::new(resp))
            }
            Err(e) => Event::MountFailed(MountFailure::from_error(&e)),
        },
        Call::Submit(submission) => match api::submit(session, binding, &submission).await {
            Ok(outcome) => Event::Submitted(outcome),
            Err(e) => Event::SubmitFailed(CallFailure::from_error(&e)),
        },
        Call::Cancel => match api::cancel(session, binding).await {
            Ok(r) if r.status == SessionStatus::Canceled => Event::Canceled,
            // Ended some other way meanwhile (completed, terminated): not ours to call canceled.
            Ok(_) => Event::CancelFailed(CallFailure::Api(ApiCode::SessionNotActive)),
            Err(e) => Event::CancelFailed(CallFailure::from_error(&e)),
        },
        Call::Status => match api::status(session, binding).await {
            Ok(decision) => Event::Polled(decision),
            Err(e) => Event::PollFailed(CallFailure::from_error(&e)),
        },
    }
}

/// Runs `f` after the next paint: the first animation frame is before it, the second after.
fn after_paint(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else { return };
    let w = window.clone();
    let second = Closure::once_into_js(f);
    let first = Closure::once_into_js(move || {
        let _ = w.request_animation_frame(second.unchecked_ref());
    });
    let _ = window.request_animation_frame(first.unchecked_ref());
}

/// Tells the parent the content height: at once after every screen change, and whenever it
/// changes otherwise (a [`ResizeWatch`]).
pub struct Resizer {
    html: web_sys::Element,
    last: Cell<u32>,
    post: Box<dyn Fn(u32) -> bool>,
}

impl Resizer {
    /// `post` sends a height and says whether it reached the parent (none before mount in Firefox).
    pub fn new(doc: &web_sys::Document, post: impl Fn(u32) -> bool + 'static) -> Option<Rc<Self>> {
        Some(Rc::new(Self { html: doc.document_element()?, last: Cell::new(0), post: Box::new(post) }))
    }

    /// Measures now (the browser lays out first) and posts the height if it changed.
    pub fn update(&self) {
        // The root element's box, not its scrollHeight: scrollHeight never drops below the
        // iframe's current height, so the frame could grow but never shrink.
        let height = self.html.get_bounding_client_rect().height().ceil().max(0.0) as u32;
        if height != self.last.get() && (self.post)(height) {
            self.last.set(height);
        }
    }
}

/// Runs the [`Resizer`] on every size change the browser observes; stops when dropped.
struct ResizeWatch {
    resizer: Rc<Resizer>,
    observer: web_sys::ResizeObserver,
    _callback: Closure<dyn FnMut(js_sys::Array)>,
}

impl ResizeWatch {
    fn new(doc: &web_sys::Document, bridge: Rc<Bridge>) -> Option<Self> {
        let resizer = Resizer::new(doc, move |height| matches!(bridge.post(FrameMessage::Resize { height }), Ok(true)))?;
        let r = resizer.clone();
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(move |_| r.update());
        let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
        observer.observe(&resizer.html);
        Some(Self { resizer, observer, _callback: callback })
    }
}

impl Drop for ResizeWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_fragment_and_window() {
        let id = "5cf34a7d-25b6-4400-b19d-53a171d324e1";
        assert_eq!(session_id_from_path(&format!("/session/{id}")).unwrap().as_str(), id);
        assert_eq!(session_id_from_path(&format!("/session/{id}/")).unwrap().as_str(), id);
        assert!(session_id_from_path("/session/nope").is_none());
        assert!(session_id_from_path(&format!("/other/{id}")).is_none());
        assert_eq!(token_from_fragment("#t=abc_-1").as_deref(), Some("abc_-1"));
        assert_eq!(token_from_fragment("#x=1&t=tok").as_deref(), Some("tok"));
        assert_eq!(token_from_fragment("#t="), None);
        assert_eq!(token_from_fragment(""), None);
        assert_eq!(mount_window_ms("1030", "1000"), 30_000);
        assert_eq!(mount_window_ms("990", "1000"), CLOSED_WINDOW_GRACE_MS);
        assert_eq!(mount_window_ms("0", "1000"), CLOSED_WINDOW_GRACE_MS);
        assert_eq!(mount_window_ms("{{MOUNT_EXPIRES_AT}}", "{{SERVER_TIME}}"), DEFAULT_MOUNT_WINDOW_MS);
    }
}
