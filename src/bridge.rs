//! Messages to the parent page. A message goes only to an origin the page can vouch for:
//! after mount the session's `host_uri` (and only if the browser confirms that is who embeds
//! us), before mount the browser's own record of the embedder; otherwise nowhere. Never "*".

use crate::error::FrameError;
use capture_protocol::{FrameMessage, MessageEnvelope, Origin, SessionId};
use std::cell::RefCell;
use wasm_bindgen::JsCast;

/// Where messages may go, given what is known:
/// - `framed`: whether the page runs inside a frame at all (top-level pages post nothing);
/// - `ancestor`: `location.ancestorOrigins[0]`, the browser's record of the embedder, when the
///   browser has it (Chromium, Safari; not Firefox);
/// - `parent`: the session's `host_uri` from the mount answer.
pub fn target_origin(framed: bool, ancestor: Option<&str>, parent: Option<&Origin>) -> Option<String> {
    if !framed {
        return None;
    }
    match (parent, ancestor) {
        // Before mount, only the browser's word is trustworthy.
        (None, a) => a.and_then(|a| Origin::try_from(a).ok()).map(String::from),
        // Embedded by someone else than the session's host: tell them nothing.
        (Some(p), Some(a)) if Origin::try_from(a).ok().as_ref() != Some(p) => None,
        (Some(p), _) => Some(p.as_str().to_owned()),
    }
}

/// The page's channel to its parent.
pub struct Bridge {
    session: SessionId,
    framed: bool,
    ancestor: Option<String>,
    target: RefCell<Option<String>>,
}

impl Bridge {
    /// Before mount: the session from the path, the embedder as the browser reports it.
    pub fn new(window: &web_sys::Window, session: SessionId) -> Self {
        let framed = window.parent().ok().flatten().is_some_and(|p| p != *window);
        // web-sys has no binding for `ancestorOrigins` (Firefox lacks it too), so ask for it.
        let ancestor = js_sys::Reflect::get(&window.location(), &"ancestorOrigins".into())
            .ok()
            .and_then(|v| v.dyn_into::<web_sys::DomStringList>().ok())
            .and_then(|list| list.item(0));
        let target = RefCell::new(target_origin(framed, ancestor.as_deref(), None));
        Self { session, framed, ancestor, target }
    }

    /// After mount: the session's own `host_uri` decides.
    pub fn set_parent_origin(&self, parent: &Origin) {
        *self.target.borrow_mut() = target_origin(self.framed, self.ancestor.as_deref(), Some(parent));
    }

    pub fn is_framed(&self) -> bool {
        self.framed
    }

    /// Posts `message` to the parent if there is an origin to post to; `Ok(false)` if not.
    pub fn post(&self, message: FrameMessage) -> Result<bool, FrameError> {
        let Some(origin) = self.target.borrow().clone() else { return Ok(false) };
        let parent = web_sys::window().and_then(|w| w.parent().ok().flatten()).ok_or_else(|| FrameError::Js("no parent".into()))?;
        post_to(&parent, &origin, &MessageEnvelope { session_identifier: self.session.clone(), message })?;
        Ok(true)
    }
}

/// Sends the envelope as a plain object (what a JavaScript listener destructures), addressed
/// to `origin`: the browser drops it if `target` is not at that origin.
pub fn post_to(target: &web_sys::Window, origin: &str, envelope: &MessageEnvelope) -> Result<(), FrameError> {
    target.post_message(&crate::api::to_js(envelope)?, origin).map_err(FrameError::from)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_the_page_may_post_to() {
        let host = Origin::try_from("http://localhost:8081").unwrap();
        // Top level: nobody to tell.
        assert_eq!(target_origin(false, None, Some(&host)), None);
        // Framed before mount: the browser's record, or nothing (Firefox).
        assert_eq!(target_origin(true, Some("http://localhost:8081"), None).as_deref(), Some("http://localhost:8081"));
        assert_eq!(target_origin(true, None, None), None);
        assert_eq!(target_origin(true, Some("null"), None), None);
        // Framed after mount: the host, unless the browser says someone else embeds us.
        assert_eq!(target_origin(true, None, Some(&host)).as_deref(), Some("http://localhost:8081"));
        assert_eq!(target_origin(true, Some("http://localhost:8081"), Some(&host)).as_deref(), Some("http://localhost:8081"));
        assert_eq!(target_origin(true, Some("https://evil.example"), Some(&host)), None);
    }
}
