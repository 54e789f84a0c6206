//! The integrator's appearance: the one the embed wrote into the URL fragment
//! (`#t=…&color_scheme=dark&accent=…`), applied once at start, laid option by option over the
//! session's own (`appearance` at create, in the mount answer) once that arrives. Only the
//! session's `host_uri` can frame this page (its CSP's `frame-ancestors`), so only that page can
//! choose the fragment; and both go through the protocol's parser, so nothing but validated
//! values reaches the page's CSS custom properties. A refused fragment appearance is reported on
//! the console and nothing of it is applied.

use capture_protocol::{Appearance, ColorScheme};
use std::cell::Cell;
use wasm_bindgen::JsCast;

thread_local! {
    /// The fragment's appearance, kept for the mount answer: the fragment is gone by then.
    static FRAGMENT: Cell<Appearance> = Cell::new(Appearance::default());
}

/// Reads the fragment (before the mount token is taken out of it) and styles the root element.
pub fn apply(window: &web_sys::Window, doc: &web_sys::Document) {
    let Ok(hash) = window.location().hash() else { return };
    let appearance = match Appearance::from_fragment(&hash) {
        Ok(a) => a,
        Err(e) => return web_sys::console::error_1(&format!("capture-frame: {e}; the default appearance is kept").into()),
    };
    FRAGMENT.with(|f| f.set(appearance));
    style(doc, appearance);
}

/// The session's appearance from the mount answer, under the fragment's (the embed's wins).
pub fn apply_session(session: Appearance) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    style(&doc, FRAGMENT.with(Cell::get).over(session));
}

fn style(doc: &web_sys::Document, appearance: Appearance) {
    let Some(root) = doc.document_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) else { return };
    if appearance.color_scheme != ColorScheme::Auto {
        // frame.css: the palette is `light-dark()` pairs, picked by `color-scheme`.
        let _ = root.set_attribute("data-color-scheme", appearance.color_scheme.name());
    }
    let style = root.style();
    for (name, value) in appearance.properties() {
        let _ = style.set_property(name, &value);
    }
}
