//! Every wire type parsed with serde_json: whatever parses round-trips.
//! The invariants live in `checks.rs`, shared with the corpus replay test.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| capture_protocol_fuzz::wire(data));
