//! Proves the browser test harness: real Chromium, real DOM.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn text_nodes_are_not_parsed_as_html() {
    let doc = web_sys::window().unwrap().document().unwrap();
    let el = doc.create_element("p").unwrap();
    el.append_child(&doc.create_text_node("<b>not bold</b>")).unwrap();
    doc.body().unwrap().append_child(&el).unwrap();
    assert_eq!(el.child_element_count(), 0);
    assert_eq!(el.inner_html(), "&lt;b&gt;not bold&lt;/b&gt;");
}
