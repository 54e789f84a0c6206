use capture_protocol::api::ErrorData;
use capture_protocol::LocaleCode;
use wasm_bindgen::JsValue;

/// Everything that can go wrong in the page. None of it panics: the page turns each into a
/// screen (and, where DESIGN.md says so, a message to the parent).
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// A translation problem; the message falls back to en-US and the page goes on.
    #[error("{locale}: {detail}")]
    Fluent { locale: LocaleCode, detail: String },
    /// A browser API refused (WebCrypto, IndexedDB, DOM).
    #[error("browser API failed: {0}")]
    Js(String),
    /// No HTTP answer at all (offline, DNS, aborted).
    #[error("network request failed: {0}")]
    Network(String),
    /// An answer that is not the envelope we expect.
    #[error("unexpected answer: {0}")]
    Decode(String),
    /// The server answered with an error code.
    #[error("server answered status {code}")]
    Api { code: u32, data: Option<ErrorData> },
}

impl From<JsValue> for FrameError {
    fn from(v: JsValue) -> Self {
        Self::Js(v.as_string().unwrap_or_else(|| format!("{v:?}")))
    }
}
