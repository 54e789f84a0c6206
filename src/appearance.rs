//! The integrator's appearance, applied once at start from the URL fragment the embed wrote
//! (`#t=…&color_scheme=dark&accent=…`). Only the session's `host_uri` can frame this page (its
//! CSP's `frame-ancestors`), so only that page can choose the fragment; and what it chose goes
//! through the protocol's parser, so nothing but validated values reaches the page's CSS custom
//! properties. A refused appearance is reported on the console and nothing of it is applied.

use capture_protocol::{Appearance, ColorScheme};
use wasm_bindgen::JsCast;

/// Reads the fragment (before the mount token is taken out of it) and styles the root element.
pub fn apply(window: &web_sys::Window, doc: &web_sys::Document) {
    let Ok(hash) = window.location().hash() else { return };
    let Some(root) = doc.document_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) else { return };
    let appearance = match Appearance::from_fragment(&hash) {
        Ok(a) => a,
        Err(e) => return web_sys::console::error_1(&format!("capture-frame: {e}; the default appearance is kept").into()),
    };
    if appearance.color_scheme != ColorScheme::Auto {
        // frame.css: the palette is `light-dark()` pairs, picked by `color-scheme`.
        let _ = root.set_attribute("data-color-scheme", appearance.color_scheme.name());
    }
    let style = root.style();
    for (name, value) in appearance.properties() {
        let _ = style.set_property(name, &value);
    }
}
