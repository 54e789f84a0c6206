//! Everything the person sees, built with DOM calls. Text only ever enters as text nodes
//! (`textContent`), never as HTML, so nothing a server or integrator sends can become markup.
//! The view knows nothing of the dispatcher: controls report through an [`Emit`] callback.

use crate::error::FrameError;
use crate::form::{self, Field};
use crate::i18n::Localizer;
use crate::page::{Event, Outcome};
use capture_protocol::frame_api::{AccountSubmission, AccountType};
use capture_protocol::FundingDestination;
use gloo_events::EventListener;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlButtonElement, HtmlElement, HtmlInputElement};

/// How controls report what the person did.
pub type Emit = Rc<dyn Fn(Event)>;

/// The page's root and live region, and whatever screen is up.
pub struct View {
    doc: Document,
    root: Element,
    live: Element,
    loc: RefCell<Rc<Localizer>>,
    form: RefCell<Option<FormView>>,
    /// Listeners of the current result screen; replaced with the screen.
    screen_listeners: RefCell<Vec<EventListener>>,
}

impl View {
    /// Uses `#app` and `#live` from session.html, creating them when absent (tests).
    pub fn attach(doc: &Document, loc: Rc<Localizer>) -> Result<View, FrameError> {
        let body = doc.body().ok_or_else(|| FrameError::Js("no body".into()))?;
        let find_or_make = |id: &str, tag: &str| -> Result<Element, FrameError> {
            if let Some(e) = doc.get_element_by_id(id) {
                return Ok(e);
            }
            let e = doc.create_element(tag)?;
            e.set_id(id);
            body.append_child(&e)?;
            Ok(e)
        };
        let root = find_or_make("app", "main")?;
        let live = find_or_make("live", "div")?;
        live.set_attribute("aria-live", "polite")?;
        live.set_class_name("sr-only");
        let view = View { doc: doc.clone(), root, live, loc: RefCell::new(loc), form: RefCell::new(None), screen_listeners: RefCell::new(Vec::new()) };
        view.label_page()?;
        Ok(view)
    }

    /// Switches language: later screens use `loc`.
    pub fn set_localizer(&self, loc: Rc<Localizer>) -> Result<(), FrameError> {
        *self.loc.borrow_mut() = loc;
        self.label_page()
    }

    pub fn localizer(&self) -> Rc<Localizer> {
        self.loc.borrow().clone()
    }

    /// Title, and the loading spinner's name while it is up.
    fn label_page(&self) -> Result<(), FrameError> {
        let loc = self.localizer();
        self.doc.set_title(&loc.text("page-title"));
        if let Some(spinner) = self.root.query_selector(".spinner")? {
            spinner.set_attribute("aria-label", &loc.text("loading"))?;
        }
        Ok(())
    }

    /// Says `text` through the polite live region.
    pub fn announce(&self, text: &str) {
        self.live.set_text_content(Some(text));
    }

    pub fn announce_id(&self, id: &str) {
        self.announce(&self.localizer().text(id));
    }

    fn el(&self, tag: &str, attrs: &[(&str, &str)], text: Option<&str>) -> Result<Element, FrameError> {
        let e = self.doc.create_element(tag)?;
        for (k, v) in attrs {
            e.set_attribute(k, v)?;
        }
        if let Some(t) = text {
            e.set_text_content(Some(t));
        }
        Ok(e)
    }

    fn clear(&self) {
        self.form.borrow_mut().take();
        self.screen_listeners.borrow_mut().clear();
        self.root.set_text_content(None);
        let _ = self.root.remove_attribute("aria-busy");
    }

    /// Builds the form for the session's destinations (the first one selected): the method
    /// choice, a section of fields per destination, the actions with the cancel confirmation,
    /// then the listeners that tie them to the page.
    pub fn show_form(&self, destinations: &[FundingDestination], emit: Emit) -> Result<(), FrameError> {
        self.clear();
        let loc = self.localizer();
        let first = *destinations.first().ok_or_else(|| FrameError::Decode("no funding destination".into()))?;
        let heading = self.el("h1", &[("tabindex", "-1")], Some(&loc.text("page-title")))?;
        let note = self.el("p", &[("class", "note")], Some(&loc.text("secure-note")))?;
        let form_el = self.el("form", &[("novalidate", "")], None)?;
        let choice = self.method_choice(destinations, first, &loc)?;
        if let Some((set, _)) = &choice {
            form_el.append_child(set)?;
        }
        let fields = self.field_sections(destinations, first, &loc)?;
        for (_, section) in &fields.sections {
            form_el.append_child(section)?;
        }
        let controls = self.controls(&loc)?;
        form_el.append_with_node_3(&fields.postal, &controls.actions, &controls.confirm)?;
        let mut listeners = Vec::new();
        let parts = Rc::new(Parts {
            loc,
            live: self.live.clone(),
            inputs: fields.inputs,
            method: Cell::new(first),
            savings: fields.savings,
            brand: fields.brand,
            submit: controls.submit,
            cancel: controls.cancel.clone(),
            actions: controls.actions,
            confirm: controls.confirm,
            no: controls.no.clone(),
        });
        parts.listen(&mut listeners);
        for (d, radio) in choice.map(|(_, radios)| radios).unwrap_or_default() {
            let (p, sections) = (parts.clone(), fields.sections.clone());
            listeners.push(EventListener::new(&radio, "change", move |_| {
                p.method.set(d);
                for (sd, s) in &sections {
                    let _ = s.toggle_attribute_with_force("hidden", *sd != d);
                }
            }));
        }
        wire_controls(&parts, &form_el, &controls.cancel, &controls.yes, &controls.no, emit, &mut listeners);
        // Into the document only now, with every handler attached: no submit can reach a form
        // that would let the browser navigate.
        self.root.append_with_node_3(&heading, &note, &form_el)?;
        *self.form.borrow_mut() = Some(FormView { parts, _listeners: listeners });
        Ok(())
    }

    /// The "how would you like to get paid?" radios, when there is more than one way.
    fn method_choice(&self, destinations: &[FundingDestination], first: FundingDestination, loc: &Localizer) -> Result<Option<(Element, Vec<(FundingDestination, HtmlInputElement)>)>, FrameError> {
        if destinations.len() < 2 {
            return Ok(None);
        }
        let set = self.el("fieldset", &[("class", "methods")], None)?;
        set.append_child(self.el("legend", &[], Some(&loc.text("method-legend")))?.as_ref())?;
        let mut radios = Vec::new();
        for d in destinations {
            let label_id = match d {
                FundingDestination::Debit => "method-debit",
                FundingDestination::Ach => "method-ach",
            };
            let (label, radio) = self.radio("method", d.as_str(), &loc.text(label_id), *d == first)?;
            set.append_child(&label)?;
            radios.push((*d, radio));
        }
        Ok(Some((set, radios)))
    }

    /// A section of fields per destination (all but the first hidden) and the shared postal code.
    fn field_sections(&self, destinations: &[FundingDestination], first: FundingDestination, loc: &Localizer) -> Result<FieldSections, FrameError> {
        let (mut sections, mut inputs, mut savings, mut brand) = (Vec::new(), Vec::new(), None, None);
        for d in destinations {
            let section = self.el("div", &[("class", "group"), ("id", &format!("group-{}", d.as_str().to_ascii_lowercase()))], None)?;
            section.toggle_attribute_with_force("hidden", *d != first)?;
            let fields: &[Field] = match d {
                FundingDestination::Debit => &Field::DEBIT,
                FundingDestination::Ach => &Field::ACH,
            };
            for f in fields {
                let (wrap, input) = self.field(*f, loc)?;
                section.append_child(&wrap)?;
                if *f == Field::CardNumber {
                    let b = self.el("p", &[("class", "brand"), ("id", "card-brand")], None)?;
                    wrap.append_child(&b)?;
                    brand = Some(b);
                }
                if *f == Field::AccountConfirm {
                    let set = self.el("fieldset", &[("class", "account-type")], None)?;
                    set.append_child(self.el("legend", &[], Some(&loc.text("account-type-legend")))?.as_ref())?;
                    let (l1, _) = self.radio("account_type", "checking", &loc.text("account-type-checking"), true)?;
                    let (l2, s) = self.radio("account_type", "savings", &loc.text("account-type-savings"), false)?;
                    set.append_with_node_2(&l1, &l2)?;
                    section.append_child(&set)?;
                    savings = Some(s);
                }
                inputs.push(input);
            }
            sections.push((*d, section));
        }
        let (postal, input) = self.field(Field::Postal, loc)?;
        inputs.push(input);
        Ok(FieldSections { sections, inputs, savings, brand, postal })
    }

    /// Submit and cancel, and the inline cancel confirmation (hidden).
    fn controls(&self, loc: &Localizer) -> Result<Controls, FrameError> {
        // The buttons' `name`s are the page contract QA suites click by, in any language (README).
        let actions = self.el("div", &[("class", "actions")], None)?;
        let submit: HtmlButtonElement = self.el("button", &[("type", "submit")], Some(&loc.text("submit")))?.unchecked_into();
        let cancel: HtmlButtonElement = self.el("button", &[("type", "button"), ("name", "cancel"), ("class", "secondary")], Some(&loc.text("cancel")))?.unchecked_into();
        actions.append_with_node_2(&submit, &cancel)?;
        let confirm = self.el("div", &[("class", "confirm"), ("role", "group"), ("aria-labelledby", "confirm-title"), ("hidden", "")], None)?;
        let confirm_title = self.el("h2", &[("id", "confirm-title")], Some(&loc.text("cancel-confirm-title")))?;
        let confirm_body = self.el("p", &[], Some(&loc.text("cancel-confirm-body")))?;
        let yes: HtmlButtonElement = self.el("button", &[("type", "button"), ("name", "cancel_confirm"), ("class", "danger")], Some(&loc.text("cancel-confirm-yes")))?.unchecked_into();
        let no: HtmlButtonElement = self.el("button", &[("type", "button"), ("name", "cancel_abort")], Some(&loc.text("cancel-confirm-no")))?.unchecked_into();
        let confirm_actions = self.el("div", &[("class", "actions")], None)?;
        confirm_actions.append_with_node_2(&yes, &no)?;
        confirm.append_with_node_3(&confirm_title, &confirm_body, &confirm_actions)?;
        Ok(Controls { actions, submit, cancel, confirm, yes, no })
    }

    fn radio(&self, name: &str, value: &str, text: &str, checked: bool) -> Result<(Element, HtmlInputElement), FrameError> {
        let label = self.el("label", &[("class", "choice")], None)?;
        let input: HtmlInputElement = self.el("input", &[("type", "radio"), ("name", name), ("value", value)], None)?.unchecked_into();
        input.set_checked(checked);
        label.append_child(&input)?;
        label.append_child(&self.doc.create_text_node(text))?;
        Ok((label, input))
    }

    fn field(&self, f: Field, loc: &Localizer) -> Result<(Element, Input), FrameError> {
        let spec = f.spec();
        let wrap = self.el("div", &[("class", "field")], None)?;
        wrap.append_child(self.el("label", &[("for", spec.id)], Some(&loc.text(spec.label)))?.as_ref())?;
        let input: HtmlInputElement = self.el("input", &[("id", spec.id), ("name", spec.name), ("type", "text"), ("spellcheck", "false")], None)?.unchecked_into();
        if let Some(a) = spec.autocomplete {
            input.set_attribute("autocomplete", a)?;
        }
        if spec.numeric {
            input.set_attribute("inputmode", "numeric")?;
        }
        let hint = match spec.hint {
            Some(h) => {
                let id = format!("{}-hint", spec.id);
                wrap.append_child(self.el("p", &[("class", "hint"), ("id", &id)], Some(&loc.text(h)))?.as_ref())?;
                input.set_attribute("aria-describedby", &id)?;
                Some(id)
            }
            None => None,
        };
        let error = self.el("p", &[("class", "error"), ("id", &format!("{}-error", spec.id)), ("hidden", "")], None)?;
        wrap.append_with_node_2(&input, &error)?;
        Ok((wrap, Input { field: f, el: input, error, hint }))
    }

    /// Progress while a call is out: the form is inert, the button says what is happening.
    pub fn set_busy(&self, busy: bool) {
        if let Some(f) = self.form.borrow().as_ref() {
            let p = &f.parts;
            p.submit.set_disabled(busy);
            p.cancel.set_disabled(busy);
            p.submit.set_text_content(Some(&if busy { p.loc.text("submitting") } else { p.loc.text("submit") }));
            let _ = if busy { self.root.set_attribute("aria-busy", "true") } else { self.root.remove_attribute("aria-busy") };
            if busy {
                self.announce(&p.loc.text("submitting"));
            }
        }
    }

    /// Opens or closes the inline cancel confirmation, moving focus sensibly.
    pub fn show_confirm(&self, open: bool) {
        if let Some(f) = self.form.borrow().as_ref() {
            let p = &f.parts;
            let _ = p.confirm.toggle_attribute_with_force("hidden", !open);
            let _ = p.actions.toggle_attribute_with_force("hidden", open);
            let _ = if open { p.no.focus() } else { p.cancel.focus() };
        }
    }

    /// The server's verdict on one field (`invalid_account`), shown like the page's own.
    pub fn server_field_error(&self, param: &str, reason: Option<&str>) {
        if let Some(f) = self.form.borrow().as_ref() {
            let p = &f.parts;
            match Field::from_param(param, p.method.get()).and_then(|field| p.inputs.iter().find(|i| i.field == field)) {
                Some(input) => {
                    let id = form::server_error_id(input.field, reason);
                    p.show_error(input, Some(&p.loc.text(id)));
                    let _ = input.el.focus();
                    p.live.set_text_content(Some(&p.loc.count("error-summary", "count", 1)));
                }
                None => p.live.set_text_content(Some(&p.loc.text("network-error"))),
            }
        }
    }

    /// A result screen: heading focused and announced, the try-again button where it helps,
    /// and for a top-level page the way back to the integrator when it gave one.
    pub fn show_result(&self, outcome: &Outcome, framed: bool, return_url: Option<&str>, emit: Emit) -> Result<(), FrameError> {
        self.clear();
        let loc = self.localizer();
        let (title, body) = match outcome {
            Outcome::Success { funding_destination, last4 } => {
                let body = match funding_destination {
                    FundingDestination::Debit => "success-card",
                    FundingDestination::Ach => "success-bank",
                };
                ("success-title", loc.with_str(body, "last4", last4))
            }
            Outcome::Reviewing { last4 } => ("review-title", loc.with_str("review-body", "last4", last4)),
            Outcome::Stopped => ("stopped-title", loc.text("stopped-body")),
            Outcome::VerificationFailed { .. } => ("verification-failed-title", loc.text("verification-failed-body")),
            Outcome::MaxAttempts => ("max-attempts-title", loc.text("max-attempts-body")),
            Outcome::TerminalFailure => ("terminal-failure-title", loc.text("terminal-failure-body")),
            Outcome::Canceled => ("canceled-title", loc.text("canceled-body")),
            // Framed, the page that embeds us issues a fresh form when it loads again.
            Outcome::Expired => ("expired-title", loc.text(if framed { "expired-body-embedded" } else { "expired-body" })),
            Outcome::BoundToOtherDevice => ("bound-title", loc.text("bound-body")),
            Outcome::NotMountable => ("not-mountable-title", loc.text("not-mountable-body")),
            Outcome::Error => ("terminal-failure-title", loc.text("network-error")),
        };
        let kind = if matches!(outcome, Outcome::Success { .. }) { "result success" } else { "result" };
        let section = self.el("section", &[("class", kind)], None)?;
        let title = loc.text(title);
        let heading = self.el("h1", &[("tabindex", "-1")], Some(&title))?;
        section.append_with_node_2(&heading, self.el("p", &[], Some(&body))?.as_ref())?;
        if matches!(outcome, Outcome::Reviewing { .. }) {
            // The heading says what is happening; the spinner only shows it is still going.
            section.append_child(self.el("div", &[("class", "spinner"), ("aria-hidden", "true")], None)?.as_ref())?;
        }
        if let Outcome::VerificationFailed { attempts_remaining } = outcome {
            section.append_child(self.el("p", &[("class", "attempts")], Some(&loc.count("attempts-remaining", "attempts", *attempts_remaining)))?.as_ref())?;
            // Only the parent can issue a fresh URL, so the button exists only when framed.
            if framed {
                let button = self.el("button", &[("type", "button"), ("name", "try_again")], Some(&loc.text("try-again")))?;
                section.append_child(&button)?;
                self.screen_listeners.borrow_mut().push(EventListener::new(&button, "click", move |_| emit(Event::RetryPressed)));
            }
        }
        if let Some((url, host)) = return_url.filter(|_| !framed).and_then(https_host) {
            let link = self.el("a", &[("class", "button"), ("href", url)], Some(&loc.with_str("return-button", "host", host)))?;
            section.append_child(&link)?;
        }
        self.root.append_child(&section)?;
        self.announce(&title);
        heading.unchecked_into::<HtmlElement>().focus()?;
        Ok(())
    }
}

/// A return URL the page will link to: https only (never `javascript:`), with its host.
fn https_host(url: &str) -> Option<(&str, &str)> {
    let rest = url.strip_prefix("https://")?;
    let host = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    (!host.is_empty()).then_some((url, host))
}

/// The form's fields, built per destination.
struct FieldSections {
    sections: Vec<(FundingDestination, Element)>,
    inputs: Vec<Input>,
    savings: Option<HtmlInputElement>,
    brand: Option<Element>,
    postal: Element,
}

/// The form's buttons and its cancel confirmation.
struct Controls {
    actions: Element,
    submit: HtmlButtonElement,
    cancel: HtmlButtonElement,
    confirm: Element,
    yes: HtmlButtonElement,
    no: HtmlButtonElement,
}

/// What the person does with the form, as events: submit (once it validates), cancel, the
/// confirmation's answers and Escape to close it.
fn wire_controls(parts: &Rc<Parts>, form_el: &Element, cancel: &HtmlButtonElement, yes: &HtmlButtonElement, no: &HtmlButtonElement, emit: Emit, listeners: &mut Vec<EventListener>) {
    let (p, e) = (parts.clone(), emit.clone());
    listeners.push(EventListener::new_with_options(form_el, "submit", gloo_events::EventListenerOptions::enable_prevent_default(), move |ev| {
        ev.prevent_default();
        if let Some(sub) = p.try_submit() {
            e(Event::Submit(sub));
        }
    }));
    let e = emit.clone();
    listeners.push(EventListener::new(cancel, "click", move |_| e(Event::CancelPressed)));
    let e = emit.clone();
    listeners.push(EventListener::new(yes, "click", move |_| e(Event::CancelConfirmed)));
    let e = emit.clone();
    listeners.push(EventListener::new(no, "click", move |_| e(Event::CancelAborted)));
    listeners.push(EventListener::new(&parts.confirm, "keydown", move |ev| {
        if ev.dyn_ref::<web_sys::KeyboardEvent>().is_some_and(|k| k.key() == "Escape") {
            emit(Event::CancelAborted);
        }
    }));
}

/// The built form; dropping it removes its listeners.
struct FormView {
    parts: Rc<Parts>,
    _listeners: Vec<EventListener>,
}

struct Input {
    field: Field,
    el: HtmlInputElement,
    error: Element,
    hint: Option<String>,
}

/// What the form's listeners share.
struct Parts {
    loc: Rc<Localizer>,
    live: Element,
    inputs: Vec<Input>,
    method: Cell<FundingDestination>,
    savings: Option<HtmlInputElement>,
    brand: Option<Element>,
    submit: HtmlButtonElement,
    cancel: HtmlButtonElement,
    actions: Element,
    confirm: Element,
    no: HtmlButtonElement,
}

impl Parts {
    fn listen(self: &Rc<Self>, listeners: &mut Vec<EventListener>) {
        for input in &self.inputs {
            let field = input.field;
            let p = self.clone();
            listeners.push(EventListener::new(&input.el, "blur", move |_| p.check_on_blur(field)));
            let p = self.clone();
            listeners.push(EventListener::new(&input.el, "input", move |ev| {
                match field {
                    Field::CardNumber => p.card_typed(),
                    Field::Expiry => {
                        let deleting = ev.dyn_ref::<web_sys::InputEvent>().is_some_and(|i| i.input_type().starts_with("delete"));
                        if let Some(i) = p.input(Field::Expiry) {
                            i.el.set_value(&form::format_expiry(&i.el.value(), deleting));
                        }
                    }
                    _ => {}
                }
                p.clear_when_fixed(field);
            }));
        }
    }

    fn input(&self, f: Field) -> Option<&Input> {
        self.inputs.iter().find(|i| i.field == f)
    }

    fn value(&self, f: Field) -> String {
        self.input(f).map(|i| i.el.value()).unwrap_or_default()
    }

    fn card_typed(&self) {
        let Some(i) = self.input(Field::CardNumber) else { return };
        let caret = i.el.selection_start().ok().flatten().unwrap_or(0) as usize;
        let old = i.el.value();
        // The caret is in UTF-16 units; the field holds digits and spaces, so they agree.
        let (new, caret) = form::format_card(&old, caret);
        if new != old {
            i.el.set_value(&new);
            let _ = i.el.set_selection_range(caret as u32, caret as u32);
        }
        if let Some(b) = &self.brand {
            let text = form::brand_of(&new).map(|brand| self.loc.with_str("card-brand", "brand", brand.display_name()));
            b.set_text_content(text.as_deref());
        }
    }

    /// Validates a field the person leaves, unless it was never filled (tabbing through an
    /// empty form should not paint it red); an error already shown is always re-checked.
    fn check_on_blur(&self, f: Field) {
        let Some(i) = self.input(f) else { return };
        let shown = i.el.get_attribute("aria-invalid").is_some();
        if i.el.value().trim().is_empty() && !shown {
            return;
        }
        let result = form::validate(f, &i.el.value(), &self.value(Field::Account), today());
        self.show_error(i, result.err().map(|id| self.loc.text(id)).as_deref());
        if f == Field::Account && !self.value(Field::AccountConfirm).is_empty() {
            self.check_on_blur(Field::AccountConfirm);
        }
    }

    /// Takes an error away as soon as the typing fixes it. Done while typing rather than on
    /// blur: an error vanishing on blur moves the button under a pointer mid-click.
    fn clear_when_fixed(&self, f: Field) {
        let Some(i) = self.input(f) else { return };
        if i.el.get_attribute("aria-invalid").is_some() && form::validate(f, &i.el.value(), &self.value(Field::Account), today()).is_ok() {
            self.show_error(i, None);
        }
    }

    /// Shows (`Some`) or clears (`None`) a field's error, wiring `aria-invalid` and
    /// `aria-describedby` so a screen reader reads the error with the field.
    fn show_error(&self, i: &Input, text: Option<&str>) {
        let error_id = i.error.id();
        let described: Vec<&str> = i.hint.as_deref().into_iter().chain(text.map(|_| error_id.as_str())).collect();
        let _ = match text {
            Some(t) => {
                i.error.set_text_content(Some(t));
                i.el.set_attribute("aria-invalid", "true")
            }
            None => i.el.remove_attribute("aria-invalid"),
        };
        let _ = i.error.toggle_attribute_with_force("hidden", text.is_none());
        let _ = if described.is_empty() { i.el.remove_attribute("aria-describedby") } else { i.el.set_attribute("aria-describedby", &described.join(" ")) };
    }

    /// Validates every field of the chosen destination: the submission, or errors shown, the
    /// count announced and focus on the first invalid field.
    fn try_submit(&self) -> Option<AccountSubmission> {
        let account_type = if self.savings.as_ref().is_some_and(HtmlInputElement::checked) { AccountType::Savings } else { AccountType::Checking };
        let dest = self.method.get();
        match form::submission(dest, |f| self.value(f), account_type, today()) {
            Ok(sub) => {
                for f in Field::for_destination(dest) {
                    if let Some(i) = self.input(f) {
                        self.show_error(i, None);
                    }
                }
                Some(sub)
            }
            Err(bad) => {
                for f in Field::for_destination(dest) {
                    if let Some(i) = self.input(f) {
                        let id = bad.iter().find(|(b, _)| *b == f).map(|(_, id)| *id);
                        self.show_error(i, id.map(|id| self.loc.text(id)).as_deref());
                    }
                }
                self.live.set_text_content(Some(&self.loc.count("error-summary", "count", bad.len() as u32)));
                if let Some(first) = bad.first().and_then(|(f, _)| self.input(*f)) {
                    let _ = first.el.focus();
                }
                None
            }
        }
    }
}

/// (year, month) by the browser's clock, for the expiry check.
fn today() -> (u16, u8) {
    let d = js_sys::Date::new_0();
    (d.get_full_year() as u16, d.get_month() as u8 + 1)
}
