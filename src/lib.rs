//! capture-frame: the hosted payout-account capture page (feature `frame`) and the
//! parent-page embed API (feature `embed`), compiled to WebAssembly.
