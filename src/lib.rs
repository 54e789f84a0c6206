//! capture-frame: the hosted payout-account capture page (feature `frame`) and the
//! parent-page embed API (feature `embed`), compiled to WebAssembly.

/// The integrator's colour scheme, accent, radius and font, from the fragment the embed wrote.
#[cfg(feature = "frame")]
pub mod appearance;
/// Fetch calls to `/frame/v1/…`; envelopes, bodies and messages through serde-wasm-bindgen.
#[cfg(feature = "frame")]
pub mod api;
/// The browser's non-extractable WebCrypto key, its IndexedDB home and the proofs it signs.
#[cfg(feature = "frame")]
pub mod binding;
/// postMessage to the parent page, only ever to the session's origin.
#[cfg(feature = "frame")]
pub mod bridge;
/// The parent-page API: creates the iFrame, accepts only its messages, re-issues URLs.
#[cfg(feature = "embed")]
pub mod embed;
/// The one error type of the crate.
#[cfg(feature = "frame")]
pub mod error;
/// The form's fields: formatting as typed, validation into message ids, the submission.
#[cfg(feature = "frame")]
pub mod form;
/// Fluent bundles: the session's locale over embedded en-US, number formatting, lang/dir.
#[cfg(feature = "frame")]
pub mod i18n;
/// The page's states, events and effects, and the pure transition between them.
#[cfg(feature = "frame")]
pub mod page;
/// The runtime: start-up (path, fragment, guard timer) and the dispatcher that performs effects.
#[cfg(feature = "frame")]
pub mod runtime;
/// DOM building: the form, the result screens, the live region.
#[cfg(feature = "frame")]
pub mod view;

// Single-threaded wasm: the assumption lol_alloc's wrapper asks us to vouch for holds.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOC: lol_alloc::AssumeSingleThreaded<lol_alloc::FreeListAllocator> =
    // SAFETY: wasm32-unknown-unknown without the atomics feature has exactly one thread.
    unsafe { lol_alloc::AssumeSingleThreaded::new(lol_alloc::FreeListAllocator::new()) };
