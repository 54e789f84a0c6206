//! Validated newtypes via TryFrom<&str> (and Origin::of_url, SessionId::from_random_bytes).
//! The invariants live in `checks.rs`, shared with the corpus replay test.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| capture_protocol_fuzz::ids(data));
